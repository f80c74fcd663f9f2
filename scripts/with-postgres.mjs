#!/usr/bin/env node
// Runs a command against a throwaway PostgreSQL 15 cluster: initdb + pg_ctl in a temp folder, a free port on
// 127.0.0.1, DATABASE_URL set for the command, the cluster stopped and removed afterwards whatever happens.
// Usage: node scripts/with-postgres.mjs <command> [args…]   (PG_BIN overrides /usr/lib/postgresql/15/bin)
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

const bin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'
if (!existsSync(join(bin, 'initdb'))) {
  console.error(`PostgreSQL server binaries not found in ${bin} (set PG_BIN, or install postgresql-15)`)
  process.exit(2)
}
const [cmd, ...args] = process.argv.slice(2)
if (!cmd) {
  console.error('usage: with-postgres.mjs <command> [args…]')
  process.exit(2)
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

const dir = mkdtempSync(join(tmpdir(), 'xianjie-pg-'))
const data = join(dir, 'data')
const port = await freePort()
// initdb refuses to run as root: run the server binaries as the owner of the temp folder (postgres when root).
const asRoot = userInfo().uid === 0
const run = (exe, argv, opts = {}) => {
  const full = join(bin, exe)
  const res = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...argv], { stdio: 'inherit', ...opts })
    : spawnSync(full, argv, { stdio: 'inherit', ...opts })
  if (res.status !== 0) throw new Error(`${exe} failed with status ${res.status}`)
}
if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir])

let code = 1
try {
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { stdio: 'ignore' })
  run(
    'pg_ctl',
    [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ],
    { stdio: 'ignore' },
  )
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  console.log(`PostgreSQL ${port} ready (${dir})`)
  code = await new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url }, shell: false })
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
    for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s))
  })
} catch (err) {
  console.error(String(err))
} finally {
  try {
    run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' })
  } catch {}
  rmSync(dir, { recursive: true, force: true })
}
process.exit(code)
