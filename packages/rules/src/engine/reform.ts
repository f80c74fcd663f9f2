/** Reform simulation: overlay snapshot, downstream closure, reuse of upstream baseline columns, impact report. */
import type { ColumnarPopulation } from './batch/columnar.ts'
import { combineImpact } from './batch/impact.ts'
import type { BatchResult, RunOptions } from './batch/run.ts'
import { ModelError } from './errors.ts'
import type { Model } from './model.ts'
import { type ParameterSnapshot, type Reform, reformPaths } from './parameters.ts'
import { type Period, period as parsePeriod, periodKey } from './period.ts'

/** What to measure. Variable names refer to household variables. */
export interface ImpactQuery {
  /** Period to simulate. */
  period: Period | string
  /** Money variable summed as the budget (e.g. `benefit`). */
  cost: string
  /** Bool variable counted as eligibility. */
  eligible: string
  /** Income variable used for deciles and relative change. */
  income: string
  /** Example households to keep per category (default 5). */
  examples?: number
}

/** The five PolicyEngine winner/loser bands (change relative to income). */
export type Band = 'lose>5%' | 'lose<5%' | 'same' | 'gain<5%' | 'gain>5%'

/** Per-decile impact. */
export interface DecileImpact {
  /** 1..10 by baseline income. */
  decile: number
  /** Weighted households. */
  households: number
  /** Weighted mean change in `cost` (fen). */
  avgChange: number
  /** Total change / total income of the decile. */
  relChange: number
  /** Weighted households per band. */
  bands: Record<Band, number>
}

/** Result of a reform simulation. */
export interface ImpactReport {
  /** Reform id. */
  reformId: string
  /** Parameter paths the reform changes. */
  changedParameters: string[]
  /** Variables recomputed (downstream of the change). */
  recomputed: string[]
  /** Upstream variables reused from the baseline instead of recomputed. */
  reused: string[]
  /** Weighted budget in fen. */
  budget: { baseline: number; reform: number; delta: number }
  /** Weighted eligible households. */
  eligibility: { baseline: number; reform: number; newlyEligible: number; noLongerEligible: number }
  /** By region code. */
  byRegion: Record<string, { delta: number; newlyEligible: number; noLongerEligible: number }>
  /** By baseline income decile (histogram quantiles, no sort). */
  deciles: DecileImpact[]
  /** Household indices to re-run with a trace. */
  examples: { newlyEligible: number[]; noLongerEligible: number[]; largestGain: number[] }
  /** Baseline columns (pass back as `baseline` to reuse them for another reform). */
  baseline: BatchResult
}

/**
 * Simulates a parameter reform against a baseline: only variables downstream of the changed parameters are
 * recomputed; the others are read from the baseline run.
 * @example
 * const report = await simulateReform(model, pop, snapshot,
 *   { id: 'std+5%', label: 'Raise standard', parameters: [{ path: 'dibao.standard', cell: 'rural', from: '2026-01-01', value: 82300 }] },
 *   { period: '2026-03', cost: 'benefit', eligible: 'eligible', income: 'income' })
 * report.budget.delta // fen per month
 */
export async function simulateReform(
  model: Model,
  pop: ColumnarPopulation,
  baselineSnapshot: ParameterSnapshot,
  reform: Reform,
  query: ImpactQuery,
  opts: RunOptions & {
    baseline?: BatchResult
    /**
     * `kernel` (default): the reform kernel compares each household with the baseline as it computes it, on the
     * workers, and returns only the sums. `columns`: the kernel writes the reform columns and the main thread
     * compares them afterwards (the earlier path, kept as the reference for tests and the benchmark).
     */
    comparison?: 'kernel' | 'columns'
  } = {},
): Promise<ImpactReport> {
  const p = typeof query.period === 'string' ? parsePeriod(query.period) : query.period
  for (const name of [query.cost, query.eligible, query.income]) {
    if (model.variable(name).entity !== 'household')
      throw new ModelError(`Impact variable "${name}" must be household-level.`)
  }
  const reformSnap = baselineSnapshot.withReform(reform)
  const changed = reformPaths(reform)
  const down = model.graph.downstream(changed.map((x) => `param:${x}`))
  const needed = model.graph.upstream([query.cost, query.eligible])
  const recomputed = model.order.filter((n) => down.has(n) && needed.has(n))
  // Boundary: computed, non-affected variables read directly by an affected one.
  const boundary = new Set<string>()
  for (const n of recomputed) {
    for (const d of model.graph.deps(n)) {
      const v = model.variables.get(d)
      if (v && !v.input && !down.has(d)) boundary.add(d)
    }
  }
  const reused = [...boundary]
  const outputs = [...new Set([query.cost, query.eligible, query.income, ...reused])]
  const baseline =
    opts.baseline && outputs.every((o) => opts.baseline!.columns[o])
      ? opts.baseline
      : await model.compileBatch({ period: p, outputs, snapshot: baselineSnapshot }).run(pop, opts)
  const reformPop: ColumnarPopulation = { ...pop, columns: { ...pop.columns } }
  for (const name of reused) reformPop.columns[`${name}@${periodKey(p)}`] = baseline.columns[name]!
  const inKernel = (opts.comparison ?? 'kernel') === 'kernel'
  const plan = model.compileBatch({
    period: p,
    outputs: [query.cost, query.eligible],
    snapshot: reformSnap,
    reuse: reused,
    ...(inKernel ? { impact: { cost: query.cost, eligible: query.eligible } } : {}),
  })
  const head = {
    reformId: reform.id,
    changedParameters: changed,
    recomputed: plan.computed.filter((n) => recomputed.includes(n)),
    reused,
  }
  if (!inKernel) {
    const after = await plan.run(reformPop, opts)
    return { ...head, ...compare(pop, baseline, after, query), baseline }
  }
  const income = baseline.columns[query.income]!
  let edges = edgeCache.get(income)
  if (!edges) {
    edges = decileEdges(income, pop.weights)
    edgeCache.set(income, edges)
  }
  const after = await plan.run(reformPop, {
    ...opts,
    impact: {
      cost: baseline.columns[query.cost]!,
      eligible: baseline.columns[query.eligible]!,
      income,
      edges,
      examples: query.examples ?? 5,
    },
  })
  return { ...head, ...report(pop, combineImpact(after.impact!)), baseline }
}

/** Decile edges per baseline income column: a second reform against the same baseline reuses them. */
const edgeCache = new WeakMap<Float64Array, Float64Array>()

const BAND_NAMES = ['lose>5%', 'lose<5%', 'same', 'gain<5%', 'gain>5%'] as const

/** Shapes the combined kernel sums like the column comparison. */
function report(pop: ColumnarPopulation, s: ReturnType<typeof combineImpact>) {
  const byRegion: ImpactReport['byRegion'] = {}
  const nRegions = pop.dictionaries.region.length
  for (let c = 0; c <= nRegions; c++) {
    if (!s.regions[c * 4 + 3]) continue
    byRegion[pop.dictionaries.region[c] ?? '?'] = {
      delta: s.regions[c * 4]!,
      newlyEligible: s.regions[c * 4 + 1]!,
      noLongerEligible: s.regions[c * 4 + 2]!,
    }
  }
  const D = s.deciles
  const deciles: DecileImpact[] = Array.from({ length: 10 }, (_, i) => ({
    decile: i + 1,
    households: D[i]!,
    avgChange: D[i]! > 0 ? D[10 + i]! / D[i]! : 0,
    relChange: D[20 + i]! > 0 ? D[10 + i]! / D[20 + i]! : 0,
    bands: Object.fromEntries(BAND_NAMES.map((name, j) => [name, D[30 + i * 5 + j]!])) as DecileImpact['bands'],
  }))
  return {
    budget: { baseline: s.budgetBase, reform: s.budgetReform, delta: s.budgetReform - s.budgetBase },
    eligibility: {
      baseline: s.eligBase,
      reform: s.eligReform,
      newlyEligible: s.newly,
      noLongerEligible: s.gone,
    },
    byRegion,
    deciles,
    examples: {
      newlyEligible: s.newlyEligible,
      noLongerEligible: s.noLongerEligible,
      largestGain: s.largestGain,
    },
  }
}

function compare(pop: ColumnarPopulation, base: BatchResult, after: BatchResult, q: ImpactQuery) {
  const n = pop.households
  const cb = base.columns[q.cost]!
  const cr = after.columns[q.cost]!
  const eb = base.columns[q.eligible]!
  const er = after.columns[q.eligible]!
  const inc = base.columns[q.income]!
  const w = pop.weights
  const k = q.examples ?? 5
  const edges = decileEdges(inc, w)
  const e0 = edges[0]!
  const e1 = edges[1]!
  const e2 = edges[2]!
  const e3 = edges[3]!
  const e4 = edges[4]!
  const e5 = edges[5]!
  const e6 = edges[6]!
  const e7 = edges[7]!
  const e8 = edges[8]!
  // Accumulators in typed arrays indexed by region code and decile: one tight loop, no per-household objects.
  const codes = pop.regionCodes
  const nRegions = pop.dictionaries.region.length
  const regDelta = new Float64Array(nRegions + 1)
  const regNew = new Float64Array(nRegions + 1)
  const regGone = new Float64Array(nRegions + 1)
  const regSeen = new Uint8Array(nRegions + 1)
  const decHouseholds = new Float64Array(10)
  const decChange = new Float64Array(10)
  const decIncome = new Float64Array(10)
  const bands = new Float64Array(50) // decile × 5 bands
  let budgetBase = 0
  let budgetReform = 0
  let eligBase = 0
  let eligReform = 0
  let newly = 0
  let gone = 0
  const examples: ImpactReport['examples'] = { newlyEligible: [], noLongerEligible: [], largestGain: [] }
  let bestGain = 0
  for (let h = 0; h < n; h++) {
    const wt = w ? w[h]! : 1
    const b = cb[h]! || 0
    const r = cr[h]! || 0
    const d = r - b
    const be = eb[h]! ? 1 : 0
    const re = er[h]! ? 1 : 0
    budgetBase += wt * b
    budgetReform += wt * r
    eligBase += wt * be
    eligReform += wt * re
    const c = Math.min(codes[h]!, nRegions)
    regSeen[c] = 1
    regDelta[c]! += wt * d
    if (re && !be) {
      newly += wt
      regNew[c]! += wt
      if (examples.newlyEligible.length < k) examples.newlyEligible.push(h)
    } else if (be && !re) {
      gone += wt
      regGone[c]! += wt
      if (examples.noLongerEligible.length < k) examples.noLongerEligible.push(h)
    }
    if (d > bestGain) {
      bestGain = d
      examples.largestGain = [h]
    }
    const income = inc[h]! || 0
    const dec =
      income > e4
        ? income > e6
          ? income > e7
            ? income > e8
              ? 9
              : 8
            : 7
          : income > e5
            ? 6
            : 5
        : income > e1
          ? income > e2
            ? income > e3
              ? 4
              : 3
            : 2
          : income > e0
            ? 1
            : 0
    decHouseholds[dec]! += wt
    decChange[dec]! += wt * d
    decIncome[dec]! += wt * income
    const rel = income > 0 ? d / income : d === 0 ? 0 : Math.sign(d)
    const band = rel === 0 ? 2 : rel <= -0.05 ? 0 : rel < 0 ? 1 : rel < 0.05 ? 3 : 4
    bands[dec * 5 + band]! += wt
  }
  const byRegion: ImpactReport['byRegion'] = {}
  for (let c = 0; c <= nRegions; c++) {
    if (!regSeen[c]) continue
    byRegion[pop.dictionaries.region[c] ?? '?'] = {
      delta: regDelta[c]!,
      newlyEligible: regNew[c]!,
      noLongerEligible: regGone[c]!,
    }
  }
  const deciles: DecileImpact[] = Array.from({ length: 10 }, (_, i) => ({
    decile: i + 1,
    households: decHouseholds[i]!,
    avgChange: decHouseholds[i]! > 0 ? decChange[i]! / decHouseholds[i]! : 0,
    relChange: decIncome[i]! > 0 ? decChange[i]! / decIncome[i]! : 0,
    bands: Object.fromEntries(BAND_NAMES.map((name, j) => [name, bands[i * 5 + j]!])) as DecileImpact['bands'],
  }))
  return {
    budget: { baseline: budgetBase, reform: budgetReform, delta: budgetReform - budgetBase },
    eligibility: { baseline: eligBase, reform: eligReform, newlyEligible: newly, noLongerEligible: gone },
    byRegion,
    deciles,
    examples,
  }
}

/** Weighted decile edges (9 upper bounds) from a 4096-bin histogram: O(n), no sort. */
export function decileEdges(values: Float64Array, weights?: Float64Array, bins = 4096): Float64Array {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  const edges = new Float64Array(9).fill(hi)
  if (!(hi > lo)) return edges
  const hist = new Float64Array(bins)
  const scale = bins / (hi - lo)
  let total = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isNaN(v)) continue
    const wt = weights ? weights[i]! : 1
    hist[Math.min(bins - 1, Math.floor((v - lo) * scale))]! += wt
    total += wt
  }
  let acc = 0
  let d = 0
  for (let b = 0; b < bins && d < 9; b++) {
    acc += hist[b]!
    while (d < 9 && acc >= (total * (d + 1)) / 10) edges[d++] = lo + (b + 1) / scale
  }
  return edges
}
