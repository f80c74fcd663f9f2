/** Parameter resolution: dated values × region scopes → an immutable, digested `ParameterSnapshot`. */
import { ParameterMissingError, ParameterValidationError } from './errors.ts'
import { fnv1a64, stableStringify } from './hash.ts'
import type { LegalRef } from './ir.ts'
import type { BreakdownDim, DatedValue, DatedValues, ParameterFile, ParameterFiles } from './parameters-validate.ts'
import { validateParameterFiles } from './parameters-validate.ts'
import { type ISODate, isISODate } from './period.ts'

/** A resolved parameter value with its provenance. */
export interface ResolvedValue {
  /** The value. */
  readonly value: number
  /** Citations (at least one). */
  readonly legal: readonly LegalRef[]
  /** Effective date of this value. */
  readonly since: ISODate
  /** Region scope it came from (`''` = national). */
  readonly region: string
  /** Publication date, if recorded. */
  readonly publishedOn?: ISODate
}

/** A resolved scale. */
export interface ResolvedScale {
  /** Brackets in threshold order. */
  readonly brackets: readonly { threshold: number; rate?: number; amount?: number }[]
  /** Union of citations. */
  readonly legal: readonly LegalRef[]
  /** Latest effective date among the bracket values. */
  readonly since: ISODate
}

/** Descriptive information of a parameter. */
export interface ParameterInfo {
  /** Path. */
  readonly path: string
  /** Description. */
  readonly description: string
  /** Unit. */
  readonly unit: string
  /** Optional label. */
  readonly label?: { zh: string; en: string }
  /** File-level citations. */
  readonly legal: readonly LegalRef[]
  /** Breakdown dimensions (empty when none). */
  readonly breakdown: readonly BreakdownDim[]
  /** Whether it is a scale. */
  readonly isScale: boolean
}

/** A breakdown cell: `{ area: 'rural', size: 3 }`, or a raw key such as `rural|3`. */
export type CellSpec = string | Readonly<Record<string, string | number>>

/** One parameter change of a reform: a value for a path/cell/region scope over [from, to). */
export interface ParameterChange {
  /** Parameter path. */
  path: string
  /** Cell; omitted = every cell of the scope. For scales: `threshold.0`, `rate.1`, `amount.2`. */
  cell?: CellSpec
  /** Region scope prefix (default national `''`). */
  region?: string
  /** First day the change applies. */
  from: ISODate
  /** Day it stops applying (exclusive). */
  to?: ISODate
  /** New value (`null` removes the scope's value). */
  value: number | null
  /** Citation for the change (defaults to the reform's). */
  legal?: LegalRef[]
}

/** A reform sent as data: an overlay of parameter changes. The baseline is never mutated. */
export interface Reform {
  /** Stable id. */
  id: string
  /** Human label. */
  label: string
  /** Citations (e.g. the draft notice). */
  legal?: LegalRef[]
  /** Parameter changes. */
  parameters?: ParameterChange[]
}

/** Parameters resolved for one date (+ optional reform), for every region scope. Immutable. */
export interface ParameterSnapshot {
  /** Resolution date. */
  readonly asOf: ISODate
  /** Default region code for `get` (households use their own region). */
  readonly region: string
  /** Reform id when this is a reform overlay. */
  readonly reformId: string | undefined
  /** Hash of the resolved content (FNV-1a 64), stored with each decision for replay. */
  readonly digest: string
  /** All parameter paths. */
  paths(): string[]
  /** Description, unit, breakdown. */
  info(path: string): ParameterInfo
  /** Region scopes present for a path (`''` first). */
  scopes(path: string): string[]
  /** Normalised cell key (`_default` without breakdown; range dims clamped). */
  cellKey(path: string, cell?: CellSpec): string
  /** Value for the region (most specific scope wins); throws `ParameterMissingError`. */
  get(path: string, cell?: CellSpec, region?: string): ResolvedValue
  /** Like `get` but returns undefined when missing. */
  tryGet(path: string, cell?: CellSpec, region?: string): ResolvedValue | undefined
  /** A resolved scale. */
  scale(path: string): ResolvedScale
  /** A new snapshot with the reform applied; this one is unchanged. */
  withReform(reform: Reform): ParameterSnapshot
}

interface Cell {
  value: number | null
  legal: readonly LegalRef[]
  since: ISODate
  publishedOn?: ISODate
}
interface Resolved {
  info: ParameterInfo
  scopes: Map<string, Map<string, Cell>>
  scale?: ResolvedScale
}

/**
 * Validates files and resolves them at `asOf`, then applies the optional reform overlay.
 * @example
 * const snap = resolveParameters(files, { asOf: '2026-03-01', region: '370203' })
 * snap.get('dibao.standard', { area: 'rural' }) // { value: 78400, legal: [...], since: '2025-07-01', region: '3702' }
 */
export function resolveParameters(
  files: ParameterFiles,
  opts: { asOf: ISODate; region?: string; reform?: Reform },
): ParameterSnapshot {
  if (!isISODate(opts.asOf)) throw new RangeError(`asOf "${opts.asOf}" must be YYYY-MM-DD.`)
  const issues = validateParameterFiles(files)
  if (issues.length) throw new ParameterValidationError(issues)
  const data = new Map<string, Resolved>()
  for (const path of Object.keys(files).sort()) {
    const f = files[path]!
    const info: ParameterInfo = Object.freeze({
      path,
      description: f.description,
      unit: f.unit,
      ...(f.label ? { label: f.label } : {}),
      legal: f.legal,
      breakdown: f.breakdown ?? [],
      isScale: f.scale !== undefined,
    })
    const scopes = new Map<string, Map<string, Cell>>()
    const addScope = (region: string, values: Record<string, DatedValues>, legal: readonly LegalRef[]) => {
      const cells = new Map<string, Cell>()
      for (const cell of Object.keys(values).sort()) {
        const c = pickDated(values[cell]!, opts.asOf, legal)
        if (c) cells.set(cell, c)
      }
      scopes.set(region, cells)
    }
    if (f.values) addScope('', f.values, f.legal)
    for (const region of Object.keys(f.regions ?? {}).sort()) {
      const s = f.regions![region]!
      addScope(region, s.values, s.legal?.length ? s.legal : f.legal)
    }
    const entry: Resolved = { info, scopes }
    if (f.scale) entry.scale = resolveScale(f.scale, opts.asOf, f.legal)
    data.set(path, entry)
  }
  const base = makeSnapshot(data, opts.asOf, opts.region ?? '', undefined)
  return opts.reform ? base.withReform(opts.reform) : base
}

function pickDated(dated: DatedValues, asOf: ISODate, legal: readonly LegalRef[]): Cell | undefined {
  let best: string | undefined
  for (const d of Object.keys(dated)) if (d <= asOf && (best === undefined || d > best)) best = d
  if (best === undefined) return undefined
  const v: DatedValue = dated[best]!
  if (typeof v === 'object' && v !== null) {
    return {
      value: v.value,
      legal: v.legal?.length ? v.legal : legal,
      since: best as ISODate,
      ...(v.publishedOn ? { publishedOn: v.publishedOn } : {}),
    }
  }
  return { value: v, legal, since: best as ISODate }
}

function resolveScale(
  brackets: NonNullable<ParameterFile['scale']>,
  asOf: ISODate,
  legal: readonly LegalRef[],
): ResolvedScale {
  const out: { threshold: number; rate?: number; amount?: number }[] = []
  const refs = new Map<string, LegalRef>()
  let since = '0000-01-01'
  const take = (d: DatedValues | undefined): number | undefined => {
    if (!d) return undefined
    const c = pickDated(d, asOf, legal)
    if (!c || c.value === null) return undefined
    for (const l of c.legal) refs.set(l.id, l)
    if (c.since > since) since = c.since
    return c.value
  }
  for (const b of brackets) {
    const threshold = take(b.threshold)
    if (threshold === undefined) continue
    const rate = take(b.rate)
    const amount = take(b.amount)
    out.push({ threshold, ...(rate !== undefined ? { rate } : {}), ...(amount !== undefined ? { amount } : {}) })
  }
  out.sort((a, b) => a.threshold - b.threshold)
  return Object.freeze({ brackets: Object.freeze(out), legal: [...refs.values()], since: since as ISODate })
}

function normaliseCell(info: ParameterInfo, cell: CellSpec | undefined): string {
  if (typeof cell === 'string') return cell
  if (!info.breakdown.length) return '_default'
  return info.breakdown
    .map((d) => {
      const v = cell?.[d.dim]
      if (v === undefined) {
        throw new ParameterMissingError(info.path, `because the lookup gives no "${d.dim}" (breakdown of this file)`)
      }
      if (Array.isArray(d.values)) return String(v)
      const [lo, hi] = (d.values as { range: [number, number] }).range
      return String(Math.min(hi, Math.max(lo, Math.trunc(Number(v)))))
    })
    .join('|')
}

function makeSnapshot(
  data: Map<string, Resolved>,
  asOf: ISODate,
  region: string,
  reformId: string | undefined,
): ParameterSnapshot {
  const cache = new Map<string, ResolvedValue | null>()
  const entry = (path: string): Resolved => {
    const e = data.get(path)
    if (!e) throw new ParameterMissingError(path, 'because no parameter file has this path')
    return e
  }
  const tryGet = (path: string, cell?: CellSpec, r?: string): ResolvedValue | undefined => {
    const e = entry(path)
    const key = normaliseCell(e.info, cell)
    const reg = r ?? region
    const ck = `${path}\u0000${key}\u0000${reg}`
    const hit = cache.get(ck)
    if (hit !== undefined) return hit ?? undefined
    let found: ResolvedValue | undefined
    let bestLen = -1
    for (const [scope, cells] of e.scopes) {
      if (scope.length <= bestLen || !reg.startsWith(scope)) continue
      const c = cells.get(key)
      if (!c || c.value === null) continue
      bestLen = scope.length
      found = Object.freeze({
        value: c.value,
        legal: c.legal,
        since: c.since,
        region: scope,
        ...(c.publishedOn ? { publishedOn: c.publishedOn } : {}),
      })
    }
    cache.set(ck, found ?? null)
    return found
  }
  const content = [...data].map(([path, e]) => [
    path,
    [...e.scopes].map(([s, cells]) => [s, [...cells].map(([k, c]) => [k, c.value, c.since, c.legal.map((l) => l.id)])]),
    e.scale ?? null,
  ])
  const digest = fnv1a64(stableStringify({ asOf, reformId: reformId ?? null, content }))
  const snap: ParameterSnapshot = {
    asOf,
    region,
    reformId,
    digest,
    paths: () => [...data.keys()],
    info: (path) => entry(path).info,
    scopes: (path) => [...entry(path).scopes.keys()].sort((a, b) => a.length - b.length || a.localeCompare(b)),
    cellKey: (path, cell) => normaliseCell(entry(path).info, cell),
    tryGet,
    get(path, cell, r) {
      const v = tryGet(path, cell, r)
      if (!v) {
        const key = normaliseCell(entry(path).info, cell)
        throw new ParameterMissingError(path, `for cell "${key}" in region "${r ?? region}" on ${asOf}`)
      }
      return v
    },
    scale(path) {
      const s = entry(path).scale
      if (!s) throw new ParameterMissingError(path, 'as a scale (it is not a scale file)')
      return s
    },
    withReform: (reform) => makeSnapshot(overlay(data, asOf, reform), asOf, region, reform.id),
  }
  return Object.freeze(snap)
}

function overlay(data: Map<string, Resolved>, asOf: ISODate, reform: Reform): Map<string, Resolved> {
  const next = new Map(data)
  for (const ch of reform.parameters ?? []) {
    if (!(ch.from <= asOf && (ch.to === undefined || asOf < ch.to))) continue
    const e = next.get(ch.path)
    if (!e)
      throw new ParameterMissingError(ch.path, `because reform "${reform.id}" changes a parameter that does not exist`)
    const legal = ch.legal?.length
      ? ch.legal
      : reform.legal?.length
        ? reform.legal
        : [{ id: `reform:${reform.id}`, title: reform.label, status: 'ASSUMPTION' as const }]
    if (e.scale) {
      const m = /^(threshold|rate|amount)\.(\d+)$/.exec(typeof ch.cell === 'string' ? ch.cell : '')
      const brackets = e.scale.brackets.map((b) => ({ ...b }))
      const b = m ? brackets[Number(m[2])] : undefined
      if (!m || !b || ch.value === null) {
        throw new ParameterMissingError(
          ch.path,
          `for reform cell "${String(ch.cell)}"; use threshold.N, rate.N or amount.N`,
        )
      }
      b[m[1] as 'threshold' | 'rate' | 'amount'] = ch.value
      const scale = Object.freeze({
        brackets: Object.freeze(brackets),
        legal: [...e.scale.legal, ...legal],
        since: ch.from,
      })
      next.set(ch.path, { ...e, scale })
      continue
    }
    const scopes = new Map(e.scopes)
    const region = ch.region ?? ''
    const cells = new Map(scopes.get(region) ?? [])
    const keys =
      ch.cell === undefined ? [...(scopes.get('')?.keys() ?? []), ...cells.keys()] : [normaliseCell(e.info, ch.cell)]
    for (const k of new Set(keys)) cells.set(k, { value: ch.value, legal, since: ch.from })
    scopes.set(region, cells)
    next.set(ch.path, { ...e, scopes })
  }
  return next
}

/** Parameter paths (and cells) a reform touches at `asOf`, for downstream-closure analysis. */
export function reformPaths(reform: Reform): string[] {
  return [...new Set((reform.parameters ?? []).map((p) => p.path))]
}
