/**
 * 部门筛查预警 (domain.md §8.2): one household screen per rule of the catalogue. Department feed data arrive as
 * person-level inputs (amounts over the look-back window, event counts); every threshold is a dated parameter of
 * `parameters/warnings/` (or the water / disability / monitoring catalogue) with its citation. The batch back-end
 * writes the screens as bits of a reason mask; the person-level `ew_p_*` variables say which member triggered.
 */
import type { Variable } from '../../engine/model.ts'
import { householdType } from '../common/variables.ts'
import { input, rule } from '../define.ts'
import { assumption, cite } from '../legal.ts'

const S40 = [cite('S40', undefined, 'LOCAL')]
const WINDOW = 'fen over WARNING lookback'

// ---------- household inputs (from the registry) ----------
export const ewLowIncome = input('ew_low_income', 'household', 'bool', 'month', {
  zh: '低收入人口（低保、特困、低保边缘、刚性支出困难、监测对象）',
  en: 'Low-income population (dibao, tekun, marginal, rigid-expenditure, monitoring target)',
  legal: [cite('S30')],
  default: false,
})
export const ewMonitored = input('ew_monitored', 'household', 'bool', 'month', {
  zh: '已是防止返贫监测对象',
  en: 'Already a monitoring target',
  legal: [cite('S3')],
  default: false,
})
export const ewPcnLatest = input('ew_pcn_latest', 'household', 'money', 'month', {
  zh: '最近一次评估人均纯收入（0 = 无）',
  en: 'Per-capita net income of the latest assessment (0 = none)',
  legal: [assumption('domain.md §8.2 INCOME_DROP compares assessments kept in the registry.')],
  unit: 'fen/person/year',
  default: 0,
})
export const ewPcnPrevious = input('ew_pcn_previous', 'household', 'money', 'month', {
  zh: '上一次评估人均纯收入（0 = 无）',
  en: 'Per-capita net income of the previous assessment (0 = none)',
  legal: [assumption('domain.md §8.2 INCOME_DROP compares assessments kept in the registry.')],
  unit: 'fen/person/year',
  default: 0,
})

// ---------- person inputs (from department feeds) ----------
const count = (name: string, zh: string, en: string, legal = S40) =>
  input(name, 'person', 'int', 'month', { zh, en, legal, default: 0 })

export const ewMedOop = input('ew_med_oop', 'person', 'money', 'month', {
  zh: '医保结算个人负担（三重保障后，回溯期合计）',
  en: 'Medical out-of-pocket after the three-tier cover, summed over the look-back window',
  legal: S40,
  unit: WINDOW,
  default: 0,
})
export const ewEduDropout = count('ew_edu_dropout', '疑似辍学记录数', 'Suspected dropout records')
export const ewEduNoncompulsory = count(
  'ew_edu_noncompulsory',
  '非义务教育在读记录数',
  'Non-compulsory enrolment records',
  [assumption('domain.md §8.2 EDU_HIGH_COST (to trigger 雨露计划/资助).')],
)
export const ewHousingDanger = count('ew_housing_danger', 'C/D级危房或因灾受损记录数', 'House graded C/D or damaged', [
  cite('S42'),
])
export const ewWaterOutageDays = count('ew_water_outage_days', '回溯期停水天数', 'Days without water supply', [
  cite('S41'),
])
export const ewWaterFacility = count(
  'ew_water_facility',
  '供水设施损坏或水质不达标记录数',
  'Facility damage or water-quality failures',
  [cite('S41')],
)
export const ewDisabilityNew = count('ew_disability_new', '新办残疾人证记录数', 'New disability certificates')
export const ewDisabilityUpgradeLevel = count(
  'ew_disability_upgrade_level',
  '残疾等级调整后的最高等级（1 最重；0 = 无调整）',
  'Most severe level after a level change (1 = most severe; 0 = no change)',
)
export const ewCaChange = count('ew_ca_change', '民政救助状态变化记录数', 'Civil-affairs assistance status changes')
export const ewDisasterLoss = count('ew_disaster_loss', '灾害损失记录数', 'Disaster loss records', [cite('S67')])
export const ewPoliceAccident = count(
  'ew_police_accident',
  '交通事故/刑事案件伤亡记录数',
  'Injured or killed in an accident or crime',
)
export const ewPoliceHukou = count('ew_police_hukou', '户籍变动记录数', 'Household-registration events', [
  assumption('domain.md §8.2 POLICE_HUKOU: death, birth, migration or marriage changes the household.'),
])
export const ewHrssUnemployed = count(
  'ew_hrss_unemployed',
  '返乡失业、失业登记或欠薪记录数',
  'Unemployment or wage-arrears records',
  [assumption('domain.md §8.2 HRSS_UNEMPLOYED (employment status change of 脱贫/监测 labour) [S40].')],
)
export const ewAgriLoss = count(
  'ew_agri_loss',
  '产业失败、疫病或农险理赔记录数',
  'Industry failure, epidemic or crop-insurance claims',
  [assumption('domain.md §8.2 AGRI_INDUSTRY_LOSS.')],
)

export const ewAssetAcquired = count(
  'ew_asset_acquired',
  '新登记车辆、非住宅房产或经营主体记录数',
  'New vehicle, non-residential property or business registrations',
  [cite('S56', undefined, 'LOCAL')],
)

// ---------- household conditions ----------
export const ewTuopinOrMonitored = rule(
  'ew_tuopin_or_monitored',
  'household',
  'bool',
  'month',
  { zh: '脱贫户或监测对象', en: 'Formerly poor household or monitoring target', legal: S40 },
  (x) => x.or(x.is(x.v(householdType), 'TUOPIN'), x.v(ewMonitored)),
)

// ---------- person triggers ----------
type P = Variable<'bool', 'person'>
const ptrigger = (
  name: string,
  zh: string,
  en: string,
  legal: typeof S40,
  f: Parameters<typeof rule<'bool', 'person'>>[5],
): P => rule(name, 'person', 'bool', 'month', { zh, en, legal }, f)

export const pMedHighOopLowinc = ptrigger(
  'ew_p_med_high_oop_lowinc',
  '低收入人口个人负担超预警线',
  'Low-income person: out-of-pocket above the line',
  S40,
  (x) => x.and(x.household(ewLowIncome), x.gt(x.v(ewMedOop), x.p('warnings.med_high_oop_lowinc'))),
)
export const pMedHighOopGeneral = ptrigger(
  'ew_p_med_high_oop_general',
  '一般农村参保人员个人负担超预警线',
  'General rural insured: out-of-pocket above the line',
  S40,
  (x) => x.and(x.not(x.household(ewLowIncome)), x.gt(x.v(ewMedOop), x.p('warnings.med_high_oop_general'))),
)
export const pMedOopRatioTuopin = ptrigger(
  'ew_p_med_oop_ratio_tuopin',
  '脱贫/监测人口个人负担超上年农村人均可支配收入比例',
  '脱贫/monitored person: out-of-pocket above the share of last year’s rural income',
  S40,
  (x) =>
    x.and(
      x.household(ewTuopinOrMonitored),
      x.gt(x.v(ewMedOop), x.mul(x.p('warnings.rural_disposable_income_prev'), x.p('warnings.med_oop_ratio_tuopin'))),
    ),
)
export const pMedOopRatioGeneral = ptrigger(
  'ew_p_med_oop_ratio_general',
  '其他农村居民个人负担超上年农村人均可支配收入比例',
  'Other rural resident: out-of-pocket above the share of last year’s rural income',
  S40,
  (x) =>
    x.and(
      x.not(x.household(ewTuopinOrMonitored)),
      x.gt(x.v(ewMedOop), x.mul(x.p('warnings.rural_disposable_income_prev'), x.p('warnings.med_oop_ratio_general'))),
    ),
)
export const pMedOopAbsAll = ptrigger(
  'ew_p_med_oop_abs_all',
  '个人负担超绝对额',
  'Out-of-pocket above the absolute amount',
  S40,
  (x) => x.gt(x.v(ewMedOop), x.p('warnings.med_oop_abs_all')),
)
export const pWaterOutage = ptrigger(
  'ew_p_water_issue',
  '停水超限或供水设施/水质问题',
  'Water outage over the limit, facility damage or quality failure',
  [cite('S41')],
  (x) => x.or(x.gt(x.v(ewWaterOutageDays), x.p('water.max_outage_days')), x.gt(x.v(ewWaterFacility), 0)),
)
export const pDisabilityNew = ptrigger(
  'ew_p_disability_new',
  '新办残疾人证或等级调整为重度',
  'New disability certificate or level changed to severe',
  S40,
  (x) =>
    x.or(
      x.gt(x.v(ewDisabilityNew), 0),
      x.and(
        x.gt(x.v(ewDisabilityUpgradeLevel), 0),
        x.le(x.v(ewDisabilityUpgradeLevel), x.p('disability.severe_max_level')),
      ),
    ),
)
const anyEvent = (name: string, ref: Variable<'int', 'person'>, zh: string, en: string, legal = S40) =>
  ptrigger(name, zh, en, legal, (x) => x.gt(x.v(ref), 0))
export const pEduDropout = anyEvent('ew_p_edu_dropout', ewEduDropout, '疑似辍学', 'Suspected dropout')
export const pEduHighCost = anyEvent(
  'ew_p_edu_high_cost',
  ewEduNoncompulsory,
  '非义务教育就读',
  'Non-compulsory enrolment',
)
export const pHousingDanger = anyEvent('ew_p_housing_danger', ewHousingDanger, '住房不安全', 'Unsafe house', [
  cite('S42'),
])
export const pCaChange = anyEvent('ew_p_ca_change', ewCaChange, '救助状态变化', 'Assistance status change')
export const pDisasterLoss = anyEvent('ew_p_disaster_loss', ewDisasterLoss, '灾害损失', 'Disaster loss', [cite('S67')])
export const pPoliceAccident = anyEvent('ew_p_police_accident', ewPoliceAccident, '事故伤亡', 'Accident casualty')
export const pPoliceHukou = anyEvent('ew_p_police_hukou', ewPoliceHukou, '户籍变动', 'Registration change')
export const pHrssUnemployed = anyEvent('ew_p_hrss_unemployed', ewHrssUnemployed, '失业或欠薪', 'Unemployed or unpaid')
export const pAgriLoss = anyEvent('ew_p_agri_loss', ewAgriLoss, '产业损失', 'Industry loss')
export const pAssetMismatch = ptrigger(
  'ew_p_asset_mismatch',
  '低收入人口（监测对象、低保等）新登记车辆、房产或经营主体',
  'Low-income person (target, dibao …) registered a vehicle, property or business',
  [cite('S56', undefined, 'LOCAL')],
  (x) => x.and(x.household(ewLowIncome), x.gt(x.v(ewAssetAcquired), 0)),
)

// ---------- household screens (one per rule of §8.2) ----------
const screen = (
  name: string,
  zh: string,
  en: string,
  legal: typeof S40,
  f: Parameters<typeof rule<'bool', 'household'>>[5],
) => rule(name, 'household', 'bool', 'month', { zh, en, legal }, f)

export const warnMedHighOopLowinc = screen(
  'warn_med_high_oop_lowinc',
  '低收入人口高额医疗负担',
  'High out-of-pocket, low-income',
  S40,
  (x) => x.any(pMedHighOopLowinc),
)
export const warnMedHighOopGeneral = screen(
  'warn_med_high_oop_general',
  '一般农户高额医疗负担',
  'High out-of-pocket, general',
  S40,
  (x) => x.any(pMedHighOopGeneral),
)
export const warnMedOopRatioTuopin = screen(
  'warn_med_oop_ratio_tuopin',
  '脱贫/监测人口因病返贫风险',
  'Illness relapse watch',
  S40,
  (x) => x.any(pMedOopRatioTuopin),
)
export const warnMedOopRatioGeneral = screen(
  'warn_med_oop_ratio_general',
  '其他农村居民因病致贫风险',
  'Illness poverty watch',
  S40,
  (x) => x.any(pMedOopRatioGeneral),
)
export const warnMedOopAbsAll = screen(
  'warn_med_oop_abs_all',
  '医疗个人负担超绝对额',
  'Out-of-pocket over the absolute amount',
  S40,
  (x) => x.any(pMedOopAbsAll),
)
export const warnEduDropout = screen(
  'warn_edu_dropout',
  '脱贫/监测户疑似辍学',
  'Suspected dropout in a 脱贫/monitored household',
  S40,
  (x) => x.and(x.v(ewTuopinOrMonitored), x.any(pEduDropout)),
)
export const warnEduHighCost = screen(
  'warn_edu_high_cost',
  '低收入家庭非义务教育就读',
  'Non-compulsory enrolment in a low-income household',
  [assumption('domain.md §8.2 EDU_HIGH_COST.')],
  (x) => x.and(x.v(ewLowIncome), x.any(pEduHighCost)),
)
export const warnHousingDanger = screen('warn_housing_danger', '住房安全问题', 'Unsafe housing', [cite('S42')], (x) =>
  x.any(pHousingDanger),
)
export const warnWaterIssue = screen('warn_water_issue', '饮水安全问题', 'Drinking-water problem', [cite('S41')], (x) =>
  x.any(pWaterOutage),
)
export const warnDisabilityNew = screen(
  'warn_disability_new',
  '新增残疾或重度残疾',
  'New or severe disability',
  S40,
  (x) => x.any(pDisabilityNew),
)
export const warnCaChange = screen('warn_ca_change', '民政救助状态变化', 'Civil-affairs assistance change', S40, (x) =>
  x.any(pCaChange),
)
export const warnDisasterLoss = screen('warn_disaster_loss', '灾害损失', 'Disaster loss', [cite('S67')], (x) =>
  x.any(pDisasterLoss),
)
export const warnPoliceAccident = screen('warn_police_accident', '意外事故伤亡', 'Accident casualty', S40, (x) =>
  x.any(pPoliceAccident),
)
export const warnPoliceHukou = screen(
  'warn_police_hukou',
  '户籍变动',
  'Household-registration change',
  [assumption('domain.md §8.2 POLICE_HUKOU.')],
  (x) => x.any(pPoliceHukou),
)
export const warnHrssUnemployed = screen(
  'warn_hrss_unemployed',
  '脱贫/监测劳动力失业或欠薪',
  'Unemployment of 脱贫/monitored labour',
  [assumption('domain.md §8.2 HRSS_UNEMPLOYED.')],
  (x) => x.and(x.v(ewTuopinOrMonitored), x.any(pHrssUnemployed)),
)
export const warnAgriLoss = screen(
  'warn_agri_industry_loss',
  '产业项目失败或损失',
  'Industry failure or loss',
  [assumption('domain.md §8.2 AGRI_INDUSTRY_LOSS.')],
  (x) => x.any(pAgriLoss),
)
export const warnAssetMismatch = screen(
  'warn_asset_mismatch',
  '财产状况与救助身份不符（需复核）',
  'Assets inconsistent with assistance status (review)',
  [cite('S56', undefined, 'LOCAL')],
  (x) => x.any(pAssetMismatch),
)
export const warnIncomeDrop = screen(
  'warn_income_drop',
  '收入大幅缩减或低于监测范围',
  'Income fell sharply or is below the monitoring threshold',
  [assumption('domain.md §8.2 INCOME_DROP (SUDDEN_DROP_RATIO).')],
  (x) =>
    x.or(
      x.and(
        x.gt(x.v(ewPcnPrevious), 0),
        x.ge(
          x.sub(x.v(ewPcnPrevious), x.v(ewPcnLatest)),
          x.mul(x.v(ewPcnPrevious), x.p('monitoring.sudden_drop_ratio')),
        ),
      ),
      x.and(x.not(x.v(ewMonitored)), x.gt(x.v(ewPcnLatest), 0), x.lt(x.v(ewPcnLatest), x.p('monitoring.threshold'))),
    ),
)

/** A rule of §8.2 as the screening uses it. */
export interface WarningRule {
  /** Rule code of domain.md §8.2. */
  code: string
  /** Source department key (the feed it reads; INTERNAL = the registry). */
  source: string
  /** Household screen variable. */
  screen: string
  /** Person trigger variable (absent for household-level rules). */
  trigger?: string
  /** Person input whose value is shown as evidence. */
  valueInput?: string
  /** Parameter paths multiplied together to give the threshold shown with the value. */
  threshold?: readonly string[]
  severity: 'HIGH' | 'MEDIUM' | 'LOW'
}

/** The catalogue in screen-bit order. */
export const WARNING_RULES: readonly WarningRule[] = [
  {
    code: 'MED_HIGH_OOP_LOWINC',
    source: 'MEDICAL',
    screen: 'warn_med_high_oop_lowinc',
    trigger: 'ew_p_med_high_oop_lowinc',
    valueInput: 'ew_med_oop',
    threshold: ['warnings.med_high_oop_lowinc'],
    severity: 'HIGH',
  },
  {
    code: 'MED_HIGH_OOP_GENERAL',
    source: 'MEDICAL',
    screen: 'warn_med_high_oop_general',
    trigger: 'ew_p_med_high_oop_general',
    valueInput: 'ew_med_oop',
    threshold: ['warnings.med_high_oop_general'],
    severity: 'HIGH',
  },
  {
    code: 'MED_OOP_RATIO_TUOPIN',
    source: 'MEDICAL',
    screen: 'warn_med_oop_ratio_tuopin',
    trigger: 'ew_p_med_oop_ratio_tuopin',
    valueInput: 'ew_med_oop',
    threshold: ['warnings.rural_disposable_income_prev', 'warnings.med_oop_ratio_tuopin'],
    severity: 'HIGH',
  },
  {
    code: 'MED_OOP_RATIO_GENERAL',
    source: 'MEDICAL',
    screen: 'warn_med_oop_ratio_general',
    trigger: 'ew_p_med_oop_ratio_general',
    valueInput: 'ew_med_oop',
    threshold: ['warnings.rural_disposable_income_prev', 'warnings.med_oop_ratio_general'],
    severity: 'MEDIUM',
  },
  {
    code: 'MED_OOP_ABS_ALL',
    source: 'MEDICAL',
    screen: 'warn_med_oop_abs_all',
    trigger: 'ew_p_med_oop_abs_all',
    valueInput: 'ew_med_oop',
    threshold: ['warnings.med_oop_abs_all'],
    severity: 'MEDIUM',
  },
  {
    code: 'EDU_DROPOUT',
    source: 'EDUCATION',
    screen: 'warn_edu_dropout',
    trigger: 'ew_p_edu_dropout',
    valueInput: 'ew_edu_dropout',
    severity: 'HIGH',
  },
  {
    code: 'EDU_HIGH_COST',
    source: 'EDUCATION',
    screen: 'warn_edu_high_cost',
    trigger: 'ew_p_edu_high_cost',
    valueInput: 'ew_edu_noncompulsory',
    severity: 'LOW',
  },
  {
    code: 'HOUSING_DANGER',
    source: 'HOUSING',
    screen: 'warn_housing_danger',
    trigger: 'ew_p_housing_danger',
    valueInput: 'ew_housing_danger',
    severity: 'HIGH',
  },
  {
    code: 'WATER_ISSUE',
    source: 'WATER',
    screen: 'warn_water_issue',
    trigger: 'ew_p_water_issue',
    valueInput: 'ew_water_outage_days',
    threshold: ['water.max_outage_days'],
    severity: 'MEDIUM',
  },
  {
    code: 'DISABILITY_NEW',
    source: 'DISABILITY',
    screen: 'warn_disability_new',
    trigger: 'ew_p_disability_new',
    valueInput: 'ew_disability_upgrade_level',
    severity: 'MEDIUM',
  },
  {
    code: 'CA_NEW_DIBAO_TEKUN',
    source: 'CIVIL_AFFAIRS',
    screen: 'warn_ca_change',
    trigger: 'ew_p_ca_change',
    valueInput: 'ew_ca_change',
    severity: 'MEDIUM',
  },
  {
    code: 'DISASTER_LOSS',
    source: 'EMERGENCY',
    screen: 'warn_disaster_loss',
    trigger: 'ew_p_disaster_loss',
    valueInput: 'ew_disaster_loss',
    severity: 'HIGH',
  },
  {
    code: 'POLICE_ACCIDENT',
    source: 'POLICE',
    screen: 'warn_police_accident',
    trigger: 'ew_p_police_accident',
    valueInput: 'ew_police_accident',
    severity: 'HIGH',
  },
  {
    code: 'POLICE_HUKOU',
    source: 'POLICE',
    screen: 'warn_police_hukou',
    trigger: 'ew_p_police_hukou',
    valueInput: 'ew_police_hukou',
    severity: 'LOW',
  },
  {
    code: 'HRSS_UNEMPLOYED',
    source: 'HRSS',
    screen: 'warn_hrss_unemployed',
    trigger: 'ew_p_hrss_unemployed',
    valueInput: 'ew_hrss_unemployed',
    severity: 'MEDIUM',
  },
  {
    code: 'AGRI_INDUSTRY_LOSS',
    source: 'AGRICULTURE',
    screen: 'warn_agri_industry_loss',
    trigger: 'ew_p_agri_loss',
    valueInput: 'ew_agri_loss',
    severity: 'MEDIUM',
  },
  {
    code: 'ASSET_MISMATCH',
    source: 'ASSETS',
    screen: 'warn_asset_mismatch',
    trigger: 'ew_p_asset_mismatch',
    valueInput: 'ew_asset_acquired',
    severity: 'LOW',
  },
  {
    code: 'INCOME_DROP',
    source: 'INTERNAL',
    screen: 'warn_income_drop',
    threshold: ['monitoring.sudden_drop_ratio'],
    severity: 'MEDIUM',
  },
]
