/** Periods and calendar arithmetic. Pure: no clock, no time zones; dates are proleptic Gregorian days. */

/** A calendar date as `YYYY-MM-DD`. */
export type ISODate = `${number}-${number}-${number}`
/** A calendar month as `YYYY-MM`. */
export type YearMonth = `${number}-${number}`
/** Granularity of a period. `eternity` is for values that never change (birth date, sex). */
export type PeriodUnit = 'day' | 'month' | 'year' | 'eternity'
/** Units a variable may be defined for (days only appear as `date` values). */
export type VariablePeriodUnit = 'month' | 'year' | 'eternity'

/** A period: a unit and its first day (`eternity` starts at 0001-01-01 by convention). */
export interface Period {
  /** Granularity. */
  readonly unit: PeriodUnit
  /** First day of the period. */
  readonly start: ISODate
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const ETERNITY_START = '0001-01-01' as ISODate

/** Returns true when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isISODate(s: string): s is ISODate {
  const m = DATE_RE.exec(s)
  if (!m) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

/** Number of days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0')
}

/** Builds an ISO date from parts (no validation beyond formatting). */
export function isoDate(y: number, m: number, d: number): ISODate {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` as ISODate
}

/** Days since 1970-01-01 for an ISO date (Howard Hinnant's days_from_civil). */
export function daysFromISO(date: ISODate | string): number {
  const m = DATE_RE.exec(date)
  if (!m) throw new RangeError(`"${date}" is not a date; write it as YYYY-MM-DD.`)
  let y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  y -= mo <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** ISO date for a day count since 1970-01-01 (inverse of {@link daysFromISO}). */
export function isoFromDays(days: number): ISODate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return isoDate(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

/** The month period containing `date`. */
export function month(y: number, m: number): Period {
  if (!(m >= 1 && m <= 12) || !Number.isInteger(y)) throw new RangeError(`Month ${y}-${m} is out of range (1-12).`)
  return Object.freeze({ unit: 'month', start: isoDate(y, m, 1) })
}

/** The year period `y`. */
export function year(y: number): Period {
  if (!Number.isInteger(y)) throw new RangeError(`Year ${y} is not an integer.`)
  return Object.freeze({ unit: 'year', start: isoDate(y, 1, 1) })
}

/** The day period for `date`. */
export function day(date: ISODate): Period {
  if (!isISODate(date)) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD).`)
  return Object.freeze({ unit: 'day', start: date })
}

/** The eternity period (for values that never change). */
export const ETERNITY: Period = Object.freeze({ unit: 'eternity', start: ETERNITY_START })

/**
 * Parses `ETERNITY`, `YYYY`, `YYYY-MM`, `YYYYMM` or `YYYY-MM-DD`.
 * @example
 * period('2026-03') // { unit: 'month', start: '2026-03-01' }
 * period('202603')  // same month, compact form used by national exports
 */
export function period(s: string): Period {
  if (s === 'ETERNITY' || s === 'eternity') return ETERNITY
  let m = /^(\d{4})$/.exec(s)
  if (m) return year(Number(m[1]))
  m = /^(\d{4})-?(\d{2})$/.exec(s)
  if (m) return month(Number(m[1]), Number(m[2]))
  if (isISODate(s)) return day(s)
  throw new RangeError(`"${s}" is not a period; use YYYY, YYYY-MM, YYYYMM, YYYY-MM-DD or ETERNITY.`)
}

/** Canonical string key: `2026`, `2026-03`, `2026-03-15` or `ETERNITY`. */
export function periodKey(p: Period): string {
  switch (p.unit) {
    case 'eternity':
      return 'ETERNITY'
    case 'year':
      return p.start.slice(0, 4)
    case 'month':
      return p.start.slice(0, 7)
    default:
      return p.start
  }
}

/** `YYYY-MM` of a month period. */
export function toYearMonth(p: Period): YearMonth {
  expectUnit(p, 'month')
  return p.start.slice(0, 7) as YearMonth
}

/** Compact integer month `YYYYMM` (e.g. 202603) of a month period. */
export function toYYYYMM(p: Period): number {
  expectUnit(p, 'month')
  return Number(p.start.slice(0, 4)) * 100 + Number(p.start.slice(5, 7))
}

/** Month period from a compact `YYYYMM` integer or string. */
export function fromYYYYMM(v: number | string): Period {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 100000 || n > 999912) throw new RangeError(`"${v}" is not a YYYYMM month.`)
  return month(Math.floor(n / 100), n % 100)
}

/** Months since year 0 (`y * 12 + m - 1`), the engine's internal month number. */
export function monthIndex(p: Period): number {
  expectUnit(p, 'month')
  return Number(p.start.slice(0, 4)) * 12 + Number(p.start.slice(5, 7)) - 1
}

/** Month period from an internal month number. */
export function fromMonthIndex(i: number): Period {
  return month(Math.floor(i / 12), (i % 12) + 1)
}

/** Shifts a period by `n` of its own unit (days, months or years); eternity is unchanged. */
export function shift(p: Period, n: number): Period {
  switch (p.unit) {
    case 'eternity':
      return p
    case 'year':
      return year(Number(p.start.slice(0, 4)) + n)
    case 'month':
      return fromMonthIndex(monthIndex(p) + n)
    default:
      return day(isoFromDays(daysFromISO(p.start) + n))
  }
}

/** Adds `n` months to a `YYYY-MM` string. */
export function addMonths(ym: YearMonth | string, n: number): YearMonth {
  return toYearMonth(shift(period(ym), n))
}

/** Whole months from `a` to `b` (`b - a`), both `YYYY-MM`, `YYYYMM` or month periods. */
export function monthsBetween(
  a: YearMonth | string | number | Period,
  b: YearMonth | string | number | Period,
): number {
  const pa = typeof a === 'object' ? a : period(String(a))
  const pb = typeof b === 'object' ? b : period(String(b))
  return monthIndex(pb) - monthIndex(pa)
}

/** Last day of the period (eternity ends 9999-12-31). */
export function periodEnd(p: Period): ISODate {
  switch (p.unit) {
    case 'eternity':
      return '9999-12-31' as ISODate
    case 'year':
      return isoDate(Number(p.start.slice(0, 4)), 12, 31)
    case 'month': {
      const y = Number(p.start.slice(0, 4))
      const m = Number(p.start.slice(5, 7))
      return isoDate(y, m, daysInMonth(y, m))
    }
    default:
      return p.start
  }
}

/** The year containing a month or day period. */
export function yearOfPeriod(p: Period): Period {
  if (p.unit === 'eternity') throw new RangeError('ETERNITY is not inside a year.')
  return year(Number(p.start.slice(0, 4)))
}

/** The month containing a day period (identity for months). */
export function monthOfPeriod(p: Period): Period {
  if (p.unit === 'eternity' || p.unit === 'year') throw new RangeError(`${periodKey(p)} is not inside one month.`)
  return month(Number(p.start.slice(0, 4)), Number(p.start.slice(5, 7)))
}

/** The twelve months of a year period, in order. */
export function monthsOfYear(p: Period): Period[] {
  expectUnit(p, 'year')
  const y = Number(p.start.slice(0, 4))
  return Array.from({ length: 12 }, (_, i) => month(y, i + 1))
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Period, inner: Period): boolean {
  if (outer.unit === 'eternity') return true
  if (inner.unit === 'eternity') return false
  return outer.start <= inner.start && periodEnd(inner) <= periodEnd(outer)
}

function expectUnit(p: Period, unit: PeriodUnit): void {
  if (p.unit !== unit) throw new RangeError(`Expected a ${unit} period, got ${p.unit} ${periodKey(p)}.`)
}

// ---------- internal period numbers (used by both back-ends) ----------

/** Internal period number: month index (`y*12+m-1`) for months, the year for years, 0 for eternity. */
export function periodNumber(p: Period, unit: VariablePeriodUnit): number {
  if (unit === 'eternity') return 0
  if (unit === 'year') return Number(p.start.slice(0, 4))
  if (p.unit === 'year') return Number(p.start.slice(0, 4)) * 12 + 11
  return Number(p.start.slice(0, 4)) * 12 + Number(p.start.slice(5, 7)) - 1
}

/** Key of an internal period number: `2026-03`, `2026` or `ETERNITY`. */
export function numberKey(unit: VariablePeriodUnit, pk: number): string {
  if (unit === 'eternity') return 'ETERNITY'
  if (unit === 'year') return String(pk)
  return `${pad(Math.floor(pk / 12), 4)}-${pad((pk % 12) + 1, 2)}`
}

/** First day (days since 1970) of an internal period number. */
export function numberStartDay(unit: VariablePeriodUnit, pk: number): number {
  if (unit === 'eternity') return daysFromISO(ETERNITY_START)
  if (unit === 'year') return daysFromISO(isoDate(pk, 1, 1))
  return daysFromISO(isoDate(Math.floor(pk / 12), (pk % 12) + 1, 1))
}
