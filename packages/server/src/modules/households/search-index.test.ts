import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { systemActor } from '../auth/actor.ts'
import { seedPopulation } from '../population/population.service.ts'
import { searchHouseholds } from './households.repository.ts'
import type { HouseholdQuery } from './households.schema.ts'
import { HouseholdSearchIndex } from './search-index.ts'

const t = useTestPlatform({ runJobs: false })
const COUNTY = '622926'
const TODAY = '2026-11-28'
const page = { page: 1, pageSize: 20, order: 'desc', sort: 'householdNo' } as const

/** Queries of every kind the list takes, drawn from the data. */
async function queries(): Promise<Array<{ scope: string; q: HouseholdQuery }>> {
  const db = t.deps.db
  const persons = await sql<{
    name: string
    name_pinyin: string
    name_initials: string
    id_number: string
    region_code: string
    phone: string | null
  }>`select p.name, p.name_pinyin, p.name_initials, p.id_number, h.region_code, p.phone
     from person p join household h on h.id = p.household_id
     where p.status = 'ACTIVE' and h.county_code = ${COUNTY} order by p.id_number limit 12`.execute(db)
  const households = await sql<{ household_no: string; phone: string | null; region_code: string }>`
    select household_no, phone, region_code from household where county_code = ${COUNTY} order by household_no limit 3`.execute(
    db,
  )
  const village = households.rows[0]!.region_code
  const township = village.slice(0, 9)
  const out: Array<{ scope: string; q: HouseholdQuery }> = []
  const add = (q: Partial<HouseholdQuery>, scope = COUNTY) => out.push({ scope, q: { ...page, ...q } })
  for (const p of persons.rows) {
    add({ q: p.name.slice(0, 1) })
    add({ q: p.name.slice(0, 2) })
    add({ q: p.name_initials.slice(0, 2) })
    add({ q: p.name_pinyin.slice(0, 4) })
    add({ q: p.id_number })
    add({ q: p.id_number.slice(-4) }, p.region_code)
    add({ q: `***${p.id_number.slice(-6)}` })
    if (p.phone) add({ q: p.phone })
  }
  for (const h of households.rows) {
    add({ q: h.household_no })
    if (h.phone) add({ q: h.phone })
  }
  add({ q: 'ma', householdType: 'TUOPIN', region: township })
  add({ q: 'zzzz' })
  for (const sort of ['householdNo', 'updatedAt', 'region'] as const)
    for (const order of ['asc', 'desc'] as const) {
      add({ sort, order })
      add({ sort, order, page: 3 })
      add({ sort, order, region: township, householdType: 'GENERAL' })
      add({ sort, order, page: 2, pageSize: 7 }, village)
    }
  add({ region: township, householdType: 'TUOPIN', page: 2 })
  add({ region: village, ageMin: 60, disabled: 'true' })
  add({ ageMin: 0, ageMax: 17 })
  add({ ageMin: 60, ageMax: 120, disabled: 'false' })
  add({ disabled: 'true', noLabour: 'true' })
  add({ noLabour: 'false', householdType: 'TUOPIN' })
  for (const group of ['DIBAO', 'TEKUN', 'PREVENTION_TARGET', 'DIBAO_MARGINAL'] as const) add({ lowIncomeGroup: group })
  for (const status of ['NONE', 'ACTIVE', 'ELIMINATED', 'NOT_MONITORED'] as const) add({ monitoringStatus: status })
  for (const risk of ['ILLNESS', 'EDUCATION', 'UNSTABLE_EMPLOYMENT', 'ACCIDENT'] as const) add({ riskType: risk })
  add({ riskType: 'ILLNESS', region: township })
  return out
}

async function expectSameAsSql(index: HouseholdSearchIndex) {
  for (const { scope, q } of await queries()) {
    const expected = await searchHouseholds(t.deps.db, scope, q, TODAY)
    const got = await index.search(scope, q, TODAY)
    const what = JSON.stringify({ scope, q })
    expect(got, what).toBeDefined()
    expect(got!.rows, what).toEqual(expected.rows)
    if (expected.capped) expect(got!.total, what).toBeGreaterThanOrEqual(expected.total)
    else expect(got!.total, what).toBe(expected.total)
  }
}

async function ready(index: HouseholdSearchIndex) {
  await index.search(COUNTY, { ...page }, TODAY)
  await index.settled()
  expect(typeof index.status()[COUNTY]).toBe('number')
}

describe('household search from memory', () => {
  test('gives the rows and totals the database gives, for every kind of query, and follows changes', async () => {
    await seedPopulation(t.deps, systemActor, { county: COUNTY, persons: 3000, seed: 'index' })
    // plans with risks on some households: the newest plan counts
    await sql`
      insert into monitoring_plan (id, household_id, case_id, region_code, category, risks, due_on, created_at)
      select gen_random_uuid(), id, gen_random_uuid(), region_code, 'MARGINAL',
             case when n % 3 = 0 then '["ILLNESS"]' when n % 3 = 1 then '["EDUCATION", "ILLNESS"]'
                  else '["UNSTABLE_EMPLOYMENT"]' end::jsonb, '2026-12-01', now() - make_interval(days => (n % 5)::int)
      from (select id, region_code, row_number() over (order by household_no) as n from household
            where county_code = ${COUNTY} limit 60) x`.execute(t.deps.db)
    const index = t.deps.searchIndex!
    await ready(index)
    expect(index.status()[COUNTY]).toBe(3000)
    await expectSameAsSql(index)

    // changes through the API: a new household, a member's name, a household leaving the county's list
    const s = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const one = await sql<{ id: string; version: number }>`
      select id, version from household where county_code = ${COUNTY} order by household_no limit 1`.execute(t.deps.db)
    await sql`update person set name = '欧阳改名', name_pinyin = 'ouyanggaiming', name_initials = 'oygm'
              where household_id = ${one.rows[0]!.id}`.execute(t.deps.db)
    const res = await t.call('GET', '/api/households?q=oygm', { as: s })
    expect(res.json().data.map((h: { id: string }) => h.id)).toEqual([one.rows[0]!.id])
    // some households changed (now in the index's tail, not in its sorted base): still the same answers
    await sql`
      update household set household_type = case when household_type = 'TUOPIN' then 'GENERAL' else 'TUOPIN' end,
                           updated_at = now(), low_income_groups = '{DIBAO}'
      where id in (select id from household where county_code = ${COUNTY} order by household_no desc limit 40)`.execute(
      t.deps.db,
    )
    await sql`
      update person set disability_level = 2, birth_date = '1950-01-01'
      where household_id in (select id from household where county_code = ${COUNTY} order by household_no limit 30)`.execute(
      t.deps.db,
    )
    // a newer plan names another risk
    await sql`
      insert into monitoring_plan (id, household_id, case_id, region_code, category, risks, due_on, created_at)
      select gen_random_uuid(), household_id, gen_random_uuid(), region_code, 'SUDDEN_HARDSHIP', '["ACCIDENT"]',
             '2026-12-01', now() + interval '1 day'
      from monitoring_plan order by household_id limit 5`.execute(t.deps.db)
    await expectSameAsSql(index)
    expect((await index.search(COUNTY, { ...page, riskType: 'ACCIDENT' }, TODAY))!.total).toBe(5)
    expect(index.status()[COUNTY]).toBeGreaterThan(3000) // the changed households' members were added again
    await sql`update household set status = 'CANCELLED' where id = ${one.rows[0]!.id}`.execute(t.deps.db)
    expect((await t.call('GET', '/api/households?q=oygm', { as: s })).json().data).toEqual([])
    // a bulk change (more than 500 households): the county is read again
    await sql`update household set phone = '13900000000' where county_code = ${COUNTY}`.execute(t.deps.db)
    await index.search(COUNTY, { ...page }, TODAY)
    await index.settled()
    await expectSameAsSql(index)
  })

  test('another process’s change is seen after the lag; a write this process answered, at once', async () => {
    const index = new HouseholdSearchIndex(t.deps.db, { enabled: true, lagMs: 60_000, maxPersons: 1_000_000 })
    await index.start()
    try {
      await ready(index)
      const h = await sql<{ id: string; household_no: string }>`
        select id, household_no from household where county_code = ${COUNTY} and status = 'ACTIVE'
        order by household_no limit 1`.execute(t.deps.db)
      const q = { ...page, q: 'lwzx' }
      await index.search(COUNTY, q, TODAY) // synced now
      await sql`update person set name_initials = 'lwzx' where household_id = ${h.rows[0]!.id}`.execute(t.deps.db)
      expect((await index.search(COUNTY, q, TODAY))!.rows).toEqual([])
      index.noteWrite()
      expect((await index.search(COUNTY, q, TODAY))!.rows.map((r) => r.household_no)).toEqual([h.rows[0]!.household_no])
    } finally {
      await index.stop()
    }
  })

  test('a scope wider than a county, or past the budget, is left to SQL', async () => {
    const small = new HouseholdSearchIndex(t.deps.db, { enabled: true, lagMs: 0, maxPersons: 10 })
    await small.start()
    try {
      expect(await small.search(COUNTY, { ...page }, TODAY)).toBeUndefined()
      await small.settled()
      expect(small.status()[COUNTY]).toBe('skipped')
      expect(await small.search(COUNTY, { ...page }, TODAY)).toBeUndefined()
      expect(await t.deps.searchIndex!.search('62', { ...page }, TODAY)).toBeUndefined()
    } finally {
      await small.stop()
    }
  })
})
