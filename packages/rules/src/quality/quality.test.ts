import { describe, expect, test } from 'vitest'
import { computeCheckChar } from '../identifiers/idNumber.ts'
import { checkHousehold } from './index.ts'
import type { QualityCase, QualityHousehold, QualityMember } from './types.ts'

const today = '2026-11-28'
const ctx = { today, threshold: 7000 }
const id = (birth: string, seq = '011') => {
  const first17 = `622926${birth}${seq}`
  return first17 + computeCheckChar(first17)
}
const HEAD = id('19700315', '011')
const member = (o: Partial<QualityMember> = {}): QualityMember => ({
  name: '马哈麦',
  idNumber: HEAD,
  labourSkill: 'ORDINARY',
  education: 'PRIMARY',
  schoolStatus: 'NOT_IN_SCHOOL',
  ...o,
})
const household = (o: Partial<QualityHousehold> = {}): QualityHousehold => ({
  householdNo: '6229261002020001',
  householdType: 'GENERAL',
  wholeHouseholdNoLabour: false,
  members: [member()],
  ...o,
})
const inc = (o: Partial<NonNullable<QualityCase['incomeAtIdentification']>> = {}) => ({
  type: 'IDENTIFICATION',
  wage: 3000,
  transfer: 500,
  compliantSelfPaid: 0,
  perCapitaNet: 5000,
  ...o,
})
const kase = (o: Partial<QualityCase> = {}): QualityCase => ({
  category: 'MARGINAL',
  status: 'ACTIVE',
  risks: ['OTHER'],
  incomeAtIdentification: inc(),
  ...o,
})
const eliminatedCase = (o: Partial<QualityCase> = {}) =>
  kase({
    status: 'RISK_ELIMINATED',
    eliminationMethod: 'ASSISTED',
    identifiedMonth: '2025-01',
    eliminatedMonth: '2026-01',
    incomeAtElimination: inc({ type: 'ELIMINATION', perCapitaNet: 9000 }),
    postElimination: {
      dropout: false,
      housingDamaged: false,
      membersWithoutInsurance: false,
      waterFacilityDamaged: false,
    },
    ...o,
  })
const withContact = { monitorContactName: '马队长', monitorContactPhone: '13912345678' }
const codes = (h: QualityHousehold) => checkHousehold(h, ctx).map((f) => `${f.code}:${f.severity}`)

describe('§9 data-quality checks', () => {
  test('a clean household has no findings', () => {
    expect(codes(household())).toEqual([])
    expect(codes(household({ case: eliminatedCase(), ...withContact }))).toEqual([])
  })

  test('1 · 1_12_004 ID checksum and disability certificate', () => {
    const bad = `${HEAD.slice(0, 17)}${HEAD.endsWith('1') ? '2' : '1'}`
    const f = checkHousehold(household({ members: [member({ idNumber: bad })] }), ctx)
    expect(f.map((x) => x.code)).toEqual(['1_12_004'])
    expect(f[0]?.message.zh).toMatch(/18/)
    expect(codes(household({ members: [member({ disabilityCertNo: `${HEAD}81` })] }))).toEqual(['1_12_004:B'])
    expect(codes(household({ members: [member({ disabilityCertNo: `${HEAD}45` })] }))).toEqual(['1_12_004:B'])
    expect(codes(household({ members: [member({ disabilityCertNo: `${id('19800101')}41` })] }))).toEqual(['1_12_004:B'])
    expect(codes(household({ members: [member({ disabilityCertNo: `${HEAD}41` })] }))).toEqual([])
  })

  test('2 · Q02 category needs income under the threshold or an explanation', () => {
    expect(codes(household({ case: kase({ incomeAtIdentification: inc({ perCapitaNet: 8000 }) }) }))).toEqual(['Q02:B'])
    expect(codes(household({ case: kase({ category: 'SUDDEN_HARDSHIP' }) }))).toEqual(['Q02:B'])
    expect(codes(household({ case: kase({ category: 'SUDDEN_HARDSHIP', hardshipExplanation: '医疗支出' }) }))).toEqual(
      [],
    )
    expect(
      checkHousehold(household({ case: kase({ incomeAtIdentification: inc({ perCapitaNet: 8000 }) }) }), { today }),
    ).toEqual([])
  })

  test('3 · 5_15_020 illness needs compliant self-paid expenditure', () => {
    expect(codes(household({ case: kase({ risks: ['ILLNESS'] }) }))).toEqual(['5_15_020:B'])
    expect(
      codes(
        household({ case: kase({ risks: ['ILLNESS'], incomeAtIdentification: inc({ compliantSelfPaid: 3000 }) }) }),
      ),
    ).toEqual([])
  })

  test('4 · 5_15_023 wage income between 0 and 100 at identification', () => {
    expect(codes(household({ assessment: inc({ wage: 50 }) }))).toEqual(['5_15_023:W'])
    expect(codes(household({ assessment: inc({ wage: 0 }) }))).toEqual([])
    expect(codes(household({ assessment: inc({ wage: 50, type: 'ANNUAL' }) }))).toEqual([])
  })

  test('5 · 4_11_010 assisted elimination under the threshold', () => {
    const c = eliminatedCase({ incomeAtElimination: inc({ type: 'ELIMINATION', perCapitaNet: 6000 }) })
    expect(codes(household({ case: c, ...withContact }))).toEqual(['4_11_010:B'])
    expect(
      codes(
        household({
          case: eliminatedCase({ eliminationMethod: 'NATURAL', incomeAtElimination: inc({ perCapitaNet: 6000 }) }),
          ...withContact,
        }),
      ),
    ).toEqual([])
  })

  test('6 · GZ_ELIM_2M assisted elimination within two months', () => {
    expect(codes(household({ case: eliminatedCase({ eliminatedMonth: '2025-03' }), ...withContact }))).toEqual([
      'GZ_ELIM_2M:W',
    ])
    expect(codes(household({ case: eliminatedCase({ eliminatedMonth: '2025-04' }), ...withContact }))).toEqual([])
  })

  test('7 · 1_11_005 post-elimination fields', () => {
    const f = checkHousehold(
      household({ case: eliminatedCase({ postElimination: { dropout: false } }), ...withContact }),
      ctx,
    )
    expect(f.map((x) => x.code)).toEqual(['1_11_005'])
    expect(f[0]?.message.zh).toContain('住房损毁')
  })

  test('8 · 1_11_011 monitoring contact once eliminated', () => {
    expect(codes(household({ case: eliminatedCase(), monitorContactName: '马队长' }))).toEqual(['1_11_011:B'])
    expect(codes(household({ case: eliminatedCase(), ...withContact }))).toEqual([])
  })

  test('9 · 5_16_008 disability subsidy for a level 1–2 disabled member with risk 因残', () => {
    const h = household({ case: kase({ risks: ['DISABILITY'] }), members: [member({ disabilityCertNo: `${HEAD}42` })] })
    expect(codes(h)).toEqual(['5_16_008:B'])
    expect(codes({ ...h, measures: [{ category: 'SOCIAL_SECURITY', item: '残疾人补贴' }] })).toEqual([])
    const decreased = member({ disabilityCertNo: `${HEAD}41`, status: 'NATURAL_DECREASE', decreaseDate: '2026-03-01' })
    expect(codes({ ...h, members: [member({ idNumber: id('19720101', '022') }), decreased] })).toEqual(['5_16_008:B'])
  })

  test('10 · 4_11_016 disability subsidy without a disabled member', () => {
    const measures = [{ category: 'SOCIAL_SECURITY', item: '残疾人补贴' }]
    expect(codes(household({ measures }))).toEqual(['4_11_016:W'])
    expect(codes(household({ measures, members: [member({ disabilityCertNo: `${HEAD}43` })] }))).toEqual([])
  })

  test('11 · 4_11_013 脱贫 household with dibao but no transfer income', () => {
    const h = household({
      householdType: 'TUOPIN',
      lowIncomeGroups: ['DIBAO'],
      assessment: inc({ type: 'ANNUAL', transfer: 0 }),
    })
    expect(codes(h)).toEqual(['4_11_013:W'])
    expect(codes({ ...h, assessment: inc({ type: 'ANNUAL', transfer: 1200 }) })).toEqual([])
  })

  test('12 · 1111_10 migrant-work subsidy needs a transport allowance', () => {
    expect(codes(household({ measures: [{ category: 'EMPLOYMENT', item: '外出务工补贴' }] }))).toEqual(['1111_10:B'])
    expect(
      codes(household({ measures: [{ category: 'EMPLOYMENT', item: '外出务工补贴', transportAllowance: 300 }] })),
    ).toEqual([])
  })

  test('13 · 1111_07 whole household without labour', () => {
    const h = household({ monitoringStatus: 'ACTIVE', members: [member({ labourSkill: 'LOST' })] })
    expect(codes(h)).toEqual(['1111_07:B'])
    expect(codes({ ...h, wholeHouseholdNoLabour: true })).toEqual([])
    expect(codes({ ...h, monitoringStatus: 'NONE' })).toEqual([])
  })

  test('14 · 5_12_004 public post under 16, 2_12_004 outside work without labour', () => {
    const child = member({ name: '马小军', idNumber: id('20120909', '031'), workStatus: 'PUBLIC_POST' })
    expect(codes(household({ members: [member(), child] }))).toEqual(['5_12_004:B'])
    expect(codes(household({ members: [member({ labourSkill: 'NONE', workStatus: 'OUT_OF_PROVINCE' })] }))).toEqual([
      '2_12_004:B',
    ])
    expect(codes(household({ members: [member({ workStatus: 'PUBLIC_POST' })] }))).toEqual([])
  })

  test('15 · 5_12_003 特困 person with work or missing education', () => {
    expect(codes(household({ members: [member({ lowIncomeGroups: ['TEKUN'], workMonths: 6 })] }))).toEqual([
      '5_12_003:W',
    ])
    expect(codes(household({ members: [member({ lowIncomeGroups: ['TEKUN'], education: null })] }))).toEqual([
      '5_12_003:W',
    ])
    expect(codes(household({ members: [member({ lowIncomeGroups: ['TEKUN'] })] }))).toEqual([])
  })
})
