import { isValidIdNumber as isValidId } from '@xianjie/rules/identifiers'
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { useTestPlatform } from '../../../test/harness.ts'
import { systemActor } from '../auth/actor.ts'
import { incomeItems } from '../households/codes.ts'
import { generateVillage, householdNo } from './generate.ts'
import { checkChar, IdAllocator } from './idnumber.ts'
import { seedPopulation } from './population.service.ts'
import { DEFAULT_AS_OF, MONITORING_THRESHOLD_YUAN, profileFor, TARGETS } from './profile.ts'
import { emptyBatch } from './rows.ts'
import { StatsCollector } from './stats.ts'

const t = useTestPlatform({ runJobs: false })
const COUNTY = '622926'

async function digestOf(county: string): Promise<string> {
  const row = await sql<{ d: string }>`
    select md5(
      (select coalesce(string_agg(h::text, '|' order by h.id), '') from household h where h.county_code = ${county}) ||
      (select coalesce(string_agg(p::text, '|' order by p.id), '') from person p where p.county_code = ${county}) ||
      (select coalesce(string_agg(i::text, '|' order by i.id), '') from income_assessment i where i.county_code = ${county})
    ) as d`.execute(t.deps.db)
  return row.rows[0]!.d
}

async function wipe(county: string): Promise<void> {
  for (const table of [
    'membership',
    'income_assessment',
    'guarantee_check',
    'household_helper',
    'person',
    'household',
  ]) {
    await sql`delete from ${sql.table(table)} where county_code = ${county}`.execute(t.deps.db)
  }
}

describe('identifiers', () => {
  test('check character follows GB 11643 (known example)', () => {
    expect(checkChar('11010519491231002')).toBe('X')
    expect(isValidId('11010519491231002X', { today: '2026-11-28' })).toBe(true)
    expect(isValidId('110105194912310021', { today: '2026-11-28' })).toBe(false)
  })
  test('household numbers are 16 characters, village-prefixed', () => {
    expect(householdNo('622926100202', 7)).toBe('6229261002020007')
    expect(householdNo('622926100202', 10_000)).toBe('622926100202A000')
  })
})

describe('seeding a county', () => {
  test('writes households with one head each, valid unique IDs, inside the county villages', async () => {
    const res = await seedPopulation(t.deps, systemActor, { county: COUNTY, persons: 3000, seed: 'test' })
    expect(res.persons).toBe(3000)
    const db = t.deps.db
    const persons = await db
      .selectFrom('person')
      .select(['id_number', 'gender', 'birth_date', 'region_code', 'disability_cert_no'])
      .where('county_code', '=', COUNTY)
      .execute()
    expect(persons).toHaveLength(3000)
    const ids = new Set<string>()
    for (const p of persons) {
      expect(isValidId(p.id_number, { today: '2026-11-28' }), p.id_number).toBe(true)
      expect(p.id_number.slice(0, 6)).toBe(COUNTY)
      expect(p.id_number.slice(6, 14)).toBe(p.birth_date.replaceAll('-', ''))
      expect(Number(p.id_number[16]) % 2).toBe(p.gender === 1 ? 1 : 0)
      if (p.disability_cert_no) expect(p.disability_cert_no).toMatch(new RegExp(`^${p.id_number}[1-7][1-4]$`))
      ids.add(p.id_number)
    }
    expect(ids.size).toBe(3000)

    const heads = await sql<{ n: number; bad: number }>`
      select count(*)::int as n, count(*) filter (where heads <> 1 or head_ok = false)::int as bad from (
        select h.id, count(*) filter (where p.relation_to_head = 'HEAD') as heads,
               bool_and(p.relation_to_head <> 'HEAD' or p.id = h.head_person_id) as head_ok
        from household h join person p on p.household_id = h.id
        where h.county_code = ${COUNTY} group by h.id) x`.execute(db)
    expect(heads.rows[0]).toEqual({ n: res.households, bad: 0 })

    const outside = await sql<{ n: number }>`
      select count(*)::int as n from person p left join region r on r.code = p.region_code
      where p.county_code = ${COUNTY} and (r.code is null or r.level <> 5 or r.code not like ${`${COUNTY}%`})`.execute(
      db,
    )
    expect(outside.rows[0]!.n).toBe(0)

    const hh = await db.selectFrom('household').selectAll().where('county_code', '=', COUNTY).execute()
    for (const h of hh) {
      expect(h.household_no).toHaveLength(16)
      expect(h.household_no.startsWith(h.region_code)).toBe(true)
      expect(h.search_text.endsWith(` ${h.household_no}`)).toBe(true)
      if (h.phone) expect(h.phone).toMatch(/^1[3-9]\d{9}$/)
      if (h.household_type === 'TUOPIN') expect(h.tuopin_year).toBeGreaterThanOrEqual(2014)
    }
    const helpers = await db
      .selectFrom('household_helper')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('county_code', '=', COUNTY)
      .executeTakeFirstOrThrow()
    expect(Number(helpers.n)).toBe(hh.filter((h) => h.is_formerly_poor).length)

    const assessments = await db.selectFrom('income_assessment').selectAll().where('county_code', '=', COUNTY).execute()
    expect(assessments).toHaveLength(res.households)
    for (const a of assessments) {
      const sum = (g: readonly string[]) => g.reduce((s, k) => s + (a.items[k] ?? Number.NaN), 0)
      expect(sum(incomeItems.wage)).toBe(a.wage)
      expect(sum(incomeItems.transfer)).toBe(a.transfer)
      expect(a.net_income).toBe(a.wage + a.business + a.property + a.transfer - a.business_costs)
      expect(a.per_capita_net).toBe(Math.round(a.net_income / a.household_size))
      expect(a.reference_income).toBe(a.net_income + a.claim_income - a.compliant_self_paid)
    }
    const memberships = await sql<{ n: number }>`
      select count(*)::int as n from membership where county_code = ${COUNTY} and start_reason = 'SEED'`.execute(db)
    expect(memberships.rows[0]!.n).toBe(3000)
    const audit = await db.selectFrom('audit_event').selectAll().where('action', '=', 'population.seed').execute()
    expect(audit.length).toBeGreaterThanOrEqual(1)
  })

  test('a second run is refused without --append and adds households with it', async () => {
    await expect(
      seedPopulation(t.deps, systemActor, { county: COUNTY, persons: 100, seed: 'x' }),
    ).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    })
    const res = await seedPopulation(t.deps, systemActor, { county: COUNTY, persons: 500, seed: 'test', append: true })
    expect(res.persons).toBe(500)
    const dup = await sql<{ n: number }>`
      select count(*)::int as n from (select id_number from person group by id_number having count(*) > 1) d`.execute(
      t.deps.db,
    )
    expect(dup.rows[0]!.n).toBe(0)
    const nos = await sql<{ n: number; d: number }>`
      select count(*)::int as n, count(distinct household_no)::int as d from household where county_code = ${COUNTY}`.execute(
      t.deps.db,
    )
    expect(nos.rows[0]!.n).toBe(nos.rows[0]!.d)
  })

  test('the same seed gives byte-identical data; another seed does not', async () => {
    const county = '622921'
    const a = await seedPopulation(t.deps, systemActor, { county, persons: 1200, seed: 'det' })
    const dbA = await digestOf(county)
    await wipe(county)
    const b = await seedPopulation(t.deps, systemActor, { county, persons: 1200, seed: 'det', batchHouseholds: 97 })
    expect(b.digest).toBe(a.digest)
    const n = await sql<{ n: number }>`select count(*)::int as n from person where county_code = ${county}`.execute(
      t.deps.db,
    )
    expect(n.rows[0]!.n).toBe(1200)
    expect(await digestOf(county)).toBe(dbA)
    await wipe(county)
    const c = await seedPopulation(t.deps, systemActor, { county, persons: 1200, seed: 'other' })
    expect(c.digest).not.toBe(a.digest)
  })

  test('rejects bad input', async () => {
    await expect(seedPopulation(t.deps, systemActor, { county: '6229', persons: 10 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await expect(seedPopulation(t.deps, systemActor, { county: COUNTY, persons: 0 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })
})

describe('distributions (东乡 profile, 40,000 persons, generator only)', () => {
  const stats = (() => {
    const ids = new IdAllocator(COUNTY, DEFAULT_AS_OF)
    const ctx = { county: COUNTY, profile: profileFor(COUNTY), seed: 'dist', asOf: DEFAULT_AS_OF, ids }
    const s = new StatsCollector(MONITORING_THRESHOLD_YUAN)
    for (let v = 0; v < 8; v++) {
      const village = {
        code: `622926100${200 + v}`,
        name: '村委会',
        townshipName: '锁南镇',
        countyName: '东乡族自治县',
      }
      for (const h of generateVillage(ctx, village, 5000, 1, emptyBatch())) s.add(h)
    }
    return s.result()
  })()
  const target = TARGETS.DONGXIANG

  test('household size', () => {
    expect(Math.abs(stats.meanHouseholdSize - target.meanHouseholdSize)).toBeLessThan(0.35)
    expect(stats.householdSizeShares[0]).toBeGreaterThan(0.03)
  })
  test('age structure within 4 points of the targets', () => {
    stats.ageShares.forEach((share, i) => {
      expect(Math.abs(share - (target.ageShares[i] as number))).toBeLessThan(0.04)
    })
  })
  test('sex ratio within 5 of the target', () => {
    expect(Math.abs(stats.sexRatio - target.sexRatio)).toBeLessThan(5)
  })
  test('a non-trivial share of households near the monitoring threshold', () => {
    expect(stats.nearThresholdShare).toBeGreaterThan(0.1)
    expect(Math.abs(stats.nearThresholdShare - target.nearThresholdShare)).toBeLessThan(0.06)
    // Right-skewed: the mean of the quantiles sits above the median.
    const [p10, , p50, , p90] = stats.perCapitaQuantiles
    expect(p90 - p50).toBeGreaterThan(p50 - p10)
  })
})
