#!/usr/bin/env node
// Runs a command against a throwaway PostgreSQL 15 cluster: initdb + pg_ctl in a temp folder, a free port on
// 127.0.0.1, DATABASE_URL set for the command, the cluster stopped and removed afterwards whatever happens.
// Usage: node scripts/with-postgres.mjs <command> [args…]   (PG_BIN overrides /usr/lib/postgresql/15/bin)
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pgBin, startCluster, stopCluster } from './pg-cluster.mjs'

const bin = pgBin()
if (!existsSync(join(bin, 'initdb'))) {
  console.error(`PostgreSQL server binaries not found in ${bin} (set PG_BIN, or install postgresql-15)`)
  process.exit(2)
}
const [cmd, ...args] = process.argv.slice(2)
if (!cmd) {
  console.error('usage: with-postgres.mjs <command> [args…]')
  process.exit(2)
}

let code = 1
let cluster
try {
  cluster = await startCluster({ bin })
  console.log(`PostgreSQL ${cluster.port} ready (${cluster.dir})`)
  const url = cluster.url
  code = await new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url }, shell: false })
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
    for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s))
  })
} catch (err) {
  console.error(String(err))
} finally {
  if (cluster) stopCluster(cluster)
}
process.exit(code)
