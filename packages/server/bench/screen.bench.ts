/**
 * Early-warning screening benchmark (issue 5): `npm run bench:screen [-- --persons 1000000] [-- --pglite-persons 100000]`.
 *
 * PostgreSQL: a throwaway PostgreSQL 15 cluster, the demo county seeded with `--persons` synthetic persons
 * (`xianjie seed`), synthetic department feed records (medical settlements for ~6 % of persons with a long-tailed
 * out-of-pocket, ~0.3 % per event source), then `xianjie screen --county 622926` in its own process (read into
 * columns, every §8.2 rule in the batch kernel, warnings written), timed end to end with its peak RSS. The same
 * screening is then run as one SQL statement inside PostgreSQL (feed aggregates + rule predicates, flagged
 * (household, rule) pairs into a table), and the two sets of pairs are compared. PGlite: the same at
 * `--pglite-persons`. Prints one JSON object.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import { parametersAt } from '../src/modules/policy/parameters.service.ts'
import { addDays } from '../src/modules/warnings/warnings.screen.ts'
import { openDatabase } from '../src/platform/db.ts'
import { log, root, round } from './harness.ts'
import { feedSql } from './screen.feed.ts'

const { values: argv } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    'pglite-persons': { type: 'string', default: '100000' },
    'reuse-url': { type: 'string' },
    'skip-pglite': { type: 'boolean', default: false },
    /** Leave the PostgreSQL cluster running (its URL is logged) for repeated runs with --reuse-url. */
    keep: { type: 'boolean', default: false },
    /** With --reuse-url: delete the warnings of an earlier run first, so the run writes them again. */
    'reset-warnings': { type: 'boolean', default: false },
  },
})
const COUNTY = '622926'
const AS_OF = '2026-11-28'

interface Run {
  status: number
  stdout: string
  peakRssMB: number | null
  wallSeconds: number
}
function xianjie(args: string[], env: Record<string, string>, capture = false): Run {
  const t0 = performance.now()
  const res = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, '--import', 'tsx', 'packages/server/src/cli.ts', ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  const wallSeconds = (performance.now() - t0) / 1000
  const err = res.stderr?.toString() ?? ''
  const rss = /(\d+)\s*$/.exec(err.trim())
  if (res.status !== 0) throw new Error(`xianjie ${args.join(' ')} failed (${res.status}): ${err.slice(-2000)}`)
  return {
    status: res.status ?? -1,
    stdout: res.stdout?.toString() ?? '',
    peakRssMB: rss ? round(Number(rss[1]) / 1024) : null,
    wallSeconds,
  }
}

/** The same screening as one SQL statement: returns the statement and its parameters. */
function screeningSql(): { text: string; values: unknown[] } {
  const snap = parametersAt(AS_OF)
  const p = (path: string) => snap.get(path, undefined, COUNTY).value
  const longFrom = (() => {
    const d = new Date(`${AS_OF}T00:00:00Z`)
    d.setUTCMonth(d.getUTCMonth() - p('warnings.med_lookback_months'))
    return d.toISOString().slice(0, 10)
  })()
  const shortFrom = addDays(AS_OF, -p('warnings.event_lookback_days'))
  const income = p('warnings.rural_disposable_income_prev')
  const values = [
    COUNTY,
    AS_OF,
    longFrom,
    shortFrom,
    p('warnings.med_high_oop_lowinc'),
    p('warnings.med_high_oop_general'),
    income * p('warnings.med_oop_ratio_tuopin'),
    income * p('warnings.med_oop_ratio_general'),
    p('warnings.med_oop_abs_all'),
    p('water.max_outage_days'),
    p('disability.severe_max_level'),
    p('monitoring.sudden_drop_ratio'),
    p('monitoring.threshold'),
  ]
  const cnt = (s: string) => `count(*) filter (where r.signal = '${s}' and r.data_date > $4::date)`
  const text = `
    drop table if exists bench_sql_hits;
    create unlogged table bench_sql_hits as
    with hh as (
      select id, household_type = 'TUOPIN' as tuopin,
             (monitoring_status in ('IDENT_IN_PROGRESS', 'ACTIVE', 'ELIM_IN_PROGRESS') or 'PREVENTION_TARGET' = any(low_income_groups)) as monitored,
             (monitoring_status in ('IDENT_IN_PROGRESS', 'ACTIVE', 'ELIM_IN_PROGRESS')
               or low_income_groups && array['DIBAO','TEKUN','PREVENTION_TARGET','DIBAO_MARGINAL','RIGID_EXPENDITURE']) as lowinc
      from household where county_code = $1 and status = 'ACTIVE'),
    f as (
      select r.person_id, r.household_id,
             coalesce(sum(r.amount) filter (where r.signal = 'MED_OOP' and r.data_date > $3::date), 0) as med,
             coalesce(sum(r.amount) filter (where r.signal = 'WATER_OUTAGE' and r.data_date > $3::date), 0) as water_days,
             ${cnt('WATER_FACILITY')} as water_fac, ${cnt('EDU_DROPOUT')} as dropout, ${cnt('EDU_NONCOMPULSORY')} as noncomp,
             ${cnt('HOUSING_DANGER')} as housing, ${cnt('DISABILITY_NEW')} as dis_new,
             min(r.amount) filter (where r.signal = 'DISABILITY_LEVEL' and r.data_date > $4::date) as dis_level,
             ${cnt('CA_CHANGE')} as ca, ${cnt('DISASTER_LOSS')} as disaster, ${cnt('POLICE_ACCIDENT')} as accident,
             ${cnt('POLICE_HUKOU')} as hukou, ${cnt('HRSS_UNEMPLOYED')} as unemployed, ${cnt('AGRI_LOSS')} as agri,
             ${cnt('ASSET_ACQUIRED')} as assets
      from feed_record r join person p on p.id = r.person_id and p.status = 'ACTIVE'
      where r.county_code = $1 and r.signal is not null and r.data_date <= $2::date
        and r.data_date > least($3::date, $4::date)
      group by r.person_id, r.household_id),
    inc as (
      select household_id,
             max(per_capita_net) filter (where rn = 1) as latest, max(per_capita_net) filter (where rn = 2) as previous
      from (select household_id, per_capita_net,
                   row_number() over (partition by household_id order by period_end desc, created_at desc) as rn
            from income_assessment where county_code = $1 and period_end <= $2::date) a
      where rn <= 2 group by household_id),
    hits as (
      select f.household_id, unnest(array[
        case when h.lowinc and f.med > $5::float8 then 'MED_HIGH_OOP_LOWINC' end,
        case when not h.lowinc and f.med > $6::float8 then 'MED_HIGH_OOP_GENERAL' end,
        case when (h.tuopin or h.monitored) and f.med > $7::float8 then 'MED_OOP_RATIO_TUOPIN' end,
        case when not (h.tuopin or h.monitored) and f.med > $8::float8 then 'MED_OOP_RATIO_GENERAL' end,
        case when f.med > $9::float8 then 'MED_OOP_ABS_ALL' end,
        case when (h.tuopin or h.monitored) and f.dropout > 0 then 'EDU_DROPOUT' end,
        case when h.lowinc and f.noncomp > 0 then 'EDU_HIGH_COST' end,
        case when f.housing > 0 then 'HOUSING_DANGER' end,
        case when f.water_days > $10::float8 or f.water_fac > 0 then 'WATER_ISSUE' end,
        case when f.dis_new > 0 or (f.dis_level > 0 and f.dis_level <= $11::float8) then 'DISABILITY_NEW' end,
        case when f.ca > 0 then 'CA_NEW_DIBAO_TEKUN' end,
        case when f.disaster > 0 then 'DISASTER_LOSS' end,
        case when f.accident > 0 then 'POLICE_ACCIDENT' end,
        case when f.hukou > 0 then 'POLICE_HUKOU' end,
        case when (h.tuopin or h.monitored) and f.unemployed > 0 then 'HRSS_UNEMPLOYED' end,
        case when f.agri > 0 then 'AGRI_INDUSTRY_LOSS' end,
        case when h.lowinc and f.assets > 0 then 'ASSET_MISMATCH' end]) as rule
      from f join hh h on h.id = f.household_id
      union all
      select i.household_id, 'INCOME_DROP' from inc i join hh h on h.id = i.household_id
      where (coalesce(i.previous, 0) > 0 and i.previous - i.latest >= i.previous * $12::float8)
         or (not h.monitored and i.latest > 0 and i.latest < $13::float8))
    select distinct household_id, rule from hits where rule is not null`
  return { text, values }
}

async function sqlScreening(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { text, values } = screeningSql()
  const [drop, create] = text.split(';\n    create')
  await client.query(drop!)
  const t0 = performance.now()
  await client.query(`create${create}`, values)
  const seconds = (performance.now() - t0) / 1000
  const pairs = Number((await client.query('select count(*) as n from bench_sql_hits')).rows[0].n)
  const engine = Number(
    (
      await client.query(
        `select count(*) as n from (select distinct household_id, rule_code from warning_hit where county_code = $1) x`,
        [COUNTY],
      )
    ).rows[0].n,
  )
  const diff = Number(
    (
      await client.query(
        `select count(*) as n from (
           (select household_id, rule from bench_sql_hits
            except select household_id, rule_code from warning_hit where county_code = $1)
           union all
           (select household_id, rule_code from warning_hit where county_code = $1
            except select household_id, rule from bench_sql_hits)) d`,
        [COUNTY],
      )
    ).rows[0].n,
  )
  await client.end()
  return { seconds: round(seconds, 2), pairs, enginePairs: engine, pairsDiffering: diff }
}

async function counts(url: string) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  const r = (
    await c.query(
      `select (select count(*) from household)::int as households, (select count(*) from person)::int as persons,
              (select count(*) from feed_record)::int as feed_records`,
    )
  ).rows[0]
  await c.end()
  return r as { households: number; persons: number; feed_records: number }
}

let cluster: Cluster | null = null
const out: Record<string, unknown> = {
  machine: { cpus: cpus().length, memGB: round(totalmem() / 2 ** 30), node: process.version },
  county: COUNTY,
  asOf: AS_OF,
}
try {
  // ---------- PostgreSQL ----------
  const persons = Number(argv.persons)
  const reuse = argv['reuse-url']
  if (!reuse) cluster = await startCluster()
  const url = reuse ?? (cluster as Cluster).url
  const env = { DATABASE_URL: url, XIANJIE_DEMO_PERSONS: '0', XIANJIE_DEMO_COUNTY: COUNTY }
  let seedSeconds: number | null = null
  if (!reuse) {
    log('seeding regions and demo users')
    xianjie(['seed', '--county', COUNTY], env)
    log(`seeding ${persons} persons`)
    seedSeconds = round(
      xianjie(['seed', '--county', COUNTY, '--persons', String(persons), '--seed', 'bench'], env).wallSeconds,
    )
    log('feed records')
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    for (const stmt of feedSql(COUNTY, AS_OF)
      .split(';')
      .filter((x) => x.trim()))
      await c.query(stmt)
    await c.end()
  }
  if (reuse && argv['reset-warnings']) {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    await c.query('truncate warning_hit, warning')
    await c.end()
  }
  log('screening (engine)')
  const run = xianjie(['screen', '--county', COUNTY, '--date', AS_OF], env, true)
  const summary = JSON.parse(run.stdout)
  log('screening again (nothing new to write)')
  const rerun = JSON.parse(xianjie(['screen', '--county', COUNTY, '--date', AS_OF], env, true).stdout)
  log('screening as SQL inside PostgreSQL')
  const sqlRun = await sqlScreening(url)
  out.postgres = {
    ...(await counts(url)),
    seedSeconds,
    screen: {
      seconds: round(summary.seconds, 2),
      processWallSeconds: round(run.wallSeconds, 2),
      peakRssMB: run.peakRssMB,
      phases: summary.phases,
      flaggedHouseholds: summary.flaggedHouseholds,
      warningsCreated: summary.warningsCreated,
      hits: summary.hits,
      warningsByRule: summary.warningsByRule,
      batches: summary.batches,
    },
    rerun: { seconds: round(rerun.seconds, 2), hits: rerun.hits, warningsCreated: rerun.warningsCreated },
    sql: sqlRun,
    engineOverSql: round(summary.seconds / sqlRun.seconds, 2),
    target: { seconds: 30, met: summary.seconds <= 30 },
  }
  if (cluster && argv.keep)
    log(`cluster left running: ${url} (data ${(cluster as Cluster & { dir?: string }).dir ?? ''})`)
  else if (cluster) stopCluster(cluster)
  cluster = null

  // ---------- PGlite ----------
  if (!argv['skip-pglite']) {
    const small = Number(argv['pglite-persons'])
    const dir = mkdtempSync(join(tmpdir(), 'xj-screen-'))
    const lenv = { XIANJIE_DATA_DIR: dir, XIANJIE_DEMO_PERSONS: '0', XIANJIE_DEMO_COUNTY: COUNTY, DATABASE_URL: '' }
    try {
      log(`PGlite: seeding ${small} persons`)
      xianjie(['seed', '--county', COUNTY], lenv)
      xianjie(['seed', '--county', COUNTY, '--persons', String(small), '--seed', 'bench'], lenv)
      const handle = await openDatabase({ dataDir: join(dir, 'pglite') })
      for (const stmt of feedSql(COUNTY, AS_OF)
        .split(';')
        .filter((x) => x.trim()))
        await handle.pool.query(stmt)
      await handle.close()
      log('PGlite: screening')
      const r = xianjie(['screen', '--county', COUNTY, '--date', AS_OF], lenv, true)
      const s = JSON.parse(r.stdout)
      out.pglite = {
        persons: s.persons,
        households: s.households,
        screen: {
          seconds: round(s.seconds, 2),
          processWallSeconds: round(r.wallSeconds, 2),
          peakRssMB: r.peakRssMB,
          phases: s.phases,
          hits: s.hits,
          warningsCreated: s.warningsCreated,
        },
        perMillionPersonsSeconds: round((s.seconds / s.persons) * 1e6, 1),
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(JSON.stringify(out, null, 2))
} finally {
  if (cluster) stopCluster(cluster)
}
