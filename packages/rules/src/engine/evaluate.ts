/** Scalar tree-walking evaluator: one household, memoized, with an optional explanation trace. */
import {
  InvalidInputError,
  MissingInputError,
  NoFormulaError,
  PeriodMismatchError,
  RuleError,
  UnknownVariableError,
} from './errors.ts'
import type { CaseRule, LegalRef, Node, Role } from './ir.ts'
import { roleCode } from './ir.ts'
import type { CompiledVariable, Model } from './model.ts'
import type { ParameterSnapshot } from './parameters.ts'
import {
  numberKey,
  numberStartDay,
  type Period,
  period as parsePeriod,
  periodKey,
  periodNumber,
  type VariablePeriodUnit,
} from './period.ts'
import { monthsBetween, ROUND_MODE_CODE, roundTo, scaleMarginal, scaleSingle, yearsBetween } from './runtime.ts'
import type { CaseFired, TraceLevel, TraceNode } from './trace.ts'
import { fromInternal, toInternal } from './values.ts'

/** A household member: id, role, and person-level inputs (constants or `{ '2026-03': value }`). */
export interface MemberInput {
  /** Member id (unique within the household). */
  id: string
  /** Relation to the head. */
  role: Role
  /** Person-level inputs by variable name. */
  [input: string]: unknown
}

/** A household: id, region code, members, and household-level inputs. */
export interface HouseholdInput {
  /** Household id. */
  id: string
  /** Administrative division code (e.g. `370203`); selects regional parameters. */
  region: string
  /** Members. */
  members: readonly MemberInput[]
  /** Household-level inputs by variable name. */
  [input: string]: unknown
}

/** A scalar query. */
export interface EvaluateQuery {
  /** Period to compute (`2026-03` or a Period). */
  period: Period | string
  /** Variables to compute. */
  outputs: readonly string[]
  /** Resolved parameters (baseline or reform). */
  snapshot: ParameterSnapshot
  /** Trace level (default `none`). */
  trace?: TraceLevel
}

/** Two (or more) exceptions applied at the same level: reported with every citation, never silently resolved. */
export interface RuleConflict {
  /** Variable whose formula has the conflict. */
  variable: string
  /** Period key. */
  period: string
  /** Household or member id. */
  entity: string
  /** Label of the `cases` node. */
  cases: string
  /** Labels of the conflicting rules. */
  labels: string[]
  /** Their citations. */
  legal: LegalRef[]
}

/** Result of one evaluation. Person-level outputs are `{ memberId: value }`. */
export interface Decision {
  /** Household id. */
  householdId: string
  /** Period key. */
  period: string
  /** Output values; `undefined` when a conflict upstream makes them undefined. */
  outputs: Record<string, unknown>
  /** One trace root per output (when requested). */
  trace?: TraceNode[]
  /** Conflicts found (outputs depending on them are undefined). */
  errors: RuleConflict[]
  /** Model version (git sha or IR hash). */
  modelVersion: string
  /** Digest of the parameter snapshot. */
  paramDigest: string
}

interface Frame {
  v: CompiledVariable
  idx: number
  pk: number
  trace: TraceNode | undefined
}

/**
 * Evaluates `query.outputs` for one household.
 * @example
 * const d = evaluate(model, { id: 'h1', region: '370203', members: [{ id: 'a', role: 'head', income: 50000 }] },
 *   { period: '2026-03', outputs: ['benefit'], snapshot, trace: 'full' })
 * d.outputs.benefit // 28400
 * d.trace?.[0]?.caseFired // { cases: 'benefit', label: 'base', legal: [...] }
 */
export function evaluate(model: Model, hh: HouseholdInput, query: EvaluateQuery): Decision {
  const p = typeof query.period === 'string' ? parsePeriod(query.period) : query.period
  const ev = new Evaluator(model, hh, query.snapshot, p, query.trace ?? 'none')
  const outputs: Record<string, unknown> = {}
  const roots: TraceNode[] = []
  const computed: Array<[CompiledVariable, number[]]> = []
  for (const name of query.outputs) {
    const v = model.variables.get(name)
    if (!v) throw new UnknownVariableError(name, [...model.variables.keys()])
    if (v.period !== 'eternity' && v.period !== p.unit) {
      throw new PeriodMismatchError(
        `Output "${name}" is defined per ${v.period} but the query period ${periodKey(p)} is a ${p.unit}. ` +
          `Query it with a ${v.period} period, or add a variable that converts explicitly (sumMonths / yearOf).`,
        { variable: name, period: periodKey(p) },
      )
    }
    const pk = periodNumber(p, v.period)
    const idxs = v.entity === 'household' ? [-1] : hh.members.map((_, i) => i)
    computed.push([v, idxs.map((i) => ev.variable(v, i, pk, roots))])
  }
  for (const [v, values] of computed) {
    const undef = (v.conflictMask & ev.conflictBits) !== 0
    const api = values.map((x) => (undef ? undefined : fromInternal(x, v.valueType)))
    outputs[v.name] = v.entity === 'household' ? api[0] : Object.fromEntries(hh.members.map((m, i) => [m.id, api[i]]))
  }
  return {
    householdId: hh.id,
    period: periodKey(p),
    outputs,
    ...(ev.level !== 'none' ? { trace: roots } : {}),
    errors: ev.conflicts,
    modelVersion: model.version,
    paramDigest: query.snapshot.digest,
  }
}

class Evaluator {
  readonly memo = new Map<string, { value: number; trace: TraceNode | undefined }>()
  readonly stack: Frame[] = []
  readonly conflicts: RuleConflict[] = []
  conflictBits = 0
  readonly roles: number[]
  constructor(
    readonly model: Model,
    readonly hh: HouseholdInput,
    readonly snap: ParameterSnapshot,
    readonly query: Period,
    readonly level: TraceLevel,
  ) {
    this.roles = hh.members.map((m) => roleCode(m.role))
    this.roles.forEach((r, i) => {
      if (r < 0) throw new InvalidInputError(`Member "${hh.members[i]!.id}" has unknown role "${hh.members[i]!.role}".`)
    })
  }

  entityId(idx: number): string {
    return idx < 0 ? this.hh.id : this.hh.members[idx]!.id
  }

  stackKeys(extra?: string): string[] {
    const s = this.stack.map((f) => `${f.v.name}@${numberKey(f.v.period, f.pk)}`)
    return extra ? [...s, extra] : s
  }

  /** Evaluates variable `v` for entity `idx` (-1 = household) in internal period `pk`. */
  variable(v: CompiledVariable, idx: number, pk: number, sink: TraceNode[] | undefined): number {
    const key = `${v.name}|${idx}|${pk}`
    const hit = this.memo.get(key)
    if (hit) {
      if (sink && hit.trace) {
        const t = hit.trace
        sink.push({
          variable: t.variable,
          period: t.period,
          entity: t.entity,
          value: t.value,
          cached: true,
          children: [],
        })
      }
      return hit.value
    }
    const pkKey = numberKey(v.period, pk)
    const trace: TraceNode | undefined =
      this.level === 'none'
        ? undefined
        : { variable: v.name, period: pkKey, entity: this.entityId(idx), value: undefined, children: [] }
    this.stack.push({ v, idx, pk, trace })
    let value: number
    try {
      if (v.input) {
        const r = this.readInput(v, idx, pk)
        if (r === undefined) {
          if (v.default === undefined) {
            throw new MissingInputError(
              v.name,
              pkKey,
              idx < 0 ? `household ${this.hh.id}` : `member ${this.entityId(idx)}`,
              this.stackKeys(),
            )
          }
          value = v.default
        } else value = r
        if (trace) trace.input = true
      } else {
        const day = numberStartDay(v.period, pk)
        const ver = v.versions.find((x) => x.fromDay <= day && day < x.toDay)
        if (!ver) {
          if (v.default === undefined) throw new NoFormulaError(v.name, pkKey, this.stackKeys())
          value = v.default
        } else {
          if (trace && this.level === 'full') {
            trace.version = { from: ver.from, ...(ver.to ? { to: ver.to } : {}), legal: ver.legal }
          }
          value = this.node(ver.node, idx, pk)
        }
      }
    } catch (e) {
      if (e instanceof RuleError || !(e instanceof Error)) throw e
      throw new RuleError('MODEL_INVALID', `Evaluating ${v.name}@${pkKey} failed: ${e.message}`, {
        variable: v.name,
        period: pkKey,
        stack: this.stackKeys(),
      })
    } finally {
      this.stack.pop()
    }
    if (trace) trace.value = fromInternal(value, v.valueType)
    this.memo.set(key, { value, trace })
    sink?.push(...(trace ? [trace] : []))
    return value
  }

  readInput(v: CompiledVariable, idx: number, pk: number): number | undefined {
    const src: Record<string, unknown> = idx < 0 ? this.hh : this.hh.members[idx]!
    const raw = src[v.name]
    if (raw === undefined || raw === null) return undefined
    let val: unknown = raw
    if (typeof raw === 'object') {
      const per = raw as Record<string, unknown>
      const k = numberKey(v.period, pk)
      val = per[k] ?? (v.period === 'month' ? per[k.replace('-', '')] : undefined)
      if (val === undefined || val === null) return undefined
    }
    const n = toInternal(val, v.valueType)
    if (n === undefined) {
      throw new InvalidInputError(
        `Input "${v.name}" on ${this.entityId(idx)} is ${JSON.stringify(val)}, which is not a valid ${JSON.stringify(v.valueType)}.`,
        { variable: v.name, period: numberKey(v.period, pk), stack: this.stackKeys() },
      )
    }
    return n
  }

  get frame(): Frame {
    return this.stack[this.stack.length - 1]!
  }

  ref(name: string): CompiledVariable {
    return this.model.variable(name)
  }

  /** Anchor period number for horizon checks of a unit. */
  anchor(unit: VariablePeriodUnit): number {
    return periodNumber(this.query, unit)
  }

  node(n: Node, idx: number, pk: number): number {
    switch (n.k) {
      case 'const':
        return n.value
      case 'var': {
        const r = this.ref(n.name)
        return this.variable(r, idx, r.period === 'eternity' ? 0 : pk, this.frame.trace?.children)
      }
      case 'household': {
        const r = this.ref(n.name)
        return this.variable(r, -1, r.period === 'eternity' ? 0 : pk, this.frame.trace?.children)
      }
      case 'previous': {
        const r = this.ref(n.name)
        const base = this.node(n.base, idx, pk)
        if (r.input) {
          const got = this.readInput(r, idx, pk - 1)
          return got === undefined ? base : got
        }
        if (this.anchor(r.period) - (pk - 1) > n.horizon) return base
        return this.variable(r, idx, pk - 1, this.frame.trace?.children)
      }
      case 'sumMonths': {
        const r = this.ref(n.name)
        const last = this.frame.v.period === 'year' ? pk * 12 + 11 : pk
        const w = n.nParam ? windowOf(this.param({ k: 'param', t: 'int', path: n.nParam, by: [] }, idx, pk), n.n) : n.n
        let s = 0
        for (let m = last - w + 1; m <= last; m++) s += this.variable(r, idx, m, this.frame.trace?.children)
        return s
      }
      case 'yearOf':
        return this.variable(this.ref(n.name), idx, Math.floor(pk / 12), this.frame.trace?.children)
      case 'param':
        return this.param(n, idx, pk)
      case 'scale': {
        const base = this.node(n.base, idx, pk)
        const s = this.snap.scale(n.path)
        const t = s.brackets.map((b) => b.threshold)
        const value =
          n.kind === 'marginal_rate'
            ? scaleMarginal(
                base,
                t,
                s.brackets.map((b) => b.rate ?? 0),
              )
            : scaleSingle(
                base,
                t,
                s.brackets.map((b) => b.amount ?? 0),
              )
        const tr = this.frame.trace
        if (tr && this.level === 'full') {
          tr.params ??= []
          tr.params.push({ path: n.path, cell: 'scale', value, region: '', since: s.since, legal: s.legal })
        }
        return value
      }
      case 'arith': {
        let r = this.node(n.args[0]!, idx, pk)
        for (let i = 1; i < n.args.length; i++) {
          const b = this.node(n.args[i]!, idx, pk)
          r = n.op === '+' ? r + b : n.op === '-' ? r - b : n.op === '*' ? r * b : r / b
        }
        return r
      }
      case 'unary': {
        const a = this.node(n.a, idx, pk)
        return n.op === 'neg' ? -a : Math.abs(a)
      }
      case 'minmax': {
        const vals = n.args.map((a) => this.node(a, idx, pk))
        return n.op === 'min' ? Math.min(...vals) : Math.max(...vals)
      }
      case 'round':
        return roundTo(this.node(n.x, idx, pk), ROUND_MODE_CODE[n.mode], n.step)
      case 'cmp': {
        const a = this.node(n.a, idx, pk)
        const b = this.node(n.b, idx, pk)
        switch (n.op) {
          case '<':
            return a < b ? 1 : 0
          case '<=':
            return a <= b ? 1 : 0
          case '>':
            return a > b ? 1 : 0
          case '>=':
            return a >= b ? 1 : 0
          case '==':
            return a === b ? 1 : 0
          default:
            return a !== b ? 1 : 0
        }
      }
      case 'logic': {
        const vals = n.args.map((a) => this.node(a, idx, pk))
        return n.op === 'and' ? (vals.every((v) => v) ? 1 : 0) : vals.some((v) => v) ? 1 : 0
      }
      case 'not':
        return this.node(n.a, idx, pk) ? 0 : 1
      case 'where': {
        const c = this.node(n.c, idx, pk)
        const a = this.node(n.a, idx, pk)
        const b = this.node(n.b, idx, pk)
        return c ? a : b
      }
      case 'cases':
        return this.cases(n, idx, pk)
      case 'agg':
        return this.agg(n, pk)
      case 'role':
        return n.roles.includes(this.roles[idx]!) ? 1 : 0
      case 'periodStart':
        return numberStartDay(this.frame.v.period, pk)
      case 'yearsBetween':
        return yearsBetween(this.node(n.from, idx, pk), this.node(n.to, idx, pk))
      case 'monthsBetween':
        return monthsBetween(
          this.node(n.from, idx, pk),
          n.from.t === 'date' ? 1 : 0,
          this.node(n.to, idx, pk),
          n.to.t === 'date' ? 1 : 0,
        )
      case 'external': {
        const args = n.args.map((a) => this.node(a, idx, pk))
        const tr = this.frame.trace
        if (tr && this.level === 'full') {
          tr.externals ??= []
          tr.externals.push(n.name)
        }
        return n.fn(...args)
      }
    }
  }

  param(n: Extract<Node, { k: 'param' }>, idx: number, pk: number): number {
    const cell: Record<string, string | number> = {}
    for (const b of n.by) {
      if (b.literal !== undefined) cell[b.dim] = b.literal
      else {
        const v = this.node(b.node!, idx, pk)
        cell[b.dim] = typeof b.node!.t === 'object' ? (b.node!.t.enum[v] ?? String(v)) : v
      }
    }
    const region = this.hh.region ?? this.snap.region
    const f = this.frame
    let r: ReturnType<ParameterSnapshot['get']>
    if (n.fallback !== undefined) {
      const got = this.snap.tryGet(n.path, n.by.length ? cell : undefined, region)
      if (!got) {
        if (f.trace && this.level === 'full') {
          f.trace.params ??= []
          f.trace.params.push({
            path: n.path,
            cell: this.snap.cellKey(n.path, n.by.length ? cell : undefined),
            value: n.fallback,
            region,
            since: this.snap.asOf,
            legal: [],
            fallback: true,
          })
        }
        return n.fallback
      }
    }
    try {
      r = this.snap.get(n.path, n.by.length ? cell : undefined, region)
    } catch (e) {
      if (e instanceof RuleError) {
        throw new RuleError(e.code, e.message, {
          variable: f.v.name,
          period: numberKey(f.v.period, pk),
          stack: this.stackKeys(),
        })
      }
      throw e
    }
    if (f.trace && this.level === 'full') {
      f.trace.params ??= []
      f.trace.params.push({
        path: n.path,
        cell: this.snap.cellKey(n.path, n.by.length ? cell : undefined),
        value: r.value,
        region: r.region,
        since: r.since,
        legal: r.legal,
      })
    }
    return r.value
  }

  agg(n: Extract<Node, { k: 'agg' }>, pk: number): number {
    const sink = this.frame.trace?.children
    const r = n.name ? this.ref(n.name) : undefined
    const flt = n.filter ? this.ref(n.filter) : undefined
    const rpk = (v: CompiledVariable) => (v.period === 'eternity' ? 0 : pk)
    let acc = n.op === 'max' ? Number.NEGATIVE_INFINITY : n.op === 'min' ? Number.POSITIVE_INFINITY : 0
    let seen = 0
    for (let j = 0; j < this.hh.members.length; j++) {
      const val = r ? this.variable(r, j, rpk(r), sink) : 1
      const pass = flt ? this.variable(flt, j, rpk(flt), sink) : 1
      if (!pass || (n.roles && !n.roles.includes(this.roles[j]!))) continue
      seen = 1
      if (n.op === 'sum' || n.op === 'count') acc += val
      else if (n.op === 'any') acc = val ? 1 : acc
      else if (n.op === 'max') acc = Math.max(val, acc)
      else acc = Math.min(val, acc)
    }
    return (n.op === 'max' || n.op === 'min') && !seen ? 0 : acc
  }

  cases(n: Extract<Node, { k: 'cases' }>, idx: number, pk: number): number {
    const whens = n.exceptions.map((e) => this.node(e.when, idx, pk))
    const thens = n.exceptions.map((e) => this.node(e.value, idx, pk))
    const baseValue = this.node(n.base.value, idx, pk)
    const byParent = new Map<string, number[]>()
    n.exceptions.forEach((e, i) => {
      byParent.set(e.exceptionTo, [...(byParent.get(e.exceptionTo) ?? []), i])
    })
    let conflict: CaseRule[] | undefined
    // Returns [defined, value, winning rule index (-1 = base)] for the subtree under `label`.
    const solve = (label: string, self: number): [boolean, number, number] => {
      const wins: Array<[number, number, number]> = []
      for (const c of byParent.get(label) ?? []) {
        const [d, v, w] = solve(n.exceptions[c]!.label, c)
        if (d) wins.push([c, v, w])
      }
      if (wins.length > 1) {
        conflict ??= wins.map(([c]) => n.exceptions[c]!)
        return [true, Number.NaN, -2]
      }
      if (wins.length === 1) return [true, wins[0]![1], wins[0]![2]]
      if (self < 0) return [true, baseValue, -1]
      return whens[self] ? [true, thens[self]!, self] : [false, 0, -1]
    }
    const [, value, winner] = solve(n.label, -1)
    const f = this.frame
    if (conflict) {
      this.conflictBits |= f.v.conflictBit >= 0 ? 1 << f.v.conflictBit : 0
      this.conflicts.push({
        variable: f.v.name,
        period: numberKey(f.v.period, pk),
        entity: this.entityId(idx),
        cases: n.label,
        labels: conflict.map((c) => c.label),
        legal: conflict.flatMap((c) => [...c.legal]),
      })
    }
    if (f.trace && this.level === 'full') {
      const fired: CaseFired =
        winner === -2
          ? { cases: n.label, label: '!conflict', legal: conflict!.flatMap((c) => [...c.legal]) }
          : winner < 0
            ? { cases: n.label, label: n.label, legal: n.base.legal }
            : { cases: n.label, label: n.exceptions[winner]!.label, legal: n.exceptions[winner]!.legal }
      f.trace.caseFired ??= fired
      f.trace.casesFired ??= []
      f.trace.casesFired.push(fired)
    }
    return value
  }
}

/** Months of a parameter-driven `sumMonths` window: the value truncated to an integer in 0..max (NaN sums nothing). */
export function windowOf(value: number, max: number): number {
  return Math.min(max, Math.max(0, Math.trunc(value)))
}
