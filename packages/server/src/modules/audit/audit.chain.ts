/**
 * How an audit row is sealed (ADR 0005): every column but `hash` itself, in a canonical serialisation, under
 * HMAC-SHA256 with the audit key. `prev_hash` is one of those columns, so each row seals the whole chain before it,
 * and without the key no row can be rewritten, added or re-chained so that it verifies.
 */
import { createHmac } from 'node:crypto'
import type { AuditEventRow } from './audit.table.ts'

export const GENESIS = '0'.repeat(64)

/** The action of the row that registers a new chain in the national chain (verify checks every chain has one). */
export const CHAIN_OPENED = 'audit.chain.open'

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

/** The columns a seal covers: all of `audit_event` except `hash` (a test compares this list with the table). */
export const SEALED_COLUMNS = [
  'id',
  'chain',
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'action',
  'subject_type',
  'subject_id',
  'region_code',
  'county_code',
  'before',
  'after',
  'request_id',
  'ip',
  'prev_hash',
] as const satisfies readonly (keyof AuditEventRow)[]

/** A row as sealed: `seq` as a number, before/after as the JSON values jsonb gives back. */
export type SealedEvent = Pick<AuditEventRow, (typeof SEALED_COLUMNS)[number]>

/** The row's seal: HMAC-SHA256 under `key` of its canonical serialisation, as 64 hex digits. */
export function sealEvent(key: Buffer, e: SealedEvent): string {
  const body: Record<string, unknown> = {}
  for (const c of SEALED_COLUMNS) body[c] = c === 'seq' ? Number(e.seq) : (e[c] ?? null)
  return createHmac('sha256', key).update('xianjie-audit-event/2\n').update(canonical(body)).digest('hex')
}
