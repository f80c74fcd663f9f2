/**
 * Queries and commands over `/api/households`: the paged search, one household (optionally as of a date), its version
 * timeline, and the edits (each carries the household `version` it was made on, for optimistic concurrency).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type {
  AddMember,
  CreateHousehold,
  HouseholdDetail,
  HouseholdQuery,
  HouseholdSummary as HouseholdSummarySchema,
  NaturalDecrease,
  RecordAssessment,
  RecordGuaranteeCheck,
  UpdateHousehold,
  UpdatePerson,
} from '@xianjie/server/contract'
import type { z } from 'zod'
import { api } from '../../app/api.ts'
import type { Paged, Single } from '../../app/types.ts'

export type { HouseholdDetail }
export type HouseholdSummary = z.infer<typeof HouseholdSummarySchema>
export type Member = HouseholdDetail['members'][number]
export type AddMemberBody = z.input<typeof AddMember>
export type NaturalDecreaseBody = z.input<typeof NaturalDecrease>

/** Search and filters of `GET /api/households`; empty values are left out of the request. */
export type HouseholdFilter = Partial<
  Pick<
    HouseholdQuery,
    'q' | 'region' | 'householdType' | 'lowIncomeGroup' | 'riskType' | 'ageMin' | 'ageMax' | 'disabled' | 'noLabour'
  >
> & { monitoringStatus?: string }

export interface HouseholdPaging {
  page: number
  pageSize: number
  sort: HouseholdQuery['sort']
  order: 'asc' | 'desc'
}

/** One field-level change of a version: `household.phone`, `members[张三].id_number`, … */
export interface Change {
  path: string
  before: unknown
  after: unknown
}

/** One entry of `GET /api/households/:id/history`. */
export interface HistoryEntry {
  version: number
  at: string
  actorName: string | null
  action: string
  changes: Change[]
}

/** `details` of a 409 `CONFLICT` answered to an edit made on an old version. */
export interface ConflictDetails {
  currentVersion?: number
  changedSince?: Array<{ version: number; by: string | null; at: string; changes: Change[] }>
}

/** Result of every edit: the new version and what changed. */
export interface VersionResult {
  version: number
  changes: Change[]
}

export const householdKeys = {
  all: ['households'] as const,
  list: (filter: HouseholdFilter, paging: HouseholdPaging) => ['households', 'list', filter, paging] as const,
  detail: (id: string, asOf?: string) => ['households', id, 'detail', asOf ?? null] as const,
  history: (id: string) => ['households', id, 'history'] as const,
}

export function useHouseholds(filter: HouseholdFilter, paging: HouseholdPaging) {
  return useQuery({
    queryKey: householdKeys.list(filter, paging),
    queryFn: () => api<Paged<HouseholdSummary>>('/households', { query: { ...filter, ...paging } }),
    placeholderData: keepPreviousData,
  })
}

export function useHousehold(id: string, asOf?: string) {
  return useQuery({
    queryKey: householdKeys.detail(id, asOf),
    queryFn: async () => (await api<Single<HouseholdDetail>>(`/households/${id}`, { query: { asOf } })).data,
    placeholderData: keepPreviousData,
  })
}

export function useHistory(id: string) {
  return useQuery({
    queryKey: householdKeys.history(id),
    queryFn: async () => (await api<Single<HistoryEntry[]>>(`/households/${id}/history`)).data,
  })
}

const edit = async (path: string, method: 'POST' | 'PATCH', body: unknown) =>
  (await api<Single<VersionResult>>(path, { method, body })).data

export const updateHousehold = (id: string, body: UpdateHousehold) => edit(`/households/${id}`, 'PATCH', body)

export const updateMember = (id: string, personId: string, body: UpdatePerson) =>
  edit(`/households/${id}/members/${personId}`, 'PATCH', body)

export const addMember = (id: string, body: AddMemberBody) => edit(`/households/${id}/members`, 'POST', body)

export const recordDecrease = (id: string, personId: string, body: NaturalDecreaseBody) =>
  edit(`/households/${id}/members/${personId}/decrease`, 'POST', body)

/** What a new income assessment answers: the engine's figures (fen) with the new household version. */
export interface AssessmentResult {
  version: number
  assessmentId: string
  items: Record<string, number>
  netIncome: number
  perCapitaNet: number
  householdSize: number
  guaranteesOk: boolean | null
}

/** Records an income assessment (items in fen; items left out keep the latest amounts), computed by the engine. */
export const recordAssessment = async (id: string, body: z.input<typeof RecordAssessment>) =>
  (await api<Single<AssessmentResult>>(`/households/${id}/assessments`, { method: 'POST', body })).data

/** Records a 三保障 and drinking-water check. */
export const recordGuaranteeCheck = async (id: string, body: z.input<typeof RecordGuaranteeCheck>) =>
  (
    await api<Single<{ version: number; guaranteeCheckId: string; guaranteesOk: boolean }>>(
      `/households/${id}/guarantee-checks`,
      { method: 'POST', body },
    )
  ).data

export async function createHousehold(body: z.input<typeof CreateHousehold>): Promise<HouseholdDetail> {
  return (await api<Single<HouseholdDetail>>('/households', { method: 'POST', body })).data
}

/** Reads one full sensitive value; the server writes an audit row for every call. */
export async function reveal(id: string, personId: string, field: 'idNumber' | 'phone'): Promise<string | null> {
  return (
    await api<Single<{ value: string | null }>>(`/households/${id}/reveal`, {
      method: 'POST',
      body: { personId, field },
    })
  ).data.value
}
