/**
 * Verifying the audit log and anchoring it outside the database (ADR 0005). Verify walks every chain found in the
 * events, the head table, the national chain's register of opened chains and the anchor, so a chain without a head,
 * a head without its rows, a gap, a row whose seal fails and a chain cut back below an anchored head are each reported
 * with the first row that is wrong. An anchor is a file of every chain's head (chain, seq, hash, time) sealed with the
 * audit key, which the operator keeps away from the database.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { AnchorFile } from './audit.anchor.ts'
import { CHAIN_OPENED, GENESIS, sealEvent } from './audit.chain.ts'
import { type AuditKey, auditKey } from './audit.key.ts'

/** What is wrong, as a code a page can put in the reader's language (`reason` says it in English). */
export type BreakKind =
  | 'ROW_MISSING'
  | 'PREV_HASH'
  | 'SEAL'
  | 'ANCHOR_CUT'
  | 'ANCHOR_CHANGED'
  | 'NO_HEAD'
  | 'HEAD_PAST_END'
  | 'BEYOND_HEAD'
  | 'HEAD_HASH'
  | 'UNREGISTERED'
  | 'CHAIN_DELETED'

/** The first wrong row of a chain (`id` null when the row is missing). */
export interface BrokenLink {
  chain: string
  seq: number
  id: string | null
  kind: BreakKind
  reason: string
}

/** A chain's verified last row. */
export interface ChainHead {
  chain: string
  seq: number
  hash: string
  at: string
}

export interface VerifyResult {
  ok: boolean
  checked: number
  chains: number
  /** The first broken chain's first wrong row. */
  firstBroken?: BrokenLink
  /** Every broken chain, with its first wrong row, in chain order. */
  broken: BrokenLink[]
  /** The anchor compared against, if any: its time and how many chain heads it holds. */
  anchor?: { createdAt: string; chains: number }
}

export interface VerifyOptions {
  /** An anchor written earlier (`parseAnchor` checks its seal first). */
  anchor?: AnchorFile
  key?: AuditKey
  onProgress?: (checked: number, total: number) => Promise<void> | void
}

/** A chain's head as it is now. */
const headOf = (db: Kysely<Database>, chain: string) =>
  db.selectFrom('audit_chain').selectAll().where('chain', '=', chain).executeTakeFirst()

/**
 * Recomputes every chain and compares it with its head, the register and `opts.anchor`; returns each broken chain's
 * first wrong row and, when all is intact, every chain's head (what `makeAnchor` seals).
 */
export async function verifyAudit(
  db: Kysely<Database>,
  opts: VerifyOptions = {},
): Promise<VerifyResult & { heads: ChainHead[] }> {
  const key = (opts.key ?? auditKey()).bytes
  const heads = new Map((await db.selectFrom('audit_chain').selectAll().execute()).map((h) => [h.chain, h]))
  const inEvents = await db.selectFrom('audit_event').select('chain').distinct().execute()
  const anchored = new Map((opts.anchor?.chains ?? []).map((c) => [c.chain, c]))
  const names = [...new Set([...heads.keys(), ...inEvents.map((r) => r.chain), ...anchored.keys()])]
  // the national chain first: it registers the others
  names.sort((a, b) => (a === 'national' ? -1 : b === 'national' ? 1 : a < b ? -1 : a > b ? 1 : 0))
  const { total } = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow()
  const registered = new Set<string>()
  let registerComplete = true
  const broken: BrokenLink[] = []
  const found: ChainHead[] = []
  let checked = 0
  for (const chain of names) {
    const anchor = anchored.get(chain)
    let prev = GENESIS
    let last: { seq: number; id: string; hash: string; at: Date } | undefined
    let bad: BrokenLink | undefined
    let atAnchor: string | undefined
    /** Checks the rows after `last` in order, stopping at the first wrong one. */
    const walk = async (): Promise<void> => {
      for (;;) {
        const rows = await db
          .selectFrom('audit_event')
          .selectAll()
          .where('chain', '=', chain)
          .where('seq', '>', last?.seq ?? 0)
          .orderBy('seq')
          .limit(1000)
          .execute()
        if (rows.length === 0) return
        for (const row of rows) {
          const seq = Number(row.seq)
          const expected = (last?.seq ?? 0) + 1
          const here = (kind: BreakKind, reason: string): BrokenLink => ({ chain, seq, id: row.id, kind, reason })
          if (seq !== expected)
            bad = {
              chain,
              seq: expected,
              id: null,
              kind: 'ROW_MISSING',
              reason: `row ${expected} is missing (next: ${seq})`,
            }
          else if (row.prev_hash !== prev)
            bad = here('PREV_HASH', 'its previous-row hash is not the hash of the row before it')
          else if (sealEvent(key, { ...row, seq }) !== row.hash)
            bad = here('SEAL', 'its content does not match its seal')
          if (bad) return
          if (chain === 'national' && row.action === CHAIN_OPENED && row.subject_id) registered.add(row.subject_id)
          if (anchor && seq === anchor.seq) atAnchor = row.hash
          prev = row.hash
          last = { seq, id: row.id, hash: row.hash, at: row.at }
          checked++
        }
        await opts.onProgress?.(checked, Number(total))
      }
    }
    await walk()
    // A live log grows while it is verified: the head is read after the rows (a head behind them was moved back),
    // and while it is ahead of them the rows committed since are read too.
    let head = await headOf(db, chain)
    for (let i = 0; i < 5 && !bad && head && Number(head.seq) > (last?.seq ?? 0); i++) {
      await walk()
      head = await headOf(db, chain)
    }
    const n = last?.seq ?? 0
    const headSeq = head ? Number(head.seq) : 0
    if (!bad && anchor && anchor.seq > n)
      bad = {
        chain,
        seq: n + 1,
        id: null,
        kind: 'ANCHOR_CUT',
        reason: `the anchor of ${opts.anchor?.createdAt} holds ${anchor.seq} rows, ${n} remain: rows were removed at the end`,
      }
    else if (!bad && anchor && anchor.seq > 0 && atAnchor !== anchor.hash)
      bad = {
        chain,
        seq: anchor.seq,
        id: null,
        kind: 'ANCHOR_CHANGED',
        reason: `row ${anchor.seq} differs from the anchored one`,
      }
    else if (!bad && !head && n > 0)
      bad = { chain, seq: n, id: last!.id, kind: 'NO_HEAD', reason: 'the chain has no head record (it was deleted)' }
    else if (!bad && head && headSeq > n)
      bad = {
        chain,
        seq: n + 1,
        id: null,
        kind: 'HEAD_PAST_END',
        reason: `the chain head says ${headSeq} rows but ${n} were found (rows removed at the end)`,
      }
    else if (!bad && head && headSeq < n) {
      const row = await db
        .selectFrom('audit_event')
        .select('id')
        .where('chain', '=', chain)
        .where('seq', '=', headSeq + 1)
        .executeTakeFirst()
      bad = {
        chain,
        seq: headSeq + 1,
        id: row?.id ?? null,
        kind: 'BEYOND_HEAD',
        reason: `the chain head says ${headSeq} rows: this row and any after it are not in the chain`,
      }
    } else if (!bad && head && head.hash !== (last?.hash ?? GENESIS))
      bad = {
        chain,
        seq: n,
        id: last?.id ?? null,
        kind: 'HEAD_HASH',
        reason: 'the chain head does not hold the hash of its last row',
      }
    else if (!bad && registerComplete && chain !== 'national' && n > 0 && !registered.has(chain))
      bad = {
        chain,
        seq: 1,
        id: null,
        kind: 'UNREGISTERED',
        reason: 'the national chain has no record of this chain being opened',
      }
    if (bad && chain === 'national') registerComplete = false
    if (bad) broken.push(bad)
    else if (last) found.push({ chain, seq: n, hash: last.hash, at: last.at.toISOString() })
  }
  // a chain registered but not listed at the start was deleted, unless it was opened while verify ran
  const unlisted = [...registered].filter((c) => !names.includes(c)).sort()
  const opened = new Set(
    unlisted.length === 0 || !registerComplete
      ? []
      : (await db.selectFrom('audit_chain').select('chain').where('chain', 'in', unlisted).execute()).map(
          (r) => r.chain,
        ),
  )
  for (const chain of unlisted)
    if (registerComplete && !opened.has(chain))
      broken.push({
        chain,
        seq: 1,
        id: null,
        kind: 'CHAIN_DELETED',
        reason: 'the chain was opened but none of its rows remain (deleted)',
      })
  return {
    ok: broken.length === 0,
    checked,
    chains: names.length,
    ...(broken[0] ? { firstBroken: broken[0] } : {}),
    broken,
    ...(opts.anchor ? { anchor: { createdAt: opts.anchor.createdAt, chains: opts.anchor.chains.length } } : {}),
    heads: found,
  }
}
