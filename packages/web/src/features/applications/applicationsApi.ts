/** Queries of the applications module: household coverage, the written decision; opening a case of any type. */
import { useQuery } from '@tanstack/react-query'
import type { RaiseResult as RaiseResultSchema } from '@xianjie/server/contract'
import type { z } from 'zod'
import { api } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'
import type { CaseDetail } from '../workflow/workflowApi.ts'

export const PROGRAMMES = ['DIBAO_APPLY', 'TEKUN_APPLY', 'TEMP_RELIEF', 'TEKUN_REASSESS', 'DIBAO_REVIEW'] as const
export type Programme = (typeof PROGRAMMES)[number]

export interface Coverage {
  personId: string
  name: string
  group: string
  since: string
  until: string | null
}

export interface DecisionNotice {
  caseId: string
  kind: 'APPROVAL' | 'REFUSAL' | 'TERMINATION' | 'CHANGE'
  title: string
  programme: string
  subjectName: string
  village: string
  township: string
  decidedOn: string | null
  lines: string[]
  reasons: string | null
  office: string
  appeal: string
}

export function useCoverage(householdId: string | undefined) {
  return useQuery({
    queryKey: ['applications', 'coverage', householdId],
    enabled: !!householdId,
    queryFn: async () =>
      (await api<Single<Coverage[]>>('/applications/coverage', { query: { householdId: householdId ?? '' } })).data,
  })
}

export function useDecisionNotice(id: string) {
  return useQuery({
    queryKey: ['applications', 'decision', id],
    queryFn: async () => (await api<Single<DecisionNotice>>(`/applications/${id}/decision`)).data,
  })
}

export interface OpenInput {
  type: Programme
  householdId: string
  personId?: string | undefined
  values: Record<string, unknown>
  comment?: string | null
}

export const openCase = async (input: OpenInput) =>
  (await api<Single<CaseDetail>>('/cases', { method: 'POST', body: input })).data

export const actOn = async (id: string, body: { event: string; version: number; values?: Record<string, unknown> }) =>
  (await api<Single<CaseDetail>>(`/cases/${id}/actions`, { method: 'POST', body })).data

/** What one run of the county's review raiser did, as the server's response schema describes it. */
export type RaiseResult = z.infer<typeof RaiseResultSchema>
export const raiseReviews = (county: string) =>
  api<Single<RaiseResult>>('/applications/reviews/raise', { method: 'POST', body: { county } })
