/** Documentation rendering: every variable and parameter with labels, readable formulas and citations (JSON). */
import { childNodes, type LegalRef, type Node, ROLES, typeName } from './ir.ts'
import type { Label, Model } from './model.ts'
import type { ParameterInfo, ParameterSnapshot } from './parameters.ts'
import { isoFromDays } from './period.ts'

/** A rendered labelled rule of a `cases` node. */
export interface RenderedCase {
  /** `cases` label. */
  cases: string
  /** Rule label. */
  label: string
  /** Label it is an exception to (undefined for the base rule). */
  exceptionTo?: string
  /** Condition as text. */
  when: string
  /** Value as text. */
  value: string
  /** Citations. */
  legal: readonly LegalRef[]
}

/** A rendered variable. */
export interface VariableDoc {
  /** Name. */
  name: string
  /** zh/en label. */
  label: Label
  /** Entity. */
  entity: string
  /** Period unit. */
  period: string
  /** Value type. */
  valueType: string
  /** Display unit. */
  unit?: string
  /** Input variable. */
  input: boolean
  /** Concept citations. */
  legal: readonly LegalRef[]
  /** Formula versions. */
  versions: Array<{ from: string; to?: string; legal: readonly LegalRef[]; formula: string; cases: RenderedCase[] }>
  /** Direct dependencies (variables and `param:` nodes). */
  dependsOn: readonly string[]
  /** Direct dependents. */
  usedBy: readonly string[]
}

/** The documentation of a model (and optionally the parameters of a snapshot). */
export interface ModelDoc {
  /** Model version. */
  version: string
  /** Variables in dependency order. */
  variables: VariableDoc[]
  /** Parameters (when a snapshot is given), with the national value(s) in force. */
  parameters: Array<ParameterInfo & { scopes: string[]; asOf: string }>
}

/**
 * Renders the model as JSON a web app can show under "how is this computed".
 * @example
 * const doc = renderModel(model, snapshot)
 * doc.variables.find((v) => v.name === 'benefit')?.versions[0]?.formula // 'round(where(eligible, …), up, 100)'
 */
export function renderModel(model: Model, snapshot?: ParameterSnapshot): ModelDoc {
  const variables = model.order.map((name): VariableDoc => {
    const v = model.variable(name)
    return {
      name,
      label: v.label,
      entity: v.entity,
      period: v.period,
      valueType: typeName(v.valueType),
      ...(v.unit ? { unit: v.unit } : {}),
      input: v.input,
      legal: v.legal,
      versions: v.versions.map((ver) => ({
        from: ver.from,
        ...(ver.to ? { to: ver.to } : {}),
        legal: ver.legal,
        formula: renderExpr(ver.node),
        cases: renderCases(ver.node),
      })),
      dependsOn: model.graph.deps(name),
      usedBy: model.graph.dependents(name),
    }
  })
  const parameters = snapshot
    ? snapshot.paths().map((p) => ({ ...snapshot.info(p), scopes: snapshot.scopes(p), asOf: snapshot.asOf }))
    : []
  return { version: model.version, variables, parameters }
}

/** Readable text of an expression. */
export function renderExpr(n: Node): string {
  const r = renderExpr
  switch (n.k) {
    case 'const':
      if (typeof n.t === 'object') return JSON.stringify(n.t.enum[n.value] ?? n.value)
      if (n.t === 'bool') return n.value ? 'true' : 'false'
      if (n.t === 'date') return isoFromDays(n.value)
      return String(n.value)
    case 'var':
      return n.name
    case 'household':
      return `household.${n.name}`
    case 'previous':
      return `previous(${n.name}, base: ${r(n.base)}, horizon: ${n.horizon})`
    case 'sumMonths':
      return `sum_last_${n.nParam ? `param(${n.nParam})` : n.n}_months(${n.name})`
    case 'yearOf':
      return `year_value(${n.name})`
    case 'param': {
      const by = n.by.map((b) => `${b.dim}: ${b.literal ?? r(b.node!)}`)
      const fb = n.fallback === undefined ? '' : `; if unset: ${Number.isNaN(n.fallback) ? 'undefined' : n.fallback}`
      return `param(${n.path}${by.length ? `; ${by.join(', ')}` : ''}${fb})`
    }
    case 'scale':
      return `scale(${n.path}, ${r(n.base)}, ${n.kind})`
    case 'arith':
      return `(${n.args.map(r).join(` ${n.op === '*' ? '×' : n.op === '/' ? '÷' : n.op} `)})`
    case 'unary':
      return n.op === 'neg' ? `-${r(n.a)}` : `|${r(n.a)}|`
    case 'minmax':
    case 'logic':
      return `${n.op}(${n.args.map(r).join(', ')})`
    case 'round':
      return `round(${r(n.x)}, ${n.mode}, ${n.step})`
    case 'cmp':
      return `${r(n.a)} ${n.op === '==' ? '=' : n.op === '!=' ? '≠' : n.op === '<=' ? '≤' : n.op === '>=' ? '≥' : n.op} ${r(n.b)}`
    case 'not':
      return `not(${r(n.a)})`
    case 'where':
      return `if ${r(n.c)} then ${r(n.a)} else ${r(n.b)}`
    case 'cases':
      return `cases ${n.label} [${[n.label, ...n.exceptions.map((e) => e.label)].join(', ')}]`
    case 'agg': {
      const f = [
        n.roles ? `role in {${n.roles.map((c) => ROLES[c]).join(', ')}}` : '',
        n.filter ? `where ${n.filter}` : '',
      ].filter(Boolean)
      return `${n.op}(members${n.name ? `.${n.name}` : ''}${f.length ? ` | ${f.join(', ')}` : ''})`
    }
    case 'role':
      return `role in {${n.roles.map((c) => ROLES[c]).join(', ')}}`
    case 'periodStart':
      return 'period_start'
    case 'yearsBetween':
      return `whole_years(${r(n.from)} → ${r(n.to)})`
    case 'monthsBetween':
      return `calendar_months(${r(n.from)} → ${r(n.to)})`
    case 'external':
      return `external ${n.name}(${n.args.map(r).join(', ')})`
  }
}

function renderCases(n: Node): RenderedCase[] {
  const out: RenderedCase[] = []
  const visit = (x: Node) => {
    if (x.k === 'cases') {
      out.push({ cases: x.label, label: x.label, when: 'always', value: renderExpr(x.base.value), legal: x.base.legal })
      for (const e of x.exceptions) {
        out.push({
          cases: x.label,
          label: e.label,
          exceptionTo: e.exceptionTo,
          when: renderExpr(e.when),
          value: renderExpr(e.value),
          legal: e.legal,
        })
      }
    }
  }
  const stack = [n]
  while (stack.length) {
    const x = stack.pop()!
    visit(x)
    if (x.k === 'cases') stack.push(...x.exceptions.flatMap((e) => [e.when, e.value]), x.base.value)
    else stack.push(...childNodes(x))
  }
  return out
}
