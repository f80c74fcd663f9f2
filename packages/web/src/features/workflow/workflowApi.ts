/** Queries and actions over the shared workflow API: inbox, cases, one case with its actions, overdue report. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
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

export interface FieldSpec {
  name: string
  label: Text
  kind: 'text' | 'textarea' | 'integer' | 'number' | 'money' | 'date' | 'boolean' | 'select' | 'multiselect'
  required?: boolean
  options?: Array<{ value: string; label: Text }>
  min?: number
  max?: number
  maxItems?: number
  help?: Text
}

export interface CaseSummary {
  id: string
  type: string
  state: string
  version: number
  regionCode: string
  householdId: string | null
  personId: string | null
  subjectName: string
  data: Record<string, unknown>
  openedOn: string
  dueOn: string | null
  stateSince: string
  stateDueOn: string | null
  closedAt: string | null
  receiptCode: string | null
}

export interface CaseAction {
  event: string
  label: Text
  to: string
  toLabel: Text
  fields: FieldSpec[]
  comment: 'required' | 'optional'
  blocked?: Text
}

export interface CaseDetail {
  case: CaseSummary
  typeLabel: Text
  stateLabel: Text
  transitions: Array<{
    seq: number
    event: string
    label: Text
    from: string
    to: string
    actor: string
    at: string
    comment: string | null
    values: Record<string, unknown>
  }>
  publicity: Array<{
    round: number
    place: string
    startOn: string
    endOn: string
    closedReason: 'completed' | 'objection' | 'withdrawn' | null
    objections: Array<{ receivedOn: string; objector: string | null; content: string }>
  }>
  actions: CaseAction[]
  attachments: Array<{
    id: string
    name: string
    size: number
    sha256: string
    uploadedAt: string
    uploadedBy: string | null
  }>
  today: string
}

export interface CaseTypeInfo {
  type: string
  label: Text
  initial: string
  states: Record<string, { label: Text; terminal: boolean; publicity: boolean }>
  canOpen: boolean
}

export interface InboxItem {
  taskId: string
  caseId: string
  type: string
  typeLabel: Text
  state: string
  stateLabel: Text
  subjectName: string
  regionCode: string
  dueOn: string | null
  caseDueOn: string | null
  daysLeft: number | null
  since: string
}

export interface OverdueReport {
  today: string
  tasks: Array<{
    caseId: string
    type: string
    state: string
    dueOn: string | null
    office: string
    subjectName: string
    regionCode: string
  }>
  cases: Array<{
    caseId: string
    type: string
    state: string
    openedOn: string
    dueOn: string | null
    subjectName: string
    regionCode: string
    closedAt: string | null
  }>
  breaches: OverdueReport['cases']
}

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

export function useNotice(id: string, round: number) {
  return useQuery({
    queryKey: ['workflow', 'notice', id, round],
    queryFn: async () =>
      (
        await api<
          Single<{
            typeLabel: Text
            place: string
            startOn: string
            endOn: string
            regionCode: string
            items: Array<{ label: Text; value: string }>
          }>
        >(`/cases/${id}/notices/${round}`)
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
