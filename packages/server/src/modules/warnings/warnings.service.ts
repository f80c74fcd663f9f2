/**
 * Warnings for the village: listed in the actor's region scope (village cadre → own village, township, county),
 * shown with their hits and evidence, and closed with one outcome of domain.md §8.1 and its evidence, audited in
 * the same transaction. `onWarningConverted` is the hook the identification workflow registers to start a case.
 */
import { sql } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { maskers } from '../../platform/privacy.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, requirePermission, scopeCondition } from '../auth/actor.ts'
import { parametersAt } from '../policy/parameters.service.ts'
import type { Outcome, WarningRow } from './warnings.table.ts'

export interface ConvertedWarning {
  warning: WarningRow
  actor: Actor
  deps: AppDeps
}
type ConvertedHook = (e: ConvertedWarning) => Promise<void>
const convertedHooks: ConvertedHook[] = []

/**
 * Registers what happens when a warning is closed as CONVERTED (the identification workflow starts a §7.1 case with
 * channel DEPT_WARNING). Hooks run after the outcome is committed; returns a function that unregisters the hook.
 */
export function onWarningConverted(hook: ConvertedHook): () => void {
  convertedHooks.push(hook)
  return () => {
    const i = convertedHooks.indexOf(hook)
    if (i >= 0) convertedHooks.splice(i, 1)
  }
}

export interface WarningFilter {
  status?: 'OPEN' | 'CLOSED' | undefined
  rule?: string | undefined
  region?: string | undefined
  overdue?: boolean | undefined
  page: number
  pageSize: number
}

export async function listWarnings(deps: AppDeps, actor: Actor, f: WarningFilter) {
  requirePermission(actor, 'warning.read')
  let q = deps.db
    .selectFrom('warning as w')
    .innerJoin('household as h', 'h.id', 'w.household_id')
    .leftJoin('person as p', 'p.id', 'h.head_person_id')
    .leftJoin('region as r', 'r.code', 'w.region_code')
    .where(scopeCondition(actor, 'w.region_code'))
  if (f.status) q = q.where('w.status', '=', f.status)
  if (f.rule) q = q.where(sql<boolean>`${f.rule} = any(w.rules)`)
  if (f.region) q = q.where('w.region_code', 'like', `${f.region.replace(/0+$/, '')}%`)
  if (f.overdue) q = q.where('w.status', '=', 'OPEN').where('w.deadline', '<', chinaDate(deps.clock.now()))
  const total = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .select([
      'w.id',
      'w.household_id',
      'w.region_code',
      'w.status',
      'w.severity',
      'w.rules',
      'w.opened_on',
      'w.deadline',
      'w.last_data_date',
      'w.outcome',
      'w.version',
      'h.household_no',
      'p.name as head_name',
      'r.name as village_name',
    ])
    .orderBy('w.status', 'desc')
    .orderBy('w.deadline', 'asc')
    .orderBy('w.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute()
  const today = chinaDate(deps.clock.now())
  return {
    data: rows.map((r) => ({
      id: r.id,
      householdId: r.household_id,
      householdNo: r.household_no,
      headName: r.head_name ?? null,
      regionCode: r.region_code,
      villageName: r.village_name ?? null,
      status: r.status,
      severity: r.severity,
      rules: r.rules,
      openedOn: r.opened_on,
      deadline: r.deadline,
      daysLeft: Math.round((Date.parse(r.deadline) - Date.parse(today)) / 86_400_000),
      lastDataDate: r.last_data_date,
      outcome: r.outcome,
      version: r.version,
    })),
    page: { page: f.page, pageSize: f.pageSize, total: Number(total.n) },
  }
}

async function findWarning(deps: AppDeps, actor: Actor, id: string): Promise<WarningRow> {
  const w = await deps.db
    .selectFrom('warning')
    .selectAll()
    .where('id', '=', id)
    .where(scopeCondition(actor, 'region_code'))
    .executeTakeFirst()
  if (!w) throw new AppError('NOT_FOUND', { what: '预警', whatEn: 'warning' })
  return w
}

/** The stored evidence with each parameter's citation as in force on the screening date. */
function withCitations(evidence: unknown, on: string, county: string): unknown {
  const e = (evidence ?? {}) as { parameters?: Array<{ path: string; value: number | null }> }
  const snap = parametersAt(on)
  return {
    ...e,
    parameters: (e.parameters ?? []).map((p) => {
      const v = snap.tryGet(p.path, undefined, county)
      return { ...p, since: v?.since ?? null, legal: v?.legal ?? [] }
    }),
  }
}

/** One warning with its hits: rule, member (name, masked ID), value, threshold, parameter citations, feed records. */
export async function getWarning(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'warning.read')
  const w = await findWarning(deps, actor, id)
  const hits = await deps.db
    .selectFrom('warning_hit as x')
    .leftJoin('person as p', 'p.id', 'x.person_id')
    .select([
      'x.id',
      'x.rule_code',
      'x.source',
      'x.data_date',
      'x.value',
      'x.threshold',
      'x.severity',
      'x.evidence',
      'x.screened_on',
      'p.name',
      'p.id_number',
    ])
    .where('x.warning_id', '=', id)
    .orderBy('x.created_at')
    .execute()
  const hh = await deps.db
    .selectFrom('household as h')
    .leftJoin('person as p', 'p.id', 'h.head_person_id')
    .select(['h.household_no', 'h.household_type', 'h.monitoring_status', 'p.name as head_name'])
    .where('h.id', '=', w.household_id)
    .executeTakeFirst()
  return {
    id: w.id,
    householdId: w.household_id,
    householdNo: hh?.household_no ?? null,
    householdType: hh?.household_type ?? null,
    monitoringStatus: hh?.monitoring_status ?? null,
    headName: hh?.head_name ?? null,
    regionCode: w.region_code,
    status: w.status,
    severity: w.severity,
    rules: w.rules,
    openedOn: w.opened_on,
    deadline: w.deadline,
    deadlineLegal: w.deadline_legal,
    lastDataDate: w.last_data_date,
    outcome: w.outcome,
    outcomeNote: w.outcome_note,
    outcomeEvidence: w.outcome_evidence ?? null,
    closedAt: w.closed_at ? w.closed_at.toISOString() : null,
    version: w.version,
    hits: hits.map((x) => ({
      id: x.id,
      rule: x.rule_code,
      source: x.source,
      dataDate: x.data_date,
      personName: x.name ?? null,
      idNumber: x.id_number ? maskers.idNumber(x.id_number) : null,
      value: x.value === null ? null : Number(x.value),
      threshold: x.threshold,
      severity: x.severity,
      evidence: withCitations(x.evidence, x.screened_on, w.county_code),
      screenedOn: x.screened_on,
    })),
  }
}

export interface CloseInput {
  outcome: Outcome
  note: string
  evidence?: { visitedOn?: string | undefined; visitedBy?: string | undefined; attachments?: string[] | undefined }
  version: number
}

/** Closes an open warning with its outcome and evidence (optimistic version; audited in the same transaction). */
export async function closeWarning(deps: AppDeps, actor: Actor, id: string, input: CloseInput): Promise<WarningRow> {
  requirePermission(actor, 'warning.handle')
  const w = await findWarning(deps, actor, id)
  if (w.status !== 'OPEN')
    throw new AppError('TRANSITION_NOT_ALLOWED', {
      state: '已办结',
      stateEn: 'closed',
      event: '登记办理结果',
      eventEn: 'record the outcome',
    })
  if (input.outcome === 'NO_RISK' && input.note.trim().length < 4)
    throw new AppError('PRECONDITION_FAILED', {
      reason: '核实无风险须写明核实情况作为证据',
      reasonEn: 'NO_RISK needs a written account of the on-site verification as evidence',
    })
  const now = deps.clock.now()
  const closed = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('warning')
      .set({
        status: 'CLOSED',
        outcome: input.outcome,
        outcome_note: input.note,
        outcome_evidence: JSON.stringify(input.evidence ?? {}),
        closed_by: actor.userId,
        closed_at: now,
        updated_at: now,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('status', '=', 'OPEN')
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst()
    if (!row)
      throw new AppError('CONFLICT', { what: '预警已被他人处理', whatEn: 'the warning was handled by someone else' })
    await recordAudit(trx, deps, actor, {
      action: 'warning.close',
      subjectType: 'warning',
      subjectId: id,
      regionCode: w.region_code,
      before: { status: w.status, version: w.version },
      after: { status: 'CLOSED', outcome: input.outcome, note: input.note, evidence: input.evidence ?? {} },
    })
    return row
  })
  if (closed.outcome === 'CONVERTED') for (const hook of convertedHooks) await hook({ warning: closed, actor, deps })
  return closed
}

/** County codes in the actor's scope (one screening job per county). */
export async function countiesInScope(deps: AppDeps, actor: Actor): Promise<string[]> {
  if (actor.scope.length >= 6) return [actor.scope.slice(0, 6)]
  const rows = await deps.db
    .selectFrom('region')
    .select('code')
    .where('level', '=', 3)
    .where('code', 'like', `${actor.scope}%`)
    .orderBy('code')
    .execute()
  return rows.map((r) => r.code.slice(0, 6))
}
