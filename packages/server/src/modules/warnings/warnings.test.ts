import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import type { JobIo } from '../../platform/jobs.ts'
import { systemActor } from '../auth/actor.ts'
import { screenCounty } from './warnings.screen.ts'
import { onWarningConverted } from './warnings.service.ts'
import { expectAccepted, expectOk, makeHousehold, push, rulesOf } from './warnings.testkit.ts'

const t = useTestPlatform()
let cadre: Session
let provider: Session
const D = '2026-11-01'

beforeAll(async () => {
  cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
  provider = await t.login(await t.user({ role: 'DEPT_DATA_PROVIDER', region: R.county }))
})

describe('early-warning rules through feeds and incremental screening (at the threshold and one fen past)', () => {
  test('medical out-of-pocket rules', async () => {
    const low = await makeHousehold(t, cadre, { groups: ['DIBAO'] })
    const lowPast = await makeHousehold(t, cadre, { groups: ['DIBAO'] })
    const gen = await makeHousehold(t, cadre)
    const genPast = await makeHousehold(t, cadre)
    const tp = await makeHousehold(t, cadre, { type: 'TUOPIN' })
    const tpPast = await makeHousehold(t, cadre, { type: 'TUOPIN' })
    const res = await push(t, provider, 'MEDICAL', [
      { idNumber: low.headId, dataDate: D, selfPaid: '10000.00' },
      { idNumber: lowPast.headId, dataDate: D, selfPaid: '10000.01' },
      { idNumber: gen.headId, dataDate: D, selfPaid: '20000.00' },
      { idNumber: genPast.headId, dataDate: D, selfPaid: '20000.01' },
      { idNumber: tp.headId, dataDate: D, selfPaid: '6000.00' },
      { idNumber: tp.headId, dataDate: '2026-10-01', selfPaid: '5559.50' },
      { idNumber: tpPast.headId, dataDate: D, selfPaid: '11559.51' },
    ])
    expectAccepted(res, 7)
    expect(await rulesOf(t, low.id)).toEqual([])
    expect(await rulesOf(t, lowPast.id)).toEqual(['MED_HIGH_OOP_LOWINC'])
    expect(await rulesOf(t, gen.id)).toEqual([])
    expect(await rulesOf(t, genPast.id)).toEqual(['MED_OOP_ABS_ALL'])
    // 50% of the previous-year rural income (23,119 → 11,559.50), summed over the 12-month window
    expect(await rulesOf(t, tp.id)).toEqual([])
    expect(await rulesOf(t, tpPast.id)).toEqual(['MED_OOP_RATIO_TUOPIN'])

    const general = await makeHousehold(t, cadre)
    const generalPast = await makeHousehold(t, cadre)
    const hi = await makeHousehold(t, cadre)
    const hiPast = await makeHousehold(t, cadre)
    const res2 = await push(t, provider, 'MEDICAL', [
      { idNumber: general.headId, dataDate: D, selfPaid: '23119.00' },
      { idNumber: generalPast.headId, dataDate: D, selfPaid: '23119.01' },
      { idNumber: hi.headId, dataDate: D, selfPaid: '26000.00' },
      { idNumber: hiPast.headId, dataDate: D, selfPaid: '26000.01' },
    ])
    expectAccepted(res2, 4)
    expect(await rulesOf(t, general.id)).toEqual(['MED_OOP_ABS_ALL'])
    expect(await rulesOf(t, generalPast.id)).toEqual(['MED_OOP_ABS_ALL', 'MED_OOP_RATIO_GENERAL'])
    expect(await rulesOf(t, hi.id)).toEqual(['MED_OOP_ABS_ALL', 'MED_OOP_RATIO_GENERAL'])
    expect(await rulesOf(t, hiPast.id)).toEqual(['MED_HIGH_OOP_GENERAL', 'MED_OOP_ABS_ALL', 'MED_OOP_RATIO_GENERAL'])
  })

  test('settlements older than the 12-month look-back do not count', async () => {
    const h = await makeHousehold(t, cadre, { groups: ['DIBAO'] })
    const res = await push(t, provider, 'MEDICAL', [
      { idNumber: h.headId, dataDate: '2025-11-28', selfPaid: '9000' },
      { idNumber: h.headId, dataDate: '2025-11-29', selfPaid: '1000.01' },
    ])
    // both settlements were stored, so the empty result is the look-back at work, not a refused upload
    expectAccepted(res, 2)
    expect(await rulesOf(t, h.id)).toEqual([])
  })

  test('event rules of the other departments', async () => {
    const tp = await makeHousehold(t, cadre, { type: 'TUOPIN' })
    const gen = await makeHousehold(t, cadre)
    const water36 = await makeHousehold(t, cadre)
    const water37 = await makeHousehold(t, cadre)
    const lvl3 = await makeHousehold(t, cadre)
    const lvl2 = await makeHousehold(t, cadre)
    const low = await makeHousehold(t, cadre, { groups: ['TEKUN'] })
    const ok = (r: { statusCode: number; body: string; json(): { data: { status: string } } }) => {
      expectOk(r)
      expect(r.json().data.status, r.body).toBe('accepted')
    }
    ok(
      await push(t, provider, 'EDUCATION', [
        { idNumber: tp.memberIds[1], dataDate: D, event: 'DROPOUT' },
        { idNumber: gen.memberIds[1], dataDate: D, event: '疑似辍学' },
        { idNumber: low.memberIds[1], dataDate: D, event: 'ENROLLED_NONCOMPULSORY' },
      ]),
    )
    ok(
      await push(t, provider, 'WATER', [
        { idNumber: water36.headId, dataDate: D, event: 'OUTAGE', outageDays: 36 },
        { idNumber: water37.headId, dataDate: D, event: 'OUTAGE', outageDays: 37 },
      ]),
    )
    ok(
      await push(t, provider, 'DISABILITY', [
        { idNumber: lvl3.headId, dataDate: D, event: 'LEVEL_CHANGE', category: 4, level: 3 },
        { idNumber: lvl2.headId, dataDate: D, event: 'LEVEL_CHANGE', category: 4, level: 2 },
      ]),
    )
    ok(
      await push(t, provider, 'HRSS', [
        { idNumber: tp.headId, dataDate: D, event: 'RETURNED_UNEMPLOYED' },
        { idNumber: gen.headId, dataDate: D, event: 'RETURNED_UNEMPLOYED' },
      ]),
    )
    ok(
      await push(t, provider, 'HOUSING', [
        { idNumber: gen.headId, dataDate: D, grade: 'B' },
        { idNumber: water36.headId, dataDate: D, grade: 'C' },
      ]),
    )
    ok(await push(t, provider, 'CIVIL_AFFAIRS', [{ idNumber: lvl3.headId, dataDate: D, event: 'DIBAO_NEW' }]))
    ok(
      await push(t, provider, 'EMERGENCY', [{ idNumber: lvl3.headId, dataDate: D, disaster: '洪涝', houseLoss: 5000 }]),
    )
    ok(
      await push(t, provider, 'POLICE', [
        { idNumber: lvl2.headId, dataDate: D, event: 'TRAFFIC_ACCIDENT', injury: 'INJURED' },
        { idNumber: low.headId, dataDate: D, event: 'BIRTH' },
      ]),
    )
    ok(
      await push(t, provider, 'AGRICULTURE', [
        { idNumber: water37.headId, dataDate: D, event: 'EPIDEMIC_LOSS', loss: 800 },
      ]),
    )
    // A registration by a low-income person asks for a review; the same by a general household does not.
    ok(
      await push(t, provider, 'ASSETS', [
        { idNumber: low.headId, dataDate: D, assetType: '机动车', value: '68000' },
        { idNumber: gen.headId, dataDate: D, assetType: 'BUSINESS' },
      ]),
    )
    expect(await rulesOf(t, tp.id)).toEqual(['EDU_DROPOUT', 'HRSS_UNEMPLOYED'])
    expect(await rulesOf(t, gen.id)).toEqual([])
    expect(await rulesOf(t, water36.id)).toEqual(['HOUSING_DANGER'])
    expect(await rulesOf(t, water37.id)).toEqual(['AGRI_INDUSTRY_LOSS', 'WATER_ISSUE'])
    expect(await rulesOf(t, lvl3.id)).toEqual(['CA_NEW_DIBAO_TEKUN', 'DISASTER_LOSS'])
    expect(await rulesOf(t, lvl2.id)).toEqual(['DISABILITY_NEW', 'POLICE_ACCIDENT'])
    expect(await rulesOf(t, low.id)).toEqual(['ASSET_MISMATCH', 'EDU_HIGH_COST', 'POLICE_HUKOU'])
  })

  test('INCOME_DROP from the registry’s income assessments', async () => {
    const drop = await makeHousehold(t, cadre, { monitoring: 'ACTIVE' })
    const nodrop = await makeHousehold(t, cadre, { monitoring: 'ACTIVE' })
    const assess = async (h: string, end: string, pcn: number) =>
      t.deps.db
        .insertInto('income_assessment')
        .values({
          id: crypto.randomUUID(),
          household_id: h,
          county_code: '622926',
          region_code: R.village,
          assessment_type: 'ANNUAL',
          period_start: `${end.slice(0, 4)}-01-01`,
          period_end: end,
          items: '{}',
          wage: 0,
          business: 0,
          property: 0,
          transfer: 0,
          business_costs: 0,
          claim_income: 0,
          compliant_self_paid: 0,
          net_income: pcn * 2,
          household_size: 2,
          per_capita_net: pcn,
          reference_income: pcn * 2,
          per_capita_reference: pcn,
          created_at: new Date(),
          created_by: null,
        })
        .execute()
    await assess(drop.id, '2025-10-31', 2_000_000)
    await assess(drop.id, '2026-10-31', 1_000_000)
    await assess(nodrop.id, '2025-10-31', 2_000_000)
    await assess(nodrop.id, '2026-10-31', 1_000_001)
    const io = directIo()
    await screenCounty(io, { county: '622926', asOf: '2026-11-28', batches: 1 })
    expect(await rulesOf(t, drop.id)).toEqual(['INCOME_DROP'])
    expect(await rulesOf(t, nodrop.id)).toEqual([])
  })
})

function directIo(opts: { done?: Set<string>; killAfter?: number } = {}): JobIo & { ran: string[] } {
  const done = opts.done ?? new Set<string>()
  const ran: string[] = []
  return {
    jobId: crypto.randomUUID(),
    db: t.deps.db,
    clock: t.deps.clock,
    actor: systemActor,
    ran,
    progress: async () => {},
    async step(key, fn) {
      if (done.has(key)) return undefined
      const out = await fn()
      ran.push(key)
      // a kill after the batch committed but before its checkpoint was written: the worst moment
      if (opts.killAfter !== undefined && ran.length >= opts.killAfter) throw new Error('killed')
      done.add(key)
      return out
    },
  }
}

describe('warnings: merge, route, close, scope, resume', () => {
  test('hits for one household within the dedup window merge into one warning; re-screening adds nothing', async () => {
    const h = await makeHousehold(t, cadre, { groups: ['DIBAO'] })
    await push(t, provider, 'MEDICAL', [{ idNumber: h.headId, dataDate: D, selfPaid: '12000' }])
    await push(t, provider, 'HOUSING', [{ idNumber: h.headId, dataDate: D, grade: 'D' }])
    const ws = await t.deps.db.selectFrom('warning').selectAll().where('household_id', '=', h.id).execute()
    expect(ws).toHaveLength(1)
    expect(ws[0]!.rules.sort()).toEqual(['HOUSING_DANGER', 'MED_HIGH_OOP_LOWINC'])
    expect(ws[0]!.deadline).toBe('2026-12-05')
    expect(ws[0]!.region_code).toBe(R.village)
    await screenCounty(directIo(), { county: '622926', asOf: '2026-11-28', batches: 16 })
    expect(await t.deps.db.selectFrom('warning').select('id').where('household_id', '=', h.id).execute()).toHaveLength(
      1,
    )
    expect(await rulesOf(t, h.id)).toEqual(['HOUSING_DANGER', 'MED_HIGH_OOP_LOWINC'])
  })

  test('the village cadre lists and closes warnings of the own village only; outcome with evidence is audited', async () => {
    const h = await makeHousehold(t, cadre, { groups: ['DIBAO'] })
    await push(t, provider, 'MEDICAL', [{ idNumber: h.headId, dataDate: D, selfPaid: '30000' }])
    const list = await t.call('GET', '/api/warnings?status=OPEN&rule=MED_HIGH_OOP_LOWINC&pageSize=200', { as: cadre })
    expectOk(list)
    const mine = list.json().data.find((w: { householdId: string }) => w.householdId === h.id)
    expect(mine).toMatchObject({ daysLeft: 7, severity: 'HIGH', status: 'OPEN' })

    const detail = await t.call('GET', `/api/warnings/${mine.id}`, { as: cadre })
    expectOk(detail)
    const hit = detail.json().data.hits.find((x: { rule: string }) => x.rule === 'MED_HIGH_OOP_LOWINC')
    expect(hit).toMatchObject({ value: 3_000_000, threshold: 1_000_000, personName: '马哈麦' })
    expect(hit.idNumber).toMatch(/^622\*+/)
    expect(hit.evidence.records[0]).toMatchObject({ source: 'MEDICAL', dataDate: D })
    expect(hit.evidence.parameters[0].legal[0].id).toBe('S40')

    const other = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage }))
    const none = await t.call('GET', '/api/warnings?pageSize=200', { as: other })
    expect(none.json().data.some((w: { householdId: string }) => w.householdId === h.id)).toBe(false)
    expect((await t.call('GET', `/api/warnings/${mine.id}`, { as: other })).statusCode).toBe(404)
    const town = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    expectOk(await t.call('GET', `/api/warnings/${mine.id}`, { as: town }))
    expect((await t.call('GET', '/api/warnings', { as: provider })).statusCode).toBe(403)

    const converted: string[] = []
    const off = onWarningConverted(async ({ warning }) => {
      converted.push(warning.id)
    })
    const stale = await t.call('POST', `/api/warnings/${mine.id}/close`, {
      as: cadre,
      json: { outcome: 'CONVERTED', note: '入户核实，住院费用高', version: mine.version + 5 },
    })
    expect(stale.statusCode).toBe(409)
    const closed = await t.call('POST', `/api/warnings/${mine.id}/close`, {
      as: cadre,
      json: {
        outcome: 'CONVERTED',
        note: '入户核实，住院费用高，启动识别',
        evidence: { visitedOn: '2026-11-28', visitedBy: '马书记' },
        version: mine.version,
      },
    })
    expectOk(closed)
    off()
    expect(closed.json().data).toMatchObject({ status: 'CLOSED', outcome: 'CONVERTED' })
    expect(converted).toEqual([mine.id])
    const again = await t.call('POST', `/api/warnings/${mine.id}/close`, {
      as: cadre,
      json: { outcome: 'NO_RISK', note: '无风险', version: closed.json().data.version },
    })
    expect(again.statusCode).toBe(409)
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .where('subject_id', '=', mine.id)
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['warning.close'])
    const screened = await t.deps.db
      .selectFrom('audit_event')
      .select('after')
      .where('action', '=', 'warning.screen')
      .execute()
    expect(screened.some((a) => ((a.after as { created: string[] }).created ?? []).includes(mine.id))).toBe(true)
  })

  test('NO_RISK needs a written account', async () => {
    const h = await makeHousehold(t, cadre)
    await push(t, provider, 'POLICE', [{ idNumber: h.headId, dataDate: D, event: 'DEATH' }])
    const w = await t.deps.db
      .selectFrom('warning')
      .selectAll()
      .where('household_id', '=', h.id)
      .executeTakeFirstOrThrow()
    const res = await t.call('POST', `/api/warnings/${w.id}/close`, {
      as: cadre,
      json: { outcome: 'NO_RISK', note: '无', version: w.version },
    })
    expect(res.statusCode).toBe(422)
  })

  test('a screening killed after a committed batch resumes from its checkpoints and never writes a warning twice', async () => {
    const made = []
    for (let i = 0; i < 12; i++) made.push(await makeHousehold(t, cadre, { groups: ['DIBAO'] }))
    // feed records written directly (no incremental screening), so only the county run screens them
    const persons = await t.deps.db
      .selectFrom('person')
      .select(['id', 'household_id', 'region_code', 'id_number'])
      .where(
        'id_number',
        'in',
        made.map((m) => m.headId),
      )
      .execute()
    const batch = crypto.randomUUID()
    await t.deps.db
      .insertInto('feed_batch')
      .values({
        id: batch,
        source: 'MEDICAL',
        channel: 'PUSH',
        scope: '622926',
        file_name: null,
        status: 'accepted',
        total_rows: persons.length,
        matched_rows: persons.length,
        unmatched_rows: 0,
        skipped_rows: 0,
        error_rows: 0,
        max_data_date: '2026-11-20',
        created_by: null,
        created_at: new Date(),
      })
      .execute()
    await t.deps.db
      .insertInto('feed_record')
      .values(
        persons.map((p) => ({
          id: crypto.randomUUID(),
          batch_id: batch,
          source: 'MEDICAL',
          signal: 'MED_OOP',
          amount: 1_500_000,
          person_id: p.id,
          household_id: p.household_id,
          county_code: '622926',
          region_code: p.region_code,
          data_date: '2026-11-20',
          fields: '{}',
          row_hash: `resume-${p.id}`,
          created_at: new Date(),
        })),
      )
      .execute()
    const done = new Set<string>()
    await expect(
      screenCounty(directIo({ done, killAfter: 5 }), { county: '622926', asOf: '2026-11-28' }),
    ).rejects.toThrow('killed')
    expect(done.size).toBe(4)
    const resumed = directIo({ done })
    const summary = await screenCounty(resumed, { county: '622926', asOf: '2026-11-28' })
    expect(summary.batchesRun).toBe(12)
    expect(resumed.ran[0]).toBe('screen:622926:2026-11-28:4')
    const ids = made.map((m) => m.id)
    const ws = await t.deps.db
      .selectFrom('warning')
      .select(['household_id', sql<string>`count(*)`.as('n')])
      .where('household_id', 'in', ids)
      .groupBy('household_id')
      .execute()
    expect(ws).toHaveLength(12)
    expect(ws.every((w) => Number(w.n) === 1)).toBe(true)
    const hits = await t.deps.db
      .selectFrom('warning_hit')
      .select(['household_id', 'rule_code'])
      .where('household_id', 'in', ids)
      .execute()
    expect(hits).toHaveLength(12)
    expect(summary.warningsByRule.MED_HIGH_OOP_LOWINC).toBeGreaterThanOrEqual(12)
  })
})

describe('county screening jobs', () => {
  test('a county officer queues one screening job per county in scope; it runs to completion', async () => {
    const county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const res = await t.call('POST', '/api/warnings/screenings', { as: county, json: { asOf: '2026-11-28' } })
    expectOk(res)
    const jobs = res.json().data as Array<{ county: string; jobId: string }>
    expect(jobs.map((j) => j.county)).toEqual(['622926'])
    await t.deps.jobs.idle()
    const job = await t.deps.db.selectFrom('job').selectAll().where('id', '=', jobs[0]!.jobId).executeTakeFirstOrThrow()
    expect(job.status, job.error ?? '').toBe('succeeded')
    expect((job.result as { batches: number }).batches).toBe(16)
    expect((await t.call('POST', '/api/warnings/screenings', { as: cadre, json: {} })).statusCode).toBe(403)
  })
})
