/** The formula IR: plain-data expression nodes, value types, entities and legal references. */
import type { ISODate, VariablePeriodUnit } from './period.ts'

// ---------- provenance ----------

/** Where a value comes from: a sourced text, local practice, the author's memory (MEM, unverified), or an assumption. */
export type LegalStatus = 'SOURCED' | 'LOCAL' | 'MEM' | 'ASSUMPTION'

/** A citation of a legal or policy text (article, memo, local notice). */
export interface LegalRef {
  /** Stable id, e.g. `minfa-2021-57-art10`. */
  id: string
  /** Title of the text, e.g. 《最低生活保障审核确认办法》. */
  title: string
  /** Article / paragraph, e.g. `第十条`. */
  article?: string
  /** Link to the published text. */
  href?: string
  /** Date the provision takes effect. */
  effectiveFrom?: ISODate
  /** Date the text was published. */
  publishedOn?: ISODate
  /** Memo or interpretation note. */
  note?: string
  /** Sourced national text, local practice, or a modelling assumption. */
  status?: LegalStatus
}

// ---------- entities ----------

/** The two entities: persons, grouped into households. */
export type EntityKey = 'person' | 'household'

/** Household member roles; the position is the role code used in columnar data. */
export const ROLES = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other'] as const
/** A household member's relation to the head of household. */
export type Role = (typeof ROLES)[number]

/** Role code (index in {@link ROLES}) for a role name; -1 if unknown. */
export function roleCode(role: string): number {
  return (ROLES as readonly string[]).indexOf(role)
}

// ---------- value types ----------

/** Numeric value types. `money` is integer fen (分) held in a JS number. */
export type NumType = 'money' | 'number' | 'int'
/** An enumeration; values are stored as their index (code) in `enum`. */
export interface EnumType {
  readonly enum: readonly string[]
}
/** Every value type a variable or expression can have. */
export type ValueType = NumType | 'bool' | 'date' | EnumType
/** The TypeScript type of a value of type `V` at the API boundary. */
export type TsOf<V extends ValueType> = V extends 'bool'
  ? boolean
  : V extends 'date'
    ? ISODate
    : V extends { enum: readonly (infer E)[] }
      ? E
      : number

/** Human-readable name of a value type. */
export function typeName(t: ValueType): string {
  return typeof t === 'string' ? t : `enum(${t.enum.join('|')})`
}

// ---------- variables (references only; definitions live in model.ts) ----------

/** A reference to a declared variable; the phantom fields carry its value type and entity. */
export interface VarRef<V extends ValueType = ValueType, E extends EntityKey = EntityKey> {
  /** Unique snake_case name. */
  readonly name: string
  /** Entity the variable is defined on. */
  readonly entity: E
  /** Value type. */
  readonly valueType: V
  /** Definition period unit. */
  readonly period: VariablePeriodUnit
}

// ---------- expression nodes ----------

/** Rounding modes: half away from zero (四舍五入), toward +∞, toward −∞, half to even. */
export type RoundMode = 'half_up' | 'up' | 'down' | 'half_even'
/** Scale evaluation: sum of marginal rates, or the amount of the bracket reached. */
export type ScaleKind = 'marginal_rate' | 'single_amount'
/** Member aggregate operators. */
export type AggOp = 'sum' | 'any' | 'count' | 'max' | 'min'
/** Comparison operators. */
export type CmpOp = '<' | '<=' | '>' | '>=' | '==' | '!='
/** A pure function over internal numbers (bools 0/1, enum codes, dates as days), used by `external` nodes. */
export type ExternalFn = (...args: number[]) => number

/** One labelled exception of a `cases` node. */
export interface CaseRule {
  /** Unique label within the variable, shown in traces. */
  label: string
  /** Label this rule is an exception to (the base label when omitted). */
  exceptionTo: string
  /** Condition under which the rule applies. */
  when: Node
  /** Value when the rule wins. */
  value: Node
  /** Provision establishing the rule. */
  legal: readonly LegalRef[]
}

/** A breakdown key of a parameter lookup: an expression or a literal cell value. */
export interface ParamKey {
  /** Breakdown dimension name. */
  dim: string
  /** Expression giving the cell value (enum member or integer). */
  node?: Node
  /** Literal cell value. */
  literal?: string
}

/** A plain-data expression node. `t` is the node's value type. */
export type Node =
  | { k: 'const'; t: ValueType; value: number }
  | { k: 'var'; t: ValueType; name: string }
  | { k: 'household'; t: ValueType; name: string }
  | { k: 'previous'; t: ValueType; name: string; base: Node; horizon: number }
  | {
      k: 'sumMonths'
      t: ValueType
      name: string
      /** Window length in months (the upper bound when `nParam` is set). */
      n: number
      /** Parameter giving the window per region (integer months, at most `n`). */
      nParam?: string
    }
  | { k: 'yearOf'; t: ValueType; name: string }
  | {
      k: 'param'
      t: ValueType
      path: string
      by: ParamKey[]
      /** Value when no value is in force for the region or cell (a branch not taken); NaN = undefined. */
      fallback?: number
    }
  | { k: 'scale'; t: ValueType; path: string; base: Node; kind: ScaleKind }
  | { k: 'arith'; t: ValueType; op: '+' | '-' | '*' | '/'; args: Node[] }
  | { k: 'unary'; t: ValueType; op: 'neg' | 'abs'; a: Node }
  | { k: 'minmax'; t: ValueType; op: 'min' | 'max'; args: Node[] }
  | { k: 'round'; t: ValueType; x: Node; mode: RoundMode; step: number; legal: readonly LegalRef[] }
  | { k: 'cmp'; t: ValueType; op: CmpOp; a: Node; b: Node }
  | { k: 'logic'; t: ValueType; op: 'and' | 'or'; args: Node[] }
  | { k: 'not'; t: ValueType; a: Node }
  | { k: 'where'; t: ValueType; c: Node; a: Node; b: Node }
  | {
      k: 'cases'
      t: ValueType
      label: string
      base: { value: Node; legal: readonly LegalRef[] }
      exceptions: CaseRule[]
    }
  | { k: 'agg'; t: ValueType; op: AggOp; name: string | null; roles: number[] | null; filter: string | null }
  | { k: 'role'; t: ValueType; roles: number[] }
  | { k: 'periodStart'; t: ValueType }
  | { k: 'yearsBetween'; t: ValueType; from: Node; to: Node }
  | { k: 'monthsBetween'; t: ValueType; from: Node; to: Node }
  | { k: 'external'; t: ValueType; name: string; args: Node[]; fn: ExternalFn }

declare const brand: unique symbol
/** A typed expression: an IR node whose value type `V` and entity `E` are tracked by TypeScript. */
export type Expr<V extends ValueType, E extends EntityKey> = Node & { readonly [brand]?: [V, E] }

/** Every node kind, for exhaustiveness tests and coverage checks. */
export const NODE_KINDS = [
  'const',
  'var',
  'household',
  'previous',
  'sumMonths',
  'yearOf',
  'param',
  'scale',
  'arith',
  'unary',
  'minmax',
  'round',
  'cmp',
  'logic',
  'not',
  'where',
  'cases',
  'agg',
  'role',
  'periodStart',
  'yearsBetween',
  'monthsBetween',
  'external',
] as const satisfies readonly Node['k'][]

/** Direct child nodes of a node (not following variable references). */
export function childNodes(n: Node): Node[] {
  switch (n.k) {
    case 'previous':
      return [n.base]
    case 'param':
      return n.by.flatMap((b) => (b.node ? [b.node] : []))
    case 'scale':
      return [n.base]
    case 'arith':
    case 'minmax':
    case 'logic':
      return n.args
    case 'external':
      return n.args
    case 'unary':
    case 'not':
      return [n.a]
    case 'round':
      return [n.x]
    case 'cmp':
      return [n.a, n.b]
    case 'where':
      return [n.c, n.a, n.b]
    case 'cases':
      return [n.base.value, ...n.exceptions.flatMap((e) => [e.when, e.value])]
    case 'yearsBetween':
    case 'monthsBetween':
      return [n.from, n.to]
    default:
      return []
  }
}

/** Visits `n` and all its descendants, parents first. */
export function walk(n: Node, visit: (n: Node) => void): void {
  visit(n)
  for (const c of childNodes(n)) walk(c, visit)
}
