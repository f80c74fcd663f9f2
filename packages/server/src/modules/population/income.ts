/**
 * Income over the 12-month assessment window (domain.md §5.3), built bottom-up from the household: wages of migrant
 * and local workers, public posts, crops and livestock, property income, transfers (pension, subsidies, 低保, 特困),
 * and the rigid spending that gives the reference income. Amounts are drawn in yuan and stored as integer fen.
 */
import { incomeItems } from '../households/codes.ts'
import type { PersonTraits } from './person.ts'
import { DIBAO_STANDARD_YUAN, TEKUN_SUPPORT_YUAN } from './profile.ts'
import type { Rng } from './random.ts'

export interface IncomeMember {
  age: number
  traits: PersonTraits
}

export interface IncomeInput {
  members: IncomeMember[]
  formerlyPoor: boolean
  land: Record<string, number>
}

export interface IncomeResult {
  /** Every sub-item of `incomeItems`, in fen. */
  items: Record<string, number>
  wage: number
  business: number
  property: number
  transfer: number
  businessCosts: number
  claimIncome: number
  compliantSelfPaid: number
  netIncome: number
  householdSize: number
  perCapitaNet: number
  referenceIncome: number
  perCapitaReference: number
  dibao: boolean
  tekun: boolean
}

const fen = (yuan: number) => Math.max(0, Math.round(yuan * 100))

export function assessIncome(rng: Rng, h: IncomeInput): IncomeResult {
  const y: Record<string, number> = {}
  for (const group of Object.values(incomeItems)) for (const item of group) y[item] = 0
  const add = (item: string, yuan: number) => {
    y[item] = (y[item] ?? 0) + yuan
  }
  const size = h.members.length
  let elderly = 0
  let students = 0
  let severe = 0
  let sick = 0
  let chronic = 0
  for (const m of h.members) {
    const t = m.traits
    if (t.monthlyWage > 0 && t.workMonths) add('migrant_work', t.monthlyWage * t.workMonths)
    if (t.workStatus === 'PUBLIC_POST') {
      // 村级公益岗 ≈ 500–800 yuan/month; some 乡镇 posts and 生态护林员 (≈ 10,000/year). ASSUMPTION.
      const x = rng.next()
      if (x < 0.7) add('village_public_post', rng.int(500, 800) * 12)
      else if (x < 0.9) add('township_public_post', rng.int(900, 1500) * 12)
      else add('dept_public_post', 10_000)
    }
    if (m.age >= 60) {
      elderly++
      // 城乡居民基础养老金, 甘肃 ≈ 123–160 yuan/month plus personal account (ASSUMPTION).
      add('pension', rng.int(125, 210) * 12)
      if (rng.chance(0.08)) add('family_planning', 960) // 农村部分计划生育家庭奖励扶助
      if (m.age >= 80) add('elderly_allowance', rng.int(50, 150) * 12) // 高龄补贴 (ASSUMPTION)
    }
    if (t.disability) {
      if (t.disability.level <= 2) add('disability_allowance', 100 * 12) // 重度残疾人护理补贴
      if (h.formerlyPoor || rng.chance(0.4)) add('disability_allowance', 100 * 12) // 困难残疾人生活补贴
      if (t.disability.level <= 2) severe++
    }
    if (t.health === 'SERIOUS_ILLNESS' || t.health === 'SERIOUS_ILLNESS_AND_DISABLED') sick++
    if (t.health === 'CHRONIC') chronic++
    if (['SENIOR', 'VOCATIONAL', 'HIGHER_VOCATIONAL', 'BACHELOR'].includes(t.schoolStatus)) {
      students++
      // 雨露计划 (3,000/year for vocational and college students of 脱贫 households), 国家助学金 (≈ 2,000).
      if (h.formerlyPoor && t.schoolStatus !== 'SENIOR') add('education_support', 3000)
      else if (rng.chance(0.3)) add('education_support', 2000)
    }
  }
  if (rng.chance(0.05)) add('other_wage', rng.logNormal(3000, 0.6))

  // Farming: arid loess hills, potatoes, wheat, maize; gross yield value 300–700 yuan/mu, costs ≈ 45 % (ASSUMPTION).
  const cultivated = h.land.cultivated ?? 0
  const crops = cultivated * (300 + rng.next() * 400)
  add('crops', crops)
  add('crops_cost', crops * (0.35 + rng.next() * 0.2))
  // Sheep and cattle (东乡 手抓羊): about half the households sell animals; only the sold part counts [S51].
  if (rng.chance(0.5)) {
    const sold = rng.logNormal(9000, 0.8)
    add('livestock', sold)
    add('livestock_cost', sold * (0.5 + rng.next() * 0.2))
  }
  if (rng.chance(0.1)) {
    const fruit = rng.int(500, 3000)
    add('forestry_fruit', fruit)
    add('forestry_fruit_cost', fruit * 0.3)
  }
  if (rng.chance(0.07)) {
    const shop = rng.logNormal(15_000, 0.7) // small shop, transport, 拉面 stall
    add('other_business', shop)
    add('other_cost', shop * (0.4 + rng.next() * 0.2))
  }

  if (h.formerlyPoor && rng.chance(0.6)) add('asset_dividend', rng.int(300, 1500)) // 光伏/入股 资产收益
  if (rng.chance(0.15)) add('land_rent', rng.int(1, 5) * rng.int(150, 400))
  if (rng.chance(0.03)) add('financial_dividend', rng.int(200, 2000))
  if (rng.chance(0.02)) add('contract_farming', rng.int(1000, 5000))
  if (rng.chance(0.2)) add('interest', rng.int(10, 300))
  if (rng.chance(0.01)) add('other_property', rng.int(100, 2000))

  add('farmland_subsidy', cultivated * rng.int(75, 110)) // 耕地地力保护补贴 per mu (ASSUMPTION)
  if ((h.land.grainToGreen ?? 0) > 0) add('eco_compensation', (h.land.grainToGreen ?? 0) * rng.int(90, 125))
  if (rng.chance(0.01)) add('disaster_relief', rng.int(500, 3000))
  if (elderly > 0 && elderly === size && rng.chance(0.4)) add('alimony', rng.int(1000, 4000)) // 赡养费 from children
  if (rng.chance(0.02)) add('social_relief', rng.int(500, 2000))
  if (rng.chance(0.01)) add('poverty_insurance_payout', rng.int(2000, 10_000))
  if (rng.chance(0.1)) add('other_transfer', rng.int(100, 800))

  // 低保 and 特困: judged on income before the benefit (ASSUMPTION model of targeting, imperfect on purpose).
  const sum = (items: readonly string[]) => items.reduce((s, i) => s + (y[i] ?? 0), 0)
  const preNet =
    sum(incomeItems.wage) +
    sum(incomeItems.business) +
    sum(incomeItems.property) +
    sum(incomeItems.transfer) -
    sum(incomeItems.business_costs)
  const noLabour = h.members.every((m) => ['LOST', 'NONE'].includes(m.traits.labourSkill))
  const tekun = size === 1 && noLabour && (h.members[0]?.age ?? 0) >= 60 && rng.chance(0.6)
  const poor = preNet / size < DIBAO_STANDARD_YUAN
  const dibao = !tekun && ((poor && rng.chance(noLabour || severe > 0 ? 0.7 : 0.3)) || rng.chance(0.015))
  if (tekun) add('tekun', TEKUN_SUPPORT_YUAN)
  if (dibao) {
    // Paid as a share of the standard by class (甘肃 classified 低保, ASSUMPTION 40–90 %).
    add('dibao', size * DIBAO_STANDARD_YUAN * (0.4 + rng.next() * 0.5))
  }

  const items: Record<string, number> = {}
  for (const [k, v] of Object.entries(y)) items[k] = fen(v)
  const total = (group: readonly string[]) => group.reduce((s, i) => s + (items[i] ?? 0), 0)
  const wage = total(incomeItems.wage)
  const business = total(incomeItems.business)
  const property = total(incomeItems.property)
  const transfer = total(incomeItems.transfer)
  const businessCosts = total(incomeItems.business_costs)
  const netIncome = wage + business + property + transfer - businessCosts
  // 理赔收入 and 合规自付支出: medical bills after reimbursement, schooling (ASSUMPTION amounts).
  const claimIncome = sick > 0 && rng.chance(0.5) ? fen(rng.logNormal(8000, 0.7)) : rng.chance(0.02) ? fen(2000) : 0
  let selfPaid = 0
  for (let i = 0; i < sick; i++) selfPaid += rng.logNormal(12_000, 0.8)
  for (let i = 0; i < chronic; i++) selfPaid += rng.logNormal(1200, 0.6)
  for (let i = 0; i < students; i++) selfPaid += rng.logNormal(3000, 0.5)
  const compliantSelfPaid = fen(selfPaid)
  const referenceIncome = netIncome + claimIncome - compliantSelfPaid
  return {
    items,
    wage,
    business,
    property,
    transfer,
    businessCosts,
    claimIncome,
    compliantSelfPaid,
    netIncome,
    householdSize: size,
    perCapitaNet: Math.round(netIncome / size),
    referenceIncome,
    perCapitaReference: Math.round(referenceIncome / size),
    dibao,
    tekun,
  }
}
