/** The warnings API (`/api/warnings`): list in the user's area, one warning with its evidence, closing with an outcome. */
import { useQuery } from '@tanstack/react-query'
import { api } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'

export const OUTCOMES = [
  'CONVERTED',
  'ALREADY_MONITORED',
  'REFERRED_TO_CIVIL_AFFAIRS',
  'REFERRED_TO_MEDICAL_ASSISTANCE',
  'NO_RISK',
] as const
export type Outcome = (typeof OUTCOMES)[number]

export interface WarningSummary {
  id: string
  householdId: string
  householdNo: string
  headName: string | null
  regionCode: string
  villageName: string | null
  status: 'OPEN' | 'CLOSED'
  severity: 'HIGH' | 'MEDIUM' | 'LOW'
  rules: string[]
  openedOn: string
  deadline: string
  daysLeft: number
  lastDataDate: string
  outcome: Outcome | null
  version: number
}

export interface WarningHit {
  id: string
  rule: string
  source: string
  dataDate: string
  personName: string | null
  idNumber: string | null
  value: number | null
  threshold: number | null
  severity: string
  evidence: {
    records?: Array<{ id: string; source: string; signal: string; dataDate: string; amount: string | null }>
    parameters?: Array<{
      path: string
      value: number | null
      legal: Array<{ id: string; title: string; note?: string }>
    }>
  }
}

export interface WarningDetail extends Omit<WarningSummary, 'daysLeft' | 'villageName'> {
  outcomeNote: string | null
  deadlineLegal: { parameter: string; days: number; legal: Array<{ id: string; title: string; note?: string }> }
  hits: WarningHit[]
}

export interface WarningFilter {
  status?: 'OPEN' | 'CLOSED' | undefined
  rule?: string | undefined
  overdue?: 'true' | undefined
  page: number
  pageSize: number
}

export function useWarnings(f: WarningFilter) {
  return useQuery({
    queryKey: ['warnings', f],
    queryFn: () =>
      api<{ data: WarningSummary[]; page: { total: number } }>('/warnings', {
        query: { status: f.status, rule: f.rule, overdue: f.overdue, page: f.page, pageSize: f.pageSize },
      }),
  })
}

export function useWarning(id: string | null) {
  return useQuery({
    queryKey: ['warnings', 'one', id],
    queryFn: async () => (await api<Single<WarningDetail>>(`/warnings/${id}`)).data,
    enabled: id !== null,
  })
}

export async function closeWarning(
  id: string,
  body: { outcome: Outcome; note: string; evidence?: { visitedOn?: string; visitedBy?: string }; version: number },
): Promise<WarningDetail> {
  return (await api<Single<WarningDetail>>(`/warnings/${id}/close`, { method: 'POST', body })).data
}

/** Amounts of the medical rules are fen; the others are counts or days. */
export function formatValue(rule: string, v: number | null): string {
  if (v === null) return '—'
  if (rule.startsWith('MED_') || rule === 'INCOME_DROP')
    return `¥${(v / 100).toLocaleString(undefined, { minimumFractionDigits: 2 })}`
  return String(v)
}
export function formatThreshold(rule: string, v: number | null): string {
  if (v === null) return '—'
  if (rule.startsWith('MED_')) return `¥${(v / 100).toLocaleString(undefined, { minimumFractionDigits: 2 })}`
  return String(v)
}
