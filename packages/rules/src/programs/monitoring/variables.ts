/** 防止返贫（致贫）监测: threshold, category (§5.6, §6.1–6.2) and risk-elimination readiness (§6.3). */
import type { Variable } from '../../engine/model.ts'
import { householdType, wholeHouseholdNoLabour } from '../common/variables.ts'
import { input, rule } from '../define.ts'
import { guaranteesOk } from '../guarantees/variables.ts'
import { perCapitaNet, perCapitaReference } from '../income/variables.ts'
import { assumption, cite } from '../legal.ts'

/** 致贫/返贫风险 (code table 100A27 [S9] plus assumed values; NONE = no risk named). */
export const RISK = {
  enum: [
    'NONE',
    'ILLNESS',
    'EDUCATION',
    'DISABILITY',
    'NATURAL_DISASTER',
    'ACCIDENT',
    'INDUSTRY_FAILURE',
    'UNSTABLE_EMPLOYMENT',
    'LACK_OF_LABOUR',
    'OTHER',
    'HOUSING_UNSAFE',
    'DROPOUT',
    'WATER_UNSAFE',
    'NO_MEDICAL_INSURANCE',
    'EPIDEMIC',
  ],
} as const
/** 监测对象类别 (§5.6). */
export const CATEGORY = { enum: ['NOT_ELIGIBLE', 'UNSTABLE_TUOPIN', 'MARGINAL', 'SUDDEN_HARDSHIP'] } as const
/** 消除方式. */
export const ELIMINATION_METHOD = { enum: ['ASSISTED', 'NATURAL'] } as const

const S6 = [cite('S6')]
const S3 = [cite('S3')]

// ---------- inputs ----------
export const mainRisk = input('main_risk', 'household', RISK, 'month', {
  zh: '主要致贫/返贫风险',
  en: 'Main risk named',
  legal: [cite('S8', '致贫/返贫风险1')],
  default: 'NONE',
})
export const previousPerCapitaNet = input('previous_per_capita_net', 'household', 'money', 'month', {
  zh: '上次评估人均纯收入（0 = 无）',
  en: 'Per-capita net income at the previous assessment (0 = none)',
  legal: [assumption('domain.md §6.2 suddenIncomeDrop compares with the previous assessment.')],
  unit: 'fen/person/year',
  default: 0,
})
export const identifiedMonth = input('identified_month', 'household', 'int', 'eternity', {
  zh: '识别监测时间（YYYYMM，0 = 未识别）',
  en: 'Month identified as a monitoring target (YYYYMM, 0 = not identified)',
  legal: [cite('S7', '识别监测时间')],
  default: 0,
})
export const eliminationMethod = input('elimination_method', 'household', ELIMINATION_METHOD, 'month', {
  zh: '风险消除方式',
  en: 'Elimination method',
  legal: [cite('S13')],
  default: 'ASSISTED',
})
export const risksResolved = input('risks_resolved', 'household', 'bool', 'month', {
  zh: '风险已稳定消除或自然消除且无新风险',
  en: 'All identified risks resolved and no new risk',
  legal: [cite('S13'), ...S3],
  default: false,
})
export const rigidSpendingUncontrolled = input('rigid_spending_uncontrolled', 'household', 'bool', 'month', {
  zh: '刚性支出不可控',
  en: 'Rigid spending still uncontrollable',
  legal: [...S3, cite('S73', undefined, 'LOCAL')],
  default: false,
})

// ---------- threshold and category ----------
export const monitoringThreshold = rule(
  'monitoring_threshold',
  'household',
  'money',
  'month',
  {
    zh: '监测范围（元/人/年）',
    en: 'Monitoring threshold per person per year',
    legal: [cite('S10'), cite('S11', undefined, 'LOCAL')],
    unit: 'fen/person/year',
  },
  (x) => x.p('monitoring.threshold'),
)
export const hasNamedRisk = rule(
  'has_named_risk',
  'household',
  'bool',
  'month',
  { zh: '存在明确风险', en: 'A concrete risk is named', legal: [cite('S2')] },
  (x) => x.not(x.is(x.v(mainRisk), 'NONE')),
)
export const suddenIncomeDrop = rule(
  'sudden_income_drop',
  'household',
  'bool',
  'month',
  {
    zh: '收入大幅缩减',
    en: 'Income fell sharply since the previous assessment',
    legal: [assumption('domain.md §6.2: drop ≥ SUDDEN_DROP_RATIO of the previous per-capita net income.')],
  },
  (x) =>
    x.and(
      x.gt(x.v(previousPerCapitaNet), 0),
      x.ge(
        x.sub(x.v(previousPerCapitaNet), x.v(perCapitaNet)),
        x.mul(x.v(previousPerCapitaNet), x.p('monitoring.sudden_drop_ratio')),
      ),
    ),
)
export const belowThreshold = rule(
  'below_threshold',
  'household',
  'bool',
  'month',
  { zh: '人均纯收入低于监测范围', en: 'Per-capita net income below the threshold', legal: [cite('S10')] },
  (x) => x.lt(x.v(perCapitaNet), x.v(monitoringThreshold)),
)
export const monitoringCategory = rule(
  'monitoring_category',
  'household',
  CATEGORY,
  'month',
  {
    zh: '监测对象类别',
    en: 'Monitoring category',
    legal: [...S6, cite('S2')],
  },
  (x) => {
    const risk = x.v(hasNamedRisk)
    const below = x.v(belowThreshold)
    const hardship = x.or(
      x.lt(x.v(perCapitaReference), x.v(monitoringThreshold)),
      x.not(x.v(guaranteesOk)),
      x.v(suddenIncomeDrop),
    )
    return x.cases('not_eligible', { value: x.enumLit(CATEGORY, 'NOT_ELIGIBLE'), legal: [cite('S2')] }, [
      {
        label: 'unstable_tuopin',
        when: x.and(risk, below, x.is(x.v(householdType), 'TUOPIN')),
        value: x.enumLit(CATEGORY, 'UNSTABLE_TUOPIN'),
        legal: [...S6, cite('S2')],
      },
      {
        label: 'marginal',
        when: x.and(risk, below, x.is(x.v(householdType), 'GENERAL')),
        value: x.enumLit(CATEGORY, 'MARGINAL'),
        legal: [...S6, cite('S2')],
      },
      {
        label: 'sudden_hardship',
        when: x.and(risk, x.not(below), hardship),
        value: x.enumLit(CATEGORY, 'SUDDEN_HARDSHIP'),
        legal: [...S6, cite('S53', undefined, 'LOCAL'), assumption('domain.md §6.2 reference-income formula.')],
      },
    ])
  },
)
export const monitoringEligible = rule(
  'monitoring_eligible',
  'household',
  'bool',
  'month',
  { zh: '符合监测对象识别条件', en: 'Meets the identification criteria', legal: [cite('S2'), ...S6] },
  (x) => x.not(x.is(x.v(monitoringCategory), 'NOT_ELIGIBLE')),
)

// ---------- risk elimination ----------
export const aboveThreshold = rule(
  'above_threshold',
  'household',
  'bool',
  'month',
  {
    zh: '人均纯收入超过监测范围',
    en: 'Per-capita net income above the threshold',
    legal: [...S3, cite('S7', 'rule 4_11_010')],
  },
  (x) => x.gt(x.v(perCapitaNet), x.v(monitoringThreshold)),
)
export const aboveThresholdRun: Variable<'int', 'household'> = rule(
  'above_threshold_run',
  'household',
  'int',
  'month',
  {
    zh: '连续超过监测范围的月数（含本月）',
    en: 'Consecutive months above the threshold, this month included (looks back at most 24 months)',
    legal: [cite('S73', undefined, 'LOCAL')],
  },
  (x) => x.where(x.v(aboveThreshold), x.add(x.previous(aboveThresholdRun, { base: 0, horizon: 24 }), 1), x.c(0, 'int')),
)
export const incomeStableMonths = rule(
  'income_stable_months',
  'household',
  'int',
  'month',
  {
    zh: '收入持续稳定月数',
    en: 'Months the income has stayed above the threshold since it first rose above it',
    legal: [cite('S73', undefined, 'LOCAL', '收入持续稳定（原则上不得低于半年）.')],
  },
  (x) => x.max(x.sub(x.v(aboveThresholdRun), 1), 0),
)
export const monthsSinceIdentification = rule(
  'months_since_identification',
  'household',
  'int',
  'month',
  {
    zh: '识别至今月数',
    en: 'Months from the identification month to this month',
    legal: [cite('S7', '识别监测时间 / 消除监测时间')],
  },
  (x) => x.monthsBetween(x.v(identifiedMonth), x.periodStart()),
)
export const eliminationGapOk = rule(
  'elimination_gap_ok',
  'household',
  'bool',
  'month',
  {
    zh: '帮扶消除与识别月份间隔达标',
    en: 'Assisted elimination is late enough after identification',
    legal: [
      cite(
        'S7',
        '贵州 data rule',
        'LOCAL',
        'Assisted elimination in the identification month or the next two is flagged.',
      ),
    ],
  },
  (x) =>
    x.or(
      x.is(x.v(eliminationMethod), 'NATURAL'),
      x.ge(x.v(monthsSinceIdentification), x.p('monitoring.elim_min_month_gap')),
    ),
)
export const eliminationReady = rule(
  'elimination_ready',
  'household',
  'bool',
  'month',
  {
    zh: '可提出风险消除',
    en: 'Risk elimination may be proposed',
    legal: [...S3, cite('S13'), cite('S73', undefined, 'LOCAL')],
  },
  (x) =>
    x.cases(
      'elimination_criteria',
      {
        value: x.and(
          x.gt(x.v(identifiedMonth), 0),
          x.v(aboveThreshold),
          x.ge(x.v(incomeStableMonths), x.p('monitoring.elim_stable_months')),
          x.v(guaranteesOk),
          x.v(risksResolved),
          x.not(x.v(rigidSpendingUncontrolled)),
          x.v(eliminationGapOk),
        ),
        legal: [...S3, cite('S13'), cite('S73', undefined, 'LOCAL')],
      },
      [
        {
          label: 'no_labour_capacity',
          when: x.v(wholeHouseholdNoLabour),
          value: x.bool(false),
          legal: [...S3, cite('S60'), assumption('domain.md §6.3: never automatically eliminated.')],
        },
      ],
    ),
)
