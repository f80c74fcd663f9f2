/** The tiered-assistance API (`/api/assistance`): payment rosters, registry, referrals, special grants, reports. */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '../../app/api.ts'
import type { Paged, Single } from '../../app/types.ts'
import { chinaMonth } from '../../ui/dates.ts'

export const PROGRAMMES = ['DIBAO', 'TEKUN', 'TEMP_RELIEF', 'DIBAO_MARGINAL', 'RIGID_EXPENDITURE'] as const
export const GROUPS = ['DIBAO', 'TEKUN', 'PREVENTION_TARGET', 'DIBAO_MARGINAL', 'RIGID_EXPENDITURE', 'OTHER'] as const
export const GRANT_TYPES = ['MEDICAL', 'EDUCATION', 'HOUSING', 'EMPLOYMENT', 'DISASTER'] as const
export type Group = (typeof GROUPS)[number]

export interface Roster {
  id: string
  county: string
  month: string
  status: 'GENERATING' | 'DRAFT' | 'APPROVED'
  jobId: string | null
  generatedBy: string | null
  generatedAt: string | null
  approvedBy: string | null
  approvedAt: string | null
  lineCount: number
  totalAmount: number
}
export interface TotalsRow {
  townshipCode: string
  townshipName: string
  programme: string
  persons: number
  households: number
  amount: number
  adjustments: number
}
export interface RosterLine {
  id: string
  kind: 'REGULAR' | 'ADJUSTMENT'
  programme: string
  amount: number
  regionCode: string
  townshipName: string | null
  villageName: string | null
  name: string
  idNumber: string
  bankAccount: string | null
  decisionId: string | null
  traceRef: string | null
  note: string | null
  /** Adjustments only: paid once APPROVED by an officer other than the author. */
  reviewStatus: 'PENDING' | 'APPROVED' | 'REJECTED' | null
  createdBy: string | null
  createdByName: string | null
  reviewedByName: string | null
  reviewedAt: string | null
  reviewNote: string | null
}
export interface RegistryPerson {
  personId: string
  name: string
  idNumber: string
  regionCode: string
  villageName: string | null
  householdId: string
  householdNo: string
  groups: Array<{ group: Group; active: boolean; since: string | null; until: string | null }>
}
export interface Grant {
  id: string
  grantType: string
  amount: number
  periodFrom: string
  periodTo: string | null
  department: string
  lowIncomeGroup: string
  householdNo: string
  name: string | null
  regionCode: string
}
export interface Referral {
  id: string
  householdId: string
  householdNo: string
  headName: string | null
  regionCode: string
  direction: 'TO_CIVIL_AFFAIRS' | 'TO_MONITORING'
  status: 'OPEN' | 'ACCEPTED' | 'DECLINED'
  reason: { rule?: string; perCapitaNet?: number; limit?: number }
  createdAt: string
  note: string | null
}
export interface Report {
  month: string
  year: number
  programmes: Array<{ programme: string; households: number; persons: number; amount: number }>
  tekun: Array<{ supportMode: string | null; careTier: string | null; persons: number; amount: number }>
  tempRelief: Array<{
    reliefType: string | null
    cases: number
    fastTrack: number
    fastTrackShare: number
    amount: number
  }>
  registry: Array<{ group: string; persons: number }>
  daijiao: Array<{ group: string | null; persons: number; amount: number }>
}

/** YYYYMM of the month after today (China time). */
export function nextMonth(now = new Date()): string {
  const [y, m] = chinaMonth(now).split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}01` : `${y}${String(m + 1).padStart(2, '0')}`
}

export function useRosters() {
  return useQuery({
    queryKey: ['assistance', 'rosters'],
    queryFn: async () => (await api<Single<{ rosters: Roster[]; mayExportFull: boolean }>>('/assistance/rosters')).data,
  })
}
export function useRosterTotals(id: string) {
  return useQuery({
    queryKey: ['assistance', 'rosters', id, 'totals'],
    queryFn: async () =>
      (
        await api<
          Single<{ roster: Roster; rows: TotalsRow[]; total: number; pending: { count: number; amount: number } }>
        >(`/assistance/rosters/${id}/totals`)
      ).data,
  })
}
/** The adjustments of a roster waiting for approval (not paid, not in the totals). */
export function usePendingAdjustments(id: string) {
  return useQuery({
    queryKey: ['assistance', 'rosters', id, 'pending'],
    queryFn: () =>
      api<Paged<RosterLine>>(`/assistance/rosters/${id}/lines`, { query: { reviewStatus: 'PENDING', pageSize: 200 } }),
  })
}

export function useRosterLines(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['assistance', 'rosters', id, 'lines', page, pageSize],
    queryFn: () => api<Paged<RosterLine>>(`/assistance/rosters/${id}/lines`, { query: { page, pageSize } }),
    placeholderData: keepPreviousData,
  })
}
export const generateRoster = (county: string, month: string) =>
  api<Single<{ jobId: string }>>('/assistance/rosters', { method: 'POST', body: { county, month } })
export const approveRoster = (id: string) =>
  api<Single<Roster>>(`/assistance/rosters/${id}/approve`, { method: 'POST' })
export const exportUrl = (id: string, full: boolean) =>
  `/api/assistance/rosters/${id}/export${full ? '?full=true' : ''}`

export function useRegistry(q: {
  group?: Group | undefined
  region?: string | undefined
  all: boolean
  page: number
  pageSize: number
}) {
  return useQuery({
    queryKey: ['assistance', 'registry', q],
    queryFn: () =>
      api<Paged<RegistryPerson>>('/assistance/registry', { query: { ...q, all: q.all ? 'true' : undefined } }),
    placeholderData: keepPreviousData,
  })
}
export function useGrants(page: number, region?: string) {
  return useQuery({
    queryKey: ['assistance', 'grants', page, region],
    queryFn: () => api<Paged<Grant>>('/assistance/grants', { query: { page, pageSize: 20, region } }),
  })
}
export const recordGrant = (body: Record<string, unknown>) =>
  api<Single<{ id: string }>>('/assistance/grants', { method: 'POST', body })
export function useReferrals(status: string | undefined) {
  return useQuery({
    queryKey: ['assistance', 'referrals', status],
    queryFn: () => api<Paged<Referral>>('/assistance/referrals', { query: { status, pageSize: 50 } }),
  })
}
export const scanReferrals = (county: string) =>
  api<Single<{ created: number; candidates: number }>>('/assistance/referrals/scan', {
    method: 'POST',
    body: { county },
  })
export const resolveReferral = (id: string, decision: 'ACCEPTED' | 'DECLINED', note: string) =>
  api(`/assistance/referrals/${id}/resolve`, { method: 'POST', body: { decision, note } })
export function useReport(month: string) {
  return useQuery({
    queryKey: ['assistance', 'report', month],
    queryFn: async () => (await api<Single<Report>>('/assistance/reports', { query: { month } })).data,
  })
}

export interface DaijiaoRoster {
  id: string
  county: string
  year: number
  status: 'DRAFT' | 'EXPORTED'
  lineCount: number
  totalAmount: number
  generatedAt: string
  exportedAt: string | null
}
export function useDaijiao() {
  return useQuery({
    queryKey: ['assistance', 'daijiao'],
    queryFn: async () => (await api<Single<DaijiaoRoster[]>>('/assistance/daijiao')).data,
  })
}
export function useDaijiaoTotals(id: string | null) {
  return useQuery({
    queryKey: ['assistance', 'daijiao', id],
    queryFn: async () =>
      (
        await api<Single<Array<{ group: string | null; persons: number; amount: number; adjustments: number }>>>(
          `/assistance/daijiao/${id}/totals`,
        )
      ).data,
    enabled: id !== null,
  })
}
export const generateDaijiao = (county: string, year: number) =>
  api<Single<DaijiaoRoster & { adjustments: number }>>('/assistance/daijiao', {
    method: 'POST',
    body: { county, year },
  })
export const daijiaoExportUrl = (id: string) => `/api/assistance/daijiao/${id}/export`
export const addAdjustment = (rosterId: string, body: { adjustsLineId: string; amount: number; note: string }) =>
  api<Single<{ id: string }>>(`/assistance/rosters/${rosterId}/adjustments`, { method: 'POST', body })
/** Approves or rejects a pending adjustment (not its author; a rejection needs a note). */
export const reviewAdjustment = (rosterId: string, lineId: string, verb: 'approve' | 'reject', note?: string) =>
  api<Single<{ id: string; reviewStatus: string; amount: number }>>(
    `/assistance/rosters/${rosterId}/adjustments/${lineId}/${verb}`,
    { method: 'POST', body: note ? { note } : {} },
  )
