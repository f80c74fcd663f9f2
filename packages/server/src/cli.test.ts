import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'xianjie-cli-'))
const cli = new URL('./cli.ts', import.meta.url).pathname

function xianjie(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    env: { ...process.env, DATABASE_URL: '', XIANJIE_DATA_DIR: join(dir, 'data'), XIANJIE_DEMO_PERSONS: '0' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: res.status, out: res.stdout, err: res.stderr }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.runIf(!process.env.DATABASE_URL)('command line on the embedded database', () => {
  test('seed, user add/disable, backup and restore bring the earlier state back', () => {
    expect(xianjie('seed', '--county', '622926').code).toBe(0)
    const bad = xianjie(
      'user',
      'add',
      '--username',
      'lisi',
      '--password',
      'short',
      '--role',
      'COUNTY_RR_ADMIN',
      '--region',
      '622926',
    )
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('PASSWORD_POLICY')
    expect(
      xianjie(
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
      ).code,
    ).toBe(0)
    const backup = join(dir, 'backup.tar.gz')
    expect(xianjie('backup', '--out', backup).code).toBe(0)
    expect(xianjie('user', 'disable', '--username', 'lisi').out).toContain('lisi: disabled')
    expect(xianjie('restore', '--in', backup).code).toBe(2) // refuses to overwrite without --force
    expect(xianjie('restore', '--in', backup, '--force').code).toBe(0)
    const list = xianjie('user', 'list').out
    expect(list).toMatch(/^lisi\tactive\t622926000000/m)
    const verify = xianjie('audit', 'verify')
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true })
  }, 480_000) // eight CLI processes; backup and restore each open a checked copy of the database
})
