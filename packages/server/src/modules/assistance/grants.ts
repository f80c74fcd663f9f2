/**
 * Special (专项) assistance grants of domain.md §6.11: medical, education, housing, employment, disaster — each
 * recorded with its granting department and the low-income group that justifies it (the household must hold that
 * group in the registry on the grant's start date). The amount is bounded by `special_grant.max` for its type and
 * the place and day (AMOUNT_OVER_CAP), and the period cannot end before it starts.
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import { AppError } from '../../platform/errors.ts'
import { Fen, IsoDate } from '../../platform/schema.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, requirePermission, scopeCondition } from '../auth/actor.ts'
import { LOW_INCOME_GROUPS } from './assistance.table.ts'
import { assertWithinCap, moneyCap } from './caps.ts'
import type { RosterDeps } from './rosters.ts'

export const GRANT_TYPES = ['MEDICAL', 'EDUCATION', 'HOUSING', 'EMPLOYMENT', 'DISASTER'] as const

export const GrantInput = z.object({
  householdId: z.string().uuid().optional(),
  householdNo: z.string().min(1).max(30).optional().describe('Instead of householdId'),
  personId: z.string().uuid().optional(),
  grantType: z.enum(GRANT_TYPES),
  amount: Fen.min(1, 'a grant pays something').describe('Fen; at most special_grant.max of the grant type'),
  periodFrom: IsoDate,
  periodTo: IsoDate.optional(),
  department: z.string().min(2).max(100),
  lowIncomeGroup: z.enum(LOW_INCOME_GROUPS),
  note: z.string().max(500).optional(),
})

export async function recordGrant(deps: RosterDeps, actor: Actor, input: z.infer<typeof GrantInput>) {
  requirePermission(actor, 'grant.record')
  if (input.periodTo !== undefined && input.periodTo < input.periodFrom)
    throw new AppError('VALIDATION_FAILED', {
      summary: `期间结束日 ${input.periodTo} 早于开始日 ${input.periodFrom}`,
      issues: [
        {
          field: 'periodTo',
          message: `结束日 ${input.periodTo} 不能早于开始日 ${input.periodFrom}`,
          messageEn: `the period cannot end (${input.periodTo}) before it starts (${input.periodFrom})`,
        },
      ],
    })
  return deps.db.transaction().execute(async (trx) => {
    const h = await trx
      .selectFrom('household')
      .select(['id', 'county_code', 'region_code'])
      .$if(!!input.householdId, (q) => q.where('id', '=', input.householdId!))
      .$if(!input.householdId, (q) => q.where('household_no', '=', input.householdNo ?? ''))
      .where(scopeCondition(actor, 'region_code'))
      .executeTakeFirst()
    if (!h) throw new AppError('NOT_FOUND', { what: '农户', whatEn: 'Household' })
    assertWithinCap(
      input.amount,
      moneyCap('special_grant.max', h.region_code, chinaDate(deps.clock.now()), { grant_type: input.grantType }),
      { zh: '专项救助金额', en: 'The grant' },
    )
    if (input.personId) {
      const p = await trx
        .selectFrom('person')
        .select('id')
        .where('id', '=', input.personId)
        .where('household_id', '=', h.id)
        .executeTakeFirst()
      if (!p) throw new AppError('NOT_FOUND', { what: '家庭成员', whatEn: 'Household member' })
    }
    const entry = await trx
      .selectFrom('low_income_entry')
      .select('id')
      .where('household_id', '=', h.id)
      .where('group_code', '=', input.lowIncomeGroup)
      .where('since', '<=', input.periodFrom)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>=', input.periodFrom)]))
      .executeTakeFirst()
    if (!entry)
      throw new AppError('PRECONDITION_FAILED', {
        reason: `该户在 ${input.periodFrom} 不属于低收入人口群体 ${input.lowIncomeGroup}`,
        reasonEn: `the household is not in low-income group ${input.lowIncomeGroup} on ${input.periodFrom}`,
      })
    const id = randomUUID()
    const row = {
      id,
      county_code: h.county_code,
      region_code: h.region_code,
      household_id: h.id,
      person_id: input.personId ?? null,
      grant_type: input.grantType,
      amount: input.amount,
      period_from: input.periodFrom,
      period_to: input.periodTo ?? null,
      department: input.department,
      low_income_group: input.lowIncomeGroup,
      note: input.note ?? null,
      created_by: actor.userId,
      created_at: deps.clock.now(),
    }
    await trx.insertInto('special_grant').values(row).execute()
    await recordAudit(trx, deps, actor, {
      action: 'grant.record',
      subjectType: 'special_grant',
      subjectId: id,
      regionCode: h.region_code,
      after: input,
    })
    return { id }
  })
}

export async function listGrants(
  deps: RosterDeps,
  actor: Actor,
  q: { grantType?: string | undefined; region?: string | undefined; page: number; pageSize: number },
) {
  requirePermission(actor, 'assistance.read')
  const base = deps.db
    .selectFrom('special_grant as g')
    .where(scopeCondition(actor, 'g.region_code'))
    .$if(!!q.grantType, (b) => b.where('g.grant_type', '=', q.grantType as (typeof GRANT_TYPES)[number]))
    .$if(!!q.region, (b) => b.where('g.region_code', 'like', `${q.region}%`))
  const [rows, count] = await Promise.all([
    base
      .innerJoin('household as h', 'h.id', 'g.household_id')
      .leftJoin('person as p', 'p.id', 'g.person_id')
      .leftJoin('person as head', 'head.id', 'h.head_person_id')
      .select([
        'g.id',
        'g.grant_type',
        'g.amount',
        'g.period_from',
        'g.period_to',
        'g.department',
        'g.low_income_group',
        'g.note',
        'g.region_code',
        'g.household_id',
        'h.household_no',
        'p.name as person_name',
        'head.name as head_name',
        'g.created_at',
      ])
      .orderBy('g.created_at', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    data: rows.map((r) => ({
      id: r.id,
      grantType: r.grant_type,
      amount: Number(r.amount),
      periodFrom: r.period_from,
      periodTo: r.period_to,
      department: r.department,
      lowIncomeGroup: r.low_income_group,
      note: r.note,
      regionCode: r.region_code,
      householdId: r.household_id,
      householdNo: r.household_no,
      name: r.person_name ?? r.head_name,
      createdAt: r.created_at.toISOString(),
    })),
    page: { page: q.page, pageSize: q.pageSize, total: Number(count.n) },
  }
}
