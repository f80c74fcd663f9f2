/**
 * Golden case files (docs/case-files.md): one household, its date and region, optional parameter overrides, and the
 * expected outputs, cases fired and parameters read. Pure: the caller parses YAML and reads files.
 * Amounts in case files are in yuan; the engine works in fen.
 */
import type { Decision, HouseholdInput, MemberInput } from '../engine/evaluate.ts'
import type { Model } from '../engine/model.ts'
import type { ParameterChange, ParameterSnapshot } from '../engine/parameters.ts'
import { resolveParameters } from '../engine/parameters.ts'
import type { ParameterFiles } from '../engine/parameters-validate.ts'
import { type ISODate, isISODate, period as parsePeriod } from '../engine/period.ts'
import { flattenTrace, type ParamRead, type TraceNode } from '../engine/trace.ts'

/** A parameter override: `{ path, value, cell? }` (money in yuan). */
export interface CaseOverride {
  /** Parameter path, e.g. `dibao.employment_cost_rule`. */
  path: string
  /** Breakdown cell (`HOME|SEMI_CARE`), default every cell. */
  cell?: string
  /** New value (yuan for money parameters). */
  value: number
}

/** One case as written in a file. */
export interface CaseFile {
  /** Short description. */
  name: string
  /** Where the case comes from, e.g. `domain.md §14.5`. */
  source?: string
  /** Computation month `YYYY-MM`. */
  period: string
  /** Parameter date (default: first day of the period). */
  date?: string
  /** Division code of the household. */
  region: string
  /** Parameter overrides applied to this case only. */
  parameters?: CaseOverride[]
  /** Household inputs (money in yuan) and `members`. */
  household: Record<string, unknown> & { members: Array<Record<string, unknown>> }
  /** Expected outputs: household values, or `{ memberId: value }` for person outputs (money in yuan). */
  expect: Record<string, unknown>
  /** Labelled case that must fire per variable. */
  expect_cases?: Record<string, string>
  /** Parameters that must be read: `path` or `path@region`. */
  expect_params?: string[]
}

/** Outcome of one case. */
export interface CaseResult {
  /** Case name. */
  name: string
  /** Problems (empty = pass). */
  failures: string[]
  /** The decision with a full trace. */
  decision: Decision | undefined
  /** Parameter reads (path, region, since) seen in the trace. */
  paramsRead: ParamRead[]
}

const FEN = 100

/** Validates the rough shape of a parsed case object; returns it typed or throws with what is wrong. */
export function loadCaseObject(raw: unknown, where: string): CaseFile[] {
  const list = Array.isArray(raw) ? raw : [raw]
  return list.map((c, i) => {
    const at = list.length > 1 ? `${where}[${i}]` : where
    if (typeof c !== 'object' || c === null) throw new Error(`${at}: a case must be a mapping.`)
    const o = c as Record<string, unknown>
    for (const k of ['name', 'period', 'region']) {
      if (typeof o[k] !== 'string' && typeof o[k] !== 'number') throw new Error(`${at}: "${k}" is required.`)
    }
    const hh = o.household as Record<string, unknown> | undefined
    if (!hh || !Array.isArray(hh.members)) throw new Error(`${at}: "household.members" must be a list.`)
    if (typeof o.expect !== 'object' || o.expect === null) throw new Error(`${at}: "expect" is required.`)
    return { ...o, period: String(o.period), region: String(o.region) } as unknown as CaseFile
  })
}

/** Names of every output a case checks (expect + expect_cases keys). */
export function caseOutputs(c: CaseFile): string[] {
  return [...new Set([...Object.keys(c.expect), ...Object.keys(c.expect_cases ?? {})])]
}

function toEngine(model: Model, name: string, value: unknown, where: string): unknown {
  const v = model.variables.get(name)
  if (!v) throw new Error(`${where}: "${name}" is not a variable of the model.`)
  if (!v.input) throw new Error(`${where}: "${name}" is computed; only inputs can be given.`)
  const conv = (x: unknown): unknown => {
    if (v.valueType === 'money' && typeof x === 'number') return Math.round(x * FEN)
    if (v.valueType === 'date' && x instanceof Date) return x.toISOString().slice(0, 10)
    return x
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, conv(x)]))
  }
  return conv(value)
}

/** Builds the engine's household input (yuan → fen, checks names). */
export function householdOf(model: Model, c: CaseFile): HouseholdInput {
  const { members, id, ...rest } = c.household
  const hh: Record<string, unknown> = { id: typeof id === 'string' ? id : 'h', region: c.region }
  for (const [k, v] of Object.entries(rest)) hh[k] = toEngine(model, k, v, c.name)
  hh.members = members.map((m, i) => {
    const { id: mid, role, ...inputs } = m
    const out: MemberInput = { id: String(mid ?? `m${i + 1}`), role: (role ?? 'head') as MemberInput['role'] }
    for (const [k, v] of Object.entries(inputs)) out[k] = toEngine(model, k, v, `${c.name} member ${out.id}`)
    return out
  })
  return hh as HouseholdInput
}

/** The parameter snapshot of a case (with its overrides as a reform overlay at the case region). */
export function snapshotOf(files: ParameterFiles, c: CaseFile): ParameterSnapshot {
  const date = (c.date ?? parsePeriod(c.period).start) as ISODate
  if (!isISODate(date)) throw new Error(`${c.name}: date "${date}" must be YYYY-MM-DD.`)
  const base = resolveParameters(files, { asOf: date, region: c.region })
  if (!c.parameters?.length) return base
  const changes: ParameterChange[] = c.parameters.map((o) => {
    const info = base.info(o.path)
    const money = info.unit.startsWith('fen')
    const cell = o.cell ?? (info.breakdown.length ? undefined : '_default')
    return {
      path: o.path,
      ...(cell ? { cell } : {}),
      region: c.region,
      from: date,
      value: money ? Math.round(o.value * FEN) : o.value,
      legal: [{ id: `case:${c.name}`, title: `Case override (${c.source ?? c.name})`, status: 'ASSUMPTION' }],
    }
  })
  return base.withReform({ id: `case-${c.name}`, label: c.name, parameters: changes })
}

function same(model: Model, name: string, expected: unknown, actual: unknown): boolean {
  const v = model.variables.get(name)
  const norm = (x: unknown) => (v?.valueType === 'money' && typeof x === 'number' ? Math.round(x * FEN) : x)
  if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null) {
    return Object.entries(expected).every(([k, e]) => norm(e) === (actual as Record<string, unknown>)[k])
  }
  if (expected instanceof Date) return expected.toISOString().slice(0, 10) === actual
  return norm(expected) === actual
}

function show(model: Model, name: string, x: unknown): string {
  const v = model.variables.get(name)
  const yuan = (n: unknown) => (v?.valueType === 'money' && typeof n === 'number' ? n / FEN : n)
  if (typeof x === 'object' && x !== null) {
    return JSON.stringify(Object.fromEntries(Object.entries(x).map(([k, n]) => [k, yuan(n)])))
  }
  return JSON.stringify(yuan(x))
}

/** Evaluates a case's household for `outputs` (default: the outputs the case checks) with a full trace. */
export function evaluateCase(model: Model, files: ParameterFiles, c: CaseFile, outputs = caseOutputs(c)): Decision {
  return model.evaluate(householdOf(model, c), {
    period: c.period,
    outputs,
    snapshot: snapshotOf(files, c),
    trace: 'full',
  })
}

/** Runs one case with a full trace and compares outputs, cases fired and parameters read. */
export function runCase(model: Model, files: ParameterFiles, c: CaseFile): CaseResult {
  const failures: string[] = []
  let decision: Decision | undefined
  try {
    decision = evaluateCase(model, files, c)
  } catch (e) {
    return { name: c.name, failures: [(e as Error).message], decision: undefined, paramsRead: [] }
  }
  for (const err of decision.errors) {
    failures.push(`rule conflict in ${err.variable} (${err.labels.join(' vs ')}) for ${err.entity}`)
  }
  for (const [name, expected] of Object.entries(c.expect)) {
    const actual = decision.outputs[name]
    if (!same(model, name, expected, actual)) {
      failures.push(`${name}: expected ${JSON.stringify(expected)}, got ${show(model, name, actual)}`)
    }
  }
  const nodes = flattenTrace(decision.trace ?? []).filter((n) => !n.cached)
  for (const [name, label] of Object.entries(c.expect_cases ?? {})) {
    const fired = nodes.filter((n) => n.variable === name).flatMap((n) => (n.casesFired ?? []).map((f) => f.label))
    if (!fired.includes(label)) failures.push(`${name}: expected case "${label}" to fire, fired [${fired.join(', ')}]`)
  }
  const paramsRead = nodes.flatMap((n: TraceNode) => n.params ?? [])
  for (const want of c.expect_params ?? []) {
    const [path, region] = want.split('@')
    if (!paramsRead.some((p) => p.path === path && (region === undefined || p.region === region))) {
      failures.push(`parameter ${want} was not read`)
    }
  }
  return { name: c.name, failures, decision, paramsRead }
}
