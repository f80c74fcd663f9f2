/** The typed expression builder handed to formulas as `x`. It produces plain-data IR nodes. */
import { ModelError, PeriodMismatchError } from './errors.ts'
import {
  type AggOp,
  type CmpOp,
  type EntityKey,
  type EnumType,
  type Expr,
  type ExternalFn,
  type LegalRef,
  type Node,
  type NumType,
  type ParamKey,
  type Role,
  type RoundMode,
  roleCode,
  type ScaleKind,
  typeName,
  type ValueType,
  type VarRef,
} from './ir.ts'
import type { VariablePeriodUnit } from './period.ts'

/** Longest `sumMonths` window (also the bound of a parameter-driven window). */
export const MAX_MONTHS = 120

/** A numeric operand: an expression or a number literal. */
export type NumOperand<E extends EntityKey> = Expr<NumType, E> | number
/** Which members an aggregate looks at: by role and/or a person-level boolean. */
export interface MemberFilter {
  /** Only members with this role (or one of these roles). */
  role?: Role | readonly Role[]
  /** Only members for whom this person-level boolean is true. */
  where?: VarRef<'bool', 'person'>
}
/** One labelled exception passed to `x.cases`. */
export interface CaseInput<V extends ValueType, E extends EntityKey> {
  /** Unique label (shown in traces and conflict errors). */
  label: string
  /** Label of the rule this one is an exception to; defaults to the base label. */
  exceptionTo?: string
  /** When the rule applies. */
  when: Expr<'bool', E>
  /** Value if the rule wins. */
  value: Expr<V, E> | number
  /** Provision establishing the exception. */
  legal: readonly LegalRef[]
}

/** Builder operations available on every entity. */
export interface CommonX<E extends EntityKey> {
  /** Number literal of type `number` (or the given numeric type). */
  c<V extends NumType = 'number'>(value: number, type?: V): Expr<V, E>
  /** Boolean literal. */
  bool(value: boolean): Expr<'bool', E>
  /** Value of a same-entity variable in the current period (eternity variables may be read from any period). */
  v<V extends ValueType>(ref: VarRef<V, E>): Expr<V, E>
  /**
   * Parameter value for the household's region, optionally for a breakdown cell, e.g. `{ area: x.v(area) }`.
   * `fallback` is read when no value is in force for the region or cell, so a branch that is not taken (e.g. the
   * urban standard of a county that sets only a rural one) does not make the decision fail; use `NaN` (undefined)
   * unless a neutral value is meant. The trace marks such a read `fallback: true`.
   */
  p<V extends NumType = 'number'>(
    path: string,
    by?: Record<string, Expr<ValueType, E> | string | number>,
    opts?: { fallback?: number },
  ): Expr<V, E>
  /** An enum literal: the member of `type` as a typed constant (checked when the model is built). */
  enumLit<T extends EnumType>(type: T, member: T['enum'][number]): Expr<T, E>
  /** Scale (bracket) parameter applied to `base`. */
  scale(path: string, base: Expr<'money', E>, kind: ScaleKind): Expr<'money', E>
  /** Sum, left to right. */
  add<V extends NumType>(a: Expr<V, E>, ...rest: NumOperand<E>[]): Expr<V, E>
  /** `a − b`. */
  sub<V extends NumType>(a: Expr<V, E>, b: NumOperand<E>): Expr<V, E>
  /** Product, left to right; money × rate stays money (round it explicitly). */
  mul<V extends NumType>(a: Expr<V, E>, ...rest: NumOperand<E>[]): Expr<V, E>
  /** `a / b` (IEEE: division by zero gives ±Infinity or NaN). */
  div<V extends NumType>(a: Expr<V, E>, b: NumOperand<E>): Expr<V, E>
  /** `−a`. */
  neg<V extends NumType>(a: Expr<V, E>): Expr<V, E>
  /** `|a|`. */
  abs<V extends NumType>(a: Expr<V, E>): Expr<V, E>
  /** Smallest operand. */
  min<V extends NumType>(a: Expr<V, E>, ...rest: NumOperand<E>[]): Expr<V, E>
  /** Largest operand. */
  max<V extends NumType>(a: Expr<V, E>, ...rest: NumOperand<E>[]): Expr<V, E>
  /** Rounds to a multiple of `step` (e.g. 100 fen = whole yuan) with a cited rounding rule. */
  round<V extends NumType>(x: Expr<V, E>, mode: RoundMode, step: number, legal?: readonly LegalRef[]): Expr<V, E>
  /** `a < b`. */
  lt(a: NumOperand<E> | Expr<'date', E>, b: NumOperand<E> | Expr<'date', E>): Expr<'bool', E>
  /** `a ≤ b`. */
  le(a: NumOperand<E> | Expr<'date', E>, b: NumOperand<E> | Expr<'date', E>): Expr<'bool', E>
  /** `a > b`. */
  gt(a: NumOperand<E> | Expr<'date', E>, b: NumOperand<E> | Expr<'date', E>): Expr<'bool', E>
  /** `a ≥ b`. */
  ge(a: NumOperand<E> | Expr<'date', E>, b: NumOperand<E> | Expr<'date', E>): Expr<'bool', E>
  /** Equality; an enum expression may be compared with a member name. */
  eq(a: Expr<ValueType, E>, b: Expr<ValueType, E> | number | string): Expr<'bool', E>
  /** Inequality. */
  ne(a: Expr<ValueType, E>, b: Expr<ValueType, E> | number | string): Expr<'bool', E>
  /** True when an enum expression is one of `members`. */
  is<T extends EnumType>(a: Expr<T, E>, ...members: T['enum'][number][]): Expr<'bool', E>
  /** Logical and. */
  and(...args: Expr<'bool', E>[]): Expr<'bool', E>
  /** Logical or. */
  or(...args: Expr<'bool', E>[]): Expr<'bool', E>
  /** Logical not. */
  not(a: Expr<'bool', E>): Expr<'bool', E>
  /** `c ? a : b` (both branches are evaluated, as in the batch kernel). */
  where<V extends ValueType>(c: Expr<'bool', E>, a: Expr<V, E> | number, b: Expr<NoInfer<V>, E> | number): Expr<V, E>
  /**
   * Catala-style labelled cases: a base rule plus exceptions (`exceptionTo` builds the exception tree).
   * Two exceptions that apply at the same level are a conflict, reported with both citations.
   */
  cases<V extends ValueType>(
    label: string,
    base: { value: Expr<V, E> | number; legal: readonly LegalRef[] },
    exceptions: readonly CaseInput<V, E>[],
  ): Expr<V, E>
  /** Value of `ref` one period earlier; `base` applies when there is no earlier input or past `horizon` periods. */
  previous<V extends ValueType>(ref: VarRef<V, E>, opts: { base: Expr<V, E> | number; horizon?: number }): Expr<V, E>
  /**
   * Explicit month→longer conversion: sum of a monthly variable over the `n` months ending this period. `n` may be a
   * parameter path (integer months per region, e.g. `'dibao.income_months'`; at most 120).
   */
  sumMonths<V extends NumType>(ref: VarRef<V, E>, n: number | string): Expr<V, E>
  /** Explicit year→month conversion: the value of a yearly variable for the year containing this month. */
  yearOf<V extends ValueType>(ref: VarRef<V, E>): Expr<V, E>
  /** First day of the period being computed. */
  periodStart(): Expr<'date', E>
  /** Whole years from `from` to `to` (age on a date). */
  yearsBetween(from: Expr<'date', E>, to: Expr<'date', E>): Expr<'int', E>
  /**
   * Calendar months from the month of `from` to the month of `to` (day of month ignored). Each side is a date or an
   * int `yyyymm` month (e.g. an identification month 202401).
   */
  monthsBetween(from: Expr<'date' | 'int', E>, to: Expr<'date' | 'int', E>): Expr<'int', E>
  /**
   * Opaque escape hatch: a pure, self-contained function (its source is embedded in batch kernels, so it must not
   * close over variables). Traces show its inputs and output but cannot explain it.
   */
  external<V extends ValueType>(name: string, type: V, args: readonly Expr<ValueType, E>[], fn: ExternalFn): Expr<V, E>
}

/** Builder for person-level formulas. */
export interface PersonX extends CommonX<'person'> {
  /** The member's household's value of a household variable. */
  household<V extends ValueType>(ref: VarRef<V, 'household'>): Expr<V, 'person'>
  /** True when the member has one of `roles`. */
  hasRole(...roles: Role[]): Expr<'bool', 'person'>
}

/** Builder for household-level formulas: adds member aggregates. */
export interface HouseholdX extends CommonX<'household'> {
  /** Sum of a person variable over (filtered) members; booleans count as 0/1. */
  sum<V extends NumType>(ref: VarRef<V | 'bool', 'person'>, filter?: MemberFilter): Expr<V, 'household'>
  /** True if the person boolean holds for some (filtered) member. */
  any(ref: VarRef<'bool', 'person'>, filter?: MemberFilter): Expr<'bool', 'household'>
  /** Number of (filtered) members. */
  count(filter?: MemberFilter): Expr<'int', 'household'>
  /** Smallest value over (filtered) members; 0 when none. */
  minOf<V extends NumType>(ref: VarRef<V, 'person'>, filter?: MemberFilter): Expr<V, 'household'>
  /** Largest value over (filtered) members; 0 when none. */
  maxOf<V extends NumType>(ref: VarRef<V, 'person'>, filter?: MemberFilter): Expr<V, 'household'>
}

/** The builder type for entity `E`. */
export type XOf<E extends EntityKey> = E extends 'person' ? PersonX : HouseholdX

/** Context of the formula being built, used for static checks. */
export interface BuildContext {
  /** Variable whose formula is being built. */
  variable: string
  /** Its entity. */
  entity: EntityKey
  /** Its period unit. */
  period: VariablePeriodUnit
  /** Collects every variable referenced (auto-included in the model). */
  refs: Set<VarRef>
}

const BOOL: ValueType = 'bool'

function isRef(a: unknown): a is VarRef {
  return typeof a === 'object' && a !== null && 'valueType' in a && 'entity' in a && !('k' in a)
}

/** Creates the formula builder for one variable; used by `buildModel`. */
export function createBuilder(ctx: BuildContext): PersonX & HouseholdX {
  const fail = (msg: string): never => {
    throw new ModelError(`In the formula of "${ctx.variable}": ${msg}`, { variable: ctx.variable })
  }
  const lit = (a: Node | number): Node => (typeof a === 'number' ? { k: 'const', t: 'number', value: a } : a)
  const numeric = (n: Node, what: string): Node => {
    if (typeof n.t !== 'string' || n.t === 'bool') fail(`${what} needs a number, got ${typeName(n.t)}.`)
    return n
  }
  const use = (ref: VarRef, entity: EntityKey): void => {
    if (!isRef(ref)) fail('expected a variable reference (the value returned by defineVariable).')
    if (ref.entity !== entity) {
      fail(
        `"${ref.name}" is a ${ref.entity} variable but is read as ${entity}. ` +
          (entity === 'household' ? 'Use x.sum/any/count/maxOf over members.' : 'Use x.household(ref).'),
      )
    }
    ctx.refs.add(ref)
  }
  const samePeriod = (ref: VarRef): void => {
    if (ref.period !== ctx.period && ref.period !== 'eternity') {
      throw new PeriodMismatchError(
        `"${ctx.variable}" (${ctx.period}) reads "${ref.name}" (${ref.period}) without a conversion. ` +
          (ref.period === 'month' ? 'Use x.sumMonths(ref, n).' : 'Use x.yearOf(ref).'),
        { variable: ctx.variable },
      )
    }
  }
  const filterOf = (f?: MemberFilter): { roles: number[] | null; filter: string | null } => {
    let roles: number[] | null = null
    if (f?.role !== undefined) {
      const list: readonly string[] = typeof f.role === 'string' ? [f.role] : f.role
      roles = list.map((r) => {
        const c = roleCode(r)
        if (c < 0) fail(`unknown role "${r}".`)
        return c
      })
    }
    if (f?.where) {
      use(f.where, 'person')
      if (f.where.valueType !== 'bool') fail(`member filter "${f.where.name}" must be a bool variable.`)
    }
    return { roles, filter: f?.where ? f.where.name : null }
  }
  const agg = (op: AggOp, ref: VarRef | null, f: MemberFilter | undefined, t: ValueType): Node => {
    if (ctx.entity !== 'household') fail(`member aggregates (${op}) are only available in household formulas.`)
    if (ref) {
      use(ref, 'person')
      samePeriod(ref)
    }
    return { k: 'agg', t, op, name: ref ? ref.name : null, ...filterOf(f) }
  }
  const cmp = (op: CmpOp, a: Node | number, b: Node | number | string): Node => {
    const na = lit(a)
    let nb: Node
    if (typeof b === 'string') {
      if (typeof na.t === 'string') fail(`cannot compare ${typeName(na.t)} with "${b}".`)
      const code = (na.t as EnumType).enum.indexOf(b)
      if (code < 0) fail(`"${b}" is not one of ${typeName(na.t)}.`)
      nb = { k: 'const', t: na.t, value: code }
    } else nb = lit(b)
    return { k: 'cmp', t: BOOL, op, a: na, b: nb }
  }
  const arith = (op: '+' | '-' | '*' | '/', a: Node, rest: (Node | number)[]): Node => {
    numeric(a, `"${op}"`)
    return { k: 'arith', t: a.t, op, args: [a, ...rest.map((r) => numeric(lit(r), `"${op}"`))] }
  }
  const minmax = (op: 'min' | 'max', a: Node, rest: (Node | number)[]): Node => ({
    k: 'minmax',
    t: numeric(a, op).t,
    op,
    args: [a, ...rest.map((r) => numeric(lit(r), op))],
  })
  const x = {
    c: (value: number, type: ValueType = 'number') => ({ k: 'const', t: type, value }),
    bool: (value: boolean) => ({ k: 'const', t: BOOL, value: value ? 1 : 0 }),
    v: (ref: VarRef) => {
      use(ref, ctx.entity)
      samePeriod(ref)
      return { k: 'var', t: ref.valueType, name: ref.name }
    },
    household: (ref: VarRef) => {
      if (ctx.entity !== 'person') fail('x.household() is only available in person formulas.')
      use(ref, 'household')
      samePeriod(ref)
      return { k: 'household', t: ref.valueType, name: ref.name }
    },
    hasRole: (...roles: Role[]) => {
      if (ctx.entity !== 'person') fail('x.hasRole() is only available in person formulas.')
      const f = filterOf({ role: roles })
      return { k: 'role', t: BOOL, roles: f.roles ?? [] }
    },
    p: (path: string, by: Record<string, Node | string | number> = {}, opts: { fallback?: number } = {}) => {
      const keys: ParamKey[] = Object.entries(by).map(([dim, key]) =>
        typeof key === 'string' || typeof key === 'number' ? { dim, literal: String(key) } : { dim, node: key },
      )
      if (opts.fallback !== undefined && typeof opts.fallback !== 'number') fail(`p("${path}"): fallback is a number.`)
      return {
        k: 'param',
        t: 'number',
        path,
        by: keys,
        ...(opts.fallback !== undefined ? { fallback: opts.fallback } : {}),
      }
    },
    enumLit: (type: EnumType, member: string) => {
      const value = type.enum.indexOf(member)
      if (value < 0) fail(`"${member}" is not one of ${type.enum.join(', ')}.`)
      return { k: 'const', t: type, value }
    },
    scale: (path: string, base: Node, kind: ScaleKind) => ({
      k: 'scale',
      t: 'money',
      path,
      base: numeric(base, 'scale'),
      kind,
    }),
    add: (a: Node, ...rest: (Node | number)[]) => arith('+', a, rest),
    sub: (a: Node, b: Node | number) => arith('-', a, [b]),
    mul: (a: Node, ...rest: (Node | number)[]) => arith('*', a, rest),
    div: (a: Node, b: Node | number) => arith('/', a, [b]),
    neg: (a: Node) => ({ k: 'unary', t: numeric(a, 'neg').t, op: 'neg', a }),
    abs: (a: Node) => ({ k: 'unary', t: numeric(a, 'abs').t, op: 'abs', a }),
    min: (a: Node, ...rest: (Node | number)[]) => minmax('min', a, rest),
    max: (a: Node, ...rest: (Node | number)[]) => minmax('max', a, rest),
    maxOf: (ref: VarRef, f?: MemberFilter) => agg('max', ref, f, ref.valueType),
    minOf: (ref: VarRef, f?: MemberFilter) => agg('min', ref, f, ref.valueType),
    sum: (ref: VarRef, f?: MemberFilter) => agg('sum', ref, f, ref.valueType === 'bool' ? 'int' : ref.valueType),
    any: (ref: VarRef, f?: MemberFilter) => agg('any', ref, f, BOOL),
    count: (f?: MemberFilter) => agg('count', null, f, 'int'),
    round: (xn: Node, mode: RoundMode, step: number, legal: readonly LegalRef[] = []) => {
      if (!(step > 0)) fail(`round step must be positive, got ${step}.`)
      return { k: 'round', t: numeric(xn, 'round').t, x: xn, mode, step, legal }
    },
    lt: (a: Node | number, b: Node | number) => cmp('<', a, b),
    le: (a: Node | number, b: Node | number) => cmp('<=', a, b),
    gt: (a: Node | number, b: Node | number) => cmp('>', a, b),
    ge: (a: Node | number, b: Node | number) => cmp('>=', a, b),
    eq: (a: Node, b: Node | number | string) => cmp('==', a, b),
    ne: (a: Node, b: Node | number | string) => cmp('!=', a, b),
    is: (a: Node, ...members: string[]) => {
      const parts = members.map((m) => cmp('==', a, m))
      return parts.length === 1 ? parts[0] : { k: 'logic', t: BOOL, op: 'or', args: parts }
    },
    and: (...args: Node[]) => ({ k: 'logic', t: BOOL, op: 'and', args }),
    or: (...args: Node[]) => ({ k: 'logic', t: BOOL, op: 'or', args }),
    not: (a: Node) => ({ k: 'not', t: BOOL, a }),
    where: (c: Node, a: Node | number, b: Node | number) => {
      const na = lit(a)
      const nb = lit(b)
      return { k: 'where', t: typeof a === 'number' ? nb.t : na.t, c, a: na, b: nb }
    },
    cases: (
      label: string,
      base: { value: Node | number; legal: readonly LegalRef[] },
      exceptions: readonly CaseInput<ValueType, EntityKey>[],
    ) => {
      const labels = new Set([label])
      for (const e of exceptions) {
        if (labels.has(e.label)) fail(`cases "${label}": duplicate label "${e.label}".`)
        labels.add(e.label)
      }
      for (const e of exceptions) {
        if (e.exceptionTo !== undefined && !labels.has(e.exceptionTo)) {
          fail(`cases "${label}": "${e.label}" is an exception to unknown label "${e.exceptionTo}".`)
        }
        if (e.exceptionTo === e.label) fail(`cases "${label}": "${e.label}" cannot be an exception to itself.`)
      }
      const value = lit(base.value)
      return {
        k: 'cases',
        t: value.t,
        label,
        base: { value, legal: base.legal },
        exceptions: exceptions.map((e) => ({
          label: e.label,
          exceptionTo: e.exceptionTo ?? label,
          when: e.when,
          value: lit(e.value),
          legal: e.legal,
        })),
      }
    },
    previous: (ref: VarRef, opts: { base: Node | number; horizon?: number }) => {
      use(ref, ctx.entity)
      if (ref.period !== ctx.period || ref.period === 'eternity') {
        fail(`x.previous("${ref.name}") needs a ${ctx.period} variable (not ${ref.period}).`)
      }
      const horizon = opts.horizon ?? 12
      if (!Number.isInteger(horizon) || horizon < 1) fail(`previous horizon must be a positive integer.`)
      return { k: 'previous', t: ref.valueType, name: ref.name, base: lit(opts.base), horizon }
    },
    sumMonths: (ref: VarRef, n: number | string) => {
      use(ref, ctx.entity)
      if (ref.period !== 'month') fail(`x.sumMonths("${ref.name}") needs a monthly variable.`)
      if (ctx.period === 'eternity') fail('x.sumMonths is not available in eternity formulas.')
      const byParam = typeof n === 'string'
      if (!byParam && (!Number.isInteger(n) || n < 1 || n > 120)) {
        fail(`sumMonths n must be an integer in 1..120 or a parameter path, got ${n}.`)
      }
      return {
        k: 'sumMonths',
        t: numeric({ k: 'const', t: ref.valueType, value: 0 }, 'sumMonths').t,
        name: ref.name,
        n: byParam ? MAX_MONTHS : n,
        ...(byParam ? { nParam: n } : {}),
      }
    },
    yearOf: (ref: VarRef) => {
      use(ref, ctx.entity)
      if (ref.period !== 'year' || ctx.period !== 'month') {
        fail(`x.yearOf("${ref.name}") converts a yearly variable for a monthly formula.`)
      }
      return { k: 'yearOf', t: ref.valueType, name: ref.name }
    },
    periodStart: () => ({ k: 'periodStart', t: 'date' }),
    yearsBetween: (from: Node, to: Node) => ({ k: 'yearsBetween', t: 'int', from, to }),
    monthsBetween: (from: Node, to: Node) => {
      for (const e of [from, to]) {
        if (e.t !== 'date' && e.t !== 'int')
          fail(`monthsBetween takes dates or int yyyymm months, not ${typeName(e.t)}.`)
      }
      return { k: 'monthsBetween', t: 'int', from, to }
    },
    external: (name: string, type: ValueType, args: readonly Node[], fn: ExternalFn) => {
      if (typeof fn !== 'function') fail(`external "${name}" needs a function.`)
      return { k: 'external', t: type, name, args: [...args], fn }
    },
  }
  return x as unknown as PersonX & HouseholdX
}
