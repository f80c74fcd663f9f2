import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { DAY, kit } from './assistance.testkit.ts'

const t = useTestPlatform({ runJobs: false })
const k = kit(t)

describe('assistance plans, measures, checks and visits (domain.md §7.2, §9)', () => {
  test('suggestions from risks, §9 checks block activation, versions conflict, visits and the overdue list, scope', async () => {
    const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const other = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage }))
    const auditor = await t.login(await t.user({ role: 'AUDITOR', region: R.county }))
    const town = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const county2 = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const h = await k.household(village)
    await k.identify({ village, town, county, county2 }, h.id, ['ILLNESS', 'UNSTABLE_EMPLOYMENT'])

    const res = await t.call('GET', `/api/monitoring/households/${h.id}/plan`, { as: village })
    expect(res.statusCode, res.body).toBe(200)
    let p = res.json().data
    expect(p.plan.status).toBe('DRAFT')
    const items = p.suggestions.map((s: { item: string }) => s.item)
    expect(items).toEqual(expect.arrayContaining(['医疗救助', '外出务工补贴']))
    // 因病 without compliant self-paid expenditure (§9 rule 3)
    expect(p.checks.map((c: { code: string }) => c.code)).toContain('ILLNESS_SELF_PAID')

    // scope: another village sees nothing; an auditor reads but cannot write
    expect((await t.call('GET', `/api/monitoring/households/${h.id}/plan`, { as: other })).statusCode).toBe(404)
    expect((await t.call('GET', `/api/monitoring/households/${h.id}/plan`, { as: auditor })).statusCode).toBe(200)
    const measure = {
      personId: h.headPersonId,
      category: 'EMPLOYMENT',
      item: '外出务工补贴',
      startDate: '2026-12-05',
      amountFen: 100000,
      fundSource: '衔接资金',
      responsibleDept: '县人社局',
    }
    expect(
      (
        await t.call('POST', `/api/monitoring/plans/${p.plan.id}/measures`, {
          as: auditor,
          json: { planVersion: p.plan.version, measure },
        })
      ).statusCode,
    ).toBe(403)

    const added = await t.call('POST', `/api/monitoring/plans/${p.plan.id}/measures`, {
      as: village,
      json: { planVersion: p.plan.version, measure },
    })
    expect(added.statusCode, added.body).toBe(200)
    const stalePlan = p.plan.version
    p = added.json().data
    expect(p.measures).toHaveLength(1)
    expect(p.checks.map((c: { code: string }) => c.code)).toContain('MIGRANT_TRANSPORT')
    // a stale plan version conflicts
    expect(
      (
        await t.call('POST', `/api/monitoring/plans/${p.plan.id}/measures`, {
          as: village,
          json: { planVersion: stalePlan, measure: { ...measure, item: '技能培训' } },
        })
      ).statusCode,
    ).toBe(409)

    // activation refused while blocking checks fail, with the checks in the error
    const refused = await t.call('POST', `/api/monitoring/plans/${p.plan.id}/activate`, {
      as: village,
      json: { version: p.plan.version },
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.details.checks.map((c: { rule: string }) => c.rule)).toEqual(
      expect.arrayContaining(['5_15_020', '1111_10']),
    )

    // fix: transport allowance on the measure, compliant self-paid expenditure in the assessment
    const m = p.measures[0]
    const upd = await t.call('PUT', `/api/monitoring/measures/${m.id}`, {
      as: village,
      json: { version: m.version, measure: { ...measure, transportAllowanceFen: 50000, status: 'IN_PROGRESS' } },
    })
    expect(upd.statusCode, upd.body).toBe(200)
    expect(
      (
        await t.call('PUT', `/api/monitoring/measures/${m.id}`, {
          as: village,
          json: { version: m.version, measure },
        })
      ).statusCode,
    ).toBe(409)
    await k.assess(h.id, '2026-11-30', 800_000, 300_000)
    p = upd.json().data
    const activated = await t.call('POST', `/api/monitoring/plans/${p.plan.id}/activate`, {
      as: village,
      json: { version: p.plan.version },
    })
    expect(activated.statusCode, activated.body).toBe(200)
    p = activated.json().data
    expect(p.plan.status).toBe('ACTIVE')
    expect(p.plan.developmental).toBe(true)
    expect(p.checks).toEqual([])
    expect(p.nextVisit.overdue).toBe(false)

    // visits: overdue after the interval (monitoring.visit_interval_days = 30), not after a visit
    await t.travel(31 * DAY)
    let overdue = await t.call('GET', '/api/monitoring/visits/overdue', { as: village })
    expect(overdue.json().data.map((x: { householdId: string }) => x.householdId)).toContain(h.id)
    expect(
      (await t.call('GET', '/api/monitoring/visits/overdue', { as: other }))
        .json()
        .data.map((x: { householdId: string }) => x.householdId),
    ).not.toContain(h.id)
    const future = await t.call('POST', `/api/monitoring/households/${h.id}/visits`, {
      as: village,
      json: { visitedOn: '2030-01-01', progress: '—' },
    })
    expect(future.statusCode).toBe(400)
    const visit = await t.call('POST', `/api/monitoring/households/${h.id}/visits`, {
      as: village,
      json: {
        visitedOn: '2027-01-04',
        incomeChange: '务工收入稳定',
        progress: '补贴已发放',
        incomeItems: { migrant_work: 1_200_000 },
      },
    })
    expect(visit.statusCode, visit.body).toBe(200)
    // the income found on the visit is an assessment computed by the engine (one member: per capita = net)
    const a = await t.deps.db
      .selectFrom('income_assessment')
      .select(['assessment_type', 'period_end', 'per_capita_net', 'wage'])
      .where('household_id', '=', h.id)
      .where('assessment_type', '=', 'VISIT')
      .executeTakeFirstOrThrow()
    expect(a).toMatchObject({ period_end: '2027-01-04', per_capita_net: 1_200_000, wage: 1_200_000 })
    expect(visit.json().data.visits).toHaveLength(1)
    overdue = await t.call('GET', '/api/monitoring/visits/overdue', { as: village })
    expect(overdue.json().data.map((x: { householdId: string }) => x.householdId)).not.toContain(h.id)
    const targets = await t.call('GET', '/api/monitoring/targets?status=ACTIVE', { as: village })
    const mine = targets.json().data.find((x: { householdId: string }) => x.householdId === h.id)
    expect(mine).toMatchObject({ planStatus: 'ACTIVE', measures: 1, lastVisit: '2027-01-04', visitOverdue: false })
  })

  test('the suggestion mapping is data: the province administrator replaces a risk’s suggestions (audited)', async () => {
    const province = await t.login(await t.user({ role: 'PROVINCE_ADMIN', region: R.province }))
    const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const items = [{ category: 'EMPLOYMENT', item: '以工代赈' }]
    const denied = await t.call('PUT', '/api/monitoring/suggestions/ACCIDENT', { as: village, json: { items } })
    expect(denied.statusCode).toBe(403)
    const res = await t.call('PUT', '/api/monitoring/suggestions/ACCIDENT', { as: province, json: { items } })
    expect(res.statusCode, res.body).toBe(200)
    const accident = res.json().data.filter((x: { risk: string }) => x.risk === 'ACCIDENT')
    expect(accident).toEqual([{ risk: 'ACCIDENT', category: 'EMPLOYMENT', item: '以工代赈', priority: 1 }])
    const bad = await t.call('PUT', '/api/monitoring/suggestions/ACCIDENT', {
      as: province,
      json: { items: [{ category: 'NOPE', item: 'x' }] },
    })
    expect(bad.statusCode).toBe(400)
  })
})
