import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { DAY, kit, SECURED } from './assistance.testkit.ts'

const t = useTestPlatform({ runJobs: false })
const k = kit(t)

describe('MONITORING_ELIM (domain.md §6.3, §7.3)', () => {
  test('readiness refused with the engine’s reasons, allowed once income is stable; approval, rollback, natural decrease', async () => {
    const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const other = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage }))
    const town = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const town2 = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const county2 = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const h = await k.household(village)
    await k.identify({ village, town, county, county2 }, h.id, ['UNSTABLE_EMPLOYMENT'])
    let hh = (await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data
    // identified 2026-12; income 15,000 yuan a year in effect from 2026-12
    await k.assess(h.id, '2026-12-31', 1_500_000)

    // another village cannot open an elimination case for this household
    const foreign = await t.call('POST', '/api/cases', {
      as: other,
      json: { type: 'MONITORING_ELIM', householdId: h.id, values: { reason: '收入稳定' } },
    })
    expect(foreign.statusCode).toBe(404)

    let c = await k.open(village, 'MONITORING_ELIM', h.id, { reason: '务工收入稳定' })
    expect(c.case.state).toBe('PROPOSAL')
    const propose = { method: 'ASSISTED', risksResolved: true }
    const refused = await k.act(village, c, 'PROPOSE', propose)
    expect(refused.statusCode).toBe(422)
    const err = refused.json().error
    expect(err.code).toBe('PRECONDITION_FAILED')
    expect(err.message).toContain('收入持续稳定')
    // the parameter by its name and value, and the document it rests on by its title; no keys or source tags
    expect(err.message).toContain('风险消除前收入持续稳定的月数 6')
    expect(err.message).toContain('枞阳县 监测对象风险消除标准')
    expect(err.message).not.toMatch(/monitoring\.|S\d+/)
    const failed = (err.details.readiness.conditions as Array<{ code: string; met: boolean }>).filter((x) => !x.met)
    expect(failed.map((x) => x.code)).toEqual(expect.arrayContaining(['income_stable', 'month_gap']))

    // seven months later the income has been stable long enough
    await t.travel(210 * DAY)
    const preview = await t.call('GET', `/api/monitoring/households/${h.id}/readiness?risksResolved=true`, {
      as: village,
    })
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json().data.ready).toBe(true)
    // the risks must still be confirmed resolved
    const unresolved = await k.act(village, c, 'PROPOSE', { method: 'ASSISTED', risksResolved: false })
    expect(unresolved.statusCode).toBe(422)
    expect(unresolved.json().error.message).toContain('风险')
    // the township officer proposes (and so may not review it later)
    c = await k.ok(k.act(town, c, 'PROPOSE', propose))
    expect(c.case.state).toBe('ELIM_VERIFICATION')

    // the verification form is prefilled with the registry's latest items (15 000 yuan of wages)
    const form = (await t.call('GET', `/api/cases/${c.case.id}`, { as: village })).json().data
    expect(form.actions.find((a: { event: string }) => a.event === 'VERIFY').initial).toMatchObject({
      income_migrant_work: 15000,
      drinkingWaterOk: true,
    })
    // a guarantee not secured is refused
    expect((await k.act(village, c, 'VERIFY', { ...SECURED, housingSafetyOk: false })).statusCode).toBe(422)
    // §9 rule 5: assisted elimination needs the engine's per-capita income at elimination above the threshold
    const below = await k.act(village, c, 'VERIFY', { income_migrant_work: 5000, ...SECURED })
    expect(below.statusCode).toBe(422)
    expect(below.json().error.message).toContain('4_11_010')
    expect(below.json().error.message).toContain('5000')
    const elimRows = () =>
      t.deps.db
        .selectFrom('income_assessment')
        .selectAll()
        .where('household_id', '=', h.id)
        .where('assessment_type', '=', 'ELIMINATION')
        .execute()
    expect(await elimRows()).toHaveLength(0)
    const versionBefore = (await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data.version
    c = await k.ok(k.act(village, c, 'VERIFY', { ...SECURED }))
    const verified = (c as unknown as { case: { data: Record<string, unknown> } }).case.data
    expect(verified).toMatchObject({ perCapitaNet: 15000, guaranteesOk: true })
    expect((verified.engine as { explanation: unknown[] }).explanation.length).toBeGreaterThan(0)
    const [elimRow] = await elimRows()
    expect(elimRow).toMatchObject({ id: verified.assessmentId })
    expect(Number(elimRow?.per_capita_net)).toBe(1_500_000)
    expect(
      await t.deps.db
        .selectFrom('guarantee_check')
        .select('id')
        .where('id', '=', String(verified.guaranteeCheckId))
        .execute(),
    ).toHaveLength(1)
    expect((await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data.version).toBe(
      versionBefore + 1,
    )
    c = await k.ok(
      k.act(village, c, 'APPRAISED', { attendees: 12, votesFor: 11, votesAgainst: 0, minutes: '同意消除' }),
    )
    expect(c.case.state).toBe('ELIM_PUBLICITY')
    expect((await k.act(village, c, 'FORWARD')).statusCode).toBe(422)
    await t.travel(6 * DAY)
    c = await k.ok(k.act(village, c, 'FORWARD'))
    expect((await k.act(village, c, 'REVIEWED')).statusCode).toBe(403)
    const sod = await k.act(town, c, 'REVIEWED')
    expect(sod.statusCode).toBe(403)
    expect(sod.json().error.code).toBe('SEPARATION_OF_DUTY')
    c = await k.ok(k.act(town2, c, 'REVIEWED'))
    // §9 rule 8: the monitoring contact must be registered before the county approves
    const noContact = await k.act(county, c, 'APPROVE')
    expect(noContact.statusCode).toBe(422)
    expect(noContact.json().error.message).toContain('1_11_011')
    hh = (await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data
    const contact = await t.call('PATCH', `/api/households/${h.id}`, {
      as: village,
      json: { version: hh.version, monitorContactName: '马联络', monitorContactPhone: '13900001111' },
    })
    expect(contact.statusCode, contact.body).toBe(200)
    const stale = c
    c = await k.ok(k.act(county, c, 'APPROVE'))
    expect(c.case.state).toBe('RISK_ELIMINATED')
    expect((await k.act(county2, stale, 'APPROVE')).statusCode).toBe(409)

    hh = (await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data
    expect(hh.monitoringStatus).toBe('ELIMINATED')
    let plan = (await t.call('GET', `/api/monitoring/households/${h.id}/plan`, { as: village })).json().data
    expect(plan.plan.status).toBe('CLOSED')
    const audits = await t.deps.db
      .selectFrom('audit_event' as never)
      .select('action' as never)
      .where('subject_id' as never, '=', h.id as never)
      .execute()
    expect(audits.map((a) => (a as { action: string }).action)).toContain('household.monitoring.eliminate')
    // the status changes are versions of the household: in its timeline, with what changed
    const history = (await t.call('GET', `/api/households/${h.id}/history`, { as: village })).json().data as Array<{
      action: string
      version: number
      changes: Array<{ path: string; before: unknown; after: unknown }>
    }>
    const elim = history.find((v) => v.action === 'monitoring.eliminate')
    expect(elim?.version).toBe(hh.version)
    expect(elim?.changes).toContainEqual(
      expect.objectContaining({ path: 'household.monitoring_status', before: 'ACTIVE', after: 'ELIMINATED' }),
    )
    expect(history.map((v) => v.action)).toContain('monitoring.identify')

    // rollback: county only, on the household version seen
    const rb = { version: hh.version, reason: '家人新发重病', risks: ['ILLNESS'] }
    expect(
      (await t.call('POST', `/api/monitoring/households/${h.id}/rollback`, { as: village, json: rb })).statusCode,
    ).toBe(403)
    expect(
      (
        await t.call('POST', `/api/monitoring/households/${h.id}/rollback`, {
          as: county,
          json: { ...rb, version: hh.version - 1 },
        })
      ).statusCode,
    ).toBe(409)
    const back = await t.call('POST', `/api/monitoring/households/${h.id}/rollback`, { as: county, json: rb })
    expect(back.statusCode, back.body).toBe(200)
    plan = back.json().data
    expect(plan.household.monitoringStatus).toBe('ACTIVE')
    expect(plan.plan.status).toBe('ACTIVE')
    expect(plan.plan.risks).toEqual(['ILLNESS'])
    expect(plan.plan.rollbackMonth).toMatch(/^2027\d{2}$/)

    // natural decrease: refused while a member is registered, then closes the case and the plan
    let n = await k.open(village, 'MONITORING_ELIM', h.id, { reason: '户主去世' })
    expect((await k.act(village, n, 'NATURAL_DECREASE', {}, '户主去世')).statusCode).toBe(422)
    hh = (await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data
    const dec = await t.call('POST', `/api/households/${h.id}/members/${h.headPersonId}/decrease`, {
      as: village,
      json: { version: hh.version, date: '2027-07-01', reason: 'DEATH' },
    })
    expect(dec.statusCode, dec.body).toBe(200)
    n = await k.ok(k.act(village, n, 'NATURAL_DECREASE', {}, '户主去世'))
    expect(n.case.state).toBe('CLOSED_NATURAL_DECREASE')
    hh = (await t.call('GET', `/api/households/${h.id}`, { as: village })).json().data
    expect(hh.monitoringStatus).toBe('CLOSED_NATURAL_DECREASE')
  })

  test('a household without labour capacity is never ready (policy reason shown)', async () => {
    const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const town = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const county2 = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const h = await k.household(village, { labour: 'LOST' })
    await k.identify({ village, town, county, county2 }, h.id, ['LACK_OF_LABOUR'])
    await k.assess(h.id, '2026-01-31', 3_000_000)
    const c = await k.open(village, 'MONITORING_ELIM', h.id, { reason: '兜底后收入超线' })
    const res = await k.act(village, c, 'PROPOSE', { method: 'ASSISTED', risksResolved: true })
    expect(res.statusCode).toBe(422)
    expect(res.json().error.message).toContain('整户无劳动能力')
    expect(res.json().error.details.readiness.rule).toBe('no_labour_capacity')
  })
})
