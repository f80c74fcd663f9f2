import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../test/harness.ts'
import { dedicatedConnection, openDatabase, preparingClient, SESSION_OPTIONS } from './db.ts'

const t = useTestPlatform()

describe('database handle', () => {
  test('date stays YYYY-MM-DD, bigint becomes an exact number, numeric stays a string', async () => {
    const { rows } = await sql<{
      d: string
      n: number
      x: string
    }>`select date '2026-01-05' as d, 9007199254740991::bigint as n, 1234.50::numeric as x`.execute(t.deps.db)
    expect(rows[0]).toEqual({ d: '2026-01-05', n: 9007199254740991, x: '1234.50' })
  })

  test.runIf(process.env.DATABASE_URL)('PostgreSQL sessions start no parallel workers for small queries', async () => {
    const { rows } = await sql<{ v: string }>`select current_setting('parallel_setup_cost') as v`.execute(t.deps.db)
    expect(SESSION_OPTIONS).toContain(`parallel_setup_cost=${rows[0]?.v}`)
    expect(Number(rows[0]?.v)).toBeGreaterThan(1000) // the server default
  })

  test('a connection prepares a statement with parameters on its fifth run, and answers it the same', async () => {
    // one connection: a PostgreSQL pool's own, or the embedded database's only one
    const own = await dedicatedConnection(t.deps.db)
    const db = own?.db ?? t.deps.db
    try {
      const tag = `t${Date.now()}`
      const prepared = async () =>
        (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.filter((r) =>
          r.statement.includes(tag),
        ).length
      const seen: number[] = []
      for (let i = 1; i <= 8; i++) {
        const { rows } = await sql<{ n: number }>`select ${sql.raw(`/* ${tag} */`)} ${i}::int + 1 as n`.execute(db)
        seen.push(rows[0]?.n ?? -1)
        expect(await prepared()).toBe(i < 5 ? 0 : 1)
      }
      expect(seen).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
      for (let i = 0; i < 6; i++) await sql`select ${sql.raw(`/* ${tag}-plain */`)} 1 as n`.execute(db)
      expect(await prepared()).toBe(1) // a statement without parameters is sent as text, never prepared
    } finally {
      own?.release()
    }
    expect(preparingClient(0)).toBe(pg.Client)
  })

  test('an insert whose ON CONFLICT names a partial index by a parameter runs every time, prepared or not', async () => {
    // the referral scan's insert failed from its tenth run on a preparing connection (issue 17)
    const own = await dedicatedConnection(t.deps.db)
    const db = own?.db ?? t.deps.db
    try {
      await sql`create temporary table if not exists conflict_probe (k int not null, s text not null)`.execute(db)
      await sql`create unique index if not exists conflict_probe_open on conflict_probe (k) where s = 'OPEN'`.execute(
        db,
      )
      for (let i = 0; i < 15; i++) {
        await db
          .insertInto('conflict_probe' as never)
          .values({ k: i % 3, s: 'OPEN' } as never)
          .onConflict((oc) =>
            oc
              .column('k' as never)
              .where('s' as never, '=', 'OPEN' as never)
              .doNothing(),
          )
          .execute()
      }
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from conflict_probe`.execute(db)
      expect(rows[0]?.n).toBe(3)
      await sql`drop table conflict_probe`.execute(db)
    } finally {
      own?.release()
    }
  })

  test('a bigint beyond 2^53 is refused rather than rounded', async () => {
    await expect(sql`select 9007199254740993::bigint as n`.execute(t.deps.db)).rejects.toThrow(/exact integer/)
  })

  test('a failed transaction leaves nothing behind', async () => {
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('region')
          .values({
            code: '629999999999',
            level: 5,
            name: 'x',
            parent_code: null,
            prefix: '629999999999',
            urban_rural_class: null,
            valid_from: '2023-01-01',
            valid_to: null,
            source: 'test',
          })
          .execute()
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const row = await t.deps.db
      .selectFrom('region')
      .select('code')
      .where('code', '=', '629999999999')
      .executeTakeFirst()
    expect(row).toBeUndefined()
  })

  test('a 2-second query does not delay /api/health by more than 100 ms', async () => {
    const slow = sql`select pg_sleep(2)`.execute(t.deps.db)
    await new Promise((r) => setTimeout(r, 100))
    const started = performance.now()
    const res = await t.call('GET', '/api/health')
    const elapsed = performance.now() - started
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'ok', db: t.deps.dbKind })
    expect(elapsed).toBeLessThan(100)
    await slow
  })
})

describe.runIf(!process.env.DATABASE_URL)('embedded backup and restore', () => {
  test('a dump restores into a new embedded database with the same rows', async () => {
    const before = await t.deps.db
      .selectFrom('region')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const handle = t.platform.handle
    const dump = await handle.dump()
    const copy = await openDatabase({ loadFrom: dump })
    try {
      const after = await copy.db
        .selectFrom('region')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(after.n)).toBe(Number(before.n))
      const village = await copy.db.selectFrom('region').select('name').where('code', '=', R.village).executeTakeFirst()
      expect(village?.name).toBe('巴牙村委会')
    } finally {
      await copy.close()
    }
  })
})
