/**
 * Import benchmark: `npm run bench:import [-- --persons 1000000] [-- --pglite-persons 1000000] [-- --skip-pglite]
 * [-- --floor] [-- --pg-set shared_buffers=4GB]`.
 *
 * Generates a member file of `--persons` rows (.csv, UTF-8) and its household file (3–4 members per household, in
 * the demo county's villages), then, on a throwaway PostgreSQL 15 cluster and on the embedded PGlite database,
 * uploads both files as one batch and times the validation job and the commit job (run in this process through the
 * same functions the jobs call), then a re-import of the same files (everything skipped). Prints one JSON object per
 * engine: rows, seconds validate, seconds commit, seconds re-import, peak RSS. Target (issue 4): 1,000,000 member
 * rows validated and matched on PostgreSQL in ≤ 60 s.
 */
import { performance } from 'node:perf_hooks'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { computeCheckChar } from '@xianjie/rules/identifiers'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import { openPlatform } from '../src/app.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { createBatch, directIo, runCommit, runValidation } from '../src/modules/imports/imports.service.ts'
import { importRegions } from '../src/modules/regions/regions.service.ts'
import { fixedClock } from '../src/platform/clock.ts'
import { loadConfig } from '../src/platform/config.ts'
import { openDatabase } from '../src/platform/db.ts'

const { values: argv } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    'pglite-persons': { type: 'string' },
    'skip-pglite': { type: 'boolean' },
    'skip-postgres': { type: 'boolean' },
    floor: { type: 'boolean' },
    'pg-set': { type: 'string', multiple: true },
  },
})
const COUNTY = '622926'
const SURNAMES = '马王李张刘陈杨赵黄周吴徐孙胡朱高林何郭罗'
const GIVEN = ['哈麦', '秀兰', '小军', '建国', '玉梅', '明', '芳', '伟', '丽', '强', '娟', '勇', '艳', '杰', '霞']

/** Household and member CSV files with `persons` member rows. */
function generate(persons: number, villages: string[]): { households: Buffer; members: Buffer; households_n: number } {
  const h: string[] = ['户编号,行政区划代码,户主姓名,户类型,联系电话,家庭住址']
  const m: string[] = ['户编号,姓名,证件类型,证件号码,与户主关系,文化程度,健康状况,劳动技能,务工状况,务工时间(月)']
  const start = Date.UTC(1940, 0, 1)
  let i = 0
  let n = 0
  while (i < persons) {
    const village = villages[n % villages.length] as string
    const no = `${village}${String(n).padStart(7, '0')}`
    const size = Math.min(3 + (n % 2), persons - i)
    let headName = ''
    for (let k = 0; k < size; k++, i++) {
      const birth = new Date(start + (i % 25000) * 86400000).toISOString().slice(0, 10).replaceAll('-', '')
      let sq = Math.floor(i / 25000) % 500
      const male = k === 0 || (k >= 2 && i % 2 === 0)
      sq = sq * 2 + (male ? 1 : 0)
      const first17 = `${COUNTY}${birth}${String(sq).padStart(3, '0')}`
      const id = first17 + computeCheckChar(first17)
      const name = `${SURNAMES[n % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`
      if (k === 0) headName = name
      const rel = k === 0 ? '户主' : k === 1 ? '配偶' : male ? '之子' : '之女'
      const work = k < 2 && i % 3 === 0 ? '省外务工,8' : '未务工,0'
      m.push(`${no},${name},居民身份证,${id},${rel},初中,健康,普通劳动力,${work}`)
    }
    h.push(
      `${no},${village},${headName},${n % 5 === 0 ? '脱贫户' : '一般农户'},139${String(n).padStart(8, '0')},东乡县第${n}号`,
    )
    n++
  }
  return { households: Buffer.from(`${h.join('\n')}\n`), members: Buffer.from(`${m.join('\n')}\n`), households_n: n }
}

const round = (x: number) => Math.round(x * 10) / 10
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024)

async function run(engine: 'postgres' | 'pglite', persons: number, url?: string) {
  const clock = fixedClock('2026-11-28T02:00:00Z')
  const config = { ...loadConfig({}), databaseUrl: url }
  const handle = await openDatabase(url ? { url, poolSize: 4 } : {})
  const p = await openPlatform(config, { handle, clock, runJobs: false, searchIndex: false })
  try {
    await importRegions(p.deps, systemActor, COUNTY.slice(0, 2))
    const villages = (
      await p.deps.db
        .selectFrom('region')
        .select('code')
        .where('level', '=', 5)
        .where('code', 'like', `${COUNTY}%`)
        .orderBy('code')
        .execute()
    ).map((r) => r.code)
    let t = performance.now()
    const files = generate(persons, villages)
    const generateSeconds = (performance.now() - t) / 1000
    const upload = [
      { name: '户.csv', content: files.households },
      { name: '家庭成员.csv', content: files.members },
    ]
    const t0 = performance.now()
    const log = (m: string) => process.stderr.write(`  [${engine} ${round((performance.now() - t0) / 1000)} s] ${m}\n`)
    const batch = await createBatch(p.deps, systemActor, upload)
    t = performance.now()
    const counts = await runValidation(directIo(p.deps, systemActor, log), batch.id)
    const validate = (performance.now() - t) / 1000
    t = performance.now()
    const result = await runCommit(directIo(p.deps, systemActor, log), batch.id, 'all')
    const commit = (performance.now() - t) / 1000
    const floor = argv.floor && url ? await databaseFloor(url) : undefined
    const again = await createBatch(p.deps, systemActor, upload)
    t = performance.now()
    await runValidation(directIo(p.deps, systemActor, log), again.id)
    const reResult = await runCommit(directIo(p.deps, systemActor, log), again.id, 'all')
    const reimport = (performance.now() - t) / 1000
    return {
      engine,
      rows: counts.totalRows,
      memberRows: persons,
      households: files.households_n,
      fileMb: round((files.households.length + files.members.length) / 1e6),
      invalidRows: counts.invalidRows,
      secondsGenerate: round(generateSeconds),
      secondsValidate: round(validate),
      secondsCommit: round(commit),
      secondsReimport: round(reimport),
      created: result.created,
      reimport: { created: reResult.created, updated: reResult.updated, skipped: reResult.skipped },
      peakRssMb: rssMb(),
      ...(floor ? { databaseFloor: floor } : {}),
    }
  } finally {
    await p.close()
    await handle.close()
  }
}

/** Tables the commit writes, in the order it writes them (audit rows last). */
const WRITTEN = ['household', 'person', 'membership', 'household_version', 'audit_event'] as const

/**
 * `--floor`: the database's share of the commit, without the application. The rows the commit wrote are copied out,
 * then COPYed back from memory into the emptied tables (truncated in a transaction that is rolled back; audit rows
 * into a copy of their table, whose truncation a trigger forbids): once with every index in place, as the commit
 * writes, and once with the secondary indexes dropped first and built after. Seconds per table.
 */
async function databaseFloor(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const data = new Map<string, Buffer[]>()
    for (const t of WRITTEN) {
      const chunks: Buffer[] = []
      const where = t === 'audit_event' ? ` where action = 'household.import'` : ''
      await pipeline(
        client.query(copyTo(`COPY (select * from ${t}${where}) TO STDOUT`)),
        new Writable({
          write(c: Buffer, _e, done) {
            chunks.push(c)
            done()
          },
        }),
      )
      data.set(t, chunks)
    }
    const pass = async (indexesAfter: boolean) => {
      const seconds: Record<string, number> = {}
      await client.query('begin')
      try {
        await client.query(`truncate ${WRITTEN.filter((t) => t !== 'audit_event').join(', ')} cascade`)
        await client.query('create temp table audit_copy (like audit_event including all) on commit drop')
        const target = (t: string) => (t === 'audit_event' ? 'audit_copy' : t)
        const dropped: string[] = []
        if (indexesAfter) {
          const ix = await client.query<{ name: string; def: string }>(
            `select indexname as name, indexdef as def from pg_indexes i
              where tablename = any($1) and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
            [WRITTEN.map(target)],
          )
          for (const r of ix.rows) {
            await client.query(`drop index ${r.name}`)
            dropped.push(r.def)
          }
        }
        for (const t of WRITTEN) {
          const t0 = performance.now()
          await pipeline(Readable.from(data.get(t)!), client.query(copyFrom(`COPY ${target(t)} FROM STDIN`)))
          seconds[t] = round((performance.now() - t0) / 1000)
        }
        if (indexesAfter) {
          const t0 = performance.now()
          for (const def of dropped) await client.query(def)
          seconds.buildIndexes = round((performance.now() - t0) / 1000)
        }
        seconds.total = round(Object.values(seconds).reduce((a, b) => a + b, 0))
        return seconds
      } finally {
        await client.query('rollback')
      }
    }
    return { withIndexes: await pass(false), indexesBuiltAfter: await pass(true) }
  } finally {
    await client.end()
  }
}

const persons = Number(argv.persons)
const out: unknown[] = []
let cluster: Cluster | null = null
try {
  if (!argv['skip-postgres']) {
    // `--pg-set shared_buffers=4GB`: a server setting of the throwaway cluster (repeatable)
    const settings = Object.fromEntries(
      (argv['pg-set'] ?? []).map((kv) => {
        const at = kv.indexOf('=')
        if (at < 1) throw new Error(`--pg-set takes name=value, not "${kv}"`)
        return [kv.slice(0, at), kv.slice(at + 1)]
      }),
    )
    cluster = await startCluster({ settings })
    out.push({ ...(await run('postgres', persons, cluster.url)), pgSettings: settings })
    console.log(JSON.stringify(out[out.length - 1]))
  }
} finally {
  if (cluster) stopCluster(cluster)
}
if (!argv['skip-pglite']) {
  out.push(await run('pglite', Number(argv['pglite-persons'] ?? persons)))
  console.log(JSON.stringify(out[out.length - 1]))
}
