import { describe, expect, test } from 'vitest'
import { chinaMonth, chinaToday } from './dates.ts'

describe('dates in China', () => {
  test('the day turns at 16:00 UTC, not at the browser’s midnight', () => {
    const day = (iso: string) => chinaToday(new Date(iso)).format('YYYY-MM-DD')
    expect(day('2026-11-28T15:59:59.999Z')).toBe('2026-11-28')
    expect(day('2026-11-28T16:00:00.000Z')).toBe('2026-11-29')
    expect(day('2026-12-31T17:30:00.000Z')).toBe('2027-01-01')
    expect(chinaMonth(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12')
  })

  test('today is a date-picker value of that day', () => {
    const d = chinaToday(new Date('2026-03-01T23:00:00.000Z'))
    expect(d.format('YYYY-MM-DD')).toBe('2026-03-02')
    expect(d.hour()).toBe(0)
  })
})
