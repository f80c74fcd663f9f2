/** 最低生活保障 (民发〔2021〕57号, domain.md §6.4): composition, counted income, property, benefit, review, exit. */
import { defineVariable } from '../../engine/model.ts'
import { area, hasLabourCapacity, isActive, seriousIllness, severeDisability } from '../common/variables.ts'
import { input, rule } from '../define.ts'
import {
  businessCosts,
  businessIncome,
  pensionBasicResident,
  pensionOther,
  personWage,
  propertyIncome,
  transferEco,
  transferElderly,
  transferOther,
} from '../income/variables.ts'
import { assumption, cite } from '../legal.ts'

const S17 = (article?: string) => [cite('S17', article)]
const WINDOW = 'fen/window'
const FEN = [assumption('Monthly amounts are rounded half up to the fen.')]
const UP_YUAN = [cite('S62'), assumption('domain.md §6.4.5: the benefit is rounded up to the whole yuan.')]

/** 不计入共同生活家庭成员的情形 (Art. 7). */
export const DIBAO_EXCLUSION = {
  enum: ['NONE', 'CLERGY', 'PRISON', 'DRUG_REHAB', 'MISSING', 'PROVINCIAL'],
} as const
/** 渐退情形 (cells of GRADUAL_EXIT_MONTHS). */
export const EXIT_CASE = {
  enum: ['GENERAL', 'PENSIONER_HOUSEHOLD', 'GRADUATE_EMPLOYED', 'PUBLIC_EMPLOYMENT_PLACEMENT', 'DISABLED_EMPLOYED'],
} as const

// ---------- inputs ----------
export const dibaoExclusion = input('dibao_exclusion', 'person', DIBAO_EXCLUSION, 'month', {
  zh: '不计入共同生活家庭成员的情形',
  en: 'Reason the member is not counted in the 低保 household',
  legal: S17('第七条'),
  default: 'NONE',
})
export const yearsAway = input('years_away_from_family', 'person', 'int', 'month', {
  zh: '宗教教职人员离家居住年数',
  en: 'Consecutive years a cleric has lived away from the family',
  legal: S17('第七条'),
  default: 0,
})
export const dibaoApplicant = input('dibao_applicant', 'person', 'bool', 'month', {
  zh: '单独提出申请的成员',
  en: 'The member applying alone (单人户)',
  legal: [cite('S18', undefined, 'LOCAL')],
  default: false,
})
export const singleOtherLocal = input('dibao_single_other_local', 'person', 'bool', 'month', {
  zh: '县级以上规定的其他单独申请情形',
  en: 'Other county-level single-application case (e.g. disabled veteran)',
  legal: [cite('S18', '(4)', 'LOCAL')],
  default: false,
})
export const singleApplication = input('dibao_single_application', 'household', 'bool', 'month', {
  zh: '单人户申请',
  en: 'Single-person application',
  legal: [cite('S18', undefined, 'LOCAL'), cite('S0')],
  default: false,
})
export const residencyOk = input('dibao_residency_ok', 'household', 'bool', 'month', {
  zh: '户籍（或居住证）条件',
  en: 'Registration (or residence-permit) condition met',
  legal: S17('第六条'),
  default: true,
})
export const rigidDeduction = input('dibao_rigid_deduction', 'household', 'money', 'month', {
  zh: '可扣减的刚性支出（评估期）',
  en: 'Allowed rigid expenditure for illness, disability… (window)',
  legal: [cite('S0'), ...S17('第十条')],
  unit: WINDOW,
  default: 0,
})
export const financialAssets = input('financial_assets', 'household', 'money', 'month', {
  zh: '家庭金融资产',
  en: 'Financial assets (deposits, securities, funds, insurance, claims…)',
  legal: [cite('S20', undefined, 'LOCAL'), cite('S21', undefined, 'LOCAL')],
  default: 0,
})
export const residentialProperties = input('residential_properties', 'household', 'int', 'month', {
  zh: '住房套数（不含老旧祖屋、土坯房）',
  en: 'Residential properties (old ancestral / mud houses not counted)',
  legal: [cite('S21', undefined, 'LOCAL')],
  default: 1,
})
export const nonResidentialProperties = input('non_residential_properties', 'household', 'int', 'month', {
  zh: '非住宅类房产数',
  en: 'Non-residential properties (shops, parking, offices)',
  legal: [cite('S21', undefined, 'LOCAL')],
  default: 0,
})
export const motorVehicle = input('motor_vehicle', 'household', 'bool', 'month', {
  zh: '拥有机动车辆（残疾人功能性补偿代步车、燃油摩托、电动车除外）',
  en: 'Owns a motor vehicle (mobility vehicles, motorbikes, e-bikes excepted)',
  legal: [cite('S21', undefined, 'LOCAL')],
  default: false,
})
export const businessRegistration = input('business_registration', 'household', 'bool', 'month', {
  zh: '有市场主体登记',
  en: 'Has a business registration',
  legal: [cite('S21', undefined, 'LOCAL'), cite('S20', undefined, 'LOCAL')],
  default: false,
})
export const businessExempted = input('business_exempted', 'household', 'bool', 'month', {
  zh: '无雇工家庭小店经审核豁免',
  en: 'Tiny family shop without employees exempted after review',
  legal: [cite('S21', undefined, 'LOCAL')],
  default: false,
})
export const incomeSourceFixed = input('income_source_fixed', 'household', 'bool', 'month', {
  zh: '收入来源固定',
  en: 'Income source fixed',
  legal: S17(),
  default: true,
})
export const dibaoRecipient = input('dibao_recipient', 'household', 'bool', 'month', {
  zh: '现为（或本年度曾为）低保对象',
  en: 'Receives (or received this year) 低保',
  legal: S17(),
  default: false,
})
export const exitCase = input('dibao_exit_case', 'household', EXIT_CASE, 'month', {
  zh: '渐退情形',
  en: 'Gradual-exit case',
  legal: [cite('S22', undefined, 'LOCAL')],
  default: 'GENERAL',
})

// ---------- composition and income ----------
export const dibaoMember = rule(
  'dibao_member',
  'person',
  'bool',
  'month',
  { zh: '共同生活的家庭成员', en: 'Counted in the 低保 household', legal: S17('第七条') },
  (x) =>
    x.and(
      x.v(isActive),
      x.or(
        x.is(x.v(dibaoExclusion), 'NONE'),
        x.and(x.is(x.v(dibaoExclusion), 'CLERGY'), x.lt(x.v(yearsAway), x.p('dibao.clergy_away_min_years'))),
      ),
    ),
)
export const clergyAway = rule(
  'clergy_away',
  'person',
  'bool',
  'month',
  { zh: '宗教教职人员离家满规定年限', en: 'Cleric away from the family long enough', legal: S17('第七条') },
  (x) => x.and(x.is(x.v(dibaoExclusion), 'CLERGY'), x.ge(x.v(yearsAway), x.p('dibao.clergy_away_min_years'))),
)
const COUNTED_LEGAL = [...S17('第十条'), cite('S20', undefined, 'LOCAL')]
/** Counted income of a member over the window: wages and pensions; the 城乡居保 basic pension only from 2026. */
export const personDibaoIncome = defineVariable({
  name: 'person_dibao_income',
  entity: 'person',
  valueType: 'money',
  period: 'month',
  quantity: 'flow',
  unit: WINDOW,
  label: { zh: '个人计入收入（评估期）', en: 'Counted income of the member (window)' },
  legal: COUNTED_LEGAL,
  versions: [
    {
      from: '2021-01-01',
      to: '2026-01-01',
      legal: [...COUNTED_LEGAL, cite('S20', '十四五期间城乡居保基础养老金不计入', 'LOCAL')],
      formula: (x) => x.where(x.v(dibaoMember), x.add(x.v(personWage), x.v(pensionOther)), 0),
    },
    {
      from: '2026-01-01',
      legal: [
        ...COUNTED_LEGAL,
        assumption(
          'The basic-pension exclusion is stated for 2021–2025; no extension was found, so it counts from 2026.',
        ),
      ],
      formula: (x) =>
        x.where(x.v(dibaoMember), x.add(x.v(personWage), x.v(pensionOther), x.v(pensionBasicResident)), 0),
    },
  ],
})

export const dibaoMembers = rule(
  'dibao_members',
  'household',
  'int',
  'month',
  { zh: '低保家庭人口数', en: 'Members counted for 低保', legal: S17('第七条') },
  (x) => x.max(x.sum<'int'>(dibaoMember), 1),
)
export const dibaoCountedIncome = rule(
  'dibao_counted_income',
  'household',
  'money',
  'month',
  {
    zh: '低保计入收入（评估期，已剔除不计入项）',
    en: 'Counted income for 低保 over the window (excluded items left out)',
    legal: [
      ...S17('第十条'),
      cite('S20', undefined, 'LOCAL', '优抚金、计生金、奖励性补助、社会救助金不计入.'),
      cite('S52', undefined, 'LOCAL'),
    ],
    unit: WINDOW,
  },
  (x) =>
    x.add(
      x.sum(personDibaoIncome),
      x.sub(x.v(businessIncome), x.v(businessCosts)),
      x.v(propertyIncome),
      x.v(transferEco),
      x.v(transferElderly),
      x.v(transferOther),
    ),
)
export const dibaoMonthlyIncome = rule(
  'dibao_monthly_income',
  'household',
  'money',
  'month',
  { zh: '月均计入收入', en: 'Counted income per month', legal: S17('第十条'), unit: 'fen/month' },
  (x) => x.round(x.div(x.v(dibaoCountedIncome), x.p('dibao.income_months')), 'half_up', 1, FEN),
)
export const dibaoStandard = rule(
  'dibao_standard',
  'household',
  'money',
  'month',
  {
    zh: '低保标准（元/人/月）',
    en: '低保 standard per person per month',
    legal: [cite('S18', undefined, 'LOCAL'), ...S17()],
    unit: 'fen/person/month',
  },
  // Both branches are read; a county that sets only a rural standard (e.g. 350526) leaves the urban one unset, which
  // must not fail its rural households: the urban read falls back to undefined (NaN) where no value is in force.
  (x) =>
    x.where(
      x.is(x.v(area), 'URBAN'),
      x.p('dibao.standard_urban', {}, { fallback: Number.NaN }),
      x.p('dibao.standard_rural'),
    ),
)
export const employedWage = rule(
  'dibao_employed_wage',
  'household',
  'money',
  'month',
  { zh: '就业成员月工资性收入', en: 'Monthly wages of employed members', legal: S17('第十条'), unit: 'fen/month' },
  (x) => x.round(x.div(x.sum(personWage, { where: dibaoMember }), x.p('dibao.income_months')), 'half_up', 1, FEN),
)
export const employedMember = rule(
  'dibao_employed',
  'person',
  'bool',
  'month',
  { zh: '就业成员', en: 'Employed member', legal: S17('第十条') },
  (x) => x.and(x.v(dibaoMember), x.gt(x.v(personWage), 0)),
)
export const employmentCost = rule(
  'dibao_employment_cost',
  'household',
  'money',
  'month',
  {
    zh: '必要就业成本扣减（月）',
    en: 'Necessary employment-cost deduction per month',
    legal: [cite('S0'), ...S17('第十条')],
    unit: 'fen/month',
  },
  (x) => {
    const rule = x.p('dibao.employment_cost_rule')
    const rate = x.p('dibao.employment_cost_rate')
    return x.cases('no_deduction', { value: x.c(0, 'money'), legal: [cite('S0'), ...S17('第十条')] }, [
      {
        label: 'share_of_earnings',
        when: x.eq(rule, 1),
        value: x.round(x.mul(x.v(employedWage), rate), 'half_up', 1, FEN),
        legal: [cite('S20', undefined, 'LOCAL', '兴安盟: employed member’s income × 10%.')],
      },
      {
        label: 'share_of_standard',
        when: x.eq(rule, 2),
        value: x.round(x.mul(x.v(dibaoStandard), rate, x.sum(employedMember)), 'half_up', 1, FEN),
        legal: [cite('S22', undefined, 'LOCAL', '赣州: 30% of the 低保 standard per employed person.')],
      },
    ])
  },
)
export const dibaoPerCapitaIncome = rule(
  'dibao_per_capita_income',
  'household',
  'money',
  'month',
  {
    zh: '低保家庭月人均收入',
    en: 'Per-capita counted income per month',
    legal: S17('第十条'),
    unit: 'fen/person/month',
  },
  (x) =>
    x.max(
      x.round(
        x.div(
          x.sub(
            x.sub(x.v(dibaoMonthlyIncome), x.v(employmentCost)),
            x.div(x.v(rigidDeduction), x.p('dibao.income_months')),
          ),
          x.v(dibaoMembers),
        ),
        'half_up',
        1,
        FEN,
      ),
      0,
    ),
)
export const dibaoPropertyOk = rule(
  'dibao_property_ok',
  'household',
  'bool',
  'month',
  {
    zh: '家庭财产符合规定',
    en: 'Property within the local rules',
    legal: [cite('S21', undefined, 'LOCAL'), cite('S20', undefined, 'LOCAL')],
  },
  (x) =>
    x.and(
      x.le(x.v(financialAssets), x.mul(x.v(dibaoStandard), x.p('dibao.fin_asset_limit_months'), x.v(dibaoMembers))),
      x.le(x.v(residentialProperties), x.p('dibao.max_residential_properties')),
      x.eq(x.v(nonResidentialProperties), 0),
      x.not(x.v(motorVehicle)),
      x.or(x.not(x.v(businessRegistration)), x.v(businessExempted)),
    ),
)
export const dibaoHouseholdEligible = rule(
  'dibao_household_eligible',
  'household',
  'bool',
  'month',
  {
    zh: '家庭符合低保条件',
    en: 'Household meets the 低保 conditions',
    legal: S17('第六条'),
  },
  (x) => x.and(x.v(residencyOk), x.lt(x.v(dibaoPerCapitaIncome), x.v(dibaoStandard)), x.v(dibaoPropertyOk)),
)

// ---------- 单人户 ----------
export const marginalIncomeLimit = rule(
  'marginal_income_limit',
  'household',
  'money',
  'month',
  {
    zh: '低保边缘收入上限（元/人/月）',
    en: '低保边缘 income limit per person per month',
    legal: [cite('S19')],
    unit: 'fen/person/month',
  },
  (x) => x.round(x.mul(x.v(dibaoStandard), x.p('dibao.marginal_multiplier')), 'half_up', 1, FEN),
)
export const marginalIncomeTest = rule(
  'marginal_income_test',
  'household',
  'bool',
  'month',
  { zh: '符合低保边缘收入与财产条件', en: 'Meets the 低保边缘 income and property tests', legal: [cite('S19')] },
  (x) => x.and(x.lt(x.v(dibaoPerCapitaIncome), x.v(marginalIncomeLimit)), x.v(dibaoPropertyOk)),
)
export const singleReason = rule(
  'dibao_single_reason',
  'person',
  'bool',
  'month',
  {
    zh: '可单独申请的情形（重度残疾、重特大疾病、其他）',
    en: 'Applicant is severely disabled, seriously ill, or another local case',
    legal: [cite('S18', '(1)(2)(4)', 'LOCAL')],
  },
  (x) => x.and(x.v(dibaoApplicant), x.or(x.v(severeDisability), x.v(seriousIllness), x.v(singleOtherLocal))),
)
export const applicantIncome = rule(
  'dibao_applicant_income',
  'household',
  'money',
  'month',
  {
    zh: '单独申请人月收入',
    en: 'Monthly income of the member applying alone',
    legal: [cite('S18', undefined, 'LOCAL')],
    unit: 'fen/month',
  },
  (x) => x.round(x.div(x.sum(applicantOwnIncome), x.p('dibao.income_months')), 'half_up', 1, FEN),
)
/** The applicant's own counted income (even if excluded from the household count). */
export const applicantOwnIncome = rule(
  'dibao_applicant_own_income',
  'person',
  'money',
  'month',
  {
    zh: '单独申请人本人收入（评估期）',
    en: 'Own income of the member applying alone (window)',
    legal: [cite('S18', undefined, 'LOCAL')],
    unit: WINDOW,
  },
  (x) => x.where(x.v(dibaoApplicant), x.add(x.v(personWage), x.v(pensionOther)), 0),
)
export const singleEligible = rule(
  'dibao_single_eligible',
  'household',
  'bool',
  'month',
  {
    zh: '单人户符合条件',
    en: 'The member applying alone qualifies',
    legal: [cite('S18', undefined, 'LOCAL')],
  },
  (x) =>
    x.and(
      x.v(residencyOk),
      x.eq(x.sum(dibaoApplicant), 1),
      x.or(x.and(x.v(marginalIncomeTest), x.any(singleReason)), x.any(clergyAway, { where: dibaoApplicant })),
      x.lt(x.v(applicantIncome), x.v(dibaoStandard)),
    ),
)

// ---------- decision ----------
export const dibaoEligible = rule(
  'dibao_eligible',
  'household',
  'bool',
  'month',
  { zh: '符合低保条件', en: 'Eligible for 低保', legal: S17('第六条') },
  (x) =>
    x.cases('household_application', { value: x.v(dibaoHouseholdEligible), legal: S17('第六条') }, [
      {
        label: 'single_person_application',
        when: x.v(singleApplication),
        value: x.v(singleEligible),
        legal: [cite('S18', undefined, 'LOCAL')],
      },
    ]),
)
export const dibaoCovered = rule(
  'dibao_covered_persons',
  'household',
  'int',
  'month',
  { zh: '保障人数', en: 'Persons covered', legal: S17('第七条') },
  (x) => x.where(x.v(singleApplication), x.c(1, 'int'), x.v(dibaoMembers)),
)
export const dibaoBenefit = rule(
  'dibao_benefit',
  'household',
  'money',
  'month',
  {
    zh: '低保金（月）',
    en: '低保 benefit per month',
    legal: [cite('S62'), ...S17()],
    unit: 'fen/month',
  },
  (x) => {
    const std = x.v(dibaoStandard)
    return x.where(
      x.v(dibaoEligible),
      x.cases(
        'differential',
        {
          value: x.round(x.mul(x.max(x.sub(std, x.v(dibaoPerCapitaIncome)), 0), x.v(dibaoCovered)), 'up', 100, UP_YUAN),
          legal: [cite('S62')],
        },
        [
          {
            label: 'single_person_minimum',
            when: x.v(singleApplication),
            value: x.round(
              x.max(x.sub(std, x.v(applicantIncome)), x.mul(std, x.p('dibao.single_min_ratio'))),
              'up',
              100,
              UP_YUAN,
            ),
            legal: [cite('S18', '青岛', 'LOCAL', 'Single-person 低保 is at least 60% of the standard.')],
          },
        ],
      ),
      x.c(0, 'money'),
    )
  },
)
export const dibaoReviewMonths = rule(
  'dibao_review_months',
  'household',
  'int',
  'month',
  {
    zh: '复核周期（月）',
    en: 'Review cycle in months (0 = not eligible)',
    legal: S17('动态管理'),
  },
  (x) =>
    x.where(
      x.v(dibaoEligible),
      x.cases('stable', { value: x.p('dibao.review_stable_months'), legal: S17('动态管理') }, [
        {
          label: 'unstable_income_with_labour',
          when: x.and(x.not(x.v(incomeSourceFixed)), x.any(hasLabourCapacity, { where: dibaoMember })),
          value: x.p('dibao.review_unstable_months'),
          legal: S17('动态管理'),
        },
      ]),
      0,
    ),
)
export const gradualExitMonths = rule(
  'dibao_gradual_exit_months',
  'household',
  'int',
  'month',
  {
    zh: '渐退期（月）',
    en: 'Gradual-exit months when income rises above the standard (0 = none)',
    legal: [cite('S22', undefined, 'LOCAL'), assumption('domain.md §6.4.7 default 6 months.')],
  },
  (x) =>
    x.cases('no_gradual_exit', { value: x.c(0, 'int'), legal: S17('动态管理') }, [
      {
        label: 'income_rose_above_standard',
        when: x.and(
          x.v(dibaoRecipient),
          x.not(x.v(singleApplication)),
          x.v(residencyOk),
          x.v(dibaoPropertyOk),
          x.ge(x.v(dibaoPerCapitaIncome), x.v(dibaoStandard)),
        ),
        value: x.p<'int'>('dibao.gradual_exit_months', { exit_case: x.v(exitCase) }),
        legal: [cite('S22', undefined, 'LOCAL')],
      },
    ]),
)
