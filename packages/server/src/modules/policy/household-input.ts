/**
 * A registry household as the rules engine's input: its current members, and its income assessments either as the
 * latest one or as a month-by-month history (each month takes the latest assessment whose period ended by then), so
 * rules that look back over months (e.g. `income_stable_months` for risk elimination, domain.md §6.3) see how the
 * income developed.
 *
 * Shared by the modules that run the engine on a registry household (the approach of applications/engine.ts, made
 * reusable). Assumption (as there): the assessment records wage items per household, so they are given to the head.
 */
import { buildPolicyModel, type HouseholdInput, type MemberInput, type Model, type Role } from '@xianjie/rules'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'

type Db = Kysely<Database> | Transaction<Database>

/** Assessment item code (households/codes.ts) → engine input; person items go to the head. */
export const ASSESSMENT_ITEMS: Record<string, { name: string; person?: true }> = {
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
  // 其他转移性收入 of domain.md §5.3 without an engine item of their own: counted in net income; for 低保 the
  // assistance-type and reward-type ones are not counted (dibao_counted_income), support payments and pay-outs are.
  farmland_subsidy: { name: 'transfer_other' }, // 耕地地力保护补贴
  alimony: { name: 'transfer_other' }, // 赡养费
  poverty_insurance_payout: { name: 'transfer_other' }, // 防贫保险赔付
  disability_allowance: { name: 'transfer_assistance' }, // 残疾人两项补贴
  disaster_relief: { name: 'transfer_assistance' }, // 救灾款
  education_support: { name: 'transfer_rewards' }, // 教育扶持（学生资助、雨露计划）
  crops_cost: { name: 'cost_crop' },
  livestock_cost: { name: 'cost_livestock' },
  forestry_fruit_cost: { name: 'cost_forestry' },
  other_cost: { name: 'cost_other' },
}

export const RELATION_ROLE: Record<string, Role> = {
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
/**
 * The registry's 在校生状况 codes → the engine's: the registry distinguishes a pre-school-age child not enrolled and a
 * drop-out (both out of school for the engine) and names senior and vocational secondary school differently.
 */
export const SCHOOL_STATUS_ENGINE: Record<string, string> = {
  PRESCHOOL_AGE: 'NOT_IN_SCHOOL',
  DROPOUT: 'NOT_IN_SCHOOL',
  SENIOR: 'SENIOR_HIGH',
  VOCATIONAL: 'SECONDARY_VOCATIONAL',
}
/** 残疾类别 codes 1–7 of the second-generation disability card. */
const DISABILITY = ['NONE', 'VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE']

let model: Model | undefined
/** The policy model, built once per process. */
export const policyModel = (): Model => {
  model ??= buildPolicyModel()
  return model
}

export interface HouseholdInputOptions {
  /** The single-person (单人户) applicant: flagged on the member and on the household. */
  applicantPersonId?: string | null
  /** Person id → engine inputs established by an investigation (e.g. supporter_status, support_mode, cannot_eat …). */
  persons?: Record<string, Record<string, unknown>>
  /** Month-by-month income history for the months `from`..`to` (YYYY-MM) instead of the latest assessment. */
  history?: { from: string; to: string }
  /** Extra household-level inputs (e.g. case facts established by the cadre). */
  extra?: Record<string, unknown>
  /** Assessment items (fen) to use instead of the recorded assessments (e.g. a new assessment being recorded). */
  items?: Record<string, number>
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let y = Number(from.slice(0, 4))
  let m = Number(from.slice(5, 7))
  const end = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7))
  while (y * 12 + m <= end) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m += 1
    if (m > 12) {
      m = 1
      y += 1
    }
  }
  return out
}

/** Reads the household (current members; latest assessment or month-by-month history) into the engine's input. */
export async function householdEngineInput(
  db: Db,
  householdId: string,
  opts: HouseholdInputOptions = {},
): Promise<HouseholdInput> {
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
  const assessments = await db
    .selectFrom('income_assessment')
    .select(['items', 'period_end'])
    .where('household_id', '=', householdId)
    .orderBy('period_end')
    .orderBy('created_at')
    .execute()
  const hh: Record<string, unknown> = {
    id: h.id,
    region: h.region_code,
    household_type: h.household_type === 'TUOPIN' ? 'TUOPIN' : 'GENERAL',
    area: 'RURAL',
    ...opts.extra,
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
    if (p.school_status) m.school_status = SCHOOL_STATUS_ENGINE[p.school_status] ?? p.school_status
    if (p.disability_level) m.disability_level = p.disability_level
    if (p.disability_category) m.disability_category = DISABILITY[p.disability_category] ?? 'NONE'
    if (opts.applicantPersonId && p.id === opts.applicantPersonId) m.dibao_applicant = true
    Object.assign(m, opts.persons?.[p.id])
    return m
  })
  const head = ms.find((m) => m.role === 'head') ?? ms[0]
  const add = (
    items: Record<string, number>,
    put: (target: Record<string, unknown>, name: string, fen: number) => void,
  ) => {
    for (const [code, fen] of Object.entries(items)) {
      const to = ASSESSMENT_ITEMS[code]
      if (!to || !fen) continue
      if (to.person) {
        if (head) put(head, to.name, fen)
      } else put(hh, to.name, fen)
    }
  }
  const itemsOf = (a: { items: unknown }) => (a.items as Record<string, number> | null) ?? {}
  if (opts.items) {
    add(opts.items, (t, n, fen) => (t[n] = ((t[n] as number | undefined) ?? 0) + fen))
  } else if (!opts.history) {
    const latest = assessments.at(-1)
    if (latest) add(itemsOf(latest), (t, n, fen) => (t[n] = ((t[n] as number | undefined) ?? 0) + fen))
  } else {
    for (const month of monthsBetween(opts.history.from, opts.history.to)) {
      const monthEnd = `${month}-31`
      const inEffect = assessments.filter((a) => String(a.period_end) <= monthEnd).at(-1)
      if (!inEffect) continue
      add(itemsOf(inEffect), (t, n, fen) => {
        const series = (t[n] as Record<string, number> | undefined) ?? {}
        series[month] = (series[month] ?? 0) + fen
        t[n] = series
      })
    }
  }
  if (opts.applicantPersonId) hh.dibao_single_application = true
  hh.members = ms
  return hh as unknown as HouseholdInput
}
