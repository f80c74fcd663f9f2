/** The reports API: monthly monitoring figures (`/api/reports/monitoring`), its .xlsx and the targets export. */
import { useQueries, useQuery } from '@tanstack/react-query'
import { api, csrfToken, queryString } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'

export interface Count {
  households: number
  persons: number
}

export interface ChildRegionRow {
  code: string
  name: string
  households: number
  persons: number
  active: number
  eliminated: number
  identifiedInMonth: number
  eliminatedInMonth: number
  belowThreshold: number
  unresolvedGuarantees: number
}

export interface MeasureCategoryRow {
  category: string
  label: { zh: string; en: string }
  developmental: boolean
  measures: number
  households: number
}

export interface MonitoringReport {
  region: { code: string; prefix: string; name: string }
  month: string
  asOf: string
  threshold: { yuan: number }
  stock: {
    total: Count
    byCategory: Record<string, Count>
    byStatus: Record<'ACTIVE' | 'ELIMINATED' | 'ASSISTED' | 'NATURAL' | 'ROLLED_BACK', Count>
    byChannel: Record<string, number>
  }
  risks: Record<string, { households: number; persons: number; main: number }>
  flow: { newClues: Record<string, number>; identified: number; eliminated: number; rolledBack: number }
  timeliness: { limitDays: number; approved: number; withinLimitPct: number | null; overdueTasks: number }
  coverage: {
    activeHouseholds: number
    withPlan: number
    withPlanPct: number | null
    withMeasures: number
    withMeasuresPct: number | null
    dibao: number
    dibaoPct: number | null
    tekun: number
    tekunPct: number | null
    withLabour: number
    withLabourDevelopmental: number
    withLabourDevelopmentalPct: number | null
    byMeasureCategory: MeasureCategoryRow[]
  }
  employment: {
    labour: number
    employed: number
    employedPct: number | null
    byPlace: { OUT_OF_PROVINCE: number; IN_PROVINCE: number; IN_COUNTY: number }
    publicPost: number
    notWorking: number
    unrecorded: number
  }
  ageStructure: { persons: number; bands: Array<{ from: number; to: number | null; persons: number }> }
  income: {
    assessed: number
    belowThreshold: number
    bands: Array<{ from: number | null; to: number | null; households: number }>
  }
  guarantees: { anyUnresolved: number }
  children: ChildRegionRow[]
}

export interface CheckFinding {
  row: number
  householdNo: string
  code: string
  severity: 'B' | 'W'
  field: string
  member: string
  zh: string
  en: string
}

const get = async (region: string, month: string) =>
  (await api<Single<MonitoringReport>>('/reports/monitoring', { query: { region, month } })).data

export function useMonitoringReport(region: string, month: string) {
  return useQuery({ queryKey: ['reports', 'monitoring', region, month], queryFn: () => get(region, month) })
}

/** The `n` months up to and including `month`, oldest first. */
export function monthsBefore(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1))
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
  })
}

export function useTrend(region: string, month: string, n = 6) {
  return useQueries({
    queries: monthsBefore(month, n).map((m) => ({
      queryKey: ['reports', 'monitoring', region, m],
      queryFn: () => get(region, m),
    })),
  })
}

export const reportHref = (region: string, month: string) =>
  `/api/reports/monitoring.xlsx${queryString({ region, month })}`
export const targetsHref = (region: string, force = false) =>
  `/api/exports/monitoring-targets.xlsx${queryString({ region, force: force ? '1' : undefined })}`

/** Runs the checked export: a file to save, or the check report when blocking problems were found. */
export async function exportTargets(
  region: string,
): Promise<
  | { ok: true; blob: Blob; name: string }
  | { ok: false; blocking: number; warnings: number; findings: CheckFinding[]; message: string }
> {
  const token = csrfToken()
  const res = await fetch(targetsHref(region), {
    credentials: 'same-origin',
    headers: token ? { 'x-csrf-token': token } : {},
  })
  if (res.ok) {
    const cd = res.headers.get('content-disposition') ?? ''
    const m = /filename\*=UTF-8''([^;]+)/i.exec(cd)
    return { ok: true, blob: await res.blob(), name: m?.[1] ? decodeURIComponent(m[1]) : 'targets.xlsx' }
  }
  const body = (await res.json()) as {
    error: {
      code: string
      message: string
      details: { blocking?: number; warnings?: number; findings?: CheckFinding[] }
    }
  }
  if (body.error.code !== 'PRECONDITION_FAILED') throw new Error(body.error.message)
  return {
    ok: false,
    blocking: body.error.details.blocking ?? 0,
    warnings: body.error.details.warnings ?? 0,
    findings: body.error.details.findings ?? [],
    message: body.error.message,
  }
}
