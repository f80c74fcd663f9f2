/**
 * Anchors: every chain's head (chain, seq, hash, time of its last row) written to a file outside the database and
 * sealed with the audit key (ADR 0005). Verify compares the log with an anchor, which shows what the log alone cannot:
 * rows removed at the end of a chain together with its head moved back, or a whole chain deleted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { canonical } from './audit.chain.ts'
import { type AuditKey, auditKey } from './audit.key.ts'
import type { ChainHead } from './audit.verify.ts'

export const AnchorFile = z
  .object({
    format: z.literal('xianjie-audit-anchor/1'),
    createdAt: z.string(),
    chains: z.array(z.object({ chain: z.string(), seq: z.number().int().min(0), hash: z.string(), at: z.string() })),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict()
export type AnchorFile = z.infer<typeof AnchorFile>

function anchorMac(key: AuditKey, a: Omit<AnchorFile, 'mac'>): string {
  return createHmac('sha256', key.bytes)
    .update('xianjie-audit-anchor/1\n')
    .update(canonical({ format: a.format, createdAt: a.createdAt, chains: a.chains }))
    .digest('hex')
}

/** An anchor of `heads` sealed with the audit key. */
export function makeAnchor(heads: ChainHead[], createdAt: Date, key: AuditKey = auditKey()): AnchorFile {
  const body = { format: 'xianjie-audit-anchor/1' as const, createdAt: createdAt.toISOString(), chains: heads }
  return { ...body, mac: anchorMac(key, body) }
}

/** Reads an anchor file's text; throws naming the fault when it is malformed or its seal does not match the key. */
export function parseAnchor(text: string, key: AuditKey = auditKey()): AnchorFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error('the anchor file is not JSON')
  }
  const parsed = AnchorFile.safeParse(json)
  if (!parsed.success) throw new Error(`the anchor file is not an audit anchor: ${parsed.error.issues[0]?.message}`)
  const expected = Buffer.from(anchorMac(key, parsed.data), 'hex')
  if (!timingSafeEqual(expected, Buffer.from(parsed.data.mac, 'hex'))) {
    throw new Error('the anchor file was changed, or was sealed with another audit key')
  }
  return parsed.data
}

/** Reads and checks the anchor file at `path`. */
export function readAnchorFile(path: string, key: AuditKey = auditKey()): AnchorFile {
  return parseAnchor(readFileSync(path, 'utf8'), key)
}

/** Writes `anchor` to `path` whole or not at all (a temporary file renamed into place). */
export function writeAnchorFile(path: string, anchor: AnchorFile): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(anchor, null, 2)}\n`, { mode: 0o600 })
  renameSync(tmp, path)
}

/** The file name of an anchor in an anchor directory: its time, so names sort in time order. */
export const anchorFileName = (createdAt: Date): string =>
  `audit-anchor-${createdAt.toISOString().replace(/[:.]/g, '-')}.json`

/** The newest anchor file in `dir`, or undefined when there is none. */
export function latestAnchorIn(dir: string): string | undefined {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return undefined
  }
  const last = names
    .filter((n) => /^audit-anchor-.+\.json$/.test(n))
    .sort()
    .at(-1)
  return last === undefined ? undefined : join(dir, last)
}
