/**
 * Income assessment (收支情况, domain.md §5.3). Amounts are the totals the assessment records for its window, the
 * INCOME_PERIOD_MONTHS months before the assessment month (national form: yuan per 12 months [S8][S12]); the
 * variable's month is the assessment month. Money is integer fen.
 */
import type { HouseholdX } from '../../engine/builder.ts'
import type { Expr } from '../../engine/ir.ts'
import type { Variable } from '../../engine/model.ts'
import { isActive } from '../common/variables.ts'
import { input, rule } from '../define.ts'
import { assumption, cite } from '../legal.ts'

const S8 = [cite('S8', '收支情况')]
const S51 = [cite('S51', undefined, 'LOCAL')]
const WINDOW = 'fen/window'
const ROUND_FEN = [assumption('Per-capita amounts are rounded half up to the fen (integer money in the engine).')]

type Money<E extends 'person' | 'household'> = Variable<'money', E>
const item = <E extends 'person' | 'household'>(name: string, entity: E, zh: string, en: string): Money<E> =>
  input(name, entity, 'money', 'month', { zh, en, legal: S8, unit: WINDOW, default: 0 })

// ---------- 工资性收入 (person) ----------
export const wageMigrant = item('wage_migrant', 'person', '务工收入', 'Migrant / local work earnings')
export const wagePostSector = item('wage_post_sector', 'person', '行业部门公益岗收入', 'Sector public-post pay')
export const wagePostTownship = item('wage_post_township', 'person', '乡镇公益岗收入', 'Township public-post pay')
export const wagePostVillage = item('wage_post_village', 'person', '村级公益岗收入', 'Village public-post pay')
export const wageOther = item('wage_other', 'person', '其他工资性收入', 'Other wage income')
/** 养老金 of the member: the 城乡居保 basic pension set by the centre/province. */
export const pensionBasicResident = item(
  'pension_basic_resident',
  'person',
  '城乡居保基础养老金',
  'Basic pension of the resident pension scheme',
)
export const pensionOther = item(
  'pension_other',
  'person',
  '其他养老金/离退休金',
  'Other pensions (personal account part, retirement pay)',
)
/** Months the member was ACTIVE in the window. */
export const monthsPresent = input('months_present', 'person', 'int', 'month', {
  zh: '收入期内在户月数',
  en: 'Months present in the income window',
  legal: [assumption('domain.md §5.3 年度家庭人口数: members present during the period.')],
  default: 12,
})

// ---------- household items ----------
export const businessCrop = item('business_crop', 'household', '种植业收入', 'Crop farming (gross)')
export const businessLivestock = item(
  'business_livestock',
  'household',
  '养殖业收入（仅出栏部分）',
  'Livestock (gross, sold part only)',
)
export const businessForestry = item('business_forestry', 'household', '林果业收入', 'Forestry and fruit (gross)')
export const businessOther = item('business_other', 'household', '其他生产经营收入', 'Other business (gross)')
export const propertyAssetDividend = item(
  'property_asset_dividend',
  'household',
  '资产收益扶贫分红',
  'Poverty-asset dividends',
)
export const propertyLandRent = item('property_land_rent', 'household', '土地流转租金', 'Land transfer rent')
export const propertyFinancial = item('property_financial', 'household', '金融/入股分红', 'Financial / share dividends')
export const propertyProxyFarming = item('property_proxy_farming', 'household', '代种代养收入', 'Proxy farming')
export const propertyInterest = item('property_interest', 'household', '利息', 'Interest')
export const propertyOther = item('property_other', 'household', '其他财产性收入', 'Other property income')
export const transferFamilyPlanning = item(
  'transfer_family_planning',
  'household',
  '计划生育金',
  'Family-planning rewards and support',
)
export const transferDibao = item('transfer_dibao', 'household', '低保金', '低保 benefit received')
export const transferTekun = item('transfer_tekun', 'household', '特困供养金', '特困 support received')
export const transferEco = item('transfer_eco', 'household', '生态补偿金', 'Ecological compensation')
export const transferSpecialCare = item('transfer_special_care', 'household', '优待抚恤金', 'Statutory special care')
export const transferRewards = item(
  'transfer_rewards',
  'household',
  '奖学金、见义勇为等奖励性补助',
  'Scholarships and other reward-type grants',
)
export const transferElderly = item('transfer_elderly', 'household', '高龄补贴', 'Old-age allowance')
export const transferAssistance = item(
  'transfer_assistance',
  'household',
  '社会救济、救灾款等救助金',
  'Other social-assistance money and goods',
)
export const transferOther = item(
  'transfer_other',
  'household',
  '其他经常性转移收入',
  'Other regular transfers (subsidies, support payments, insurance pay-outs…)',
)
export const oneOffGrants = item(
  'one_off_grants',
  'household',
  '一次性/专项补助（不计入）',
  'One-off or earmarked grants (relocation, housing renovation, condolence…) — not counted',
)
export const costCrop = item('cost_crop', 'household', '种植业支出', 'Crop farming costs')
export const costLivestock = item('cost_livestock', 'household', '养殖业支出', 'Livestock costs')
export const costForestry = item('cost_forestry', 'household', '林果业支出', 'Forestry and fruit costs')
export const costOther = item('cost_other', 'household', '其他生产经营支出', 'Other business costs')
export const claimIncome = item('claim_income', 'household', '家庭理赔收入', 'Insurance claim income')
export const compliantSelfPaid = item(
  'compliant_self_paid',
  'household',
  '合规自付支出',
  'Compliant self-paid rigid spending',
)

// ---------- person totals ----------
export const personWage = rule(
  'person_wage',
  'person',
  'money',
  'month',
  { zh: '个人工资性收入', en: 'Wage income of the member', legal: S8, unit: WINDOW },
  (x) => x.add(x.v(wageMigrant), x.v(wagePostSector), x.v(wagePostTownship), x.v(wagePostVillage), x.v(wageOther)),
)
export const personPension = rule(
  'person_pension',
  'person',
  'money',
  'month',
  { zh: '个人养老金收入', en: 'Pension income of the member', legal: S8, unit: WINDOW },
  (x) => x.add(x.v(pensionBasicResident), x.v(pensionOther)),
)
export const countsForIncomeSize = rule(
  'counts_for_income_size',
  'person',
  'bool',
  'month',
  {
    zh: '计入年度家庭人口',
    en: 'Counts in the household size for income',
    legal: [
      assumption(
        'domain.md §5.3: 年度家庭人口数 counts members ACTIVE at least INCOME_MEMBER_MIN_MONTHS of the window.',
      ),
    ],
  },
  (x) => x.and(x.v(isActive), x.ge(x.v(monthsPresent), x.p('income.member_min_months_present'))),
)

// ---------- groups ----------
export const wageIncome = rule(
  'wage_income',
  'household',
  'money',
  'month',
  { zh: '工资性收入', en: 'Wage income', legal: S8, unit: WINDOW },
  (x) => x.sum(personWage),
)
export const businessIncome = rule(
  'business_income',
  'household',
  'money',
  'month',
  { zh: '生产经营性收入', en: 'Business income (gross)', legal: [...S8, ...S51], unit: WINDOW },
  (x) => x.add(x.v(businessCrop), x.v(businessLivestock), x.v(businessForestry), x.v(businessOther)),
)
export const propertyIncome = rule(
  'property_income',
  'household',
  'money',
  'month',
  { zh: '财产性收入', en: 'Property income', legal: S8, unit: WINDOW },
  (x) =>
    x.add(
      x.v(propertyAssetDividend),
      x.v(propertyLandRent),
      x.v(propertyFinancial),
      x.v(propertyProxyFarming),
      x.v(propertyInterest),
      x.v(propertyOther),
    ),
)
export const transferIncome = rule(
  'transfer_income',
  'household',
  'money',
  'month',
  {
    zh: '转移性收入（不含一次性补助）',
    en: 'Transfer income (one-off grants excluded)',
    legal: [...S8, cite('S51', undefined, 'LOCAL', 'Temporary/earmarked government grants are excluded.')],
    unit: WINDOW,
  },
  (x) =>
    x.add(
      x.sum(personPension),
      x.v(transferFamilyPlanning),
      x.v(transferDibao),
      x.v(transferTekun),
      x.v(transferEco),
      x.v(transferSpecialCare),
      x.v(transferRewards),
      x.v(transferElderly),
      x.v(transferAssistance),
      x.v(transferOther),
    ),
)
export const businessCosts = rule(
  'business_costs',
  'household',
  'money',
  'month',
  { zh: '生产经营性支出', en: 'Business costs', legal: S8, unit: WINDOW },
  (x) => x.add(x.v(costCrop), x.v(costLivestock), x.v(costForestry), x.v(costOther)),
)
export const netIncome = rule(
  'net_income',
  'household',
  'money',
  'month',
  {
    zh: '家庭纯收入',
    en: 'Household net income',
    legal: [...S8, cite('S52')],
    unit: WINDOW,
  },
  (x) =>
    x.sub(x.add(x.v(wageIncome), x.v(businessIncome), x.v(propertyIncome), x.v(transferIncome)), x.v(businessCosts)),
)
export const incomeHouseholdSize = rule(
  'income_household_size',
  'household',
  'int',
  'month',
  {
    zh: '年度家庭人口数',
    en: 'Household size for income',
    legal: [assumption('domain.md §5.3: members ACTIVE ≥ INCOME_MEMBER_MIN_MONTHS of the window; at least 1.')],
  },
  (x) => x.max(x.sum<'int'>(countsForIncomeSize), 1),
)
const perCapitaYear = (x: HouseholdX, total: Expr<'money', 'household'>): Expr<'money', 'household'> =>
  x.round(
    x.div(x.mul(total, 12), x.mul(x.v(incomeHouseholdSize), x.p('monitoring.income_period_months'))),
    'half_up',
    1,
    ROUND_FEN,
  )
export const perCapitaNet = rule(
  'per_capita_net',
  'household',
  'money',
  'month',
  {
    zh: '人均纯收入（元/人/年）',
    en: 'Per-capita net income per year',
    legal: [...S8, cite('S12', undefined, 'LOCAL', 'Window: the 12 months before the declaration month.')],
    unit: 'fen/person/year',
  },
  (x) => perCapitaYear(x, x.v(netIncome)),
)
export const referenceIncome = rule(
  'reference_income',
  'household',
  'money',
  'month',
  {
    zh: '纳入监测对象的收入参考范围',
    en: 'Reference income (net + claims − compliant self-paid spending)',
    legal: [
      ...S8,
      cite('S53', undefined, 'LOCAL'),
      assumption('domain.md §5.3 / §15.3: exact national formula not found.'),
    ],
    unit: WINDOW,
  },
  (x) => x.sub(x.add(x.v(netIncome), x.v(claimIncome)), x.v(compliantSelfPaid)),
)
export const perCapitaReference = rule(
  'per_capita_reference',
  'household',
  'money',
  'month',
  {
    zh: '人均收入参考值（元/人/年）',
    en: 'Per-capita reference income per year',
    legal: [...S8, assumption('domain.md §5.3: referenceIncome / size.')],
    unit: 'fen/person/year',
  },
  (x) => perCapitaYear(x, x.v(referenceIncome)),
)
