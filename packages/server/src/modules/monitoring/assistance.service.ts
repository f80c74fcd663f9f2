/**
 * 精准帮扶 (domain.md §5.7, §7.2): one plan per target household, measures per person, suggestions from the plan's
 * risks (the `monitoring_measure_suggestion` table, editable data, not code), the §9 consistency checks, helper visits
 * at the `monitoring.visit_interval_days` interval with an overdue list, and rollback of an eliminated household to
 * monitoring (§7.3 风险消除回退). Every change is audited in its transaction; plans and measures carry versions.
 */
import { randomUUID } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, inScope, scopeCondition } from '../auth/actor.ts'
import { permissions, type Role } from '../auth/roles.ts'
import { recordAssessment } from '../households/assessments.service.ts'
import { dayLimit } from '../policy/parameters.service.ts'
import { loadCalendar } from '../workflow/calendar.ts'
import { type Text, text } from '../workflow/definition.ts'
import { RISKS } from './monitoring.ident.ts'
import { eliminationReadiness, type Readiness } from './readiness.ts'
import { setMonitoringStatus } from './status.ts'

const t = text
/** Measure categories of the national survey form (§5.7). */
export const MEASURE_CATEGORIES: Array<{ value: string; label: Text }> = [
  { value: 'INDUSTRY', label: t('产业帮扶', 'Industry') },
  { value: 'EMPLOYMENT', label: t('就业帮扶', 'Employment') },
  { value: 'FINANCE', label: t('金融帮扶', 'Finance') },
  { value: 'PUBLIC_POST', label: t('公益岗位帮扶', 'Public-welfare post') },
  { value: 'HOUSING', label: t('住房安全保障', 'Housing safety') },
  { value: 'WATER', label: t('饮水安全保障', 'Drinking water') },
  { value: 'HEALTH', label: t('健康帮扶', 'Health') },
  { value: 'COMPULSORY_EDU', label: t('义务教育保障', 'Compulsory education') },
  { value: 'OTHER_EDU', label: t('其他教育帮扶', 'Other education') },
  { value: 'SOCIAL_SECURITY', label: t('综合保障', 'Social security') },
  { value: 'SOCIAL', label: t('社会帮扶', 'Social assistance') },
  { value: 'RELOCATION', label: t('搬迁', 'Relocation') },
  { value: 'LIVING_CONDITIONS', label: t('生产生活条件改善', 'Living conditions') },
  { value: 'INFRASTRUCTURE', label: t('基础设施建设', 'Infrastructure') },
]
export const MEASURE_STATUSES = ['PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const

// The route declarations check the same permissions (modules/auth/roles.ts); services keep them for other callers.
const WRITE_ROLES: readonly Role[] = permissions['monitoring.plan']
const VISIT_ROLES: readonly Role[] = permissions['monitoring.visit']
const READ_ROLES: readonly Role[] = permissions['monitoring.read']

function requireRoles(actor: Actor, roles: readonly Role[]): void {
  if (!actor.roles.some((r) => roles.includes(r))) throw new AppError('FORBIDDEN', { reason: '帮扶管理' })
}

interface PlanRow {
  id: string
  household_id: string
  case_id: string
  region_code: string
  category: string
  risks: string[]
  due_on: string
  status: string
  version: number
  developmental: boolean
  activated_at: Date | null
  closed_at: Date | null
  close_reason: string | null
  rollback_month: string | null
  created_at: Date
}
interface MeasureRow {
  id: string
  plan_id: string
  household_id: string
  person_id: string | null
  region_code: string
  category: string
  item: string
  start_date: string
  end_date: string | null
  amount_fen: string | number | null
  fund_source: string | null
  responsible_dept: string | null
  status: string
  details: Record<string, unknown>
  version: number
}
interface VisitRow {
  id: string
  visited_on: string
  visitor_name: string
  income_change: string | null
  progress: string | null
  new_risks: string[]
  note: string | null
}

export interface Check {
  code: string
  rule: string
  severity: 'BLOCKING' | 'WARNING'
  zh: string
  en: string
}

const d10 = (v: unknown) => (v instanceof Date ? chinaDate(v) : String(v).slice(0, 10))

async function householdInScope(deps: AppDeps, actor: Actor, householdId: string) {
  const h = await deps.db
    .selectFrom('household')
    .leftJoin('person', 'person.id', 'household.head_person_id')
    .select([
      'household.id',
      'household.region_code',
      'household.household_no',
      'household.monitoring_status',
      'household.version',
      'household.whole_household_no_labour',
      'person.name as head_name',
    ])
    .where('household.id', '=', householdId)
    .where(scopeCondition(actor, 'household.region_code'))
    .executeTakeFirst()
  if (!h) throw new AppError('NOT_FOUND', { what: '农户', whatEn: 'The household' })
  return h
}

async function planOf(deps: AppDeps, householdId: string): Promise<PlanRow | undefined> {
  const r = await sql<PlanRow>`select * from monitoring_plan where household_id = ${householdId}
    order by created_at desc limit 1`.execute(deps.db)
  return r.rows[0]
}

/** The §9 checks that concern a plan (domain.md §9 rules 3, 9, 10, 12, 13, 14). */
export async function planChecks(
  db: Kysely<Database>,
  today: string,
  plan: PlanRow,
  measures: MeasureRow[],
): Promise<Check[]> {
  const out: Check[] = []
  const live = measures.filter((m) => m.status !== 'CANCELLED')
  const members = await db
    .selectFrom('person')
    .select(['id', 'name', 'birth_date', 'labour_skill', 'disability_level'])
    .where('household_id', '=', plan.household_id)
    .where('status', '=', 'ACTIVE')
    .execute()
  const h = await db
    .selectFrom('household')
    .select(['whole_household_no_labour'])
    .where('id', '=', plan.household_id)
    .executeTakeFirstOrThrow()
  if (plan.risks.includes('ILLNESS')) {
    const a = await db
      .selectFrom('income_assessment')
      .select(['compliant_self_paid'])
      .where('household_id', '=', plan.household_id)
      .orderBy('period_end', 'desc')
      .executeTakeFirst()
    if (!a || Number(a.compliant_self_paid) <= 0) {
      out.push({
        code: 'ILLNESS_SELF_PAID',
        rule: '5_15_020',
        severity: 'BLOCKING',
        zh: '风险为因病，收入评估的合规自付支出须大于 0',
        en: 'the risk is illness: the compliant self-paid medical expenditure must be above 0',
      })
    }
  }
  for (const m of live.filter((x) => x.item === '外出务工补贴')) {
    if (!(Number(m.details.transportAllowanceFen ?? 0) > 0)) {
      out.push({
        code: 'MIGRANT_TRANSPORT',
        rule: '1111_10',
        severity: 'BLOCKING',
        zh: '外出务工补贴须登记年度交通费补助（大于 0）',
        en: 'the migrant-work subsidy needs an annual transport allowance above 0',
      })
    }
    const p = members.find((x) => x.id === m.person_id)
    if (p && (p.labour_skill === 'NONE' || p.labour_skill === 'LOST')) {
      out.push({
        code: 'NO_LABOUR_MIGRANT',
        rule: '2_12_004',
        severity: 'BLOCKING',
        zh: `${p.name} 无劳动能力，不能登记外出务工`,
        en: `${p.name} cannot work and cannot be registered for migrant work`,
      })
    }
  }
  const disabled12 = members.filter((p) => p.disability_level === 1 || p.disability_level === 2)
  const hasSubsidy = live.some((m) => m.item === '残疾人两项补贴')
  if (plan.risks.includes('DISABILITY') && disabled12.length && !hasSubsidy) {
    out.push({
      code: 'DISABILITY_SUBSIDY',
      rule: '5_16_008',
      severity: 'BLOCKING',
      zh: '因残且有一、二级残疾成员，须登记残疾人两项补贴',
      en: 'disability risk with a level-1/2 disabled member: the disability subsidies must be registered',
    })
  }
  if (hasSubsidy && !members.some((p) => p.disability_level)) {
    out.push({
      code: 'SUBSIDY_NO_DISABLED',
      rule: '4_11_016',
      severity: 'WARNING',
      zh: '登记了残疾人补贴，但家庭无残疾成员',
      en: 'disability subsidies registered but no member is disabled',
    })
  }
  for (const m of live.filter((x) => x.category === 'PUBLIC_POST')) {
    const p = members.find((x) => x.id === m.person_id)
    if (p?.birth_date && ageOn(String(p.birth_date), today) < 16) {
      out.push({
        code: 'POST_UNDER_16',
        rule: '5_12_004',
        severity: 'BLOCKING',
        zh: `${p.name} 未满 16 周岁，不能安排公益岗位`,
        en: `${p.name} is under 16 and cannot hold a public-welfare post`,
      })
    }
  }
  if (members.length && members.every((p) => p.labour_skill === 'NONE' || p.labour_skill === 'LOST')) {
    if (!h.whole_household_no_labour) {
      out.push({
        code: 'WHOLE_NO_LABOUR',
        rule: '1111_07',
        severity: 'BLOCKING',
        zh: '全部成员无劳动能力，须标注整户无劳动能力',
        en: 'no member can work: the household must be marked as having no labour capacity',
      })
    }
  }
  return out
}

function ageOn(birth: string, today: string): number {
  let a = Number(today.slice(0, 4)) - Number(birth.slice(0, 4))
  if (today.slice(5) < birth.slice(5)) a -= 1
  return a
}

async function visitDue(deps: AppDeps, regionCode: string, last: string | null, since: string) {
  const today = chinaDate(deps.clock.now())
  const limit = dayLimit('monitoring.visit_interval_days', regionCode, today)
  const calendar = await loadCalendar(deps.db)
  const due = calendar.deadline(last ?? since, limit.days, limit.unit)
  return { due, overdue: due < today, intervalDays: limit.days }
}

const measureView = (m: MeasureRow) => ({
  id: m.id,
  personId: m.person_id,
  category: m.category,
  item: m.item,
  startDate: d10(m.start_date),
  endDate: m.end_date ? d10(m.end_date) : null,
  amountFen: m.amount_fen === null ? null : Number(m.amount_fen),
  fundSource: m.fund_source,
  responsibleDept: m.responsible_dept,
  status: m.status,
  transportAllowanceFen: m.details.transportAllowanceFen === undefined ? null : Number(m.details.transportAllowanceFen),
  version: m.version,
})

/** The household's plan with measures, checks, suggestions, visits and the next visit due. */
export async function getPlan(deps: AppDeps, actor: Actor, householdId: string) {
  requireRoles(actor, READ_ROLES)
  const h = await householdInScope(deps, actor, householdId)
  const plan = await planOf(deps, householdId)
  if (!plan) throw new AppError('NOT_FOUND', { what: '帮扶计划', whatEn: 'The assistance plan' })
  const measures = (
    await sql<MeasureRow>`select * from monitoring_measure where plan_id = ${plan.id} order by created_at`.execute(
      deps.db,
    )
  ).rows
  const visits = (
    await sql<VisitRow>`select id, visited_on, visitor_name, income_change, progress, new_risks, note
      from monitoring_visit where household_id = ${householdId} order by visited_on desc, created_at desc limit 50`.execute(
      deps.db,
    )
  ).rows
  const suggestions = (
    await sql<{ risk: string; category: string; item: string }>`select risk, category, item
      from monitoring_measure_suggestion where risk in (select jsonb_array_elements_text(${JSON.stringify(plan.risks)}::jsonb))
      order by priority`.execute(deps.db)
  ).rows
  const members = await deps.db
    .selectFrom('person')
    .select(['id', 'name'])
    .where('household_id', '=', householdId)
    .where('status', '=', 'ACTIVE')
    .orderBy('birth_date')
    .execute()
  const next = await visitDue(
    deps,
    h.region_code,
    visits[0] ? d10(visits[0].visited_on) : null,
    d10(plan.activated_at ?? plan.created_at),
  )
  const taken = new Set(measures.filter((m) => m.status !== 'CANCELLED').map((m) => `${m.category}|${m.item}`))
  return {
    household: {
      id: h.id,
      householdNo: h.household_no,
      headName: h.head_name,
      regionCode: h.region_code,
      monitoringStatus: h.monitoring_status,
      version: h.version,
    },
    plan: {
      id: plan.id,
      caseId: plan.case_id,
      category: plan.category,
      risks: plan.risks,
      dueOn: d10(plan.due_on),
      status: plan.status,
      version: plan.version,
      developmental: plan.developmental,
      activatedAt: plan.activated_at ? new Date(plan.activated_at).toISOString() : null,
      closedAt: plan.closed_at ? new Date(plan.closed_at).toISOString() : null,
      closeReason: plan.close_reason,
      rollbackMonth: plan.rollback_month,
    },
    members,
    measures: measures.map(measureView),
    checks: await planChecks(deps.db, chinaDate(deps.clock.now()), plan, measures),
    suggestions: suggestions.map((s) => ({ ...s, taken: taken.has(`${s.category}|${s.item}`) })),
    visits: visits.map((v) => ({
      id: v.id,
      visitedOn: d10(v.visited_on),
      visitorName: v.visitor_name,
      incomeChange: v.income_change,
      progress: v.progress,
      newRisks: v.new_risks,
      note: v.note,
    })),
    nextVisit: plan.status === 'CLOSED' ? null : next,
  }
}

export interface MeasureInput {
  personId?: string | null
  category: string
  item: string
  startDate: string
  endDate?: string | null
  amountFen?: number | null
  fundSource?: string | null
  responsibleDept?: string | null
  status?: (typeof MEASURE_STATUSES)[number]
  transportAllowanceFen?: number | null
}

/** Locks the plan inside `trx`, checks scope and the version the user saw. */
async function planForUpdate(
  actor: Actor,
  trx: Transaction<Database>,
  planId: string,
  version: number | undefined,
): Promise<PlanRow> {
  const r = await sql<PlanRow>`select * from monitoring_plan where id = ${planId} for update`.execute(trx)
  const plan = r.rows[0]
  if (!plan || !inScope(actor, plan.region_code)) {
    throw new AppError('NOT_FOUND', { what: '帮扶计划', whatEn: 'The assistance plan' })
  }
  if (version !== undefined && plan.version !== version) {
    throw new AppError('CONFLICT', { what: '帮扶计划', whatEn: 'the assistance plan' })
  }
  if (plan.status === 'CLOSED') {
    throw new AppError('PRECONDITION_FAILED', { reason: '帮扶计划已关闭', reasonEn: 'the plan is closed' })
  }
  return plan
}

async function bumpPlan(
  deps: AppDeps,
  actor: Actor,
  trx: Transaction<Database>,
  plan: PlanRow,
  set: { status?: string; activated?: boolean } = {},
) {
  const now = deps.clock.now()
  await sql`update monitoring_plan set version = version + 1, updated_at = ${now}, updated_by = ${actor.userId},
      status = ${set.status ?? plan.status}, activated_at = ${set.activated ? now : plan.activated_at}
    where id = ${plan.id}`.execute(trx)
}

function checkPerson(members: Array<{ id: string }>, personId: string | null | undefined) {
  if (personId && !members.some((m) => m.id === personId)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        { field: 'personId', message: '该成员不在本户', messageEn: 'the person is not a member of the household' },
      ],
    })
  }
}

/** Adds a measure to the plan (plan version checked and bumped). */
export async function addMeasure(
  deps: AppDeps,
  actor: Actor,
  planId: string,
  planVersion: number,
  input: MeasureInput,
): Promise<string> {
  requireRoles(actor, WRITE_ROLES)
  return deps.db.transaction().execute(async (trx) => {
    const plan = await planForUpdate(actor, trx, planId, planVersion)
    const members = await trx.selectFrom('person').select('id').where('household_id', '=', plan.household_id).execute()
    checkPerson(members, input.personId)
    const id = randomUUID()
    const now = deps.clock.now()
    const details = input.transportAllowanceFen != null ? { transportAllowanceFen: input.transportAllowanceFen } : {}
    await sql`insert into monitoring_measure (id, plan_id, household_id, person_id, region_code, category, item,
        start_date, end_date, amount_fen, fund_source, responsible_dept, status, details, version, created_at,
        created_by, updated_at, updated_by)
      values (${id}, ${plan.id}, ${plan.household_id}, ${input.personId ?? null}, ${plan.region_code}, ${input.category},
        ${input.item}, ${input.startDate}, ${input.endDate ?? null}, ${input.amountFen ?? null}, ${input.fundSource ?? null},
        ${input.responsibleDept ?? null}, ${input.status ?? 'PLANNED'}, ${JSON.stringify(details)}::jsonb, 1, ${now},
        ${actor.userId}, ${now}, ${actor.userId})`.execute(trx)
    await bumpPlan(deps, actor, trx, plan)
    await recordAudit(trx, deps, actor, {
      action: 'monitoring.measure.add',
      subjectType: 'household',
      subjectId: plan.household_id,
      regionCode: plan.region_code,
      after: { planId: plan.id, measureId: id, ...input },
    })
    return id
  })
}

/** Changes a measure (its version checked). */
export async function updateMeasure(
  deps: AppDeps,
  actor: Actor,
  measureId: string,
  version: number,
  input: MeasureInput,
): Promise<string> {
  requireRoles(actor, WRITE_ROLES)
  return deps.db.transaction().execute(async (trx) => {
    const r = await sql<MeasureRow>`select * from monitoring_measure where id = ${measureId} for update`.execute(trx)
    const m = r.rows[0]
    if (!m || !inScope(actor, m.region_code))
      throw new AppError('NOT_FOUND', { what: '帮扶措施', whatEn: 'The measure' })
    if (m.version !== version) throw new AppError('CONFLICT', { what: '帮扶措施', whatEn: 'the measure' })
    const plan = await planForUpdate(actor, trx, m.plan_id, undefined)
    const members = await trx.selectFrom('person').select('id').where('household_id', '=', plan.household_id).execute()
    checkPerson(members, input.personId)
    const details = { ...m.details }
    if (input.transportAllowanceFen != null) details.transportAllowanceFen = input.transportAllowanceFen
    await sql`update monitoring_measure set person_id = ${input.personId ?? null}, category = ${input.category},
        item = ${input.item}, start_date = ${input.startDate}, end_date = ${input.endDate ?? null},
        amount_fen = ${input.amountFen ?? null}, fund_source = ${input.fundSource ?? null},
        responsible_dept = ${input.responsibleDept ?? null}, status = ${input.status ?? m.status},
        details = ${JSON.stringify(details)}::jsonb, version = version + 1, updated_at = ${deps.clock.now()},
        updated_by = ${actor.userId}
      where id = ${m.id}`.execute(trx)
    await bumpPlan(deps, actor, trx, plan)
    await recordAudit(trx, deps, actor, {
      action: 'monitoring.measure.update',
      subjectType: 'household',
      subjectId: m.household_id,
      regionCode: m.region_code,
      before: measureView(m),
      after: { measureId: m.id, ...input },
    })
    return m.household_id
  })
}

/** Activates the plan: refused while a blocking §9 check fails (the checks come back in the error). */
export async function activatePlan(deps: AppDeps, actor: Actor, planId: string, version: number): Promise<string> {
  requireRoles(actor, WRITE_ROLES)
  return deps.db.transaction().execute(async (trx) => {
    const plan = await planForUpdate(actor, trx, planId, version)
    const measures = (await sql<MeasureRow>`select * from monitoring_measure where plan_id = ${plan.id}`.execute(trx))
      .rows
    if (!measures.some((m) => m.status !== 'CANCELLED')) {
      throw new AppError('PRECONDITION_FAILED', {
        reason: '帮扶计划至少需要一项措施',
        reasonEn: 'the plan needs at least one measure',
      })
    }
    const blocking = (await planChecks(trx, chinaDate(deps.clock.now()), plan, measures)).filter(
      (c) => c.severity === 'BLOCKING',
    )
    if (blocking.length) {
      throw new AppError('PRECONDITION_FAILED', {
        reason: blocking.map((c) => `${c.zh}（${c.rule}）`).join('；'),
        reasonEn: blocking.map((c) => `${c.en} (${c.rule})`).join('; '),
        checks: blocking,
      })
    }
    // developmental (开发式帮扶) categories are data (`monitoring_measure_category`), as the monthly report reads them
    const devCategories = new Set(
      (
        await sql<{ code: string }>`select code from monitoring_measure_category where developmental`.execute(trx)
      ).rows.map((r) => r.code),
    )
    const developmental = measures.some((m) => m.status !== 'CANCELLED' && devCategories.has(m.category))
    await bumpPlan(deps, actor, trx, plan, { status: 'ACTIVE', activated: true })
    await sql`update monitoring_plan set developmental = ${developmental} where id = ${plan.id}`.execute(trx)
    await recordAudit(trx, deps, actor, {
      action: 'monitoring.plan.activate',
      subjectType: 'household',
      subjectId: plan.household_id,
      regionCode: plan.region_code,
      before: { status: plan.status, version: plan.version },
      after: { status: 'ACTIVE', version: plan.version + 1, measures: measures.length, developmental },
    })
    return plan.household_id
  })
}

export interface VisitInput {
  visitedOn: string
  /** Annual income items found on the visit (fen, assessment item codes): recorded as a VISIT income assessment. */
  incomeItems?: Partial<Record<string, number>>
  incomeChange?: string | null
  progress?: string | null
  newRisks?: string[]
  note?: string | null
}

/** Logs a helper visit. New risks named on an eliminated household are the signal for a rollback. */
export async function recordVisit(deps: AppDeps, actor: Actor, householdId: string, input: VisitInput) {
  requireRoles(actor, VISIT_ROLES)
  const h = await householdInScope(deps, actor, householdId)
  const today = chinaDate(deps.clock.now())
  if (input.visitedOn > today) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'visitedOn', message: '日期不能晚于今天', messageEn: 'the date cannot be in the future' }],
    })
  }
  const plan = await planOf(deps, householdId)
  const id = randomUUID()
  await deps.db.transaction().execute(async (trx) => {
    await sql`insert into monitoring_visit (id, household_id, plan_id, region_code, visited_on, visitor_id, visitor_name,
        income_change, progress, new_risks, note, created_at)
      values (${id}, ${householdId}, ${plan?.id ?? null}, ${h.region_code}, ${input.visitedOn}, ${actor.userId},
        ${actor.username}, ${input.incomeChange ?? null}, ${input.progress ?? null},
        ${JSON.stringify(input.newRisks ?? [])}::jsonb, ${input.note ?? null}, ${deps.clock.now()})`.execute(trx)
    if (input.incomeItems && Object.keys(input.incomeItems).length) {
      // an income assessment (type VISIT, the 12 months up to the visit; items not found keep the latest values)
      await recordAssessment(trx, deps, actor, h.id, {
        type: 'VISIT',
        date: input.visitedOn,
        items: input.incomeItems,
      })
    }
    await recordAudit(trx, deps, actor, {
      action: 'monitoring.visit.record',
      subjectType: 'household',
      subjectId: householdId,
      regionCode: h.region_code,
      after: { visitId: id, ...input },
    })
  })
  return id
}

/** Active targets in scope whose next visit is past due (last visit, or plan start, + the interval parameter). */
export async function overdueVisits(deps: AppDeps, actor: Actor) {
  const rows = await listTargets(deps, actor, { status: 'ACTIVE' })
  return rows.filter((r) => r.visitOverdue)
}

/**
 * How many active targets in scope are past their visit interval: every target, not the first page of the list (the
 * home page's figure), each with its region's interval as `overdueVisits` judges it.
 */
export async function countOverdueVisits(deps: AppDeps, actor: Actor): Promise<number> {
  requireRoles(actor, READ_ROLES)
  const r = await sql<{ region_code: string; last_visit: string | null; plan_start: Date | null }>`
    select h.region_code,
      (select max(v.visited_on)::text from monitoring_visit v where v.household_id = h.id) as last_visit,
      (select coalesce(x.activated_at, x.created_at) from monitoring_plan x where x.household_id = h.id
        order by x.created_at desc limit 1) as plan_start
    from household h
    where ${scopeCondition(actor, 'h.region_code')} and h.monitoring_status = 'ACTIVE'`.execute(deps.db)
  let n = 0
  for (const x of r.rows) {
    if (!x.plan_start) continue // a target without a plan is not on the visit list either
    const v = await visitDue(deps, x.region_code, x.last_visit ? d10(x.last_visit) : null, d10(x.plan_start))
    if (v.overdue) n++
  }
  return n
}

/** Monitoring targets in scope with plan status, last visit and next visit due. */
export async function listTargets(deps: AppDeps, actor: Actor, q: { status?: string }) {
  requireRoles(actor, READ_ROLES)
  const r = await sql<{
    id: string
    household_no: string
    region_code: string
    monitoring_status: string
    head_name: string | null
    plan_id: string
    plan_status: string
    category: string
    risks: string[]
    plan_start: Date
    last_visit: string | null
    measures: number
  }>`select h.id, h.household_no, h.region_code, h.monitoring_status, p.name as head_name, mp.id as plan_id,
        mp.status as plan_status, mp.category, mp.risks, coalesce(mp.activated_at, mp.created_at) as plan_start,
        (select max(v.visited_on)::text from monitoring_visit v where v.household_id = h.id) as last_visit,
        (select count(*)::int from monitoring_measure m where m.plan_id = mp.id and m.status <> 'CANCELLED') as measures
      from household h
      join lateral (select * from monitoring_plan x where x.household_id = h.id order by x.created_at desc limit 1) mp on true
      left join person p on p.id = h.head_person_id
      where ${scopeCondition(actor, 'h.region_code')}
        ${q.status ? sql`and h.monitoring_status = ${q.status}` : sql``}
      order by h.household_no limit 500`.execute(deps.db)
  const out = []
  for (const x of r.rows) {
    const v =
      x.monitoring_status === 'ACTIVE'
        ? await visitDue(deps, x.region_code, x.last_visit ? d10(x.last_visit) : null, d10(x.plan_start))
        : null
    out.push({
      householdId: x.id,
      householdNo: x.household_no,
      headName: x.head_name,
      regionCode: x.region_code,
      monitoringStatus: x.monitoring_status,
      planId: x.plan_id,
      planStatus: x.plan_status,
      category: x.category,
      risks: x.risks,
      measures: Number(x.measures),
      lastVisit: x.last_visit ? d10(x.last_visit) : null,
      nextVisitDue: v?.due ?? null,
      visitOverdue: v?.overdue ?? false,
    })
  }
  return out
}

/** 风险消除回退 (§7.3): an eliminated household with a new risk goes back to ACTIVE (county), plan reopened. */
export async function rollback(
  deps: AppDeps,
  actor: Actor,
  householdId: string,
  input: { version: number; reason: string; risks: string[] },
) {
  requireRoles(actor, permissions['monitoring.rollback'])
  const h = await householdInScope(deps, actor, householdId)
  if (h.version !== input.version) throw new AppError('CONFLICT', { what: '农户', whatEn: 'the household' })
  if (h.monitoring_status !== 'ELIMINATED') {
    throw new AppError('PRECONDITION_FAILED', {
      reason: '只有风险已消除的农户可以回退',
      reasonEn: 'only a household whose risk was eliminated can be rolled back',
    })
  }
  const known = new Set(RISKS.map((r) => r.value))
  if (!input.risks.length || input.risks.some((r) => !known.has(r))) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'risks', message: '请选择新出现的风险', messageEn: 'name the new risk(s)' }],
    })
  }
  const month = chinaDate(deps.clock.now()).slice(0, 7).replace('-', '')
  await deps.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('household')
      .select(['id', 'monitoring_status', 'version', 'region_code'])
      .where('id', '=', householdId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (locked.version !== input.version) throw new AppError('CONFLICT', { what: '农户', whatEn: 'the household' })
    await setMonitoringStatus({ trx, deps, actor }, locked.id, 'ACTIVE', 'monitoring.rollback', {
      reason: input.reason,
      risks: input.risks,
      rollbackMonth: month,
    })
    await sql`update monitoring_plan set status = 'ACTIVE', closed_at = null, close_reason = null,
        rollback_month = ${month}, risks = ${JSON.stringify(input.risks)}::jsonb, version = version + 1,
        updated_at = ${deps.clock.now()}, updated_by = ${actor.userId}
      where id = (select id from monitoring_plan where household_id = ${householdId} order by created_at desc limit 1)`.execute(
      trx,
    )
  })
}

/** The engine's readiness check for the household today (preview for the plan page). */
export async function readinessOf(
  deps: AppDeps,
  actor: Actor,
  householdId: string,
  facts: { method?: 'ASSISTED' | 'NATURAL'; risksResolved?: boolean; rigidSpendingUncontrolled?: boolean },
): Promise<Readiness> {
  requireRoles(actor, READ_ROLES)
  await householdInScope(deps, actor, householdId)
  return eliminationReadiness(deps.db, householdId, chinaDate(deps.clock.now()), facts)
}

/** The risk → measure suggestion table (§7.2), grouped by risk. */
export async function listSuggestions(deps: AppDeps, actor: Actor) {
  requireRoles(actor, READ_ROLES)
  const r = await sql<{ risk: string; category: string; item: string; priority: number }>`select risk, category, item,
      priority from monitoring_measure_suggestion order by risk, priority`.execute(deps.db)
  return r.rows
}

/** Replaces the suggestions of one risk (province administrator, audited). */
export async function replaceSuggestions(
  deps: AppDeps,
  actor: Actor,
  risk: string,
  items: Array<{ category: string; item: string }>,
) {
  requireRoles(actor, permissions['suggestions.edit'])
  await deps.db.transaction().execute(async (trx) => {
    const before = (
      await sql<{ category: string; item: string }>`select category, item from monitoring_measure_suggestion
        where risk = ${risk} order by priority`.execute(trx)
    ).rows
    await sql`delete from monitoring_measure_suggestion where risk = ${risk}`.execute(trx)
    let priority = 0
    for (const x of items) {
      priority += 1
      await sql`insert into monitoring_measure_suggestion (risk, category, item, priority)
        values (${risk}, ${x.category}, ${x.item}, ${priority}) on conflict do nothing`.execute(trx)
    }
    await recordAudit(trx, deps, actor, {
      action: 'monitoring.suggestions.replace',
      subjectType: 'measure_suggestion',
      subjectId: risk,
      regionCode: actor.regionCode,
      before: { items: before },
      after: { items },
    })
  })
}
