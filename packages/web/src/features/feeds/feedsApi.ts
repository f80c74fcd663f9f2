/** The department feeds API (`/api/feeds`): sources with freshness, template downloads, file upload, unmatched queue. */
import { useQuery } from '@tanstack/react-query'
import { ApiError, api, csrfToken } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'
import i18n from '../../i18n/index.ts'

export interface Bilingual {
  zh: string
  en: string
}

export interface FeedSource {
  key: string
  dept: Bilingual
  title: Bilingual
  fields: Array<{ field: string; header: string; en: string; kind: string; required: boolean }>
  freshness: {
    lastDataDate: string | null
    lastReceivedAt: string | null
    batches: number
    rows: number
    matched: number
    unmatched: number
    matchRate: number | null
  }
}

export interface FeedIssue {
  row: number
  column: string | null
  value: string | null
  code: string
  message: string
  messageEn: string
}

export interface FeedBatch {
  id: string
  source: string
  status: 'accepted' | 'rejected'
  fileName: string | null
  totalRows: number
  matchedRows: number
  unmatchedRows: number
  skippedRows: number
  errorRows: number
  maxDataDate: string | null
  screening: { households: number; hits: number } | null
  jobId: string | null
  issues: FeedIssue[]
}

export interface Unmatched {
  id: string
  source: string
  rowNo: number
  idNumber: string
  name: string | null
  dataDate: string | null
  reason: string
  message: string
  messageEn: string
  createdAt: string
}

export const bi = (b: Bilingual | undefined) => (b ? (i18n.language.startsWith('en') ? b.en : b.zh) : '')

export function useFeedSources() {
  return useQuery({
    queryKey: ['feeds', 'sources'],
    queryFn: async () => (await api<Single<FeedSource[]>>('/feeds/sources')).data,
  })
}

export function useUnmatched() {
  return useQuery({
    queryKey: ['feeds', 'unmatched'],
    queryFn: async () => (await api<Single<Unmatched[]>>('/feeds/unmatched')).data,
  })
}

export function useFeedBatch(id: string | null) {
  return useQuery({
    queryKey: ['feeds', 'batch', id],
    queryFn: async () => (await api<Single<FeedBatch>>(`/feeds/batches/${id}`)).data,
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'accepted' && !q.state.data.screening ? 1000 : false),
  })
}

/** Uploads one file of a source (multipart); resolves to the batch report. */
export async function uploadFeed(source: string, file: File): Promise<FeedBatch> {
  const body = new FormData()
  body.append('file', file, file.name)
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language }
  const token = csrfToken()
  if (token) headers['x-csrf-token'] = token
  let res: Response
  try {
    res = await fetch(`/api/feeds/${source}/upload`, { method: 'POST', body, headers, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('common.networkError'))
  }
  const json = (await res.json().catch(() => ({}))) as {
    data?: FeedBatch
    error?: { code?: string; message?: string; details?: Record<string, unknown> }
  }
  if (res.ok && json.data) return json.data
  throw new ApiError(
    res.status,
    json.error?.code ?? `HTTP_${res.status}`,
    json.error?.message ?? i18n.t('common.unknownError'),
    json.error?.details ?? {},
  )
}
