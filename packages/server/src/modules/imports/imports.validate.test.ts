/**
 * The import readers' last step under hostile cells (issue 17, fuzz suite and finding 7's "same field schema as the
 * API"): whatever a spreadsheet cell holds, normalising it never throws, and a value that comes out is bounded by the
 * API's own limit for that field, free of control characters and, for dates, a real day in 1900–2099.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { LINE_CONTROL_CHARS } from '../../platform/schema.ts'
import { householdLayout, memberLayout } from './imports.layout.ts'
import type { Raw, Sheet } from './imports.read.ts'
import { apiMaxLength, normaliseCell, validateSheets } from './imports.validate.ts'

const hostileCell: fc.Arbitrary<Raw> = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    'a\u0000b',
    '\u0007响铃',
    '张\n三',
    'x'.repeat(5_000),
    '2026-02-30',
    '0001-01-01',
    '9999年12月31日',
    '20261301',
    '１２３',
    '=1+1',
    '\ud800',
  ),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1e308, 2958465, 29991231, 2 ** 53),
  fc.boolean(),
  fc.date(),
  fc.constant(new Date(Number.NaN)),
  fc.constant(null),
)

const columns = [...householdLayout.columns, ...memberLayout.columns].filter((c) => !c.exportOnly)

describe('import cells', () => {
  test('any cell in any column normalises without throwing to an error or a bounded, clean value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...columns), hostileCell, (col, raw) => {
        const out = normaliseCell(col, raw)
        if (out.error) {
          expect(out.value).toBeUndefined()
          return
        }
        if (typeof out.value === 'string') {
          expect(out.value).not.toMatch(LINE_CONTROL_CHARS)
          if (col.kind === 'text' || col.kind === 'id')
            expect(out.value.length).toBeLessThanOrEqual(apiMaxLength(col.field))
          if (col.kind === 'date') expect(out.value >= '1900-01-01' && out.value <= '2099-12-31').toBe(true)
        }
        if (typeof out.value === 'number') expect(Number.isFinite(out.value)).toBe(true)
      }),
      { seed: 1711, numRuns: 3_000 },
    )
  })

  test('a name longer than the form allows, a NUL, an impossible or far-off date are refused with their reason', () => {
    const name = memberLayout.columns.find((c) => c.field === 'name')!
    const birth = memberLayout.columns.find((c) => c.field === 'birthDate')!
    expect(apiMaxLength('name')).toBe(40)
    expect(normaliseCell(name, '马'.repeat(5_000)).error).toMatchObject({ code: 'TEXT_TOO_LONG' })
    expect(normaliseCell(name, '马\u0000').error).toMatchObject({ code: 'TEXT_INVALID' })
    expect(normaliseCell(name, '马\n哈').error?.en).toMatch(/line break/)
    expect(normaliseCell(name, ' 马哈麦 ').value).toBe('马哈麦')
    for (const d of ['2026-02-30', '0001-01-01', '2206-01-01', 2958465, new Date(Number.NaN)])
      expect(normaliseCell(birth, d).error, String(d)).toMatchObject({ code: 'DATE_INVALID' })
    expect(normaliseCell(birth, '1970年3月15日').value).toBe('1970-03-15')
  })

  test('a whole sheet of hostile rows is read into row issues, never an exception', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(hostileCell, { minLength: memberLayout.columns.length, maxLength: memberLayout.columns.length }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (rows) => {
          const sheet: Sheet = {
            name: '家庭成员',
            headers: memberLayout.columns.map((c) => c.header),
            rows: rows.map((cells, i) => ({ rowNo: i + 2, cells })),
            notes: [],
          }
          const parsed = validateSheets([sheet], { today: '2026-11-28' })
          expect(Array.isArray(parsed.issues)).toBe(true)
        },
      ),
      { seed: 1712, numRuns: 200 },
    )
  })
})
