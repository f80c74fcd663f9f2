/**
 * The parameter catalogue as the server reads it: loaded from `@xianjie/rules` once, resolved per date and cached.
 * Services ask for a value by path and region and get it with its citation, so a deadline or threshold shown to a
 * user can always say where it comes from.
 */
import type { ISODate, LegalRef, ParameterFiles, ParameterSnapshot } from '@xianjie/rules'
import { resolveParameters } from '@xianjie/rules'
import { loadParameterFiles } from '@xianjie/rules/catalogue-node'

let files: ParameterFiles | undefined
const snapshots = new Map<string, ParameterSnapshot>()

/** The catalogue resolved at `date` (YYYY-MM-DD). Snapshots are immutable, so they are shared. */
export function parametersAt(date: string): ParameterSnapshot {
  let snap = snapshots.get(date)
  if (!snap) {
    files ??= loadParameterFiles()
    snap = resolveParameters(files, { asOf: date as ISODate })
    if (snapshots.size > 400) snapshots.clear()
    snapshots.set(date, snap)
  }
  return snap
}

/** A time limit read from the catalogue: its length, whether it counts working days, and its source. */
export interface DayLimit {
  parameter: string
  days: number
  unit: 'days' | 'working_days'
  region: string
  since: string
  legal: readonly LegalRef[]
}

/** The time limit `path` for a region on a date (most specific region scope wins). */
export function dayLimit(path: string, region: string, date: string): DayLimit {
  const snap = parametersAt(date)
  const unit = snap.info(path).unit
  if (unit !== 'days' && unit !== 'working_days') {
    throw new Error(`Parameter ${path} has unit "${unit}", not days or working_days.`)
  }
  const v = snap.get(path, undefined, region)
  return { parameter: path, days: v.value, unit, region: v.region, since: v.since, legal: v.legal }
}
