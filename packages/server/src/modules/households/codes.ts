/**
 * Code tables of the registry (domain.md §4.4, §5). Each value has a stable code used in the database and API, the
 * Chinese label used in the national system's exports, and an English label. Lists marked ASSUMPTION in domain.md
 * are best reconstructions and live here as data so they can be corrected in one place.
 */
export interface CodeValue {
  code: string
  zh: string
  en: string
  /** Numeric code of the national table where known (GB/T 4761 for relations). */
  national?: string
}

const table = <const T extends readonly CodeValue[]>(values: T) => values

export const householdTypes = table([
  { code: 'TUOPIN', zh: '脱贫户', en: 'Formerly poor household' },
  { code: 'GENERAL', zh: '一般农户', en: 'Ordinary rural household' },
])

/** 与户主关系 (GB/T 4761 numeric codes; ASSUMPTION for the exact list, domain.md §4.4). */
export const relations = table([
  { code: 'HEAD', zh: '户主', en: 'Head', national: '02' },
  { code: 'SPOUSE', zh: '配偶', en: 'Spouse', national: '10' },
  { code: 'SON', zh: '之子', en: 'Son', national: '20' },
  { code: 'DAUGHTER', zh: '之女', en: 'Daughter', national: '30' },
  { code: 'DAUGHTER_IN_LAW', zh: '之儿媳', en: 'Daughter-in-law', national: '28' },
  { code: 'SON_IN_LAW', zh: '之女婿', en: 'Son-in-law', national: '38' },
  { code: 'GRANDSON', zh: '之孙子', en: 'Grandson', national: '41' },
  { code: 'GRANDDAUGHTER', zh: '之孙女', en: 'Granddaughter', national: '42' },
  { code: 'MATERNAL_GRANDSON', zh: '之外孙子', en: 'Daughter’s son', national: '43' },
  { code: 'MATERNAL_GRANDDAUGHTER', zh: '之外孙女', en: 'Daughter’s daughter', national: '44' },
  { code: 'FATHER', zh: '之父', en: 'Father', national: '51' },
  { code: 'MOTHER', zh: '之母', en: 'Mother', national: '52' },
  { code: 'FATHER_IN_LAW_H', zh: '之公公', en: 'Father-in-law (husband’s)', national: '53' },
  { code: 'MOTHER_IN_LAW_H', zh: '之婆婆', en: 'Mother-in-law (husband’s)', national: '54' },
  { code: 'FATHER_IN_LAW_W', zh: '之岳父', en: 'Father-in-law (wife’s)', national: '55' },
  { code: 'MOTHER_IN_LAW_W', zh: '之岳母', en: 'Mother-in-law (wife’s)', national: '56' },
  { code: 'GRANDFATHER', zh: '之祖父', en: 'Grandfather', national: '61' },
  { code: 'GRANDMOTHER', zh: '之祖母', en: 'Grandmother', national: '62' },
  { code: 'SIBLING', zh: '之兄弟姐妹', en: 'Sibling', national: '70' },
  { code: 'OTHER', zh: '其他', en: 'Other', national: '99' },
])

export const genders = table([
  { code: '1', zh: '男', en: 'Male' },
  { code: '2', zh: '女', en: 'Female' },
  { code: '0', zh: '未知', en: 'Unknown' },
  { code: '9', zh: '未说明', en: 'Unspecified' },
])

export const healthStates = table([
  { code: 'HEALTHY', zh: '健康', en: 'Healthy' },
  { code: 'CHRONIC', zh: '长期慢性病', en: 'Chronic illness' },
  { code: 'SERIOUS_ILLNESS', zh: '患有大病', en: 'Serious illness' },
  { code: 'DISABLED', zh: '残疾', en: 'Disabled' },
  { code: 'SERIOUS_ILLNESS_AND_DISABLED', zh: '患有大病和残疾', en: 'Serious illness and disabled' },
])

export const labourSkills = table([
  { code: 'SKILLED', zh: '技能劳动力', en: 'Skilled labour' },
  { code: 'ORDINARY', zh: '普通劳动力', en: 'Ordinary labour' },
  { code: 'WEAK', zh: '弱劳动力或半劳动力', en: 'Weak or half labour' },
  { code: 'LOST', zh: '丧失劳动力', en: 'Lost labour capacity' },
  { code: 'NONE', zh: '无劳动力', en: 'No labour capacity' },
])

export const educationLevels = table([
  { code: 'ILLITERATE', zh: '文盲或半文盲', en: 'Illiterate or semi-literate' },
  { code: 'PRIMARY', zh: '小学', en: 'Primary school' },
  { code: 'JUNIOR', zh: '初中', en: 'Junior secondary' },
  { code: 'SENIOR', zh: '高中', en: 'Senior secondary' },
  { code: 'VOCATIONAL', zh: '中专/中职', en: 'Secondary vocational' },
  { code: 'COLLEGE', zh: '大专', en: 'Junior college' },
  { code: 'BACHELOR_PLUS', zh: '本科及以上', en: 'Bachelor or above' },
])

export const schoolStatuses = table([
  { code: 'NOT_IN_SCHOOL', zh: '非在校生', en: 'Not in school' },
  { code: 'PRESCHOOL_AGE', zh: '学龄前儿童', en: 'Pre-school age' },
  { code: 'PRESCHOOL', zh: '学前教育', en: 'Pre-school education' },
  { code: 'PRIMARY', zh: '小学', en: 'Primary (grades 1–6)' },
  { code: 'JUNIOR', zh: '七至九年级', en: 'Grades 7–9' },
  { code: 'SENIOR', zh: '普通高中', en: 'General senior secondary' },
  { code: 'VOCATIONAL', zh: '中职', en: 'Secondary vocational' },
  { code: 'HIGHER_VOCATIONAL', zh: '高职/大专', en: 'Higher vocational' },
  { code: 'BACHELOR', zh: '本科', en: 'Bachelor' },
  { code: 'POSTGRADUATE', zh: '研究生', en: 'Postgraduate' },
  { code: 'DROPOUT', zh: '失学辍学', en: 'Dropped out' },
  { code: 'OTHER', zh: '其他', en: 'Other' },
])

export const workStatuses = table([
  { code: 'OUT_OF_PROVINCE', zh: '省外务工', en: 'Working outside the province' },
  { code: 'IN_PROVINCE', zh: '省内县外务工', en: 'Working in the province, outside the county' },
  { code: 'IN_COUNTY', zh: '县内务工', en: 'Working in the county' },
  { code: 'PUBLIC_POST', zh: '公益性岗位', en: 'Public-welfare post' },
  { code: 'NOT_WORKING', zh: '未务工', en: 'Not working' },
])

export const memberStatuses = table([
  { code: 'ACTIVE', zh: '正常', en: 'Active' },
  { code: 'NATURAL_DECREASE', zh: '自然减少', en: 'Natural decrease' },
])

export const decreaseReasons = table([
  { code: 'DEATH', zh: '死亡', en: 'Death' },
  { code: 'MARRIAGE_OUT', zh: '婚出', en: 'Married out' },
  { code: 'MIGRATION', zh: '迁出', en: 'Moved away' },
  { code: 'PRISON', zh: '服刑', en: 'Serving a sentence' },
  { code: 'MILITARY', zh: '参军', en: 'Military service' },
  { code: 'OTHER', zh: '其他', en: 'Other' },
])

export const housingGrades = table([
  { code: 'A', zh: 'A级', en: 'Grade A (safe)' },
  { code: 'B', zh: 'B级', en: 'Grade B (safe)' },
  { code: 'C', zh: 'C级', en: 'Grade C (dangerous)' },
  { code: 'D', zh: 'D级', en: 'Grade D (dangerous)' },
])

export const idTypes = table([
  { code: 'RESIDENT_ID', zh: '居民身份证', en: 'Resident ID card' },
  { code: 'HOUSEHOLD_BOOKLET', zh: '户口簿', en: 'Household registration booklet' },
  { code: 'PASSPORT', zh: '护照', en: 'Passport' },
  { code: 'HMT_RESIDENCE', zh: '港澳台居民居住证', en: 'HK/Macao/Taiwan residence permit' },
  { code: 'FOREIGN_PR', zh: '外国人永久居留身份证', en: 'Foreign permanent resident ID' },
  { code: 'OTHER', zh: '其他', en: 'Other' },
])

export const lowIncomeGroups = table([
  { code: 'DIBAO', zh: '低保对象', en: 'Dibao recipient' },
  { code: 'TEKUN', zh: '特困人员', en: 'Person in extreme poverty' },
  { code: 'PREVENTION_TARGET', zh: '防止返贫致贫对象', en: 'Monitoring target' },
  { code: 'DIBAO_MARGINAL', zh: '低保边缘家庭成员', en: 'Dibao-marginal household member' },
  { code: 'RIGID_EXPENDITURE', zh: '刚性支出困难家庭成员', en: 'Rigid-expenditure hardship member' },
  { code: 'OTHER', zh: '其他困难人员', en: 'Other person in difficulty' },
])

/** 致贫/返贫风险 (national table 100A27; ASSUMPTION for the exact list, domain.md §4.4): an assistance plan names 1–5. */
export const riskTypes = table([
  { code: 'ILLNESS', zh: '因病', en: 'Illness' },
  { code: 'EDUCATION', zh: '因学', en: 'Education' },
  { code: 'DISABILITY', zh: '因残', en: 'Disability' },
  { code: 'NATURAL_DISASTER', zh: '因自然灾害', en: 'Natural disaster' },
  { code: 'ACCIDENT', zh: '因意外事故', en: 'Accident' },
  { code: 'INDUSTRY_FAILURE', zh: '因产业项目失败', en: 'Industry failure' },
  { code: 'UNSTABLE_EMPLOYMENT', zh: '因务工就业不稳', en: 'Unstable employment' },
  { code: 'LACK_OF_LABOUR', zh: '缺劳动力', en: 'Lack of labour' },
  { code: 'OTHER', zh: '其他', en: 'Other' },
])

/** Income sub-items of domain.md §5.3 by group; amounts in fen over the assessment window. */
export const incomeItems = {
  wage: ['migrant_work', 'dept_public_post', 'township_public_post', 'village_public_post', 'other_wage'],
  business: ['crops', 'livestock', 'forestry_fruit', 'other_business'],
  property: ['asset_dividend', 'land_rent', 'financial_dividend', 'contract_farming', 'interest', 'other_property'],
  transfer: [
    'family_planning',
    'dibao',
    'tekun',
    'pension',
    'eco_compensation',
    'farmland_subsidy',
    'elderly_allowance',
    'disability_allowance',
    'education_support',
    'disaster_relief',
    'alimony',
    'social_relief',
    'poverty_insurance_payout',
    'other_transfer',
  ],
  business_costs: ['crops_cost', 'livestock_cost', 'forestry_fruit_cost', 'other_cost'],
} as const

/** The sub-items a new assessment asks for; the rules engine counts every one (`ASSESSMENT_ITEMS`). */
export const assessedItems = [
  ...incomeItems.wage,
  ...incomeItems.business,
  ...incomeItems.property,
  ...incomeItems.transfer,
  ...incomeItems.business_costs,
] as const

export type CodeTable = readonly CodeValue[]
export const codeSet = (t: CodeTable) => new Set(t.map((v) => v.code))
export const byZh = (t: CodeTable) => new Map(t.map((v) => [v.zh, v.code]))
