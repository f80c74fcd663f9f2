// A throwaway PostgreSQL 15 cluster: initdb + pg_ctl in a temp folder, a free port on 127.0.0.1, trust auth, no
// fsync. Used by with-postgres.mjs (tests) and the platform benchmark. PG_BIN overrides /usr/lib/postgresql/15/bin.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

export const pgBin = () => process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

/** A TCP port free on 127.0.0.1 right now. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

// initdb refuses to run as root: run the server binaries as the owner of the temp folder (postgres when root).
const runPg = (bin, exe, argv) => {
  const full = join(bin, exe)
  const res =
    userInfo().uid === 0
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...argv], { stdio: 'ignore' })
      : spawnSync(full, argv, { stdio: 'ignore' })
  if (res.status !== 0) throw new Error(`${exe} failed with status ${res.status}`)
}

/**
 * Starts a fresh cluster and resolves to `{ url, port, dir, data, bin }`. Throws (after cleaning up) when the server
 * binaries are missing or the cluster does not start. `settings` are extra server settings, e.g.
 * `{ shared_buffers: '4GB' }`.
 */
export async function startCluster({ bin = pgBin(), settings = {} } = {}) {
  if (!existsSync(join(bin, 'initdb'))) {
    throw new Error(`PostgreSQL server binaries not found in ${bin} (set PG_BIN, or install postgresql-15)`)
  }
  const dir = mkdtempSync(join(tmpdir(), 'xianjie-pg-'))
  const data = join(dir, 'data')
  const port = await freePort()
  if (userInfo().uid === 0) spawnSync('chown', ['-R', 'postgres:postgres', dir])
  const cluster = { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, data, bin }
  try {
    runPg(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
    runPg(bin, 'pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      [
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`,
        ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
      ].join(' '),
      'start',
    ])
  } catch (err) {
    stopCluster(cluster)
    throw err
  }
  return cluster
}

/** Stops the cluster (fast shutdown) and removes its folder; never throws. */
export function stopCluster(cluster) {
  try {
    runPg(cluster.bin, 'pg_ctl', ['-D', cluster.data, '-m', 'fast', '-w', 'stop'])
  } catch {}
  rmSync(cluster.dir, { recursive: true, force: true })
}
