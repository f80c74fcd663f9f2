/**
 * Adjustment lines of an approved payment roster (issue 17, finding 2): the only change an approved roster takes,
 * and money like any other, so under the same separation of duties as the roster itself. An adjustment corrects one
 * regular line by a signed amount (never 0, at most `roster.adjustment_max` either way, never taking back more than
 * the line pays) with a reason; it is PENDING — not in the totals, and the bank file is refused — until a county
 * officer other than its author approves or rejects it. Each step is audited in its transaction; the database
 * trigger (migration 2026_12_07_1000) refuses any other change of an approved roster's lines.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import { AppError } from '../../platform/errors.ts'
import { SignedFen } from '../../platform/schema.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, assertNotSameActor, requirePermission, scopeCondition } from '../auth/actor.ts'
import { assertWithinCap, moneyCap } from './caps.ts'
import type { RosterDeps } from './rosters.ts'

export const AdjustmentInput = z.object({
  adjustsLineId: z.string().uuid().describe('The regular line being corrected'),
  amount: SignedFen.describe('Fen; positive pays more, negative takes back; not 0; within roster.adjustment_max'),
  note: z.string().trim().min(2).max(500).describe('Why the line is corrected (required)'),
})
export type AdjustmentInput = z.infer<typeof AdjustmentInput>

export const ReviewInput = z.object({
  note: z.string().trim().min(2).max(500).optional().describe('Reviewer’s remark; required to reject'),
})
export type ReviewInput = z.infer<typeof ReviewInput>

const lineNotFound = () => new AppError('NOT_FOUND', { what: '名册行', whatEn: 'Roster line' })

/** The roster, in the actor's county; adjustments exist only on approved rosters. */
async function approvedRoster(deps: RosterDeps, actor: Actor, rosterId: string) {
  const r = await deps.db.selectFrom('pay_roster').selectAll().where('id', '=', rosterId).executeTakeFirst()
  if (!r || !`${r.county_code}000000`.startsWith(actor.scope.slice(0, 6)))
    throw new AppError('NOT_FOUND', { what: '发放名册', whatEn: 'Payment roster' })
  if (r.status !== 'APPROVED')
    throw new AppError('PRECONDITION_FAILED', {
      reason: '只有已审批的名册才能添加或审批调整行；草稿请重新生成',
      reasonEn: 'adjustments belong to approved rosters; regenerate a draft instead',
    })
  return r
}

/** Adds a PENDING adjustment line: bounded, with a reason, audited; paid only after another officer approves it. */
export async function addAdjustment(
  deps: RosterDeps,
  actor: Actor,
  rosterId: string,
  input: AdjustmentInput,
): Promise<{ id: string; reviewStatus: 'PENDING' }> {
  requirePermission(actor, 'roster.adjust')
  const r = await approvedRoster(deps, actor, rosterId)
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx) => {
    // the corrected line, locked so that two adjustments of it are weighed one after the other
    const line = await trx
      .selectFrom('pay_roster_line')
      .selectAll()
      .where('id', '=', input.adjustsLineId)
      .where('roster_id', '=', rosterId)
      .where('kind', '=', 'REGULAR')
      .where(scopeCondition(actor, 'region_code'))
      .forUpdate()
      .executeTakeFirst()
    if (!line) throw lineNotFound()
    assertWithinCap(input.amount, moneyCap('roster.adjustment_max', line.region_code, chinaDate(now)), {
      zh: '调整金额',
      en: 'The adjustment',
    })
    const earlier = await trx
      .selectFrom('pay_roster_line')
      .select(sql<string>`coalesce(sum(amount), 0)`.as('sum'))
      .where('adjusts_line_id', '=', line.id)
      .where('review_status', 'in', ['PENDING', 'APPROVED'])
      .executeTakeFirstOrThrow()
    const net = Number(line.amount) + Number(earlier.sum) + input.amount
    if (net < 0)
      throw new AppError('PRECONDITION_FAILED', {
        reason: `调整后该行应发金额为 ${net / 100} 元，不能为负（原发 ${Number(line.amount) / 100} 元，已有调整 ${Number(earlier.sum) / 100} 元）`,
        reasonEn: `after the adjustment the line would pay ${net / 100} yuan; it cannot be negative (line ${Number(line.amount) / 100} yuan, earlier adjustments ${Number(earlier.sum) / 100} yuan)`,
      })
    const id = randomUUID()
    await trx
      .insertInto('pay_roster_line')
      .values({
        id,
        roster_id: rosterId,
        county_code: line.county_code,
        township_code: line.township_code,
        region_code: line.region_code,
        household_id: line.household_id,
        person_id: line.person_id,
        decision_id: line.decision_id,
        programme: line.programme,
        kind: 'ADJUSTMENT',
        amount: input.amount,
        calc: JSON.stringify({
          adjusts: line.id,
          decisionId: line.decision_id,
          traceRef: line.calc.traceRef ?? null,
          reason: input.note,
        }),
        adjusts_line_id: line.id,
        note: input.note,
        created_by: actor.userId,
        created_at: now,
        review_status: 'PENDING',
      })
      .execute()
    await recordAudit(trx, deps, actor, {
      action: 'roster.adjust',
      subjectType: 'pay_roster',
      subjectId: r.id,
      regionCode: line.region_code,
      after: { lineId: id, adjusts: line.id, amount: input.amount, note: input.note, reviewStatus: 'PENDING' },
    })
    return { id, reviewStatus: 'PENDING' as const }
  })
}

/**
 * Approves (the line is paid: totals and the bank file include it) or rejects (it never is) a PENDING adjustment.
 * Only a county officer with `roster.approve` who is not the adjustment's author; audited in the same transaction.
 */
export async function reviewAdjustment(
  deps: RosterDeps,
  actor: Actor,
  rosterId: string,
  lineId: string,
  decision: 'APPROVED' | 'REJECTED',
  input: ReviewInput,
): Promise<{ id: string; reviewStatus: 'APPROVED' | 'REJECTED'; amount: number }> {
  requirePermission(actor, 'roster.approve')
  if (actor.scope.length > 6)
    throw new AppError('FORBIDDEN', {
      reason: '调整行由县级审批',
      reasonEn: 'adjustments are approved at county level',
    })
  const r = await approvedRoster(deps, actor, rosterId)
  if (decision === 'REJECTED' && !input.note)
    throw new AppError('VALIDATION_FAILED', {
      summary: '退回调整行须说明理由',
      issues: [{ field: 'note', message: '退回须说明理由', messageEn: 'a rejection needs a reason' }],
    })
  return deps.db.transaction().execute(async (trx) => {
    const line = await trx
      .selectFrom('pay_roster_line')
      .selectAll()
      .where('id', '=', lineId)
      .where('roster_id', '=', rosterId)
      .where('kind', '=', 'ADJUSTMENT')
      .forUpdate()
      .executeTakeFirst()
    if (!line) throw lineNotFound()
    if (line.review_status !== 'PENDING')
      throw new AppError('TRANSITION_NOT_ALLOWED', {
        state: line.review_status === 'APPROVED' ? '已批准' : '已退回',
        stateEn: line.review_status === 'APPROVED' ? 'approved' : 'rejected',
        event: decision === 'APPROVED' ? '批准调整' : '退回调整',
        eventEn: decision === 'APPROVED' ? 'approve the adjustment' : 'reject the adjustment',
      })
    assertNotSameActor(actor, line.created_by, {
      zh: '添加调整行的人员不能审批同一调整行',
      en: 'the officer who added an adjustment cannot approve or reject it',
    })
    const now = deps.clock.now()
    await trx
      .updateTable('pay_roster_line')
      .set({ review_status: decision, reviewed_by: actor.userId, reviewed_at: now, review_note: input.note ?? null })
      .where('id', '=', line.id)
      .execute()
    await recordAudit(trx, deps, actor, {
      action: decision === 'APPROVED' ? 'roster.adjust.approve' : 'roster.adjust.reject',
      subjectType: 'pay_roster',
      subjectId: r.id,
      regionCode: line.region_code,
      before: { lineId: line.id, reviewStatus: 'PENDING', createdBy: line.created_by },
      after: {
        lineId: line.id,
        adjusts: line.adjusts_line_id,
        amount: Number(line.amount),
        reviewStatus: decision,
        note: input.note ?? null,
      },
    })
    return { id: line.id, reviewStatus: decision, amount: Number(line.amount) }
  })
}
