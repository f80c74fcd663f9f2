/** Conversion between API values and the engine's internal numbers (bool 0/1, enum code, date as days). */
import type { EnumType, ValueType } from './ir.ts'
import { daysFromISO, isISODate, isoFromDays } from './period.ts'

/** Internal number for an API value of type `t`; `undefined` when the value does not fit the type. */
export function toInternal(value: unknown, t: ValueType): number | undefined {
  if (typeof t === 'object') {
    if (typeof value === 'string') {
      const i = t.enum.indexOf(value)
      return i < 0 ? undefined : i
    }
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < t.enum.length
      ? value
      : undefined
  }
  switch (t) {
    case 'bool':
      if (typeof value === 'boolean') return value ? 1 : 0
      return value === 0 || value === 1 ? value : undefined
    case 'date':
      if (typeof value === 'string' && isISODate(value)) return daysFromISO(value)
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined
    default:
      return typeof value === 'number' && !Number.isNaN(value) ? value : undefined
  }
}

/** API value for an internal number of type `t` (NaN becomes `undefined`). */
export function fromInternal(n: number, t: ValueType): unknown {
  if (Number.isNaN(n)) return undefined
  if (typeof t === 'object') return (t as EnumType).enum[n]
  if (t === 'bool') return n !== 0
  if (t === 'date') return isoFromDays(n)
  return n
}
