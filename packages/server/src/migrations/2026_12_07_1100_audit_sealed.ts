import { createHash, randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { CHAIN_OPENED, canonical, GENESIS, type SealedEvent, sealEvent } from '../modules/audit/audit.chain.ts'
import { auditKey } from '../modules/audit/audit.key.ts'

/**
 * Audit rows written before the log was sealed with a key (ADR 0005) are checked once with the old unkeyed rule and,
 * if every chain holds, sealed again with the audit key: every column, HMAC-SHA256. A log that is already broken is
 * not sealed (that would hide the break): the migration stops naming the row. Each chain then gets its
 * `audit.chain.open` row in the national chain, as recordAudits writes for new chains. Allowed once because no
 * production deployment existed yet; a fresh database has no rows here and nothing to do.
 */

export interface Row extends Omit<SealedEvent, 'seq'> {
  seq: string | number
  hash: string
}

/** The rule before this migration: SHA-256 of prev_hash and the canonical row without county_code and ip. */
export function legacyHash(e: Row): string {
  const body = canonical({
    id: e.id,
    chain: e.chain,
    seq: Number(e.seq),
    at: e.at,
    actor_id: e.actor_id,
    actor_name: e.actor_name,
    action: e.action,
    subject_type: e.subject_type,
    subject_id: e.subject_id,
    region_code: e.region_code,
    before: e.before ?? null,
    after: e.after ?? null,
    request_id: e.request_id,
  })
  return createHash('sha256').update(e.prev_hash).update('\n').update(body).digest('hex')
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const chains = (await sql<{ chain: string }>`select distinct chain from audit_event order by chain`.execute(db)).rows
  if (chains.length === 0) return
  const key = auditKey().bytes
  const heads = new Map(
    (await sql<{ chain: string; seq: string; hash: string }>`select * from audit_chain`.execute(db)).rows.map((h) => [
      h.chain,
      h,
    ]),
  )
  await sql`alter table audit_event disable trigger audit_event_no_update`.execute(db)
  for (const { chain } of chains) {
    let oldPrev = GENESIS
    let newPrev = GENESIS
    let n = 0
    for (;;) {
      const rows = (
        await sql<Row>`select * from audit_event where chain = ${chain} and seq > ${n} order by seq limit 1000`.execute(
          db,
        )
      ).rows
      if (rows.length === 0) break
      const sealed: Array<{ id: string; prev: string; hash: string }> = []
      for (const row of rows) {
        const seq = Number(row.seq)
        if (seq !== n + 1 || row.prev_hash !== oldPrev || legacyHash(row) !== row.hash) {
          throw new Error(
            `audit chain ${chain} was already broken at row ${n + 1} before it could be sealed with a key: ` +
              'restore a backup taken before the break, or start from a new data directory',
          )
        }
        oldPrev = row.hash
        const hash = sealEvent(key, { ...row, seq, prev_hash: newPrev })
        sealed.push({ id: row.id, prev: newPrev, hash })
        newPrev = hash
        n = seq
      }
      const values = sql.join(sealed.map((s) => sql`(${s.id}::uuid, ${s.prev}, ${s.hash})`))
      await sql`update audit_event a set prev_hash = v.p, hash = v.h from (values ${values}) as v(id, p, h)
                where a.id = v.id`.execute(db)
    }
    const head = heads.get(chain)
    if (!head || Number(head.seq) !== n || head.hash !== oldPrev) {
      throw new Error(`audit chain ${chain}: its head does not match its ${n} rows; the log was altered before sealing`)
    }
    await sql`update audit_chain set hash = ${newPrev} where chain = ${chain}`.execute(db)
  }
  await sql`alter table audit_event enable trigger audit_event_no_update`.execute(db)
  // register every chain in the national chain
  const opened = chains.map((c) => c.chain).filter((c) => c !== 'national')
  if (opened.length === 0) return
  await sql`insert into audit_chain (chain, seq, hash) values ('national', 0, ${GENESIS}) on conflict do nothing`.execute(
    db,
  )
  const national = (
    await sql<{ seq: string; hash: string }>`select seq, hash from audit_chain where chain = 'national'`.execute(db)
  ).rows[0]!
  let seq = Number(national.seq)
  let prev = national.hash
  const at = new Date(Math.floor(Date.now()))
  for (const chain of opened) {
    const e: SealedEvent = {
      id: randomUUID(),
      chain: 'national',
      seq: ++seq,
      at,
      actor_id: null,
      actor_name: 'system',
      action: CHAIN_OPENED,
      subject_type: 'audit_chain',
      subject_id: chain,
      region_code: null,
      county_code: null,
      before: null,
      after: null,
      request_id: null,
      ip: null,
      prev_hash: prev,
    }
    prev = sealEvent(key, e)
    await sql`insert into audit_event (id, chain, seq, at, actor_id, actor_name, action, subject_type, subject_id,
                region_code, county_code, before, after, request_id, ip, prev_hash, hash)
              values (${e.id}, 'national', ${e.seq}, ${e.at}, null, 'system', ${CHAIN_OPENED}, 'audit_chain',
                ${chain}, null, null, null, null, null, null, ${e.prev_hash}, ${prev})`.execute(db)
  }
  await sql`update audit_chain set seq = ${seq}, hash = ${prev} where chain = 'national'`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the audit log cannot be unsealed: restore a backup taken before this migration')
}
