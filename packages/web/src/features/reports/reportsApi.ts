/** The reports API: monthly monitoring figures (`/api/reports/monitoring`), its .xlsx and the targets export. */
import { useQueries, useQuery } from '@tanstack/react-query'
import type { MonitoringReport as MonitoringReportSchema } from '@xianjie/server/contract'
import type { z } from 'zod'
import { api, csrfToken, queryString } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'

/** The §10.1 monthly report, as the server's response schema describes it. */
export type MonitoringReport = z.infer<typeof MonitoringReportSchema>
export type Count = MonitoringReport['stock']['total']
export type ChildRegionRow = MonitoringReport['children'][number]
export type MeasureCategoryRow = MonitoringReport['coverage']['byMeasureCategory'][number]

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
