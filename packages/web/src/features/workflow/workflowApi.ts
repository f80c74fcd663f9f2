/** Queries and actions over the shared workflow API: inbox, cases, one case with its actions, overdue report. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  CaseDetail as CaseDetailSchema,
  CaseField,
  CaseSummary as CaseSummarySchema,
  CaseType,
  InboxItem as InboxItemSchema,
  OverdueReport as OverdueReportSchema,
  PublicityBoardItem as PublicityBoardItemSchema,
} from '@xianjie/server/contract'
import type { z } from 'zod'
import { api } from '../../app/api.ts'
import type { Paged, Single } from '../../app/types.ts'
import { currentLanguage } from '../../i18n/index.ts'

export interface Text {
  zh: string
  en: string
}

/** A bilingual label in the UI language. */
export function tx(t: Text | undefined | null): string {
  if (!t) return ''
  return currentLanguage() === 'en-US' ? t.en : t.zh
}

export type FieldSpec = z.infer<typeof CaseField>
export type CaseSummary = z.infer<typeof CaseSummarySchema>
export type CaseDetail = z.infer<typeof CaseDetailSchema>
export type CaseAction = CaseDetail['actions'][number]
export type CaseTypeInfo = z.infer<typeof CaseType>
export type InboxItem = z.infer<typeof InboxItemSchema>
export type OverdueReport = z.infer<typeof OverdueReportSchema>
export type PublicityBoardItem = z.infer<typeof PublicityBoardItemSchema>

export function useCaseTypes() {
  return useQuery({
    queryKey: ['workflow', 'types'],
    queryFn: async () => (await api<Single<CaseTypeInfo[]>>('/workflow/types')).data,
    staleTime: 5 * 60_000,
  })
}

export function useInbox(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['workflow', 'inbox', page, pageSize],
    queryFn: () => api<Paged<InboxItem> & { today: string }>('/inbox', { query: { page, pageSize } }),
    placeholderData: keepPreviousData,
  })
}

export interface CaseFilter {
  type?: string | undefined
  open?: 'true' | 'false' | undefined
  page: number
  pageSize: number
}

export function useCases(filter: CaseFilter) {
  return useQuery({
    queryKey: ['workflow', 'cases', filter],
    queryFn: () => api<Paged<CaseSummary>>('/cases', { query: { ...filter } }),
    placeholderData: keepPreviousData,
  })
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ['workflow', 'case', id],
    queryFn: async () => (await api<Single<CaseDetail>>(`/cases/${id}`)).data,
  })
}

export function useOverdue() {
  return useQuery({
    queryKey: ['workflow', 'overdue'],
    queryFn: async () => (await api<Single<OverdueReport>>('/workflow/overdue')).data,
  })
}

export function usePublicityBoard() {
  return useQuery({
    queryKey: ['workflow', 'publicity'],
    queryFn: async () => (await api<Single<{ today: string; items: PublicityBoardItem[] }>>('/publicity')).data,
  })
}

export function useNotice(id: string, round: number) {
  return useQuery({
    queryKey: ['workflow', 'notice', id, round],
    queryFn: async () =>
      (
        await api<
          Single<
            {
              typeLabel: Text
              place: string
              startOn: string
              endOn: string
              regionCode: string
              items: Array<{ label: Text; value: string }>
            } & NoticeHeading
          >
        >(`/cases/${id}/notices/${round}`)
      ).data,
  })
}

/** What every printed notice states: the village, the issuing body, the posting day, the complaint telephone. */
export interface NoticeHeading {
  villageName: string
  townshipName: string
  issuer: Text
  postedOn: string
  complaintPhone: string
}

/** One village's publicity list: every notice of a case type posted on one day. */
export function useBatchNotice(q: { regionCode: string; type: string; startOn: string }) {
  return useQuery({
    queryKey: ['workflow', 'batch-notice', q],
    queryFn: async () =>
      (
        await api<
          Single<
            NoticeHeading & {
              typeLabel: Text
              place: string
              startOn: string
              endOn: string
              printedOn: string
              rows: Array<{ caseId: string; items: Array<{ label: Text; value: string }> }>
            }
          >
        >('/publicity/batch', { query: q })
      ).data,
  })
}

export interface ActInput {
  event: string
  version: number
  values?: Record<string, unknown>
  comment?: string | null
}

/** Performs an action; on success the case and the inbox are refreshed. */
export function useAct(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (input: ActInput) =>
      (await api<Single<CaseDetail>>(`/cases/${id}/actions`, { method: 'POST', body: input })).data,
    onSuccess: (data) => {
      qc.setQueryData(['workflow', 'case', id], data)
      void qc.invalidateQueries({ queryKey: ['workflow', 'inbox'] })
      void qc.invalidateQueries({ queryKey: ['workflow', 'cases'] })
    },
  })
}
