/**
 * Payment-roster benchmark (issue 6): `npm run bench:roster [-- --persons 1000000] [-- --reuse-url URL] [-- --keep]`.
 *
 * A throwaway PostgreSQL 15 cluster, the demo county seeded with `--persons` synthetic persons (`xianjie seed`), then
 * synthetic programme decisions by SQL: 低保 for a share of households (one line each, paid to the head), 特困 for
 * persons aged 60+ living alone or in small households, temporary relief paid in the month — about 6 % of persons
 * paid — plus registry entries for every member of the covered households. Then, in this process over the same
 * database: the monthly roster generation (one transaction: lines by INSERT … SELECT, totals, audit), the township
 * totals, the masked bank-file export, and the yearly 代缴 roster. Prints one JSON object.
 */

import { spawnSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import { generateDaijiao } from '../src/modules/assistance/daijiao.ts'
import { exportPayRoster, generatePayRoster, rosterTotals } from '../src/modules/assistance/rosters.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { systemClock } from '../src/platform/clock.ts'
import { openDatabase } from '../src/platform/db.ts'
import { log, root, round } from './harness.ts'

const { values: argv } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    'reuse-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
})
const COUNTY = '622926'
const MONTH = '202612'

function xianjie(args: string[], env: Record<string, string>): number {
  const t0 = performance.now()
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  if (res.status !== 0) throw new Error(`xianjie ${args.join(' ')} failed: ${res.stderr?.toString().slice(-2000)}`)
  return (performance.now() - t0) / 1000
}

/** Synthetic decisions (about 6 % of persons paid) and registry entries, written by SQL. */
const DECISIONS_SQL = `
  delete from pay_roster_export; delete from pay_roster_line; delete from pay_roster;
  delete from daijiao_line; delete from daijiao_roster; delete from low_income_entry; delete from sa_decision;
  with hh as (
    select h.id, h.region_code, h.head_person_id,
      (select count(*) from person p where p.household_id = h.id) as size,
      abs(hashtext(h.id::text)) % 1000 as r
    from household h where h.county_code = '${COUNTY}' and h.head_person_id is not null
  )
  insert into sa_decision (id, county_code, region_code, household_id, person_id, programme, classification,
    covered_persons, monthly_amount, since, status, inputs, computed, trace_ref, model_version, param_digest,
    created_at, updated_at)
  select gen_random_uuid(), '${COUNTY}', region_code, id, null, 'DIBAO', (array['A','B','C'])[1 + r % 3], size,
    (20000 + (r * 37) % 60000) * size, date '2026-01-01' + (r % 300), 'PAYING', '{}'::jsonb,
    jsonb_build_object('perCapitaIncome', r * 10), 'case:' || gen_random_uuid(), 'bench', 'bench', now(), now()
  from hh where r < 230;
  insert into sa_decision (id, county_code, region_code, household_id, person_id, programme, care_tier, support_mode,
    covered_persons, monthly_amount, since, status, inputs, computed, trace_ref, model_version, param_digest,
    created_at, updated_at)
  select gen_random_uuid(), '${COUNTY}', p.region_code, p.household_id, p.id, 'TEKUN',
    (array['SELF_CARE','SEMI_CARE','FULL_CARE'])[1 + abs(hashtext(p.id::text)) % 3],
    case when abs(hashtext(p.id::text)) % 5 = 0 then 'INSTITUTION' else 'HOME' end,
    1, 101920 + (abs(hashtext(p.id::text)) % 3) * 15000, date '2025-06-01', 'PAYING', '{}'::jsonb, '{}'::jsonb,
    'case:' || gen_random_uuid(), 'bench', 'bench', now(), now()
  from person p
  where p.county_code = '${COUNTY}' and p.birth_date < date '1962-01-01' and abs(hashtext(p.id::text)) % 100 < 12
    and not exists (select 1 from sa_decision d where d.household_id = p.household_id);
  insert into sa_decision (id, county_code, region_code, household_id, person_id, programme, relief_type,
    covered_persons, one_off_amount, pay_month, since, status, inputs, computed, trace_ref, model_version,
    param_digest, created_at, updated_at)
  select gen_random_uuid(), '${COUNTY}', h.region_code, h.id, null, 'TEMP_RELIEF',
    case when abs(hashtext(h.id::text)) % 2 = 0 then 'URGENT' else 'EXPENDITURE' end, 1,
    50000 + abs(hashtext(h.id::text)) % 200000, '${MONTH}', date '2026-12-01', 'PAYING',
    jsonb_build_object('fastTrack', abs(hashtext(h.id::text)) % 3 = 0), '{}'::jsonb,
    'case:' || gen_random_uuid(), 'bench', 'bench', now(), now()
  from household h where h.county_code = '${COUNTY}' and abs(hashtext(h.id::text || 't')) % 1000 < 12;
  insert into low_income_entry (id, county_code, region_code, household_id, person_id, group_code, since, until,
    source, source_id, created_at)
  select gen_random_uuid(), d.county_code, p.region_code, d.household_id, p.id, d.programme, d.since, null,
    'bench', d.id, now()
  from sa_decision d join person p on p.household_id = d.household_id
  where d.programme = 'DIBAO' or (d.programme = 'TEKUN' and p.id = d.person_id);
  analyze sa_decision; analyze low_income_entry; analyze person; analyze household;
`

let cluster: Cluster | null = null
const out: Record<string, unknown> = {
  machine: { cpus: cpus().length, memGB: round(totalmem() / 2 ** 30), node: process.version },
  county: COUNTY,
  month: MONTH,
}
try {
  const persons = Number(argv.persons)
  const reuse = argv['reuse-url']
  if (!reuse) cluster = await startCluster()
  const url = reuse ?? (cluster as Cluster).url
  if (argv.keep && cluster) log(`cluster kept at ${url}`)
  const env = { DATABASE_URL: url, XIANJIE_DEMO_PERSONS: '0', XIANJIE_DEMO_COUNTY: COUNTY }
  if (!reuse) {
    log('seeding regions and demo users')
    xianjie(['seed', '--county', COUNTY], env)
    log(`seeding ${persons} persons`)
    out.seedSeconds = round(xianjie(['seed', '--county', COUNTY, '--persons', String(persons), '--seed', 'bench'], env))
  }
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  log('synthetic decisions')
  let t0 = performance.now()
  await c.query(DECISIONS_SQL)
  out.decisionsSeconds = round((performance.now() - t0) / 1000, 2)
  const counts = (
    await c.query(`select (select count(*) from person)::int as persons,
      (select count(*) from household)::int as households,
      (select count(*) from sa_decision)::int as decisions,
      (select count(*) from low_income_entry)::int as registry_entries`)
  ).rows[0]
  out.counts = counts
  await c.end()

  const handle = await openDatabase({ url, poolSize: 4 })
  const deps = { db: handle.db, clock: systemClock }
  log('monthly roster')
  t0 = performance.now()
  const roster = await generatePayRoster(deps, systemActor, { county: COUNTY, month: MONTH })
  const rosterSeconds = (performance.now() - t0) / 1000
  t0 = performance.now()
  const again = await generatePayRoster(deps, systemActor, { county: COUNTY, month: MONTH })
  const againSeconds = (performance.now() - t0) / 1000
  t0 = performance.now()
  const totals = await rosterTotals(deps, systemActor, again.id)
  const totalsSeconds = (performance.now() - t0) / 1000
  t0 = performance.now()
  const file = await exportPayRoster(deps, systemActor, again.id, false)
  const exportSeconds = (performance.now() - t0) / 1000
  log('yearly 代缴 roster')
  t0 = performance.now()
  const dj = await generateDaijiao(deps, systemActor, { county: COUNTY, year: 2026 })
  const daijiaoSeconds = (performance.now() - t0) / 1000
  await handle.close()
  out.roster = {
    lines: roster.lineCount,
    totalYuan: roster.totalAmount / 100,
    seconds: round(rosterSeconds, 2),
    regenerateSeconds: round(againSeconds, 2),
    targetSeconds: 10,
    met: rosterSeconds <= 10,
  }
  out.totals = { rows: totals.rows.length, seconds: round(totalsSeconds, 2) }
  out.export = { bytes: file.buffer.length, seconds: round(exportSeconds, 2) }
  out.daijiao = { lines: dj.lineCount, totalYuan: dj.totalAmount / 100, seconds: round(daijiaoSeconds, 2) }
} finally {
  if (cluster && !argv.keep) stopCluster(cluster)
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
