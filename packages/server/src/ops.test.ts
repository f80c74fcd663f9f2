/**
 * Operations against a real server process on an embedded data dir (issue 17 findings 3, 4 and 5): the CLI works
 * through the running server's database instead of opening the folder a second time, a backup taken while
 * transactions are open restores to a consistent state, a restore is refused while the server runs and leaves the
 * data dir as it was when the backup is broken, and SIGTERM stops the server within seconds while a query runs.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ServerProcess, tempDeployment } from '../test/server-process.ts'
import { openDatabase } from './platform/db.ts'

const d = tempDeployment()
const restored = `${d.dir}-restored`
const backup = `${d.dir}-backup.tar.gz`
afterAll(() => d.cleanup())

const login = (s: ServerProcess, username: string, password: string) =>
  fetch(`${s.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })

describe.runIf(!process.env.DATABASE_URL)('operations while the server runs on the embedded database', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await d.start({ XIANJIE_DEMO_PERSONS: '0' })
    await server.waitFor(/listening on/, 170_000)
  }, 180_000)

  test('xianjie user add goes through the running server: the user signs in at once', async () => {
    const res = d.cli(
      ['user', 'add', '--username', 'lisi', '--password', 'Str0ng-pass!', '--role', 'COUNTY_RR_ADMIN'],
      {},
    )
    expect(res.code).toBe(2) // --region missing: refused before anything is written
    const add = d.cli([
      'user',
      'add',
      '--username',
      'lisi',
      '--password',
      'Str0ng-pass!',
      '--role',
      'COUNTY_RR_ADMIN',
      '--region',
      '622926',
    ])
    expect(add.code, add.err).toBe(0)
    expect((await login(server, 'lisi', 'Str0ng-pass!')).status).toBe(200)
  }, 120_000)

  test('a backup taken while transactions are open is consistent, checked, and restores', async () => {
    await d.query('create table ops_probe (n int not null)')
    // every transaction inserts two rows with a pause between them: a consistent snapshot holds an even number
    const client = await d.client()
    let writing = true
    const writes = (async () => {
      for (let i = 0; writing; i++) {
        await client.query('begin')
        await client.query(`insert into ops_probe values (${i})`)
        await new Promise((r) => setTimeout(r, 20))
        await client.query(`insert into ops_probe values (${i})`)
        await client.query('commit')
      }
    })()
    try {
      await new Promise((r) => setTimeout(r, 300))
      const res = await d.cliAsync(['backup', '--out', backup])
      expect(res.code, res.err).toBe(0)
      expect(res.out).toMatch(/through the running server \(pid \d+\)/)
    } finally {
      writing = false
      await writes
      await client.end()
    }
    // restore refuses while the server holds the folder, and touches nothing
    const refused = d.cli(['restore', '--in', backup, '--force'])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('DATA_DIR_LOCKED')
    expect(refused.err).toMatch(/stop that server/i)

    // restored elsewhere, the log verifies with the deployment's audit key, which the operator keeps apart from
    // backups (ADR 0005)
    const into = { XIANJIE_DATA_DIR: restored, XIANJIE_AUDIT_KEY_FILE: join(d.dir, 'audit.key') }
    const ok = d.cli(['restore', '--in', backup], into)
    expect(ok.code, ok.err).toBe(0)
    const copy = await openDatabase({ dataDir: join(restored, 'pglite') })
    try {
      const { rows } = await copy.pool.query<{ n: number }>('select count(*)::int as n from ops_probe')
      expect(rows[0]!.n).toBeGreaterThan(0)
      expect(rows[0]!.n % 2).toBe(0)
    } finally {
      await copy.close()
    }
    const verify = d.cli(['audit', 'verify'], into)
    expect(verify.code, verify.err).toBe(0)

    // a broken backup is refused with the data dir left as it was
    const broken = join(restored, 'broken.tar.gz')
    writeFileSync(broken, Buffer.from('not a backup'))
    const bad = d.cli(['restore', '--in', broken, '--force'], into)
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('BACKUP_INVALID')
    expect(d.cli(['user', 'list'], into).out).toMatch(/^lisi\tactive/m)
  }, 300_000)

  test('SIGTERM stops the server within seconds while a long query runs, and the data is there after restart', async () => {
    const client = await d.client()
    void client.query('select pg_sleep(120)').catch(() => {})
    await new Promise((r) => setTimeout(r, 300))
    // a request that needs the database waits behind the query
    void login(server, 'farmer', 'wrong').catch(() => {})
    await new Promise((r) => setTimeout(r, 300))
    const t0 = Date.now()
    server.child.kill('SIGTERM')
    await Promise.race([server.exited, new Promise((r) => setTimeout(r, 10_000))])
    const took = Date.now() - t0
    expect(server.child.exitCode ?? server.child.signalCode, server.output()).not.toBeNull()
    expect(took).toBeLessThan(5_000)

    server = await d.start({ XIANJIE_DEMO_PERSONS: '0' })
    await server.waitFor(/listening on/, 170_000)
    expect((await login(server, 'lisi', 'Str0ng-pass!')).status).toBe(200)
    server.child.kill('SIGTERM')
    await server.exited
  }, 240_000)
})
