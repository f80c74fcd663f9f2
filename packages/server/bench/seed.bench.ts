/**
 * Benchmark of the synthetic population seeding: N persons (default 1,000,000) into 东乡族自治县 on a throwaway
 * PostgreSQL cluster (COPY) and on an embedded PGlite database on disk (JSON multi-row INSERTs). Each engine runs in
 * its own child process so `peakRssMB` is that process's own peak (for PostgreSQL: the client side only; the server
 * processes are not counted). Prints `{ postgres, pglite, machine }` as JSON.
 *
 *   npm run bench:seed [-- --persons 1000000 --only postgres|pglite]
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import { systemActor } from '../src/modules/auth/actor.ts'
import { seedPopulation } from '../src/modules/population/population.service.ts'
import { importRegions } from '../src/modules/regions/regions.service.ts'
import { systemClock } from '../src/platform/clock.ts'
import { openDatabase } from '../src/platform/db.ts'
import { migrateToLatest } from '../src/platform/migrate.ts'

const COUNTY = '622926'

interface EngineResult {
  persons: number
  households: number
  seconds: number
  personsPerSecond: number
  peakRssMB: number
  writer: string
}

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    only: { type: 'string' },
    child: { type: 'string' },
    url: { type: 'string' },
  },
})
const persons = Number(values.persons)

/** Child mode: one engine, one run, one JSON line on stdout. */
async function child(engine: string): Promise<void> {
  const dir = engine === 'pglite' ? mkdtempSync(join(tmpdir(), 'xianjie-bench-pglite-')) : undefined
  const handle = await openDatabase(engine === 'postgres' ? { url: values.url, poolSize: 2 } : { dataDir: dir })
  try {
    await migrateToLatest(handle.db)
    await importRegions({ db: handle.db, clock: systemClock }, systemActor, COUNTY.slice(0, 2))
    const started = performance.now()
    let last = 0
    const res = await seedPopulation(
      {
        db: handle.db,
        dbKind: handle.kind,
        clock: systemClock,
        config: { databaseUrl: values.url },
        pool: handle.pool,
      },
      systemActor,
      { county: COUNTY, persons, seed: 'bench' },
      (n) => {
        if (n - last >= 100_000) {
          last = n
          process.stderr.write(`${engine}: ${n} persons (${((performance.now() - started) / 1000).toFixed(0)} s)\n`)
        }
      },
    )
    const seconds = (performance.now() - started) / 1000
    const out: EngineResult = {
      persons: res.persons,
      households: res.households,
      seconds: Math.round(seconds * 10) / 10,
      personsPerSecond: Math.round(res.persons / seconds),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      writer: res.writer,
    }
    console.log(JSON.stringify(out))
  } finally {
    await handle.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}

function runChild(engine: string, url?: string): Promise<EngineResult> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', engine, '--persons', String(persons)]
  if (url) args.push('--url', url)
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString()
    })
    p.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? ''
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as EngineResult)
      else reject(new Error(`${engine} benchmark failed (exit ${code}): ${out}`))
    })
  })
}

if (values.child) {
  await child(values.child)
} else {
  const result: Record<string, unknown> = {}
  if (values.only !== 'pglite') {
    const cluster = await startCluster()
    try {
      result.postgres = await runChild('postgres', cluster.url)
    } finally {
      stopCluster(cluster)
    }
  }
  if (values.only !== 'postgres') result.pglite = await runChild('pglite')
  result.machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  }
  console.log(JSON.stringify(result, null, 2))
}
