/**
 * The database handle: Kysely over node-postgres, either on a PostgreSQL server (`DATABASE_URL`) or on an embedded
 * PGlite database that runs in a worker thread and is reached through the same driver over a Unix socket.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely'
import pg from 'pg'
import type { Database } from './database.ts'
import type { HostRequest, HostResponse, PgliteHostData } from './pglite-host.ts'
import { startTsWorker } from './workers.ts'

export type DbKind = 'pglite' | 'postgres'

export interface DbHandle {
  db: Kysely<Database>
  kind: DbKind
  pool: pg.Pool
  /** Snapshot of an embedded database as a gzipped tarball (PGlite only). */
  dump(): Promise<Uint8Array>
  close(): Promise<void>
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
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10)
  return openPglite(opts)
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

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max, types: typeParsers, options: SESSION_OPTIONS })
  pool.on('error', () => {}) // idle-client errors surface on the next query
  const db = makeKysely(pool)
  serverPools.set(db, pool)
  return {
    db,
    kind: 'postgres',
    pool,
    dump: () => Promise.reject(new Error('dump is for the embedded database; use pg_dump on PostgreSQL')),
    close: () => db.destroy(),
  }
}

async function openPglite(opts: OpenOptions): Promise<DbHandle> {
  const sockDir = mkdtempSync(join(tmpdir(), 'xianjie-pglite-'))
  const port = 5432
  const data: PgliteHostData = {
    dataDir: opts.dataDir,
    socketPath: join(sockDir, `.s.PGSQL.${port}`),
    ...(opts.loadFrom ? { loadFrom: opts.loadFrom } : {}),
  }
  const worker = startTsWorker(new URL('./pglite-host.ts', import.meta.url), data)
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
  })
  const ask = (req: Omit<HostRequest, 'id'>): Promise<HostResponse> => {
    const id = nextId++
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject })
      worker.postMessage({ ...req, id })
    })
  }
  // One connection: PGlite serves one session at a time, so a pool larger than one would only queue in the host.
  const pool = new pg.Pool({
    host: sockDir,
    port,
    user: 'postgres',
    database: 'postgres',
    max: 1,
    types: typeParsers,
  })
  pool.on('error', () => {})
  const db = makeKysely(pool)
  let closed = false
  return {
    db,
    kind: 'pglite',
    pool,
    async dump() {
      const res = await ask({ type: 'dump' })
      if (res.type !== 'dump') throw new Error('unexpected reply to dump')
      return res.data
    },
    async close() {
      if (closed) return
      closed = true
      await db.destroy()
      await ask({ type: 'close' })
      await worker.terminate()
      rmSync(sockDir, { recursive: true, force: true })
    },
  }
}
