import { computeCheckChar } from '@xianjie/rules/identifiers'
import { describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'

const t = useTestPlatform()
const DAY = 86_400_000

let seq = 300
function makeId(birth: string): string {
  seq += 2
  const first17 = `622926${birth}${String(seq).padStart(3, '0').slice(-3)}`
  return first17 + computeCheckChar(first17)
}

async function household(s: Session, type: 'GENERAL' | 'TUOPIN' = 'GENERAL') {
  const headId = makeId('19700315')
  const res = await t.call('POST', '/api/households', {
    as: s,
    json: {
      regionCode: R.village,
      householdType: type,
      ...(type === 'TUOPIN' ? { tuopinYear: 2016, isFormerlyPoor: true } : {}),
      phone: '13912345678',
      members: [{ name: '马哈麦', idNumber: headId, relationToHead: 'HEAD', labourSkill: 'ORDINARY' }],
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  return { id: res.json().data.id as string, headId }
}

const SECURED = {
  foodClothingOk: true,
  compulsoryEducationOk: true,
  medicalInsuranceOk: true,
  housingSafetyOk: true,
  drinkingWaterOk: true,
}

/** An assessment and a 三保障 check in the registry (what the verification form is prefilled from). */
async function assessed(s: Session, id: string) {
  const version = (await t.call('GET', `/api/households/${id}`, { as: s })).json().data.version
  const res = await t.call('POST', `/api/households/${id}/assessments`, {
    as: s,
    json: {
      version,
      date: '2026-10-31',
      items: { migrant_work: 600_000, crops: 150_000 },
      guarantees: { ...SECURED, housingSafetyOk: false },
    },
  })
  expect(res.statusCode, res.body).toBe(200)
}

type Case = { case: { id: string; version: number; state: string } }
async function act(s: Session, c: Case, event: string, values: object = {}, comment?: string) {
  const res = await t.call('POST', `/api/cases/${c.case.id}/actions`, {
    as: s,
    json: { event, version: c.case.version, values, ...(comment ? { comment } : {}) },
  })
  return res
}
async function ok(p: ReturnType<typeof act>): Promise<Case> {
  const res = await p
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data
}

describe('MONITORING_IDENT (domain.md §7.1)', () => {
  test('clue → verification → comparison → appraisal → publicity → township → county → ACTIVE with a plan', async () => {
    const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const town = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const county2 = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const h = await household(village)

    const opened = await t.call('POST', '/api/cases', {
      as: village,
      json: {
        type: 'MONITORING_IDENT',
        householdId: h.id,
        values: { channel: 'CADRE_SCREENING', reason: '因病支出大' },
      },
    })
    expect(opened.statusCode, opened.body).toBe(200)
    let c: Case = opened.json().data
    expect(c.case.state).toBe('CLUE_RECEIVED')

    // provisional assistance only for disaster risk
    expect((await act(village, c, 'PROVISIONAL_ASSISTANCE', { item: '临时救助' })).statusCode).toBe(422)

    c = await ok(act(village, c, 'ACCEPT'))
    // consent must be signed
    // the form is prefilled from the registry: the latest assessment's items (yuan) and 三保障 check
    await assessed(village, h.id)
    const form = (await t.call('GET', `/api/cases/${c.case.id}`, { as: village })).json().data
    const verify = form.actions.find((a: { event: string }) => a.event === 'VERIFY')
    expect(verify.initial).toMatchObject({ income_migrant_work: 6000, income_crops: 1500, housingSafetyOk: false })
    expect(verify.fields.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['income_migrant_work', 'claimIncome', 'drinkingWaterOk', 'consentSigned']),
    )
    // consent must be signed
    const noConsent = await act(village, c, 'VERIFY', { ...SECURED, consentSigned: false })
    expect(noConsent.statusCode).toBe(422)
    const before = (await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data.version
    // only the wage is changed on the visit; the crops come from the registry
    c = await ok(act(village, c, 'VERIFY', { income_migrant_work: 4000, ...SECURED, consentSigned: true }))
    expect(c.case.state).toBe('DATA_COMPARISON')
    const data = (c as unknown as { case: { data: Record<string, unknown> } }).case.data
    // one member: per capita = 4 000 + 1 500 yuan, computed by the engine, explained with the parameters' sources
    expect(data).toMatchObject({ perCapitaNet: 5500, guaranteesOk: true, assessed: true })
    const engine = data.engine as { explanation: Array<{ variable: string }>; paramDigest: string }
    expect(engine.explanation.map((x) => x.variable)).toContain('per_capita_net')
    expect(engine.paramDigest).toBeTruthy()
    const row = await t.deps.db
      .selectFrom('income_assessment')
      .selectAll()
      .where('id', '=', data.assessmentId as string)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ assessment_type: 'IDENTIFICATION', household_id: h.id, period_end: '2026-11-28' })
    expect(Number(row.per_capita_net)).toBe(550_000)
    expect(row.items).toEqual({ migrant_work: 400_000, crops: 150_000 })
    const check = await t.deps.db
      .selectFrom('guarantee_check')
      .selectAll()
      .where('id', '=', data.guaranteeCheckId as string)
      .executeTakeFirstOrThrow()
    expect(check).toMatchObject({ housing_safety_ok: true, drinking_water_ok: true, checked_on: '2026-11-28' })
    const after = (await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data
    expect(after.version).toBe(before + 1)
    expect(after.assessment).toMatchObject({ assessmentType: 'IDENTIFICATION', perCapitaNet: 550_000 })
    const history = (await t.call('GET', `/api/households/${h.id}/history`, { as: village })).json().data
    expect(history.map((v: { action: string }) => v.action)).toContain('assessment.identification')
    c = await ok(act(county, c, 'COMPARED', { comparison: '车辆、房产、工商均无' }))

    const appraisal = { attendees: 20, votesFor: 18, votesAgainst: 1, minutes: '同意纳入', risks: ['ILLNESS'] }
    // category must fit the household type: 脱贫不稳定户 only for TUOPIN
    const wrong = await act(village, c, 'APPRAISED', { ...appraisal, category: 'UNSTABLE_TUOPIN' })
    expect(wrong.statusCode).toBe(422)
    expect((await act(village, c, 'APPRAISED', { ...appraisal, votesFor: 25, category: 'MARGINAL' })).statusCode).toBe(
      422,
    )
    c = await ok(act(village, c, 'APPRAISED', { ...appraisal, category: 'MARGINAL' }))
    expect(c.case.state).toBe('VILLAGE_PUBLICITY')

    // publicity must run its days
    expect((await act(village, c, 'FORWARD')).statusCode).not.toBe(200)
    await t.travel(6 * DAY)
    c = await ok(act(village, c, 'FORWARD'))
    c = await ok(act(town, c, 'REVIEWED'))
    expect(c.case.state).toBe('COUNTY_APPROVAL')

    // the county officer who recorded the comparison cannot approve
    expect((await act(county, c, 'APPROVE')).statusCode).toBe(403)
    // two officers on the same step: the stale version conflicts
    const stale = c
    c = await ok(act(county2, c, 'APPROVE'))
    expect(c.case.state).toBe('ACTIVE')
    expect((await act(county2, stale, 'APPROVE')).statusCode).toBe(409)

    const hh = await t.call('GET', `/api/households/${h.id}`, { as: village })
    expect(hh.json().data.monitoringStatus).toBe('ACTIVE')
    const plan = await t.deps.db
      .selectFrom('monitoring_plan' as never)
      .selectAll()
      .where('household_id' as never, '=', h.id as never)
      .execute()
    expect(plan).toHaveLength(1)

    // a household already ACTIVE cannot be accepted again
    const again = await t.call('POST', '/api/cases', {
      as: village,
      json: { type: 'MONITORING_IDENT', householdId: h.id, values: { channel: 'CADRE_SCREENING', reason: '再次' } },
    })
    expect((await act(village, again.json().data, 'ACCEPT')).statusCode).toBe(422)
  })

  test('public self-declaration opens a case with a receipt; bad ID numbers are refused', async () => {
    const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const h = await household(village)
    const bad = await t.call('POST', '/api/public/declarations', {
      json: {
        name: '马哈麦',
        idNumber: '622926197003150001',
        phone: '13912345678',
        villageCode: R.village,
        reason: '家人住院',
      },
    })
    expect(bad.statusCode).toBe(400)
    const res = await t.call('POST', '/api/public/declarations', {
      json: { name: '马哈麦', idNumber: h.headId, phone: '13912345678', villageCode: R.village, reason: '家人住院' },
    })
    expect(res.statusCode, res.body).toBe(200)
    const code = res.json().data.receiptCode
    const progress = await t.call('GET', `/api/public/receipts/${code}`)
    expect(progress.statusCode, progress.body).toBe(200)
    expect(progress.json().data.state.zh).toBe('线索受理')
  })
})
