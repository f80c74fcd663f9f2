/**
 * The real server (`packages/server/src/main.ts`) on a fresh embedded database with the demo county seeded, on a
 * free port, in its own process group so that stopping it stops all of it. With `clock: true` the process clock can
 * be moved forward (`travel`) through `time-shift.mjs`, for journeys that let a publicity or months of income pass.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const DAY = 86_400_000

export interface RunningServer {
  baseUrl: string
  /** Moves the server's clock to `days` after its start (needs `clock: true`). */
  travel(days: number): Promise<void>
  stop(): Promise<void>
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0))
    })
  })

export async function startServer(opts: { persons?: number; clock?: boolean } = {}): Promise<RunningServer> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'xianjie-e2e-'))
  const timeFile = join(dataDir, 'clock-offset')
  writeFileSync(timeFile, '0')
  const root = new URL('../', import.meta.url).pathname
  const preload = opts.clock ? ['--import', new URL('./time-shift.mjs', import.meta.url).pathname] : []
  // Node with the tsx loader directly (not through npx), so the process group holds the server itself.
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...preload, 'packages/server/src/main.ts'], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      XIANJIE_DATA_DIR: dataDir,
      XIANJIE_LOG_LEVEL: 'warn',
      // the journeys make their own cases on the demo county; the demo activity would share its households
      XIANJIE_DEMO_ACTIVITY: 'false',
      ...(opts.persons !== undefined ? { XIANJIE_DEMO_PERSONS: String(opts.persons) } : {}),
      ...(opts.clock ? { XIANJIE_E2E_TIME_FILE: timeFile } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 170_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`)
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break
    } catch {}
    if (Date.now() > deadline) throw new Error('server did not become healthy in time')
    await new Promise((r) => setTimeout(r, 300))
  }
  server.unref()
  return {
    baseUrl,
    async travel(days) {
      if (!opts.clock) throw new Error('start the server with { clock: true } to move its clock')
      writeFileSync(timeFile, String(days * DAY))
      // time-shift.mjs re-reads the file at most every 100 ms
      await new Promise((r) => setTimeout(r, 300))
    },
    async stop() {
      if (server.pid && server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r))
        process.kill(-server.pid, 'SIGTERM')
        // inside vitest's 10-s close timeout: a server that has not stopped in 8 s is killed
        await Promise.race([exited, new Promise((r) => setTimeout(r, 8_000))])
        if (server.exitCode === null) process.kill(-server.pid, 'SIGKILL')
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
