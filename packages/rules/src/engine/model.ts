/** Variable declarations and `buildModel`: materialises formulas into IR, checks them, builds the static DAG. */
import type { BatchPlan, BatchQuery } from './batch/compile.ts'
import { compileBatch } from './batch/compile.ts'
import { createBuilder, type XOf } from './builder.ts'
import { CycleError, ModelError, UnknownVariableError } from './errors.ts'
import type { Decision, EvaluateQuery, HouseholdInput } from './evaluate.ts'
import { evaluate } from './evaluate.ts'
import { fnv1a64, stableStringify } from './hash.ts'
import type { EntityKey, Expr, LegalRef, Node, TsOf, ValueType, VarRef } from './ir.ts'
import { walk } from './ir.ts'
import { daysFromISO, type ISODate, isISODate, type VariablePeriodUnit } from './period.ts'
import { toInternal } from './values.ts'

/** A bilingual label. */
export interface Label {
  /** Chinese (zh-CN). */
  zh: string
  /** English. */
  en: string
}

/** One dated formula version of a variable. */
export interface FormulaVersion<V extends ValueType, E extends EntityKey> {
  /** First day the formula applies (inclusive). */
  from: ISODate
  /** Day the formula stops applying (exclusive); open-ended when omitted. */
  to?: ISODate
  /** Provisions this version implements (at least one). */
  legal: readonly LegalRef[]
  /** Builds the formula IR from the builder `x`. */
  formula: (x: XOf<E>) => Expr<V, E>
}

/** Declaration of a variable (input or computed). */
export interface VariableDef<V extends ValueType, E extends EntityKey> {
  /** Unique snake_case name. */
  name: string
  /** Entity: `person` or `household`. */
  entity: E
  /** Value type (`money` is integer fen). */
  valueType: V
  /** Definition period unit. */
  period: VariablePeriodUnit
  /** Whether the amount accumulates over time (flow) or is a level at an instant (stock). */
  quantity?: 'flow' | 'stock'
  /** Display label in Chinese and English. */
  label: Label
  /** General citations for the concept (versions carry their own). */
  legal?: readonly LegalRef[]
  /** Display unit, e.g. `fen/month`. */
  unit?: string
  /** Provided by data, never computed. */
  input?: boolean
  /** Value when an input is absent or before the first formula version. */
  default?: TsOf<V>
  /** Dated formula versions (computed variables). */
  versions?: readonly FormulaVersion<V, E>[]
}

/** A declared variable; usable as a reference in formulas. */
export type Variable<V extends ValueType = ValueType, E extends EntityKey = EntityKey> = Readonly<VariableDef<V, E>> &
  VarRef<V, E>

/**
 * Declares a variable. Formulas are built lazily by `buildModel`, so variables may reference ones declared later.
 * @example
 * const income = defineVariable({ name: 'income', entity: 'person', valueType: 'money', period: 'month',
 *   input: true, default: 0, label: { zh: '收入', en: 'Income' } })
 * const hhIncome = defineVariable({ name: 'hh_income', entity: 'household', valueType: 'money', period: 'month',
 *   label: { zh: '家庭收入', en: 'Household income' },
 *   versions: [{ from: '2021-01-01', legal: [{ id: 'x', title: 'Example' }], formula: (x) => x.sum(income) }] })
 */
export function defineVariable<V extends ValueType, E extends EntityKey>(def: VariableDef<V, E>): Variable<V, E> {
  if (!/^[a-z][a-z0-9_]*$/.test(def.name)) {
    throw new ModelError(`Variable name "${def.name}" must be snake_case ([a-z][a-z0-9_]*).`, { variable: def.name })
  }
  if (def.input && def.versions?.length) {
    throw new ModelError(`"${def.name}" is an input and cannot have formula versions.`, { variable: def.name })
  }
  if (!def.input && !def.versions?.length) {
    throw new ModelError(`"${def.name}" needs formula versions or input: true.`, { variable: def.name })
  }
  return Object.freeze({ ...def }) as Variable<V, E>
}

/** A formula version materialised as IR. */
export interface CompiledVersion {
  /** First day (inclusive). */
  from: ISODate
  /** Last day, exclusive (undefined = open). */
  to: ISODate | undefined
  /** `from` as days since 1970-01-01. */
  fromDay: number
  /** `to` as days since 1970-01-01 (Infinity when open). */
  toDay: number
  /** Citations. */
  legal: readonly LegalRef[]
  /** The formula IR. */
  node: Node
}

/** A variable as the back-ends see it. */
export interface CompiledVariable {
  /** Name. */
  name: string
  /** Entity. */
  entity: EntityKey
  /** Value type. */
  valueType: ValueType
  /** Period unit. */
  period: VariablePeriodUnit
  /** Labels. */
  label: Label
  /** Concept-level citations. */
  legal: readonly LegalRef[]
  /** Display unit. */
  unit: string | undefined
  /** Input (never computed). */
  input: boolean
  /** Internal default value, if declared. */
  default: number | undefined
  /** Formula versions, sorted by `from`. */
  versions: CompiledVersion[]
  /** Variables read in the same or a converted period (edges checked for cycles). */
  deps: string[]
  /** Variables read one period earlier via `previous` (not cycle edges). */
  prevDeps: string[]
  /** Parameter paths read. */
  params: string[]
  /** Conflict bit (0..31) if the formulas contain exceptions, else -1. */
  conflictBit: number
  /** Conflict bits of this variable and everything upstream. */
  conflictMask: number
}

/** The static dependency graph (variables and `param:<path>` nodes). */
export interface DependencyGraph {
  /** Direct dependencies of a variable (variables and `param:` nodes, including previous-period edges). */
  deps(name: string): readonly string[]
  /** Nodes that directly depend on `node`. */
  dependents(node: string): readonly string[]
  /** Every node downstream of `nodes` (exclusive of the start nodes unless reached again). */
  downstream(nodes: Iterable<string>): Set<string>
  /** Every variable upstream of `names` (inclusive). */
  upstream(names: Iterable<string>): Set<string>
}

/** A checked, topologically ordered model. */
export interface Model {
  /** Version: the given string (e.g. git sha) or a hash of the IR. */
  readonly version: string
  /** Variables by name. */
  readonly variables: ReadonlyMap<string, CompiledVariable>
  /** Variable names in dependency order (dependencies first). */
  readonly order: readonly string[]
  /** Static DAG. */
  readonly graph: DependencyGraph
  /** A variable by name; throws `UnknownVariableError`. */
  variable(name: string): CompiledVariable
  /** Evaluates one household with an optional trace (see `evaluate`). */
  evaluate(household: HouseholdInput, query: EvaluateQuery): Decision
  /** Generates a fused batch kernel (see `compileBatch`). */
  compileBatch(query: BatchQuery): BatchPlan
}

/**
 * Builds formulas into IR, checks references, periods and cycles, and orders variables topologically.
 * Variables referenced by formulas are included automatically.
 * @example
 * const model = buildModel([hhIncome], { version: 'git:abc123' })
 * model.order // ['income', 'hh_income']
 */
export function buildModel(variables: readonly Variable[], opts: { version?: string } = {}): Model {
  const defs = new Map<string, Variable>()
  const queue = [...variables]
  const compiled = new Map<string, CompiledVariable>()
  while (queue.length) {
    const v = queue.shift()!
    const seen = defs.get(v.name)
    if (seen) {
      if (seen !== v) throw new ModelError(`Two different variables are named "${v.name}".`, { variable: v.name })
      continue
    }
    defs.set(v.name, v)
    const refs = new Set<VarRef>()
    compiled.set(v.name, compileVariable(v, refs))
    for (const r of refs) queue.push(r as Variable)
  }
  const order = topoOrder(compiled)
  assignConflictBits(compiled, order)
  const graph = makeGraph(compiled)
  const version = opts.version ?? `ir-${fnv1a64(stableStringify([...compiled.values()]))}`
  const model: Model = {
    version,
    variables: compiled,
    order,
    graph,
    variable(name) {
      const v = compiled.get(name)
      if (!v) throw new UnknownVariableError(name, [...compiled.keys()])
      return v
    },
    evaluate: (household, query) => evaluate(model, household, query),
    compileBatch: (query) => compileBatch(model, query),
  }
  return Object.freeze(model)
}

function compileVariable(v: Variable, refs: Set<VarRef>): CompiledVariable {
  const versions: CompiledVersion[] = []
  for (const ver of v.versions ?? []) {
    if (!isISODate(ver.from) || (ver.to !== undefined && !isISODate(ver.to))) {
      throw new ModelError(`"${v.name}": version dates must be YYYY-MM-DD (got ${ver.from}..${ver.to ?? ''}).`)
    }
    if (!ver.legal.length) {
      throw new ModelError(`"${v.name}" version from ${ver.from} has no legal reference; cite the provision.`, {
        variable: v.name,
      })
    }
    const x = createBuilder({ variable: v.name, entity: v.entity, period: v.period, refs })
    const node = (ver.formula as (x: unknown) => Node)(x)
    const to = ver.to
    versions.push({
      from: ver.from,
      to,
      fromDay: daysFromISO(ver.from),
      toDay: to ? daysFromISO(to) : Number.POSITIVE_INFINITY,
      legal: ver.legal,
      node,
    })
  }
  versions.sort((a, b) => a.fromDay - b.fromDay)
  for (let i = 1; i < versions.length; i++) {
    if (versions[i]!.fromDay < versions[i - 1]!.toDay) {
      throw new ModelError(`"${v.name}": versions from ${versions[i - 1]!.from} and ${versions[i]!.from} overlap.`)
    }
  }
  const deps = new Set<string>()
  const prevDeps = new Set<string>()
  const params = new Set<string>()
  let hasExceptions = false
  for (const ver of versions) {
    walk(ver.node, (n) => {
      if (n.k === 'var' || n.k === 'household' || n.k === 'sumMonths' || n.k === 'yearOf') deps.add(n.name)
      if (n.k === 'sumMonths' && n.nParam) params.add(n.nParam)
      else if (n.k === 'previous') prevDeps.add(n.name)
      else if (n.k === 'agg') {
        if (n.name) deps.add(n.name)
        if (n.filter) deps.add(n.filter)
      } else if (n.k === 'param' || n.k === 'scale') params.add(n.path)
      else if (n.k === 'cases' && n.exceptions.length) hasExceptions = true
    })
  }
  let def: number | undefined
  if (v.default !== undefined) {
    def = toInternal(v.default, v.valueType)
    if (def === undefined) throw new ModelError(`"${v.name}": default ${String(v.default)} does not fit its type.`)
  }
  return {
    name: v.name,
    entity: v.entity,
    valueType: v.valueType,
    period: v.period,
    label: v.label,
    legal: v.legal ?? [],
    unit: v.unit,
    input: v.input === true,
    default: def,
    versions,
    deps: [...deps],
    prevDeps: [...prevDeps],
    params: [...params],
    conflictBit: hasExceptions ? 0 : -1,
    conflictMask: 0,
  }
}

function topoOrder(vars: Map<string, CompiledVariable>): string[] {
  const state = new Map<string, 1 | 2>()
  const order: string[] = []
  const stack: string[] = []
  const visit = (name: string): void => {
    const s = state.get(name)
    if (s === 2) return
    if (s === 1) {
      const from = stack.indexOf(name)
      throw new CycleError([...stack.slice(from), name])
    }
    state.set(name, 1)
    stack.push(name)
    for (const d of vars.get(name)!.deps) visit(d)
    stack.pop()
    state.set(name, 2)
    order.push(name)
  }
  for (const name of [...vars.keys()].sort()) visit(name)
  return order
}

function assignConflictBits(vars: Map<string, CompiledVariable>, order: string[]): void {
  let next = 0
  for (const name of order) {
    const v = vars.get(name)!
    if (v.conflictBit >= 0) v.conflictBit = Math.min(next++, 31)
  }
  let changed = true
  while (changed) {
    changed = false
    for (const name of order) {
      const v = vars.get(name)!
      let m = v.conflictBit >= 0 ? 1 << v.conflictBit : 0
      for (const d of [...v.deps, ...v.prevDeps]) m |= vars.get(d)!.conflictMask
      if (m !== v.conflictMask) {
        v.conflictMask = m
        changed = true
      }
    }
  }
}

function makeGraph(vars: Map<string, CompiledVariable>): DependencyGraph {
  const deps = new Map<string, string[]>()
  const dependents = new Map<string, string[]>()
  for (const v of vars.values()) {
    const ds = [...new Set([...v.deps, ...v.prevDeps]), ...v.params.map((p) => `param:${p}`)]
    deps.set(v.name, ds)
    for (const d of ds) {
      const list = dependents.get(d) ?? []
      list.push(v.name)
      dependents.set(d, list)
    }
  }
  const closure = (start: Iterable<string>, next: (n: string) => readonly string[], inclusive: boolean) => {
    const out = new Set<string>()
    const todo = [...start]
    if (inclusive) for (const s of todo) out.add(s)
    while (todo.length) {
      for (const n of next(todo.pop()!)) {
        if (!out.has(n)) {
          out.add(n)
          todo.push(n)
        }
      }
    }
    return out
  }
  return {
    deps: (n) => deps.get(n) ?? [],
    dependents: (n) => dependents.get(n) ?? [],
    downstream: (nodes) => closure(nodes, (n) => dependents.get(n) ?? [], false),
    upstream: (names) =>
      new Set([...closure(names, (n) => deps.get(n) ?? [], true)].filter((n) => !n.startsWith('param:'))),
  }
}
