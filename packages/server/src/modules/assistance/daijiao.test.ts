import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { expectOk } from '../warnings/warnings.testkit.ts'
import { decision, entry, type Fixture, household } from './assistance.testkit.ts'
import { assertDaijiaoYear, DAIJIAO_COLUMNS, daijiaoParams } from './daijiao.ts'

const t = useTestPlatform()
let cadre: Session
let otherCadre: Session
let admin: Session
let town: Session
let a: Fixture // head: DIBAO and PREVENTION_TARGET in the year → paid once
let b: Fixture // head: TEKUN entry that ended in March → still covered for the year
let c: Fixture // head: DIBAO_MARGINAL only → no 代缴 group
let d: Fixture // other village: head in a monitored household
let e: Fixture // head: DIBAO but no resident pension insurance
const year = 2026

beforeAll(async () => {
  cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
  otherCadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage }))
  admin = await t.login(await t.user({ role: 'COUNTY_CA_ADMIN', region: R.county }))
  town = await t.login(await t.user({ role: 'TOWN_CA_OFFICER', region: R.township }))
  a = await household(t, cadre)
  b = await household(t, cadre)
  c = await household(t, cadre)
  d = await household(t, otherCadre, R.otherVillage)
  e = await household(t, cadre)
  await entry(t, a, a.headId, 'DIBAO')
  await entry(t, a, a.childId, 'DIBAO') // aged 14: outside 16–59
  await entry(t, a, a.headId, 'PREVENTION_TARGET', '2026-05-01')
  await entry(t, b, b.headId, 'TEKUN', '2025-01-01', '2026-03-31')
  await entry(t, c, c.headId, 'DIBAO_MARGINAL')
  await t.deps.db
    .updateTable('household')
    .set({ monitoring_status: 'ACTIVE' })
    .where('id', '=', d.householdId)
    .execute()
  await entry(t, e, e.headId, 'DIBAO')
  await t.deps.db
    .updateTable('person')
    .set({ insurance: JSON.stringify({ residentPension: false, employeePension: true }) })
    .where('id', '=', e.headId)
    .execute()
})

describe('yearly 代缴 roster (§6.8)', () => {
  let rosterId: string
  const p = () => daijiaoParams('622926', year)

  test('covered persons aged 16–59, one payment each at the highest group rate', async () => {
    const res = await t.call('POST', '/api/assistance/daijiao', { as: admin, json: { county: '622926', year } })
    expectOk(res)
    rosterId = res.json().data.id
    const lines = await t.deps.db.selectFrom('daijiao_line').selectAll().where('roster_id', '=', rosterId).execute()
    const byPerson = new Map(lines.map((l) => [l.person_id, l]))
    expect(lines).toHaveLength(3)
    const la = byPerson.get(a.headId)!
    expect(la.groups).toEqual(['DIBAO', 'MONITORING_TARGET'])
    expect(Number(la.amount)).toBe(Math.round(p().minTier * Math.max(p().rates.DIBAO!, p().rates.MONITORING_TARGET!)))
    expect(Number(la.min_tier)).toBe(p().minTier)
    expect(byPerson.get(b.headId)!.group_applied).toBe('TEKUN')
    expect(byPerson.get(d.headId)!.group_applied).toBe('MONITORING_TARGET')
    expect(byPerson.has(a.childId)).toBe(false)
    expect(byPerson.has(c.headId)).toBe(false)
    expect(byPerson.has(e.headId)).toBe(false)
    expect(res.json().data.totalAmount).toBe(lines.reduce((s, l) => s + Number(l.amount), 0))
    const totals = await t.call('GET', `/api/assistance/daijiao/${rosterId}/totals`, { as: cadre })
    expectOk(totals)
    // the cadre sees only their village: a (DIBAO) and b (TEKUN)
    expect(
      totals
        .json()
        .data.map((r: { group: string }) => r.group)
        .sort(),
    ).toEqual(['DIBAO', 'TEKUN'])
  })

  test('regenerating a draft replaces it (still one line per person)', async () => {
    const res = await t.call('POST', '/api/assistance/daijiao', { as: admin, json: { county: '622926', year } })
    expectOk(res)
    expect(res.json().data.lineCount).toBe(3)
    rosterId = res.json().data.id
    const n = await t.deps.db.selectFrom('daijiao_line').select('id').execute()
    expect(n).toHaveLength(3)
  })

  test('export for the agency, then changes become ADJUSTMENT lines', async () => {
    const denied = await t.call('GET', `/api/assistance/daijiao/${rosterId}/export`, { as: cadre })
    expect(denied.statusCode).toBe(403)
    const res = await t.call('GET', `/api/assistance/daijiao/${rosterId}/export`, { as: admin })
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...DAIJIAO_COLUMNS])
    expect(ws.rowCount).toBe(5) // header, 3 persons, total
    // amounts in yuan: the lowest tier (catalogue in fen) × the applied rate
    expect(Number(ws.getRow(2).getCell(10).value)).toBe((p().minTier * p().rates.DIBAO!) / 100)
    expect(p().minTierYuan).toBe(p().minTier / 100)
    // after export: c becomes 特困 in the year, d leaves monitoring (no other group)
    await entry(t, c, c.headId, 'TEKUN', '2026-10-01')
    await t.deps.db
      .updateTable('household')
      .set({ monitoring_status: 'NONE' })
      .where('id', '=', d.householdId)
      .execute()
    const again = await t.call('POST', '/api/assistance/daijiao', { as: admin, json: { county: '622926', year } })
    expectOk(again)
    expect(again.json().data).toMatchObject({ id: rosterId, status: 'EXPORTED', adjustments: 2 })
    const adj = await t.deps.db
      .selectFrom('daijiao_line')
      .selectAll()
      .where('roster_id', '=', rosterId)
      .where('kind', '=', 'ADJUSTMENT')
      .execute()
    const byPerson = new Map(adj.map((l) => [l.person_id, Number(l.amount)]))
    expect(byPerson.get(c.headId)).toBeGreaterThan(0)
    expect(byPerson.get(d.headId)).toBeLessThan(0)
    // a third run changes nothing
    const third = await t.call('POST', '/api/assistance/daijiao', { as: admin, json: { county: '622926', year } })
    expect(third.json().data.adjustments).toBe(0)
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', rosterId)
      .orderBy('seq')
      .execute()
    expect(audit.map((x) => x.action)).toContain('daijiao.export.full')
  })
})

describe('registry, grants, referrals, reports', () => {
  test('registry: six groups per person with since/until, filtered, scoped', async () => {
    const res = await t.call('GET', '/api/assistance/registry?all=true&pageSize=50', { as: cadre })
    expectOk(res)
    const rows = res.json().data as Array<{
      personId: string
      regionCode: string
      groups: Array<Record<string, unknown>>
    }>
    expect(rows.every((r) => r.regionCode === R.village)).toBe(true)
    const ra = rows.find((r) => r.personId === a.headId)!
    expect(ra.groups).toHaveLength(6)
    expect(ra.groups.find((g) => g.group === 'PREVENTION_TARGET')).toMatchObject({ since: '2026-05-01', until: null })
    const rb = rows.find((r) => r.personId === b.headId)!
    expect(rb.groups.find((g) => g.group === 'TEKUN')).toMatchObject({
      since: '2025-01-01',
      until: '2026-03-31',
      active: false,
    })
    const current = await t.call('GET', '/api/assistance/registry?group=TEKUN', { as: admin })
    expect(current.json().data.map((r: { personId: string }) => r.personId)).toEqual([c.headId])
    const other = await t.call('GET', '/api/assistance/registry?all=true', { as: otherCadre })
    expect(other.json().page.total).toBe(0)
  })

  test('special grants need the justifying group; listed in scope', async () => {
    const body = {
      householdId: a.householdId,
      personId: a.headId,
      grantType: 'MEDICAL',
      amount: 250_000,
      periodFrom: '2026-11-01',
      department: '县医疗保障局',
      lowIncomeGroup: 'DIBAO',
    }
    expectOk(await t.call('POST', '/api/assistance/grants', { as: town, json: body }))
    const wrong = await t.call('POST', '/api/assistance/grants', {
      as: town,
      json: { ...body, lowIncomeGroup: 'TEKUN' },
    })
    expect(wrong.statusCode).toBe(422)
    const no = await t.deps.db
      .selectFrom('household')
      .select('household_no')
      .where('id', '=', b.householdId)
      .executeTakeFirstOrThrow()
    const byNo = { ...body, householdId: undefined, personId: undefined, householdNo: no.household_no }
    expectOk(
      await t.call('POST', '/api/assistance/grants', {
        as: town,
        json: { ...byNo, lowIncomeGroup: 'TEKUN', periodFrom: '2026-02-01' },
      }),
    )
    const both = await t.call('POST', '/api/assistance/grants', {
      as: town,
      json: { ...body, householdNo: no.household_no },
    })
    expect(both.statusCode).toBe(400)
    const list = await t.call('GET', '/api/assistance/grants', { as: cadre })
    expect(list.json().data).toHaveLength(2)
    expect(list.json().data.map((g: { amount: number }) => g.amount)).toEqual([250_000, 250_000])
    expect((await t.call('GET', '/api/assistance/grants', { as: otherCadre })).json().data).toHaveLength(0)
  })

  test('grant amounts: garbage refused by the schema, above special_grant.max by its cap; no period ending before it starts', async () => {
    const body = {
      householdId: a.householdId,
      grantType: 'EDUCATION',
      amount: 300_000,
      periodFrom: '2026-09-01',
      department: '县教育局',
      lowIncomeGroup: 'DIBAO',
    }
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('special_grant')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const n = await count()
    for (const amount of [2 ** 53 - 1, 10_000_000_001, -500, 0, 1.5]) {
      const res = await t.call('POST', '/api/assistance/grants', { as: town, json: { ...body, amount } })
      expect(res.statusCode, String(amount)).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    }
    // special_grant.max: EDUCATION 20,000 yuan, MEDICAL 100,000 yuan
    const over = await t.call('POST', '/api/assistance/grants', { as: town, json: { ...body, amount: 2_000_001 } })
    expect(over.statusCode).toBe(422)
    expect(over.json().error).toMatchObject({
      code: 'AMOUNT_OVER_CAP',
      details: { capYuan: '20000', amountYuan: '20000.01', parameter: 'special_grant.max' },
    })
    expect(over.json().error.message).toContain('上限 20000 元')
    const medical = await t.call('POST', '/api/assistance/grants', {
      as: town,
      json: { ...body, grantType: 'MEDICAL', amount: 2_000_001, periodTo: '2026-12-31' },
    })
    expectOk(medical)
    const backwards = await t.call('POST', '/api/assistance/grants', {
      as: town,
      json: { ...body, periodFrom: '2026-09-01', periodTo: '2026-08-31' },
    })
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ field: 'periodTo' }] },
    })
    expect(await count()).toBe(n + 1)
  })

  test('代缴 year: within pension.daijiao_year_window of the current year, with a premium standard in force', async () => {
    for (const y of [2100, 2028, 2020]) {
      const res = await t.call('POST', '/api/assistance/daijiao', { as: admin, json: { county: '622926', year: y } })
      expect(res.statusCode, String(y)).toBe(422)
      expect(res.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { from: 2021, to: 2027 } })
    }
    expect(
      (await t.call('POST', '/api/assistance/daijiao', { as: admin, json: { county: '622926', year: 1 } })).statusCode,
    ).toBe(400)
    expect(await t.deps.db.selectFrom('daijiao_roster').select('year').where('year', '<>', year).execute()).toEqual([])
    // a year inside the window whose premium standard is not in force yet (pension.min_tier starts in 2014)
    expect(() => assertDaijiaoYear('622926', 2013, '2016-06-01')).toThrow(/pension\.min_tier/)
    expect(() => assertDaijiaoYear('622926', 2015, '2016-06-01')).not.toThrow()
  })

  test('referrals both ways; accept/decline audited', async () => {
    const now = t.clock.now()
    const income = async (f: Fixture, perCapitaNetFen: number) =>
      t.deps.db
        .insertInto('income_assessment')
        .values({
          id: crypto.randomUUID(),
          household_id: f.householdId,
          county_code: '622926',
          region_code: f.regionCode,
          assessment_type: 'ANNUAL',
          period_start: '2025-11-01',
          period_end: '2026-10-31',
          items: JSON.stringify({}),
          wage: 0,
          business: 0,
          property: 0,
          transfer: 0,
          business_costs: 0,
          claim_income: 0,
          compliant_self_paid: 0,
          net_income: perCapitaNetFen * 2,
          household_size: 2,
          per_capita_net: perCapitaNetFen,
          reference_income: perCapitaNetFen * 2,
          per_capita_reference: perCapitaNetFen,
          created_at: now,
          created_by: null,
        })
        .execute()
    await t.deps.db
      .updateTable('household')
      .set({ monitoring_status: 'ACTIVE' })
      .where('id', '=', b.householdId)
      .execute()
    await income(b, 300_000) // 3,000 yuan/year: under 低保 × 12 → TO_CIVIL_AFFAIRS
    await income(e, 300_000) // 低保 household, not monitored, under the monitoring threshold → TO_MONITORING
    const scan = await t.call('POST', '/api/assistance/referrals/scan', { as: admin, json: { county: '622926' } })
    expectOk(scan)
    expect(scan.json().data.created).toBe(2)
    const again = await t.call('POST', '/api/assistance/referrals/scan', { as: admin, json: { county: '622926' } })
    expect(again.json().data.created).toBe(0)
    const list = await t.call('GET', '/api/assistance/referrals?status=OPEN', { as: town })
    const refs = list.json().data as Array<{ id: string; householdId: string; direction: string }>
    expect(refs.find((r) => r.householdId === b.householdId)!.direction).toBe('TO_CIVIL_AFFAIRS')
    const toMon = refs.find((r) => r.householdId === e.householdId)!
    expect(toMon.direction).toBe('TO_MONITORING')
    const ok = await t.call('POST', `/api/assistance/referrals/${toMon.id}/resolve`, {
      as: town,
      json: { decision: 'DECLINED', note: '已核实收入来源稳定' },
    })
    expectOk(ok)
    const twice = await t.call('POST', `/api/assistance/referrals/${toMon.id}/resolve`, {
      as: town,
      json: { decision: 'ACCEPTED', note: '重复操作' },
    })
    expect(twice.statusCode).toBe(409)
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', toMon.id)
      .execute()
    expect(audit.map((x) => x.action).sort()).toEqual(['referral.decline', 'referral.open'])
  })

  test('reports: caseload and funds by programme, 特困, temporary relief, registry, 代缴', async () => {
    await decision(t, a, { programme: 'DIBAO', monthlyAmount: 60_000, covered: 2 })
    await decision(t, b, {
      programme: 'TEKUN',
      monthlyAmount: 120_000,
      careTier: 'FULL_CARE',
      supportMode: 'INSTITUTION',
    })
    await decision(t, d, {
      programme: 'TEMP_RELIEF',
      oneOffAmount: 30_000,
      payMonth: '202612',
      reliefType: 'URGENT',
      fastTrack: true,
    })
    await decision(t, d, { programme: 'TEMP_RELIEF', oneOffAmount: 90_000, payMonth: '202612', reliefType: 'URGENT' })
    const res = await t.call('GET', '/api/assistance/reports?month=202612', { as: admin })
    expectOk(res)
    const r = res.json().data
    expect(r.programmes).toEqual([
      { programme: 'DIBAO', households: 1, persons: 2, amount: 60_000 },
      { programme: 'TEKUN', households: 1, persons: 1, amount: 120_000 },
      { programme: 'TEMP_RELIEF', households: 1, persons: 2, amount: 120_000 },
    ])
    expect(r.tekun).toEqual([{ supportMode: 'INSTITUTION', careTier: 'FULL_CARE', persons: 1, amount: 120_000 }])
    expect(r.tempRelief).toEqual([
      { reliefType: 'URGENT', cases: 2, fastTrack: 1, fastTrackShare: 0.5, amount: 120_000 },
    ])
    expect(r.daijiao.length).toBeGreaterThan(0)
    const village = await t.call('GET', '/api/assistance/reports?month=202612', { as: otherCadre })
    expect(village.json().data.programmes.map((x: { programme: string }) => x.programme)).toEqual(['TEMP_RELIEF'])
  })
})
