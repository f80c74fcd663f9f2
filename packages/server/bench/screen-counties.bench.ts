/**
 * Multi-county screening with worker processes (issue 5): `npm run bench:screen-counties [-- --counties 10]
 * [-- --persons-per-county 1000000] [-- --workers 2]`.
 *
 * A throwaway PostgreSQL 15 cluster; `--counties` counties of 甘肃 seeded with `--persons-per-county` synthetic
 * persons each and the synthetic feed records of `screen.feed.ts`; `--workers` server processes (the real
 * `main.ts`, pg-boss workers); one `warnings.screen-county` job per county queued through pg-boss from this process.
 * Reports the wall time from the first job start to the last job end and each county's time. Prints one JSON object.
 */

import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import { openPlatform } from '../src/app.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { screenCountyJob } from '../src/modules/warnings/warnings.jobs.ts'
import { loadConfig } from '../src/platform/config.ts'
import { coldStart, log, root, round, type Server, sleep, stopServer } from './harness.ts'
import { feedSql } from './screen.feed.ts'

const { values: argv } = parseArgs({
  options: {
    counties: { type: 'string', default: '10' },
    'persons-per-county': { type: 'string', default: '1000000' },
    workers: { type: 'string', default: '2' },
    /** Leave the cluster running after the run (its URL is logged) for a later run with --reuse-url. */
    keep: { type: 'boolean', default: false },
    /** Seed (and keep) the cluster, then stop before screening: the 10 M seed takes ~45 min here. */
    'seed-only': { type: 'boolean', default: false },
    /** An already seeded database (from --seed-only or --keep): its warnings are deleted, then it is screened. */
    'reuse-url': { type: 'string' },
  },
})
const AS_OF = '2026-11-28'
const nCounties = Number(argv.counties)
const perCounty = Number(argv['persons-per-county'])
const nWorkers = Number(argv.workers)

function xianjie(args: string[], env: Record<string, string>): number {
  const t0 = performance.now()
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (res.status !== 0) throw new Error(`xianjie ${args.join(' ')} failed (${res.status})`)
  return (performance.now() - t0) / 1000
}

let cluster: Cluster | null = null
const servers: Server[] = []
const reuse = argv['reuse-url']
const keep = argv.keep || argv['seed-only']
try {
  if (!reuse) cluster = await startCluster()
  const url = reuse ?? (cluster as Cluster).url
  if (keep) log(`cluster kept at ${url} (data in ${cluster?.dir}); stop it with pg_ctl -D <dir>/data stop`)
  const env = { DATABASE_URL: url, XIANJIE_DEMO_PERSONS: '0', XIANJIE_DEMO_COUNTY: '622926' }
  if (!reuse) {
    log('seeding regions and demo users')
    xianjie(['seed', '--county', '622926'], env)
  }
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  // Counties of 甘肃 with the most villages (so each can hold the population), the demo county first.
  const rows = (
    await c.query(
      `select left(code, 6) as county, count(*) as villages from region
        where level = 5 and code like '62%' group by 1 order by (left(code, 6) = '622926') desc, 2 desc limit $1`,
      [nCounties],
    )
  ).rows as Array<{ county: string; villages: string }>
  const counties = rows.map((r) => r.county)
  let seedSeconds = 0
  for (const [i, county] of reuse ? [] : counties.entries()) {
    log(`seeding ${perCounty} persons in ${county} (${i + 1}/${counties.length})`)
    seedSeconds += xianjie(
      ['seed', '--county', county, '--persons', String(perCounty), '--seed', `b${i}`, '--append'],
      {
        ...env,
        XIANJIE_DEMO_COUNTY: county,
      },
    )
    for (const stmt of feedSql(county, AS_OF, randomUUID())
      .split(';')
      .filter((x) => x.trim()))
      await c.query(stmt)
  }
  if (reuse) await c.query('truncate warning_hit, warning')
  await c.query('analyze')
  const totals = (
    await c.query(
      'select (select count(*) from person)::int as persons, (select count(*) from household)::int as households',
    )
  ).rows[0] as { persons: number; households: number }
  if (argv['seed-only']) {
    console.log(JSON.stringify({ url, counties, ...totals, seedSeconds: round(seedSeconds) }, null, 2))
    await c.end()
    process.exit(0)
  }

  log(`starting ${nWorkers} worker processes`)
  for (let w = 0; w < nWorkers; w++)
    servers.push((await coldStart({ DATABASE_URL: url, XIANJIE_SEED_DEMO: 'false' })).server)

  log(`queueing ${counties.length} county screenings`)
  const platform = await openPlatform({ ...loadConfig(), databaseUrl: url }, { runJobs: false, searchIndex: false })
  await platform.deps.jobs.start() // pg-boss for sending only: this process does not work on jobs
  const t0 = performance.now()
  const jobIds: string[] = []
  for (const county of counties)
    jobIds.push(
      (await platform.deps.jobs.enqueue(screenCountyJob, { county, asOf: AS_OF }, systemActor, `${county}000000`)).id,
    )
  let jobs: Array<{
    id: string
    status: string
    started_at: Date | null
    finished_at: Date | null
    payload: unknown
    result: unknown
    error: string | null
  }> = []
  for (;;) {
    jobs = (
      await c.query('select id, status, started_at, finished_at, payload, result, error from job where id = any($1)', [
        jobIds,
      ])
    ).rows
    if (jobs.every((j) => j.status === 'succeeded' || j.status === 'failed')) break
    await sleep(500)
  }
  const wallSeconds = (performance.now() - t0) / 1000
  await platform.close()
  const starts = jobs.map((j) => j.started_at!.getTime())
  const ends = jobs.map((j) => j.finished_at!.getTime())
  const perCountyOut = jobs
    .map((j) => {
      const r = (j.result ?? {}) as {
        county?: string
        persons?: number
        seconds?: number
        warningsCreated?: number
        hits?: number
      }
      return {
        county: (j.payload as { county: string }).county,
        status: j.status,
        persons: r.persons ?? null,
        seconds: r.seconds === undefined ? null : round(r.seconds, 1),
        warningsCreated: r.warningsCreated ?? null,
        hits: r.hits ?? null,
        error: j.error,
      }
    })
    .sort((a, b) => a.county.localeCompare(b.county))
  console.log(
    JSON.stringify(
      {
        counties: counties.length,
        workers: nWorkers,
        ...totals,
        seedSeconds: round(seedSeconds),
        wallSeconds: round(wallSeconds, 1),
        firstStartToLastEndSeconds: round((Math.max(...ends) - Math.min(...starts)) / 1000, 1),
        sumOfCountySeconds: round(
          perCountyOut.reduce((a, x) => a + (x.seconds ?? 0), 0),
          1,
        ),
        perCounty: perCountyOut,
      },
      null,
      2,
    ),
  )
  await c.end()
} finally {
  for (const s of servers) await stopServer(s)
  if (cluster && !keep) stopCluster(cluster)
}
