/** Test fixtures of the assistance tests: households with bank accounts, decisions and registry entries by SQL. */
import { randomUUID } from 'node:crypto'
import type { Session, TestContext } from '../../../test/harness.ts'
import { makeHousehold } from '../warnings/warnings.testkit.ts'
import type { LowIncomeGroup, Programme } from './assistance.table.ts'

export interface Fixture {
  householdId: string
  regionCode: string
  headId: string
  childId: string
}

let account = 6_217_000_000_000_000
/** A household (head born 1970, child 2012) whose members have 一卡通 accounts and resident pension insurance. */
export async function household(t: TestContext, cadre: Session, region?: string): Promise<Fixture> {
  const made = await makeHousehold(t, cadre, region ? { region } : {})
  const people = await t.deps.db
    .selectFrom('person')
    .select(['id', 'relation_to_head', 'region_code'])
    .where('household_id', '=', made.id)
    .execute()
  for (const p of people)
    await t.deps.db
      .updateTable('person')
      .set({
        bank_account: String(++account),
        insurance: JSON.stringify({ residentPension: true, employeePension: false }),
      })
      .where('id', '=', p.id)
      .execute()
  const head = people.find((p) => p.relation_to_head === 'HEAD')!
  const child = people.find((p) => p.relation_to_head !== 'HEAD')!
  return { householdId: made.id, regionCode: head.region_code, headId: head.id, childId: child.id }
}

export async function decision(
  t: TestContext,
  f: Fixture,
  d: {
    programme: Programme
    personId?: string | null
    monthlyAmount?: number
    oneOffAmount?: number
    payMonth?: string
    since?: string
    until?: string | null
    status?: 'PAYING' | 'GRADUAL_EXIT' | 'TERMINATED'
    gradualExitUntil?: string
    careTier?: 'SELF_CARE' | 'SEMI_CARE' | 'FULL_CARE'
    supportMode?: 'HOME' | 'INSTITUTION'
    reliefType?: 'URGENT' | 'EXPENDITURE'
    fastTrack?: boolean
    covered?: number
  },
): Promise<string> {
  const id = randomUUID()
  const now = t.clock.now()
  await t.deps.db
    .insertInto('sa_decision')
    .values({
      id,
      county_code: f.regionCode.slice(0, 6),
      region_code: f.regionCode,
      household_id: f.householdId,
      person_id: d.personId ?? (d.programme === 'TEKUN' ? f.headId : null),
      programme: d.programme,
      care_tier: d.careTier ?? null,
      support_mode: d.supportMode ?? null,
      relief_type: d.reliefType ?? null,
      covered_persons: d.covered ?? 1,
      monthly_amount: d.monthlyAmount ?? 0,
      one_off_amount: d.oneOffAmount ?? 0,
      pay_month: d.payMonth ?? null,
      since: d.since ?? '2026-12-01',
      until: d.until ?? null,
      status: d.status ?? 'PAYING',
      gradual_exit_until: d.gradualExitUntil ?? null,
      inputs: JSON.stringify({ fastTrack: d.fastTrack ?? false }),
      computed: JSON.stringify({ amount: d.monthlyAmount ?? d.oneOffAmount ?? 0 }),
      trace: JSON.stringify({ steps: [] }),
      trace_ref: `case:${randomUUID()}`,
      model_version: 'test',
      param_digest: 'test',
      decided_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return id
}

export async function entry(
  t: TestContext,
  f: Fixture,
  personId: string,
  group: LowIncomeGroup,
  since = '2026-01-01',
  until: string | null = null,
): Promise<void> {
  await t.deps.db
    .insertInto('low_income_entry')
    .values({
      id: randomUUID(),
      county_code: f.regionCode.slice(0, 6),
      region_code: f.regionCode,
      household_id: f.householdId,
      person_id: personId,
      group_code: group,
      since,
      until,
      source: 'test',
      created_at: t.clock.now(),
    })
    .execute()
}
