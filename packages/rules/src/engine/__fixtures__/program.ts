/** A small synthetic means-tested programme that uses every IR node kind (tests and differential checks). */
import type { LegalRef } from '../ir.ts'
import { buildModel, defineVariable, type Variable } from '../model.ts'

export const L = (id: string, article?: string): LegalRef[] => [
  { id, title: '合成测试规则 (synthetic)', ...(article ? { article } : {}), status: 'ASSUMPTION' },
]
const lab = (en: string) => ({ zh: en, en })
const V1 = '2021-01-01' as const

// ---------- inputs ----------
export const birthDate = defineVariable({
  name: 'birth_date',
  entity: 'person',
  valueType: 'date',
  period: 'eternity',
  input: true,
  label: lab('Birth date'),
})
export const wage = defineVariable({
  name: 'wage',
  entity: 'person',
  valueType: 'money',
  period: 'month',
  input: true,
  default: 0,
  label: lab('Wage'),
})
export const disabilityLevel = defineVariable({
  name: 'disability_level',
  entity: 'person',
  valueType: 'int',
  period: 'eternity',
  input: true,
  default: 0,
  label: lab('Disability level'),
})
export const isStudent = defineVariable({
  name: 'is_student',
  entity: 'person',
  valueType: 'bool',
  period: 'eternity',
  input: true,
  default: false,
  label: lab('Student'),
})
export const AREA = { enum: ['rural', 'urban'] } as const
export const area = defineVariable({
  name: 'area',
  entity: 'household',
  valueType: AREA,
  period: 'eternity',
  input: true,
  label: lab('Area'),
})
export const otherIncome = defineVariable({
  name: 'other_income',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  input: true,
  default: 0,
  label: lab('Other income'),
})
export const assets = defineVariable({
  name: 'assets',
  entity: 'household',
  valueType: 'money',
  period: 'eternity',
  input: true,
  default: 0,
  label: lab('Assets'),
})
export const received = defineVariable({
  name: 'received',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  input: true,
  label: lab('Received benefit'),
})

const B = L('base')

// ---------- person ----------
export const age = defineVariable({
  name: 'age',
  entity: 'person',
  valueType: 'int',
  period: 'month',
  label: lab('Age'),
  versions: [{ from: V1, legal: B, formula: (x) => x.yearsBetween(x.v(birthDate), x.periodStart()) }],
})
export const isAdult = defineVariable({
  name: 'is_adult',
  entity: 'person',
  valueType: 'bool',
  period: 'month',
  label: lab('Adult'),
  versions: [{ from: V1, legal: B, formula: (x) => x.ge(x.v(age), 18) }],
})
export const severeDisability = defineVariable({
  name: 'severe_disability',
  entity: 'person',
  valueType: 'bool',
  period: 'month',
  label: lab('Severe disability'),
  versions: [
    { from: V1, legal: B, formula: (x) => x.and(x.ge(x.v(disabilityLevel), 1), x.le(x.v(disabilityLevel), 2)) },
  ],
})
export const countableWage = defineVariable({
  name: 'countable_wage',
  entity: 'person',
  valueType: 'money',
  period: 'month',
  label: lab('Countable wage'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) => x.where(x.v(isStudent), 0, x.round(x.div(x.sumMonths(wage, 3), 3), 'half_up', 1)),
    },
  ],
})
export const working = defineVariable({
  name: 'working',
  entity: 'person',
  valueType: 'bool',
  period: 'month',
  label: lab('Working'),
  versions: [{ from: V1, legal: B, formula: (x) => x.gt(x.v(wage), 0) }],
})
export const childFlag = defineVariable({
  name: 'child_flag',
  entity: 'person',
  valueType: 'bool',
  period: 'month',
  label: lab('Child'),
  versions: [{ from: V1, legal: B, formula: (x) => x.or(x.hasRole('child', 'grandchild'), x.not(x.v(isAdult))) }],
})
export const ruralMember = defineVariable({
  name: 'rural_member',
  entity: 'person',
  valueType: 'bool',
  period: 'month',
  label: lab('Rural member'),
  versions: [{ from: V1, legal: B, formula: (x) => x.is(x.household(area), 'rural') }],
})

// ---------- household ----------
export const size = defineVariable({
  name: 'size',
  entity: 'household',
  valueType: 'int',
  period: 'month',
  label: lab('Size'),
  versions: [{ from: V1, legal: B, formula: (x) => x.count() }],
})
export const adults = defineVariable({
  name: 'adults',
  entity: 'household',
  valueType: 'int',
  period: 'month',
  label: lab('Adults'),
  versions: [{ from: V1, legal: B, formula: (x) => x.count({ where: isAdult }) }],
})
export const children = defineVariable({
  name: 'children',
  entity: 'household',
  valueType: 'int',
  period: 'month',
  label: lab('Children'),
  versions: [{ from: V1, legal: B, formula: (x) => x.sum<'int'>(childFlag) }],
})
export const earnings = defineVariable({
  name: 'earnings',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Earnings'),
  versions: [{ from: V1, legal: B, formula: (x) => x.sum(countableWage) }],
})
export const headWage = defineVariable({
  name: 'head_wage',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Head wage'),
  versions: [{ from: V1, legal: B, formula: (x) => x.sum(countableWage, { role: 'head' }) }],
})
export const maxWage = defineVariable({
  name: 'max_wage',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Max wage'),
  versions: [{ from: V1, legal: B, formula: (x) => x.maxOf(wage, { role: ['head', 'spouse', 'child'] }) }],
})
export const minWage = defineVariable({
  name: 'min_wage',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Min wage'),
  versions: [{ from: V1, legal: B, formula: (x) => x.minOf(wage, { where: isAdult }) }],
})
export const anyDisabled = defineVariable({
  name: 'any_disabled',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  label: lab('Any disabled'),
  versions: [{ from: V1, legal: B, formula: (x) => x.any(severeDisability) }],
})
export const employmentDeduction = defineVariable({
  name: 'employment_deduction',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Employment cost'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) =>
        x.round(x.mul(x.sum(countableWage, { where: working }), x.p('dibao.employment_cost_rate')), 'down', 1),
    },
  ],
})
export const income = defineVariable({
  name: 'income',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Countable income'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) => x.max(x.sub(x.add(x.v(earnings), x.v(otherIncome)), x.v(employmentDeduction)), 0),
    },
  ],
})
export const perCapita = defineVariable({
  name: 'per_capita',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Per capita'),
  versions: [{ from: V1, legal: B, formula: (x) => x.round(x.div(x.v(income), x.max(x.v(size), 1)), 'half_even', 1) }],
})
export const standard = defineVariable({
  name: 'standard',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Standard'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) =>
        x.round(
          x.mul(x.p<'money'>('dibao.standard', { area: x.v(area) }), x.p('dibao.size_factor', { size: x.v(size) })),
          'half_up',
          100,
        ),
    },
  ],
})
export const annualThreshold = defineVariable({
  name: 'annual_threshold',
  entity: 'household',
  valueType: 'money',
  period: 'year',
  label: lab('Annual threshold'),
  versions: [{ from: V1, legal: B, formula: (x) => x.p<'money'>('monitor.threshold') }],
})
export const belowThreshold = defineVariable({
  name: 'below_threshold',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  label: lab('Below threshold'),
  versions: [{ from: V1, legal: B, formula: (x) => x.lt(x.mul(x.v(perCapita), 12), x.yearOf(annualThreshold)) }],
})
export const contribution = defineVariable({
  name: 'contribution',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Contribution'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) =>
        x.round(
          x.add(
            x.scale('tax.brackets', x.v(income), 'marginal_rate'),
            x.scale('bonus.amounts', x.v(income), 'single_amount'),
          ),
          'half_up',
          1,
        ),
    },
  ],
})
export const eligible = defineVariable({
  name: 'eligible',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  label: lab('Eligible'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) =>
        x.cases('eligible', { value: x.lt(x.v(perCapita), x.v(standard)), legal: L('elig', 'art. 1') }, [
          {
            label: 'assets_too_high',
            when: x.gt(x.v(assets), x.mul(x.v(standard), x.p('dibao.asset_months'))),
            value: x.bool(false),
            legal: L('elig', 'art. 2'),
          },
          {
            label: 'disabled_single',
            exceptionTo: 'assets_too_high',
            when: x.and(x.v(anyDisabled), x.eq(x.v(size), 1)),
            value: x.bool(true),
            legal: L('elig', 'art. 3'),
          },
          {
            label: 'large_family',
            when: x.and(x.ge(x.v(children), 3), x.ne(x.v(area), 'urban')),
            value: x.bool(true),
            legal: L('elig', 'art. 4'),
          },
        ]),
    },
  ],
})
export const gap = defineVariable({
  name: 'gap',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Gap'),
  versions: [{ from: V1, legal: B, formula: (x) => x.abs(x.neg(x.sub(x.v(standard), x.v(perCapita)))) }],
})
export const coverage = defineVariable({
  name: 'coverage',
  entity: 'household',
  valueType: 'number',
  period: 'month',
  label: lab('Coverage ratio'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) =>
        x.external('coverage_ratio', 'number', [x.v(perCapita), x.v(standard)], (a, b) =>
          b > 0 ? Math.min(1, a / b) : 0,
        ),
    },
  ],
})
export const benefit = defineVariable({
  name: 'benefit',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Benefit'),
  versions: [
    {
      from: '2021-01-01',
      to: '2026-01-01',
      legal: L('benefit-v1'),
      formula: (x) => x.where(x.v(eligible), x.mul(x.max(x.sub(x.v(standard), x.v(perCapita)), 0), x.v(size)), 0),
    },
    {
      from: '2026-01-01',
      legal: L('benefit-v2'),
      formula: (x) =>
        x.round(
          x.where(x.v(eligible), x.max(x.mul(x.v(gap), x.v(size)), x.round(x.mul(x.v(standard), 0.6), 'up', 100)), 0),
          'up',
          100,
        ),
    },
  ],
})
export const monthsOnBenefit: Variable<'int', 'household'> = defineVariable({
  name: 'months_on_benefit',
  entity: 'household',
  valueType: 'int',
  period: 'month',
  label: lab('Months on benefit'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) => x.where(x.v(eligible), x.add(x.previous(monthsOnBenefit, { base: 0, horizon: 2 }), 1), 0),
    },
  ],
})
export const newlyEligible = defineVariable({
  name: 'newly_eligible',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  label: lab('Newly eligible'),
  versions: [
    { from: V1, legal: B, formula: (x) => x.and(x.v(eligible), x.not(x.previous(received, { base: x.bool(false) }))) },
  ],
})
export const screenDisabledLow = defineVariable({
  name: 'screen_disabled_low',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  label: lab('Screen: disabled, low income'),
  versions: [{ from: V1, legal: B, formula: (x) => x.and(x.v(anyDisabled), x.v(belowThreshold)) }],
})
export const screenNoEarner = defineVariable({
  name: 'screen_no_earner',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  label: lab('Screen: no earner'),
  versions: [
    {
      from: V1,
      legal: B,
      formula: (x) => x.and(x.eq(x.v(maxWage), 0), x.gt(x.v(adults), 0), x.ge(x.v(headWage), 0), x.ge(x.v(minWage), 0)),
    },
  ],
})

/** Every output of the synthetic programme. */
// ---------- engine features: parameter-driven sumMonths, months between, enum literal, parameter fallback ----------
export const wageWindow = defineVariable({
  name: 'wage_window',
  entity: 'person',
  valueType: 'money',
  period: 'month',
  label: lab('Wages over the regional window'),
  versions: [{ from: V1, legal: L('wage-window'), formula: (x) => x.sumMonths(wage, 'dibao.wage_window') }],
})
export const monthsOld = defineVariable({
  name: 'months_old',
  entity: 'person',
  valueType: 'int',
  period: 'month',
  label: lab('Age in calendar months'),
  versions: [{ from: V1, legal: B, formula: (x) => x.monthsBetween(x.v(birthDate), x.periodStart()) }],
})
export const windowWages = defineVariable({
  name: 'window_wages',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Household wages over the regional window'),
  versions: [{ from: V1, legal: L('wage-window'), formula: (x) => x.sum(wageWindow) }],
})
export const oldestMonths = defineVariable({
  name: 'oldest_months',
  entity: 'household',
  valueType: 'int',
  period: 'month',
  label: lab('Oldest member, in calendar months'),
  versions: [{ from: V1, legal: B, formula: (x) => x.maxOf(monthsOld) }],
})
export const WAGE_BAND = { enum: ['NONE', 'SOME', 'HIGH'] } as const
export const wageBand = defineVariable({
  name: 'wage_band',
  entity: 'household',
  valueType: WAGE_BAND,
  period: 'month',
  label: lab('Wage band'),
  versions: [
    {
      from: V1,
      legal: L('wage-window'),
      formula: (x) =>
        x.cases('none', { value: x.enumLit(WAGE_BAND, 'NONE'), legal: L('wage-window') }, [
          { label: 'some', when: x.gt(x.v(windowWages), 0), value: x.enumLit(WAGE_BAND, 'SOME'), legal: L('band') },
          {
            label: 'high',
            exceptionTo: 'some',
            when: x.gt(x.v(windowWages), 1_000_000),
            value: x.enumLit(WAGE_BAND, 'HIGH'),
            legal: L('band'),
          },
        ]),
    },
  ],
})
export const urbanBonus = defineVariable({
  name: 'urban_bonus',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Urban supplement (0 where no province sets one)'),
  versions: [
    {
      from: V1,
      legal: L('urban-bonus'),
      formula: (x) => x.where(x.is(x.v(area), 'urban'), x.p('dibao.urban_bonus', {}, { fallback: 0 }), 0),
    },
  ],
})
export const urbanBonusSet = defineVariable({
  name: 'urban_bonus_set',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  label: lab('Urban supplement where set (undefined elsewhere)'),
  versions: [{ from: V1, legal: L('urban-bonus'), formula: (x) => x.p('dibao.urban_bonus', {}, { fallback: NaN }) }],
})

export const FIXTURE_OUTPUTS = [
  'benefit',
  'eligible',
  'months_on_benefit',
  'newly_eligible',
  'contribution',
  'coverage',
  'below_threshold',
  'screen_disabled_low',
  'screen_no_earner',
  'per_capita',
  'standard',
  'window_wages',
  'oldest_months',
  'wage_band',
  'urban_bonus',
  'urban_bonus_set',
] as const

/** The synthetic model. */
export const fixtureModel = buildModel(
  [
    benefit,
    monthsOnBenefit,
    newlyEligible,
    contribution,
    coverage,
    screenDisabledLow,
    screenNoEarner,
    ruralMember,
    windowWages,
    oldestMonths,
    wageBand,
    urbanBonus,
    urbanBonusSet,
  ],
  { version: 'fixture' },
)
