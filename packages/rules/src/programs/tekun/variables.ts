/** 特困人员 (《特困人员认定办法》2021, domain.md §6.6): three conditions, minors, self-care, standards. */
import { age, disabilityCategory, disabilityLevel, isActive, schoolStatus } from '../common/variables.ts'
import { input, rule } from '../define.ts'
import { dibaoStandard } from '../dibao/variables.ts'
import { pensionOther, personWage } from '../income/variables.ts'
import { assumption, cite } from '../legal.ts'

const S25 = (article?: string) => [cite('S25', article)]
const S26 = [cite('S26')]
const S27L = [cite('S27', undefined, 'LOCAL')]
const FEN = [assumption('Monthly amounts are rounded half up to the fen.')]

/** 法定赡养、抚养、扶养义务人状况. */
export const SUPPORTER = {
  enum: ['ABLE', 'NONE', 'UNABLE_TEKUN', 'UNABLE_DIBAO_ELDERLY_OR_DISABLED', 'UNABLE_INCAPACITY', 'UNABLE_PROVINCIAL'],
} as const
/** 生活自理能力 (§6.6.4). */
export const SELF_CARE = { enum: ['FULL', 'PARTIAL', 'NONE'] } as const
/** 照料护理档次 (cells of TEKUN_CARE_RATIO). */
export const CARE_TIER = { enum: ['SELF_CARE', 'SEMI_CARE', 'FULL_CARE'] } as const
/** 供养方式. */
export const SUPPORT_MODE = { enum: ['HOME', 'INSTITUTION'] } as const

// ---------- inputs ----------
export const supporter = input('supporter_status', 'person', SUPPORTER, 'month', {
  zh: '法定义务人状况',
  en: 'Legal supporter status',
  legal: S25('第八条'),
  default: 'ABLE',
})
export const otherOwnIncome = input('tekun_other_income', 'person', 'money', 'month', {
  zh: '本人其他计入收入（评估期）',
  en: 'Other counted own income (window)',
  legal: S25('第七条'),
  unit: 'fen/window',
  default: 0,
})
export const tekunPropertyOk = input('tekun_property_ok', 'person', 'bool', 'month', {
  zh: '财产符合特困财产状况规定',
  en: 'Property within the 特困 property rules',
  legal: S25('第七条'),
  default: true,
})
export const otherNoLabour = input('tekun_other_no_labour', 'person', 'bool', 'month', {
  zh: '省级规定的其他无劳动能力情形',
  en: 'Other provincial no-labour-capacity case',
  legal: S25('第六条'),
  default: false,
})
export const tekunRecipient = input('tekun_recipient', 'person', 'bool', 'month', {
  zh: '已认定为特困人员',
  en: 'Already recognised as 特困',
  legal: S25(),
  default: false,
})
export const orphan = input('orphan', 'person', 'bool', 'month', {
  zh: '孤儿',
  en: 'Orphan',
  legal: [cite('S63', undefined, 'LOCAL')],
  default: false,
})
export const supportMode = input('support_mode', 'person', SUPPORT_MODE, 'month', {
  zh: '供养方式',
  en: 'Support mode',
  legal: S27L,
  default: 'HOME',
})
const ITEMS = [
  ['cannot_eat', '不能自主进食', 'Cannot eat unaided'],
  ['cannot_dress', '不能自主穿衣', 'Cannot dress unaided'],
  ['cannot_transfer', '不能自主上下床', 'Cannot get in or out of bed unaided'],
  ['cannot_toilet', '不能自主如厕', 'Cannot use the toilet unaided'],
  ['cannot_walk_indoors', '不能室内行走', 'Cannot walk indoors'],
  ['cannot_bathe', '不能自主洗澡', 'Cannot bathe unaided'],
] as const
/** The six self-care items (true = not achievable). */
export const selfCareItems = ITEMS.map(([name, zh, en]) =>
  input(name, 'person', 'bool', 'month', { zh, en, legal: S26, default: false }),
)

// ---------- conditions ----------
export const tekunNoLabour = rule(
  'tekun_no_labour_capacity',
  'person',
  'bool',
  'month',
  { zh: '无劳动能力（特困）', en: 'No labour capacity (特困 definition)', legal: S25('第六条') },
  (x) => {
    const lvl = x.v(disabilityLevel)
    const cat = x.v(disabilityCategory)
    const disabled = (cats: Parameters<typeof x.is<typeof disabilityCategory.valueType>>[1][], path: string) =>
      x.and(x.is(cat, ...cats), x.ge(lvl, 1), x.le(lvl, x.p(path)))
    return x.or(
      x.ge(x.v(age), x.p('tekun.elderly_age')),
      x.lt(x.v(age), x.p('tekun.minor_age')),
      disabled(['INTELLECTUAL', 'MENTAL'], 'tekun.max_level_intellectual_mental'),
      disabled(['PHYSICAL'], 'tekun.max_level_physical'),
      disabled(['VISUAL'], 'tekun.max_level_visual'),
      x.v(otherNoLabour),
    )
  },
)
export const tekunOwnIncome = rule(
  'tekun_own_income',
  'person',
  'money',
  'month',
  {
    zh: '本人月收入（不含基础养老金、优抚金、高龄津贴等）',
    en: 'Own counted income per month (basic pension, special care, old-age allowance excluded)',
    legal: [...S25('第七条'), cite('S63', undefined, 'LOCAL')],
    unit: 'fen/month',
  },
  (x) =>
    x.round(
      x.div(x.add(x.v(personWage), x.v(pensionOther), x.v(otherOwnIncome)), x.p('dibao.income_months')),
      'half_up',
      1,
      FEN,
    ),
)
export const tekunNoLivelihood = rule(
  'tekun_no_livelihood',
  'person',
  'bool',
  'month',
  { zh: '无生活来源', en: 'No source of livelihood', legal: S25('第七条') },
  (x) => x.and(x.lt(x.v(tekunOwnIncome), x.household(dibaoStandard)), x.v(tekunPropertyOk)),
)
export const tekunNoSupporter = rule(
  'tekun_no_supporter',
  'person',
  'bool',
  'month',
  {
    zh: '无法定义务人或义务人无履行能力',
    en: 'No legal supporter, or the supporter is unable',
    legal: S25('第八条'),
  },
  (x) => x.not(x.is(x.v(supporter), 'ABLE')),
)
export const tekunEligible = rule(
  'tekun_eligible',
  'person',
  'bool',
  'month',
  { zh: '符合特困人员条件', en: 'Eligible as 特困', legal: S25('第二条') },
  (x) =>
    x.cases(
      'three_conditions',
      {
        value: x.and(x.v(isActive), x.v(tekunNoLabour), x.v(tekunNoLivelihood), x.v(tekunNoSupporter)),
        legal: S25('第二条'),
      },
      [
        {
          label: 'minor_until_adult_or_in_school',
          when: x.and(
            x.v(isActive),
            x.v(tekunRecipient),
            x.v(tekunNoLivelihood),
            x.v(tekunNoSupporter),
            x.ge(x.v(age), x.p('tekun.minor_age')),
            x.or(
              x.lt(x.v(age), x.p('tekun.adult_age')),
              x.is(x.v(schoolStatus), 'PRIMARY', 'JUNIOR', 'SENIOR_HIGH', 'SECONDARY_VOCATIONAL'),
            ),
          ),
          value: x.bool(true),
          legal: S25('第九条'),
        },
        {
          label: 'orphan_protection',
          when: x.and(x.v(orphan), x.lt(x.v(age), x.p('tekun.minor_age'))),
          value: x.bool(false),
          legal: [cite('S63', undefined, 'LOCAL', 'Orphans under 16 get orphan basic-living protection instead.')],
        },
      ],
    ),
)
export const selfCareFailed = rule(
  'self_care_items_failed',
  'person',
  'int',
  'month',
  { zh: '不能完成的自理项目数', en: 'Self-care items not achievable (of 6)', legal: S26 },
  (x) => {
    const [a, ...rest] = selfCareItems.map((v) => x.where(x.v(v), x.c(1, 'int'), x.c(0, 'int')))
    return x.add(a!, ...rest)
  },
)
export const selfCareLevel = rule(
  'self_care_level',
  'person',
  SELF_CARE,
  'month',
  { zh: '生活自理能力', en: 'Self-care capacity', legal: S26 },
  (x) =>
    x.cases('full', { value: x.enumLit(SELF_CARE, 'FULL'), legal: S26 }, [
      {
        label: 'partial',
        when: x.and(x.ge(x.v(selfCareFailed), 1), x.lt(x.v(selfCareFailed), x.p('tekun.self_care_none_min_items'))),
        value: x.enumLit(SELF_CARE, 'PARTIAL'),
        legal: S26,
      },
      {
        label: 'none',
        when: x.ge(x.v(selfCareFailed), x.p('tekun.self_care_none_min_items')),
        value: x.enumLit(SELF_CARE, 'NONE'),
        legal: S26,
      },
    ]),
)
export const careTier = rule(
  'care_tier',
  'person',
  CARE_TIER,
  'month',
  { zh: '照料护理档次', en: 'Care tier', legal: [...S27L, ...S26] },
  (x) =>
    x.cases('self_care', { value: x.enumLit(CARE_TIER, 'SELF_CARE'), legal: S27L }, [
      {
        label: 'semi_care',
        when: x.is(x.v(selfCareLevel), 'PARTIAL'),
        value: x.enumLit(CARE_TIER, 'SEMI_CARE'),
        legal: S27L,
      },
      {
        label: 'full_care',
        when: x.is(x.v(selfCareLevel), 'NONE'),
        value: x.enumLit(CARE_TIER, 'FULL_CARE'),
        legal: S27L,
      },
    ]),
)
export const tekunBasic = rule(
  'tekun_basic_standard',
  'person',
  'money',
  'month',
  { zh: '基本生活标准（月）', en: 'Basic-living standard per month', legal: [cite('S27')], unit: 'fen/month' },
  (x) => x.round(x.mul(x.household(dibaoStandard), x.p('tekun.basic_mult')), 'half_up', 1, FEN),
)
export const tekunCare = rule(
  'tekun_care_standard',
  'person',
  'money',
  'month',
  { zh: '照料护理标准（月）', en: 'Care standard per month', legal: S27L, unit: 'fen/month' },
  (x) =>
    x.round(
      x.mul(
        x.p('labour.min_wage_monthly'),
        x.p('tekun.care_ratio', { support_mode: x.v(supportMode), care_tier: x.v(careTier) }),
      ),
      'half_up',
      1,
      FEN,
    ),
)
export const tekunMonthly = rule(
  'tekun_monthly',
  'person',
  'money',
  'month',
  { zh: '特困供养金（月）', en: '特困 support per month', legal: [cite('S27'), ...S27L], unit: 'fen/month' },
  (x) => x.where(x.v(tekunEligible), x.add(x.v(tekunBasic), x.v(tekunCare)), x.c(0, 'money')),
)
export const tekunAnyEligible = rule(
  'tekun_any_eligible',
  'household',
  'bool',
  'month',
  { zh: '家中有特困人员', en: 'Some member is eligible as 特困', legal: S25() },
  (x) => x.any(tekunEligible),
)
export const tekunHouseholdTotal = rule(
  'tekun_household_total',
  'household',
  'money',
  'month',
  { zh: '特困供养金合计（月）', en: '特困 support of the household per month', legal: S25(), unit: 'fen/month' },
  (x) => x.sum(tekunMonthly),
)
