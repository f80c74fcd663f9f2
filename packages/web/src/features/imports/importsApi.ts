/**
 * The household import API (`/api/imports`): multipart upload with progress, the validation report, the commit (all
 * or nothing, or only the valid rows) as a background job, and the report/template downloads. The shapes are read
 * leniently because the server module is being built alongside this page.
 */
import { useQuery } from '@tanstack/react-query'
import { ApiError, api, csrfToken } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'
import i18n from '../../i18n/index.ts'

/** One problem found in a row of the uploaded file. */
export interface ImportIssue {
  row: number
  column: string | null
  value?: string | null
  code?: string
  message: string
  messageEn?: string
}

export type CommitMode = 'all' | 'valid'

/** `GET /api/imports/:id`: the file's validation report and, once committed, the outcome. */
export interface ImportReport {
  id: string
  status: string
  fileName?: string | null
  totalRows: number
  validRows: number
  invalidRows: number
  issues: ImportIssue[]
  /** Job validating or committing the file, when one runs. */
  jobId?: string | null
  result?: { created?: number; skipped?: number; householdIds?: string[] } | null
}

export const importUrls = {
  template: '/api/imports/template.xlsx',
  report: (id: string) => `/api/imports/${id}/report.xlsx`,
}

/** Maximum upload size the page announces (the server enforces its own limit). */
export const maxUploadMb = 20

const num = (...vs: unknown[]) => {
  for (const v of vs) if (typeof v === 'number') return v
  return 0
}

/** Normalises the report the server sends (field names may differ slightly while the API settles). */
export function toReport(raw: Record<string, unknown>): ImportReport {
  const summary = (raw.summary ?? {}) as Record<string, unknown>
  const issues = (raw.issues ?? raw.errors ?? []) as Array<Record<string, unknown>>
  const invalid = num(raw.invalidRows, summary.invalidRows, summary.invalid, raw.invalid)
  const total = num(raw.totalRows, summary.totalRows, summary.total, raw.total, raw.rows)
  return {
    id: String(raw.id),
    status: String(raw.status ?? 'validated'),
    fileName: (raw.fileName ?? raw.filename ?? null) as string | null,
    totalRows: total,
    validRows: num(raw.validRows, summary.validRows, summary.valid, raw.valid, total - invalid),
    invalidRows: invalid,
    issues: issues.map((i) => ({
      row: num(i.row, i.rowNumber),
      column: (i.column ?? i.field ?? null) as string | null,
      value: (i.value ?? null) as string | null,
      code: i.code as string | undefined,
      message: String(i.message ?? ''),
      messageEn: (i.messageEn ?? undefined) as string | undefined,
    })),
    jobId: (raw.jobId ?? null) as string | null,
    result: (raw.result ?? null) as ImportReport['result'],
  }
}

const busyStatuses = new Set(['uploaded', 'queued', 'validating', 'committing', 'running'])

export function useImportReport(id: string | null) {
  return useQuery({
    queryKey: ['imports', id],
    queryFn: async () => toReport((await api<Single<Record<string, unknown>>>(`/imports/${id}`)).data),
    enabled: id !== null,
    refetchInterval: (q) => (!q.state.data || busyStatuses.has(q.state.data.status) ? 1000 : false),
  })
}

/** Uploads a file as multipart form data, reporting progress 0–100; resolves to the created import. */
export function uploadImport(file: File, onProgress: (percent: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/imports')
    xhr.withCredentials = true
    xhr.setRequestHeader('accept', 'application/json')
    xhr.setRequestHeader('accept-language', i18n.language)
    const token = csrfToken()
    if (token) xhr.setRequestHeader('x-csrf-token', token)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100))
    }
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', i18n.t('common.networkError')))
    xhr.onload = () => {
      let json: { data?: Record<string, unknown>; error?: { code?: string; message?: string; details?: object } }
      try {
        json = JSON.parse(xhr.responseText)
      } catch {
        json = {}
      }
      if (xhr.status >= 200 && xhr.status < 300 && json.data) {
        onProgress(100)
        resolve(toReport(json.data))
        return
      }
      const err = json.error
      reject(
        new ApiError(
          xhr.status,
          err?.code ?? `HTTP_${xhr.status}`,
          err?.message ?? i18n.t('common.unknownError'),
          (err?.details as Record<string, unknown>) ?? {},
        ),
      )
    }
    const body = new FormData()
    body.append('file', file, file.name)
    xhr.send(body)
  })
}

/** Starts the commit job; answers the job id (or null when the server committed synchronously). */
export async function commitImport(id: string, mode: CommitMode): Promise<string | null> {
  const res = await api<Single<Record<string, unknown>>>(`/imports/${id}/commit`, { method: 'POST', body: { mode } })
  const d = res.data
  return (d.jobId as string | undefined) ?? (typeof d.status === 'string' && 'progress' in d ? String(d.id) : null)
}
