/**
 * The demo deployment: the real divisions of the demo county's province and one demo user per role of domain.md
 * §3.2, each bound to a region of the right level inside the demo county. Runs once, on first start.
 */

import { toRegionCode12 as toCode12 } from '@xianjie/rules/identifiers'
import { seedDemoApplications, seedDemoAssistance, seedDemoRoster } from './modules/assistance/assistance.demo.ts'
import { systemActor } from './modules/auth/actor.ts'
import { addUser } from './modules/auth/auth.service.ts'
import type { Role } from './modules/auth/roles.ts'
import { seedDemoActivity } from './modules/monitoring/monitoring.demo.ts'
import { seedPopulation } from './modules/population/population.service.ts'
import { importRegions } from './modules/regions/regions.service.ts'
import type { AppDeps } from './platform/deps.ts'

/** Password of every demo account (listed in the README; demo accounts are for trials only). */
export const DEMO_PASSWORD = 'Xianjie@2026'

export interface DemoUser {
  username: string
  displayName: string
  role: Role
  /** Which region of the demo county: province, county, the first township, or its first village committee. */
  at: 'province' | 'county' | 'township' | 'village'
}

export const demoUsers: DemoUser[] = [
  { username: 'farmer', displayName: '农户（演示）', role: 'FARMER', at: 'village' },
  { username: 'grid_member', displayName: '网格员（演示）', role: 'GRID_MEMBER', at: 'village' },
  { username: 'village_cadre', displayName: '村干部（演示）', role: 'VILLAGE_CADRE', at: 'village' },
  { username: 'first_secretary', displayName: '驻村第一书记（演示）', role: 'FIRST_SECRETARY', at: 'village' },
  { username: 'helper', displayName: '帮扶责任人（演示）', role: 'HELPER', at: 'village' },
  { username: 'town_rr', displayName: '乡镇乡村振兴办（演示）', role: 'TOWN_RR_OFFICER', at: 'township' },
  { username: 'town_ca', displayName: '乡镇民政经办（演示）', role: 'TOWN_CA_OFFICER', at: 'township' },
  { username: 'county_rr', displayName: '县农业农村局（演示）', role: 'COUNTY_RR_ADMIN', at: 'county' },
  { username: 'county_rr_head', displayName: '县农业农村局审定（演示）', role: 'COUNTY_RR_ADMIN', at: 'county' },
  { username: 'county_ca', displayName: '县民政局（演示）', role: 'COUNTY_CA_ADMIN', at: 'county' },
  { username: 'county_ca_head', displayName: '县民政局审批（演示）', role: 'COUNTY_CA_ADMIN', at: 'county' },
  { username: 'dept_data', displayName: '行业部门数据员（演示）', role: 'DEPT_DATA_PROVIDER', at: 'county' },
  { username: 'hrss', displayName: '人社经办（演示）', role: 'HRSS_OFFICER', at: 'county' },
  { username: 'province_admin', displayName: '省农业农村厅（演示）', role: 'PROVINCE_ADMIN', at: 'province' },
  { username: 'ew_coop', displayName: '东西部协作办（演示）', role: 'EW_COOP_OFFICE', at: 'province' },
  { username: 'auditor', displayName: '纪检审计（演示）', role: 'AUDITOR', at: 'county' },
]

export async function demoRegions(deps: Pick<AppDeps, 'db'>, county: string) {
  const township = await deps.db
    .selectFrom('region')
    .select('code')
    .where('parent_code', '=', toCode12(county))
    .where('level', '=', 4)
    .orderBy('code')
    .executeTakeFirstOrThrow()
  // The first village committee (村委会: village segment 200–399), not an urban residents' committee.
  const village = await deps.db
    .selectFrom('region')
    .select('code')
    .where('parent_code', '=', township.code)
    .where('code', '>=', `${township.code.slice(0, 9)}200`)
    .orderBy('code')
    .executeTakeFirstOrThrow()
  return {
    province: toCode12(county.slice(0, 2)),
    county: toCode12(county),
    township: township.code,
    village: village.code,
  }
}

/** Seed of the demo population: fixed, so every fresh demo opens with the same county. */
export const DEMO_POPULATION_SEED = 'xianjie-demo'

/** Steps of the first start, in order; each is idempotent on its own data and checkpointed in `seed_state`. */
export const SEED_STEPS = ['regions', 'users', 'population', 'assistance', 'activity'] as const
export type SeedStep = (typeof SEED_STEPS)[number]

async function stepsDone(deps: Pick<AppDeps, 'db'>): Promise<Set<string>> {
  const rows = await deps.db.selectFrom('seed_state').select('step').execute()
  return new Set(rows.map((r) => r.step))
}

async function markDone(deps: Pick<AppDeps, 'db'>, step: string, detail: object): Promise<void> {
  await deps.db
    .insertInto('seed_state')
    .values({ step, detail: JSON.stringify(detail) })
    .onConflict((oc) => oc.column('step').doNothing())
    .execute()
}

const fmt = (n: number) => n.toLocaleString('en-US')

/**
 * Seeds the demo county on first start: the regions of its province, one demo user per role, a synthetic population
 * of `config.demoPersons` persons, a demo caseload, and monitoring and application activity (`monitoring.demo.ts`).
 * Resumable: each step commits its data in one transaction (the users one by one), is skipped when its data is already
 * there, and is checkpointed in `seed_state` after it, so a start killed at any point finishes the seeding on the next
 * start with the counts of an uninterrupted one. The exception is the activity step, written one workflow action at a
 * time: a start killed inside it keeps the cases written so far and does not add more. A database that has users but
 * no seeding record (made before seed_state, or by an operator) is never seeded. Returns what this run added, or null
 * when there was nothing to do; `log` receives progress lines.
 */
export async function seedDemo(
  deps: AppDeps,
  county: string,
  log: (line: string) => void = () => {},
): Promise<{ regions: number; users: number; persons: number; households: number } | null> {
  const done = await stepsDone(deps)
  if (done.has('done')) return null
  if (!done.has('start')) {
    const users = await deps.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    if (Number(users.n) > 0) {
      await markDone(deps, 'done', { skipped: 'the database had users before any demo seeding' })
      return null
    }
    await markDone(deps, 'start', { county })
  } else {
    log(`继续上次未完成的演示数据初始化（已完成：${[...done].join(', ')}） / resuming the demo seeding`)
  }
  const result = { regions: 0, users: 0, persons: 0, households: 0 }
  if (!done.has('regions')) {
    const hasCounty = await deps.db
      .selectFrom('region')
      .select('code')
      .where('code', '=', toCode12(county))
      .executeTakeFirst()
    if (!hasCounty) {
      log(`正在导入区划（省 ${county.slice(0, 2)}） / importing the divisions of province ${county.slice(0, 2)}`)
      result.regions = (await importRegions(deps, systemActor, county.slice(0, 2))).imported
    }
    await markDone(deps, 'regions', { imported: result.regions })
  }
  if (!done.has('users')) {
    const at = await demoRegions(deps, county)
    const existing = new Set(
      (
        await deps.db
          .selectFrom('app_user')
          .select('username')
          .where(
            'username',
            'in',
            demoUsers.map((u) => u.username),
          )
          .execute()
      ).map((u) => u.username),
    )
    for (const u of demoUsers) {
      if (existing.has(u.username)) continue
      await addUser(deps, systemActor, {
        username: u.username,
        displayName: u.displayName,
        password: DEMO_PASSWORD,
        roles: [u.role],
        regionCode: at[u.at],
        isDemo: true,
      })
      result.users++
    }
    await markDone(deps, 'users', { added: result.users })
  }
  if (!done.has('population')) {
    const hasHouseholds = await deps.db
      .selectFrom('household')
      .select('id')
      .where('county_code', '=', county)
      .limit(1)
      .executeTakeFirst()
    // one transaction: a start killed inside it leaves no household, and the next start generates the same population
    if (deps.config.demoPersons > 0 && !hasHouseholds) {
      const total = deps.config.demoPersons
      const seeded = await seedPopulation(
        deps,
        systemActor,
        { county, persons: total, seed: DEMO_POPULATION_SEED, batchHouseholds: 250 },
        (n) => log(`正在生成示例人口 ${fmt(n)}/${fmt(total)} / generating the demo population ${fmt(n)}/${fmt(total)}`),
      )
      result.persons = seeded.persons
      result.households = seeded.households
    }
    await markDone(deps, 'population', { persons: result.persons, households: result.households })
  }
  if (!done.has('assistance')) {
    const decisions = deps.config.demoPersons > 0 ? await seedDemoAssistance(deps, county) : 0
    await markDone(deps, 'assistance', { decisions })
  }
  if (!done.has('activity')) {
    // one transaction per workflow action: a start killed inside it keeps the cases written so far and is not redone
    const on = deps.config.demoPersons > 0 && deps.config.demoActivity
    const cases = on ? await seedDemoActivity(deps, county) : 0
    const applications = on ? await seedDemoApplications(deps, county) : 0
    const rosterLines = on ? await seedDemoRoster(deps, county) : 0
    await markDone(deps, 'activity', { cases, applications, rosterLines })
  }
  await markDone(deps, 'done', {})
  return result
}

/** Active demo accounts (their password is published): while there are any, the server listens on loopback only. */
export async function activeDemoAccounts(deps: Pick<AppDeps, 'db'>): Promise<number> {
  const row = await deps.db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_demo', '=', true)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
