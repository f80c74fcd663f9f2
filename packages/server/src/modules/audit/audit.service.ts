/**
 * The audit log: one row per state change, written in the same transaction as the change, append-only (a trigger
 * rejects UPDATE/DELETE/TRUNCATE in both engines) and hash-chained per region partition (county, else province, else
 * national) so that `xianjie audit verify` can prove nothing was altered or removed.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Insertable, Kysely, Transaction } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { maskSensitive } from '../../platform/privacy.ts'
import { type Actor, requirePermission } from '../auth/actor.ts'
import type { AuditEventRow, AuditEventTable } from './audit.table.ts'

export interface AuditInput {
  action: string
  subjectType: string
  subjectId?: string | null
  regionCode?: string | null
  before?: unknown
  after?: unknown
}

export const GENESIS = '0'.repeat(64)

/** The partition an event is chained in: county code, else province code, else 'national'. */
export function chainOf(regionCode: string | null | undefined): string {
  if (!regionCode || /^0+$/.test(regionCode)) return 'national'
  const county = regionCode.slice(0, 6)
  if (county.slice(4, 6) !== '00') return county
  if (county.slice(2, 4) !== '00') return county.slice(0, 4)
  return county.slice(0, 2)
}

/** Canonical JSON: object keys sorted at every depth, so the hash does not depend on storage order. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'null'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

type Hashed = Pick<
  AuditEventRow,
  | 'id'
  | 'chain'
  | 'seq'
  | 'at'
  | 'actor_id'
  | 'actor_name'
  | 'action'
  | 'subject_type'
  | 'subject_id'
  | 'region_code'
  | 'before'
  | 'after'
  | 'request_id'
  | 'prev_hash'
>

export function hashEvent(e: Hashed): string {
  const body = canonical({
    id: e.id,
    chain: e.chain,
    seq: e.seq,
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
 * together, by `write` (default: INSERTs of 1,000 rows; a bulk import passes its COPY stream). Returns the row ids in
 * input order.
 */
export async function recordAudits(
  trx: Transaction<Database>,
  deps: { clock: Clock },
  actor: Actor,
  inputs: readonly AuditInput[],
  write: AuditWriter = insertRows(trx),
): Promise<string[]> {
  const ids: string[] = new Array(inputs.length)
  const byChain = new Map<string, number[]>()
  inputs.forEach((input, i) => {
    const chain = chainOf(input.regionCode)
    const list = byChain.get(chain)
    if (list) list.push(i)
    else byChain.set(chain, [i])
  })
  const at = new Date(Math.floor(deps.clock.now().getTime()))
  // Round-trip through JSON so the hash covers exactly what jsonb will give back.
  const image = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(maskSensitive(v))))
  for (const [chain, indexes] of byChain) {
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
    const rows = indexes.map((i) => {
      const input = inputs[i]!
      const event: Hashed = {
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
        before: image(input.before),
        after: image(input.after),
        request_id: actor.requestId ?? null,
        prev_hash: prev,
      }
      prev = hashEvent(event)
      ids[i] = event.id
      return {
        ...event,
        before: event.before === null ? null : JSON.stringify(event.before),
        after: event.after === null ? null : JSON.stringify(event.after),
        county_code: input.regionCode && input.regionCode.length >= 6 ? input.regionCode.slice(0, 6) : null,
        ip: actor.ip ?? null,
        hash: prev,
      }
    })
    await write(rows)
    await trx.updateTable('audit_chain').set({ seq, hash: prev }).where('chain', '=', chain).execute()
  }
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

export interface BrokenLink {
  chain: string
  seq: number
  id: string | null
  reason: string
}

export interface VerifyResult {
  ok: boolean
  checked: number
  chains: number
  firstBroken?: BrokenLink
}

/** Recomputes every chain; stops at the first broken row. `onProgress` gets rows checked so far. */
export async function verifyAudit(
  db: Kysely<Database>,
  onProgress?: (checked: number, total: number) => Promise<void> | void,
): Promise<VerifyResult> {
  const heads = await db.selectFrom('audit_chain').selectAll().orderBy('chain').execute()
  const { total } = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow()
  let checked = 0
  for (const head of heads) {
    let prev = GENESIS
    let expected = 1
    for (;;) {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where('chain', '=', head.chain)
        .where('seq', '>=', expected)
        .orderBy('seq')
        .limit(1000)
        .execute()
      if (rows.length === 0) break
      for (const row of rows) {
        const seq = Number(row.seq)
        const broken = (reason: string): VerifyResult => ({
          ok: false,
          checked,
          chains: heads.length,
          firstBroken: { chain: row.chain, seq, id: row.id, reason },
        })
        if (seq !== expected) return broken(`sequence gap: expected ${expected}, found ${seq}`)
        if (row.prev_hash !== prev) return broken('prev_hash does not match the previous row')
        if (hashEvent({ ...row, seq }) !== row.hash) return broken('row content does not match its hash')
        prev = row.hash
        expected++
        checked++
      }
      await onProgress?.(checked, Number(total))
    }
    if (Number(head.seq) !== expected - 1 || head.hash !== prev) {
      return {
        ok: false,
        checked,
        chains: heads.length,
        firstBroken: {
          chain: head.chain,
          seq: expected,
          id: null,
          reason: `chain head says ${head.seq} rows but ${expected - 1} were found (rows removed at the end)`,
        },
      }
    }
  }
  return { ok: true, checked, chains: heads.length }
}

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
