import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DISABILITY_CATEGORIES,
  type DisabilityCategory,
  type DisabilityLevel,
  isSevereDisability,
  parseDisabilityCert,
} from './disabilityCert.ts'
import { buildIdNumber, SAMPLE_ADDRESS_CODES } from './testkit.ts'

const opts = { today: '2026-03-01' }
const errorsOf = (cert: string) => {
  const r = parseDisabilityCert(cert, opts)
  if (r.ok) throw new Error(`expected ${cert} to be invalid`)
  return r.errors
}

describe('disability certificate numbers (domain.md §4.2)', () => {
  it('splits ID, category and level; lower-case x normalised', () => {
    const r = parseDisabilityCert('11010519491231002x53', opts)
    expect(r).toMatchObject({
      ok: true,
      value: {
        certNo: '11010519491231002X53',
        idNumber: '11010519491231002X',
        id: { birthDate: '1949-12-31', sex: 'female' },
        category: 5,
        categoryKey: 'intellectual',
        level: 3,
        severe: true,
      },
    })
  })
  it('names the seven categories', () => {
    expect(Object.values(DISABILITY_CATEGORIES).map((c) => c.name.zh)).toEqual([
      '视力残疾',
      '听力残疾',
      '言语残疾',
      '肢体残疾',
      '智力残疾',
      '精神残疾',
      '多重残疾',
    ])
  })
  it('every valid ID + category 1–7 + level 1–4 parses (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLE_ADDRESS_CODES),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        (address, seq, c, l) => {
          const r = parseDisabilityCert(`${buildIdNumber(address, '1980-06-15', seq)}${c}${l}`, opts)
          return r.ok && r.value.category === c && r.value.level === l
        },
      ),
    )
  })
  it('CATEGORY at 19 and LEVEL at 20', () => {
    expect(errorsOf('11010519491231002X05')).toEqual([
      {
        code: 'CATEGORY',
        position: 19,
        message: {
          zh: '第19位残疾类别应为1-7，实为 0',
          en: 'character 19: disability category should be 1-7, found 0',
        },
      },
      expect.objectContaining({ code: 'LEVEL', position: 20 }),
    ])
    expect(errorsOf('11010519491231002X8A').map((e) => [e.code, e.position])).toEqual([
      ['CATEGORY', 19],
      ['LEVEL', 20],
    ])
    expect(errorsOf('11010519491231002X40').map((e) => e.code)).toEqual(['LEVEL'])
  })
  it('errors of the embedded ID keep their ID positions (checksum at 18)', () => {
    expect(errorsOf('11010519491231002341')).toEqual([expect.objectContaining({ code: 'CHECKSUM', position: 18 })])
    expect(errorsOf('11010519491331002X41')[0]).toMatchObject({ code: 'BIRTH_MONTH', position: { from: 11, to: 12 } })
  })
  it('LENGTH: exactly 20 characters, no suffix and no 15-digit ID', () => {
    expect(errorsOf('11010519491231002X4')).toEqual([expect.objectContaining({ code: 'LENGTH', position: 20 })])
    expect(errorsOf('11010519491231002X41B1')).toEqual([
      expect.objectContaining({ code: 'LENGTH', position: { from: 21, to: 22 } }),
    ])
    expect(errorsOf('')).toEqual([expect.objectContaining({ code: 'EMPTY', position: 1 })])
  })
})

describe('isSevereDisability', () => {
  it('level 1–2 of any category, and level 3 only for intellectual and mental', () => {
    const severe: string[] = []
    for (let c = 1; c <= 7; c++) {
      for (let l = 1; l <= 4; l++) {
        if (isSevereDisability(c as DisabilityCategory, l as DisabilityLevel)) severe.push(`${c}${l}`)
      }
    }
    expect(severe).toEqual([
      '11',
      '12',
      '21',
      '22',
      '31',
      '32',
      '41',
      '42',
      '51',
      '52',
      '53',
      '61',
      '62',
      '63',
      '71',
      '72',
    ])
  })
})
