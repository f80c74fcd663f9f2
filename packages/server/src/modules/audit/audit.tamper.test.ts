/**
 * The tamper suite (issue 17, finding 10): an attacker with the database owner's rights switches the append-only
 * trigger off and alters the log in each way the review found unseen; verify must name the first wrong row, with an
 * anchor where the log alone cannot show it. Each case works on its own county's chain; the clean log is checked first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { type RawBuilder, sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { useTestPlatform } from '../../../test/harness.ts'
import { systemActor } from '../auth/actor.ts'
import { type AnchorFile, makeAnchor, parseAnchor, readAnchorFile, writeAnchorFile } from './audit.anchor.ts'
import { GENESIS, type SealedEvent, sealEvent } from './audit.chain.ts'
import { verifyAuditJob } from './audit.jobs.ts'
import { recordAudits } from './audit.service.ts'
import type { AuditEventRow } from './audit.table.ts'
import { type VerifyResult, verifyAudit } from './audit.verify.ts'

const t = useTestPlatform({ runJobs: false })
const dir = mkdtempSync(join(tmpdir(), 'xianjie-audit-tamper-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A key the attacker could use: anything but the real one. */
const guessed = Buffer.from('an attacker does not have the audit key, so guesses')

/** Writes `n` audit rows in the chain of county `county` (with a client address, as requests have). */
async function events(county: string, n: number): Promise<void> {
  const actor = { ...systemActor, ip: '10.1.2.3', requestId: 'req-1' }
  await t.deps.db.transaction().execute((trx) =>
    recordAudits(
      trx,
      t.deps,
      actor,
      Array.from({ length: n }, (_, i) => ({
        action: 'test.tamper',
        subjectType: 'household',
        subjectId: `h-${i}`,
        regionCode: `${county}100202`,
        after: { step: i },
      })),
    ),
  )
}

/** Runs statements as the database owner with the append-only triggers switched off. */
async function asOwner(...statements: RawBuilder<unknown>[]): Promise<void> {
  const db = t.deps.db
  await sql`alter table audit_event disable trigger audit_event_no_update`.execute(db)
  await sql`alter table audit_event disable trigger audit_event_no_truncate`.execute(db)
  try {
    for (const s of statements) await s.execute(db)
  } finally {
    await sql`alter table audit_event enable trigger audit_event_no_update`.execute(db)
    await sql`alter table audit_event enable trigger audit_event_no_truncate`.execute(db)
  }
}

const chainRows = (chain: string): Promise<AuditEventRow[]> =>
  t.deps.db.selectFrom('audit_event').selectAll().where('chain', '=', chain).orderBy('seq').execute()

const brokenIn = (res: VerifyResult, chain: string) => res.broken.filter((b) => b.chain === chain)

/** Seals `row` as an attacker can: the published rule, with a key of their own. */
const forge = (row: SealedEvent) => sealEvent(guessed, row)

let anchor: AnchorFile

/** Runs the verify job (as `POST /api/audit/verify` queues it) with `XIANJIE_AUDIT_ANCHOR_DIR` set to `anchors`. */
const anchors = join(dir, 'anchors')
async function runVerifyJob(): Promise<unknown> {
  process.env.XIANJIE_AUDIT_ANCHOR_DIR = anchors
  try {
    return await verifyAuditJob.run(
      {},
      {
        jobId: 'test',
        db: t.deps.db,
        clock: t.clock,
        actor: systemActor,
        progress: async () => {},
        step: (_k, fn) => fn(),
      },
    )
  } finally {
    delete process.env.XIANJIE_AUDIT_ANCHOR_DIR
  }
}

describe('audit tampering by the database owner', () => {
  test('a clean log passes, with and without an anchor of it', async () => {
    for (const county of ['620102', '620103', '620104', '620105', '620111', '620121', '620122']) await events(county, 4)
    const clean = await verifyAudit(t.deps.db)
    const total = await t.deps.db.selectFrom('audit_event').select('id').execute()
    expect(clean).toMatchObject({ ok: true, broken: [], checked: total.length })
    expect(clean.heads.find((h) => h.chain === '620102')).toMatchObject({ seq: 4 })
    const file = join(dir, 'anchor.json')
    writeAnchorFile(file, makeAnchor(clean.heads, t.clock.now()))
    anchor = readAnchorFile(file)
    expect(anchor.chains).toHaveLength(clean.heads.length)
    expect(await verifyAudit(t.deps.db, { anchor })).toMatchObject({ ok: true, broken: [] })
  })

  test('an anchor edited, or sealed with another key, is refused', () => {
    const text = JSON.stringify(anchor)
    const edited = JSON.parse(text) as AnchorFile
    edited.chains[0]!.seq -= 1
    expect(() => parseAnchor(JSON.stringify(edited))).toThrow(/changed, or was sealed with another audit key/)
    const foreign = makeAnchor(anchor.chains, new Date(anchor.createdAt), { bytes: guessed, source: 'test' })
    expect(() => parseAnchor(JSON.stringify(foreign))).toThrow(/another audit key/)
    expect(parseAnchor(text)).toEqual(anchor)
  })

  test('the verify job anchors an intact log in the anchor directory and checks its next run against it', async () => {
    const first = (await runVerifyJob()) as VerifyResult & { anchoredTo: string }
    expect(first).toMatchObject({ ok: true, broken: [] })
    expect(first.anchor).toBeUndefined()
    expect(readdirSync(anchors)).toEqual([basename(first.anchoredTo)])
    t.clock.advance(60_000)
    const second = (await runVerifyJob()) as VerifyResult & { anchoredTo: string }
    expect(second).toMatchObject({ ok: true, anchor: { createdAt: readAnchorFile(first.anchoredTo).createdAt } })
    expect(readdirSync(anchors).sort()).toEqual([basename(first.anchoredTo), basename(second.anchoredTo)].sort())
  })

  test('a log written to while it is verified passes: a chain grows and another is opened during the walk', async () => {
    await events('620128', 3)
    let wrote = false
    const res = await verifyAudit(t.deps.db, {
      async onProgress() {
        if (wrote) return
        wrote = true // after the national chain's first page, before the county chains are read
        await events('620128', 2)
        await events('620131', 2)
      },
    })
    expect(wrote).toBe(true)
    expect(res).toMatchObject({ ok: true, broken: [] })
    expect(res.heads.find((h) => h.chain === '620128')).toMatchObject({ seq: 5 })
  })

  test('a chain recomputed from an altered row on is caught at that row', async () => {
    const rows = await chainRows('620102')
    let prev = rows[0]!.hash
    const rewrites: RawBuilder<unknown>[] = []
    for (const row of rows.slice(1)) {
      const changed = { ...row, seq: Number(row.seq), prev_hash: prev, actor_name: row === rows[1] ? 'x' : 'system' }
      prev = forge(changed)
      rewrites.push(
        sql`update audit_event set actor_name = ${changed.actor_name}, prev_hash = ${changed.prev_hash}, hash = ${prev}
            where id = ${row.id}`,
      )
    }
    await asOwner(...rewrites, sql`update audit_chain set hash = ${prev} where chain = '620102'`)
    const res = await verifyAudit(t.deps.db)
    expect(brokenIn(res, '620102')).toEqual([
      { chain: '620102', seq: 2, id: rows[1]!.id, kind: 'SEAL', reason: 'its content does not match its seal' },
    ])
  })

  test('editing the client address or the county of a row is caught at that row', async () => {
    const [, ip] = await chainRows('620103')
    const [, , county] = await chainRows('620104')
    await asOwner(
      sql`update audit_event set ip = '192.0.2.9' where id = ${ip!.id}`,
      sql`update audit_event set county_code = '620105' where id = ${county!.id}`,
    )
    const res = await verifyAudit(t.deps.db)
    expect(brokenIn(res, '620103')).toEqual([
      { chain: '620103', seq: 2, id: ip!.id, kind: 'SEAL', reason: 'its content does not match its seal' },
    ])
    expect(brokenIn(res, '620104')).toEqual([
      { chain: '620104', seq: 3, id: county!.id, kind: 'SEAL', reason: 'its content does not match its seal' },
    ])
  })

  test('the newest row deleted and the head moved back is caught against the anchor', async () => {
    const rows = await chainRows('620105')
    const [third, fourth] = [rows[2]!, rows[3]!]
    await asOwner(
      sql`delete from audit_event where id = ${fourth.id}`,
      sql`update audit_chain set seq = 3, hash = ${third.hash} where chain = '620105'`,
    )
    // the log alone is consistent again: only an anchor kept elsewhere shows the cut
    expect(brokenIn(await verifyAudit(t.deps.db), '620105')).toEqual([])
    expect(brokenIn(await verifyAudit(t.deps.db, { anchor }), '620105')).toEqual([
      {
        chain: '620105',
        seq: 4,
        id: null,
        kind: 'ANCHOR_CUT',
        reason: `the anchor of ${anchor.createdAt} holds 4 rows, 3 remain: rows were removed at the end`,
      },
    ])
  })

  test('a whole chain deleted with its head is caught by the national register, and against the anchor', async () => {
    await asOwner(
      sql`delete from audit_event where chain = '620111'`,
      sql`delete from audit_chain where chain = '620111'`,
    )
    const bare = await verifyAudit(t.deps.db)
    expect(brokenIn(bare, '620111')).toEqual([
      {
        chain: '620111',
        seq: 1,
        id: null,
        kind: 'CHAIN_DELETED',
        reason: 'the chain was opened but none of its rows remain (deleted)',
      },
    ])
    expect(brokenIn(await verifyAudit(t.deps.db, { anchor }), '620111')).toEqual([
      {
        chain: '620111',
        seq: 1,
        id: null,
        kind: 'ANCHOR_CUT',
        reason: `the anchor of ${anchor.createdAt} holds 4 rows, 0 remain: rows were removed at the end`,
      },
    ])
  })

  test('a chain deleted together with its opening in the national chain is caught against the anchor', async () => {
    // the attacker also cuts the national chain back to before the chain's opening (dropping every later row)
    const national = await chainRows('national')
    const opening = national.find((r) => r.subject_id === '620121')!
    const keep = national.filter((r) => Number(r.seq) < Number(opening.seq))
    const last = keep.at(-1)
    await asOwner(
      sql`delete from audit_event where chain = '620121'`,
      sql`delete from audit_chain where chain = '620121'`,
      sql`delete from audit_event where chain = 'national' and seq >= ${opening.seq}`,
      sql`update audit_chain set seq = ${keep.length}, hash = ${last?.hash ?? GENESIS} where chain = 'national'`,
    )
    // without an anchor the cut national chain is consistent; the chain opened after the cut has lost its record
    expect(brokenIn(await verifyAudit(t.deps.db), '620122')).toEqual([
      expect.objectContaining({ seq: 1, id: null, kind: 'UNREGISTERED' }),
    ])
    const withAnchor = await verifyAudit(t.deps.db, { anchor })
    expect(brokenIn(withAnchor, '620121')).toEqual([
      {
        chain: '620121',
        seq: 1,
        id: null,
        kind: 'ANCHOR_CUT',
        reason: `the anchor of ${anchor.createdAt} holds 4 rows, 0 remain: rows were removed at the end`,
      },
    ])
    expect(brokenIn(withAnchor, 'national')).toEqual([
      expect.objectContaining({ chain: 'national', seq: Number(opening.seq), id: null, kind: 'ANCHOR_CUT' }),
    ])
  })

  test('rows inserted into a chain that has no head are caught at the first of them', async () => {
    const template = (await chainRows('620122'))[0]!
    const forged: SealedEvent[] = [1, 2].map((seq) => ({
      ...template,
      id: `00000000-0000-4000-8000-00000000000${seq}`,
      chain: '620123',
      seq,
      region_code: '620123100202',
      county_code: '620123',
      prev_hash: GENESIS,
    }))
    const h1 = forge(forged[0]!)
    forged[1]!.prev_hash = h1
    const h2 = forge(forged[1]!)
    const insert = (e: SealedEvent, hash: string) =>
      sql`insert into audit_event (id, chain, seq, at, actor_id, actor_name, action, subject_type, subject_id,
            region_code, county_code, before, after, request_id, ip, prev_hash, hash)
          values (${e.id}, ${e.chain}, ${e.seq}, ${e.at}, ${e.actor_id}, ${e.actor_name}, ${e.action},
            ${e.subject_type}, ${e.subject_id}, ${e.region_code}, ${e.county_code}, ${JSON.stringify(e.before)},
            ${JSON.stringify(e.after)}, ${e.request_id}, ${e.ip}, ${e.prev_hash}, ${hash})`
    await asOwner(insert(forged[0]!, h1), insert(forged[1]!, h2))
    expect(brokenIn(await verifyAudit(t.deps.db), '620123')).toEqual([
      { chain: '620123', seq: 1, id: forged[0]!.id, kind: 'SEAL', reason: 'its content does not match its seal' },
    ])
  })

  test('a head pointing past the rows, and a gap inside a chain, are each named', async () => {
    await events('620124', 3)
    await events('620125', 4)
    const gap = (await chainRows('620125'))[1]!
    await asOwner(
      sql`update audit_chain set seq = 5 where chain = '620124'`,
      sql`delete from audit_event where id = ${gap.id}`,
    )
    const res = await verifyAudit(t.deps.db)
    expect(brokenIn(res, '620124')).toEqual([
      {
        chain: '620124',
        seq: 4,
        id: null,
        kind: 'HEAD_PAST_END',
        reason: 'the chain head says 5 rows but 3 were found (rows removed at the end)',
      },
    ])
    expect(brokenIn(res, '620125')).toEqual([
      { chain: '620125', seq: 2, id: null, kind: 'ROW_MISSING', reason: 'row 2 is missing (next: 3)' },
    ])
  })

  test('a head deleted, or moved back over rows that remain, is named', async () => {
    await events('620126', 3)
    await events('620127', 3)
    const [, second, third] = await chainRows('620127')
    await asOwner(
      sql`delete from audit_chain where chain = '620126'`,
      sql`update audit_chain set seq = 2, hash = ${second!.hash} where chain = '620127'`,
    )
    const res = await verifyAudit(t.deps.db)
    expect(brokenIn(res, '620126')).toEqual([
      expect.objectContaining({ seq: 3, id: (await chainRows('620126'))[2]!.id, kind: 'NO_HEAD' }),
    ])
    expect(brokenIn(res, '620127')).toEqual([expect.objectContaining({ seq: 3, id: third!.id, kind: 'BEYOND_HEAD' })])
  })

  test('the verify job reports what the tampering did, against the newest anchor, and anchors nothing', async () => {
    const before = readdirSync(anchors).sort()
    t.clock.advance(60_000)
    const res = (await runVerifyJob()) as VerifyResult & { anchoredTo?: string }
    expect(res.ok).toBe(false)
    expect(res.anchoredTo).toBeUndefined()
    expect(readdirSync(anchors).sort()).toEqual(before)
    expect(res.broken.map((b) => `${b.chain}:${b.kind}`)).toEqual(
      expect.arrayContaining(['620102:SEAL', '620105:ANCHOR_CUT', '620111:ANCHOR_CUT', '620123:SEAL']),
    )
  })

  test('the anchor file on disk is what verify reads', () => {
    const file = join(dir, 'anchor.json')
    const stored = JSON.parse(readFileSync(file, 'utf8')) as AnchorFile
    expect(stored).toEqual(anchor)
    writeFileSync(file, JSON.stringify({ ...stored, createdAt: '2020-01-01T00:00:00.000Z' }))
    expect(() => readAnchorFile(file)).toThrow(/changed/)
  })
})
