/**
 * Recording a household's 收支核算 (income assessment, domain.md §5.3) and 两不愁三保障 + 饮水安全 check (§5.4): one
 * service for the registry form, the verification steps of identification and risk elimination (§7.1, §7.3) and the
 * helper's visit. Income items not given are taken from the latest recorded assessment (prefill); the totals, the
 * household size for income and the per-capita figures are computed by the rules engine, whose compact explanation
 * (with the parameters and their citations) is returned. The household gets a new version (its snapshot carries the
 * latest assessment and check, so the timeline shows the change) and an audit row, in the caller's transaction.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { type EngineResult, runEngine } from '../applications/engine.ts'
import type { Actor } from '../auth/actor.ts'
import { ASSESSMENT_ITEMS } from '../policy/household-input.ts'
import { type Text, text } from '../workflow/definition.ts'
import { latestAssessment, latestGuarantee } from './households.repository.ts'
import type { RecordAssessment, RecordGuaranteeCheck } from './households.schema.ts'
import { baseline, commitVersion, type HouseholdDeps, lockForEdit } from './households.service.ts'

type Db = Kysely<Database> | Transaction<Database>
const t = text

/** 处理类型 of an assessment (domain.md §5.3). */
export const ASSESSMENT_TYPES = [
  'IDENTIFICATION',
  'ELIMINATION',
  'ANNUAL',
  'REVIEW',
  'VISIT',
  'DIBAO',
  'TEKUN',
] as const
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number]

/** The engine outputs an assessment records. */
export const INCOME_OUTPUTS = [
  'net_income',
  'income_household_size',
  'per_capita_net',
  'reference_income',
  'per_capita_reference',
] as const

/** Labels of the items the engine counts (the keys of `ASSESSMENT_ITEMS`), for forms built on the server. */
export const ITEM_LABELS: Record<keyof typeof ASSESSMENT_ITEMS, Text> = {
  migrant_work: t('务工收入', 'Migrant work'),
  dept_public_post: t('行业部门公益岗收入', 'Department public-welfare post'),
  township_public_post: t('乡镇公益岗收入', 'Township public-welfare post'),
  village_public_post: t('村级公益岗收入', 'Village public-welfare post'),
  other_wage: t('其他工资性收入', 'Other wages'),
  pension: t('养老金/离退休金', 'Pension'),
  crops: t('种植业', 'Crops'),
  livestock: t('养殖业', 'Livestock'),
  forestry_fruit: t('林果业', 'Forestry and fruit'),
  other_business: t('其他生产经营', 'Other business'),
  asset_dividend: t('资产收益扶贫分红', 'Asset-income dividend'),
  land_rent: t('土地流转收入', 'Land rent'),
  financial_dividend: t('金融/入股分红', 'Financial / share dividend'),
  contract_farming: t('代种代养', 'Contract farming'),
  interest: t('利息', 'Interest'),
  other_property: t('其他财产性收入', 'Other property income'),
  family_planning: t('计划生育金', 'Family-planning grant'),
  dibao: t('低保金', 'Dibao benefit'),
  tekun: t('特困供养金', 'Extreme-poverty support'),
  eco_compensation: t('生态补偿金', 'Ecological compensation'),
  elderly_allowance: t('高龄补贴', 'Old-age allowance'),
  social_relief: t('社会救济', 'Social relief'),
  other_transfer: t('其他转移性收入', 'Other transfers'),
  farmland_subsidy: t('耕地地力补贴', 'Farmland fertility subsidy'),
  disability_allowance: t('残疾人两项补贴', 'Disability allowances'),
  education_support: t('教育扶持', 'Education support'),
  disaster_relief: t('救灾款', 'Disaster relief'),
  alimony: t('赡养费', 'Support from children'),
  poverty_insurance_payout: t('防贫保险赔付', 'Poverty-prevention insurance pay-out'),
  crops_cost: t('种植业支出', 'Crop costs'),
  livestock_cost: t('养殖业支出', 'Livestock costs'),
  forestry_fruit_cost: t('林果业支出', 'Forestry and fruit costs'),
  other_cost: t('其他生产经营支出', 'Other business costs'),
}

/** The five checks of §5.4, in the order of the national form. */
export const GUARANTEE_ITEMS = [
  { name: 'foodClothingOk', column: 'food_clothing_ok', label: t('不愁吃、不愁穿', 'Food and clothing') },
  {
    name: 'compulsoryEducationOk',
    column: 'compulsory_education_ok',
    label: t('义务教育有保障', 'Compulsory education'),
  },
  { name: 'medicalInsuranceOk', column: 'medical_insurance_ok', label: t('基本医疗有保障', 'Basic medical insurance') },
  { name: 'housingSafetyOk', column: 'housing_safety_ok', label: t('住房安全有保障', 'Safe housing') },
  { name: 'drinkingWaterOk', column: 'drinking_water_ok', label: t('饮水安全有保障', 'Safe drinking water') },
] as const

export interface GuaranteeInput {
  foodClothingOk: boolean
  compulsoryEducationOk: boolean
  medicalInsuranceOk: boolean
  housingSafetyOk: boolean
  drinkingWaterOk: boolean
  housingDamaged?: boolean
  waterFacilityDamaged?: boolean
  details?: Record<string, unknown>
}

export interface AssessmentInput {
  type: AssessmentType
  /** The assessment date: the window is the 12 months up to it. */
  date: string
  /** Item code → annual amount in fen; an item not given keeps the latest assessment's amount, null removes it. */
  items?: Partial<Record<string, number | null>>
  claimIncome?: number | null
  compliantSelfPaid?: number | null
  /** When given, a 三保障 + drinking-water check of the same date is recorded too. */
  guarantees?: GuaranteeInput
}

export interface AssessmentResult {
  assessmentId: string
  guaranteeCheckId: string | null
  version: number
  items: Record<string, number>
  netIncome: number
  householdSize: number
  /** fen per person per year */
  perCapitaNet: number
  referenceIncome: number
  perCapitaReference: number
  /** All five guarantees secured (null when no check was recorded). */
  guaranteesOk: boolean | null
  engine: EngineResult
}

const notFound = () => new AppError('NOT_FOUND', { what: '农户', whatEn: 'Household' })

/** The latest recorded assessment and 三保障 check (what a new one is prefilled from): the registry's own reads. */
export { latestAssessment, latestGuarantee }

/** All five guarantees secured. */
export const allSecured = (g: GuaranteeInput): boolean => GUARANTEE_ITEMS.every((x) => g[x.name])

function checkItems(items: AssessmentInput['items']) {
  const unknown = Object.keys(items ?? {}).filter((k) => !(k in ASSESSMENT_ITEMS))
  const bad = Object.entries(items ?? {}).filter(([, v]) => v != null && (!Number.isInteger(v) || v < 0))
  if (unknown.length || bad.length) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        ...unknown.map((k) => ({ field: `items.${k}`, message: '未知的收入项目', messageEn: 'unknown income item' })),
        ...bad.map(([k]) => ({
          field: `items.${k}`,
          message: '金额须为不小于 0 的整数（分）',
          messageEn: 'the amount must be a whole number of fen, 0 or more',
        })),
      ],
    })
  }
}

/** The window of an assessment dated `date`: the 12 months up to it (domain.md §5.3). */
function windowStart(date: string): string {
  const start = new Date(`${date}T00:00:00Z`)
  start.setUTCFullYear(start.getUTCFullYear() - 1)
  start.setUTCDate(start.getUTCDate() + 1)
  return start.toISOString().slice(0, 10)
}

async function lockHousehold(trx: Transaction<Database>, householdId: string) {
  const row = await trx.selectFrom('household').selectAll().where('id', '=', householdId).forUpdate().executeTakeFirst()
  if (!row) throw notFound()
  if (row.status !== 'ACTIVE') {
    throw new AppError('CONFLICT', { what: `该户状态为 ${row.status}`, whatEn: `household is ${row.status}` })
  }
  return row
}

async function insertGuarantee(
  trx: Transaction<Database>,
  deps: HouseholdDeps,
  actor: Actor,
  h: { id: string; county_code: string },
  date: string,
  g: GuaranteeInput,
): Promise<string> {
  const id = randomUUID()
  await trx
    .insertInto('guarantee_check')
    .values({
      id,
      household_id: h.id,
      county_code: h.county_code,
      checked_on: date,
      food_clothing_ok: g.foodClothingOk,
      compulsory_education_ok: g.compulsoryEducationOk,
      medical_insurance_ok: g.medicalInsuranceOk,
      housing_safety_ok: g.housingSafetyOk,
      drinking_water_ok: g.drinkingWaterOk,
      housing_damaged: g.housingDamaged ?? false,
      water_facility_damaged: g.waterFacilityDamaged ?? false,
      details: JSON.stringify(g.details ?? {}),
      created_at: deps.clock.now(),
      created_by: actor.userId,
    })
    .execute()
  return id
}

export interface AssessmentFigures {
  /** The items counted (fen): the latest assessment's, with the given ones over them. */
  items: Record<string, number>
  claimIncome: number
  compliantSelfPaid: number
  netIncome: number
  householdSize: number
  perCapitaNet: number
  referenceIncome: number
  perCapitaReference: number
  engine: EngineResult
}

/**
 * What an assessment of the household on `input.date` would record, without writing it: the items prefilled from the
 * latest assessment and the engine's figures with their explanation (guards check these before anything is written).
 */
export async function computeAssessment(
  db: Db,
  householdId: string,
  input: Pick<AssessmentInput, 'date' | 'items' | 'claimIncome' | 'compliantSelfPaid'>,
): Promise<AssessmentFigures> {
  checkItems(input.items)
  const latest = await latestAssessment(db, householdId)
  const items: Record<string, number> = {}
  const merged = { ...((latest?.items as Record<string, number> | undefined) ?? {}), ...input.items }
  // null removes an item; zeros recorded before are kept (so the version shows only real changes)
  for (const [k, v] of Object.entries(merged)) if (v !== null && v !== undefined) items[k] = v
  const claimIncome = input.claimIncome ?? Number(latest?.claim_income ?? 0)
  const compliantSelfPaid = input.compliantSelfPaid ?? Number(latest?.compliant_self_paid ?? 0)
  const engine = await runEngine(db, householdId, input.date, INCOME_OUTPUTS, {
    items,
    extra: { claim_income: claimIncome, compliant_self_paid: compliantSelfPaid },
  })
  const o = engine.outputs as Record<string, number | undefined>
  const fen = (v: unknown) => Math.round(Number(v ?? 0))
  return {
    items,
    claimIncome,
    compliantSelfPaid,
    netIncome: fen(o.net_income),
    householdSize: fen(o.income_household_size ?? 1),
    perCapitaNet: fen(o.per_capita_net),
    referenceIncome: fen(o.reference_income),
    perCapitaReference: fen(o.per_capita_reference),
    engine,
  }
}

/**
 * Records an income assessment (and, with `guarantees`, a 三保障 check) for the household, computed by the engine,
 * as a new household version with its audit row; all in `trx`. The caller checks the actor's right and scope.
 */
export async function recordAssessment(
  trx: Transaction<Database>,
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  input: AssessmentInput,
): Promise<AssessmentResult> {
  checkItems(input.items)
  const row = await lockHousehold(trx, householdId)
  const before = await baseline(trx, row)
  const { items, claimIncome, compliantSelfPaid, engine, ...figures } = await computeAssessment(trx, householdId, input)
  const sum = (re: RegExp) =>
    Object.entries(items)
      .filter(([k]) => re.test(ASSESSMENT_ITEMS[k]?.name ?? ''))
      .reduce((s, [, v]) => s + v, 0)
  const assessmentId = randomUUID()
  await trx
    .insertInto('income_assessment')
    .values({
      id: assessmentId,
      household_id: householdId,
      county_code: row.county_code,
      region_code: row.region_code,
      assessment_type: input.type,
      period_start: windowStart(input.date),
      period_end: input.date,
      items: JSON.stringify(items),
      wage: sum(/^(wage_|pension_)/),
      business: sum(/^business_/),
      property: sum(/^property_/),
      transfer: sum(/^transfer_/),
      business_costs: sum(/^cost_/),
      claim_income: claimIncome,
      compliant_self_paid: compliantSelfPaid,
      net_income: figures.netIncome,
      household_size: figures.householdSize,
      per_capita_net: figures.perCapitaNet,
      reference_income: figures.referenceIncome,
      per_capita_reference: figures.perCapitaReference,
      created_at: deps.clock.now(),
      created_by: actor.userId,
    })
    .execute()
  const guaranteeCheckId = input.guarantees
    ? await insertGuarantee(trx, deps, actor, row, input.date, input.guarantees)
    : null
  const { version } = await commitVersion(
    trx,
    deps,
    actor,
    householdId,
    `assessment.${input.type.toLowerCase()}`,
    before,
  )
  return {
    assessmentId,
    guaranteeCheckId,
    version,
    items,
    ...figures,
    guaranteesOk: input.guarantees ? allSecured(input.guarantees) : null,
    engine,
  }
}

/** Records a 三保障 + drinking-water check alone, as a new household version with its audit row; all in `trx`. */
export async function recordGuaranteeCheck(
  trx: Transaction<Database>,
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  date: string,
  g: GuaranteeInput,
): Promise<{ guaranteeCheckId: string; version: number; guaranteesOk: boolean }> {
  const row = await lockHousehold(trx, householdId)
  const before = await baseline(trx, row)
  const guaranteeCheckId = await insertGuarantee(trx, deps, actor, row, date, g)
  const { version } = await commitVersion(trx, deps, actor, householdId, 'guarantee.check', before)
  return { guaranteeCheckId, version, guaranteesOk: allSecured(g) }
}

function notFuture(deps: HouseholdDeps, date: string) {
  if (date > chinaDate(deps.clock.now())) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'date', message: '日期不能晚于今天', messageEn: 'the date cannot be in the future' }],
    })
  }
}

/** `POST /api/households/:id/assessments`: the registry form (household in the actor's scope, at the version edited). */
export async function addAssessment(
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  body: RecordAssessment,
): Promise<AssessmentResult> {
  notFuture(deps, body.date)
  return deps.db.transaction().execute(async (trx) => {
    await lockForEdit(trx, actor, householdId, body.version)
    const { version: _v, ...input } = body
    return recordAssessment(trx, deps, actor, householdId, input)
  })
}

/** `POST /api/households/:id/guarantee-checks`: a 三保障 + drinking-water check from the registry form. */
export async function addGuaranteeCheck(
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  body: RecordGuaranteeCheck,
): Promise<{ guaranteeCheckId: string; version: number; guaranteesOk: boolean }> {
  notFuture(deps, body.date)
  return deps.db.transaction().execute(async (trx) => {
    await lockForEdit(trx, actor, householdId, body.version)
    const { version: _v, date, ...g } = body
    return recordGuaranteeCheck(trx, deps, actor, householdId, date, g)
  })
}
