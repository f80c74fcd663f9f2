/**
 * The demo deployment: the real divisions of the demo county's province and one demo user per role of domain.md
 * §3.2, each bound to a region of the right level inside the demo county. Runs once, on first start.
 */

import { toRegionCode12 as toCode12 } from '@xianjie/rules/identifiers'
import { seedDemoAssistance } from './modules/assistance/assistance.demo.ts'
import { systemActor } from './modules/auth/actor.ts'
import { addUser } from './modules/auth/auth.service.ts'
import type { Role } from './modules/auth/roles.ts'
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

/**
 * Seeds regions, demo users and a synthetic population of `config.demoPersons` persons in the demo county when the
 * database has no users. Returns what it did.
 */
export async function seedDemo(
  deps: AppDeps,
  county: string,
): Promise<{ regions: number; users: number; persons: number; households: number } | null> {
  const users = await deps.db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  if (Number(users.n) > 0) return null
  const hasCounty = await deps.db
    .selectFrom('region')
    .select('code')
    .where('code', '=', toCode12(county))
    .executeTakeFirst()
  const imported = hasCounty ? 0 : (await importRegions(deps, systemActor, county.slice(0, 2))).imported
  const at = await demoRegions(deps, county)
  for (const u of demoUsers) {
    await addUser(deps, systemActor, {
      username: u.username,
      displayName: u.displayName,
      password: DEMO_PASSWORD,
      roles: [u.role],
      regionCode: at[u.at],
      isDemo: true,
    })
  }
  let population = { persons: 0, households: 0 }
  const hasHouseholds = await deps.db
    .selectFrom('household')
    .select('id')
    .where('county_code', '=', county)
    .limit(1)
    .executeTakeFirst()
  if (deps.config.demoPersons > 0 && !hasHouseholds) {
    population = await seedPopulation(deps, systemActor, {
      county,
      persons: deps.config.demoPersons,
      seed: DEMO_POPULATION_SEED,
    })
    await seedDemoAssistance(deps, county)
  }
  return { regions: imported, users: demoUsers.length, persons: population.persons, households: population.households }
}
