/**
 * The database handle: Kysely over node-postgres, either on a PostgreSQL server (`DATABASE_URL`) or on an embedded
 * PGlite database that runs in a worker thread and is reached through the same driver over a Unix socket.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely'
import pg from 'pg'
import { acquireDataLock, type DataLock, lockedError } from './data-lock.ts'
import type { Database } from './database.ts'
import { type Canceller, guardedClient, postgresCanceller } from './db-guard.ts'
import type { HostRequest, HostResponse, PgliteHostData } from './pglite-host.ts'
import { startTsWorker } from './workers.ts'

export type DbKind = 'pglite' | 'postgres'

export interface DbHandle {
  db: Kysely<Database>
  kind: DbKind
  pool: pg.Pool
  /** Snapshot of an embedded database as a gzipped tarball (PGlite only). */
  dump(): Promise<Uint8Array>
  /**
   * A consistent snapshot (taken between transactions, after a checkpoint) with the row counts of `count` tables at
   * that moment, so a copy can be checked against them (PGlite only).
   */
  snapshot(count: string[]): Promise<Snapshot>
  /** Pid of the running server whose embedded database this handle reaches through its socket (`attach`). */
  attachedTo?: number
  close(): Promise<void>
}

export interface Snapshot {
  data: Uint8Array
  counts: Record<string, number>
}

export interface OpenOptions {
  /** postgres://… ; when absent the embedded database is used. */
  url?: string | undefined
  /** Folder of the embedded database; undefined = in memory. */
  dataDir?: string | undefined
  /** Start the embedded database from a dump (restore, test templates). */
  loadFrom?: Uint8Array | undefined
  /** Connections in the pool (PostgreSQL). */
  poolSize?: number
  /** A connection prepares a statement it has run this many times (`preparingClient`; 0 = never). Default 5. */
  prepareAfter?: number
  /**
   * When a running process (the server) holds the embedded data dir: use its database through its socket (the CLI)
   * instead of refusing. Either way the folder is never opened twice.
   */
  attach?: boolean
  /** What the opener means to do, for the refusal message (zh-CN, en-US). */
  purpose?: { zh: string; en: string }
  /** Longest a statement may run, in ms (`platform/db-guard.ts`; 0 = no limit). Default 0. */
  statementTimeoutMs?: number
}

const INT8 = 20
const DATE = 1082
const NUMERIC = 1700

/**
 * Type parsing shared by both engines: `date` stays `YYYY-MM-DD` (node-pg would build a local-time Date, a day off in
 * Asia/Shanghai), `bigint` becomes a number only when it is exactly representable, `numeric` stays a string.
 */
export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE) return (v: string) => v
    if (oid === NUMERIC) return (v: string) => v
    if (oid === INT8)
      return (v: string) => {
        const n = Number(v)
        if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${v} is outside the exact integer range`)
        return n
      }
    return pg.types.getTypeParser(oid, format)
  }) as pg.CustomTypesConfig['getTypeParser'],
}

export async function openDatabase(opts: OpenOptions = {}): Promise<DbHandle> {
  const Client = preparingClient(opts.prepareAfter ?? 5)
  const timeoutMs = opts.statementTimeoutMs ?? 0
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10, Client, timeoutMs)
  return openPglite(opts, Client, timeoutMs)
}

/** Statements a connection keeps prepared at most (as pgjdbc's `preparedStatementCacheQueries`). */
const PREPARED_MAX = 256
/** Distinct statements a connection counts before it starts counting afresh. */
const COUNTED_MAX = 2_000

/**
 * Statements a generic plan cannot run: `on conflict (…) where <predicate>` names a partial unique index by its
 * predicate, and PostgreSQL infers that index while planning; with the predicate's value as a parameter only a custom
 * plan (which sees the value) finds it, so the generic plan PostgreSQL tries after five runs of a prepared statement
 * fails with "there is no unique or exclusion constraint matching the ON CONFLICT specification" (issue 17: the
 * referral scan's insert). Such statements are always sent unnamed.
 */
const UNPREPARABLE = /\bon\s+conflict\s*\([^)]*\)\s*where\b/i

/**
 * A node-postgres client that prepares, on its connection, each statement with parameters it has run `after` times,
 * and from then on sends only its name and values, as pgjdbc (`prepareThreshold`, default 5) and Npgsql
 * (auto-prepare) do: PostgreSQL then skips parsing and, once its plan cache judges a generic plan as good as a custom
 * one, planning. Parsing and planning were about 40 % of a household document's read (0.94 → 0.54–0.61 ms at 1 M persons,
 * docs/benchmarks.md). At most PREPARED_MAX statements per connection; statements without parameters (which may hold
 * several commands) are sent as before. A schema change of a table under a prepared `select *` makes that statement
 * fail once with "cached plan must not change result type": migrations run before the server serves.
 */
export function preparingClient(after: number): typeof pg.Client {
  if (after <= 0) return pg.Client
  return class PreparingClient extends pg.Client {
    readonly #uses = new Map<string, number>()
    readonly #names = new Map<string, string>()
    constructor(config?: string | pg.ClientConfig) {
      super(config)
      const query = this.query.bind(this) as (...args: unknown[]) => unknown
      this.query = ((text: unknown, values?: unknown, callback?: unknown) => {
        if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined)
          return query(text, values, callback)
        const name = this.#nameOf(text)
        return name ? query({ name, text, values }) : query(text, values)
      }) as typeof this.query
    }
    #nameOf(text: string): string | undefined {
      if (UNPREPARABLE.test(text)) return undefined
      const known = this.#names.get(text)
      if (known !== undefined || this.#names.size >= PREPARED_MAX) return known
      const uses = (this.#uses.get(text) ?? 0) + 1
      if (uses < after) {
        if (this.#uses.size >= COUNTED_MAX) this.#uses.clear()
        this.#uses.set(text, uses)
        return undefined
      }
      this.#uses.delete(text)
      const name = `xj${this.#names.size}`
      this.#names.set(text, name)
      return name
    }
  }
}

function makeKysely(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/** One connection of a PostgreSQL pool, held for bulk work (COPY) next to ordinary queries. */
export interface DedicatedConnection {
  /** The raw client, for `pg-copy-streams`. */
  client: pg.PoolClient
  /** Kysely over that same client: a transaction opened here also covers what is sent on `client`. */
  db: Kysely<Database>
  release(): void
}

const serverPools = new WeakMap<Kysely<Database>, pg.Pool>()

/**
 * A connection of its own from the pool behind `db`, when `db` is a PostgreSQL server handle; `null` on the embedded
 * database (one session, and COPY FROM STDIN through its socket breaks the protocol) — callers fall back to
 * ordinary statements. Queries on the returned `db` run one at a time on the one client; release it when done.
 */
export async function dedicatedConnection(db: Kysely<Database>): Promise<DedicatedConnection | null> {
  const pool = serverPools.get(db)
  if (!pool) return null
  const client = await pool.connect()
  const single: PostgresPool = {
    connect: async () =>
      ({
        query: (...args: unknown[]) => (client.query as (...a: unknown[]) => unknown)(...args),
        release: () => {},
      }) as never,
    end: async () => {},
  }
  let released = false
  return {
    client,
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) }),
    release: () => {
      if (released) return
      released = true
      client.release()
    },
  }
}

/**
 * Session settings of the application's connections (an `options` parameter in DATABASE_URL replaces them). The API's
 * queries are small (a page of households, one document), and on a busy server starting parallel workers for them
 * costs more than it saves: at 50 concurrent searches over 1 M persons, 67 → 100 requests/s and p99 1.57 → 0.92 s
 * (docs/benchmarks.md). A county-wide aggregation (the monthly report) costs far more than this and still runs in
 * parallel.
 */
export const SESSION_OPTIONS = '-c parallel_setup_cost=10000'

/** The session options with the statement time limit, which PostgreSQL enforces itself. */
export function sessionOptions(statementTimeoutMs: number): string {
  return `${SESSION_OPTIONS} -c statement_timeout=${Math.max(0, Math.trunc(statementTimeoutMs))}`
}

async function openPostgres(url: string, max: number, Base: typeof pg.Client, timeoutMs: number): Promise<DbHandle> {
  // the server enforces the limit; the guard only cancels the statements of abandoned requests
  const Client = guardedClient(Base, { timeoutMs: 0, canceller: postgresCanceller(pg.Client, url) })
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: typeParsers,
    options: sessionOptions(timeoutMs),
    Client,
  })
  pool.on('error', () => {}) // idle-client errors surface on the next query
  const db = makeKysely(pool)
  serverPools.set(db, pool)
  return {
    db,
    kind: 'postgres',
    pool,
    dump: () => Promise.reject(new Error('dump is for the embedded database; use pg_dump on PostgreSQL')),
    snapshot: () => Promise.reject(new Error('snapshot is for the embedded database; use pg_dump on PostgreSQL')),
    close: () => db.destroy(),
  }
}

const PORT = 5432
const CONTROL = 'control.sock'

/** The pool of one session over the host's socket in `sockDir`. */
function socketPool(sockDir: string, Client: typeof pg.Client): pg.Pool {
  // One connection: PGlite serves one session at a time, so a pool larger than one would only queue in the host.
  const pool = new pg.Pool({
    host: sockDir,
    port: PORT,
    user: 'postgres',
    database: 'postgres',
    max: 1,
    types: typeParsers,
    Client,
  })
  pool.on('error', () => {})
  return pool
}

/** Asks the control socket of a running server for a snapshot: `K` + JSON counts line + tarball, or `E` + message. */
function snapshotThrough(sockDir: string, count: string[]): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const sock = connect(join(sockDir, CONTROL), () => sock.write(`${JSON.stringify({ count })}\n`))
    sock.on('data', (c) => chunks.push(c))
    sock.on('error', reject)
    sock.on('end', () => {
      const all = Buffer.concat(chunks)
      const nl = all.indexOf(10)
      if (all[0] !== 0x4b || nl < 0) return reject(new Error(all.subarray(1).toString('utf8') || 'no snapshot'))
      const counts = JSON.parse(all.subarray(1, nl).toString('utf8')) as Record<string, number>
      resolve({ data: new Uint8Array(all.subarray(nl + 1)), counts })
    })
  })
}

/** A handle on the database of the running server that holds the data dir, through its socket. */
function attached(sockDir: string, pid: number, Client: typeof pg.Client): DbHandle {
  const pool = socketPool(sockDir, Client)
  const db = makeKysely(pool)
  return {
    db,
    kind: 'pglite',
    pool,
    attachedTo: pid,
    dump: async () => (await snapshotThrough(sockDir, [])).data,
    snapshot: (count) => snapshotThrough(sockDir, count),
    close: () => db.destroy(),
  }
}

async function openPglite(opts: OpenOptions, Client: typeof pg.Client, timeoutMs: number): Promise<DbHandle> {
  let lock: DataLock | undefined
  if (opts.dataDir) {
    const got = acquireDataLock(opts.dataDir)
    if ('heldBy' in got) {
      const dir = got.heldBy.socketDir
      // attached, this process shares the server's one embedded session: it must not prepare statements, whose names
      // (xj0, xj1 …) the server's own connection already uses there
      if (opts.attach && dir && existsSync(join(dir, `.s.PGSQL.${PORT}`)))
        return attached(dir, got.heldBy.pid, preparingClient(0))
      throw lockedError(opts.dataDir, got.heldBy, opts.purpose ?? { zh: '打开', en: 'be opened' })
    }
    lock = got
  }
  try {
    return await startPglite(opts, Client, lock, timeoutMs)
  } catch (err) {
    lock?.release()
    throw err
  }
}

/** One running PGlite host worker and its request channel. */
interface PgliteHost {
  worker: Worker
  ask(req: HostRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never): Promise<HostResponse>
}

/** Starts a host worker (or wakes a standby one with `open`) and waits until it serves its socket. */
async function startHost(data: PgliteHostData, standby?: Promise<Worker | undefined>): Promise<PgliteHost> {
  const spare = await standby?.catch(() => undefined)
  const worker = spare ?? startTsWorker(new URL('./pglite-host.ts', import.meta.url), data)
  let nextId = 1
  const waiting = new Map<number, { resolve: (r: HostResponse) => void; reject: (e: Error) => void }>()
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (msg: HostResponse) => {
      if (msg.type === 'ready') return resolve()
      const id = 'id' in msg ? msg.id : undefined
      const w = id !== undefined ? waiting.get(id) : undefined
      if (msg.type === 'error' && !w) return reject(new Error(`embedded database failed to start: ${msg.message}`))
      if (!w || id === undefined) return
      waiting.delete(id)
      if (msg.type === 'error') w.reject(new Error(msg.message))
      else w.resolve(msg)
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`embedded database stopped while starting (exit ${code})`)))
    if (spare) spare.postMessage({ type: 'open', id: 0, data } satisfies HostRequest)
  }).catch(async (err: Error) => {
    await worker.terminate()
    throw err
  })
  const ask: PgliteHost['ask'] = (req) => {
    const id = nextId++
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject })
      worker.postMessage({ ...req, id })
    })
  }
  return { worker, ask }
}

/** A host worker with PGlite loaded and compiled, waiting to take over a data folder (resolves once it waits). */
function startStandby(): Promise<Worker | undefined> {
  const worker = startTsWorker(new URL('./pglite-host.ts', import.meta.url), { socketPath: '', standby: true })
  worker.unref()
  return new Promise((resolve) => {
    worker.once('message', (msg: HostResponse) => resolve(msg.type === 'standing' ? worker : undefined))
    worker.once('error', () => resolve(undefined))
  })
}

async function startPglite(
  opts: OpenOptions,
  Base: typeof pg.Client,
  lock: DataLock | undefined,
  timeoutMs: number,
): Promise<DbHandle> {
  const sockDir = mkdtempSync(join(tmpdir(), 'xianjie-pglite-'))
  const port = PORT
  const data: PgliteHostData = {
    dataDir: opts.dataDir,
    socketPath: join(sockDir, `.s.PGSQL.${port}`),
    ...(opts.loadFrom ? { loadFrom: opts.loadFrom } : {}),
  }
  let host = await startHost(data).catch((err: Error) => {
    rmSync(sockDir, { recursive: true, force: true })
    throw err
  })
  // While the host restarts (below) new connections and requests wait for it instead of failing on a missing socket.
  let hostReady: Promise<unknown> = Promise.resolve()
  const ask: PgliteHost['ask'] = async (req) => {
    await hostReady
    return host.ask(req)
  }
  let closed = false
  const restartable = opts.dataDir !== undefined && timeoutMs > 0
  let standby = restartable ? startStandby() : undefined
  const canceller: Canceller = {
    async cancel(client) {
      const active = (client as unknown as { activeQuery?: unknown }).activeQuery
      if (!active) return true
      if (!restartable || closed) return false
      // The statement runs synchronously in the worker: stop the worker, start a standby one on the same data folder.
      const old = host
      const restarted = (async () => {
        await old.worker.terminate()
        const spare = standby
        standby = startStandby()
        host = await startHost({ dataDir: data.dataDir, socketPath: data.socketPath }, spare)
      })()
      hostReady = restarted.catch(() => {})
      await restarted
      return true
    },
  }
  const Guarded = guardedClient(Base, { timeoutMs, canceller })
  class Client extends Guarded {
    constructor(config?: string | pg.ClientConfig) {
      super(config)
      // a host the guard stops ends this connection: its statement rejects, and the pool drops the client
      this.on('error', () => {})
      const connect = this.connect.bind(this) as () => Promise<unknown>
      this.connect = ((callback?: (err: Error | null) => void) => {
        const connecting = hostReady.then(() => connect())
        if (!callback) return connecting
        connecting.then(() => callback(null), callback)
      }) as typeof this.connect
    }
  }
  const pool = socketPool(sockDir, Client)
  const db = makeKysely(pool)
  const snapshot = async (count: string[]): Promise<Snapshot> => {
    const res = await ask({ type: 'dump', count })
    if (res.type !== 'dump') throw new Error('unexpected reply to dump')
    return { data: res.data, counts: res.counts }
  }
  // The holder of a data dir answers snapshots for the CLI (`xianjie backup` while the server runs) on a control
  // socket beside the database's, in the same private (0700) temp folder.
  const control = lock
    ? createServer((sock) => {
        sock.on('error', () => sock.destroy())
        sock.once('data', (line) => {
          const req = JSON.parse(line.toString('utf8')) as { count?: string[] }
          snapshot(req.count ?? []).then(
            (s) => sock.end(Buffer.concat([Buffer.from(`K${JSON.stringify(s.counts)}\n`), s.data])),
            (err: Error) => sock.end(`E${err.message}`),
          )
        })
      })
    : undefined
  if (control && lock) {
    await new Promise<void>((resolve, reject) => {
      control.once('error', reject)
      control.listen(join(sockDir, CONTROL), resolve)
    })
    lock.setSocketDir(sockDir)
  }
  return {
    db,
    kind: 'pglite',
    pool,
    dump: async () => (await snapshot([])).data,
    snapshot,
    async close() {
      if (closed) return
      closed = true
      control?.close()
      await db.destroy()
      await ask({ type: 'close' })
      await host.worker.terminate()
      await (await standby)?.terminate()
      rmSync(sockDir, { recursive: true, force: true })
      lock?.release()
    },
  }
}
