/**
 * The rules engine run on a registry household for an application: the household's members and its latest income
 * assessment become the engine's inputs, the 低保 / 特困 outputs are evaluated with a full trace, and a compact
 * explanation (variable, value, rule case fired, parameters with their citations) is kept on the case so the
 * investigation shows the engine's counted income, eligibility and benefit with their reasons.
 *
 * Assumption: the assessment records wage items per household, so they are given to the head (the employment-cost
 * deduction then counts the head's wage only).
 */
import {
  buildPolicyModel,
  type HouseholdInput,
  type MemberInput,
  type Model,
  type Role,
  type TraceNode,
} from '@xianjie/rules'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { parametersAt } from '../policy/parameters.service.ts'

type Db = Kysely<Database> | Transaction<Database>

let model: Model | undefined
export const policyModel = (): Model => {
  model ??= buildPolicyModel()
  return model
}

/** Assessment item code (households/codes.ts) → engine input; person items go to the head. */
const ITEMS: Record<string, { name: string; person?: true }> = {
  migrant_work: { name: 'wage_migrant', person: true },
  dept_public_post: { name: 'wage_post_sector', person: true },
  township_public_post: { name: 'wage_post_township', person: true },
  village_public_post: { name: 'wage_post_village', person: true },
  other_wage: { name: 'wage_other', person: true },
  pension: { name: 'pension_basic_resident', person: true },
  crops: { name: 'business_crop' },
  livestock: { name: 'business_livestock' },
  forestry_fruit: { name: 'business_forestry' },
  other_business: { name: 'business_other' },
  asset_dividend: { name: 'property_asset_dividend' },
  land_rent: { name: 'property_land_rent' },
  financial_dividend: { name: 'property_financial' },
  contract_farming: { name: 'property_proxy_farming' },
  interest: { name: 'property_interest' },
  other_property: { name: 'property_other' },
  family_planning: { name: 'transfer_family_planning' },
  dibao: { name: 'transfer_dibao' },
  tekun: { name: 'transfer_tekun' },
  eco_compensation: { name: 'transfer_eco' },
  elderly_allowance: { name: 'transfer_elderly' },
  social_relief: { name: 'transfer_assistance' },
  other_transfer: { name: 'transfer_other' },
  crops_cost: { name: 'cost_crop' },
  livestock_cost: { name: 'cost_livestock' },
  forestry_fruit_cost: { name: 'cost_forestry' },
  other_cost: { name: 'cost_other' },
}

const RELATION_ROLE: Record<string, Role> = {
  HEAD: 'head',
  SPOUSE: 'spouse',
  SON: 'child',
  DAUGHTER: 'child',
  DAUGHTER_IN_LAW: 'child',
  SON_IN_LAW: 'child',
  GRANDSON: 'grandchild',
  GRANDDAUGHTER: 'grandchild',
  MATERNAL_GRANDSON: 'grandchild',
  MATERNAL_GRANDDAUGHTER: 'grandchild',
  FATHER: 'parent',
  MOTHER: 'parent',
}
/** 残疾类别 codes 1–7 of the second-generation disability card. */
const DISABILITY = ['NONE', 'VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE']

export const DIBAO_OUTPUTS = [
  'dibao_standard',
  'dibao_monthly_income',
  'dibao_per_capita_income',
  'dibao_eligible',
  'dibao_benefit',
] as const
export const SINGLE_OUTPUTS = ['marginal_income_test', 'dibao_applicant_income'] as const
export const TEKUN_OUTPUTS = [
  'tekun_eligible',
  'self_care_level',
  'care_tier',
  'tekun_basic_standard',
  'tekun_care_standard',
  'tekun_monthly',
] as const

export interface Explanation {
  variable: string
  label: string
  labelEn: string
  value: unknown
  depth: number
  /** The value is money in fen. */
  money?: true
  rule?: string
  params?: string[]
}

/** Engine options: the single-person applicant and per-person inputs established by the investigation. */
export interface EngineOptions {
  applicantPersonId?: string | null
  /** Person id → engine inputs (e.g. supporter_status, support_mode, cannot_eat …). */
  persons?: Record<string, Record<string, unknown>>
}

export interface EngineResult {
  period: string
  outputs: Record<string, unknown>
  explanation: Explanation[]
  modelVersion: string
  paramDigest: string
  errors: string[]
}

/** Reads the household (current members, latest assessment) into the engine's input. */
export async function householdInput(db: Db, householdId: string, opts: EngineOptions = {}): Promise<HouseholdInput> {
  const h = await db
    .selectFrom('household')
    .select(['id', 'region_code', 'household_type'])
    .where('id', '=', householdId)
    .executeTakeFirst()
  if (!h) throw new AppError('NOT_FOUND', { what: '农户', whatEn: 'The household' })
  const members = await db
    .selectFrom('person')
    .selectAll()
    .where('household_id', '=', householdId)
    .where('status', '=', 'ACTIVE')
    .orderBy('birth_date')
    .execute()
  const a = await db
    .selectFrom('income_assessment')
    .select(['items'])
    .where('household_id', '=', householdId)
    .orderBy('period_end', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  const hh: Record<string, unknown> = {
    id: h.id,
    region: h.region_code,
    household_type: h.household_type === 'TUOPIN' ? 'TUOPIN' : 'GENERAL',
    area: 'RURAL',
  }
  const ms: MemberInput[] = members.map((p) => {
    const m: MemberInput = {
      id: p.id,
      role: RELATION_ROLE[p.relation_to_head] ?? 'other',
      birth_date: p.birth_date,
      sex: p.gender === 2 ? 'FEMALE' : 'MALE',
      health: p.health,
      labour_skill: p.labour_skill,
    }
    if (p.school_status) m.school_status = p.school_status
    if (p.disability_level) m.disability_level = p.disability_level
    if (p.disability_category) m.disability_category = DISABILITY[p.disability_category] ?? 'NONE'
    if (opts.applicantPersonId && p.id === opts.applicantPersonId) m.dibao_applicant = true
    Object.assign(m, opts.persons?.[p.id])
    return m
  })
  const head = ms.find((m) => m.role === 'head') ?? ms[0]
  for (const [code, fen] of Object.entries((a?.items as Record<string, number> | undefined) ?? {})) {
    const to = ITEMS[code]
    if (!to || !fen) continue
    if (to.person) {
      if (head) head[to.name] = ((head[to.name] as number | undefined) ?? 0) + fen
    } else hh[to.name] = ((hh[to.name] as number | undefined) ?? 0) + fen
  }
  if (opts.applicantPersonId) hh.dibao_single_application = true
  hh.members = ms
  return hh as unknown as HouseholdInput
}

/** Evaluates `outputs` for the household on `date` with a full trace, kept as a compact explanation. */
export async function runEngine(
  db: Db,
  householdId: string,
  date: string,
  outputs: readonly string[],
  opts: EngineOptions = {},
): Promise<EngineResult> {
  const { input: _input, ...result } = await runEngineWithInput(db, householdId, date, outputs, opts)
  return result
}

/**
 * The same run, also returning the engine's input (kept on the programme decision only, not on the case, since it
 * carries health and disability facts).
 */
export async function runEngineWithInput(
  db: Db,
  householdId: string,
  date: string,
  outputs: readonly string[],
  opts: EngineOptions = {},
): Promise<EngineResult & { input: HouseholdInput }> {
  const m = policyModel()
  const input = await householdInput(db, householdId, opts)
  const period = date.slice(0, 7)
  const d = m.evaluate(input, { period, outputs: [...outputs], snapshot: parametersAt(date), trace: 'full' })
  const explanation: Explanation[] = []
  const seen = new Set<string>()
  // Every output gets its line and an equal share of the lines for its reasons.
  const roots = d.trace ?? []
  const share = Math.max(6, Math.floor(80 / Math.max(1, roots.length)))
  let budget = 0
  const visit = (n: TraceNode, depth: number) => {
    const key = `${n.variable}@${n.entity}`
    if (seen.has(key) || depth > 3 || (depth > 0 && budget <= 0)) return
    budget--
    seen.add(key)
    const v = m.variable(n.variable)
    const e: Explanation = { variable: n.variable, label: v.label.zh, labelEn: v.label.en, value: n.value, depth }
    if (v.valueType === 'money') e.money = true
    if (n.caseFired) e.rule = n.caseFired.label
    if (n.params?.length) {
      e.params = n.params.map(
        (p) =>
          `${p.path} = ${p.value}（${p.legal.map((l) => `${l.title}${l.status ? ` [${l.status}]` : ''}`).join('；')}）`,
      )
    }
    explanation.push(e)
    for (const c of n.children) visit(c, depth + 1)
  }
  for (const t of roots) {
    budget = share
    visit(t, 0)
  }
  return {
    input,
    period,
    outputs: d.outputs,
    explanation,
    modelVersion: d.modelVersion,
    paramDigest: d.paramDigest,
    errors: d.errors.map((e) => `${e.variable}: ${e.labels.join(' / ')}`),
  }
}
