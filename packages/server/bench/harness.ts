/**
 * Shared pieces of the server benchmarks: start the real server as a child process group, stop it, sign in as a
 * demo user, and load an endpoint with autocannon (127.0.0.1 only, bounded in time). A load counts every answer
 * that is not a 2xx, and every request without an answer, as failed (`failed`, by status in `statusCodes`).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { freePort } from '../../../scripts/pg-cluster.mjs'

export const root = fileURLToPath(new URL('../../../', import.meta.url))
export const DEMO_PASSWORD = 'Xianjie@2026'
const START_TIMEOUT_MS = 600_000
const STOP_TIMEOUT_MS = 30_000

export const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`)
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

/** The server running now, so a signal handler can stop it. */
export let current: Server | null = null

export interface Server {
  proc: ChildProcess
  base: string
  output: () => string
}

export interface ColdStart {
  ms: number
  server: Server
  /** The server's own "seeded demo county …" line, when it seeded. */
  seeded: string | null
}

/** Spawns the real server and waits for the first 200 from /api/health. */
export async function coldStart(env: Record<string, string>): Promise<ColdStart> {
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
export async function stopServer(server: Server): Promise<void> {
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

export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${body}`)
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('xj_session='))
  if (!session) throw new Error('login set no xj_session cookie')
  return session
}

export interface LoadResult {
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
  /** Requests that did not get a 2xx: non-2xx answers plus requests with no answer (errors, timeouts included). */
  failed: number
  /** Answers by HTTP status. */
  statusCodes: Record<string, number>
  /** Each of the first seconds of the run: its responses and their p99 (ms), to see a cold start's cost. */
  firstSeconds: Array<{ requests: number; p99Ms: number }>
}

/** Seconds of a run broken down in `firstSeconds`. */
const FIRST_SECONDS = 5

export interface LoadOptions {
  connections: number
  duration: number
  headers?: Record<string, string>
  /** Paths to cycle through (one per request), instead of a single path. */
  paths?: string[]
  /** Draws each request (its path, and headers such as another user's session cookie), instead of `paths`. */
  draw?: () => Drawn
}

/** One request of a load drawn by `LoadOptions.draw`. */
export interface Drawn {
  path: string
  headers?: Record<string, string>
}

/** A small seeded PRNG (mulberry32) returning floats in [0, 1), so a benchmark draws the same requests each run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * autocannon against one path, a rotation of paths, or requests drawn one by one; fails fast when one of the first
 * requests is not a 200.
 */
export async function load(base: string, path: string, o: LoadOptions): Promise<LoadResult> {
  const headers = o.headers ?? {}
  const paths = o.paths ?? [path]
  const probes: Drawn[] = o.draw ? [o.draw(), o.draw(), o.draw()] : paths.slice(0, 3).map((p) => ({ path: p }))
  for (const p of probes) {
    const probe = await fetch(`${base}${p.path}`, { headers: { ...headers, ...p.headers } })
    const text = await probe.text()
    if (probe.status !== 200) throw new Error(`GET ${p.path} answered ${probe.status}: ${text}`)
  }
  const variants = o.draw ? ' (drawn per request)' : o.paths ? ` (+${paths.length} variants)` : ''
  log(`load GET ${path}${variants}: ${o.connections} connections for ${o.duration} s`)
  let i = 0
  const t0 = performance.now()
  const early: number[][] = Array.from({ length: FIRST_SECONDS }, () => [])
  const run = autocannon({
    url: `${base}${path}`,
    connections: o.connections,
    duration: o.duration,
    headers,
    timeout: 10,
    ...(o.draw
      ? {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => {
                const d = (o.draw as () => Drawn)()
                return { ...req, path: d.path, headers: { ...(req.headers as object), ...d.headers } }
              },
            },
          ],
        }
      : o.paths
        ? {
            requests: [
              {
                setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }),
              },
            ],
          }
        : {}),
  })
  run.on('response', (_client, _status, _bytes, ms) => {
    early[Math.floor((performance.now() - t0) / 1000)]?.push(ms)
  })
  const r = await run
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]))
  const failed = r.non2xx + r.errors
  if (failed > 0) log(`GET ${path}: ${failed} requests failed (${r.non2xx} non-2xx, ${r.errors} without an answer)`)
  const p99 = (xs: number[]) => round(xs.sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? 0)
  return {
    url: path,
    connections: o.connections,
    durationS: o.duration,
    requests: r.requests.total,
    requestsPerSec: round(r.requests.average),
    latencyMeanMs: round(r.latency.average, 2),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    failed,
    statusCodes,
    firstSeconds: early.map((xs) => ({ requests: xs.length, p99Ms: p99(xs) })),
  }
}
