/** Parameter file format and its validator (clear errors: file, path, reason). */
import type { ParameterIssue } from './errors.ts'
import type { LegalRef } from './ir.ts'
import { type ISODate, isISODate } from './period.ts'

/** A dated value: a number, `null` (no value from this date), or a value with its own citation. */
export type DatedValue = number | null | { value: number | null; legal?: LegalRef[]; publishedOn?: ISODate }
/** Values by effective date (`YYYY-MM-DD`). */
export type DatedValues = Record<string, DatedValue>
/** A breakdown dimension: named members, or an integer range (values outside are clamped to the ends). */
export interface BreakdownDim {
  /** Dimension name used in lookups, e.g. `area`. */
  dim: string
  /** Members, or an inclusive integer range such as household size 1..6 ("6 and more"). */
  values: readonly string[] | { range: [number, number] }
}
/** Values of one region scope (region-code prefix: province 2 digits, city 4, county 6...). */
export interface RegionScope {
  /** Default citations for this scope's values (e.g. the local notice). */
  legal?: LegalRef[]
  /** Values by cell key, then date. */
  values: Record<string, DatedValues>
}
/** One scale bracket: a threshold and a marginal rate or a flat amount, each dated. */
export interface ScaleBracket {
  /** Lower bound of the bracket. */
  threshold: DatedValues
  /** Marginal rate applied inside the bracket. */
  rate?: DatedValues
  /** Amount when the base reaches the bracket. */
  amount?: DatedValues
}

/**
 * A parameter file (`parameters/<path>.json`). The top-level `values` are the national scope; `regions` override
 * them by region-code prefix, most specific wins. Cell keys join breakdown members with `|` in `breakdown` order;
 * without a breakdown the only cell is `_default`. Every value must resolve to at least one citation
 * (value `legal`, else scope `legal`, else file `legal`).
 */
export interface ParameterFile {
  /** What the parameter is. */
  description: string
  /** Unit, e.g. `fen/person/month`, `ratio`, `months`. */
  unit: string
  /** Optional display label. */
  label?: { zh: string; en: string }
  /** Default citations for every value. */
  legal: LegalRef[]
  /** Breakdown dimensions of the cells. */
  breakdown?: BreakdownDim[]
  /** National values by cell, then date. */
  values?: Record<string, DatedValues>
  /** Regional overrides by region-code prefix. */
  regions?: Record<string, RegionScope>
  /** Scale brackets (national), instead of `values`. */
  scale?: ScaleBracket[]
}

/** Parameter files keyed by dotted path, e.g. `dibao.standard`. */
export type ParameterFiles = Readonly<Record<string, ParameterFile>>

const STATUSES = new Set(['SOURCED', 'LOCAL', 'MEM', 'ASSUMPTION'])
const REGION_RE = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/
const PATH_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/

/** All cell keys a file's breakdown allows (`_default` without breakdown); undefined if ranges are too large. */
export function allCells(file: ParameterFile): string[] {
  const dims = file.breakdown ?? []
  if (!dims.length) return ['_default']
  let cells = ['']
  for (const d of dims) {
    const members = Array.isArray(d.values)
      ? (d.values as string[])
      : rangeMembers(d.values as { range: [number, number] })
    cells = cells.flatMap((c) => members.map((m) => (c ? `${c}|${m}` : m)))
  }
  return cells
}

function rangeMembers(r: { range: [number, number] }): string[] {
  const out: string[] = []
  for (let i = r.range[0]; i <= r.range[1]; i++) out.push(String(i))
  return out
}

/** Checks parameter files; returns every problem found (empty when valid). */
export function validateParameterFiles(files: ParameterFiles): ParameterIssue[] {
  const issues: ParameterIssue[] = []
  for (const [file, f] of Object.entries(files)) {
    const add = (path: string, reason: string) => issues.push({ file, path, reason })
    if (!PATH_RE.test(file)) add('', 'path must be dotted snake_case, e.g. "dibao.standard".')
    if (typeof f !== 'object' || f === null) {
      add('', 'must be an object.')
      continue
    }
    if (typeof f.description !== 'string' || !f.description) add('description', 'required, a non-empty string.')
    if (typeof f.unit !== 'string') add('unit', 'required, e.g. "fen/person/month" or "ratio".')
    if (!Array.isArray(f.legal)) add('legal', 'required array of citations (may be empty if every value cites).')
    else
      f.legal.forEach((l, i) => {
        checkLegal(l, `legal.${i}`, add)
      })
    const dims = f.breakdown ?? []
    const seen = new Set<string>()
    dims.forEach((d, i) => {
      if (!d || typeof d.dim !== 'string' || seen.has(d.dim)) add(`breakdown.${i}`, 'needs a unique "dim" name.')
      else seen.add(d.dim)
      if (Array.isArray(d.values)) {
        if (!d.values.length || d.values.some((v) => typeof v !== 'string' || v.includes('|'))) {
          add(`breakdown.${i}.values`, 'must be non-empty strings without "|".')
        }
      } else {
        const r = (d.values as { range?: unknown })?.range
        if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isInteger) || r[0] > r[1] || r[1] - r[0] > 1000) {
          add(`breakdown.${i}.values`, 'must be a list of members or { "range": [lo, hi] } with integers lo ≤ hi.')
        }
      }
    })
    if (f.scale !== undefined) {
      if (f.values !== undefined || f.regions !== undefined)
        add('scale', 'a scale file cannot also have values/regions.')
      if (!Array.isArray(f.scale) || !f.scale.length) add('scale', 'must be a non-empty list of brackets.')
      else {
        const kind = f.scale[0]?.rate !== undefined ? 'rate' : 'amount'
        f.scale.forEach((b, i) => {
          if ((kind === 'rate') !== (b.rate !== undefined) || (kind === 'amount') !== (b.amount !== undefined)) {
            add(`scale.${i}`, 'every bracket needs the same kind: all "rate" or all "amount".')
          }
          checkDated(b.threshold, `scale.${i}.threshold`, f.legal, add)
          if (b.rate) checkDated(b.rate, `scale.${i}.rate`, f.legal, add)
          if (b.amount) checkDated(b.amount, `scale.${i}.amount`, f.legal, add)
        })
      }
      continue
    }
    if (f.values === undefined && f.regions === undefined) add('values', 'needs "values", "regions" or "scale".')
    const cells = validCells(f)
    const checkScope = (values: unknown, where: string, legal: readonly LegalRef[] | undefined) => {
      if (typeof values !== 'object' || values === null) return add(where, 'must map cell keys to dated values.')
      for (const [cell, dated] of Object.entries(values)) {
        if (!cells(cell)) {
          add(
            `${where}.${cell}`,
            dims.length
              ? `unknown cell; expected members of ${dims.map((d) => d.dim).join('|')}.`
              : 'without a breakdown the only cell is "_default".',
          )
        }
        checkDated(dated as DatedValues, `${where}.${cell}`, legal, add)
      }
    }
    if (f.values !== undefined) checkScope(f.values, 'values', f.legal)
    for (const [region, scope] of Object.entries(f.regions ?? {})) {
      if (!REGION_RE.test(region)) add(`regions.${region}`, 'region scope must be a 2/4/6/9/12-digit code prefix.')
      scope.legal?.forEach((l, i) => {
        checkLegal(l, `regions.${region}.legal.${i}`, add)
      })
      const legal = scope.legal?.length ? scope.legal : f.legal
      checkScope(scope.values, `regions.${region}.values`, legal)
    }
  }
  return issues
}

function validCells(f: ParameterFile): (cell: string) => boolean {
  const dims = f.breakdown ?? []
  return (cell) => {
    if (!dims.length) return cell === '_default'
    const parts = cell.split('|')
    return (
      parts.length === dims.length &&
      parts.every((p, i) => {
        const d = dims[i]!.values
        if (Array.isArray(d)) return (d as string[]).includes(p)
        const r = (d as { range: [number, number] }).range
        const n = Number(p)
        return Number.isInteger(n) && n >= r[0] && n <= r[1]
      })
    )
  }
}

function checkDated(
  dated: DatedValues | undefined,
  where: string,
  legal: readonly LegalRef[] | undefined,
  add: (path: string, reason: string) => void,
): void {
  if (typeof dated !== 'object' || dated === null || Array.isArray(dated)) {
    add(where, 'must map dates (YYYY-MM-DD) to values.')
    return
  }
  for (const [date, v] of Object.entries(dated)) {
    const at = `${where}.${date}`
    if (!isISODate(date)) add(at, 'key must be an effective date YYYY-MM-DD.')
    const value = typeof v === 'object' && v !== null ? v.value : v
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value)))
      add(at, 'value must be a number or null.')
    if (typeof v === 'object' && v !== null) {
      if (v.publishedOn !== undefined && !isISODate(v.publishedOn)) add(`${at}.publishedOn`, 'must be YYYY-MM-DD.')
      v.legal?.forEach((l, i) => {
        checkLegal(l, `${at}.legal.${i}`, add)
      })
    }
    const own = typeof v === 'object' && v !== null ? v.legal : undefined
    if (value !== null && !(own?.length || legal?.length)) {
      add(at, 'has no citation: add "legal" to the value, its region scope or the file.')
    }
  }
}

function checkLegal(l: LegalRef, where: string, add: (path: string, reason: string) => void): void {
  if (typeof l !== 'object' || l === null || typeof l.id !== 'string' || !l.id || typeof l.title !== 'string') {
    add(where, 'a citation needs "id" and "title" strings.')
    return
  }
  if (l.status !== undefined && !STATUSES.has(l.status))
    add(`${where}.status`, 'must be SOURCED, LOCAL, MEM or ASSUMPTION.')
}
