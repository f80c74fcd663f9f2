import { describe, expect, it } from 'vitest'
import {
  addMonths,
  contains,
  daysFromISO,
  ETERNITY,
  fromYYYYMM,
  isISODate,
  isoFromDays,
  monthsBetween,
  monthsOfYear,
  period,
  periodEnd,
  periodKey,
  shift,
  toYYYYMM,
  yearOfPeriod,
} from './period.ts'
import { yearsBetween } from './runtime.ts'

describe('periods', () => {
  it('parses every notation and prints canonical keys', () => {
    expect(period('2026-03')).toEqual({ unit: 'month', start: '2026-03-01' })
    expect(period('202603')).toEqual(period('2026-03'))
    expect(periodKey(period('2026'))).toBe('2026')
    expect(periodKey(period('2024-02-29'))).toBe('2024-02-29')
    expect(period('ETERNITY')).toBe(ETERNITY)
    expect(() => period('2023-02-29')).toThrow(/not a period/)
    expect(() => period('2026-13')).toThrow(/out of range/)
  })
  it('does month arithmetic across years, in both YYYY-MM and YYYYMM', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2025-11', 14)).toBe('2027-01')
    expect(monthsBetween('202503', '202505')).toBe(2)
    expect(monthsBetween('2025-03', 202509)).toBe(6)
    expect(toYYYYMM(period('2026-03'))).toBe(202603)
    expect(fromYYYYMM(202512)).toEqual(period('2025-12'))
    expect(() => fromYYYYMM(202513)).toThrow()
  })
  it('knows period ends, containment and shifts', () => {
    expect(periodEnd(period('2024-02'))).toBe('2024-02-29')
    expect(periodEnd(period('2100-02'))).toBe('2100-02-28')
    expect(contains(period('2026'), period('2026-07'))).toBe(true)
    expect(contains(period('2026-07'), period('2026'))).toBe(false)
    expect(periodKey(shift(period('2024-12-31'), 1))).toBe('2025-01-01')
    expect(periodKey(yearOfPeriod(period('2026-03')))).toBe('2026')
    expect(monthsOfYear(period('2026')).map(periodKey).at(-1)).toBe('2026-12')
  })
  it('converts dates to day numbers and back', () => {
    expect(daysFromISO('1970-01-01')).toBe(0)
    expect(isoFromDays(daysFromISO('2000-02-29'))).toBe('2000-02-29')
    for (let d = -700000; d < 2900000; d += 997) expect(daysFromISO(isoFromDays(d))).toBe(d)
    expect(isISODate('2026-02-30')).toBe(false)
  })
  it('computes whole years (age) including leap-day birthdays', () => {
    const y = (a: string, b: string) => yearsBetween(daysFromISO(a), daysFromISO(b))
    expect(y('1980-05-01', '2026-03-01')).toBe(45)
    expect(y('1980-03-01', '2026-03-01')).toBe(46)
    expect(y('2008-02-29', '2026-02-28')).toBe(17)
    expect(y('2008-02-29', '2026-03-01')).toBe(18)
  })
})
