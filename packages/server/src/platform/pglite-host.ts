/**
 * Runs an embedded PGlite database inside a worker thread and serves it on a Unix socket in the PostgreSQL wire
 * protocol, so the main thread talks to it through the ordinary `pg` driver (one dialect, one type parser, one
 * migration set with PostgreSQL) and a long query never blocks the HTTP event loop.
 *
 * PGlite is single-session: messages from several connections are queued and, while a transaction is open, only the
 * connection that opened it is served (the others wait), which is the same isolation a serialised server gives.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'

export interface PgliteHostData {
  /** Folder of the database files; undefined = in memory. */
  dataDir: string | undefined
  /** Unix socket path to listen on. */
  socketPath: string
  /** A tarball made by `dumpDataDir` to start from (restore / test template). */
  loadFrom?: Uint8Array
  /** Load PGlite and wait for an `open` request (the guard's replacement for a host it stops, platform/db.ts). */
  standby?: boolean
}

const SSL_REQUEST = 80877103
const CANCEL_REQUEST = 80877102
const PROTOCOL_3 = 196608

interface Pending {
  conn: Connection
  message: Uint8Array
}

/** Work of the host itself (a snapshot) that runs between sessions' statements, never inside a transaction. */
interface Task {
  task: () => Promise<void>
}

const SYNC = 0x53
const QUERY = 0x51
const TERMINATE = 0x58

class Connection {
  private buffer = Buffer.alloc(0)
  started = false
  /** Inside an extended-protocol exchange (Parse … Sync): other sessions wait until its Sync. */
  midSync = false
  constructor(
    readonly id: number,
    readonly socket: Socket,
  ) {}

  /** Splits the stream into whole protocol messages. */
  take(chunk: Buffer): Uint8Array[] {
    this.buffer = Buffer.concat([this.buffer, chunk])
    const out: Uint8Array[] = []
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) break
        const len = this.buffer.readInt32BE(0)
        const code = this.buffer.readInt32BE(4)
        if (code === SSL_REQUEST) {
          this.socket.write('N')
          this.buffer = this.buffer.subarray(8)
          continue
        }
        if (code === CANCEL_REQUEST) {
          this.buffer = this.buffer.subarray(len)
          continue
        }
        if (code !== PROTOCOL_3 || this.buffer.length < len) break
        out.push(new Uint8Array(this.buffer.subarray(0, len)))
        this.buffer = this.buffer.subarray(len)
        this.started = true
        continue
      }
      if (this.buffer.length < 5) break
      const len = 1 + this.buffer.readInt32BE(1)
      if (this.buffer.length < len) break
      out.push(new Uint8Array(this.buffer.subarray(0, len)))
      this.buffer = this.buffer.subarray(len)
    }
    return out
  }
}

export class PgliteProtocolServer {
  private queue: Array<Pending | Task> = []
  private running = false
  private owner: Connection | undefined
  private nextId = 1
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()

  constructor(private readonly db: PGlite) {}

  listen(path: string): Promise<void> {
    this.server = createServer((socket) => this.accept(socket))
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject)
      this.server!.listen(path, () => resolve())
    })
  }

  close(): Promise<void> {
    // attached clients (a CLI through the server) must not keep the server from closing
    for (const s of this.sockets) s.destroy()
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /**
   * Runs `fn` when no session is inside a transaction or an extended-protocol exchange, with every session held
   * until it is done: what `fn` reads is a committed state no statement is changing.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task: () => fn().then(resolve, reject) })
      void this.drain()
    })
  }

  private accept(socket: Socket): void {
    const conn = new Connection(this.nextId++, socket)
    socket.setNoDelay(true)
    this.sockets.add(socket)
    socket.on('data', (chunk) => {
      for (const message of conn.take(chunk)) this.queue.push({ conn, message })
      void this.drain()
    })
    socket.on('error', () => socket.destroy())
    socket.on('close', () => {
      this.sockets.delete(socket)
      this.queue = this.queue.filter((p) => !('conn' in p) || p.conn !== conn)
      if (this.owner === conn) {
        // A client that disappears inside a transaction or an exchange must not leave it open for everyone else.
        const sync = conn.midSync
          ? this.db.execProtocolRaw(new Uint8Array([SYNC, 0, 0, 0, 4])).catch(() => {})
          : Promise.resolve()
        void sync
          .then(() => this.db.exec('ROLLBACK'))
          .finally(() => {
            this.owner = undefined
            void this.drain()
          })
      }
    })
  }

  private async drain(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      for (;;) {
        const owner = this.owner
        const idx = owner ? this.queue.findIndex((p) => 'conn' in p && p.conn === owner) : 0
        if (idx < 0 || this.queue.length === 0) break
        const [next] = this.queue.splice(idx, 1)
        if (!next) break
        if ('task' in next) {
          await next.task()
          continue
        }
        const { conn, message } = next
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(message, {
              onRawData: (data) => {
                if (data.length > 0 && conn.socket.writable) conn.socket.write(Buffer.from(data))
              },
            }),
          )
        } catch (err) {
          conn.socket.destroy(err as Error)
        }
        const type = message[0]
        // a startup packet begins with its length (first byte 0); Sync, a simple Query and Terminate end an exchange
        conn.midSync = type !== 0 && type !== SYNC && type !== QUERY && type !== TERMINATE
        this.owner = this.db.isInTransaction() || conn.midSync ? conn : undefined
      }
    } finally {
      this.running = false
    }
  }
}

/** Messages the main thread sends to the host. */
export type HostRequest =
  | { type: 'dump'; id: number; count?: string[] }
  | { type: 'close'; id: number }
  | { type: 'open'; id: number; data: PgliteHostData }
/** Messages the host sends back. */
export type HostResponse =
  | { type: 'ready' }
  | { type: 'standing' }
  | { type: 'error'; id?: number; message: string }
  | { type: 'dump'; id: number; data: Uint8Array; counts: Record<string, number> }
  | { type: 'closed'; id: number }

/** What a standby host loads ahead, so that taking over from a stopped host costs only the database's start. */
interface Preloaded {
  pgliteWasmModule: WebAssembly.Module
  fsBundle: Blob
}

async function preload(): Promise<Preloaded> {
  const dist = new URL('.', import.meta.resolve('@electric-sql/pglite'))
  const [wasm, bundle] = await Promise.all([
    readFile(new URL('pglite.wasm', dist)),
    readFile(new URL('pglite.data', dist)),
  ])
  const wasmApi = (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<WebAssembly.Module> } })
    .WebAssembly
  return { pgliteWasmModule: await wasmApi.compile(wasm), fsBundle: new Blob([bundle]) }
}

async function main(): Promise<void> {
  const data = workerData as PgliteHostData
  if (!data.standby) return serve(data)
  const preloaded = await preload()
  parentPort!.once('message', (req: HostRequest) => {
    if (req.type !== 'open') return
    serve(req.data, preloaded).catch((err: Error) =>
      parentPort!.postMessage({ type: 'error', message: err.stack ?? err.message }),
    )
  })
  parentPort!.postMessage({ type: 'standing' } satisfies HostResponse)
}

async function serve(data: PgliteHostData, preloaded?: Preloaded): Promise<void> {
  if (data.dataDir) mkdirSync(data.dataDir, { recursive: true })
  const db = await PGlite.create({
    dataDir: data.dataDir,
    ...(data.loadFrom ? { loadDataDir: new Blob([data.loadFrom as Uint8Array<ArrayBuffer>]) } : {}),
    ...(preloaded ?? {}),
  })
  const server = new PgliteProtocolServer(db)
  rmSync(data.socketPath, { force: true }) // left by a host the guard stopped (platform/db-guard.ts)
  await server.listen(data.socketPath)
  const port = parentPort!
  port.on('message', async (req: HostRequest) => {
    try {
      if (req.type === 'dump') {
        // Between transactions, with every session held: the counts and the files are of one committed state, and
        // CHECKPOINT writes the pages still in shared buffers to the files the tarball reads.
        const { bytes, counts } = await server.exclusive(async () => {
          const counts: Record<string, number> = {}
          for (const table of req.count ?? []) {
            const exists = await db.query<{ t: string | null }>('select to_regclass($1)::text as t', [table])
            if (!exists.rows[0]?.t) continue
            const n = await db.query<{ n: number }>(`select count(*)::int as n from "${table.replaceAll('"', '""')}"`)
            counts[table] = n.rows[0]?.n ?? 0
          }
          await db.exec('CHECKPOINT')
          const blob = await db.dumpDataDir('gzip')
          return { bytes: new Uint8Array(await blob.arrayBuffer()), counts }
        })
        port.postMessage({ type: 'dump', id: req.id, data: bytes, counts } satisfies HostResponse)
      } else if (req.type === 'open') {
        // only a standby host opens (main)
      } else if (req.type === 'close') {
        await server.close()
        await db.close()
        port.postMessage({ type: 'closed', id: req.id } satisfies HostResponse)
      }
    } catch (err) {
      port.postMessage({ type: 'error', id: req.id, message: (err as Error).message } satisfies HostResponse)
    }
  })
  port.postMessage({ type: 'ready' } satisfies HostResponse)
}

if (parentPort && (workerData as PgliteHostData | undefined)?.socketPath !== undefined) {
  main().catch((err: Error) => parentPort!.postMessage({ type: 'error', message: err.stack ?? err.message }))
}
