/**
 * Platform benchmark: `npm run bench:platform [-- --duration 5] [-- --connections 10]`.
 *
 * On the embedded database (PGlite) and then on a throwaway PostgreSQL 15 cluster, it measures
 *  - cold start: spawn of the real server (`npx tsx packages/server/src/main.ts`) to the first 200 from /api/health,
 *    first on an empty database (migration + seeding of the demo province's regions and demo users), then again on
 *    the same database (nothing to seed);
 *  - load with autocannon against 127.0.0.1 only, bounded in time: GET /api/health, and the authenticated region
 *    tree GET /api/regions/622926000000/children as the demo user county_rr.
 * Progress goes to stderr; the result is one JSON object on stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import { coldStart, current, type LoadResult, load, log, login, round, stopServer } from './harness.ts'

const DEMO_USER = 'county_rr'
const REGION_TREE_PATH = '/api/regions/622926000000/children'

const { values: argv } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
  },
})
const duration = Number(argv.duration)
const connections = Number(argv.connections)
if (!Number.isFinite(duration) || duration <= 0 || duration > 120) throw new Error('--duration: 1 to 120 seconds')
if (!Number.isInteger(connections) || connections < 1 || connections > 200) throw new Error('--connections: 1 to 200')

interface EngineResult {
  coldStartFirstMs: number
  coldStartNextMs: number
  firstStartSeeded: string | null
  health: LoadResult
  regionTree: LoadResult
}

/** Two cold starts on one fresh data folder (and database), then the two loads against the second server. */
async function measure(engine: string, env: Record<string, string>): Promise<EngineResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `xianjie-bench-${engine}-`))
  try {
    const envWithDir = { ...env, XIANJIE_DATA_DIR: dataDir }
    log(`${engine}: first start (migrate + seed)`)
    const first = await coldStart(envWithDir)
    if (!first.seeded) throw new Error(`${engine}: the first start did not seed:\n${first.server.output()}`)
    log(`${engine}: first start ${first.ms} ms (${first.seeded})`)
    await stopServer(first.server)
    log(`${engine}: second start`)
    const next = await coldStart(envWithDir)
    try {
      if (next.seeded) throw new Error(`${engine}: the second start seeded again`)
      log(`${engine}: second start ${next.ms} ms`)
      const health = await load(next.server.base, '/api/health', { connections, duration })
      const cookie = await login(next.server.base, DEMO_USER)
      const regionTree = await load(next.server.base, REGION_TREE_PATH, { connections, duration, headers: { cookie } })
      return {
        coldStartFirstMs: first.ms,
        coldStartNextMs: next.ms,
        firstStartSeeded: first.seeded,
        health,
        regionTree,
      }
    } finally {
      await stopServer(next.server)
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
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

const cpuList = cpus()
const result: Record<string, unknown> = {
  machine: {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memGB: round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  date: new Date().toISOString(),
  load: { tool: 'autocannon', connections, durationS: duration, target: '127.0.0.1' },
}

result.pglite = await measure('pglite', {})

try {
  log('postgres: starting a throwaway cluster')
  cluster = await startCluster()
  result.postgres = await measure('postgres', { DATABASE_URL: cluster.url })
} finally {
  if (cluster) stopCluster(cluster)
  cluster = null
}

process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
