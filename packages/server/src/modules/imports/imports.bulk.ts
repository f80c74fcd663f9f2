/**
 * Set-based writes for imports: many rows per statement through `json_populate_recordset` (one parameter, so no
 * limit on rows; works on PostgreSQL and PGlite alike), and audit rows appended to their hash chains in bulk.
 */
import { randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { maskSensitive } from '../../platform/privacy.ts'
import { type AuditInput, chainOf, GENESIS, hashEvent } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'

type Trx = Transaction<Database>

/** Inserts plain objects (keys = columns) into `table`, `chunk` rows per statement. */
export async function bulkInsert(
  trx: Trx,
  table: keyof Database,
  rows: ReadonlyArray<Record<string, unknown>>,
  chunk = 5000,
): Promise<void> {
  if (rows.length === 0) return
  const cols = Object.keys(rows[0] as object)
  const list = sql.join(cols.map((c) => sql.ref(c)))
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(rows.slice(i, i + chunk))
    await sql`insert into ${sql.table(table)} (${list}) select ${list} from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`.execute(
      trx,
    )
  }
}

/**
 * Appends one audit row per input, chained per region partition like `recordAudit` (same hash, same masking), but
 * with one insert per chunk instead of four statements per row.
 */
export async function appendAudit(trx: Trx, clock: Clock, actor: Actor, inputs: readonly AuditInput[]): Promise<void> {
  const byChain = new Map<string, AuditInput[]>()
  for (const i of inputs) {
    const c = chainOf(i.regionCode)
    const list = byChain.get(c) ?? []
    list.push(i)
    byChain.set(c, list)
  }
  const at = new Date(Math.floor(clock.now().getTime()))
  for (const [chain, list] of byChain) {
    await trx
      .insertInto('audit_chain')
      .values({ chain, seq: 0, hash: GENESIS })
      .onConflict((oc) => oc.column('chain').doNothing())
      .execute()
    const head = await trx
      .selectFrom('audit_chain')
      .selectAll()
      .where('chain', '=', chain)
      .forUpdate()
      .executeTakeFirstOrThrow()
    let seq = Number(head.seq)
    let prev = head.hash
    const rows: Record<string, unknown>[] = []
    for (const input of list) {
      const before =
        input.before === undefined || input.before === null
          ? null
          : JSON.parse(JSON.stringify(maskSensitive(input.before)))
      const after =
        input.after === undefined || input.after === null
          ? null
          : JSON.parse(JSON.stringify(maskSensitive(input.after)))
      const event = {
        id: randomUUID(),
        chain,
        seq: ++seq,
        at,
        actor_id: actor.userId,
        actor_name: actor.username,
        action: input.action,
        subject_type: input.subjectType,
        subject_id: input.subjectId ?? null,
        region_code: input.regionCode ?? null,
        before,
        after,
        request_id: actor.requestId ?? null,
        prev_hash: prev,
      }
      const hash = hashEvent(event)
      prev = hash
      rows.push({
        ...event,
        at: at.toISOString(),
        county_code: input.regionCode && input.regionCode.length >= 6 ? input.regionCode.slice(0, 6) : null,
        ip: actor.ip ?? null,
        hash,
      })
    }
    await bulkInsert(trx, 'audit_event', rows, 2000)
    await trx.updateTable('audit_chain').set({ seq, hash: prev }).where('chain', '=', chain).execute()
  }
}
