/**
 * The figures the synthetic population is drawn from, per county profile. Each number is documented with its source
 * (or marked ASSUMPTION) in docs/synthetic-population.md; the tests check the generated population against the
 * targets exported here.
 */
import type { NameStyle } from './names.ts'

/** Monitoring threshold (监测范围) used to place households near the line, yuan/person/year. ASSUMPTION (domain.md §6.1). */
export const MONITORING_THRESHOLD_YUAN = 7_500
/** Rural 低保 standard used to pick and pay 低保 households, yuan/person/year. ASSUMPTION (甘肃 2024 order of magnitude). */
export const DIBAO_STANDARD_YUAN = 5_600
/** Basic support of a 特困 person, yuan/year (≥ 1.3 × 低保 standard, 特困人员认定办法). ASSUMPTION for the amount. */
export const TEKUN_SUPPORT_YUAN = 7_300
/** Memberships of seeded persons start at this date at the earliest (建档立卡 began in 2014). ASSUMPTION. */
export const REGISTRY_START = '2014-01-01'
/** Default reference date of a seeded population (ages, assessment period); fixed so a seed is reproducible. */
export const DEFAULT_AS_OF = '2026-11-28'

export interface Ethnicity {
  /** GB/T 3304 code. */
  code: string
  zh: string
  style: NameStyle
}

export const ETHNICITIES = {
  han: { code: '01', zh: '汉族', style: 'HAN' },
  hui: { code: '03', zh: '回族', style: 'HUI' },
  dongxiang: { code: '26', zh: '东乡族', style: 'DONGXIANG' },
  salar: { code: '35', zh: '撒拉族', style: 'HUI' },
  bonan: { code: '47', zh: '保安族', style: 'HUI' },
} as const satisfies Record<string, Ethnicity>

export interface CountyProfile {
  key: 'DONGXIANG' | 'LINXIA' | 'RURAL_GANSU'
  label: string
  /** Ethnic mix of households (share of households by the head's group). */
  ethnicMix: ReadonlyArray<readonly [Ethnicity, number]>
  /** Household size distribution (share of households), 8 = 8 or more. */
  householdSize: ReadonlyArray<readonly [number, number]>
  /** Share of households with 建档立卡 history (脱贫户). */
  formerlyPoorShare: number
  /** Share of households that are three-generation, by household size (3, 4, 5, 6+). */
  threeGeneration: readonly [number, number, number, number]
  /** Share of single-person households headed by someone aged 60+. */
  singleElderlyShare: number
}

/** 东乡族自治县 (622926). */
export const DONGXIANG: CountyProfile = {
  key: 'DONGXIANG',
  label: '东乡族自治县',
  ethnicMix: [
    [ETHNICITIES.dongxiang, 87],
    [ETHNICITIES.hui, 8],
    [ETHNICITIES.han, 4],
    [ETHNICITIES.salar, 0.5],
    [ETHNICITIES.bonan, 0.5],
  ],
  householdSize: [
    [1, 6],
    [2, 11],
    [3, 14],
    [4, 20],
    [5, 21],
    [6, 15],
    [7, 8],
    [8, 5],
  ],
  formerlyPoorShare: 0.38,
  threeGeneration: [0.2, 0.35, 0.5, 0.65],
  singleElderlyShare: 0.65,
}

/** Other counties of 临夏州 (6229xx): 回族 and 汉族 with 东乡族, 撒拉族 and 保安族 minorities. ASSUMPTION mix. */
export const LINXIA: CountyProfile = {
  ...DONGXIANG,
  key: 'LINXIA',
  label: '临夏州（其他县市）',
  ethnicMix: [
    [ETHNICITIES.hui, 45],
    [ETHNICITIES.han, 40],
    [ETHNICITIES.dongxiang, 12],
    [ETHNICITIES.salar, 1.5],
    [ETHNICITIES.bonan, 1.5],
  ],
  formerlyPoorShare: 0.28,
}

/** Any other rural county: Han, smaller and older households. */
export const RURAL_GANSU: CountyProfile = {
  key: 'RURAL_GANSU',
  label: '一般农区县',
  ethnicMix: [
    [ETHNICITIES.han, 97],
    [ETHNICITIES.hui, 3],
  ],
  householdSize: [
    [1, 12],
    [2, 25],
    [3, 20],
    [4, 20],
    [5, 13],
    [6, 7],
    [7, 2],
    [8, 1],
  ],
  formerlyPoorShare: 0.18,
  threeGeneration: [0.15, 0.3, 0.45, 0.6],
  singleElderlyShare: 0.7,
}

export function profileFor(county: string): CountyProfile {
  if (county === '622926') return DONGXIANG
  if (county.startsWith('6229')) return LINXIA
  return RURAL_GANSU
}

/** Targets the tests hold the generated population to (tolerance in percentage points, see the test). */
export const TARGETS = {
  DONGXIANG: {
    meanHouseholdSize: 4.3,
    /** Shares of persons aged 0–14, 15–59, 60+ (临夏州 七普 2020: 28.22 / 58.21 / 13.58 %). */
    ageShares: [0.28, 0.58, 0.14],
    /** Males per 100 females (临夏州 七普 100.23 resident; registered population slightly higher, ASSUMPTION). */
    sexRatio: 102,
    /** Share of households with per-capita net income within ±20 % of the threshold. ASSUMPTION. */
    nearThresholdShare: 0.18,
  },
} as const
