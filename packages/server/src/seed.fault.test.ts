/**
 * Fault suite, first start (issue 17 finding 6): the server is killed with SIGKILL while it generates the demo
 * population, then started again on the same folder. The second start takes over the dead process's lock, resumes
 * the seeding, and ends with the counts of an uninterrupted start (every demo user once, exactly the configured
 * persons, the households the one population.seed audit row reports, the demo caseload) and an intact audit chain.
 */
import { afterAll, describe, expect, test } from 'vitest'
import { tempDeployment } from '../test/server-process.ts'
import { demoUsers } from './seed.ts'

const d = tempDeployment()
afterAll(() => d.cleanup())

describe.runIf(!process.env.DATABASE_URL)('a first start killed while seeding', () => {
  test('kill -9 during the population, restart: the seeding resumes and ends as a clean run does', async () => {
    const env = { XIANJIE_DEMO_PERSONS: '2000' }
    const first = await d.start(env)
    await first.waitFor(/正在生成示例人口 [\d,]+\/2,000 /, 170_000)
    first.child.kill('SIGKILL')
    await first.exited
    expect(first.output()).not.toMatch(/listening on/)

    const second = await d.start(env)
    await second.waitFor(/listening on/, 170_000)
    expect(second.output()).toMatch(/继续上次未完成的演示数据初始化/)
    const [c] = await d.query<Record<string, number>>(`
      select
        (select count(*)::int from app_user where is_demo) as users,
        (select count(*)::int from person) as persons,
        (select count(*)::int from household) as households,
        (select count(*)::int from audit_event where action = 'population.seed') as seeds,
        (select max((after->>'households')::int) from audit_event where action = 'population.seed') as "seededHouseholds",
        (select count(*)::int from sa_decision) as decisions,
        (select max((detail->>'decisions')::int) from seed_state where step = 'assistance') as "seededDecisions",
        (select count(*)::int from seed_state where step = 'done') as done`)
    expect(c).toEqual({
      users: demoUsers.length,
      persons: 2000,
      households: c!.seededHouseholds,
      seeds: 1,
      seededHouseholds: c!.seededHouseholds,
      decisions: c!.seededDecisions,
      seededDecisions: c!.seededDecisions,
      done: 1,
    })
    expect(c!.households).toBeGreaterThan(0)
    expect(c!.decisions).toBeGreaterThan(0)
    const verify = await d.cliAsync(['audit', 'verify'])
    expect(verify.code, verify.err).toBe(0)
    second.child.kill('SIGTERM')
    await second.exited
  }, 420_000)
})
