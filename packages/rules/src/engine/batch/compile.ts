/** Batch planning: expands (variable, period) instances, stages them around member loops, emits one fused kernel. */
import { ModelError, PeriodMismatchError } from '../errors.ts'
import { windowOf } from '../evaluate.ts'
import type { Node } from '../ir.ts'
import { walk } from '../ir.ts'
import type { CompiledVariable, Model } from '../model.ts'
import type { ParameterSnapshot } from '../parameters.ts'
import { numberKey, numberStartDay, type Period, period as parsePeriod, periodKey, periodNumber } from '../period.ts'
import { runtimeSource } from '../runtime.ts'
import { emitKernel } from './codegen.ts'
import type { ColumnarPopulation } from './columnar.ts'
import { type BatchResult, type RunOptions, runPlan } from './run.ts'

/** A batch query. */
export interface BatchQuery {
  /** Period to compute. */
  period: Period | string
  /** Variables to write (household or person level). */
  outputs: readonly string[]
  /** Resolved parameters (baseline or reform). */
  snapshot: ParameterSnapshot
  /** Household booleans written as bits of a Uint32 reason mask per household (bit i = screens[i]). */
  screens?: readonly string[]
  /** `fused` (default): one loop; `columnar`: one full array per variable (OpenFisca style, for comparison). */
  strategy?: 'fused' | 'columnar'
  /** Variables whose values are read from columns named after them instead of being computed (reform reuse). */
  reuse?: readonly string[]
  /**
   * Reform impact mode: compare `cost` and `eligible` (both among `outputs`, household level) with the baseline
   * columns given to `run` (`opts.impact`) inside the kernel; outputs are not written, the result carries `impact`.
   */
  impact?: { cost: string; eligible: string }
}

/** An input column the kernel reads: the first key present wins, else the default (or base for `previous`). */
export interface ColumnNeed {
  /** Variable. */
  variable: string
  /** Candidate column keys in order. */
  keys: string[]
  /** True when a default or base case makes the column optional. */
  optional: boolean
  /** Entity (row count). */
  entity: 'person' | 'household'
}

/** A parameter table bound at run time (indexed by region code × cell). */
export interface TableNeed {
  /** Parameter path. */
  path: string
  /** Cell keys in index order. */
  cells: string[]
}

/** A compiled batch plan; `source` is the generated kernel for review (`new Function('B', 'h0', 'h1', 'ck', source)`). */
export interface BatchPlan {
  /** Generated kernel body (`new Function('B', 'h0', 'h1', 'ck', source)`; `ck` = chunk index). */
  readonly source: string
  /** Period key. */
  readonly period: string
  /** Outputs written. */
  readonly outputs: readonly string[]
  /** Screens in bit order. */
  readonly screens: readonly string[]
  /** Columns read. */
  readonly columns: readonly ColumnNeed[]
  /** Parameter tables bound at run time. */
  readonly tables: readonly TableNeed[]
  /** Dates (days since 1970-01-01) of the age tables bound at run time (`ageTable`). */
  readonly ages: readonly number[]
  /** Snapshot used. */
  readonly snapshot: ParameterSnapshot
  /** Model. */
  readonly model: Model
  /** Variables computed by the kernel (after `reuse`). */
  readonly computed: readonly string[]
  /** Impact mode (see `BatchQuery.impact`). */
  readonly impact?: { cost: string; eligible: string }
  /** Runs the kernel over a population, on `workers` worker threads (0 = this thread). */
  run(pop: ColumnarPopulation, opts?: RunOptions): Promise<BatchResult>
}

/** One (variable, period) instance in the plan. */
export interface Inst {
  /** Sequence number (also the local name suffix). */
  id: number
  /** Variable. */
  v: CompiledVariable
  /** Internal period number. */
  pk: number
  /** Formula (computed instances). */
  node: Node | undefined
  /** How the value is obtained. */
  kind: 'computed' | 'input' | 'default'
  /** Stage: even = household body, odd = member loop. */
  stage: number
}

/** One member aggregate accumulated inside a member loop. */
export interface AggInst {
  /** Sequence number. */
  id: number
  /** The aggregate node. */
  node: Extract<Node, { k: 'agg' }>
  /** Period number of the aggregated variables. */
  pk: number
  /** Member-loop stage. */
  stage: number
}

/** The instance graph handed to the code generator. */
export interface InstanceGraph {
  /** Items in dependency order. */
  order: Array<Inst | AggInst>
  /** Instance lookup. */
  inst(name: string, pk: number): Inst
  /** Aggregate lookup. */
  agg(node: Node, pk: number): AggInst
  /** Query period number per unit. */
  anchor(unit: CompiledVariable['period']): number
}

/**
 * Generates one fused kernel for (outputs, period, snapshot).
 * @example
 * const plan = model.compileBatch({ period: '2026-03', outputs: ['benefit'], snapshot, screens: ['screen_x'] })
 * const res = await plan.run(pop, { workers: 2 })
 * res.columns.benefit // Float64Array, one value per household (NaN where a rule conflict made it undefined)
 */
export function compileBatch(model: Model, q: BatchQuery): BatchPlan {
  const p = typeof q.period === 'string' ? parsePeriod(q.period) : q.period
  const reuse = new Set(q.reuse ?? [])
  const screens = q.screens ?? []
  for (const s of screens) {
    const v = model.variable(s)
    if (v.valueType !== 'bool' || v.entity !== 'household') {
      throw new ModelError(`Screen "${s}" must be a household bool variable.`, { variable: s })
    }
  }
  if (screens.length > 32) throw new ModelError('At most 32 screens fit in a Uint32 reason mask.')
  if (q.impact) {
    for (const name of [q.impact.cost, q.impact.eligible]) {
      if (!q.outputs.includes(name) || model.variable(name).entity !== 'household') {
        throw new ModelError(`Impact variable "${name}" must be a household output of the plan.`, { variable: name })
      }
    }
  }
  const windows = (path: string, max: number) => longestWindow(q.snapshot, path, max)
  const graph = expand(model, p, [...q.outputs, ...screens], reuse, windows)
  const computed = graph.order.flatMap((i) => ('v' in i && i.kind === 'computed' ? [i.v.name] : []))
  const emitted = emitKernel({
    model,
    graph,
    snapshot: q.snapshot,
    period: p,
    outputs: q.outputs,
    screens,
    strategy: q.strategy ?? 'fused',
    impact: q.impact,
    windows,
  })
  const source = `"use strict";\n${runtimeSource()}\n${emitted.body}`
  const plan: BatchPlan = {
    source,
    period: periodKey(p),
    outputs: [...q.outputs],
    screens: [...screens],
    columns: emitted.columns,
    tables: emitted.tables,
    ages: emitted.ages,
    snapshot: q.snapshot,
    model,
    computed: [...new Set(computed)],
    ...(q.impact ? { impact: { ...q.impact } } : {}),
    run: (pop, opts) => runPlan(plan, pop, opts),
  }
  return Object.freeze(plan)
}

/** Longest parameter-driven `sumMonths` window in a snapshot: the largest value of `path` in any region (≤ max). */
function longestWindow(snapshot: ParameterSnapshot, path: string, max: number): number {
  let w = 0
  for (const region of snapshot.scopes(path)) {
    w = Math.max(w, windowOf(snapshot.tryGet(path, undefined, region)?.value ?? 0, max))
  }
  return w
}

function expand(
  model: Model,
  p: Period,
  names: readonly string[],
  reuse: ReadonlySet<string>,
  windows: (path: string, max: number) => number,
): InstanceGraph {
  const insts = new Map<string, Inst>()
  const aggs = new Map<string, AggInst>()
  const order: Array<Inst | AggInst> = []
  let seq = 0
  const anchor = (unit: CompiledVariable['period']) => periodNumber(p, unit)
  const visit = (name: string, pk: number): Inst => {
    const key = `${name}@${pk}`
    const hit = insts.get(key)
    if (hit) return hit
    const v = model.variable(name)
    const day = numberStartDay(v.period, pk)
    const ver = v.versions.find((x) => x.fromDay <= day && day < x.toDay)
    const reused = reuse.has(name) && pk === anchor(v.period)
    const kind = v.input || reused ? 'input' : ver ? 'computed' : 'default'
    if (kind === 'default' && v.default === undefined) {
      throw new ModelError(`"${name}" has no formula in force for ${numberKey(v.period, pk)} and no default.`)
    }
    const inst: Inst = { id: seq++, v, pk, node: kind === 'computed' ? ver!.node : undefined, kind, stage: 0 }
    insts.set(key, inst)
    if (inst.node) {
      let need = v.entity === 'person' ? 1 : 0
      const dep = (d: Inst) => {
        if (d.kind !== 'computed') return
        need = Math.max(need, d.v.entity === v.entity ? d.stage : d.stage + 1)
      }
      walk(inst.node, (n) => {
        switch (n.k) {
          case 'var':
          case 'household': {
            const r = model.variable(n.name)
            dep(visit(n.name, r.period === 'eternity' ? 0 : pk))
            break
          }
          case 'yearOf':
            dep(visit(n.name, Math.floor(pk / 12)))
            break
          case 'sumMonths': {
            const last = v.period === 'year' ? pk * 12 + 11 : pk
            const len = n.nParam ? windows(n.nParam, n.n) : n.n
            for (let m = last - len + 1; m <= last; m++) dep(visit(n.name, m))
            break
          }
          case 'previous': {
            const r = model.variable(n.name)
            if (!r.input && anchor(r.period) - (pk - 1) <= n.horizon) dep(visit(n.name, pk - 1))
            break
          }
          case 'agg': {
            const a = visitAgg(n, pk)
            need = Math.max(need, a.stage + 1)
            break
          }
        }
      })
      inst.stage = v.entity === 'person' ? need | 1 : need + (need & 1)
    }
    order.push(inst)
    return inst
  }
  const visitAgg = (n: Extract<Node, { k: 'agg' }>, pk: number): AggInst => {
    const key = `${JSON.stringify(n)}@${pk}`
    const hit = aggs.get(key)
    if (hit) return hit
    let need = 1
    for (const name of [n.name, n.filter]) {
      if (!name) continue
      const r = model.variable(name)
      const d = visit(name, r.period === 'eternity' ? 0 : pk)
      if (d.kind === 'computed') need = Math.max(need, d.stage)
    }
    const a: AggInst = { id: seq++, node: n, pk, stage: need | 1 }
    aggs.set(key, a)
    order.push(a)
    return a
  }
  for (const name of names) {
    const v = model.variable(name)
    if (v.period !== 'eternity' && v.period !== p.unit) {
      throw new PeriodMismatchError(
        `Output "${name}" is per ${v.period}; the batch period ${periodKey(p)} is a ${p.unit}.`,
        {
          variable: name,
        },
      )
    }
    visit(name, periodNumber(p, v.period))
  }
  return {
    order,
    inst: (name, pk) => insts.get(`${name}@${pk}`)!,
    agg: (node, pk) => aggs.get(`${JSON.stringify(node)}@${pk}`)!,
    anchor,
  }
}
