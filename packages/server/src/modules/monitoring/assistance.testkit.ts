/** Test helpers for the monitoring tests: a registry household, the identification run to ACTIVE, assessments. */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import { expect } from 'vitest'
import { R, type Session, type TestContext } from '../../../test/harness.ts'

export const DAY = 86_400_000
let seq = 500 + Math.floor(Math.random() * 300)
export function makeId(birth: string): string {
  seq += 3
  const first17 = `622926${birth}${String(seq).padStart(3, '0').slice(-3)}`
  return first17 + computeCheckChar(first17)
}

/** The five guarantees of a verification form, all secured. */
export const SECURED = {
  foodClothingOk: true,
  compulsoryEducationOk: true,
  medicalInsuranceOk: true,
  housingSafetyOk: true,
  drinkingWaterOk: true,
}

export type Case = { case: { id: string; version: number; state: string } }

export function kit(t: TestContext) {
  async function household(s: Session, opts: { labour?: string; contact?: boolean } = {}) {
    const members = [
      { name: '马哈麦', idNumber: makeId('19700315'), relationToHead: 'HEAD', labourSkill: opts.labour ?? 'ORDINARY' },
    ]
    const res = await t.call('POST', '/api/households', {
      as: s,
      json: {
        regionCode: R.village,
        householdType: 'GENERAL',
        phone: '13912345678',
        ...(opts.contact ? { monitorContactName: '马联络', monitorContactPhone: '13900001111' } : {}),
        members,
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    const id = res.json().data.id as string
    const hh = await t.call('GET', `/api/households/${id}`, { as: s })
    return { id, headPersonId: hh.json().data.members[0].id as string }
  }
  const act = (s: Session, c: Case, event: string, values: object = {}, comment?: string) =>
    t.call('POST', `/api/cases/${c.case.id}/actions`, {
      as: s,
      json: { event, version: c.case.version, values, ...(comment ? { comment } : {}) },
    })
  async function ok(p: ReturnType<typeof act>): Promise<Case> {
    const res = await p
    expect(res.statusCode, res.body).toBe(200)
    return res.json().data
  }
  async function open(s: Session, type: string, householdId: string, values: object): Promise<Case> {
    const res = await t.call('POST', '/api/cases', { as: s, json: { type, householdId, values } })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().data
  }
  /** Runs §7.1 to ACTIVE (moves the clock 6 days for the publicity). */
  async function identify(
    who: { village: Session; town: Session; county: Session; county2: Session },
    householdId: string,
    risks: string[],
  ) {
    let c = await open(who.village, 'MONITORING_IDENT', householdId, { channel: 'CADRE_SCREENING', reason: '排查' })
    c = await ok(act(who.village, c, 'ACCEPT'))
    c = await ok(act(who.village, c, 'VERIFY', { income_migrant_work: 5000, ...SECURED, consentSigned: true }))
    c = await ok(act(who.county, c, 'COMPARED', { comparison: '无' }))
    c = await ok(
      act(who.village, c, 'APPRAISED', {
        attendees: 10,
        votesFor: 9,
        votesAgainst: 0,
        minutes: '同意',
        category: 'MARGINAL',
        risks,
      }),
    )
    await t.travel(6 * DAY)
    c = await ok(act(who.village, c, 'FORWARD'))
    c = await ok(act(who.town, c, 'REVIEWED'))
    c = await ok(act(who.county2, c, 'APPROVE'))
    expect(c.case.state).toBe('ACTIVE')
  }
  /** An income assessment in fen (migrant wage to the head), in effect from `periodEnd`. */
  async function assess(householdId: string, periodEnd: string, wageFen: number, selfPaidFen = 0) {
    await t.deps.db
      .insertInto('income_assessment')
      .values({
        id: crypto.randomUUID(),
        household_id: householdId,
        county_code: '622926',
        region_code: R.village,
        assessment_type: 'ANNUAL',
        period_start: `${Number(periodEnd.slice(0, 4)) - 1}${periodEnd.slice(4)}`,
        period_end: periodEnd,
        items: JSON.stringify({ migrant_work: wageFen }),
        wage: wageFen,
        business: 0,
        property: 0,
        transfer: 0,
        business_costs: 0,
        claim_income: 0,
        compliant_self_paid: selfPaidFen,
        net_income: wageFen,
        household_size: 1,
        per_capita_net: wageFen,
        reference_income: wageFen - selfPaidFen,
        per_capita_reference: wageFen - selfPaidFen,
        created_at: new Date(),
        created_by: null,
      })
      .execute()
  }
  return { household, act, ok, open, identify, assess }
}
