/**
 * Feed rows under hostile values (issue 17): whatever a department sends in a cell, validation reports it as a row
 * issue naming the field — never an exception, never a NUL or a year-0001 date stored.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { LINE_CONTROL_CHARS } from '../../platform/schema.ts'
import type { Raw } from '../imports/imports.read.ts'
import { FEED_SOURCES } from './feeds.contracts.ts'
import { validateRows } from './feeds.validate.ts'

const hostile: fc.Arbitrary<Raw | undefined> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('a\u0000b', '张\n三', 'x'.repeat(5_000), '2026-02-30', '0001-01-01', '2206-01-01', '\ud800', '1e308'),
  fc.double(),
  fc.boolean(),
  fc.date(),
  fc.constant(new Date(Number.NaN)),
  fc.constant(null),
  fc.constant(undefined),
)

describe('feed rows', () => {
  test('any cells of any source validate to rows or issues, without throwing; stored values are clean', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FEED_SOURCES),
        fc.array(fc.array(hostile, { maxLength: 12 }), { maxLength: 5 }),
        (source, rows) => {
          const input = rows.map((cells, i) => ({
            rowNo: i + 2,
            cells: Object.fromEntries(source.fields.map((f, j) => [f.field, cells[j]])),
          }))
          const out = validateRows(source, input, '2026-11-28')
          for (const r of out.rows)
            for (const v of Object.values(r.values)) {
              if (typeof v === 'string') expect(v).not.toMatch(LINE_CONTROL_CHARS)
              if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) expect(v >= '1900-01-01').toBe(true)
            }
        },
      ),
      { seed: 1713, numRuns: 500 },
    )
  })

  test('a NUL in a name, a year-0001 date and an overlong name are issues naming the field', () => {
    const source = FEED_SOURCES.find((s) => s.fields.some((f) => f.field === 'name'))!
    const row = (over: Record<string, Raw>) => ({
      rowNo: 2,
      cells: { idNumber: '11010519491231002X', dataDate: '2026-11-01', ...over },
    })
    const codes = (over: Record<string, Raw>) =>
      validateRows(source, [row(over)], '2026-11-28').issues.map((i) => `${i.column}:${i.code}`)
    expect(codes({ name: '张\u0000三' })).toContain('姓名:INVALID_TEXT')
    expect(codes({ name: '张'.repeat(500) })).toContain('姓名:TEXT_TOO_LONG')
    expect(codes({ dataDate: '0001-01-01' }).some((c) => c.endsWith(':INVALID_DATE'))).toBe(true)
  })
})
