/**
 * Referrals both ways between rural-revitalisation monitoring and civil affairs (domain.md §5.8, §1.1 "衔接并轨"):
 * an active monitoring target whose latest per-capita net income is under the 低保 standard is referred
 * TO_CIVIL_AFFAIRS; a 低保 household under the monitoring threshold that is not monitored is referred TO_MONITORING.
 * At most one open referral per household and direction (unique index); accept/decline is audited.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { z } from 'zod'
import { AppError } from '../../platform/errors.ts'
import { recordAudit, recordAudits } from '../audit/audit.service.ts'
import { type Actor, requirePermission, scopeCondition } from '../auth/actor.ts'
import { parametersAt } from '../policy/parameters.service.ts'
import type { RosterDeps } from './rosters.ts'

/** Thresholds in fen per person per year (the catalogue resolves money in fen): 低保 standard × 12, monitoring threshold. */
export function referralThresholds(county: string, date: string) {
  const snap = parametersAt(date)
  const region = `${county}000000`
  const dibao = snap.get('dibao.standard_rural', undefined, region)
  const mon = snap.tryGet('monitoring.threshold', undefined, region)
  let monitoring = mon?.value ?? null
  let monLegal = mon?.legal ?? []
  if (monitoring === null) {
    const k = snap.get('monitoring.threshold_rule_k', undefined, region)
    monitoring = k.value * dibao.value * 12
    monLegal = k.legal
  }
  return {
    dibaoYear: Math.round(dibao.value * 12),
    monitoringYear: Math.round(monitoring),
    legal: { dibao: dibao.legal.map((l) => l.id), monitoring: monLegal.map((l) => l.id) },
  }
}

/** Opens the referrals the data call for in `county` (idempotent: open ones are not duplicated). */
export async function scanReferrals(deps: RosterDeps, actor: Actor, county: string, today: string) {
  requirePermission(actor, 'referral.handle')
  if (!county.startsWith(actor.scope.slice(0, 6)) || actor.scope.length > 6)
    throw new AppError('FORBIDDEN', { reason: '只能筛查本县', reasonEn: 'only your own county' })
  const t = referralThresholds(county, today)
  return deps.db.transaction().execute(async (trx) => {
    const rows = await sql<{ household_id: string; region_code: string; direction: string; pcn: string }>`
      with latest as (
        select distinct on (household_id) household_id, per_capita_net
        from income_assessment where county_code = ${county}
        order by household_id, period_end desc, created_at desc
      ), dibao as (
        select distinct household_id from low_income_entry
        where county_code = ${county} and group_code = 'DIBAO' and since <= ${today}::date
          and (until is null or until >= ${today}::date)
      )
      select h.id as household_id, h.region_code, 'TO_CIVIL_AFFAIRS' as direction, l.per_capita_net::text as pcn
      from household h join latest l on l.household_id = h.id
      where h.county_code = ${county} and h.status = 'ACTIVE' and h.monitoring_status = 'ACTIVE'
        and l.per_capita_net < ${t.dibaoYear} and h.id not in (select household_id from dibao)
      union all
      select h.id, h.region_code, 'TO_MONITORING', l.per_capita_net::text
      from household h join dibao d on d.household_id = h.id join latest l on l.household_id = h.id
      where h.county_code = ${county} and h.status = 'ACTIVE' and h.monitoring_status <> 'ACTIVE'
        and l.per_capita_net < ${t.monitoringYear}
    `.execute(trx)
    const now = deps.clock.now()
    const created: { id: string; householdId: string; direction: string; regionCode: string }[] = []
    for (const r of rows.rows) {
      const id = randomUUID()
      const reason =
        r.direction === 'TO_CIVIL_AFFAIRS'
          ? {
              rule: 'MONITORING_TARGET_BELOW_DIBAO',
              perCapitaNet: Number(r.pcn),
              limit: t.dibaoYear,
              legal: t.legal.dibao,
            }
          : {
              rule: 'DIBAO_BELOW_MONITORING',
              perCapitaNet: Number(r.pcn),
              limit: t.monitoringYear,
              legal: t.legal.monitoring,
            }
      const ins = await trx
        .insertInto('sa_referral')
        .values({
          id,
          county_code: county,
          region_code: r.region_code,
          household_id: r.household_id,
          direction: r.direction as 'TO_CIVIL_AFFAIRS' | 'TO_MONITORING',
          status: 'OPEN',
          reason: JSON.stringify(reason),
          created_at: now,
          created_by: actor.userId,
        })
        .onConflict((oc) => oc.columns(['household_id', 'direction']).where('status', '=', 'OPEN').doNothing())
        .returning('id')
        .executeTakeFirst()
      if (ins) created.push({ id, householdId: r.household_id, direction: r.direction, regionCode: r.region_code })
    }
    if (created.length)
      await recordAudits(
        trx,
        deps,
        actor,
        created.map((c) => ({
          action: 'referral.open',
          subjectType: 'sa_referral',
          subjectId: c.id,
          regionCode: c.regionCode,
          after: { direction: c.direction, householdId: c.householdId },
        })),
      )
    return { created: created.length, candidates: rows.rows.length }
  })
}

export async function listReferrals(
  deps: RosterDeps,
  actor: Actor,
  q: { status?: string | undefined; direction?: string | undefined; page: number; pageSize: number },
) {
  requirePermission(actor, 'assistance.read')
  const base = deps.db
    .selectFrom('sa_referral as r')
    .where(scopeCondition(actor, 'r.region_code'))
    .$if(!!q.status, (b) => b.where('r.status', '=', q.status as 'OPEN'))
    .$if(!!q.direction, (b) => b.where('r.direction', '=', q.direction as 'TO_MONITORING'))
  const [rows, count] = await Promise.all([
    base
      .innerJoin('household as h', 'h.id', 'r.household_id')
      .leftJoin('person as p', 'p.id', 'h.head_person_id')
      .select([
        'r.id',
        'r.household_id',
        'h.household_no',
        'p.name as head_name',
        'r.region_code',
        'r.direction',
        'r.status',
        'r.reason',
        'r.created_at',
        'r.resolved_at',
        'r.note',
      ])
      .orderBy('r.created_at', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    data: rows.map((r) => ({
      id: r.id,
      householdId: r.household_id,
      householdNo: r.household_no,
      headName: r.head_name,
      regionCode: r.region_code,
      direction: r.direction,
      status: r.status,
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      note: r.note,
    })),
    page: { page: q.page, pageSize: q.pageSize, total: Number(count.n) },
  }
}

export const ResolveInput = z.object({ decision: z.enum(['ACCEPTED', 'DECLINED']), note: z.string().min(2).max(500) })

export async function resolveReferral(deps: RosterDeps, actor: Actor, id: string, input: z.infer<typeof ResolveInput>) {
  requirePermission(actor, 'referral.handle')
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('sa_referral')
      .selectAll()
      .where('id', '=', id)
      .where(scopeCondition(actor, 'region_code'))
      .forUpdate()
      .executeTakeFirst()
    if (!r) throw new AppError('NOT_FOUND', { what: '转介', whatEn: 'Referral' })
    if (r.status !== 'OPEN')
      throw new AppError('TRANSITION_NOT_ALLOWED', {
        state: r.status,
        stateEn: r.status,
        event: input.decision === 'ACCEPTED' ? '接收' : '退回',
        eventEn: input.decision === 'ACCEPTED' ? 'accept' : 'decline',
      })
    await trx
      .updateTable('sa_referral')
      .set({ status: input.decision, resolved_at: deps.clock.now(), resolved_by: actor.userId, note: input.note })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, deps, actor, {
      action: input.decision === 'ACCEPTED' ? 'referral.accept' : 'referral.decline',
      subjectType: 'sa_referral',
      subjectId: id,
      regionCode: r.region_code,
      before: { status: r.status },
      after: { status: input.decision, note: input.note },
    })
    return { id, status: input.decision }
  })
}
