import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'xianjie-screen-cli-'))
const cli = new URL('../../cli.ts', import.meta.url).pathname

function xianjie(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    env: { ...process.env, DATABASE_URL: '', XIANJIE_DATA_DIR: join(dir, 'data'), XIANJIE_DEMO_PERSONS: '0' },
    encoding: 'utf8',
    timeout: 180_000,
  })
  return { code: res.status, out: res.stdout, err: res.stderr }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.runIf(!process.env.DATABASE_URL)('xianjie screen', () => {
  test('prints a JSON summary of a county screening; a bad county code is refused', () => {
    expect(xianjie('seed', '--county', '622926').code).toBe(0)
    expect(xianjie('seed', '--county', '622926', '--persons', '300', '--seed', 'cli').code).toBe(0)
    const res = xianjie('screen', '--county', '622926', '--date', '2026-11-28', '--batches', '16')
    expect(res.code, res.err).toBe(0)
    const summary = JSON.parse(res.out)
    expect(summary).toMatchObject({ county: '622926', asOf: '2026-11-28', persons: 300, batches: 16, batchesRun: 16 })
    expect(typeof summary.seconds).toBe('number')
    expect(summary.warningsByRule).toBeTypeOf('object')
    const again = JSON.parse(xianjie('screen', '--county', '622926', '--date', '2026-11-28').out)
    expect(again.hits).toBe(0)
    expect(again.warningsCreated).toBe(0)
    expect(xianjie('screen', '--county', '6229').code).toBe(2)
  }, 300_000)
})
