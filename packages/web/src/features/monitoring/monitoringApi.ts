/** The monitoring API (`/api/monitoring`): targets, one household's plan, measures, visits, readiness, rollback. */
import { useQuery } from '@tanstack/react-query'
import { api } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'

export interface Label {
  zh: string
  en: string
}
export interface Target {
  householdId: string
  householdNo: string
  headName: string | null
  regionCode: string
  monitoringStatus: string
  planId: string
  planStatus: string
  category: string
  risks: string[]
  measures: number
  lastVisit: string | null
  nextVisitDue: string | null
  visitOverdue: boolean
}
export interface Measure {
  id: string
  personId: string | null
  category: string
  item: string
  startDate: string
  endDate: string | null
  amountFen: number | null
  fundSource: string | null
  responsibleDept: string | null
  status: string
  transportAllowanceFen: number | null
  version: number
}
export interface Check {
  code: string
  rule: string
  severity: 'BLOCKING' | 'WARNING'
  zh: string
  en: string
}
export interface PlanView {
  household: {
    id: string
    householdNo: string
    headName: string | null
    regionCode: string
    monitoringStatus: string
    version: number
  }
  plan: {
    id: string
    caseId: string
    category: string
    risks: string[]
    dueOn: string
    status: string
    version: number
    developmental: boolean
    activatedAt: string | null
    rollbackMonth: string | null
  }
  members: Array<{ id: string; name: string }>
  measures: Measure[]
  checks: Check[]
  suggestions: Array<{ risk: string; category: string; item: string; taken: boolean }>
  visits: Array<{
    id: string
    visitedOn: string
    visitorName: string
    incomeChange: string | null
    progress: string | null
    newRisks: string[]
    note: string | null
  }>
  nextVisit: { due: string; overdue: boolean; intervalDays: number } | null
}
export interface Readiness {
  ready: boolean
  period: string
  rule?: string
  conditions: Array<{
    code: string
    met: boolean
    zh: string
    en: string
    params: Array<{
      path: string
      label: { zh: string; en: string }
      value: number
      unit: string
      documents: Array<{ zh: string; en: string }>
    }>
  }>
}
export interface MeasureInput {
  personId?: string | null
  category: string
  item: string
  startDate: string
  endDate?: string | null
  amountFen?: number | null
  fundSource?: string | null
  responsibleDept?: string | null
  status?: string
  transportAllowanceFen?: number | null
}

export function useCodes() {
  return useQuery({
    queryKey: ['monitoring', 'codes'],
    queryFn: async () =>
      (
        await api<
          Single<{
            categories: Array<{ value: string; label: Label }>
            risks: Array<{ value: string; label: Label }>
            targetCategories: Array<{ value: string; label: Label }>
          }>
        >('/monitoring/codes')
      ).data,
    staleTime: Number.POSITIVE_INFINITY,
  })
}
export function useTargets(status: string | undefined) {
  return useQuery({
    queryKey: ['monitoring', 'targets', status],
    queryFn: async () => (await api<Single<Target[]>>('/monitoring/targets', { query: { status } })).data,
  })
}
export function usePlan(householdId: string) {
  return useQuery({
    queryKey: ['monitoring', 'plan', householdId],
    queryFn: async () => (await api<Single<PlanView>>(`/monitoring/households/${householdId}/plan`)).data,
  })
}
export const addMeasure = async (planId: string, planVersion: number, measure: MeasureInput) =>
  (
    await api<Single<PlanView>>(`/monitoring/plans/${planId}/measures`, {
      method: 'POST',
      body: { planVersion, measure },
    })
  ).data
export const updateMeasure = async (id: string, version: number, measure: MeasureInput) =>
  (await api<Single<PlanView>>(`/monitoring/measures/${id}`, { method: 'PUT', body: { version, measure } })).data
export const activatePlan = async (planId: string, version: number) =>
  (await api<Single<PlanView>>(`/monitoring/plans/${planId}/activate`, { method: 'POST', body: { version } })).data
export const recordVisit = async (
  householdId: string,
  body: {
    visitedOn: string
    incomeChange?: string
    progress?: string
    newRisks?: string[]
    note?: string
    incomeItems?: Record<string, number>
  },
) => (await api<Single<PlanView>>(`/monitoring/households/${householdId}/visits`, { method: 'POST', body })).data
export const readiness = async (householdId: string, risksResolved: boolean) =>
  (
    await api<Single<Readiness>>(`/monitoring/households/${householdId}/readiness`, {
      query: { risksResolved: risksResolved ? 'true' : 'false' },
    })
  ).data
export const rollback = async (householdId: string, body: { version: number; reason: string; risks: string[] }) =>
  (await api<Single<PlanView>>(`/monitoring/households/${householdId}/rollback`, { method: 'POST', body })).data
export const openElimination = async (householdId: string, reason: string) =>
  (
    await api<Single<{ case: { id: string } }>>('/cases', {
      method: 'POST',
      body: { type: 'MONITORING_ELIM', householdId, values: { reason } },
    })
  ).data
