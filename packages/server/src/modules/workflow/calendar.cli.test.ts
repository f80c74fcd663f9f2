/** `xianjie calendar years | load`: an operator loads a year's holiday notice from a file (issue 17, finding 12). */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'xianjie-calendar-cli-'))
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

describe.runIf(!process.env.DATABASE_URL)('xianjie calendar', () => {
  test('loads a year from a notice file, lists it, and refuses a file with a day outside the year', () => {
    const file = join(dir, '2027.json')
    writeFileSync(
      file,
      JSON.stringify({
        notice: '国务院办公厅关于2027年部分节假日安排的通知',
        holidays: [{ date: '2027-01-01', name: '元旦' }],
        workdays: [{ date: '2027-02-14', name: '春节调休' }],
      }),
    )
    const loaded = xianjie('calendar', 'load', '--year', '2027', '--file', file)
    expect(loaded.code, loaded.err).toBe(0)
    expect(JSON.parse(loaded.out)).toEqual({ year: 2027, holidays: 1, workdays: 1, keptManual: 0 })
    const years = JSON.parse(xianjie('calendar', 'years').out) as Array<{ year: number; source: string }>
    expect(years.find((y) => y.year === 2027)?.source).toBe('notice')
    expect(years.some((y) => y.year === 2026)).toBe(true)

    const bad = join(dir, 'bad.json')
    writeFileSync(
      bad,
      JSON.stringify({ notice: '通知全文', holidays: [{ date: '2026-10-01', name: '国庆节' }], workdays: [] }),
    )
    const refused = xianjie('calendar', 'load', '--year', '2027', '--file', bad)
    expect(refused.code).not.toBe(0)
    expect(refused.err).toMatch(/2026-10-01/)
  }, 240_000)
})
