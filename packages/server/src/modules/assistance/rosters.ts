/**
 * Monthly payment rosters (domain.md §5.8 PaymentRecord, §10.2): per county and month, who is paid what under which
 * programme — 低保 per household decision, 特困 basic + care per person, temporary relief whose pay month is the
 * month. Every line's `calc` names its decision and the decision's explanation (`trace_ref`), so each amount can be
 * traced. The roster is written in one transaction (an interrupted run leaves nothing), approved by someone other
 * than its generator, then frozen by the database (triggers); corrections are ADJUSTMENT lines (`adjustments.ts`),
 * paid — in the totals and the bank file — only once another officer approved them (`PAID_LINE`).
 */
import { randomUUID } from 'node:crypto'
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { type Kysely, sql, type Transaction } from 'kysely'
import { z } from 'zod'
import { type Clock, chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { defineJob } from '../../platform/jobs.ts'
import { maskers } from '../../platform/privacy.ts'
import { periodTooLate } from '../../platform/schema.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, assertNotSameActor, can, requirePermission, scopeCondition } from '../auth/actor.ts'
import type { AdjustmentReview } from './assistance.table.ts'

export interface RosterDeps {
  db: Kysely<Database>
  clock: Clock
}

export const Month = z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, 'a month is YYYYMM')
export const CountyCode = z.string().regex(/^\d{6}$/, 'a county code has 6 digits')

export const PROGRAMME_LABELS: Record<string, { zh: string; en: string }> = {
  DIBAO: { zh: '最低生活保障', en: 'Minimum living guarantee (dibao)' },
  TEKUN: { zh: '特困人员救助供养', en: 'Extreme-poverty support (tekun)' },
  TEMP_RELIEF: { zh: '临时救助', en: 'Temporary relief' },
  DIBAO_MARGINAL: { zh: '低保边缘', en: 'Dibao-marginal' },
  RIGID_EXPENDITURE: { zh: '刚性支出困难', en: 'Rigid-expenditure hardship' },
}

/** A line that is paid: a regular line, or an adjustment another officer approved (pending/rejected ones are not). */
export const PAID_LINE = sql<boolean>`(l.review_status is null or l.review_status = 'APPROVED')`

const notFound = () => new AppError('NOT_FOUND', { what: '发放名册', whatEn: 'Payment roster' })

/** First and last day of a YYYYMM month. */
export function monthRange(month: string): { from: string; to: string } {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(4, 6))
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const mm = month.slice(4, 6)
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` }
}

export function countyInScope(actor: Actor, county: string): void {
  // County rosters are generated at county level or above; a narrower scope only reads its own lines.
  if (!county.startsWith(actor.scope.slice(0, 6)) || actor.scope.length > 6)
    throw new AppError('FORBIDDEN', { reason: '只能生成本县的发放名册', reasonEn: 'only rosters of your own county' })
}

export interface GenerateOptions {
  /** Test hook: runs inside the transaction after the lines are written (a throw = an interrupted run). */
  afterLines?: (trx: Transaction<Database>) => Promise<void>
  jobId?: string | null
}

export interface RosterSummary {
  id: string
  county: string
  month: string
  status: string
  lineCount: number
  totalAmount: number
}

/** Refuses a roster month more than a year ahead of today (the year 2100 is a typo, not a plan). */
export function checkRosterMonth(clock: Clock, month: string): void {
  const [y, m] = chinaDate(clock.now()).split('-').map(Number) as [number, number]
  const latest = `${y + 1}${String(m).padStart(2, '0')}`
  if (month > latest) throw periodTooLate('month', month, latest)
}

/**
 * Builds (or rebuilds, while not approved) the roster of `county` for `month` in one transaction: the old draft and
 * its lines are replaced, the lines are derived by one INSERT … SELECT over the paying decisions, and the audit row is
 * written with them. Nothing of a failed run survives.
 */
export async function generatePayRoster(
  deps: RosterDeps,
  actor: Actor,
  input: { county: string; month: string },
  opts: GenerateOptions = {},
): Promise<RosterSummary> {
  requirePermission(actor, 'roster.generate')
  countyInScope(actor, input.county)
  checkRosterMonth(deps.clock, input.month)
  const now = deps.clock.now()
  const { from, to } = monthRange(input.month)
  return deps.db.transaction().execute(async (trx) => {
    // one generator per county and month at a time
    await sql`select pg_advisory_xact_lock(hashtext(${`roster:${input.county}:${input.month}`}))`.execute(trx)
    const old = await trx
      .selectFrom('pay_roster')
      .selectAll()
      .where('county_code', '=', input.county)
      .where('month', '=', input.month)
      .executeTakeFirst()
    if (old?.status === 'APPROVED')
      throw new AppError('PRECONDITION_FAILED', {
        reason: `${input.month} 的发放名册已审批，不能重新生成；请用调整行更正`,
        reasonEn: `the roster of ${input.month} is approved and cannot be regenerated; add adjustment lines`,
      })
    if (old) {
      await trx.deleteFrom('pay_roster_export').where('roster_id', '=', old.id).execute()
      await trx.deleteFrom('pay_roster_line').where('roster_id', '=', old.id).execute()
      await trx.deleteFrom('pay_roster').where('id', '=', old.id).execute()
    }
    const id = randomUUID()
    await trx
      .insertInto('pay_roster')
      .values({
        id,
        county_code: input.county,
        month: input.month,
        status: 'GENERATING',
        job_id: opts.jobId ?? null,
        generated_by: actor.userId,
        generated_at: now,
        total_amount: 0,
        created_at: now,
      })
      .execute()
    await sql`
      insert into pay_roster_line
        (id, roster_id, county_code, township_code, region_code, household_id, person_id, decision_id, programme,
         kind, amount, calc, created_by, created_at)
      select gen_random_uuid(), ${id}, d.county_code, substr(d.region_code, 1, 9) || '000', d.region_code,
        d.household_id, coalesce(d.person_id, h.head_person_id), d.id, d.programme, 'REGULAR',
        case when d.programme = 'TEMP_RELIEF' then d.one_off_amount else d.monthly_amount end,
        jsonb_build_object(
          'decisionId', d.id, 'traceRef', d.trace_ref, 'programme', d.programme,
          'basis', case when d.programme = 'TEMP_RELIEF' then 'ONE_OFF' else 'MONTHLY' end,
          'monthlyAmount', d.monthly_amount, 'oneOffAmount', d.one_off_amount,
          'coveredPersons', d.covered_persons, 'since', d.since, 'until', d.until, 'status', d.status,
          'gradualExitUntil', d.gradual_exit_until, 'classification', d.classification, 'careTier', d.care_tier,
          'supportMode', d.support_mode, 'reliefType', d.relief_type,
          'modelVersion', d.model_version, 'paramDigest', d.param_digest),
        ${actor.userId}, ${now}
      from sa_decision d
      join household h on h.id = d.household_id
      where d.county_code = ${input.county}
        and coalesce(d.person_id, h.head_person_id) is not null
        and (
          (d.programme in ('DIBAO', 'TEKUN') and d.monthly_amount > 0
            and d.status in ('PAYING', 'GRADUAL_EXIT')
            and d.since <= ${to}::date and (d.until is null or d.until >= ${from}::date)
            and (d.status <> 'GRADUAL_EXIT' or d.gradual_exit_until >= ${from}::date))
          or (d.programme = 'TEMP_RELIEF' and d.pay_month = ${input.month} and d.one_off_amount > 0
            and d.status <> 'TERMINATED')
        )
    `.execute(trx)
    if (opts.afterLines) await opts.afterLines(trx)
    const totals = await trx
      .selectFrom('pay_roster_line')
      .select((eb) => [eb.fn.countAll<string>().as('n'), sql<string>`coalesce(sum(amount), 0)`.as('total')])
      .where('roster_id', '=', id)
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('pay_roster')
      .set({ status: 'DRAFT', line_count: Number(totals.n), total_amount: totals.total })
      .where('id', '=', id)
      .execute()
    const summary: RosterSummary = {
      id,
      county: input.county,
      month: input.month,
      status: 'DRAFT',
      lineCount: Number(totals.n),
      totalAmount: Number(totals.total),
    }
    await recordAudit(trx, deps, actor, {
      action: 'roster.generate',
      subjectType: 'pay_roster',
      subjectId: id,
      regionCode: `${input.county}000000`,
      before: old ? { id: old.id, lineCount: old.line_count, totalAmount: Number(old.total_amount) } : null,
      after: summary,
    })
    return summary
  })
}

/** The roster generation as a background job (progress shown in the jobs page). */
export const payRosterJob = defineJob({
  name: 'assistance.pay-roster',
  version: 1,
  payload: z.object({ county: CountyCode, month: Month }),
  async run(p, io) {
    await io.progress(0.05, `生成 ${p.county} ${p.month} 发放名册`)
    const out = await generatePayRoster({ db: io.db, clock: io.clock }, io.actor, p, { jobId: io.jobId })
    await io.progress(1, `${out.lineCount} 行`)
    return out
  },
})

async function loadRoster(deps: RosterDeps, actor: Actor, id: string) {
  const r = await deps.db.selectFrom('pay_roster').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r || !`${r.county_code}000000`.startsWith(actor.scope.slice(0, 6))) throw notFound()
  return r
}

export async function approvePayRoster(deps: RosterDeps, actor: Actor, id: string): Promise<RosterSummary> {
  requirePermission(actor, 'roster.approve')
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('pay_roster').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!r || !`${r.county_code}000000`.startsWith(actor.scope) || actor.scope.length > 6) throw notFound()
    if (r.status !== 'DRAFT')
      throw new AppError('TRANSITION_NOT_ALLOWED', {
        state: r.status,
        stateEn: r.status,
        event: '审批',
        eventEn: 'approve',
      })
    assertNotSameActor(actor, r.generated_by, {
      zh: '生成名册的人员不能审批同一名册',
      en: 'the officer who generated a roster cannot approve it',
    })
    const now = deps.clock.now()
    await trx
      .updateTable('pay_roster')
      .set({ status: 'APPROVED', approved_by: actor.userId, approved_at: now })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, deps, actor, {
      action: 'roster.approve',
      subjectType: 'pay_roster',
      subjectId: id,
      regionCode: `${r.county_code}000000`,
      before: { status: r.status },
      after: { status: 'APPROVED', lineCount: r.line_count, totalAmount: Number(r.total_amount) },
    })
    return {
      id,
      county: r.county_code,
      month: r.month,
      status: 'APPROVED',
      lineCount: r.line_count,
      totalAmount: Number(r.total_amount),
    }
  })
}

export async function listPayRosters(deps: RosterDeps, actor: Actor, county?: string) {
  requirePermission(actor, 'assistance.read')
  let q = deps.db.selectFrom('pay_roster').selectAll().orderBy('month', 'desc').limit(120)
  const prefix = actor.scope.slice(0, 6)
  if (prefix) q = q.where('county_code', 'like', `${prefix}%`)
  if (county) q = q.where('county_code', '=', county)
  const rows = await q.execute()
  if (rows.length === 0) return []
  if (actor.scope.length <= 6) {
    // the roster row holds the regular lines; approved adjustments are paid too
    const adj = await deps.db
      .selectFrom('pay_roster_line as l')
      .select(['l.roster_id', sql<string>`count(*)`.as('n'), sql<string>`sum(l.amount)`.as('total')])
      .where(
        'l.roster_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('l.kind', '=', 'ADJUSTMENT')
      .where('l.review_status', '=', 'APPROVED')
      .groupBy('l.roster_id')
      .execute()
    const by = new Map(adj.map((a) => [a.roster_id, a]))
    return rows.map((r) => ({
      ...present(r),
      lineCount: r.line_count + Number(by.get(r.id)?.n ?? 0),
      totalAmount: Number(r.total_amount) + Number(by.get(r.id)?.total ?? 0),
    }))
  }
  // below county level the counts and totals are those of the lines in the actor's area, not the county's
  const mine = await deps.db
    .selectFrom('pay_roster_line as l')
    .select(['l.roster_id', sql<string>`count(*)`.as('n'), sql<string>`sum(l.amount)`.as('total')])
    .where(
      'l.roster_id',
      'in',
      rows.map((r) => r.id),
    )
    .where(scopeCondition(actor, 'l.region_code'))
    .where(PAID_LINE)
    .groupBy('l.roster_id')
    .execute()
  const by = new Map(mine.map((m) => [m.roster_id, m]))
  return rows.map((r) => ({
    ...present(r),
    lineCount: Number(by.get(r.id)?.n ?? 0),
    totalAmount: Number(by.get(r.id)?.total ?? 0),
  }))
}

function present(r: {
  id: string
  county_code: string
  month: string
  status: string
  job_id: string | null
  generated_by: string | null
  generated_at: Date | null
  approved_by: string | null
  approved_at: Date | null
  line_count: number
  total_amount: number
}) {
  return {
    id: r.id,
    county: r.county_code,
    month: r.month,
    status: r.status,
    jobId: r.job_id,
    generatedBy: r.generated_by,
    generatedAt: r.generated_at?.toISOString() ?? null,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at?.toISOString() ?? null,
    lineCount: r.line_count,
    totalAmount: Number(r.total_amount),
  }
}

/**
 * Totals of the paid lines in the actor's scope by township and programme (approved adjustments included), and the
 * adjustments still waiting for approval, which are not paid.
 */
export async function rosterTotals(deps: RosterDeps, actor: Actor, id: string) {
  requirePermission(actor, 'assistance.read')
  const r = await loadRoster(deps, actor, id)
  const rows = await deps.db
    .selectFrom('pay_roster_line as l')
    .leftJoin('region as t', 't.code', 'l.township_code')
    .select([
      'l.township_code',
      't.name as township_name',
      'l.programme',
      sql<string>`count(distinct l.person_id)`.as('persons'),
      sql<string>`count(distinct l.household_id)`.as('households'),
      sql<string>`sum(l.amount)`.as('amount'),
      sql<string>`sum(case when l.kind = 'ADJUSTMENT' then l.amount else 0 end)`.as('adjustments'),
    ])
    .where('l.roster_id', '=', id)
    .where(scopeCondition(actor, 'l.region_code'))
    .where(PAID_LINE)
    .groupBy(['l.township_code', 't.name', 'l.programme'])
    .orderBy('l.township_code')
    .orderBy('l.programme')
    .execute()
  const rowsOut = rows.map((x) => ({
    townshipCode: x.township_code,
    townshipName: x.township_name ?? x.township_code,
    programme: x.programme,
    persons: Number(x.persons),
    households: Number(x.households),
    amount: Number(x.amount),
    adjustments: Number(x.adjustments),
  }))
  const pending = await deps.db
    .selectFrom('pay_roster_line as l')
    .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(l.amount), 0)`.as('amount')])
    .where('l.roster_id', '=', id)
    .where('l.kind', '=', 'ADJUSTMENT')
    .where('l.review_status', '=', 'PENDING')
    .where(scopeCondition(actor, 'l.region_code'))
    .executeTakeFirstOrThrow()
  return {
    roster: present(r),
    rows: rowsOut,
    total: rowsOut.reduce((a, x) => a + x.amount, 0),
    pending: { count: Number(pending.n), amount: Number(pending.amount) },
  }
}

interface LineRow {
  id: string
  kind: string
  programme: string
  amount: number
  region_code: string
  township_code: string
  name: string
  id_number: string
  bank_account: string | null
  township_name: string | null
  village_name: string | null
  calc: Record<string, unknown>
  adjusts_line_id: string | null
  note: string | null
  review_status: AdjustmentReview | null
  created_by: string | null
  created_by_name: string | null
  reviewed_by_name: string | null
  reviewed_at: Date | null
  review_note: string | null
}

function linesQuery(deps: RosterDeps, actor: Actor, id: string) {
  return deps.db
    .selectFrom('pay_roster_line as l')
    .innerJoin('person as p', 'p.id', 'l.person_id')
    .leftJoin('region as t', 't.code', 'l.township_code')
    .leftJoin('region as v', 'v.code', 'l.region_code')
    .leftJoin('app_user as cu', 'cu.id', 'l.created_by')
    .leftJoin('app_user as ru', 'ru.id', 'l.reviewed_by')
    .select([
      'l.id',
      'l.kind',
      'l.programme',
      'l.amount',
      'l.region_code',
      'l.township_code',
      'p.name',
      'p.id_number',
      'p.bank_account',
      't.name as township_name',
      'v.name as village_name',
      'l.calc',
      'l.adjusts_line_id',
      'l.note',
      'l.review_status',
      'l.created_by',
      'cu.display_name as created_by_name',
      'ru.display_name as reviewed_by_name',
      'l.reviewed_at',
      'l.review_note',
    ])
    .where('l.roster_id', '=', id)
    .where(scopeCondition(actor, 'l.region_code'))
}

/** A page of lines, ID numbers and bank accounts masked. */
export async function rosterLines(
  deps: RosterDeps,
  actor: Actor,
  id: string,
  q: {
    page: number
    pageSize: number
    township?: string | undefined
    programme?: string | undefined
    reviewStatus?: AdjustmentReview | undefined
  },
) {
  requirePermission(actor, 'assistance.read')
  await loadRoster(deps, actor, id)
  let base = linesQuery(deps, actor, id)
  if (q.township) base = base.where('l.township_code', '=', q.township)
  if (q.programme) base = base.where('l.programme', '=', q.programme)
  if (q.reviewStatus) base = base.where('l.review_status', '=', q.reviewStatus)
  const [rows, count] = await Promise.all([
    base
      .orderBy('l.township_code')
      .orderBy('l.region_code')
      .orderBy('l.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    deps.db
      .selectFrom('pay_roster_line as l')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('l.roster_id', '=', id)
      .where(scopeCondition(actor, 'l.region_code'))
      .$if(!!q.township, (b) => b.where('l.township_code', '=', q.township!))
      .$if(!!q.programme, (b) => b.where('l.programme', '=', q.programme!))
      .$if(!!q.reviewStatus, (b) => b.where('l.review_status', '=', q.reviewStatus!))
      .executeTakeFirstOrThrow(),
  ])
  return {
    data: (rows as LineRow[]).map((r) => ({
      id: r.id,
      kind: r.kind,
      programme: r.programme,
      amount: Number(r.amount),
      regionCode: r.region_code,
      townshipName: r.township_name,
      villageName: r.village_name,
      name: r.name,
      idNumber: maskers.idNumber(r.id_number),
      bankAccount: r.bank_account ? maskers.bankAccount(r.bank_account) : null,
      decisionId: (r.calc.decisionId as string | undefined) ?? null,
      traceRef: (r.calc.traceRef as string | undefined) ?? null,
      calc: r.calc,
      adjustsLineId: r.adjusts_line_id,
      note: r.note,
      reviewStatus: r.review_status,
      createdBy: r.kind === 'ADJUSTMENT' ? r.created_by : null,
      createdByName: r.kind === 'ADJUSTMENT' ? r.created_by_name : null,
      reviewedByName: r.reviewed_by_name,
      reviewedAt: r.reviewed_at?.toISOString() ?? null,
      reviewNote: r.review_note,
    })),
    page: { page: q.page, pageSize: q.pageSize, total: Number(count.n) },
  }
}

/** What the bank file says for a line without a 一卡通 account: flagged for the bank and the township, never blank. */
export const NO_ACCOUNT = '【缺少一卡通账号，待补录】'

export const ROSTER_COLUMNS = ['序号', '姓名', '身份证号', '一卡通账号', '金额（元）', '乡镇', '村', '项目'] as const

/**
 * The bank file (惠民惠农财政补贴资金"一卡通" layout). Accounts and ID numbers are masked unless `full` is asked by a
 * role allowed to (`roster.export_full`); every export is recorded (pay_roster_export + audit) in one transaction.
 * The file holds what is paid: regular lines and approved adjustments. While an adjustment waits for approval there
 * is no file (PRECONDITION_FAILED naming how many): a bank file must never be ambiguous about what to pay.
 */
export async function exportPayRoster(
  deps: RosterDeps,
  actor: Actor,
  id: string,
  full: boolean,
): Promise<{ buffer: Buffer; name: string }> {
  requirePermission(actor, 'assistance.read')
  if (full) requirePermission(actor, 'roster.export_full')
  const r = await loadRoster(deps, actor, id)
  if (full && r.status !== 'APPROVED')
    throw new AppError('PRECONDITION_FAILED', {
      reason: '只有已审批的名册才能导出完整账号',
      reasonEn: 'full account numbers are exported only from an approved roster',
    })
  const pending = await deps.db
    .selectFrom('pay_roster_line as l')
    .select(sql<string>`count(*)`.as('n'))
    .where('l.roster_id', '=', id)
    .where('l.kind', '=', 'ADJUSTMENT')
    .where('l.review_status', '=', 'PENDING')
    .where(scopeCondition(actor, 'l.region_code')) // the lines this file would hold
    .executeTakeFirstOrThrow()
  if (Number(pending.n) > 0)
    throw new AppError('PRECONDITION_FAILED', {
      reason: `名册有 ${pending.n} 条调整行待审批，审批或退回后才能导出发放文件`,
      reasonEn: `${pending.n} adjustment line(s) of the roster await approval; approve or reject them before exporting the bank file`,
      pending: Number(pending.n),
    })
  const rows = (await linesQuery(deps, actor, id)
    .where(PAID_LINE)
    .orderBy('l.township_code')
    .orderBy('l.region_code')
    .orderBy('p.name')
    .orderBy('l.id')
    .execute()) as LineRow[]
  let total = 0
  const data = rows.map((x, i) => {
    const amount = Number(x.amount)
    total += amount
    return [
      i + 1,
      x.name,
      full ? x.id_number : maskers.idNumber(x.id_number),
      x.bank_account ? (full ? x.bank_account : maskers.bankAccount(x.bank_account)) : NO_ACCOUNT,
      amount / 100,
      x.township_name ?? x.township_code,
      x.village_name ?? x.region_code,
      (PROGRAMME_LABELS[x.programme]?.zh ?? x.programme) + (x.kind === 'ADJUSTMENT' ? '（调整）' : ''),
    ]
  })
  data.push(['合计', '', '', '', total / 100, '', '', ''])
  const buffer = await xlsxBuffer(
    `发放名册${r.month}`,
    ROSTER_COLUMNS.map((header, i) => ({ header, width: [6, 10, 22, 24, 12, 14, 16, 16][i]! })),
    data,
  )
  await deps.db.transaction().execute(async (trx) => {
    const exportId = randomUUID()
    await trx
      .insertInto('pay_roster_export')
      .values({
        id: exportId,
        roster_id: id,
        exported_by: actor.userId,
        exported_at: deps.clock.now(),
        full_accounts: full,
        line_count: rows.length,
        total_amount: total,
      })
      .execute()
    await recordAudit(trx, deps, actor, {
      action: full ? 'roster.export.full' : 'roster.export',
      subjectType: 'pay_roster',
      subjectId: id,
      regionCode: actor.scope.length >= 6 ? actor.scope.padEnd(12, '0') : `${r.county_code}000000`,
      after: { exportId, fullAccounts: full, lineCount: rows.length, totalAmount: total, field: 'bankAccount' },
    })
  })
  return { buffer, name: `发放名册_${r.county_code}_${r.month}${full ? '_完整账号' : ''}.xlsx` }
}

/**
 * One sheet written with ExcelJS's streaming writer (rows committed as they go, no styles per cell), collected into a
 * buffer: several times faster than building the workbook in memory for a county's 60 k lines.
 */
export async function xlsxBuffer(
  sheet: string,
  columns: ReadonlyArray<{ header: string; width: number }>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve)
    out.on('error', reject)
  })
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }))
  ws.getRow(1).font = { bold: true }
  ws.getRow(1).commit()
  for (const r of rows) ws.addRow([...r]).commit()
  ws.commit()
  await wb.commit()
  await ended
  return Buffer.concat(chunks)
}

/** Whether the actor may ask for the full-account export (the web app shows the button only then). */
export const mayExportFull = (actor: Actor) => can(actor, 'roster.export_full')
