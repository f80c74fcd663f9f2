/**
 * Boundary pairs of every identifier rule: for each comparison, a value exactly at the limit and one unit past it
 * (issue 24: the province bound `p > 82` survived mutation because no 82xxxx number was tested).
 */
import { describe, expect, it } from 'vitest'
import { isSevereDisability, parseDisabilityCert } from './disabilityCert.ts'
import { ageOn, computeCheckChar, EARLIEST_BIRTH_DATE, parseIdNumber } from './idNumber.ts'
import { parseRegionCode, townshipKind, villageKind } from './regionCode.ts'
import { buildIdNumber } from './testkit.ts'

const today = '2026-03-01'
const idErrors = (id: string, allow15?: boolean) => {
  const r = parseIdNumber(id, allow15 === undefined ? { today } : { today, allow15 })
  return r.ok ? [] : r.errors.map((e) => e.code)
}
const withCheck = (first17: string) => first17 + computeCheckChar(first17)
const regionErrors = (code: string) => {
  const r = parseRegionCode(code)
  return r.ok ? [] : r.errors.map((e) => e.code)
}

describe('ID number boundaries', () => {
  it('province part: 11 and 82 are accepted, 10 and 83 are not', () => {
    expect(idErrors(buildIdNumber('110105', '1990-01-01', 1))).toEqual([])
    expect(idErrors(buildIdNumber('100105', '1990-01-01', 1))).toEqual(['ADDRESS_PROVINCE'])
    expect(idErrors(buildIdNumber('820101', '1990-01-01', 1))).toEqual([])
    expect(idErrors(buildIdNumber('830101', '1990-01-01', 1))).toEqual(['ADDRESS_PROVINCE'])
  })

  it('birth month: 01 and 12 are accepted, 00 and 13 are not', () => {
    expect(idErrors(withCheck('11010519900101001'))).toEqual([])
    expect(idErrors(withCheck('11010519900001001'))).toEqual(['BIRTH_MONTH'])
    expect(idErrors(withCheck('11010519901201001'))).toEqual([])
    expect(idErrors(withCheck('11010519901301001'))).toEqual(['BIRTH_MONTH'])
  })

  it('birth day: the last day of the month is accepted, the next one and day 00 are not', () => {
    expect(idErrors(withCheck('11010519900131001'))).toEqual([])
    expect(idErrors(withCheck('11010519900132001'))).toEqual(['BIRTH_DAY'])
    expect(idErrors(withCheck('11010519900100001'))).toEqual(['BIRTH_DAY'])
    expect(idErrors(withCheck('11010519230228001'))).toEqual([])
    expect(idErrors(withCheck('11010519230229001'))).toEqual(['BIRTH_DAY'])
    expect(idErrors(withCheck('11010519240229001'))).toEqual([])
    expect(idErrors(withCheck('11010519240230001'))).toEqual(['BIRTH_DAY'])
  })

  it('birth date: the reference date itself is accepted, the day after is not', () => {
    expect(idErrors(buildIdNumber('110105', today, 1))).toEqual([])
    expect(idErrors(buildIdNumber('110105', '2026-03-02', 1))).toEqual(['BIRTH_DATE_FUTURE'])
  })

  it('birth date: the earliest plausible date is accepted, the day before is not', () => {
    expect(EARLIEST_BIRTH_DATE).toBe('1880-01-01')
    expect(idErrors(buildIdNumber('110105', '1880-01-01', 1))).toEqual([])
    expect(idErrors(buildIdNumber('110105', '1879-12-31', 1))).toEqual(['BIRTH_DATE_TOO_EARLY'])
  })

  it('length: 18 and 15 (legacy) are accepted; 14, 16, 17 and 19 are not; 15 is refused without allow15', () => {
    const id = buildIdNumber('110105', '1990-01-01', 1)
    expect(idErrors(id)).toEqual([])
    expect(idErrors(id.slice(0, 17))).toEqual(['LENGTH'])
    expect(idErrors(`${id}1`)).toEqual(['LENGTH'])
    expect(idErrors('110105900101001')).toEqual([])
    expect(idErrors('11010590010100')).toEqual(['LENGTH'])
    expect(idErrors('1101059001010011')).toEqual(['LENGTH'])
    expect(idErrors('110105900101001', false)).toEqual(['LENGTH'])
  })

  it('an X is accepted as character 18 only', () => {
    const x = '11010519491231002X'
    expect(idErrors(x)).toEqual([])
    expect(idErrors(`${x.slice(0, 16)}X${x.slice(17)}`)).toContain('CHARACTER')
  })

  it('age: the birthday itself counts, the day before does not', () => {
    expect(ageOn('2010-03-01', '2026-03-01')).toBe(16)
    expect(ageOn('2010-03-02', '2026-03-01')).toBe(15)
    expect(ageOn('2026-03-01', '2026-03-01')).toBe(0)
    expect(() => ageOn('2026-03-02', '2026-03-01')).toThrow(RangeError)
  })
})

describe('disability certificate boundaries', () => {
  const id = buildIdNumber('110105', '1990-01-01', 1)
  const certErrors = (suffix: string) => {
    const r = parseDisabilityCert(id + suffix, { today })
    return r.ok ? [] : r.errors.map((e) => e.code)
  }

  it('category: 1 and 7 are accepted, 0 and 8 are not', () => {
    expect(certErrors('11')).toEqual([])
    expect(certErrors('71')).toEqual([])
    expect(certErrors('01')).toEqual(['CATEGORY'])
    expect(certErrors('81')).toEqual(['CATEGORY'])
  })

  it('level: 1 and 4 are accepted, 0 and 5 are not', () => {
    expect(certErrors('41')).toEqual([])
    expect(certErrors('44')).toEqual([])
    expect(certErrors('40')).toEqual(['LEVEL'])
    expect(certErrors('45')).toEqual(['LEVEL'])
  })

  it('length: exactly 20 characters', () => {
    expect(certErrors('4')).toEqual(['LENGTH'])
    expect(certErrors('411')).toEqual(['LENGTH'])
  })

  it('severe: level 2 of any category and level 3 of intellectual/mental; level 3 otherwise and level 4 are not', () => {
    expect(isSevereDisability(4, 2)).toBe(true)
    expect(isSevereDisability(4, 3)).toBe(false)
    expect(isSevereDisability(5, 3)).toBe(true)
    expect(isSevereDisability(6, 3)).toBe(true)
    expect(isSevereDisability(7, 3)).toBe(false)
    expect(isSevereDisability(5, 4)).toBe(false)
  })
})

describe('region code boundaries', () => {
  it('province segment: 11 and 82 are accepted, 10 and 83 are not', () => {
    expect(regionErrors('11')).toEqual([])
    expect(regionErrors('10')).toEqual(['PROVINCE_INVALID'])
    expect(regionErrors('82')).toEqual([])
    expect(regionErrors('83')).toEqual(['PROVINCE_INVALID'])
  })

  it('lengths: 2, 4, 6, 9 and 12 digits are accepted, one more or one fewer are not', () => {
    const code = '622926100202'
    for (const n of [2, 4, 6, 9, 12]) {
      expect(regionErrors(code.slice(0, n))).toEqual([])
      expect(regionErrors(code.slice(0, n - 1))).not.toEqual([])
      if (n < 12) expect(regionErrors(code.slice(0, n + 1))).toEqual(['LENGTH'])
    }
    expect(regionErrors(`${code}0`)).toEqual(['LENGTH'])
  })

  it('township kinds change exactly at 001, 100, 200, 400 and 600', () => {
    const at = (ns: number[]) => ns.map((n) => townshipKind(n))
    expect(at([0, 1, 99, 100, 199, 200, 399, 400, 599, 600])).toEqual([
      'unassigned',
      'subdistrict',
      'subdistrict',
      'town',
      'town',
      'township',
      'township',
      'combined_unit',
      'combined_unit',
      'unassigned',
    ])
  })

  it('village kinds change exactly at 001, 200, 400 and 600', () => {
    const at = (ns: number[]) => ns.map((n) => villageKind(n))
    expect(at([0, 1, 199, 200, 399, 400, 599, 600])).toEqual([
      'unassigned',
      'neighbourhood',
      'neighbourhood',
      'village',
      'village',
      'similar_unit',
      'similar_unit',
      'unassigned',
    ])
  })
})
