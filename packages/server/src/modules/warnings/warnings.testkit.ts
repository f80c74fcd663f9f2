/** Test helpers shared by the feeds and warnings tests: households with valid ID numbers, pushes, warnings. */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import { expect } from 'vitest'
import { R, type Session, type TestContext } from '../../../test/harness.ts'

let seq = 300
export function makeId(birth = '19700315', county = '622926'): string {
  seq += 1
  const first17 = `${county}${birth}${String(seq % 1000).padStart(3, '0')}`
  return first17 + computeCheckChar(first17)
}

export interface Made {
  id: string
  headId: string
  memberIds: string[]
}

/** A household in `region` (village) of the given type; groups/monitoring set directly in the registry. */
export async function makeHousehold(
  t: TestContext,
  cadre: Session,
  opts: { type?: 'GENERAL' | 'TUOPIN'; groups?: string[]; monitoring?: string; region?: string } = {},
): Promise<Made> {
  if (seq > 900) seq = 300 + (seq % 7)
  const headId = makeId('19700315')
  const kid = makeId('20120909')
  const res = await t.call('POST', '/api/households', {
    as: cadre,
    json: {
      regionCode: opts.region ?? R.village,
      householdType: opts.type ?? 'GENERAL',
      members: [
        { name: '马哈麦', idNumber: headId, relationToHead: 'HEAD', labourSkill: 'ORDINARY' },
        { name: '马小军', idNumber: kid, relationToHead: 'SON', schoolStatus: 'PRIMARY' },
      ],
    },
  })
  if (res.statusCode !== 200) throw new Error(res.body)
  const id = res.json().data.id as string
  if (opts.groups || opts.monitoring)
    await t.deps.db
      .updateTable('household')
      .set({
        ...(opts.groups ? { low_income_groups: opts.groups } : {}),
        ...(opts.monitoring ? { monitoring_status: opts.monitoring } : {}),
      })
      .where('id', '=', id)
      .execute()
  return { id, headId, memberIds: [headId, kid] }
}

export async function push(t: TestContext, as: Session, source: string, records: unknown[]) {
  const res = await t.call('POST', `/api/feeds/${source}/records`, { as, json: { records } })
  await t.deps.jobs.idle()
  return res
}

export async function rulesOf(t: TestContext, householdId: string): Promise<string[]> {
  const rows = await t.deps.db
    .selectFrom('warning_hit')
    .select('rule_code')
    .where('household_id', '=', householdId)
    .execute()
  return rows.map((r) => r.rule_code).sort()
}

export function expectOk(res: { statusCode: number; body: string }) {
  expect(res.statusCode, res.body).toBe(200)
}

/** The push was accepted whole: every one of its `rows` rows matched a household, none skipped or refused. */
export function expectAccepted(res: { statusCode: number; body: string; json(): { data: unknown } }, rows: number) {
  expectOk(res)
  expect(res.json().data, res.body).toMatchObject({
    status: 'accepted',
    totalRows: rows,
    matchedRows: rows,
    unmatchedRows: 0,
    skippedRows: 0,
    errorRows: 0,
  })
}
