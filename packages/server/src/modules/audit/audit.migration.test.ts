/**
 * The migration that seals the audit rows written before the key (ADR 0005): an intact unkeyed log comes out sealed
 * and verifies; a log already broken is not sealed and the migration names the row.
 */
import { randomUUID } from 'node:crypto'
import { Migrator, sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { legacyHash, type Row } from '../../migrations/2026_12_07_1100_audit_sealed.ts'
import { openDatabase } from '../../platform/db.ts'
import { migrateToLatest, migrationProvider } from '../../platform/migrate.ts'
import { GENESIS } from './audit.chain.ts'
import { verifyAudit } from './audit.verify.ts'

/** A database at the schema before the seal, holding `n` rows of chain 622926 chained with the old unkeyed rule. */
async function legacyLog(n: number, alter?: (rows: Row[]) => void) {
  const h = await openDatabase({})
  const { error } = await new Migrator({ db: h.db, provider: migrationProvider }).migrateTo(
    '2026_11_29_1500_search_change',
  )
  expect(error).toBeUndefined()
  const rows: Row[] = []
  let prev = GENESIS
  for (let seq = 1; seq <= n; seq++) {
    const row: Row = {
      id: randomUUID(),
      chain: '622926',
      seq,
      at: new Date(Date.UTC(2026, 10, 28, 2, 0, seq)),
      actor_id: null,
      actor_name: 'system',
      action: 'test.legacy',
      subject_type: 'household',
      subject_id: `h-${seq}`,
      region_code: '622926100202',
      county_code: '622926',
      before: null,
      after: { step: seq },
      request_id: null,
      ip: '10.0.0.1',
      prev_hash: prev,
      hash: '',
    }
    row.hash = legacyHash(row)
    prev = row.hash
    rows.push(row)
  }
  alter?.(rows)
  await h.db
    .insertInto('audit_event')
    .values(rows.map((r) => ({ ...r, seq: Number(r.seq), after: JSON.stringify(r.after) })))
    .execute()
  await h.db.insertInto('audit_chain').values({ chain: '622926', seq: n, hash: prev }).execute()
  return { h, rows }
}

describe('sealing the rows written before the audit key', () => {
  test('an intact unkeyed log is sealed, registered in the national chain, and verifies', async () => {
    const { h, rows } = await legacyLog(3)
    try {
      await migrateToLatest(h.db)
      const res = await verifyAudit(h.db)
      expect(res).toMatchObject({ ok: true, broken: [], checked: 4, chains: 2 })
      const sealed = await h.db
        .selectFrom('audit_event')
        .selectAll()
        .where('chain', '=', '622926')
        .orderBy('seq')
        .execute()
      expect(sealed.map((r) => r.id)).toEqual(rows.map((r) => r.id))
      expect(sealed.map((r) => r.hash)).not.toContain(rows[2]!.hash)
      const opened = await h.db.selectFrom('audit_event').selectAll().where('chain', '=', 'national').execute()
      expect(opened).toEqual([expect.objectContaining({ seq: 1, action: 'audit.chain.open', subject_id: '622926' })])
      // the trigger is back on
      await expect(sql`delete from audit_event`.execute(h.db)).rejects.toThrow(/append-only/)
    } finally {
      await h.close()
    }
  })

  test('a log altered before the seal stops the migration at the altered row, unsealed', async () => {
    const { h, rows } = await legacyLog(3, (r) => {
      r[1]!.actor_name = 'someone-else'
    })
    try {
      await expect(migrateToLatest(h.db)).rejects.toThrow(/audit chain 622926 was already broken at row 2/)
      const kept = await h.db.selectFrom('audit_event').select('hash').orderBy('seq').execute()
      expect(kept.map((r) => r.hash)).toEqual(rows.map((r) => r.hash))
    } finally {
      await h.close()
    }
  })
})
