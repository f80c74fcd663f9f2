import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ageOn,
  computeCheckChar,
  ID_WEIGHTS,
  type IdError,
  isValidIdNumber,
  maskIdNumber,
  parseIdNumber,
  sexFromSequence,
} from './idNumber.ts'
import { buildIdNumber, generateIdNumber, SAMPLE_ADDRESS_CODES, seededRandom } from './testkit.ts'

const today = '2026-03-01'
const opts = { today }
const parse = (id: string, o: Parameters<typeof parseIdNumber>[1] = opts) => parseIdNumber(id, o)
const errorsOf = (id: string, o: Parameters<typeof parseIdNumber>[1] = opts): IdError[] => {
  const r = parse(id, o)
  if (r.ok) throw new Error(`expected ${id} to be invalid`)
  return r.errors
}
const only = (id: string, o?: Parameters<typeof parseIdNumber>[1]) => {
  const errors = errorsOf(id, o)
  expect(errors).toHaveLength(1)
  return errors[0]!
}

/** Arbitrary valid ID parts: a real address code, a birth date in [1880, today], any sequence. */
const idParts = fc.record({
  address: fc.constantFrom(...SAMPLE_ADDRESS_CODES),
  birth: fc
    .date({ min: new Date('1880-01-01T00:00:00Z'), max: new Date(`${today}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  seq: fc.integer({ min: 0, max: 999 }),
})

describe('GB 11643 worked example (domain.md §14.1)', () => {
  it('computes the weighted sum 167, remainder 2, check character X', () => {
    const first17 = '11010519491231002'
    const sum = [...first17].reduce((s, ch, i) => s + Number(ch) * ID_WEIGHTS[i]!, 0)
    expect(sum).toBe(167)
    expect(sum % 11).toBe(2)
    expect(computeCheckChar(first17)).toBe('X')
  })
  it('parses 11010519491231002X as a woman born 1949-12-31 in 110105', () => {
    expect(parse('11010519491231002X')).toEqual({
      ok: true,
      value: {
        id18: '11010519491231002X',
        addressCode: '110105',
        birthDate: '1949-12-31',
        sequence: '002',
        sex: 'female',
        converted15: false,
      },
      warnings: [],
    })
  })
  it('accepts a lower-case x, surrounding blanks and full-width digits, normalising to upper case', () => {
    for (const input of ['11010519491231002x', '  11010519491231002X\t', '１１０１０５１９４９１２３１００２ｘ']) {
      const r = parse(input)
      expect(r.ok && r.value.id18).toBe('11010519491231002X')
    }
  })
  it('rejects the worked example with a wrong check digit, naming position and expected character', () => {
    expect(only('110105194912310023')).toEqual({
      code: 'CHECKSUM',
      position: 18,
      message: {
        zh: '第18位校验码应为 X，实为 3',
        en: 'character 18: check character should be X, found 3',
      },
    })
  })
})

describe('check character table', () => {
  it('maps every remainder 0..10 to "10X98765432"', () => {
    const byRemainder = new Map<number, string>()
    for (let n = 0; n < 100; n++) {
      const body = `110105194912310${String(n).padStart(2, '0')}`
      const sum = [...body].reduce((s, ch, i) => s + Number(ch) * ID_WEIGHTS[i]!, 0)
      byRemainder.set(sum % 11, computeCheckChar(body))
    }
    expect([...byRemainder.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c)).toEqual([...'10X98765432'])
  })
  it('refuses anything but 17 digits', () => {
    expect(() => computeCheckChar('1101051949123100')).toThrow(RangeError)
    expect(() => computeCheckChar('1101051949123100X')).toThrow(/17 digits/)
  })
})

describe('generated IDs (seeded)', () => {
  it('5,000 generated IDs across 1880–2026 and both sexes are valid and parse back to their parts', () => {
    const rand = seededRandom(20260301)
    const sexes = { male: 0, female: 0 }
    for (let i = 0; i < 5000; i++) {
      const g = generateIdNumber(rand, { to: today, sex: i % 3 === 0 ? 'male' : i % 3 === 1 ? 'female' : undefined })
      const r = parse(g.id)
      expect(r.ok, g.id).toBe(true)
      if (!r.ok) continue
      expect(r.value).toEqual({
        id18: g.id,
        addressCode: g.addressCode,
        birthDate: g.birthDate,
        sequence: String(g.sequence).padStart(3, '0'),
        sex: g.sex,
        converted15: false,
      })
      sexes[g.sex]++
    }
    expect(sexes.male).toBeGreaterThan(2000)
    expect(sexes.female).toBeGreaterThan(2000)
  })
  it('is reproducible from the seed', () => {
    const a = generateIdNumber(seededRandom(7)).id
    expect(generateIdNumber(seededRandom(7)).id).toBe(a)
  })
})

describe('properties (fast-check)', () => {
  it('every generated valid ID validates, with sex from the sequence parity', () => {
    fc.assert(
      fc.property(idParts, ({ address, birth, seq }) => {
        const r = parse(buildIdNumber(address, birth, seq))
        return r.ok && r.value.birthDate === birth && r.value.sex === (seq % 2 ? 'male' : 'female')
      }),
      { numRuns: 2000 },
    )
  })
  it('changing any single character to another digit breaks the checksum (position 18 reported)', () => {
    fc.assert(
      fc.property(idParts, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (p, pos, delta) => {
        const id = buildIdNumber(p.address, p.birth, p.seq)
        const old = id[pos] === 'X' ? 10 : Number(id[pos])
        const next =
          pos === 17 ? '10X98765432'[('10X98765432'.indexOf(id[17]!) + delta) % 11]! : String((old + delta) % 10)
        const flipped = id.slice(0, pos) + next + id.slice(pos + 1)
        const r = parse(flipped)
        return !r.ok && r.errors.some((e) => e.code === 'CHECKSUM' && e.position === 18)
      }),
      { numRuns: 3000 },
    )
  })
  it('swapping two adjacent different digits of the body is caught too', () => {
    fc.assert(
      fc.property(idParts, fc.integer({ min: 0, max: 15 }), (p, pos) => {
        const id = buildIdNumber(p.address, p.birth, p.seq)
        fc.pre(id[pos] !== id[pos + 1])
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2)
        return !isValidIdNumber(swapped, opts)
      }),
    )
  })
  it('15 → 18 round trip: a legacy number converts to the 18-digit number of the same person', () => {
    const twentieth = idParts.filter((p) => p.birth >= '1900-01-01' && p.birth <= '1999-12-31')
    fc.assert(
      fc.property(twentieth, ({ address, birth, seq }) => {
        const id18 = buildIdNumber(address, birth, seq)
        const id15 = id18.slice(0, 6) + id18.slice(8, 17)
        const r = parse(id15)
        return r.ok && r.value.id18 === id18 && r.value.converted15 && r.value.birthDate === birth
      }),
      { numRuns: 1000 },
    )
  })
  it('lower-case x is always accepted where upper-case X is', () => {
    fc.assert(
      fc.property(idParts, (p) => {
        const id = buildIdNumber(p.address, p.birth, p.seq)
        const r = parse(id.toLowerCase())
        return r.ok && r.value.id18 === id
      }),
    )
  })
})

describe('error codes and positions', () => {
  it('EMPTY at 1', () => {
    expect(only('')).toMatchObject({ code: 'EMPTY', position: 1 })
    expect(only('   ')).toMatchObject({ code: 'EMPTY', position: 1 })
  })
  it('LENGTH: first missing character, or the extra characters', () => {
    expect(only('11010519491231002')).toMatchObject({
      code: 'LENGTH',
      position: 18,
      message: { zh: '身份证号应为18位（或15位旧号码），实为17位' },
    })
    expect(only('11010519491231002X1')).toMatchObject({ code: 'LENGTH', position: { from: 19, to: 19 } })
    expect(only('1101051949123102X')).toMatchObject({ code: 'LENGTH', position: 18 }) // a dropped digit: no X noise
    expect(only('110105491231002', { today, allow15: false })).toMatchObject({
      code: 'LENGTH',
      position: 16,
      message: { en: 'an ID number has 18 characters, found 15' },
    })
  })
  it('CHARACTER: every non-digit, X allowed only in position 18', () => {
    const errors = errorsOf('1101A519491X31002X')
    expect(errors.map((e) => [e.code, e.position])).toEqual([
      ['CHARACTER', 5],
      ['CHARACTER', 12],
    ])
    expect(errors[0]!.message).toEqual({ zh: '第5位应为数字，实为 A', en: 'character 5 should be a digit, found A' })
    expect(only('11010519491231002Y')).toMatchObject({
      code: 'CHARACTER',
      position: 18,
      message: { en: 'character 18 should be a digit or X, found Y' },
    })
    expect(only('11010549123100X')).toMatchObject({ code: 'CHARACTER', position: 15 })
    expect(errorsOf('110105 1949123100X').map((e) => e.position)).toEqual([7])
  })
  it('ADDRESS_PROVINCE: province part outside 11–82 at 1-2', () => {
    expect(only(buildIdNumber('010105', '1990-01-01', 1))).toMatchObject({
      code: 'ADDRESS_PROVINCE',
      position: { from: 1, to: 2 },
    })
    expect(only(buildIdNumber('910105', '1990-01-01', 1)).code).toBe('ADDRESS_PROVINCE')
  })
  it('BIRTH_MONTH at 11-12 (9-10 for legacy numbers)', () => {
    const first17 = '11010519491331002'
    expect(only(first17 + computeCheckChar(first17))).toMatchObject({
      code: 'BIRTH_MONTH',
      position: { from: 11, to: 12 },
      message: { zh: '第11-12位出生月份 13 无效，应为01-12' },
    })
    expect(only('110105490031002')).toMatchObject({ code: 'BIRTH_MONTH', position: { from: 9, to: 10 } })
  })
  it('BIRTH_DAY at 13-14 (11-12 for legacy), leap years honoured', () => {
    const withCheck = (b: string) => b + computeCheckChar(b)
    expect(only(withCheck('11010519000229002'))).toMatchObject({
      code: 'BIRTH_DAY',
      position: { from: 13, to: 14 },
      message: { en: 'characters 13-14: birth day 29 does not exist in 1900-02' },
    })
    expect(parse(withCheck('11010520000229002')).ok).toBe(true)
    expect(only(withCheck('11010519490431002')).code).toBe('BIRTH_DAY')
    expect(only(withCheck('11010519490100002')).code).toBe('BIRTH_DAY')
    expect(only('110105490230002')).toMatchObject({ code: 'BIRTH_DAY', position: { from: 11, to: 12 } })
  })
  it('BIRTH_DATE_FUTURE at 7-14, relative to the reference date', () => {
    const id = buildIdNumber('622926', '2026-03-02', 11)
    expect(only(id)).toMatchObject({ code: 'BIRTH_DATE_FUTURE', position: { from: 7, to: 14 } })
    expect(parse(id, { today: '2026-03-02' }).ok).toBe(true)
  })
  it('BIRTH_DATE_TOO_EARLY before 1880-01-01', () => {
    expect(only(buildIdNumber('622926', '1879-12-31', 11))).toMatchObject({
      code: 'BIRTH_DATE_TOO_EARLY',
      position: { from: 7, to: 14 },
    })
    expect(parse(buildIdNumber('622926', '1880-01-01', 11)).ok).toBe(true)
  })
  it('reports independent problems together (date and checksum)', () => {
    const body = '11010519491331002'
    const wrong = computeCheckChar(body) === '0' ? '1' : '0'
    expect(errorsOf(body + wrong).map((e) => e.code)).toEqual(['BIRTH_MONTH', 'CHECKSUM'])
  })
  it('throws on a malformed reference date (a programming error)', () => {
    expect(() => parse('11010519491231002X', { today: '2026-02-30' })).toThrow(RangeError)
  })
})

describe('address warnings (never block)', () => {
  it('ADDRESS_PROVINCE_UNASSIGNED for a province code in range but not assigned', () => {
    const r = parse(buildIdNumber('190105', '1990-01-01', 1))
    expect(r.ok).toBe(true)
    expect(r.warnings.map((w) => [w.code, w.position])).toEqual([['ADDRESS_PROVINCE_UNASSIGNED', { from: 1, to: 2 }]])
  })
  it('ADDRESS_NOT_COUNTY_LEVEL for a prefecture/province code, but not for cities without counties', () => {
    expect(parse(buildIdNumber('110000', '1990-01-01', 1)).warnings.map((w) => w.code)).toEqual([
      'ADDRESS_NOT_COUNTY_LEVEL',
    ])
    expect(parse(buildIdNumber('441900', '1990-01-01', 1)).warnings).toEqual([])
  })
  it('ADDRESS_UNKNOWN when the caller’s division table does not know the code (obsolete codes stay valid)', () => {
    const known = new Set(['110105'])
    const o = { today, isKnownAddressCode: (c: string) => known.has(c) }
    expect(parse('11010519491231002X', o).warnings).toEqual([])
    const r = parse(buildIdNumber('110103', '1960-05-01', 12), o) // 崇文区, merged into 东城区 in 2010
    expect(r.ok).toBe(true)
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'ADDRESS_UNKNOWN', position: { from: 1, to: 6 } })])
  })
})

describe('helpers', () => {
  it('sexFromSequence: odd male, even female', () => {
    expect(sexFromSequence('001')).toBe('male')
    expect(sexFromSequence('002')).toBe('female')
    expect(sexFromSequence(0)).toBe('female')
  })
  it('isValidIdNumber', () => {
    expect(isValidIdNumber('11010519491231002X', opts)).toBe(true)
    expect(isValidIdNumber('110105194912310021', opts)).toBe(false)
  })
  it('ageOn counts whole years (周岁); 29 February birthdays are reached on 1 March in common years', () => {
    expect(ageOn('1949-12-31', '2026-12-30')).toBe(76)
    expect(ageOn('1949-12-31', '2026-12-31')).toBe(77)
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15)
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16)
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16)
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17)
    expect(ageOn('2010-03-01', '2026-02-28')).toBe(15)
    expect(ageOn('2010-03-01', '2010-03-01')).toBe(0)
    expect(() => ageOn('2010-03-01', '2010-02-28')).toThrow(/before/)
    expect(() => ageOn('2010-3-1', '2020-01-01')).toThrow(RangeError)
  })
  it('ageOn increases by exactly one on each birthday (property)', () => {
    fc.assert(
      fc.property(idParts, fc.integer({ min: 0, max: 120 }), ({ birth }, n) => {
        fc.pre(!birth.endsWith('02-29'))
        const anniversary = `${String(Number(birth.slice(0, 4)) + n).padStart(4, '0')}${birth.slice(4)}`
        return ageOn(birth, anniversary) === n
      }),
    )
  })
  it('maskIdNumber keeps the first 3 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X')
    expect(maskIdNumber('110105491231002')).toBe('110********1002')
    expect(maskIdNumber('1234567')).toBe('*******')
    expect(maskIdNumber('')).toBe('')
  })
})
