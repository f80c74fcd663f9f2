import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { openDatabase } from '../../platform/db.ts'

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

/** What the CLI's runs left in the embedded database: households, warnings and hits of the county on `asOf`. */
async function storedScreening(county: string, asOf: string) {
  const { db, close } = await openDatabase({ dataDir: join(dir, 'data', 'pglite') })
  try {
    const count = sql<number>`count(*)::int`
    const households = await db
      .selectFrom('household')
      .select(count.as('n'))
      .where('county_code', '=', county)
      .executeTakeFirstOrThrow()
    const warnings = await db
      .selectFrom('warning')
      .select(count.as('n'))
      .where('county_code', '=', county)
      .executeTakeFirstOrThrow()
    const hits = db.selectFrom('warning_hit').where('county_code', '=', county).where('screened_on', '=', asOf)
    const flagged = await hits.select(sql<number>`count(distinct household_id)::int`.as('n')).executeTakeFirstOrThrow()
    const byRule = await hits
      .select(['rule_code', count.as('n')])
      .groupBy('rule_code')
      .execute()
    return {
      households: households.n,
      warnings: warnings.n,
      flaggedHouseholds: flagged.n,
      hits: byRule.reduce((s, r) => s + r.n, 0),
      byRule: Object.fromEntries(byRule.map((r) => [r.rule_code, r.n])),
    }
  } finally {
    await close()
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.runIf(!process.env.DATABASE_URL)('xianjie screen', () => {
  test('prints a JSON summary of a county screening; a bad county code is refused', async () => {
    expect(xianjie('seed', '--county', '622926').code).toBe(0)
    expect(xianjie('seed', '--county', '622926', '--persons', '300', '--seed', 'cli').code).toBe(0)
    const res = xianjie('screen', '--county', '622926', '--date', '2026-11-28', '--batches', '16')
    expect(res.code, res.err).toBe(0)
    const summary = JSON.parse(res.out)
    expect(summary).toMatchObject({ county: '622926', asOf: '2026-11-28', persons: 300, batches: 16, batchesRun: 16 })
    // every figure of the summary is what the run left in the database
    const stored = await storedScreening('622926', '2026-11-28')
    expect(stored.hits).toBeGreaterThan(0) // the seeded income histories include drops
    expect(summary).toMatchObject({
      households: stored.households,
      flaggedHouseholds: stored.flaggedHouseholds,
      warningsCreated: stored.warnings,
      warningsMerged: 0,
      hits: stored.hits,
    })
    expect(summary.warningsByRule).toEqual(stored.byRule)
    const { readSeconds, evaluateSeconds, writeSeconds } = summary.phases
    expect(summary.seconds).toBeGreaterThanOrEqual(readSeconds + evaluateSeconds + writeSeconds)
    // a second run on the same day finds every hit already stored: nothing new, the same totals per rule
    const again = JSON.parse(xianjie('screen', '--county', '622926', '--date', '2026-11-28').out)
    expect(again).toMatchObject({ hits: 0, warningsCreated: 0, warningsMerged: 0, households: stored.households })
    expect(again.warningsByRule).toEqual(stored.byRule)
    expect(await storedScreening('622926', '2026-11-28')).toEqual(stored)
    expect(xianjie('screen', '--county', '6229').code).toBe(2)
  }, 400_000)
})
