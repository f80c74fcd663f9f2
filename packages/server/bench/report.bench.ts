/**
 * Monthly monitoring report benchmark (issue 5 item 8): `npm run bench:report [-- --persons 1000000]
 * [-- --pglite-persons 100000] [-- --skip-postgres] [-- --skip-pglite]`.
 *
 * Seeds the demo county (`xianjie seed --county 622926 --persons N`), then makes ~6 % of its households monitoring
 * targets in SQL (an ACTIVE identification case with category, 1–3 risks and a channel, approved over the last 12
 * months, with its plan and 1–3 measures; a fifth of them later eliminated by an elimination case; plus open clues), and times the
 * §10.1 report for the whole county (first run and the median of 5), for one township, and the .xlsx workbook — the
 * service function the API calls, in process. Prints one JSON object.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import type { Actor } from '../src/modules/auth/actor.ts'
import { monitoringReport } from '../src/modules/reports/reports.service.ts'
import { reportWorkbook } from '../src/modules/reports/reports.xlsx.ts'
import { systemClock } from '../src/platform/clock.ts'
import { type DbHandle, openDatabase } from '../src/platform/db.ts'
import { log, root, round } from './harness.ts'

const { values: argv } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    'pglite-persons': { type: 'string', default: '100000' },
    'skip-postgres': { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
  },
})
const COUNTY = '622926'
const MONTH = '2026-11'

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

/** Synthetic monitoring history: targets, eliminations, open clues (deterministic by household id). */
const targetsSql = `
  create temp table bench_t as
    select h.id, h.region_code, h.county_code, h.household_type,
           ('x' || substr(md5(h.id::text), 1, 7))::bit(28)::int as r
    from household h where h.county_code = '${COUNTY}' and h.status = 'ACTIVE'
      and ('x' || substr(md5(h.id::text || 't'), 1, 4))::bit(16)::int % 100 < 6;
  insert into wf_case (id, case_type, state, county_code, region_code, household_id, subject_name, data, opened_on,
                       state_since, created_at, updated_at)
    select md5(id::text || 'ident')::uuid, 'MONITORING_IDENT', 'ACTIVE', county_code, region_code, id, '监测户',
           jsonb_build_object(
             'category', case when household_type = 'TUOPIN' then (array['UNSTABLE_TUOPIN','SUDDEN_HARDSHIP'])[1 + abs(r) % 2]
                              else (array['MARGINAL','SUDDEN_HARDSHIP'])[1 + abs(r) % 2] end,
             'risks', (array['["ILLNESS"]','["DISABILITY","ILLNESS"]','["UNSTABLE_EMPLOYMENT"]','["EDUCATION","LACK_OF_LABOUR"]',
                             '["NATURAL_DISASTER","ACCIDENT","OTHER"]','["LACK_OF_LABOUR"]'])[1 + abs(r / 7) % 6]::jsonb,
             'channel', (array['CADRE_SCREENING','DEPT_WARNING','SELF_DECLARATION','CADRE_SCREENING'])[1 + abs(r / 11) % 4],
             'perCapitaNet', 3000 + abs(r) % 9000),
           date '${MONTH}-28' - (abs(r) % 365) - 20, now(), now(), now()
    from bench_t;
  insert into wf_transition (id, case_id, seq, event, from_state, to_state, actor_name, at, on_date)
    select md5(id::text || 'ta')::uuid, md5(id::text || 'ident')::uuid, 8, 'APPROVE', 'COUNTY_APPROVAL', 'ACTIVE', 'bench',
           (date '${MONTH}-28' - (abs(r) % 365) - 20 + (abs(r / 13) % 25))::timestamptz,
           date '${MONTH}-28' - (abs(r) % 365) - 20 + (abs(r / 13) % 25)
    from bench_t;
  insert into monitoring_plan (id, household_id, case_id, region_code, category, risks, due_on, status, created_at)
    select md5(id::text || 'plan')::uuid, id, md5(id::text || 'ident')::uuid, region_code, 'MARGINAL', '[]', date '${MONTH}-01',
           case when abs(r) % 3 = 0 then 'DRAFT' else 'ACTIVE' end, now()
    from bench_t;
  insert into wf_case (id, case_type, state, county_code, region_code, household_id, subject_name, data, opened_on,
                       state_since, created_at, updated_at)
    select md5(id::text || 'elim')::uuid, 'MONITORING_ELIM', 'ELIMINATED', county_code, region_code, id, '监测户',
           jsonb_build_object('eliminationMethod', case when abs(r) % 4 = 0 then 'NATURAL' else 'ASSISTED' end),
           date '${MONTH}-28' - (abs(r) % 120), now(), now(), now()
    from bench_t where abs(r) % 5 = 0;
  insert into wf_transition (id, case_id, seq, event, from_state, to_state, actor_name, at, on_date)
    select md5(id::text || 'te')::uuid, md5(id::text || 'elim')::uuid, 6, 'APPROVE', 'ELIM_COUNTY_APPROVAL', 'ELIMINATED', 'bench',
           (date '${MONTH}-28' - (abs(r) % 120) + 10)::timestamptz, date '${MONTH}-28' - (abs(r) % 120) + 10
    from bench_t where abs(r) % 5 = 0;
  insert into monitoring_measure (id, plan_id, household_id, region_code, category, item, start_date, status,
                                  created_at, updated_at)
    select md5(id::text || 'measure' || k)::uuid, md5(id::text || 'plan')::uuid, id, region_code,
           (array['INDUSTRY','EMPLOYMENT','HEALTH','SOCIAL_SECURITY','OTHER_EDU','PUBLIC_POST','HOUSING','FINANCE'])[1 + abs(r / (17 * k)) % 8],
           '措施', date '${MONTH}-01' - (abs(r) % 200),
           case when (abs(r) + k) % 9 = 0 then 'CANCELLED' else 'IN_PROGRESS' end, now(), now()
    from bench_t, generate_series(1, 1 + abs(r) % 3) k;
  update household set monitoring_status = case when abs(b.r) % 5 = 0 then 'ELIMINATED' else 'ACTIVE' end
    from bench_t b where household.id = b.id;
  insert into wf_case (id, case_type, state, county_code, region_code, household_id, subject_name, data, opened_on,
                       state_since, created_at, updated_at)
    select md5(h.id::text || 'clue')::uuid, 'MONITORING_IDENT', 'CLUE_RECEIVED', h.county_code, h.region_code, h.id, '线索户',
           '{"channel":"CADRE_SCREENING"}', date '${MONTH}-01' + abs(('x' || substr(md5(h.id::text), 9, 4))::bit(16)::int) % 28,
           now(), now(), now()
    from household h where h.county_code = '${COUNTY}'
      and ('x' || substr(md5(h.id::text || 'c'), 1, 4))::bit(16)::int % 1000 < 3;
  analyze wf_case; analyze wf_transition; analyze monitoring_plan; analyze monitoring_measure; analyze household;
`

const actor: Actor = {
  userId: null,
  username: 'bench',
  regionCode: `${COUNTY}000000`,
  scope: COUNTY,
  roles: ['COUNTY_RR_ADMIN'],
}

async function measure(handle: DbHandle) {
  const deps = { db: handle.db, clock: systemClock }
  const t0 = performance.now()
  for (const stmt of targetsSql.split(';').filter((s) => s.trim())) await handle.pool.query(stmt)
  const synthSeconds = (performance.now() - t0) / 1000
  const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
    const s = performance.now()
    const v = await f()
    return [(performance.now() - s) / 1000, v]
  }
  const [first, report] = await time(() => monitoringReport(deps, actor, { month: MONTH }))
  const runs: number[] = []
  for (let i = 0; i < 5; i++) runs.push((await time(() => monitoringReport(deps, actor, { month: MONTH })))[0])
  runs.sort((a, b) => a - b)
  const township = report.children.find((c) => c.households > 0)?.code.slice(0, 9) ?? `${COUNTY}100`
  const [town] = await time(() => monitoringReport(deps, actor, { month: MONTH, region: township }))
  const [xlsx, buf] = await time(() => reportWorkbook(report))
  const counts = (
    await handle.pool.query(
      `select (select count(*) from household)::int as households, (select count(*) from person)::int as persons,
              (select count(*) from wf_case)::int as cases`,
    )
  ).rows[0]
  return {
    ...counts,
    synthSeconds: round(synthSeconds, 1),
    targets: report.stock.total,
    eliminated: report.stock.byStatus.ELIMINATED.households,
    childRegions: report.children.length,
    report: {
      firstSeconds: round(first, 3),
      medianSeconds: round(runs[2] ?? 0, 3),
      maxSeconds: round(runs[4] ?? 0, 3),
      townshipSeconds: round(town, 3),
      xlsxSeconds: round(xlsx, 3),
      xlsxKB: round(buf.length / 1024),
    },
  }
}

const out: Record<string, unknown> = {
  machine: { cpus: cpus().length, memGB: round(totalmem() / 2 ** 30), node: process.version },
  county: COUNTY,
  month: MONTH,
}
let cluster: Cluster | null = null
try {
  if (!argv['skip-pglite']) {
    const n = Number(argv['pglite-persons'])
    const dir = mkdtempSync(join(tmpdir(), 'xj-report-'))
    const env = { XIANJIE_DATA_DIR: dir, XIANJIE_DEMO_PERSONS: '0', XIANJIE_DEMO_COUNTY: COUNTY, DATABASE_URL: '' }
    try {
      log(`PGlite: seeding ${n} persons`)
      xianjie(['seed', '--county', COUNTY], env)
      const seedSeconds = xianjie(['seed', '--county', COUNTY, '--persons', String(n), '--seed', 'bench'], env)
      const handle = await openDatabase({ dataDir: join(dir, 'pglite') })
      log('PGlite: report')
      out.pglite = { seedSeconds: round(seedSeconds), ...(await measure(handle)) }
      await handle.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  if (!argv['skip-postgres']) {
    const n = Number(argv.persons)
    cluster = await startCluster()
    const env = { DATABASE_URL: cluster.url, XIANJIE_DEMO_PERSONS: '0', XIANJIE_DEMO_COUNTY: COUNTY }
    log(`PostgreSQL: seeding ${n} persons`)
    xianjie(['seed', '--county', COUNTY], env)
    const seedSeconds = xianjie(['seed', '--county', COUNTY, '--persons', String(n), '--seed', 'bench'], env)
    const handle = await openDatabase({ url: cluster.url })
    log('PostgreSQL: report')
    out.postgres = { seedSeconds: round(seedSeconds), ...(await measure(handle)) }
    await handle.close()
  }
  console.log(JSON.stringify(out, null, 2))
} finally {
  if (cluster) stopCluster(cluster)
}
