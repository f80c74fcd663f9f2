import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { kit } from '../monitoring/assistance.testkit.ts'

const t = useTestPlatform()
const k = kit(t)

describe('home summary', () => {
  test('a county and a village see their own figures: households, targets, open cases by stage, their tasks', async () => {
    const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const town = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const county2 = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const other = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage }))

    const before = (await t.call('GET', '/api/home/summary', { as: village })).json().data
    const a = await k.household(village)
    const b = await k.household(village)
    await k.identify({ village, town, county, county2 }, a.id, ['ILLNESS'])
    // a second clue, accepted and waiting at the village for verification
    const c = await k.open(village, 'MONITORING_IDENT', b.id, { channel: 'CADRE_SCREENING', reason: '排查' })
    await k.ok(k.act(village, c, 'ACCEPT'))

    const res = await t.call('GET', '/api/home/summary', { as: village })
    expect(res.statusCode, res.body).toBe(200)
    const s = res.json().data
    expect(s.region).toEqual({ code: R.village, name: expect.any(String) })
    expect(s.households.households).toBe(before.households.households + 2)
    expect(s.households.persons).toBe(before.households.persons + 2)
    expect(s.monitoring.targets).toBe(before.monitoring.targets + 1)
    expect(s.monitoring.identifiedThisMonth).toBe(before.monitoring.identifiedThisMonth + 1)
    const waiting = s.cases.filter((x: { caseType: string }) => x.caseType === 'MONITORING_IDENT')
    expect(waiting).toHaveLength(1)
    expect(waiting[0]).toMatchObject({ open: 1, stateLabel: { zh: expect.any(String), en: expect.any(String) } })
    expect(waiting[0].stateLabel.zh).not.toMatch(/[A-Z_]{3,}/)
    // the village office has the verification task of the second clue
    expect(s.tasks.open).toBe(before.tasks.open + 1)

    // the other village sees none of it; the county sees both households in its county figures
    const o = (await t.call('GET', '/api/home/summary', { as: other })).json().data
    expect(o.cases.filter((x: { caseType: string }) => x.caseType === 'MONITORING_IDENT')).toHaveLength(0)
    const cty = (await t.call('GET', `/api/home/summary?region=${R.village}`, { as: county })).json().data
    expect(cty.monitoring.targets).toBe(s.monitoring.targets)
    expect(cty.households.households).toBe(s.households.households)
    // visits past due: the same households the overdue-visit list names, moved past the visit interval
    await t.travel(60 * 86_400_000)
    const due = (await t.call('GET', '/api/monitoring/visits/overdue', { as: county })).json().data as unknown[]
    expect(due.length).toBeGreaterThan(0)
    const later = (await t.call('GET', '/api/home/summary', { as: county })).json().data
    expect(later.monitoring.visitsOverdue).toBe(due.length)
  })

  test('a region outside the scope is not found; roles without household rights get only their tasks', async () => {
    const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const res = await t.call('GET', `/api/home/summary?region=${R.otherVillage}`, { as: village })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('NOT_FOUND')
    const farmer = await t.login(await t.user({ role: 'FARMER', region: R.village }))
    const f = (await t.call('GET', '/api/home/summary', { as: farmer })).json().data
    expect(f).toMatchObject({ households: null, monitoring: null, warnings: null, cases: null, assistance: null })
    expect(f.tasks).toEqual({ open: 0, overdue: 0, dueSoon: 0 })
    const bad = await t.call('GET', '/api/home/summary?region=62x', { as: village })
    expect(bad.statusCode).toBe(400)
  })
})
