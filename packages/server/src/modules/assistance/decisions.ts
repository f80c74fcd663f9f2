/**
 * The one writer of programme decisions (`sa_decision`) and of the low-income registry (`low_income_entry`),
 * called from the application case types' effects inside the case's transaction; every write is audited there.
 *
 * Meaning (read by rosters, 代缴 and the registry view):
 * - an approval records a decision from the first day of the month after approval (`since`), PAYING, with the
 *   engine's inputs, computed outputs, explanation (`trace`, `trace_ref` = `case:<id>`) and parameter digest, and one
 *   registry entry per covered person (group DIBAO or TEKUN, `source_id` = the decision);
 * - temporary relief records a one-off decision (`one_off_amount`, `pay_month`) and no registry entry;
 * - a change (review, self-care re-assessment) updates the decision in place (version + 1, before/after audited);
 * - a gradual exit keeps paying until `gradual_exit_until`; a termination pays through the decision month
 *   (`until` = its last day; payment stops the next month) and closes the registry entries on the same day;
 * - the household's low-income groups (`household.low_income_groups`, what the registry, its search filter, the
 *   warning rules and the national export read) follow: an approval with registry entries adds its group, and a
 *   termination that leaves the household no other decision of that programme in force removes it. Each is a version
 *   of the household (`assistance.enter` / `assistance.exit`, on its timeline and audited). A gradual exit keeps the
 *   group while it pays; `endGradualExits` (run with the county's review raiser) ends the ones that are over.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { Fen } from '../../platform/schema.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { changeHousehold, type HouseholdDeps } from '../households/households.service.ts'
import { LOW_INCOME_GROUPS, type LowIncomeGroup, type Programme, type SaDecisionTable } from './assistance.table.ts'

type Trx = Transaction<Database>
type Deps = HouseholdDeps

/** Last day of the month of `date` (YYYY-MM-DD). */
export function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

export interface EngineRecord {
  inputs: Record<string, unknown>
  computed: Record<string, unknown>
  trace: unknown
  modelVersion: string
  paramDigest: string
}

export interface DecisionInput {
  programme: Programme
  regionCode: string
  householdId: string
  personId?: string | null
  /** Persons entered in the low-income registry (none for temporary relief). */
  coveredPersonIds: string[]
  classification?: 'A' | 'B' | 'C' | null
  careTier?: 'SELF_CARE' | 'SEMI_CARE' | 'FULL_CARE' | null
  supportMode?: 'HOME' | 'INSTITUTION' | null
  reliefType?: 'URGENT' | 'EXPENDITURE' | null
  /** Fen per month (低保: the household's total; 特困: the person's). */
  monthlyAmount?: number
  /** Fen, temporary relief. */
  oneOffAmount?: number
  /** YYYYMM of a one-off payment. */
  payMonth?: string | null
  since: string
  until?: string | null
  engine: EngineRecord
  /** The case that decided it. */
  caseId: string
}

const GROUP: Partial<Record<Programme, LowIncomeGroup>> = {
  DIBAO: 'DIBAO',
  TEKUN: 'TEKUN',
  DIBAO_MARGINAL: 'DIBAO_MARGINAL',
}
/** Household groups in the registry's order (codes it does not know, from imported files, last). */
const rank = (g: string) => (LOW_INCOME_GROUPS as readonly string[]).indexOf(g) >>> 0
const byGroupOrder = (a: string, b: string) => rank(a) - rank(b)

/**
 * An amount a decision pays, rounded to whole fen and held to the `Fen` range every route uses: whatever computed
 * or typed it, a decision never carries garbage (NaN, negative, 2^53) into a roster.
 */
function decisionFen(v: number | undefined, field: 'monthlyAmount' | 'oneOffAmount'): number {
  const fen = Math.round(v ?? 0)
  if (Fen.safeParse(fen).success) return fen
  throw new AppError('VALIDATION_FAILED', {
    summary: `${field} ${String(v)}`,
    issues: [
      {
        field,
        message: `金额 ${String((v ?? 0) / 100)} 元不在 0–1 亿元之间`,
        messageEn: `the amount ${String((v ?? 0) / 100)} yuan is not within 0–100,000,000 yuan`,
      },
    ],
  })
}

/** Records an approval: the decision and its registry entries, audited in the caller's transaction. */
export async function recordDecision(trx: Trx, deps: Deps, actor: Actor, input: DecisionInput): Promise<string> {
  const id = randomUUID()
  const now = deps.clock.now()
  const row = {
    id,
    county_code: input.regionCode.slice(0, 6),
    region_code: input.regionCode,
    household_id: input.householdId,
    person_id: input.personId ?? null,
    programme: input.programme,
    classification: input.classification ?? null,
    care_tier: input.careTier ?? null,
    support_mode: input.supportMode ?? null,
    relief_type: input.reliefType ?? null,
    covered_persons: Math.max(1, input.coveredPersonIds.length),
    monthly_amount: decisionFen(input.monthlyAmount, 'monthlyAmount'),
    one_off_amount: decisionFen(input.oneOffAmount, 'oneOffAmount'),
    pay_month: input.payMonth ?? null,
    since: input.since,
    until: input.until ?? null,
    status: 'PAYING' as const,
    gradual_exit_until: null,
    inputs: JSON.stringify(input.engine.inputs),
    computed: JSON.stringify(input.engine.computed),
    trace: JSON.stringify(input.engine.trace ?? null),
    trace_ref: `case:${input.caseId}`,
    model_version: input.engine.modelVersion,
    param_digest: input.engine.paramDigest,
    decided_by: actor.userId,
    created_at: now,
    updated_at: now,
  }
  await trx.insertInto('sa_decision').values(row).execute()
  const group = GROUP[input.programme]
  if (group && input.coveredPersonIds.length) {
    await trx
      .insertInto('low_income_entry')
      .values(
        input.coveredPersonIds.map((personId) => ({
          id: randomUUID(),
          county_code: row.county_code,
          region_code: input.regionCode,
          household_id: input.householdId,
          person_id: personId,
          group_code: group,
          since: input.since,
          until: null,
          source: 'sa_decision',
          source_id: id,
          note: null,
          created_at: now,
        })),
      )
      .execute()
  }
  if (group && input.coveredPersonIds.length) {
    await setGroup(trx, deps, actor, input.householdId, group, true, {
      programme: input.programme,
      decisionId: id,
      since: input.since,
      caseId: input.caseId,
    })
  }
  await recordAudit(trx, deps, actor, {
    action: 'decision.record',
    subjectType: 'sa_decision',
    subjectId: id,
    regionCode: input.regionCode,
    after: {
      programme: input.programme,
      caseId: input.caseId,
      monthlyAmount: row.monthly_amount,
      oneOffAmount: row.one_off_amount,
      payMonth: row.pay_month,
      since: row.since,
      coveredPersons: input.coveredPersonIds.length,
      careTier: row.care_tier,
      paramDigest: row.param_digest,
    },
  })
  return id
}

type DecisionRow = Awaited<ReturnType<typeof activeDecision>>

/** The decision still paying (or in gradual exit) for a household (低保) or a person (特困), locked. */
export async function activeDecision(
  trx: Trx,
  programme: Programme,
  by: { householdId?: string | null; personId?: string | null },
) {
  let q = trx
    .selectFrom('sa_decision')
    .selectAll()
    .where('programme', '=', programme)
    .where('status', 'in', ['PAYING', 'GRADUAL_EXIT'])
  if (by.personId) q = q.where('person_id', '=', by.personId)
  else if (by.householdId) q = q.where('household_id', '=', by.householdId)
  else return undefined
  return q.orderBy('created_at', 'desc').forUpdate().executeTakeFirst()
}

export interface DecisionChange {
  monthlyAmount?: number
  careTier?: SaDecisionTable['care_tier']
  supportMode?: SaDecisionTable['support_mode']
  /** Gradual exit: keeps paying until this date. */
  gradualExitUntil?: string
  engine?: EngineRecord
  caseId: string
  reason: string
}

function load(d: DecisionRow) {
  if (!d) throw new AppError('NOT_FOUND', { what: '救助决定', whatEn: 'The assistance decision' })
  return d
}

/** Changes a paying decision (amount, care tier, gradual exit), version + 1, audited with before and after. */
export async function changeDecision(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  current: DecisionRow,
  change: DecisionChange,
): Promise<void> {
  const d = load(current)
  const set: Record<string, unknown> = { updated_at: deps.clock.now(), version: d.version + 1 }
  if (change.monthlyAmount !== undefined) set.monthly_amount = decisionFen(change.monthlyAmount, 'monthlyAmount')
  if (change.careTier !== undefined) set.care_tier = change.careTier
  if (change.supportMode !== undefined) set.support_mode = change.supportMode
  if (change.gradualExitUntil) {
    set.status = 'GRADUAL_EXIT'
    set.gradual_exit_until = change.gradualExitUntil
    set.until = change.gradualExitUntil
  }
  if (change.engine) {
    set.inputs = JSON.stringify(change.engine.inputs)
    set.computed = JSON.stringify(change.engine.computed)
    set.trace = JSON.stringify(change.engine.trace ?? null)
    set.model_version = change.engine.modelVersion
    set.param_digest = change.engine.paramDigest
  }
  set.trace_ref = `case:${change.caseId}`
  const res = await trx
    .updateTable('sa_decision')
    .set(set)
    .where('id', '=', d.id)
    .where('version', '=', d.version)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', { what: '救助决定' })
  if (change.gradualExitUntil) {
    await trx
      .updateTable('low_income_entry')
      .set({ until: change.gradualExitUntil })
      .where('source_id', '=', d.id)
      .where('until', 'is', null)
      .execute()
  }
  await recordAudit(trx, deps, actor, {
    action: 'decision.change',
    subjectType: 'sa_decision',
    subjectId: d.id,
    regionCode: d.region_code,
    before: {
      monthlyAmount: d.monthly_amount,
      careTier: d.care_tier,
      supportMode: d.support_mode,
      status: d.status,
      version: d.version,
    },
    after: {
      monthlyAmount: set.monthly_amount ?? d.monthly_amount,
      careTier: set.care_tier ?? d.care_tier,
      supportMode: set.support_mode ?? d.support_mode,
      status: set.status ?? d.status,
      gradualExitUntil: set.gradual_exit_until ?? d.gradual_exit_until,
      caseId: change.caseId,
      reason: change.reason,
      version: d.version + 1,
    },
  })
}

/** Terminates a decision: paid through the month of `today`, registry entries closed the same day. */
export async function terminateDecision(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  current: DecisionRow,
  input: { today: string; caseId: string; reason: string },
): Promise<void> {
  const d = load(current)
  const until = monthEnd(input.today)
  const res = await trx
    .updateTable('sa_decision')
    .set({
      status: 'TERMINATED',
      until,
      updated_at: deps.clock.now(),
      version: d.version + 1,
      trace_ref: `case:${input.caseId}`,
    })
    .where('id', '=', d.id)
    .where('version', '=', d.version)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', { what: '救助决定' })
  await trx
    .updateTable('low_income_entry')
    .set({ until })
    .where('source_id', '=', d.id)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', until)]))
    .execute()
  await recordAudit(trx, deps, actor, {
    action: 'decision.terminate',
    subjectType: 'sa_decision',
    subjectId: d.id,
    regionCode: d.region_code,
    before: { status: d.status, until: d.until, version: d.version },
    after: { status: 'TERMINATED', until, caseId: input.caseId, reason: input.reason, version: d.version + 1 },
  })
  await leaveGroup(trx, deps, actor, d, { until, caseId: input.caseId })
}

/**
 * The household leaves the group of decision `d`'s programme, now that `d` has ended, unless another decision of that
 * programme still keeps it there (another member's 特困, say): a version `assistance.exit` with `facts`.
 */
async function leaveGroup(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  d: NonNullable<DecisionRow>,
  facts: Record<string, unknown>,
): Promise<void> {
  const group = GROUP[d.programme]
  if (!group) return
  const other = await trx
    .selectFrom('sa_decision')
    .select('id')
    .where('household_id', '=', d.household_id)
    .where('programme', '=', d.programme)
    .where('status', 'in', ['PAYING', 'GRADUAL_EXIT'])
    .where('id', '<>', d.id)
    .limit(1)
    .executeTakeFirst()
  if (other) return
  await setGroup(trx, deps, actor, d.household_id, group, false, { programme: d.programme, decisionId: d.id, ...facts })
}

/**
 * Puts the household in `group` (`on`) or takes it out, as a version `assistance.enter` / `assistance.exit` with
 * `facts`; nothing when it already is so.
 */
async function setGroup(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  householdId: string,
  group: LowIncomeGroup,
  on: boolean,
  facts: Record<string, unknown>,
): Promise<void> {
  await changeHousehold(
    { trx, deps, actor },
    householdId,
    on ? 'assistance.enter' : 'assistance.exit',
    (h) =>
      h.low_income_groups.includes(group) === on
        ? null
        : {
            low_income_groups: on
              ? [...h.low_income_groups, group].sort(byGroupOrder)
              : h.low_income_groups.filter((g) => g !== group),
          },
    facts,
  )
}

/**
 * Ends the gradual exits in `actor`'s part of `county` whose period is over by `today`: each decision becomes
 * TERMINATED, keeping the gradual exit's last day as its end (the rosters stopped paying it the month after), audited
 * `decision.gradual_exit_end`, and the household leaves the programme's group (`leaveGroup`). One transaction per
 * decision. Returns how many ended.
 */
export async function endGradualExits(deps: Deps, actor: Actor, county: string, today: string): Promise<number> {
  const due = await deps.db
    .selectFrom('sa_decision')
    .select('id')
    .where('county_code', '=', county)
    .where('region_code', 'like', `${actor.scope}%`)
    .where('status', '=', 'GRADUAL_EXIT')
    .where('gradual_exit_until', '<', today)
    .execute()
  let ended = 0
  for (const { id } of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const d = await trx
        .selectFrom('sa_decision')
        .selectAll()
        .where('id', '=', id)
        .where('status', '=', 'GRADUAL_EXIT')
        .forUpdate()
        .executeTakeFirst()
      if (!d) return false // ended meanwhile
      await trx
        .updateTable('sa_decision')
        .set({ status: 'TERMINATED', updated_at: deps.clock.now(), version: d.version + 1 })
        .where('id', '=', id)
        .execute()
      const until = String(d.gradual_exit_until).slice(0, 10)
      await recordAudit(trx, deps, actor, {
        action: 'decision.gradual_exit_end',
        subjectType: 'sa_decision',
        subjectId: id,
        regionCode: d.region_code,
        before: { status: d.status, version: d.version },
        after: { status: 'TERMINATED', until, version: d.version + 1 },
      })
      await leaveGroup(trx, deps, actor, d, { until, gradualExit: true })
      return true
    })
    if (done) ended++
  }
  return ended
}

export interface Coverage {
  personId: string
  name: string
  group: LowIncomeGroup
  since: string
  until: string | null
}

/** 低保 / 特困 registry entries of these persons still in force on `today` (the no-double-benefit check). */
export async function activeCoverage(
  trx: Trx | Kysely<Database>,
  personIds: readonly string[],
  today: string,
): Promise<Coverage[]> {
  if (!personIds.length) return []
  const rows = await trx
    .selectFrom('low_income_entry as e')
    .innerJoin('person as p', 'p.id', 'e.person_id')
    .select(['e.person_id', 'p.name', 'e.group_code', 'e.since', 'e.until'])
    .where('e.person_id', 'in', personIds)
    .where('e.group_code', 'in', ['DIBAO', 'TEKUN'])
    .where((eb) => eb.or([eb('e.until', 'is', null), eb('e.until', '>=', today)]))
    .execute()
  return rows.map((r) => ({
    personId: r.person_id,
    name: r.name,
    group: r.group_code,
    since: String(r.since).slice(0, 10),
    until: r.until ? String(r.until).slice(0, 10) : null,
  }))
}
