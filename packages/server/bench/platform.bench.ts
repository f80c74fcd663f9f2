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
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { type Cluster, freePort, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const DEMO_USER = 'county_rr'
const DEMO_PASSWORD = 'Xianjie@2026'
const REGION_TREE_PATH = '/api/regions/622926000000/children'
const START_TIMEOUT_MS = 180_000
const STOP_TIMEOUT_MS = 30_000

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

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

interface Server {
  proc: ChildProcess
  base: string
  output: () => string
}

interface ColdStart {
  ms: number
  server: Server
  /** The server's own "seeded demo county …" line, when it seeded. */
  seeded: string | null
}

/** Spawns the real server and waits for the first 200 from /api/health. */
async function coldStart(env: Record<string, string>): Promise<ColdStart> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  let out = ''
  const t0 = performance.now()
  // Own process group, so that SIGTERM reaches npx, tsx and the server alike.
  const proc = spawn('npx', ['tsx', 'packages/server/src/main.ts'], {
    cwd: root,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      XIANJIE_LOG_LEVEL: 'warn',
      XIANJIE_SEED_DEMO: 'true',
      XIANJIE_DEMO_COUNTY: '622926',
      ...env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const server: Server = { proc, base, output: () => out }
  current = server
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  let exited = false
  proc.once('exit', () => {
    exited = true
  })
  while (performance.now() - t0 < START_TIMEOUT_MS) {
    if (exited) throw new Error(`server exited before it answered /api/health:\n${out}`)
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })
      if (res.status === 200) {
        const ms = performance.now() - t0
        await res.arrayBuffer()
        const seeded = /seeded demo county[^\n]*/.exec(out)?.[0] ?? null
        return { ms: round(ms), server, seeded }
      }
      await res.arrayBuffer()
    } catch {
      // not listening yet
    }
    await sleep(20)
  }
  await stopServer(server)
  throw new Error(`server did not answer /api/health within ${START_TIMEOUT_MS / 1000} s:\n${out}`)
}

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** SIGTERM to the server's process group, then waits until every process of it has gone (SIGKILL after 30 s). */
async function stopServer(server: Server): Promise<void> {
  const pid = server.proc.pid
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGTERM')
  } catch {
    return
  }
  const t0 = performance.now()
  while (groupAlive(pid)) {
    if (performance.now() - t0 > STOP_TIMEOUT_MS) {
      log(`server ${pid} still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM: SIGKILL`)
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {}
      break
    }
    await sleep(50)
  }
  if (current === server) current = null
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DEMO_USER, password: DEMO_PASSWORD }),
  })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`login as ${DEMO_USER} answered ${res.status}: ${body}`)
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('xj_session='))
  if (!session) throw new Error('login set no xj_session cookie')
  return session
}

interface LoadResult {
  url: string
  connections: number
  durationS: number
  requests: number
  requestsPerSec: number
  latencyMeanMs: number
  latencyP50Ms: number
  latencyP99Ms: number
  latencyMaxMs: number
  errors: number
  timeouts: number
  non2xx: number
}

async function load(base: string, path: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  // Fail fast on a wrong answer rather than measure 20 s of errors.
  const probe = await fetch(`${base}${path}`, { headers })
  const text = await probe.text()
  if (probe.status !== 200) throw new Error(`GET ${path} answered ${probe.status}: ${text}`)
  log(`load GET ${path}: ${connections} connections for ${duration} s`)
  const r = await autocannon({ url: `${base}${path}`, connections, duration, headers, timeout: 10 })
  return {
    url: path,
    connections,
    durationS: duration,
    requests: r.requests.total,
    requestsPerSec: round(r.requests.average),
    latencyMeanMs: round(r.latency.average, 2),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  }
}

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
      const health = await load(next.server.base, '/api/health')
      const cookie = await login(next.server.base)
      const regionTree = await load(next.server.base, REGION_TREE_PATH, { cookie })
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

let current: Server | null = null
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
