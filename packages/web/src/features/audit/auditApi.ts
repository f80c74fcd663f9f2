/** Queries over `/api/audit`: the paged, filtered list and starting the chain verification job. */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '../../app/api.ts'
import type { AuditEvent, Job, Paged, PageQuery, Single } from '../../app/types.ts'

/** Filters of `GET /api/audit`; empty strings are left out of the request. */
export interface AuditFilter {
  /** ISO time, inclusive */
  from?: string
  /** ISO time, exclusive */
  to?: string
  action?: string
  actor?: string
  /** Region code prefix (1–12 digits) */
  region?: string
  subjectType?: string
}

export function useAuditEvents(filter: AuditFilter, paging: PageQuery) {
  return useQuery({
    queryKey: ['audit', filter, paging],
    queryFn: () => api<Paged<AuditEvent>>('/audit', { query: { ...filter, ...paging } }),
    placeholderData: keepPreviousData,
  })
}

export async function startVerify(): Promise<Job> {
  return (await api<Single<Job>>('/audit/verify', { method: 'POST' })).data
}
