/**
 * Numeric helpers shared by the scalar evaluator and the batch kernel. The kernel embeds their source text
 * (`fn.toString()`), so both back-ends run the very same code and agree bit-for-bit. Keep them self-contained:
 * no closures, no nested functions, no imports.
 */

/** Rounding mode codes used by {@link roundTo}. */
export const ROUND_MODE_CODE = { half_up: 0, up: 1, down: 2, half_even: 3 } as const

/**
 * Rounds `x` to a multiple of `step`. Mode 0 = half away from zero (四舍五入), 1 = toward +∞, 2 = toward −∞,
 * 3 = half to even. Halves are detected on the remainder (`2r ≥ step`), never with `x + 0.5`, which avoids the
 * ".4999" trap (0.49999999999999994 + 0.5 === 1 in binary floating point).
 */
export function roundTo(x: number, mode: number, step: number): number {
  if (mode === 0) return roundHalfUp(x, step)
  if (mode === 1) return Math.ceil(x / step) * step
  if (mode === 2) return Math.floor(x / step) * step
  return roundHalfEven(x, step)
}

/** Half away from zero (mode 0 of {@link roundTo}); separate so kernels call a small monomorphic function. */
export function roundHalfUp(x: number, step: number): number {
  const a = x < 0 ? -x : x
  const q = Math.floor(a / step)
  const n = (a - q * step) * 2 >= step ? q + 1 : q
  return (x < 0 ? -n : n) * step
}

/** Half to even (mode 3 of {@link roundTo}). */
export function roundHalfEven(x: number, step: number): number {
  const a = x < 0 ? -x : x
  const q = Math.floor(a / step)
  const twice = (a - q * step) * 2
  const n = twice > step || (twice === step && q % 2 === 1) ? q + 1 : q
  return (x < 0 ? -n : n) * step
}

/**
 * Calendar months from the month of `a` to the month of `b` (day of month ignored). A value of type date is a day
 * number (`aDay`/`bDay` = 1); an int is a `yyyymm` month (e.g. 202401). Used by the `monthsBetween` node.
 */
export function monthsBetween(a: number, aDay: number, b: number, bDay: number): number {
  return monthIndex(b, bDay) - monthIndex(a, aDay)
}

/** Month index (year × 12 + month − 1) of a day number (`isDay` = 1) or of a `yyyymm` integer (`isDay` = 0). */
export function monthIndex(v: number, isDay: number): number {
  if (isDay === 0) return Math.floor(v / 100) * 12 + (v % 100) - 1
  const z = v + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return y * 12 + m - 1
}

/** Whole years from day `d0` to day `d1` (days since 1970-01-01), e.g. age on a date. */
export function yearsBetween(d0: number, d1: number): number {
  let z = d0 + 719468
  let era = Math.floor(z / 146097)
  let doe = z - era * 146097
  let yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  let doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  let mp = Math.floor((5 * doy + 2) / 153)
  const dd0 = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m0 = mp < 10 ? mp + 3 : mp - 9
  const y0 = yoe + era * 400 + (m0 <= 2 ? 1 : 0)
  z = d1 + 719468
  era = Math.floor(z / 146097)
  doe = z - era * 146097
  yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  mp = Math.floor((5 * doy + 2) / 153)
  const dd1 = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m1 = mp < 10 ? mp + 3 : mp - 9
  const y1 = yoe + era * 400 + (m1 <= 2 ? 1 : 0)
  let years = y1 - y0
  if (m1 < m0 || (m1 === m0 && dd1 < dd0)) years -= 1
  return years
}

/** Marginal-rate scale: Σ rate_i × (min(base, threshold_{i+1}) − threshold_i) over brackets below `base`. */
export function scaleMarginal(base: number, thresholds: ArrayLike<number>, rates: ArrayLike<number>): number {
  let s = 0
  const n = thresholds.length
  for (let i = 0; i < n; i++) {
    const lo = thresholds[i] as number
    if (!(base > lo)) break
    const hi = i + 1 < n ? (thresholds[i + 1] as number) : Number.POSITIVE_INFINITY
    s += (Math.min(base, hi) - lo) * (rates[i] as number)
  }
  return s
}

/** Single-amount scale: the amount of the highest bracket whose threshold ≤ `base` (0 below the first). */
export function scaleSingle(base: number, thresholds: ArrayLike<number>, amounts: ArrayLike<number>): number {
  let v = 0
  for (let i = 0; i < thresholds.length; i++) {
    if (base >= (thresholds[i] as number)) v = amounts[i] as number
    else break
  }
  return v
}

/** Source text of the helpers, for embedding in generated kernels. */
export function runtimeSource(): string {
  return [roundTo, roundHalfUp, roundHalfEven, yearsBetween, monthsBetween, monthIndex, scaleMarginal, scaleSingle]
    .map((f) => f.toString())
    .join('\n')
}
