import { describe, expect, test } from 'vitest'
import { loadParameterFiles } from '../catalogue/load.node.ts'
import { resolveParameters } from '../engine/parameters.ts'
import { computeCheckChar } from '../identifiers/idNumber.ts'
import { checkHousehold, qualityLimits } from './index.ts'
import type { QualityCase, QualityContext, QualityHousehold, QualityMember } from './types.ts'

const today = '2026-11-28'
/** The limits come from the catalogue for the demo county (money in fen there, yuan in the checks). */
const county = '622926'
const params = resolveParameters(loadParameterFiles(), { asOf: today })
const threshold = params.get('monitoring.threshold', undefined, county).value / 100
const limits = qualityLimits(params, county)
const ctx: QualityContext = { today, threshold, limits }
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
  perCapitaNet: threshold - 2000,
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
    incomeAtElimination: inc({ type: 'ELIMINATION', perCapitaNet: threshold + 1000 }),
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
    expect(
      codes(household({ case: kase({ incomeAtIdentification: inc({ perCapitaNet: threshold + 1000 }) }) })),
    ).toEqual(['Q02:B'])
    expect(codes(household({ case: kase({ category: 'SUDDEN_HARDSHIP' }) }))).toEqual(['Q02:B'])
    expect(codes(household({ case: kase({ category: 'SUDDEN_HARDSHIP', hardshipExplanation: '医疗支出' }) }))).toEqual(
      [],
    )
    expect(
      checkHousehold(household({ case: kase({ incomeAtIdentification: inc({ perCapitaNet: threshold + 1000 }) }) }), {
        today,
        limits,
      }),
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
    const c = eliminatedCase({ incomeAtElimination: inc({ type: 'ELIMINATION', perCapitaNet: threshold - 1000 }) })
    expect(codes(household({ case: c, ...withContact }))).toEqual(['4_11_010:B'])
    expect(
      codes(
        household({
          case: eliminatedCase({
            eliminationMethod: 'NATURAL',
            incomeAtElimination: inc({ perCapitaNet: threshold - 1000 }),
          }),
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

/** Each comparison of the checks at its limit and one unit past it (a fen for money, a day for ages, a month). */
describe('§9 boundary pairs', () => {
  const atIdentification = (o: Parameters<typeof inc>[0]) =>
    household({ case: kase({ incomeAtIdentification: inc(o) }) })
  const eliminatedWith = (perCapitaNet: number) =>
    household({
      case: eliminatedCase({ incomeAtElimination: inc({ type: 'ELIMINATION', perCapitaNet }) }),
      ...withContact,
    })

  test('the limits are the catalogue values the rule scripts cite', () => {
    expect(limits).toEqual({ postMinAge: 16, identWageMin: 100, elimMinMonthGap: 3 })
    expect(threshold).toBe(8700)
  })

  test('2 · Q02: income at the threshold is flagged, one fen under it is not', () => {
    expect(codes(atIdentification({ perCapitaNet: threshold }))).toEqual(['Q02:B'])
    expect(codes(atIdentification({ perCapitaNet: threshold - 0.01 }))).toEqual([])
  })

  test('3 · 5_15_020: illness with self-paid 0 is flagged, one fen is not', () => {
    const ill = (compliantSelfPaid: number) =>
      household({ case: kase({ risks: ['ILLNESS'], incomeAtIdentification: inc({ compliantSelfPaid }) }) })
    expect(codes(ill(0))).toEqual(['5_15_020:B'])
    expect(codes(ill(0.01))).toEqual([])
  })

  test('4 · 5_15_023: wage at the floor is plausible, one fen under it is not; one fen above 0 is flagged', () => {
    const w = limits.identWageMin
    expect(codes(atIdentification({ wage: w }))).toEqual([])
    expect(codes(atIdentification({ wage: w - 0.01 }))).toEqual(['5_15_023:W'])
    expect(codes(atIdentification({ wage: 0.01 }))).toEqual(['5_15_023:W'])
    expect(codes(atIdentification({ wage: 0 }))).toEqual([])
    expect(checkHousehold(atIdentification({ wage: w - 1 }), ctx)[0]?.message.zh).toContain(`0到${w}元`)
  })

  test('5 · 4_11_010: elimination income at the threshold passes, one fen under it is blocked', () => {
    expect(codes(eliminatedWith(threshold))).toEqual([])
    expect(codes(eliminatedWith(threshold - 0.01))).toEqual(['4_11_010:B'])
  })

  test('6 · GZ_ELIM_2M: elimination one month short of the gap is flagged, at the gap it is not', () => {
    const after = (months: number) => {
      const m = 12 * 2025 + months // identified 2025-01
      const ym = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`
      return household({ case: eliminatedCase({ eliminatedMonth: ym }), ...withContact })
    }
    expect(codes(after(limits.elimMinMonthGap - 1))).toEqual(['GZ_ELIM_2M:W'])
    expect(codes(after(limits.elimMinMonthGap))).toEqual([])
    expect(codes(after(0))).toEqual(['GZ_ELIM_2M:W'])
  })

  test('9 · 5_16_008: a level-2 member requires the subsidy, a level-3 (physical) member does not', () => {
    const h = (level: number) =>
      household({ case: kase({ risks: ['DISABILITY'] }), members: [member({ disabilityCertNo: `${HEAD}4${level}` })] })
    expect(codes(h(2))).toEqual(['5_16_008:B'])
    expect(codes(h(3))).toEqual([])
  })

  test('11 · 4_11_013: transfer income 0 is flagged, one fen is not', () => {
    const h = (transfer: number) =>
      household({ householdType: 'TUOPIN', lowIncomeGroups: ['DIBAO'], assessment: inc({ type: 'ANNUAL', transfer }) })
    expect(codes(h(0))).toEqual(['4_11_013:W'])
    expect(codes(h(0.01))).toEqual([])
  })

  test('12 · 1111_10: transport allowance 0 is blocked, one fen is not', () => {
    const h = (transportAllowance: number) =>
      household({ measures: [{ category: 'EMPLOYMENT', item: '外出务工补贴', transportAllowance }] })
    expect(codes(h(0))).toEqual(['1111_10:B'])
    expect(codes(h(0.01))).toEqual([])
  })

  test('14 · 5_12_004: a post holder on the birthday of the minimum age passes, one day younger is blocked', () => {
    const born = `${Number(today.slice(0, 4)) - limits.postMinAge}${today.slice(4)}` // exactly postMinAge today
    const dayLater = `${born.slice(0, 8)}${String(Number(born.slice(8)) + 1).padStart(2, '0')}`
    const post = (birth: string) =>
      household({
        members: [
          member(),
          member({ name: '马小军', idNumber: id(birth.replaceAll('-', ''), '031'), publicPost: true }),
        ],
      })
    expect(codes(post(born))).toEqual([])
    expect(codes(post(dayLater))).toEqual(['5_12_004:B'])
    expect(checkHousehold(post(dayLater), ctx)[0]?.message.zh).toContain(`未满${limits.postMinAge}周岁`)
  })

  test('15 · 5_12_003: a 特困 person with 0 work months passes, 1 month is flagged', () => {
    const h = (workMonths: number) => household({ members: [member({ lowIncomeGroups: ['TEKUN'], workMonths })] })
    expect(codes(h(0))).toEqual([])
    expect(codes(h(1))).toEqual(['5_12_003:W'])
  })
})
