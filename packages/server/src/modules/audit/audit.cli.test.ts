/**
 * `xianjie audit anchor` and `xianjie audit verify --anchor` end to end on an embedded data directory: the key file is
 * made outside the database, an anchor shows a cut the log alone hides, a broken log is not anchored, and the wrong key fails every seal.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { openDatabase } from '../../platform/db.ts'

const dir = mkdtempSync(join(tmpdir(), 'xianjie-audit-cli-'))
const cli = new URL('../../cli.ts', import.meta.url).pathname
const data = join(dir, 'data')

function xianjie(env: Record<string, string>, ...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      XIANJIE_AUDIT_KEY: '',
      XIANJIE_AUDIT_KEY_FILE: '',
      XIANJIE_AUDIT_ANCHOR_DIR: '',
      XIANJIE_DATA_DIR: data,
      XIANJIE_DEMO_PERSONS: '0',
      ...env,
    },
    encoding: 'utf8',
    timeout: 180_000,
  })
  return { code: res.status, out: res.stdout, err: res.stderr }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.runIf(!process.env.DATABASE_URL)('xianjie audit', () => {
  test('anchor, verify against it, a cut the anchor shows, and the wrong key', async () => {
    expect(xianjie({}, 'seed', '--county', '622926').code).toBe(0)
    const key = join(data, 'audit.key')
    expect(statSync(key).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(data, 'pglite'))).not.toContain('audit.key')

    const anchors = join(dir, 'anchors')
    const made = xianjie({ XIANJIE_AUDIT_ANCHOR_DIR: anchors }, 'audit', 'anchor')
    expect(made.code, made.err).toBe(0)
    const [file] = readdirSync(anchors)
    expect(file).toMatch(/^audit-anchor-.+\.json$/)
    expect(JSON.parse(made.out)).toMatchObject({ out: join(anchors, file!) })
    const clean = xianjie({ XIANJIE_AUDIT_ANCHOR_DIR: anchors }, 'audit', 'verify')
    expect(clean.code, clean.err).toBe(0)
    expect(JSON.parse(clean.out)).toMatchObject({ ok: true, broken: [], anchorFile: join(anchors, file!) })

    // the owner deletes the county chain's newest row and moves its head back
    const h = await openDatabase({ dataDir: join(data, 'pglite') })
    const rows = await h.db.selectFrom('audit_event').selectAll().where('chain', '=', '622926').orderBy('seq').execute()
    const [prev, last] = rows.slice(-2)
    await sql`alter table audit_event disable trigger audit_event_no_update`.execute(h.db)
    await sql`delete from audit_event where id = ${last!.id}`.execute(h.db)
    await sql`update audit_chain set seq = ${prev!.seq}, hash = ${prev!.hash} where chain = '622926'`.execute(h.db)
    await sql`alter table audit_event enable trigger audit_event_no_update`.execute(h.db)
    await h.close()

    expect(xianjie({}, 'audit', 'verify').code).toBe(0)
    const cut = xianjie({}, 'audit', 'verify', '--anchor', join(anchors, file!))
    expect(cut.code).toBe(1)
    expect(cut.err).toContain(`audit chain 622926 is broken at row ${last!.seq} (row missing)`)
    const refused = xianjie(
      {},
      'audit',
      'anchor',
      '--out',
      join(dir, 'after-cut.json'),
      '--anchor',
      join(anchors, file!),
    )
    expect(refused.code).toBe(1)
    expect(existsSync(join(dir, 'after-cut.json'))).toBe(false)

    const other = { XIANJIE_AUDIT_KEY: 'not-the-key-of-this-log-but-long-enough' }
    const wrongKey = xianjie(other, 'audit', 'verify')
    expect(wrongKey.code).toBe(1)
    expect(JSON.parse(wrongKey.out).broken[0]).toMatchObject({ seq: 1, reason: 'its content does not match its seal' })
  }, 600_000)
})
