/** 乡村公益性岗位 eligibility (domain.md §6.9). */
import { age, disabilityLevel, hasLabourCapacity, health, householdType, isActive, sex } from '../common/variables.ts'
import { input, rule } from '../define.ts'
import { dibaoRecipient } from '../dibao/variables.ts'
import { personWage } from '../income/variables.ts'
import { cite } from '../legal.ts'
import { monitoringTarget } from '../pension/variables.ts'

const S32 = [cite('S32', undefined, 'LOCAL')]
const S32N = [cite('S32')]

export const relocated = input('relocated', 'household', 'bool', 'eternity', {
  zh: '易地扶贫搬迁户',
  en: 'Relocated household',
  legal: [cite('S8')],
  default: false,
})
export const postsHeld = input('posts_held', 'household', 'int', 'month', {
  zh: '本户已聘公益性岗位数',
  en: 'Public-welfare posts already held by the household',
  legal: S32,
  default: 0,
})
export const cadreRelative = input('village_cadre_relative', 'household', 'bool', 'month', {
  zh: '村干部近亲属',
  en: 'Close relative of a village cadre',
  legal: S32,
  default: false,
})

export const zeroEmployment = rule(
  'zero_employment_household',
  'household',
  'bool',
  'month',
  { zh: '零就业家庭', en: 'No member had wage income', legal: S32 },
  (x) => x.not(x.any(earner)),
)
/** Active member with wage income in the window. */
export const earner = rule(
  'has_wage_income',
  'person',
  'bool',
  'month',
  { zh: '有工资性收入', en: 'Has wage income', legal: S32 },
  (x) => x.and(x.v(isActive), x.gt(x.v(personWage), 0)),
)
export const elderWorker = rule(
  'elder_worker',
  'person',
  'bool',
  'month',
  { zh: '乡村大龄劳动力', en: 'Older rural worker (women / men above the local ages)', legal: S32 },
  (x) =>
    x.where(
      x.is(x.v(sex), 'FEMALE'),
      x.ge(x.v(age), x.p('posts.elder_age_female')),
      x.ge(x.v(age), x.p('posts.elder_age_male')),
    ),
)
export const postTargetGroup = rule(
  'post_target_group',
  'person',
  'bool',
  'month',
  { zh: '属于乡村就业困难人员', en: 'In a target group for rural public posts', legal: S32 },
  (x) =>
    x.or(
      x.is(x.household(householdType), 'TUOPIN'),
      x.household(monitoringTarget),
      x.household(dibaoRecipient),
      x.household(relocated),
      x.household(zeroEmployment),
      x.ge(x.v(disabilityLevel), 1),
      x.v(elderWorker),
    ),
)
export const postAgeOk = rule(
  'post_age_ok',
  'person',
  'bool',
  'month',
  { zh: '年龄符合', en: 'Age within the limits', legal: [...S32N, cite('S7', 'rule 5_12_004')] },
  (x) =>
    x.cases(
      'within_max_age',
      { value: x.and(x.ge(x.v(age), x.p('posts.min_age')), x.le(x.v(age), x.p('posts.max_age'))), legal: S32N },
      [
        {
          label: 'relaxed_if_healthy',
          when: x.and(
            x.gt(x.v(age), x.p('posts.max_age')),
            x.le(x.v(age), x.p('posts.max_age_relaxed')),
            x.is(x.v(health), 'HEALTHY'),
          ),
          value: x.bool(true),
          legal: S32N,
        },
      ],
    ),
)
export const postEligible = rule(
  'post_eligible',
  'person',
  'bool',
  'month',
  { zh: '可聘用为公益性岗位', en: 'May be hired for a public-welfare post', legal: S32 },
  (x) =>
    x.cases(
      'post_conditions',
      {
        value: x.and(x.v(isActive), x.v(postAgeOk), x.v(hasLabourCapacity), x.v(postTargetGroup)),
        legal: [...S32, cite('S7', 'rule 2_12_004')],
      },
      [
        {
          label: 'household_quota_or_cadre_relative',
          when: x.or(x.ge(x.household(postsHeld), x.p('posts.max_per_household')), x.household(cadreRelative)),
          value: x.bool(false),
          legal: S32,
        },
      ],
    ),
)
export const postEligibleCount = rule(
  'post_eligible_members',
  'household',
  'int',
  'month',
  { zh: '可聘用成员数', en: 'Members who may be hired', legal: S32 },
  (x) => x.sum<'int'>(postEligible),
)
