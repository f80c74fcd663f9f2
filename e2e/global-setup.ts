/**
 * Starts the real server (`packages/server/src/main.ts`) on a fresh embedded database with the demo county seeded,
 * on a free port, for the browser journeys; stops it afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  interface ProvidedContext {
    baseUrl: string
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0))
    })
  })

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'xianjie-e2e-'))
  const root = new URL('../', import.meta.url).pathname
  // Node with the tsx loader directly (not through npx), in its own process group so teardown stops all of it.
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: String(port), XIANJIE_DATA_DIR: dataDir, XIANJIE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 150_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`)
    try {
      const res = await fetch(`${baseUrl}/api/health`)
      if (res.ok) break
    } catch {}
    if (Date.now() > deadline) throw new Error('server did not become healthy in time')
    await new Promise((r) => setTimeout(r, 300))
  }
  server.unref()
  project.provide('baseUrl', baseUrl)
  return async () => {
    const exited = new Promise((r) => server.once('exit', r))
    if (server.pid) process.kill(-server.pid, 'SIGTERM')
    // Inside vitest's 10-s close timeout: a server that has not stopped in 8 s is killed.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 8_000))])
    if (server.exitCode === null && server.pid) process.kill(-server.pid, 'SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}
