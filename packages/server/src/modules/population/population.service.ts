/**
 * Seeds a deterministic synthetic population into the real villages of one county (`xianjie seed --persons`): streamed
 * village by village in batches, COPY on PostgreSQL and JSON multi-row INSERTs on PGlite, all in one transaction with
 * one audit row summarising the run. Refuses a county that already has households unless `append` is set.
 */
import { createHash } from 'node:crypto'
import { Kysely, PostgresDialect, type PostgresPool, sql, type Transaction } from 'kysely'
import pg from 'pg'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { type DbKind, typeParsers } from '../../platform/db.ts'
import { AppError } from '../../platform/errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { generateVillage, type VillageInfo } from './generate.ts'
import { IdAllocator } from './idnumber.ts'
import { copyWriter, insertWriter, type RowWriter } from './population.writer.ts'
import { DEFAULT_AS_OF, MONITORING_THRESHOLD_YUAN, profileFor } from './profile.ts'
import { Rng } from './random.ts'
import { copyLine, emptyBatch, TABLES } from './rows.ts'
import { type PopulationStats, StatsCollector } from './stats.ts'

export interface PopulationDeps {
  db: Kysely<Database>
  dbKind: DbKind
  clock: Clock
  config: { databaseUrl: string | undefined }
  /** The platform's pool (PostgreSQL): a dedicated connection for COPY is taken from it when given. */
  pool?: pg.Pool
}

export interface SeedPopulationInput {
  /** 6-digit county code whose level-5 regions receive the population. */
  county: string
  persons: number
  seed?: string
  append?: boolean
  /** Reference date (YYYY-MM-DD); fixed by default so a seed is reproducible. */
  asOf?: string
  /** Households per written batch. */
  batchHouseholds?: number
}

export interface SeedPopulationResult {
  county: string
  seed: string
  asOf: string
  villages: number
  persons: number
  households: number
  writer: 'copy' | 'insert'
  /** SHA-256 over the generated rows in COPY text form: equal for equal inputs, on both engines. */
  digest: string
  seconds: number
  stats: PopulationStats
}

export const MAX_PERSONS = 10_000_000

type Trx = Transaction<Database>

/** A Kysely instance over one client, so COPY and the audit row share the same transaction. */
function kyselyOn(client: pg.ClientBase): Kysely<Database> {
  const pool: PostgresPool = {
    connect: async () =>
      ({
        query: (...args: unknown[]) => (client.query as (...a: unknown[]) => unknown)(...args),
        release: () => {},
      }) as never,
    end: async () => {},
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/** Splits `persons` over villages by deterministic log-normal weights (villages differ in size). */
export function villageQuotas(rng: Rng, villages: number, persons: number): number[] {
  const w = Array.from({ length: villages }, () => rng.logNormal(1, 0.45))
  const total = w.reduce((s, x) => s + x, 0)
  const exact = w.map((x) => (x / total) * persons)
  const quotas = exact.map(Math.floor)
  let rest = persons - quotas.reduce((s, x) => s + x, 0)
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) quotas[order[k]![1]]!++
  return quotas
}

async function loadVillages(db: Kysely<Database> | Trx, county: string): Promise<VillageInfo[]> {
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', 'like', `${county}%`)
    .where('level', 'in', [3, 4, 5])
    .where('valid_to', 'is', null)
    .orderBy('code')
    .execute()
  const countyName = rows.find((r) => r.level === 3)?.name ?? ''
  const townships = new Map(rows.filter((r) => r.level === 4).map((r) => [r.code, r.name]))
  const level5 = rows.filter((r) => r.level === 5)
  // Village committees (村委会, segment 200–399) when the county has any; urban residents' committees otherwise.
  const committees = level5.filter((r) => Number(r.code.slice(9)) >= 200)
  return (committees.length > 0 ? committees : level5).map((r) => ({
    code: r.code,
    name: r.name,
    townshipName: townships.get(r.parent_code ?? '') ?? '',
    countyName,
  }))
}

function validate(input: SeedPopulationInput): void {
  const problems: string[] = []
  if (!/^\d{4}(?!00)\d{2}$/.test(input.county))
    problems.push(`county must be a 6-digit county code, got ${input.county}`)
  if (!Number.isInteger(input.persons) || input.persons < 1 || input.persons > MAX_PERSONS) {
    problems.push(`persons must be an integer from 1 to ${MAX_PERSONS}, got ${input.persons}`)
  }
  if (input.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.asOf)) problems.push('asOf must be YYYY-MM-DD')
  if (problems.length) throw new AppError('VALIDATION_FAILED', { summary: problems.join('; ') })
}

/** Generates and writes the population; `onProgress` receives the number of persons written so far. */
export async function seedPopulation(
  deps: PopulationDeps,
  actor: Actor,
  input: SeedPopulationInput,
  onProgress?: (personsWritten: number) => void | Promise<void>,
): Promise<SeedPopulationResult> {
  validate(input)
  const started = Date.now()
  const seed = input.seed ?? 'xianjie'
  const asOf = input.asOf ?? DEFAULT_AS_OF
  const run = async (trx: Trx, writer: RowWriter): Promise<SeedPopulationResult> => {
    await sql`select pg_advisory_xact_lock(hashtext(${`population:${input.county}`}))`.execute(trx)
    const existing = await trx
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('county_code', '=', input.county)
      .executeTakeFirstOrThrow()
    if (Number(existing.n) > 0 && !input.append) {
      throw new AppError('ALREADY_EXISTS', {
        what: `县 ${input.county} 的农户数据（已有 ${existing.n} 户；如需追加请加 --append）`,
        whatEn: `Households of county ${input.county} (${existing.n} already; add --append to add more)`,
      })
    }
    const villages = await loadVillages(trx, input.county)
    if (villages.length === 0) {
      throw new AppError('REGION_INVALID', {
        code: input.county,
        reason: '区划库中没有该县的村级区划，请先导入区划（xianjie regions import）',
        reasonEn: 'no village-level regions of this county: import the divisions first (xianjie regions import)',
      })
    }
    const ids = new IdAllocator(input.county, asOf)
    const nextSeq = new Map<string, number>()
    if (Number(existing.n) > 0) {
      const maxNo = await trx
        .selectFrom('household')
        .select(['region_code', sql<string>`max(household_no)`.as('max')])
        .where('county_code', '=', input.county)
        .groupBy('region_code')
        .execute()
      for (const r of maxNo) {
        const tail = r.max.slice(12)
        const n = /^\d{4}$/.test(tail)
          ? Number(tail)
          : 10_000 + (tail.charCodeAt(0) - 65) * 1000 + Number(tail.slice(1))
        nextSeq.set(r.region_code, n + 1)
      }
      // Keyset scan of the ID numbers already issued under this address code.
      let after = ''
      for (;;) {
        const page = await trx
          .selectFrom('person')
          .select('id_number')
          .where('id_number', 'like', `${input.county}%`)
          .where('id_number', '>', after)
          .orderBy('id_number')
          .limit(50_000)
          .execute()
        for (const p of page) ids.reserve(p.id_number)
        if (page.length < 50_000) break
        after = page[page.length - 1]!.id_number
      }
    }
    const profile = profileFor(input.county)
    const ctx = { county: input.county, profile, seed, asOf, ids }
    // The run number makes appended populations differ from the first one with the same seed.
    const quotas = villageQuotas(
      new Rng(`${seed}|${input.county}|quotas|${existing.n}`),
      villages.length,
      input.persons,
    )
    const stats = new StatsCollector(MONITORING_THRESHOLD_YUAN)
    // One hash per table, so the digest does not depend on how rows were batched.
    const hashes = Object.fromEntries(TABLES.map((t) => [t, createHash('sha256')]))
    const perBatch = input.batchHouseholds ?? 2000
    // One batch object, emptied in place: the village generators keep a reference to it.
    const batch = emptyBatch()
    let pending = 0
    let written = 0
    const flush = async () => {
      for (const t of TABLES) {
        const h = hashes[t]!
        for (const r of batch[t]) h.update(copyLine(r))
      }
      await writer.write(batch)
      written += batch.person.length
      for (const t of TABLES) batch[t].length = 0
      pending = 0
      await onProgress?.(written)
    }
    for (let v = 0; v < villages.length; v++) {
      const village = villages[v]!
      const quota = quotas[v]!
      if (quota === 0) continue
      for (const h of generateVillage(ctx, village, quota, nextSeq.get(village.code) ?? 1, batch)) {
        stats.add(h)
        if (++pending >= perBatch) await flush()
      }
    }
    if (pending > 0) await flush()
    const result = stats.result()
    const summary: SeedPopulationResult = {
      county: input.county,
      seed,
      asOf,
      villages: villages.length,
      persons: result.persons,
      households: result.households,
      writer: writer.kind,
      digest: createHash('sha256')
        .update(TABLES.map((t) => `${t}:${hashes[t]!.digest('hex')}`).join('\n'))
        .digest('hex'),
      seconds: (Date.now() - started) / 1000,
      stats: result,
    }
    await recordAudit(trx, deps, actor, {
      action: 'population.seed',
      subjectType: 'county',
      subjectId: input.county,
      regionCode: input.county.padEnd(12, '0'),
      after: {
        seed,
        asOf,
        append: Boolean(input.append),
        persons: summary.persons,
        households: summary.households,
        villages: summary.villages,
        digest: summary.digest,
        writer: writer.kind,
      },
    })
    return summary
  }

  const summary =
    deps.dbKind === 'pglite'
      ? await deps.db.transaction().execute((trx) => run(trx, insertWriter(trx)))
      : await runOnCopyClient()
  // Fresh statistics, or the planner guesses one row per table and searches over the new population nest-loop.
  await sql`analyze household, person, membership, income_assessment, guarantee_check, household_helper`.execute(
    deps.db,
  )
  return summary

  async function runOnCopyClient(): Promise<SeedPopulationResult> {
    const client: pg.ClientBase & { release?: () => void; end?: () => Promise<void> } = deps.pool
      ? await deps.pool.connect()
      : new pg.Client({ connectionString: deps.config.databaseUrl, types: typeParsers })
    try {
      if (!deps.pool) await (client as pg.Client).connect()
      const kdb = kyselyOn(client)
      return await kdb.transaction().execute((trx) => run(trx, copyWriter(client)))
    } finally {
      if (deps.pool) (client as pg.PoolClient).release()
      else await (client as pg.Client).end()
    }
  }
}
