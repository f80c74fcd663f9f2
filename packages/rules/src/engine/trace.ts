/** Trace types and helpers: the explanation of one decision, citing articles and parameters. */
import type { LegalRef } from './ir.ts'
import type { ISODate } from './period.ts'

/** How much to record: nothing, values only, or values + versions, cases fired and parameter provenance. */
export type TraceLevel = 'none' | 'values' | 'full'

/** A parameter read during a formula. */
export interface ParamRead {
  /** Parameter path. */
  path: string
  /** Breakdown cell key (`_default` without breakdown; `scale` for scales). */
  cell: string
  /** Value read (for scales: the scale's result). */
  value: number
  /** Region scope the value came from (`''` = national). */
  region: string
  /** Effective date of the value. */
  since: ISODate
  /** Citations. */
  legal: readonly LegalRef[]
  /** True when no value was in force and the formula's fallback was read (`since` is then the snapshot date). */
  fallback?: true
}

/** Which rule of a labelled `cases` node produced the value. */
export interface CaseFired {
  /** Label of the `cases` node (its base rule). */
  cases: string
  /** Label of the rule that won (`!conflict` when two exceptions applied). */
  label: string
  /** Citations of the winning rule. */
  legal: readonly LegalRef[]
}

/** One computed (or read) variable instance. */
export interface TraceNode {
  /** Variable name. */
  variable: string
  /** Period key, e.g. `2026-03`. */
  period: string
  /** Household id or member id. */
  entity: string
  /** API value (undefined when a conflict made it undefined). */
  value: unknown
  /** True when this node is a cache hit (its children are on the first occurrence). */
  cached?: true
  /** True for data inputs. */
  input?: true
  /** Formula version used (full trace). */
  version?: { from: ISODate; to?: ISODate; legal: readonly LegalRef[] }
  /** First case fired (full trace); see `casesFired` when a formula has several `cases`. */
  caseFired?: CaseFired
  /** Every case fired in this formula, in evaluation order (full trace). */
  casesFired?: CaseFired[]
  /** Parameters read (full trace). */
  params?: ParamRead[]
  /** External (unexplainable) functions called (full trace). */
  externals?: string[]
  /** Variables read by this formula. */
  children: TraceNode[]
}

/** Depth-first list of every trace node (including cache-hit nodes). */
export function flattenTrace(roots: readonly TraceNode[]): TraceNode[] {
  const out: TraceNode[] = []
  const visit = (n: TraceNode) => {
    out.push(n)
    for (const c of n.children) visit(c)
  }
  for (const r of roots) visit(r)
  return out
}

/** The first non-cached node for a variable (optionally for one entity), or undefined. */
export function findTrace(roots: readonly TraceNode[], variable: string, entity?: string): TraceNode | undefined {
  return flattenTrace(roots).find((n) => n.variable === variable && !n.cached && (!entity || n.entity === entity))
}

/**
 * Indented plain-text explanation (auditor view). Nodes whose value equals `collapse(node)` are shown without
 * children, like openfisca's `ignore_default`.
 */
export function explainTrace(roots: readonly TraceNode[], collapse?: (n: TraceNode) => boolean): string {
  const lines: string[] = []
  const visit = (n: TraceNode, depth: number) => {
    const pad = '  '.repeat(depth)
    const why = n.caseFired ? ` [${n.caseFired.label}${cite(n.caseFired.legal)}]` : ''
    lines.push(
      `${pad}${n.variable}<${n.period}>@${n.entity} = ${String(n.value)}${why}${n.cached ? ' (see above)' : ''}`,
    )
    for (const p of n.params ?? []) {
      lines.push(
        `${pad}  · ${p.path}[${p.cell}]${p.region ? `@${p.region}` : ''} = ${p.value} since ${p.since}${cite(p.legal)}`,
      )
    }
    if (collapse?.(n)) return
    for (const c of n.children) visit(c, depth + 1)
  }
  for (const r of roots) visit(r, 0)
  return lines.join('\n')
}

function cite(legal: readonly LegalRef[]): string {
  return legal.length ? ` — ${legal.map((l) => `${l.title}${l.article ? ` ${l.article}` : ''}`).join('; ')}` : ''
}
