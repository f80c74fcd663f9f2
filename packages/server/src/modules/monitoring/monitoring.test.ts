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
    const noConsent = await act(village, c, 'VERIFY', {
      perCapitaNet: 700000,
      guaranteesOk: true,
      consentSigned: false,
    })
    expect(noConsent.statusCode).toBe(422)
    c = await ok(act(village, c, 'VERIFY', { perCapitaNet: 700000, guaranteesOk: true, consentSigned: true }))
    expect(c.case.state).toBe('DATA_COMPARISON')
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
