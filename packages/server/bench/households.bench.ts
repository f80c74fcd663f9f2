/**
 * Registry benchmark: `npm run bench:households [-- --persons 1000000] [-- --duration 20] [-- --connections 50]`.
 *
 * On a throwaway PostgreSQL 15 cluster: seeds the demo county's regions and users, a synthetic population of
 * `--persons` persons (the real `xianjie seed` command), then starts the real server and loads with autocannon
 *  - the household search API with a rotation of real queries (name prefix, pinyin initials, ID-number suffix,
 *    household number, filters), and
 *  - the household detail API over random households,
 * as the demo county officer, each once on the freshly started server (after its search index is read) and once more
 * on the warm server (`warm`); then the search load once more on a server that answers it in SQL
 * (`XIANJIE_SEARCH_INDEX=false`, `baseline.searchSql`). Prints one JSON object. Target (issue 4): p99 ≤ 50 ms, 0 errors (`met` is decided by the cold runs).
 */
import { execSync, spawnSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import { coldStart, current, load, log, login, root, round, sleep, stopServer } from './harness.ts'

const { values: argv } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    /** An already seeded database to load instead of a new cluster (for repeated runs). */
    'reuse-url': { type: 'string' },
  },
})
const persons = Number(argv.persons)
const duration = Number(argv.duration)
const connections = Number(argv.connections)
const COUNTY = '622926'

function xianjie(args: string[], env: Record<string, string>): void {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (res.status !== 0) throw new Error(`xianjie ${args.join(' ')} failed (${res.status})`)
}

let cluster: Cluster | null = null
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const pid = current?.proc.pid
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {}
    }
    if (cluster) stopCluster(cluster)
    process.exit(130)
  })
}

try {
  const reuse = argv['reuse-url']
  if (!reuse) cluster = await startCluster()
  const url = reuse ?? (cluster as Cluster).url
  const env = { DATABASE_URL: url, XIANJIE_DEMO_PERSONS: '0', XIANJIE_DEMO_COUNTY: COUNTY }
  let seedSeconds: number | null = null
  if (!reuse) {
    log('seeding regions and demo users')
    xianjie(['seed', '--county', COUNTY], env)
    log(`seeding ${persons} persons`)
    const t0 = performance.now()
    xianjie(['seed', '--county', COUNTY, '--persons', String(persons), '--seed', 'bench'], env)
    seedSeconds = round((performance.now() - t0) / 1000)
  }
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  await db.query('vacuum analyze') // a bulk-loaded database as autovacuum leaves it (unvacuumed pages are slower to read)
  const counts = (
    await db.query('select (select count(*) from household)::int as h, (select count(*) from person)::int as p')
  ).rows[0] as { h: number; p: number }
  // Real queries taken from the data, so every search finds something.
  const sample = (
    await db.query(
      `select h.id, h.household_no, p.name, p.name_initials, p.id_number
         from household h join person p on p.id = h.head_person_id
        order by md5(h.id::text) limit 2000`,
    )
  ).rows as Array<{ id: string; household_no: string; name: string; name_initials: string; id_number: string }>
  await db.end()
  const q = (s: string) => encodeURIComponent(s)
  const searchPaths = sample.flatMap((r, i) => {
    const kinds = [
      `/api/households?q=${q(r.name.slice(0, 2))}`,
      `/api/households?q=${q(r.name_initials)}`,
      `/api/households?q=${q(r.id_number.slice(-4))}&region=${r.household_no.slice(0, 12)}`,
      `/api/households?q=${q(r.household_no)}`,
      `/api/households?region=${r.household_no.slice(0, 9)}&householdType=TUOPIN&page=${1 + (i % 5)}`,
      `/api/households?region=${r.household_no.slice(0, 12)}&ageMin=60&disabled=true`,
    ]
    return [kinds[i % kinds.length] as string]
  })
  const detailPaths = sample.map((r) => `/api/households/${r.id}`)

  const started = await coldStart({ ...env })
  try {
    // The server reads the county into its search index after it starts listening (search-index.ts); searches
    // go to SQL until then. Wait for it, as a load balancer waits for readiness, and report how long it took.
    const t0 = performance.now()
    for (;;) {
      const h = (await (await fetch(`${started.server.base}/api/health`)).json()) as {
        searchIndex: { ready: number; building: number; starting: boolean }
      }
      if (!h.searchIndex.starting && h.searchIndex.building === 0) break
      if (performance.now() - t0 > 600_000) throw new Error('the search index was not ready after 10 minutes')
      await sleep(500)
    }
    const indexSeconds = round((performance.now() - t0) / 1000)
    log(`search index ready ${indexSeconds} s after the server started listening`)
    const cookie = await login(started.server.base, 'county_rr')
    const headers = { cookie }
    const both = async () => ({
      search: await load(started.server.base, '/api/households', {
        connections,
        duration,
        headers,
        paths: searchPaths,
      }),
      detail: await load(started.server.base, '/api/households/:id', {
        connections,
        duration,
        headers,
        paths: detailPaths,
      }),
    })
    const { search, detail } = await both()
    // The same loads again on the now warm server (its JIT, the session and document caches): the steady state of
    // a server that has been up for a while, reported beside the cold figures above, which decide `met`.
    const warm = await both()
    // resident memory of the server process (the index included)
    const serverRssMB = Math.max(
      0,
      ...execSync('ps -eo rss=,args=', { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.includes('packages/server/src/main.ts') && !l.includes('npx'))
        .map((l) => Number(l.trim().split(/\s+/)[0]) / 1024),
    )
    await stopServer(started.server)
    // The baseline in the same run: the same search load on a server that answers the list in SQL.
    log('baseline: the same search load with XIANJIE_SEARCH_INDEX=false')
    const sqlServer = await coldStart({ ...env, XIANJIE_SEARCH_INDEX: 'false' })
    let searchSql: Awaited<ReturnType<typeof load>>
    try {
      const sqlCookie = await login(sqlServer.server.base, 'county_rr')
      searchSql = await load(sqlServer.server.base, '/api/households', {
        connections,
        duration,
        headers: { cookie: sqlCookie },
        paths: searchPaths,
      })
    } finally {
      await stopServer(sqlServer.server)
    }
    const cpuList = cpus()
    const result = {
      machine: {
        cpus: cpuList.length,
        cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
        memGB: round(totalmem() / 2 ** 30),
        node: process.version,
      },
      date: new Date().toISOString(),
      engine: 'postgres',
      population: { persons: counts.p, households: counts.h, seedSeconds },
      searchIndexSeconds: indexSeconds,
      serverRssMB: round(serverRssMB),
      search,
      detail,
      warm,
      baseline: { searchSql },
      target: { p99Ms: 50, errors: 0 },
      met: search.latencyP99Ms <= 50 && detail.latencyP99Ms <= 50 && search.errors + detail.errors === 0,
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  } finally {
    await stopServer(started.server)
  }
} finally {
  if (cluster) stopCluster(cluster)
}
