/** Queries over `/api/jobs`: the paged list (polled while work is in flight) and one job (polled until it ends). */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '../../app/api.ts'
import type { Job, JobStatus, Paged, PageQuery, Single } from '../../app/types.ts'

/** Poll interval while any job is queued or running. */
export const pollMs = 2000

export const isActive = (j: Pick<Job, 'status'>) => j.status === 'queued' || j.status === 'running'

export interface JobFilter extends PageQuery {
  status?: JobStatus
}

export function useJobs(filter: JobFilter) {
  return useQuery({
    queryKey: ['jobs', filter],
    queryFn: () => api<Paged<Job>>('/jobs', { query: { ...filter } }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.data.some(isActive) ? pollMs : false),
  })
}

/** One job; polls every second until it succeeds, fails or is cancelled. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: ['jobs', 'one', id],
    queryFn: async () => (await api<Single<Job>>(`/jobs/${id}`)).data,
    enabled: id !== null,
    refetchInterval: (q) => (!q.state.data || isActive(q.state.data) ? 1000 : false),
  })
}
