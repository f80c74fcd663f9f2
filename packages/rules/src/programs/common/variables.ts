/** Household and person facts shared by every program (domain.md §5.1, §5.2). */

import { input, rule } from '../define.ts'
import { assumption, cite } from '../legal.ts'

const S7 = [cite('S7')]
const S8 = [cite('S8')]

/** 户类型. */
export const HOUSEHOLD_TYPE = { enum: ['GENERAL', 'TUOPIN'] } as const
/** 城乡. */
export const AREA = { enum: ['RURAL', 'URBAN'] } as const
/** 性别. */
export const SEX = { enum: ['FEMALE', 'MALE'] } as const
/** 健康状况 (§5.2). */
export const HEALTH = {
  enum: ['HEALTHY', 'CHRONIC', 'SERIOUS_ILLNESS', 'DISABLED', 'SERIOUS_ILLNESS_AND_DISABLED'],
} as const
/** 劳动技能 (§5.2). */
export const LABOUR_SKILL = { enum: ['SKILLED', 'ORDINARY', 'WEAK', 'LOST', 'NONE'] } as const
/** 残疾类别 (第二代残疾人证). */
export const DISABILITY_CATEGORY = {
  enum: ['NONE', 'VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE'],
} as const
/** 在校生状况 (§5.2, ASSUMPTION list). */
export const SCHOOL_STATUS = {
  enum: [
    'NOT_IN_SCHOOL',
    'PRESCHOOL',
    'PRIMARY',
    'JUNIOR',
    'SENIOR_HIGH',
    'SECONDARY_VOCATIONAL',
    'HIGHER_VOCATIONAL',
    'BACHELOR',
    'POSTGRADUATE',
    'OTHER',
  ],
} as const
/** 成员状态 (§5.2). */
export const MEMBER_STATUS = { enum: ['ACTIVE', 'NATURAL_DECREASE'] } as const

// ---------- household inputs ----------
export const householdType = input('household_type', 'household', HOUSEHOLD_TYPE, 'eternity', {
  zh: '户类型',
  en: 'Household type',
  legal: S7,
  default: 'GENERAL',
})
export const area = input('area', 'household', AREA, 'eternity', {
  zh: '城乡类别',
  en: 'Urban or rural household',
  legal: [cite('S18', undefined, 'LOCAL', 'Separate rural and urban 低保 standards.')],
  default: 'RURAL',
})

// ---------- person inputs ----------
export const birthDate = input('birth_date', 'person', 'date', 'eternity', {
  zh: '出生日期',
  en: 'Birth date',
  legal: S8,
})
export const sex = input('sex', 'person', SEX, 'eternity', { zh: '性别', en: 'Sex', legal: S8 })
export const disabilityLevel = input('disability_level', 'person', 'int', 'eternity', {
  zh: '残疾等级（0 = 无）',
  en: 'Disability level (0 = none)',
  legal: S7,
  default: 0,
})
export const disabilityCategory = input('disability_category', 'person', DISABILITY_CATEGORY, 'eternity', {
  zh: '残疾类别',
  en: 'Disability category',
  legal: S7,
  default: 'NONE',
})
export const health = input('health', 'person', HEALTH, 'month', {
  zh: '健康状况',
  en: 'Health',
  legal: S7,
  default: 'HEALTHY',
})
export const labourSkill = input('labour_skill', 'person', LABOUR_SKILL, 'month', {
  zh: '劳动技能',
  en: 'Labour skill',
  legal: S7,
  default: 'ORDINARY',
})
export const schoolStatus = input('school_status', 'person', SCHOOL_STATUS, 'month', {
  zh: '在校生状况',
  en: 'School status',
  legal: S8,
  default: 'NOT_IN_SCHOOL',
})
export const memberStatus = input('member_status', 'person', MEMBER_STATUS, 'month', {
  zh: '成员状态',
  en: 'Member status',
  legal: S7,
  default: 'ACTIVE',
})

// ---------- person derived ----------
export const age = rule(
  'age',
  'person',
  'int',
  'month',
  { zh: '年龄（周岁，月初）', en: 'Age in whole years on the first day of the month', legal: S8 },
  (x) => x.yearsBetween(x.v(birthDate), x.periodStart()),
)
export const isActive = rule(
  'is_active',
  'person',
  'bool',
  'month',
  { zh: '在户成员', en: 'Active member (not a natural decrease)', legal: S7 },
  (x) => x.is(x.v(memberStatus), 'ACTIVE'),
)
export const hasLabourCapacity = rule(
  'has_labour_capacity',
  'person',
  'bool',
  'month',
  { zh: '有劳动能力', en: 'Has labour capacity (skilled, ordinary or weak labour)', legal: S7 },
  (x) => x.is(x.v(labourSkill), 'SKILLED', 'ORDINARY', 'WEAK'),
)
export const severeDisability = rule(
  'severe_disability',
  'person',
  'bool',
  'month',
  {
    zh: '重度残疾（一、二级，或三级智力、精神残疾）',
    en: 'Severely disabled (level 1–2, or level 3 intellectual/mental)',
    legal: [assumption('domain.md §5.2 derived isSevereDisabled.'), cite('S18')],
  },
  (x) => {
    const lvl = x.v(disabilityLevel)
    const im = x.is(x.v(disabilityCategory), 'INTELLECTUAL', 'MENTAL')
    return x.and(
      x.ge(lvl, 1),
      x.or(
        x.le(lvl, x.p('disability.severe_max_level')),
        x.and(im, x.le(lvl, x.p('disability.severe_max_level_intellectual_mental'))),
      ),
    )
  },
)
export const seriousIllness = rule(
  'serious_illness',
  'person',
  'bool',
  'month',
  { zh: '患有大病', en: 'Has a serious illness', legal: S7 },
  (x) => x.is(x.v(health), 'SERIOUS_ILLNESS', 'SERIOUS_ILLNESS_AND_DISABLED'),
)

// ---------- household derived ----------
export const activeMembers = rule(
  'active_members',
  'household',
  'int',
  'month',
  { zh: '在户人口数', en: 'Active members', legal: S7 },
  (x) => x.count({ where: isActive }),
)
/** Active member with labour capacity (helper for counts). */
export const activeLabour = rule(
  'active_with_labour',
  'person',
  'bool',
  'month',
  { zh: '有劳动能力的在户成员', en: 'Active member with labour capacity', legal: S7 },
  (x) => x.and(x.v(isActive), x.v(hasLabourCapacity)),
)
export const wholeHouseholdNoLabour = rule(
  'whole_household_no_labour',
  'household',
  'bool',
  'month',
  {
    zh: '整户无劳动能力',
    en: 'No active member has labour capacity',
    legal: [cite('S7', 'rule 1111_07')],
  },
  (x) => x.eq(x.count({ where: activeLabour }), 0),
)
