/**
 * Reform comparison fused into the batch kernel: while the reform kernel computes a household, it compares the
 * result with the baseline columns and accumulates the impact (budget, eligibility changes, by region, by decile,
 * examples) in locals; each chunk writes its partial sums to one slot of a shared accumulator, and the caller adds
 * the slots in chunk order. No reform column is written and nothing is walked again on the main thread.
 */

/** Baseline data the kernel compares against (bound at run time). */
export interface ImpactInput {
  /** Baseline cost column (household rows; NaN = undefined, counted as 0). */
  cost: Float64Array
  /** Baseline eligibility column (household rows). */
  eligible: Float64Array
  /** Baseline income column used for deciles and relative change (household rows). */
  income: Float64Array
  /** Nine upper decile edges of `income` (see `decileEdges`). */
  edges: Float64Array
  /** Example households kept per category. */
  examples: number
}

/** Per-chunk partial sums written by an impact kernel. */
export interface ImpactAccumulator {
  /** `chunks × stride` numbers, slot `k` holding chunk `k`'s sums. */
  acc: Float64Array
  /** Chunks run (in household order). */
  chunks: number
  /** Numbers per chunk slot. */
  stride: number
  /** Region slots (region dictionary length + 1 for out-of-range codes). */
  regions: number
  /** Examples per category. */
  examples: number
}

/** Fixed scalar slots at the start of a chunk slot. */
export const IMPACT_SCALARS = [
  'budgetBase',
  'budgetReform',
  'eligBase',
  'eligReform',
  'newly',
  'gone',
  'bestGain',
  'bestIndex',
  'newlyCount',
  'goneCount',
] as const

/** Numbers per chunk slot: scalars, 4 per region (delta, newly, gone, seen), 80 decile numbers, 2 example lists. */
export function impactStride(regions: number, examples: number): number {
  return IMPACT_SCALARS.length + 4 * regions + 80 + 2 * examples
}

/** Kernel lines declared before the household loop. */
export function impactPrelude(): string[] {
  return [
    'const IM = B.imp, IB = IM.cost, IE = IM.eligible, II = IM.income, IW = IM.weights, IR = IM.regions, IK = IM.examples;',
    'const E0 = IM.edges[0], E1 = IM.edges[1], E2 = IM.edges[2], E3 = IM.edges[3], E4 = IM.edges[4], E5 = IM.edges[5], E6 = IM.edges[6], E7 = IM.edges[7], E8 = IM.edges[8];',
    'let ibb = 0, ibr = 0, ieb = 0, ier = 0, inw = 0, igo = 0, ibg = 0, ibi = -1, inn = 0, ign = 0;',
    'const IREG = new Float64Array(4 * IR), IDEC = new Float64Array(80), INEW = new Float64Array(IK), IGONE = new Float64Array(IK);',
  ]
}

/**
 * Kernel lines comparing household `h`: `cost` and `eligible` are the reform values (expressions, NaN when a
 * conflict made them undefined). Same arithmetic, in the same order, as the column comparison in reform.ts. The
 * locals here have no digits, so they never shadow a generated name (`c4`, `h12`, `d3`…) used in the expressions.
 */
export function impactHousehold(cost: string, eligible: string): string[] {
  return [
    '{',
    'const wt = IW === null ? 1 : IW[h];',
    `const b = IB[h] || 0; const r = ${cost} || 0; const d = r - b;`,
    `const be = IE[h] ? 1 : 0; const re = ${eligible} ? 1 : 0;`,
    'ibb += wt * b; ibr += wt * r; ieb += wt * be; ier += wt * re;',
    'const irg = (rg < IR - 1 ? rg : IR - 1) * 4;',
    'IREG[irg + 3] = 1; IREG[irg] += wt * d;',
    'if (re && !be) { inw += wt; IREG[irg + 1] += wt; if (inn < IK) INEW[inn++] = h; }',
    'else if (be && !re) { igo += wt; IREG[irg + 2] += wt; if (ign < IK) IGONE[ign++] = h; }',
    'if (d > ibg) { ibg = d; ibi = h; }',
    'const inc = II[h] || 0;',
    'const dec = inc > E4 ? (inc > E6 ? (inc > E7 ? (inc > E8 ? 9 : 8) : 7) : inc > E5 ? 6 : 5) : inc > E1 ? (inc > E2 ? (inc > E3 ? 4 : 3) : 2) : inc > E0 ? 1 : 0;',
    'IDEC[dec] += wt; IDEC[10 + dec] += wt * d; IDEC[20 + dec] += wt * inc;',
    'const rel = inc > 0 ? d / inc : d === 0 ? 0 : Math.sign(d);',
    'const band = rel === 0 ? 2 : rel <= -0.05 ? 0 : rel < 0 ? 1 : rel < 0.05 ? 3 : 4;',
    'IDEC[30 + dec * 5 + band] += wt;',
    '}',
  ]
}

/** Kernel lines after the household loop: store this chunk's sums in slot `ck`. */
export function impactEpilogue(): string[] {
  return [
    '{',
    'const A = IM.acc, o = ck * IM.stride;',
    'A[o] = ibb; A[o + 1] = ibr; A[o + 2] = ieb; A[o + 3] = ier; A[o + 4] = inw; A[o + 5] = igo; A[o + 6] = ibg; A[o + 7] = ibi; A[o + 8] = inn; A[o + 9] = ign;',
    `let q = o + ${IMPACT_SCALARS.length};`,
    'for (let x = 0; x < IREG.length; x++) A[q++] = IREG[x];',
    'for (let x = 0; x < 80; x++) A[q++] = IDEC[x];',
    'for (let x = 0; x < IK; x++) A[q++] = x < inn ? INEW[x] : -1;',
    'for (let x = 0; x < IK; x++) A[q++] = x < ign ? IGONE[x] : -1;',
    '}',
  ]
}

/** Combined impact sums (chunk slots added in household order, so examples match a sequential pass). */
export interface ImpactSums {
  budgetBase: number
  budgetReform: number
  eligBase: number
  eligReform: number
  newly: number
  gone: number
  /** Per region code: [delta, newly, gone, seen] × regions. */
  regions: Float64Array
  /** decile households (10), change (10), income (10), bands (50, decile × 5). */
  deciles: Float64Array
  newlyEligible: number[]
  noLongerEligible: number[]
  largestGain: number[]
}

/** Adds the chunk slots of an impact run. */
export function combineImpact(a: ImpactAccumulator): ImpactSums {
  const s: ImpactSums = {
    budgetBase: 0,
    budgetReform: 0,
    eligBase: 0,
    eligReform: 0,
    newly: 0,
    gone: 0,
    regions: new Float64Array(4 * a.regions),
    deciles: new Float64Array(80),
    newlyEligible: [],
    noLongerEligible: [],
    largestGain: [],
  }
  let best = 0
  for (let k = 0; k < a.chunks; k++) {
    const o = k * a.stride
    const A = a.acc
    s.budgetBase += A[o]!
    s.budgetReform += A[o + 1]!
    s.eligBase += A[o + 2]!
    s.eligReform += A[o + 3]!
    s.newly += A[o + 4]!
    s.gone += A[o + 5]!
    if (A[o + 6]! > best) {
      best = A[o + 6]!
      s.largestGain = [A[o + 7]!]
    }
    let q = o + IMPACT_SCALARS.length
    for (let x = 0; x < s.regions.length; x++) {
      s.regions[x] = x % 4 === 3 ? Math.max(s.regions[x]!, A[q++]!) : s.regions[x]! + A[q++]!
    }
    for (let x = 0; x < 80; x++) s.deciles[x]! += A[q++]!
    for (let x = 0; x < a.examples; x++, q++) {
      if (A[q]! >= 0 && s.newlyEligible.length < a.examples) s.newlyEligible.push(A[q]!)
    }
    for (let x = 0; x < a.examples; x++, q++) {
      if (A[q]! >= 0 && s.noLongerEligible.length < a.examples) s.noLongerEligible.push(A[q]!)
    }
  }
  return s
}
