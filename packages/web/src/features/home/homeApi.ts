/** The home page's figures (`GET /api/home/summary`) for the region in view. */
import { useQuery } from '@tanstack/react-query'
import type { HomeSummary as HomeSummarySchema } from '@xianjie/server/contract'
import type { z } from 'zod'
import { api } from '../../app/api.ts'

export type HomeSummary = z.infer<typeof HomeSummarySchema>

export function useHomeSummary(region: string) {
  return useQuery({
    queryKey: ['home', 'summary', region],
    queryFn: () => api<{ data: HomeSummary }>('/home/summary', { query: { region } }).then((r) => r.data),
  })
}
