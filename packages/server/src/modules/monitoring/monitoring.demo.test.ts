/**
 * The demo county in motion (issue 18 item 2): after the first-start seeding, the county's first page shows targets,
 * identification cases at every stage and plans, all written through the workflow as the demo users, with an intact
 * audit chain; a second seeding run writes nothing.
 */
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { useTestPlatform } from '../../../test/harness.ts'
import { seedDemo } from '../../seed.ts'
import { verifyAudit } from '../audit/audit.service.ts'
import { seedDemoActivity } from './monitoring.demo.ts'

const t = useTestPlatform({ runJobs: false })

describe('demo activity on first start', () => {
  test('the county home page has targets, cases in every stage, plans and visits; idempotent; audit intact', async () => {
    const deps = { ...t.deps, config: { ...t.deps.config, demoPersons: 5000 } }
    const t0 = performance.now()
    await seedDemo(deps, '622926')
    const seconds = (performance.now() - t0) / 1000
    expect(seconds).toBeLessThan(120)
    const county = await t.login('county_rr', 'Xianjie@2026')
    const res = await t.call('GET', '/api/home/summary', { as: county })
    expect(res.statusCode, res.body).toBe(200)
    const s = res.json().data
    expect(s.monitoring.targets).toBeGreaterThanOrEqual(5)
    expect(s.monitoring.eliminated).toBeGreaterThanOrEqual(1)
    const ident = s.cases.filter((c: { caseType: string }) => c.caseType.startsWith('MONITORING_'))
    expect(ident.map((c: { state: string }) => c.state).sort()).toEqual(
      [
        'CLUE_RECEIVED',
        'COUNTY_APPROVAL',
        'DATA_COMPARISON',
        'HOUSEHOLD_VERIFICATION',
        'TOWNSHIP_REVIEW',
        'VILLAGE_APPRAISAL',
        'VILLAGE_PUBLICITY',
        'ELIM_PUBLICITY',
      ].sort(),
    )
    const apply = s.cases.filter((c: { caseType: string }) => !c.caseType.startsWith('MONITORING_'))
    expect(apply.map((c: { caseType: string; state: string }) => `${c.caseType}:${c.state}`).sort()).toEqual(
      expect.arrayContaining([
        'DIBAO_APPLY:APPLIED',
        'DIBAO_APPLY:ACCEPTED',
        'DIBAO_APPLY:ECONOMIC_CHECK',
        'TEKUN_APPLY:APPLIED',
      ]),
    )
    const [n] = (
      await sql<{ plans: number; measures: number; visits: number }>`select
        (select count(*)::int from monitoring_plan) as plans,
        (select count(*)::int from monitoring_measure) as measures,
        (select count(*)::int from monitoring_visit) as visits`.execute(t.deps.db)
    ).rows
    expect(n).toEqual({ plans: 6, measures: 6, visits: 10 })
    expect(s.monitoring.visitsOverdue).toBeGreaterThan(0)
    expect(s.assistance.roster).toMatchObject({ status: 'APPROVED', lines: expect.any(Number) })
    expect(s.assistance.roster.lines).toBeGreaterThan(0)
    expect(s.warnings.open).toBeGreaterThanOrEqual(6)
    expect(s.warnings.overdue).toBeGreaterThanOrEqual(2)
    // the demo village cadre has the tasks of the cases waiting at the village
    const cadre = await t.login('village_cadre', 'Xianjie@2026')
    const inbox = (await t.call('GET', '/api/inbox', { as: cadre })).json().data
    expect(inbox.map((x: { state: string }) => x.state)).toEqual(
      expect.arrayContaining(['CLUE_RECEIVED', 'HOUSEHOLD_VERIFICATION', 'VILLAGE_APPRAISAL']),
    )
    // the approver is not the one who recorded the comparison (separation of duties, the second county approver)
    const approvals = await t.deps.db
      .selectFrom('wf_transition')
      .select('actor_name')
      .where('event', '=', 'APPROVE')
      .execute()
    expect(approvals.map((a) => a.actor_name)).toEqual(Array(7).fill('county_rr_head'))
    expect(await seedDemoActivity(deps, '622926')).toBe(0)
    expect((await verifyAudit(t.deps.db)).ok).toBe(true)
  }, 300_000)
})
