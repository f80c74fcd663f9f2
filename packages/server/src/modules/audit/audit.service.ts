/**
 * The audit log: one row per state change, written in the same transaction as the change, append-only (a trigger
 * rejects UPDATE/DELETE/TRUNCATE in both engines) and chained per region partition (county, else province, else
 * national), each row sealed with a key kept outside the database (audit.chain.ts, ADR 0005), so that
 * `xianjie audit verify` can prove nothing was altered, added or removed (removal at a chain's end: against an anchor).
 */
import { randomUUID } from 'node:crypto'
import type { Insertable, Kysely, Transaction } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { maskSensitive } from '../../platform/privacy.ts'
import { type Actor, requirePermission } from '../auth/actor.ts'
import { CHAIN_OPENED, chainOf, GENESIS, type SealedEvent, sealEvent } from './audit.chain.ts'
import { auditKey } from './audit.key.ts'
import type { AuditEventTable } from './audit.table.ts'

export interface AuditInput {
  action: string
  subjectType: string
  subjectId?: string | null
  regionCode?: string | null
  before?: unknown
  after?: unknown
}

/** Appends one audit row inside the caller's transaction; sensitive fields of before/after are masked. */
export async function recordAudit(
  trx: Transaction<Database>,
  deps: { clock: Clock },
  actor: Actor,
  input: AuditInput,
): Promise<string> {
  const [id] = await recordAudits(trx, deps, actor, [input])
  return id!
}

/** One built `audit_event` row (before/after as JSON text). */
export type AuditEventValues = Insertable<AuditEventTable>

/** Writes built audit rows into `audit_event` in the caller's transaction. */
export type AuditWriter = (rows: readonly AuditEventValues[]) => Promise<void>

/** The default writer: INSERT statements of 1,000 rows. */
const insertRows =
  (trx: Transaction<Database>): AuditWriter =>
  async (rows) => {
    for (let k = 0; k < rows.length; k += 1000)
      await trx
        .insertInto('audit_event')
        .values(rows.slice(k, k + 1000))
        .execute()
  }

/**
 * Appends many audit rows inside the caller's transaction: each chain head is locked once and the rows are written
 * together, by `write` (default: INSERTs of 1,000 rows; a bulk import passes its COPY stream). Heads are locked in one
 * order (chains sorted, 'national' last) so two writers never wait for each other. A chain's first row also appends
 * an `audit.chain.open` row to the national chain, so a chain deleted with its head is missed by verify only if the
 * national chain is cut back too (which an anchor shows). Returns the row ids in input order.
 */
export async function recordAudits(
  trx: Transaction<Database>,
  deps: { clock: Clock },
  actor: Actor,
  inputs: readonly AuditInput[],
  write: AuditWriter = insertRows(trx),
): Promise<string[]> {
  const key = auditKey().bytes
  const ids: string[] = new Array(inputs.length)
  const byChain = new Map<string, AuditInput[]>()
  const indexes = new Map<AuditInput, number>()
  inputs.forEach((input, i) => {
    const chain = chainOf(input.regionCode)
    indexes.set(input, i)
    const list = byChain.get(chain)
    if (list) list.push(input)
    else byChain.set(chain, [input])
  })
  const at = new Date(Math.floor(deps.clock.now().getTime()))
  // Round-trip through JSON so the seal covers exactly what jsonb will give back.
  const image = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(maskSensitive(v))))
  const chains = [...byChain.keys()].filter((c) => c !== 'national').sort()
  const opened: AuditInput[] = []
  const append = async (chain: string, list: readonly AuditInput[]) => {
    const created = await trx
      .insertInto('audit_chain')
      .values({ chain, seq: 0, hash: GENESIS })
      .onConflict((oc) => oc.column('chain').doNothing())
      .returning('chain')
      .executeTakeFirst()
    if (created && chain !== 'national')
      opened.push({ action: CHAIN_OPENED, subjectType: 'audit_chain', subjectId: chain, regionCode: null })
    const head = await trx
      .selectFrom('audit_chain')
      .selectAll()
      .where('chain', '=', chain)
      .forUpdate()
      .executeTakeFirstOrThrow()
    let seq = Number(head.seq)
    let prev = head.hash
    const rows = list.map((input) => {
      const event: SealedEvent = {
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
        county_code: input.regionCode && input.regionCode.length >= 6 ? input.regionCode.slice(0, 6) : null,
        before: image(input.before),
        after: image(input.after),
        request_id: actor.requestId ?? null,
        ip: actor.ip ?? null,
        prev_hash: prev,
      }
      prev = sealEvent(key, event)
      const i = indexes.get(input)
      if (i !== undefined) ids[i] = event.id
      return {
        ...event,
        before: event.before === null ? null : JSON.stringify(event.before),
        after: event.after === null ? null : JSON.stringify(event.after),
        hash: prev,
      }
    })
    await write(rows)
    await trx.updateTable('audit_chain').set({ seq, hash: prev }).where('chain', '=', chain).execute()
  }
  for (const chain of chains) await append(chain, byChain.get(chain)!)
  const national = [...opened, ...(byChain.get('national') ?? [])]
  if (national.length > 0) await append('national', national)
  return ids
}

/** Runs `fn` in a transaction that also writes the audit row; the two commit or fail together. */
export function withAudit<T>(
  deps: { db: Kysely<Database>; clock: Clock },
  actor: Actor,
  fn: (trx: Transaction<Database>) => Promise<{ result: T; audit: AuditInput }>,
): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const { result, audit } = await fn(trx)
    await recordAudit(trx, deps, actor, audit)
    return result
  })
}

export { verifyAudit } from './audit.verify.ts'

export interface RevealRequest {
  subjectType: string
  subjectId: string
  /** 12-digit region of the record, checked against the actor's scope. */
  regionCode: string
  field: 'idNumber' | 'phone' | 'bankAccount' | 'health'
}

/**
 * Returns a sensitive field in full to a role that needs it, and records who saw what in the audit log (the value
 * itself is never written there). Outside the actor's scope the record does not exist (NOT_FOUND).
 */
export async function revealSensitive<T>(
  deps: { db: Kysely<Database>; clock: Clock },
  actor: Actor,
  req: RevealRequest,
  load: (trx: Transaction<Database>) => Promise<T | undefined>,
): Promise<T> {
  if (!req.regionCode.startsWith(actor.scope)) {
    throw new AppError('NOT_FOUND', { what: '记录', whatEn: 'Record' })
  }
  requirePermission(actor, 'pii.reveal')
  return deps.db.transaction().execute(async (trx) => {
    const value = await load(trx)
    if (value === undefined) throw new AppError('NOT_FOUND', { what: '记录', whatEn: 'Record' })
    await recordAudit(trx, deps, actor, {
      action: 'pii.reveal',
      subjectType: req.subjectType,
      subjectId: req.subjectId,
      regionCode: req.regionCode,
      after: { field: req.field },
    })
    return value
  })
}
