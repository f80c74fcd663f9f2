/**
 * The household import API (`/api/imports`): multipart upload with progress (one workbook, or the household and member
 * csv files together), the validation report, the commit (all or nothing, or only the valid households) as a
 * background job, and the report/template downloads. The shapes are those of `imports.routes.ts`.
 */
import { useQuery } from '@tanstack/react-query'
import { ApiError, api, csrfToken } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'
import i18n from '../../i18n/index.ts'

export type Severity = 'error' | 'warning' | 'info'

/** One problem found in a cell or row of the uploaded files. */
export interface ImportIssue {
  sheet: string
  /** Row in the file (header = 1). */
  row: number
  column: string | null
  value: string | null
  code: string
  severity: Severity
  message: string
  messageEn: string
}

export type CommitMode = 'all' | 'valid'

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'committing' | 'committed' | 'failed'

/** What the commit job stored on the batch. */
export interface ImportResult {
  created: number
  updated: number
  skipped: number
  invalidRows: number
}

/** `GET /api/imports/:id`: the batch, its counts and issues, and once committed the outcome. */
export interface ImportReport {
  id: string
  status: ImportStatus
  fileName: string
  totalRows: number
  validRows: number
  invalidRows: number
  households: number
  validHouseholds: number
  mode: CommitMode | null
  /** The job validating or committing the batch (its progress is on `/api/jobs/:id`). */
  jobId: string | null
  /** Why the last validation or commit failed. */
  error: string | null
  result: ImportResult | null
  issues: ImportIssue[]
  createdAt: string
}

export const importUrls = {
  template: '/api/imports/template.xlsx',
  report: (id: string) => `/api/imports/${id}/report.xlsx`,
}

/** Largest upload the server accepts by default (`XIANJIE_IMPORT_MAX_BYTES`). */
export const maxUploadMb = 50

export const busyStatuses: ReadonlySet<ImportStatus> = new Set(['uploaded', 'validating', 'committing'])

export function useImportReport(id: string | null) {
  return useQuery({
    queryKey: ['imports', id],
    queryFn: async () => (await api<Single<ImportReport>>(`/imports/${id}`)).data,
    enabled: id !== null,
    refetchInterval: (q) => (!q.state.data || busyStatuses.has(q.state.data.status) ? 1000 : false),
  })
}

/** Uploads files as one batch (multipart form data), reporting progress 0–100; resolves to the created batch. */
export function uploadImport(files: readonly File[], onProgress: (percent: number) => void): Promise<ImportReport> {
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
      let json: { data?: ImportReport; error?: { code?: string; message?: string; details?: object } }
      try {
        json = JSON.parse(xhr.responseText)
      } catch {
        json = {}
      }
      if (xhr.status >= 200 && xhr.status < 300 && json.data) {
        onProgress(100)
        resolve(json.data)
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
    for (const f of files) body.append('file', f, f.name)
    xhr.send(body)
  })
}

/** Queues the commit job; answers its id. */
export async function commitImport(id: string, mode: CommitMode): Promise<string> {
  const res = await api<Single<{ id: string; jobId: string; status: string }>>(`/imports/${id}/commit`, {
    method: 'POST',
    body: { mode },
  })
  return res.data.jobId
}
