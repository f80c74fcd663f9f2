import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { RegionRow, RegionTable } from './regions.table.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface RegionWithCount extends RegionRow {
  child_count: number
}

const withChildCount = (db: Db) =>
  db
    .selectFrom('region as r')
    .selectAll('r')
    .select(
      sql<number>`(select count(*)::int from region c where c.parent_code = r.code and c.valid_to is null)`.as(
        'child_count',
      ),
    )
    .where('r.valid_to', 'is', null)

export function findRegion(db: Db, code: string): Promise<RegionWithCount | undefined> {
  return withChildCount(db).where('r.code', '=', code).executeTakeFirst()
}

export function findRegions(db: Db, codes: readonly string[]): Promise<RegionWithCount[]> {
  if (codes.length === 0) return Promise.resolve([])
  return withChildCount(db).where('r.code', 'in', codes).orderBy('r.level').execute()
}

export function listChildren(db: Db, parentCode: string): Promise<RegionWithCount[]> {
  return withChildCount(db).where('r.parent_code', '=', parentCode).orderBy('r.code').execute()
}

/** Name or code search inside a code prefix (the caller's scope). */
export function searchRegions(db: Db, q: string, scopePrefix: string, limit: number): Promise<RegionWithCount[]> {
  const byCode = /^\d+$/.test(q)
  let query = withChildCount(db).where('r.code', 'like', `${scopePrefix}%`)
  query = byCode
    ? query.where('r.code', 'like', `${q}%`)
    : query.where('r.name', 'like', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  return query.orderBy('r.level').orderBy('r.code').limit(limit).execute()
}

export async function upsertRegions(db: Db, rows: RegionTable[]): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('region')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['code', 'valid_from']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        level: eb.ref('excluded.level'),
        parent_code: eb.ref('excluded.parent_code'),
        prefix: eb.ref('excluded.prefix'),
        source: eb.ref('excluded.source'),
      })),
    )
    .execute()
}

export async function countRegions(db: Db, prefix: string): Promise<Record<number, number>> {
  const rows = await db
    .selectFrom('region')
    .select(['level', sql<number>`count(*)::int`.as('n')])
    .where('code', 'like', `${prefix}%`)
    .where('valid_to', 'is', null)
    .groupBy('level')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.level, r.n]))
}
