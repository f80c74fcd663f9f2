/**
 * Registry benchmark: `npm run bench:households [-- --persons 1000000] [-- --duration 20] [-- --connections 50]
 * [-- --hot-set 2000]`.
 *
 * On a throwaway PostgreSQL 15 cluster: seeds the demo county's regions and users, a synthetic population of
 * `--persons` persons (the real `xianjie seed` command), then starts the real server and loads it with autocannon as
 * the demo county's five county-wide officials (`USERS`), one session per 10 connections (at least one per user),
 * each request on a session drawn at random:
 *  - the household search API with queries drawn at random from 20,000 random households of the county (name
 *    prefix, pinyin initials, ID-number suffix, household number, filters), and
 *  - the household detail API for a household drawn uniformly, with replacement, from every household of the county
 *    (the server keeps at most 5,000 detail documents, so real traffic over a county hits that cache rarely; the
 *    hit rate of each load is read from `/api/health` and reported beside its p99, `detailCache`),
 * each once on the freshly started server (after its search index is read) and once more on the warm server
 * (`warm`); then the search load once more on a server that answers it in SQL (`XIANJIE_SEARCH_INDEX=false`,
 * `baseline.searchSql`). `--hot-set N` adds a detail load over N fixed households (`detailHotSet`: the old workload,
 * which measures the cache). Every non-2xx answer is a failed request. Prints one JSON object, whose `workload`
 * says what was drawn and what the server caches. Target (issue 4): p99 ≤ 50 ms, no failed request (`met` is
 * decided by the cold runs).
 */
import { execSync, spawnSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import {
  coldStart,
  current,
  type Drawn,
  type LoadResult,
  load,
  log,
  login,
  root,
  round,
  seededRandom,
  sleep,
  stopServer,
} from './harness.ts'

const { values: argv } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    /** An already seeded database to load instead of a new cluster (for repeated runs). */
    'reuse-url': { type: 'string' },
    /** Also load the detail of this many fixed households (the workload before issue 24, which measures the cache). */
    'hot-set': { type: 'string', default: '0' },
  },
})
const persons = Number(argv.persons)
const duration = Number(argv.duration)
const connections = Number(argv.connections)
const hotSet = Number(argv['hot-set'])
const COUNTY = '622926'
/** The demo county's officials who read households county-wide (a wider scope would search in SQL). */
const USERS = ['county_rr', 'county_ca', 'county_ca_head', 'hrss', 'auditor']
/** Random households the search queries are taken from. */
const SEARCH_SAMPLE = 20_000

interface CacheCounts {
  hits: number
  misses: number
  size: number
  capacity: number
}

/** The detail cache's counts now (`/api/health`). */
async function cacheCounts(base: string): Promise<CacheCounts> {
  const h = (await (await fetch(`${base}/api/health`)).json()) as { detailCache: CacheCounts }
  return h.detailCache
}

/** A load and how the detail cache answered during it (its hit rate, 0–1). */
async function measured(base: string, run: () => Promise<LoadResult>) {
  const before = await cacheCounts(base)
  const result = await run()
  const after = await cacheCounts(base)
  const hits = after.hits - before.hits
  const misses = after.misses - before.misses
  const detailCache = {
    hits,
    misses,
    hitRate: hits + misses === 0 ? null : round(hits / (hits + misses), 4),
    sizeAfter: after.size,
    capacity: after.capacity,
  }
  return { ...result, detailCache }
}

/** Signs in `sessions` times, cycling through USERS: one cookie header per session. */
async function sessionsOn(base: string, sessions: number): Promise<Array<Record<string, string>>> {
  const out: Array<Record<string, string>> = []
  for (let i = 0; i < sessions; i++) out.push({ cookie: await login(base, USERS[i % USERS.length] as string) })
  return out
}

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
  // Every household of the county: the detail load draws from all of them, uniformly.
  const allIds = (await db.query('select id from household order by id')).rows.map((r: { id: string }) => r.id)
  // Real queries taken from the data, so every search finds something.
  const sample = (
    await db.query(
      `select h.id, h.household_no, p.name, p.name_initials, p.id_number
         from household h join person p on p.id = h.head_person_id
        order by md5(h.id::text) limit ${SEARCH_SAMPLE}`,
    )
  ).rows as Array<{ id: string; household_no: string; name: string; name_initials: string; id_number: string }>
  await db.end()
  const q = (s: string) => encodeURIComponent(s)
  const searchPaths = sample.map((r, i) => {
    const kinds = [
      `/api/households?q=${q(r.name.slice(0, 2))}`,
      `/api/households?q=${q(r.name_initials)}`,
      `/api/households?q=${q(r.id_number.slice(-4))}&region=${r.household_no.slice(0, 12)}`,
      `/api/households?q=${q(r.household_no)}`,
      `/api/households?region=${r.household_no.slice(0, 9)}&householdType=TUOPIN&page=${1 + (i % 5)}`,
      `/api/households?region=${r.household_no.slice(0, 12)}&ageMin=60&disabled=true`,
    ]
    return kinds[i % kinds.length] as string
  })
  const hotPaths = sample.slice(0, hotSet).map((r) => `/api/households/${r.id}`)
  const sessionCount = Math.max(USERS.length, Math.ceil(connections / 10))
  /** Draws (seeded) a session and one of `pick`'s paths for each request. */
  const drawer = (seed: number, sessions: Array<Record<string, string>>, pick: (rnd: () => number) => string) => {
    const rnd = seededRandom(seed)
    return (): Drawn => ({
      path: pick(rnd),
      headers: sessions[Math.floor(rnd() * sessions.length)] as Record<string, string>,
    })
  }
  const anySearch = (rnd: () => number) => searchPaths[Math.floor(rnd() * searchPaths.length)] as string
  const anyHousehold = (rnd: () => number) => `/api/households/${allIds[Math.floor(rnd() * allIds.length)]}`

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
    const base = started.server.base
    const sessions = await sessionsOn(base, sessionCount)
    const both = async (seed: number) => ({
      search: await measured(base, () =>
        load(base, '/api/households', { connections, duration, draw: drawer(seed, sessions, anySearch) }),
      ),
      detail: await measured(base, () =>
        load(base, '/api/households/:id', { connections, duration, draw: drawer(seed + 1, sessions, anyHousehold) }),
      ),
    })
    const { search, detail } = await both(1)
    // The same loads again (other draws) on the now warm server (its JIT, the session and document caches): the
    // steady state of a server that has been up for a while, reported beside the cold figures, which decide `met`.
    const warm = await both(3)
    // The workload before issue 24: a fixed set of households, every one cached after its first read.
    const detailHotSet =
      hotSet > 0
        ? await measured(base, () =>
            load(base, '/api/households/:id', {
              connections,
              duration,
              draw: drawer(5, sessions, (rnd) => hotPaths[Math.floor(rnd() * hotPaths.length)] as string),
            }),
          )
        : null
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
      const sqlSessions = await sessionsOn(sqlServer.server.base, sessionCount)
      searchSql = await load(sqlServer.server.base, '/api/households', {
        connections,
        duration,
        draw: drawer(1, sqlSessions, anySearch),
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
      workload: {
        users: USERS,
        sessions: sessionCount,
        connections,
        durationS: duration,
        session: 'each request on one of the sessions, drawn at random',
        detail: `a household drawn uniformly, with replacement, from all ${allIds.length} households of the county`,
        search: `one of ${searchPaths.length} queries (6 kinds) from ${sample.length} random households, drawn at random`,
        detailHotSet: hotSet > 0 ? `a household drawn from ${hotPaths.length} fixed households` : null,
        cached:
          'household detail documents (at most 5,000, served while the household keeps its version; hit rate in ' +
          'detailCache), resolved sessions (XIANJIE_SESSION_CACHE_SECONDS), the county search index (whole ' +
          'county in memory; not in baseline.searchSql), prepared statements',
        failed: 'non-2xx answers and requests without an answer',
      },
      searchIndexSeconds: indexSeconds,
      serverRssMB: round(serverRssMB),
      search,
      detail,
      warm,
      detailHotSet,
      baseline: { searchSql },
      target: { p99Ms: 50, failed: 0 },
      met:
        search.latencyP99Ms <= 50 &&
        detail.latencyP99Ms <= 50 &&
        [search, detail, warm.search, warm.detail, detailHotSet, searchSql].every((r) => !r || r.failed === 0),
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  } finally {
    await stopServer(started.server)
  }
} finally {
  if (cluster) stopCluster(cluster)
}
