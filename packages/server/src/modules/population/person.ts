/**
 * Attributes of one synthetic person from age and sex: education by cohort, school enrolment by age, chronic and
 * serious illness, disability (category, level), labour capacity, migrant work, insurance.
 */
import type { Rng } from './random.ts'
import { Weighted } from './random.ts'

export interface PersonTraits {
  education: string | null
  schoolStatus: string
  dropoutReason: string | null
  health: string
  labourSkill: string
  disability: { category: number; level: number } | null
  workStatus: string | null
  workPlace: string | null
  workMonths: number | null
  /** Monthly wage in yuan while working (0 when not working). */
  monthlyWage: number
  insurance: Record<string, boolean>
}

/** Disability categories 1–7 by share of disabled persons (第二次全国残疾人抽样调查 2006). */
const disabilityCategory = new Weighted<number>([
  [1, 14.86],
  [2, 24.16],
  [3, 1.53],
  [4, 29.07],
  [5, 6.68],
  [6, 7.4],
  [7, 16.3],
])
/** Levels 1 (most severe) – 4. ASSUMPTION. */
const disabilityLevel = new Weighted<number>([
  [1, 12],
  [2, 18],
  [3, 30],
  [4, 40],
])

const outOfProvince = [
  '新疆维吾尔自治区',
  '青海省',
  '宁夏回族自治区',
  '福建省厦门市',
  '广东省',
  '江苏省',
  '浙江省',
  '西藏自治区',
]
const inProvince = ['甘肃省兰州市', '甘肃省临夏州临夏市', '甘肃省酒泉市', '甘肃省嘉峪关市', '甘肃省武威市']

function schoolStatus(rng: Rng, age: number): { status: string; dropout: string | null } {
  if (age <= 2) return { status: 'PRESCHOOL_AGE', dropout: null }
  // 学前三年毛入园率 ≈ 91 % (2023 全国教育事业发展统计公报); lower in remote villages (ASSUMPTION 85 %).
  if (age <= 5) return { status: rng.chance(0.85) ? 'PRESCHOOL' : 'PRESCHOOL_AGE', dropout: null }
  if (age <= 14) {
    // 九年义务教育巩固率 95.7 % nationally; registered dropouts among 脱贫 households are rare (ASSUMPTION 0.3 %).
    if (rng.chance(0.003)) return { status: 'DROPOUT', dropout: rng.pick(['因病', '因残', '厌学', '其他']) }
    return { status: age <= 11 ? 'PRIMARY' : 'JUNIOR', dropout: null }
  }
  if (age <= 17) {
    // 高中阶段毛入学率 91.8 % nationally (2023); ASSUMPTION 80 % here, 3:2 general vs vocational.
    const x = rng.next()
    return { status: x < 0.48 ? 'SENIOR' : x < 0.8 ? 'VOCATIONAL' : 'NOT_IN_SCHOOL', dropout: null }
  }
  if (age <= 22) {
    // 高等教育毛入学率 60.2 % nationally (2023); ASSUMPTION 40 % for rural 东乡 youth.
    const x = rng.next()
    return { status: x < 0.22 ? 'HIGHER_VOCATIONAL' : x < 0.4 ? 'BACHELOR' : 'NOT_IN_SCHOOL', dropout: null }
  }
  return { status: 'NOT_IN_SCHOOL', dropout: null }
}

function education(rng: Rng, age: number, male: boolean, school: string): string | null {
  if (age < 6) return null
  if (school === 'PRIMARY') return 'PRIMARY'
  if (school === 'JUNIOR' || school === 'DROPOUT') return age >= 12 ? 'PRIMARY' : null
  if (school === 'SENIOR' || school === 'VOCATIONAL') return 'JUNIOR'
  if (school === 'HIGHER_VOCATIONAL' || school === 'BACHELOR') return 'SENIOR'
  // Adults: attainment by cohort; women of older cohorts far more often illiterate (ASSUMPTION after 七普 patterns).
  const illiterate = age >= 60 ? (male ? 0.45 : 0.8) : age >= 40 ? (male ? 0.15 : 0.4) : age >= 25 ? 0.05 : 0.02
  const x = rng.next()
  if (x < illiterate) return 'ILLITERATE'
  const y = rng.next()
  if (age >= 60) return y < 0.75 ? 'PRIMARY' : 'JUNIOR'
  if (age >= 40) return y < 0.55 ? 'PRIMARY' : y < 0.92 ? 'JUNIOR' : 'SENIOR'
  if (age >= 25)
    return y < 0.25
      ? 'PRIMARY'
      : y < 0.7
        ? 'JUNIOR'
        : y < 0.82
          ? 'SENIOR'
          : y < 0.9
            ? 'VOCATIONAL'
            : y < 0.96
              ? 'COLLEGE'
              : 'BACHELOR_PLUS'
  return y < 0.1
    ? 'PRIMARY'
    : y < 0.55
      ? 'JUNIOR'
      : y < 0.7
        ? 'SENIOR'
        : y < 0.88
          ? 'VOCATIONAL'
          : y < 0.96
            ? 'COLLEGE'
            : 'BACHELOR_PLUS'
}

export function personTraits(rng: Rng, age: number, male: boolean): PersonTraits {
  const school = schoolStatus(rng, age)
  // Certified disability ≈ 2.7 % of the population (持证残疾人 ≈ 3,800 万), rising with age (ASSUMPTION by age).
  const disabled = rng.chance(age < 15 ? 0.008 : age < 60 ? 0.022 : 0.065)
  const disability = disabled ? { category: disabilityCategory.sample(rng), level: disabilityLevel.sample(rng) } : null
  // Chronic illness prevalence by age (ASSUMPTION after 第六次卫生服务调查 2018: 60+ ≈ 59 % by persons, here 40 %
  // as registered 长期慢性病 in the monitoring system); serious illness (大病) ≈ 1–3 %.
  const serious = rng.chance(age < 15 ? 0.003 : age < 45 ? 0.006 : age < 60 ? 0.015 : 0.03)
  const chronic = !serious && rng.chance(age < 15 ? 0.01 : age < 45 ? 0.04 : age < 60 ? 0.15 : 0.4)
  const health = disabled
    ? serious
      ? 'SERIOUS_ILLNESS_AND_DISABLED'
      : 'DISABLED'
    : serious
      ? 'SERIOUS_ILLNESS'
      : chronic
        ? 'CHRONIC'
        : 'HEALTHY'
  const severe = disability !== null && (disability.level <= 2 || (disability.level === 3 && disability.category >= 5))
  const student = !['NOT_IN_SCHOOL', 'PRESCHOOL_AGE', 'DROPOUT'].includes(school.status)
  let labourSkill: string
  if (age < 16 || (student && age < 23)) labourSkill = 'NONE'
  else if (severe) labourSkill = 'LOST'
  else if (age >= 70) labourSkill = rng.chance(0.2) ? 'WEAK' : rng.chance(0.5) ? 'LOST' : 'NONE'
  else if (age >= 60) labourSkill = rng.chance(0.6) ? 'WEAK' : rng.chance(0.6) ? 'ORDINARY' : 'LOST'
  else if (serious) labourSkill = rng.chance(0.5) ? 'WEAK' : 'LOST'
  else if (disability || chronic) labourSkill = rng.chance(0.6) ? 'WEAK' : 'ORDINARY'
  else labourSkill = rng.chance(0.15) ? 'SKILLED' : rng.chance(0.95) ? 'ORDINARY' : 'WEAK'

  let workStatus: string | null = null
  let workPlace: string | null = null
  let workMonths: number | null = null
  let monthlyWage = 0
  const able = labourSkill === 'SKILLED' || labourSkill === 'ORDINARY' || labourSkill === 'WEAK'
  if (age >= 16 && !student) workStatus = 'NOT_WORKING'
  if (able && age >= 16 && age < 60) {
    // 劳务输转: about two working-age men in three and one woman in three work for wages (ASSUMPTION).
    const x = rng.next()
    const weak = labourSkill === 'WEAK' ? 0.5 : 1
    const shares = male ? [0.44, 0.22, 0.16, 0.02] : [0.16, 0.1, 0.16, 0.03]
    const [out, inProv, inCounty, post] = shares.map((s) => s * weak) as [number, number, number, number]
    if (x < out) {
      workStatus = 'OUT_OF_PROVINCE'
      workPlace = rng.pick(outOfProvince)
      workMonths = rng.int(7, 11)
      monthlyWage = rng.logNormal(labourSkill === 'SKILLED' ? 5600 : 4600, 0.3)
    } else if (x < out + inProv) {
      workStatus = 'IN_PROVINCE'
      workPlace = rng.pick(inProvince)
      workMonths = rng.int(5, 10)
      monthlyWage = rng.logNormal(labourSkill === 'SKILLED' ? 4800 : 4000, 0.3)
    } else if (x < out + inProv + inCounty) {
      workStatus = 'IN_COUNTY'
      workPlace = '县内'
      workMonths = rng.int(3, 9)
      monthlyWage = rng.logNormal(3000, 0.3)
    } else if (x < out + inProv + inCounty + post) {
      workStatus = 'PUBLIC_POST'
      workPlace = '本村'
      workMonths = 12
      monthlyWage = 0 // paid as a public-post item by the household model
    }
  } else if (able && age < 70 && rng.chance(0.07)) {
    // Older villagers hold many village-level public-welfare posts (保洁员, 护林员).
    workStatus = 'PUBLIC_POST'
    workPlace = '本村'
    workMonths = 12
  }

  const employee = workStatus === 'OUT_OF_PROVINCE' && rng.chance(0.12)
  const insurance: Record<string, boolean> = {
    // 参保率 of 脱贫人口 and rural residents ≥ 99 % (国家医保局 statistical bulletins): 0.5 % uninsured.
    residentMedical: !employee && rng.chance(0.995),
    employeeMedical: employee,
    criticalIllness: !employee,
    residentPension: age >= 16 && !student && !employee && rng.chance(0.9),
    employeePension: employee,
  }
  return {
    education: education(rng, age, male, school.status),
    schoolStatus: school.status,
    dropoutReason: school.dropout,
    health,
    labourSkill,
    disability,
    workStatus,
    workPlace,
    workMonths,
    monthlyWage,
    insurance,
  }
}
