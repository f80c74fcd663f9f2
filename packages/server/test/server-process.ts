/**
 * The real server (`src/main.ts`) and CLI (`src/cli.ts`) as child processes on a temporary embedded data dir, for the
 * operations and fault tests: start, wait for a log line, SIGTERM or kill -9, run a CLI command against the same
 * folder, query the server's database through the socket its lock file names. Every wait is bounded; `cleanup`
 * kills what is left and removes the folder.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

const src = new URL('../src/', import.meta.url).pathname

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0))
    })
  })

/** Environment of a server or CLI on `dir`: the embedded database, whatever the test run's DATABASE_URL. */
function envFor(dir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: '', XIANJIE_DATA_DIR: dir, XIANJIE_LOG_LEVEL: 'warn', ...extra }
}

export interface ServerProcess {
  child: ChildProcess
  baseUrl: string
  /** stdout and stderr so far. */
  output(): string
  /** Resolves when a line matching `re` has been printed; rejects after `ms` or when the process exits. */
  waitFor(re: RegExp, ms: number): Promise<void>
  /** Resolves with the exit code (or signal) when the process has ended. */
  exited: Promise<number | string>
}

export interface TempDeployment {
  dir: string
  start(env?: Record<string, string>): Promise<ServerProcess>
  /** `xianjie …` on the same data dir. */
  cli(args: string[], env?: Record<string, string>): { code: number | null; out: string; err: string }
  /** The same without blocking this process (when this process must keep serving the test's own connections). */
  cliAsync(args: string[], env?: Record<string, string>): Promise<{ code: number | null; out: string; err: string }>
  /** A client of the running server's database, through the socket named in its lock file (connected). */
  client(): Promise<pg.Client>
  /** A query on the running server's database, through that socket. */
  query<R>(text: string): Promise<R[]>
  cleanup(): Promise<void>
}

export function tempDeployment(): TempDeployment {
  const dir = mkdtempSync(join(tmpdir(), 'xianjie-ops-'))
  const children: ChildProcess[] = []
  return {
    dir,
    async start(env = {}) {
      const port = await freePort()
      let out = ''
      const child = spawn(process.execPath, ['--import', 'tsx', join(src, 'main.ts')], {
        env: envFor(dir, { PORT: String(port), ...env }),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      children.push(child)
      const listeners = new Set<() => void>()
      const onData = (c: Buffer) => {
        out += c.toString('utf8')
        for (const l of listeners) l()
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', onData)
      const exited = new Promise<number | string>((resolve) =>
        child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
      )
      return {
        child,
        baseUrl: `http://127.0.0.1:${port}`,
        output: () => out,
        exited,
        waitFor(re, ms) {
          return new Promise<void>((resolve, reject) => {
            const check = () => {
              if (!re.test(out)) return
              done()
              resolve()
            }
            const timer = setTimeout(() => {
              done()
              reject(new Error(`no line matching ${re} within ${ms} ms; output:\n${out}`))
            }, ms)
            const done = () => {
              clearTimeout(timer)
              listeners.delete(check)
            }
            listeners.add(check)
            void exited.then((code) => {
              if (!listeners.has(check)) return
              done()
              reject(new Error(`server exited (${code}) before ${re}; output:\n${out}`))
            })
            check()
          })
        },
      }
    },
    cli(args, env = {}) {
      const res = spawnSync(process.execPath, ['--import', 'tsx', join(src, 'cli.ts'), ...args], {
        env: envFor(dir, env),
        encoding: 'utf8',
        timeout: 180_000,
      })
      return { code: res.status, out: res.stdout, err: res.stderr }
    },
    cliAsync(args, env = {}) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(src, 'cli.ts'), ...args], {
        env: envFor(dir, env),
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      })
      let out = ''
      let err = ''
      child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')))
      child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')))
      return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })))
    },
    async client() {
      const lock = JSON.parse(readFileSync(join(dir, 'pglite.lock'), 'utf8')) as { socketDir: string }
      const client = new pg.Client({ host: lock.socketDir, port: 5432, user: 'postgres', database: 'postgres' })
      client.on('error', () => {})
      await client.connect()
      return client
    },
    async query<R>(text: string) {
      const client = await this.client()
      try {
        return (await client.query(text)).rows as R[]
      } finally {
        await client.end()
      }
    },
    async cleanup() {
      const alive = children.filter((c) => c.exitCode === null && c.signalCode === null)
      const gone = alive.map((c) => new Promise((r) => c.once('exit', r)))
      for (const c of alive) c.kill('SIGKILL')
      await Promise.race([Promise.all(gone), new Promise((r) => setTimeout(r, 5_000))])
      rmSync(dir, { recursive: true, force: true })
      rmSync(`${dir}-restored`, { recursive: true, force: true })
      rmSync(`${dir}-backup.tar.gz`, { force: true })
    },
  }
}
