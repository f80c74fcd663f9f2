import { randomUUID } from 'node:crypto'
import { computeCheckChar } from '@xianjie/rules/identifiers'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'

const t = useTestPlatform()
const DAY = 86_400_000

let seq = 500
function makeId(birth: string): string {
  seq += 2
  const first17 = `622926${birth}${String(seq).padStart(3, '0').slice(-3)}`
  return first17 + computeCheckChar(first17)
}

/** Values of a worksheet row (1-based columns shifted to 0-based). */
function cells(ws: ExcelJS.Worksheet | undefined, row: number): unknown[] {
  return ((ws?.getRow(row).values ?? []) as unknown[]).slice(1)
}

type Case = { case: { id: string; version: number; state: string } }
async function act(s: Session, c: Case, event: string, values: object = {}): Promise<Case> {
  const res = await t.call('POST', `/api/cases/${c.case.id}/actions`, {
    as: s,
    json: { event, version: c.case.version, values },
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data
}

async function household(s: Session, region: string, type: 'GENERAL' | 'TUOPIN', members = 1) {
  const headId = makeId('19700315')
  const others = Array.from({ length: members - 1 }, (_, i) => ({
    name: `成员${i}`,
    idNumber: makeId('20000101'),
    relationToHead: 'SON',
    labourSkill: 'ORDINARY',
  }))
  const res = await t.call('POST', '/api/households', {
    as: s,
    json: {
      regionCode: region,
      householdType: type,
      ...(type === 'TUOPIN' ? { tuopinYear: 2016, isFormerlyPoor: true } : {}),
      phone: '13912345678',
      members: [{ name: '马哈麦', idNumber: headId, relationToHead: 'HEAD', labourSkill: 'ORDINARY' }, ...others],
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  return { id: res.json().data.id as string, headId }
}

async function open(s: Session, householdId: string, channel: string): Promise<Case> {
  const res = await t.call('POST', '/api/cases', {
    as: s,
    json: { type: 'MONITORING_IDENT', householdId, values: { channel, reason: '排查发现' } },
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data
}

async function assess(
  householdId: string,
  region: string,
  type: string,
  perCapitaYuan: number,
  selfPaidYuan = 0,
  periodEnd = '2026-10-31',
) {
  const fen = perCapitaYuan * 100
  await sql`insert into income_assessment (id, household_id, county_code, region_code, assessment_type, period_start,
      period_end, items, wage, business, property, transfer, business_costs, claim_income, compliant_self_paid,
      net_income, household_size, per_capita_net, reference_income, per_capita_reference, created_at)
    values (${randomUUID()}, ${householdId}, '622926', ${region}, ${type}, '2025-11-01', ${periodEnd}, '{}'::jsonb,
      ${fen}, 0, 0, 0, 0, 0, ${selfPaidYuan * 100}, ${fen}, 1, ${fen}, ${fen}, ${fen}, now())`.execute(t.deps.db)
}

interface Ctx {
  county: Session
  village: Session
  other: Session
  a: { id: string; headId: string }
  b: { id: string; headId: string }
}
const ctx = {} as Ctx

/**
 * Hand-built dataset: A (GENERAL, own village) and B (TUOPIN, 2 persons, other village) identified through the
 * whole §7.1 workflow (clue 2026-11-28, approved 2026-12-04); C only a clue. B is later eliminated (NATURAL) on
 * 2026-12-20 — an elimination case row, until the elimination case type is registered.
 */
beforeAll(async () => {
  const village = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
  const other = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage }))
  const town = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
  const county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
  const county2 = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
  const a = await household(village, R.village, 'GENERAL')
  const b = await household(other, R.otherVillage, 'TUOPIN', 2)
  const c = await household(village, R.village, 'GENERAL')
  let ca = await open(village, a.id, 'CADRE_SCREENING')
  let cb = await open(other, b.id, 'SELF_DECLARATION')
  await open(village, c.id, 'CADRE_SCREENING')
  const appraisal = { attendees: 20, votesFor: 18, votesAgainst: 1, minutes: '同意纳入' }
  for (const [s, k, cat, risks] of [
    [village, 'a', 'MARGINAL', ['ILLNESS', 'EDUCATION']],
    [other, 'b', 'UNSTABLE_TUOPIN', ['DISABILITY']],
  ] as const) {
    let x = k === 'a' ? ca : cb
    x = await act(s, x, 'ACCEPT')
    // the verification records an IDENTIFICATION assessment (engine-computed: 4 000 and 5 000 yuan per person)
    x = await act(s, x, 'VERIFY', {
      income_migrant_work: k === 'a' ? 4000 : 10000,
      foodClothingOk: true,
      compulsoryEducationOk: true,
      medicalInsuranceOk: true,
      housingSafetyOk: true,
      drinkingWaterOk: true,
      consentSigned: true,
    })
    x = await act(county, x, 'COMPARED', { comparison: '无' })
    x = await act(s, x, 'APPRAISED', { ...appraisal, category: cat, risks: [...risks] })
    if (k === 'a') ca = x
    else cb = x
  }
  await t.travel(6 * DAY)
  ca = await act(village, ca, 'FORWARD')
  cb = await act(other, cb, 'FORWARD')
  ca = await act(town, ca, 'REVIEWED')
  cb = await act(town, cb, 'REVIEWED')
  ca = await act(county2, ca, 'APPROVE')
  cb = await act(county2, cb, 'APPROVE')
  expect(ca.case.state).toBe('ACTIVE')

  await assess(a.id, R.village, 'IDENTIFICATION', 4000)
  await assess(b.id, R.otherVillage, 'IDENTIFICATION', 5000)
  // B's elimination assessment comes after its identification verification (2026-11-28)
  await assess(b.id, R.otherVillage, 'ELIMINATION', 12000, 0, '2026-12-20')
  await sql`insert into guarantee_check (id, household_id, county_code, checked_on, food_clothing_ok,
      compulsory_education_ok, medical_insurance_ok, housing_safety_ok, drinking_water_ok, created_at)
    values (${randomUUID()}, ${a.id}, '622926', '2026-12-01', true, true, true, false, true, now())`.execute(t.deps.db)

  // a measure on A's plan
  await sql`insert into monitoring_measure (id, plan_id, household_id, region_code, category, item, start_date,
      status, created_at, updated_at)
    select ${randomUUID()}, id, household_id, region_code, 'HEALTH', '医疗救助', '2026-12-05', 'IN_PROGRESS', now(), now()
    from monitoring_plan where household_id = ${a.id}`.execute(t.deps.db)

  // B eliminated on 2026-12-20 (NATURAL)
  const elim = randomUUID()
  const at = new Date('2026-12-20T02:00:00Z')
  await sql`insert into wf_case (id, case_type, state, county_code, region_code, household_id, subject_name, data,
      opened_on, state_since, created_at, updated_at)
    values (${elim}, 'MONITORING_ELIM', 'ELIMINATED', '622926', ${R.otherVillage}, ${b.id}, '马哈麦',
      ${JSON.stringify({ eliminationMethod: 'NATURAL' })}::jsonb, '2026-12-10', ${at}, ${at}, ${at})`.execute(t.deps.db)
  await sql`insert into wf_transition (id, case_id, seq, event, from_state, to_state, actor_name, at, on_date)
    values (${randomUUID()}, ${elim}, 1, 'APPROVE', 'ELIM_COUNTY_APPROVAL', 'ELIMINATED', 'test', ${at}, '2026-12-20')`.execute(
    t.deps.db,
  )
  await sql`update household set monitoring_status = 'ELIMINATED' where id = ${b.id}`.execute(t.deps.db)
  Object.assign(ctx, { county, village, other, a, b })
}, 60_000)

async function report(s: Session, query: string) {
  const res = await t.call('GET', `/api/reports/monitoring?${query}`, { as: s })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data
}

describe('monthly monitoring report (domain.md §10.1)', () => {
  test('county figures as of the end of December', async () => {
    const r = await report(ctx.county, 'month=2026-12')
    expect(r.asOf).toBe('2026-12-31')
    expect(r.stock.total).toEqual({ households: 2, persons: 3 })
    expect(r.stock.byCategory.MARGINAL).toEqual({ households: 1, persons: 1 })
    expect(r.stock.byCategory.UNSTABLE_TUOPIN).toEqual({ households: 1, persons: 2 })
    expect(r.stock.byCategory.SUDDEN_HARDSHIP.households).toBe(0)
    expect(r.stock.byStatus.ACTIVE.households).toBe(1)
    expect(r.stock.byStatus.ELIMINATED).toEqual({ households: 1, persons: 2 })
    expect(r.stock.byStatus.NATURAL.households).toBe(1)
    expect(r.stock.byStatus.ASSISTED.households).toBe(0)
    expect(r.stock.byHouseholdType.TUOPIN.households).toBe(1)
    expect(r.stock.byChannel).toMatchObject({ CADRE_SCREENING: 1, SELF_DECLARATION: 1, DEPT_WARNING: 0 })
    expect(r.risks.ILLNESS).toEqual({ households: 1, persons: 1, main: 1 })
    expect(r.risks.EDUCATION).toEqual({ households: 1, persons: 1, main: 0 })
    expect(r.risks.DISABILITY.persons).toBe(2)
    expect(r.flow).toMatchObject({ identified: 2, eliminated: 1, rolledBack: 0 })
    expect(r.flow.newClues.CADRE_SCREENING).toBe(0)
    expect(r.timeliness).toMatchObject({ approved: 2, withinLimit: 2, withinLimitPct: 100, medianDays: 6, maxDays: 6 })
    expect(r.timeliness.overdueTasks).toBeGreaterThanOrEqual(1) // C's clue was never accepted
    expect(r.coverage).toMatchObject({ activeHouseholds: 1, withPlan: 1, withMeasures: 1, withMeasuresPct: 100 })
    // A: 4000 (identification), B: 12000 (elimination) yuan against Gansu's 8700 threshold (bands at 0.5/1/1.5/2×)
    expect(r.threshold.yuan).toBe(8700)
    expect(r.income).toMatchObject({ assessed: 2, minYuan: 4000, maxYuan: 12000, medianYuan: 8000, belowThreshold: 1 })
    expect(r.income.bands.map((b: { households: number }) => b.households)).toEqual([1, 0, 1, 0, 0])
    // A's check of 2026-12-01 (housing not safe) and B's of the verification (all secured)
    expect(r.guarantees).toMatchObject({ checked: 2, housingSafety: 1, anyUnresolved: 1 })
    const rows = r.children as Array<{ code: string; households: number; active: number; eliminated: number }>
    // every township of the county is listed, those without targets with zeros
    expect(rows.find((c) => c.code === R.township)).toMatchObject({ households: 2, active: 1, eliminated: 1 })
    expect(rows.find((c) => c.code === R.otherTownship)).toMatchObject({ households: 0 })
    expect(rows.every((c) => c.code.startsWith('622926') && c.code.endsWith('000'))).toBe(true)
  })

  test('November: clues only; a township report breaks down by village', async () => {
    const nov = await report(ctx.county, 'month=2026-11')
    expect(nov.stock.total.households).toBe(0)
    expect(nov.flow.newClues).toMatchObject({ CADRE_SCREENING: 2, SELF_DECLARATION: 1 })
    expect(nov.flow.identified).toBe(0)
    const town = await report(ctx.county, `month=2026-12&region=${R.township}`)
    const byCode = Object.fromEntries(
      (town.children as Array<{ code: string; households: number; name: string }>).map((c) => [c.code, c]),
    )
    expect(byCode[R.village]?.households).toBe(1)
    expect(byCode[R.otherVillage]?.households).toBe(1)
  })

  test('a village cadre sees only the own village; another village is not found', async () => {
    const r = await report(ctx.village, 'month=2026-12')
    expect(r.stock.total.households).toBe(1)
    expect(r.stock.byCategory.UNSTABLE_TUOPIN.households).toBe(0)
    const res = await t.call('GET', `/api/reports/monitoring?month=2026-12&region=${R.otherVillage}`, {
      as: ctx.village,
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('NOT_FOUND')
    const bad = await t.call('GET', '/api/reports/monitoring?month=2026-13', { as: ctx.county })
    expect(bad.statusCode).toBe(400)
  })

  test('the .xlsx report has the totals and the by-region sheets in Chinese', async () => {
    const res = await t.call('GET', '/api/reports/monitoring.xlsx?month=2026-12', { as: ctx.county })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '分区域'])
    const totals = wb.getWorksheet('汇总')
    const rows: unknown[][] = []
    totals?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
    expect(String(rows[0]?.[0])).toContain('防返贫动态监测月报')
    expect(rows.find((r) => r[1] === '监测对象合计')?.slice(2, 4)).toEqual([2, 3])
    expect(rows.find((r) => r[1] === '因病')?.[2]).toBe(1)
    expect(rows.find((r) => r[1] === '风险消除')?.[2]).toBe(1)
    const regions = wb.getWorksheet('分区域')
    expect(regions?.getRow(1).getCell(1).value).toBe('区划代码')
    expect(regions?.getRow(2).getCell(3).value).toBe(2)
  })
})

describe('history: a rollback is counted in its month and earlier months are unchanged', () => {
  test('B rolled back to monitoring on 2027-01-10 (the rollback endpoint of modules/monitoring)', async () => {
    await t.travel(Date.parse('2027-01-10T02:00:00Z') - t.clock.now().getTime())
    const hh = await t.call('GET', `/api/households/${ctx.b.id}`, { as: ctx.county })
    const res = await t.call('POST', `/api/monitoring/households/${ctx.b.id}/rollback`, {
      as: ctx.county,
      json: { version: hh.json().data.version, reason: '新发大病', risks: ['ILLNESS'] },
    })
    expect(res.statusCode, res.body).toBe(200)
    const jan = await report(ctx.county, 'month=2027-01')
    expect(jan.stock.byStatus.ACTIVE.households).toBe(2)
    expect(jan.stock.byStatus.ROLLED_BACK.households).toBe(1)
    expect(jan.stock.byStatus.ELIMINATED.households).toBe(0)
    expect(jan.flow).toMatchObject({ identified: 0, eliminated: 0, rolledBack: 1 })
    const dec = await report(ctx.county, 'month=2026-12')
    expect(dec.stock.byStatus.ELIMINATED.households).toBe(1)
    expect(dec.flow.rolledBack).toBe(0)
    // back to eliminated for the export tests
    await sql`update household set monitoring_status = 'ELIMINATED' where id = ${ctx.b.id}`.execute(t.deps.db)
  })
})

describe('export of monitoring targets in the national layout (§9 checks first)', () => {
  test('blocking findings refuse the export with the check report; force=1 exports with a checks sheet', async () => {
    const res = await t.call('GET', '/api/exports/monitoring-targets.xlsx', { as: ctx.county })
    expect(res.statusCode, res.body).toBe(422)
    const err = res.json().error
    expect(err.code).toBe('PRECONDITION_FAILED')
    const codes = (err.details.findings as Array<{ code: string; row: number; zh: string; en: string }>).map(
      (f) => f.code,
    )
    expect(codes).toContain('5_15_020') // 因病 without compliant self-paid expenditure (A)
    expect(codes).toContain('1_11_011') // eliminated without monitoring contact (B)
    expect(err.details.findings[0].row).toBeGreaterThanOrEqual(2)
    expect(err.details.findings[0].en).toBeTruthy()

    const forced = await t.call('GET', '/api/exports/monitoring-targets.xlsx?force=1', { as: ctx.county })
    expect(forced.statusCode, forced.body).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(forced.rawPayload as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['监测对象', '家庭成员', '校验结果'])
    const ws = wb.getWorksheet('监测对象')
    const header = cells(ws, 1)
    expect(header).toContain('户编号')
    expect(header).toContain('致贫/返贫风险1')
    const row2 = cells(ws, 2)
    const col = (h: string) => row2[header.indexOf(h)]
    // the county officer may reveal: full ID numbers, audited
    expect([ctx.a.headId, ctx.b.headId]).toContain(col('户主证件号码'))
    expect(['边缘易致贫户', '脱贫不稳定户']).toContain(col('监测对象类别'))
    const checks = wb.getWorksheet('校验结果')
    expect((checks?.rowCount ?? 0) >= 3).toBe(true)
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_event
      where action = 'pii.export' and subject_type = 'monitoring_target_export'`.execute(t.deps.db)
    expect(audit.rows[0]?.n).toBe(1)
  })

  test('a clean village export is masked for a cadre and has no blocking findings', async () => {
    await sql`update income_assessment set compliant_self_paid = 120000 where household_id = ${ctx.a.id}`.execute(
      t.deps.db,
    )
    const res = await t.call('GET', '/api/exports/monitoring-targets.xlsx', { as: ctx.village })
    expect(res.statusCode, res.body).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('监测对象')
    expect(ws?.rowCount).toBe(2)
    const header = cells(ws, 1)
    const row = cells(ws, 2)
    expect(row[header.indexOf('户主证件号码')]).toBe(`${ctx.a.headId.slice(0, 3)}***********${ctx.a.headId.slice(-4)}`)
    expect(row[header.indexOf('致贫/返贫风险1')]).toBe('因病')
    expect(row[header.indexOf('致贫/返贫风险2')]).toBe('因学')
    expect(row[header.indexOf('风险是否已消除')]).toBe('否')
    const other = await t.call('GET', `/api/exports/monitoring-targets.xlsx?region=${R.otherVillage}`, {
      as: ctx.village,
    })
    expect(other.statusCode).toBe(404)
  })
})

/**
 * D (SUDDEN_HARDSHIP, own village) made a target in SQL (identified 2026-12-15), registered since 2026-06-01 with
 * members at each age-band edge at 2026-12-31 and different work statuses. Two members leave in January (one moves
 * to another household on 2027-01-05, one died on 2027-01-06) and one joins on 2027-01-08, so December and January differ.
 */
describe('§10.1 coverage by measure category, employment, age structure, persons as of month end', () => {
  const d = { id: '', planId: '' }
  const members = [
    { name: '马德', birth: '19670101', relationToHead: 'HEAD', labourSkill: 'ORDINARY', workStatus: 'PUBLIC_POST' },
    { name: '马一', birth: '20090101', relationToHead: 'SON', labourSkill: 'NONE' },
    { name: '马二', birth: '20081231', relationToHead: 'SON', labourSkill: 'ORDINARY', workStatus: 'OUT_OF_PROVINCE' },
    { name: '马三', birth: '19910101', relationToHead: 'SON', labourSkill: 'SKILLED', workStatus: 'IN_PROVINCE' },
    { name: '马四', birth: '19901231', relationToHead: 'SON', labourSkill: 'WEAK', workStatus: 'IN_COUNTY' },
    { name: '马五', birth: '19661231', relationToHead: 'SPOUSE', labourSkill: 'LOST', workStatus: 'NOT_WORKING' },
  ]

  beforeAll(async () => {
    const ids = members.map((m) => makeId(m.birth))
    const res = await t.call('POST', '/api/households', {
      as: ctx.village,
      json: {
        regionCode: R.village,
        householdType: 'GENERAL',
        phone: '13912345679',
        members: members.map(({ birth: _b, ...m }, i) => ({ ...m, idNumber: ids[i] })),
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    d.id = res.json().data.id
    await sql`update membership set start_date = '2026-06-01' where household_id = ${d.id}`.execute(t.deps.db)
    const ident = randomUUID()
    d.planId = randomUUID()
    const at = new Date('2026-12-15T02:00:00Z')
    await sql`insert into wf_case (id, case_type, state, county_code, region_code, household_id, subject_name, data,
        opened_on, state_since, created_at, updated_at)
      values (${ident}, 'MONITORING_IDENT', 'ACTIVE', '622926', ${R.village}, ${d.id}, '马德',
        ${JSON.stringify({ category: 'SUDDEN_HARDSHIP', risks: ['UNSTABLE_EMPLOYMENT'], channel: 'CADRE_SCREENING' })}::jsonb,
        '2026-12-01', ${at}, ${at}, ${at})`.execute(t.deps.db)
    await sql`insert into wf_transition (id, case_id, seq, event, from_state, to_state, actor_name, at, on_date)
      values (${randomUUID()}, ${ident}, 1, 'APPROVE', 'COUNTY_APPROVAL', 'ACTIVE', 'test', ${at}, '2026-12-15')`.execute(
      t.deps.db,
    )
    await sql`insert into monitoring_plan (id, household_id, case_id, region_code, category, risks, due_on, status,
        created_at)
      values (${d.planId}, ${d.id}, ${ident}, ${R.village}, 'SUDDEN_HARDSHIP', '["UNSTABLE_EMPLOYMENT"]', '2026-12-25',
        'ACTIVE', ${at})`.execute(t.deps.db)
    // EMPLOYMENT (developmental) and HEALTH in December, INDUSTRY cancelled, FINANCE only from January
    for (const [category, start, status] of [
      ['EMPLOYMENT', '2026-12-20', 'IN_PROGRESS'],
      ['HEALTH', '2026-12-20', 'IN_PROGRESS'],
      ['INDUSTRY', '2026-12-20', 'CANCELLED'],
      ['FINANCE', '2027-01-02', 'PLANNED'],
    ] as const) {
      await sql`insert into monitoring_measure (id, plan_id, household_id, region_code, category, item, start_date,
          status, created_at, updated_at)
        values (${randomUUID()}, ${d.planId}, ${d.id}, ${R.village}, ${category}, '措施', ${start}, ${status}, now(),
          now())`.execute(t.deps.db)
    }
    // January: 马三 moves to another household (01-05), 马五 dies (01-06), a newcomer joins (01-08)
    const person = async (idNumber: string) =>
      (await sql<{ id: string }>`select id from person where id_number = ${idNumber}`.execute(t.deps.db)).rows[0]?.id
    const version = async () =>
      (await t.call('GET', `/api/households/${d.id}`, { as: ctx.village })).json().data.version as number
    // 马三 moves to another (not monitored) household: December counts him in D through his closed membership
    const e = await household(ctx.village, R.village, 'GENERAL')
    const moved = await t.call('POST', `/api/households/${d.id}/members/${await person(ids[3] as string)}/move`, {
      as: ctx.village,
      json: {
        version: await version(),
        toHouseholdId: e.id,
        toVersion: (await t.call('GET', `/api/households/${e.id}`, { as: ctx.village })).json().data.version,
        relationToHead: 'SIBLING',
        date: '2027-01-05',
      },
    })
    expect(moved.statusCode, moved.body).toBe(200)
    const died = await t.call('POST', `/api/households/${d.id}/members/${await person(ids[5] as string)}/decrease`, {
      as: ctx.village,
      json: { version: await version(), date: '2027-01-06', reason: 'DEATH' },
    })
    expect(died.statusCode, died.body).toBe(200)
    const add = await t.call('POST', `/api/households/${d.id}/members`, {
      as: ctx.village,
      json: {
        version: await version(),
        date: '2027-01-08',
        reason: '婚入',
        person: {
          name: '马新',
          idNumber: makeId('19950601'),
          relationToHead: 'OTHER',
          labourSkill: 'ORDINARY',
          workStatus: 'NOT_WORKING',
        },
      },
    })
    expect(add.statusCode, add.body).toBe(200)
  }, 60_000)

  test('persons come from the membership valid at month end, not from today’s members', async () => {
    const dec = await report(ctx.county, 'month=2026-12')
    const jan = await report(ctx.county, 'month=2027-01')
    // December: all six (two have left since); January: 6 − 2 + the newcomer
    expect(dec.stock.byCategory.SUDDEN_HARDSHIP).toEqual({ households: 1, persons: 6 })
    expect(jan.stock.byCategory.SUDDEN_HARDSHIP).toEqual({ households: 1, persons: 5 })
    // A (1) + B (2) + D: 9 in December, 8 in January
    expect(dec.stock.total).toEqual({ households: 3, persons: 9 })
    expect(jan.stock.total).toEqual({ households: 3, persons: 8 })
    expect(dec.risks.UNSTABLE_EMPLOYMENT).toEqual({ households: 1, persons: 6, main: 1 })
  })

  test('measures by category and the developmental share among households with labour', async () => {
    const dec = await report(ctx.county, 'month=2026-12')
    const byCat = Object.fromEntries(
      (dec.coverage.byMeasureCategory as Array<{ category: string; label: unknown }>).map((c) => [c.category, c]),
    )
    // active in December: A (HEALTH from 12-05) and D (EMPLOYMENT, HEALTH; INDUSTRY cancelled; FINANCE from 01-02)
    expect(byCat.HEALTH).toMatchObject({ measures: 2, households: 2, developmental: false })
    expect(byCat.EMPLOYMENT).toMatchObject({ measures: 1, households: 1, developmental: true })
    expect(byCat.EMPLOYMENT?.label).toEqual({ zh: '就业帮扶', en: 'Employment' })
    expect(byCat.INDUSTRY).toMatchObject({ measures: 0, households: 0, developmental: true })
    expect(byCat.FINANCE).toMatchObject({ measures: 0, households: 0 })
    expect(Object.keys(byCat)).toHaveLength(14)
    // both have a member with labour; only D a developmental measure
    expect(dec.coverage).toMatchObject({ activeHouseholds: 2, withLabour: 2, withLabourDevelopmental: 1 })
    expect(dec.coverage.withLabourDevelopmentalPct).toBe(50)
    // 低保/特困 share of all targets: none of the three is in a low-income group
    expect(dec.coverage).toMatchObject({ dibao: 0, dibaoPct: 0, tekun: 0, tekunPct: 0 })

    // January: B rolled back (active, head and son with labour, no measure); FINANCE now in place
    const jan = await report(ctx.county, 'month=2027-01')
    expect(jan.coverage).toMatchObject({ activeHouseholds: 3, withLabour: 3, withLabourDevelopmental: 1 })
    expect(jan.coverage.withLabourDevelopmentalPct).toBe(33.3)
    expect(jan.coverage.byMeasureCategory.find((c: { category: string }) => c.category === 'FINANCE')).toMatchObject({
      measures: 1,
      households: 1,
    })

    // which categories are developmental is data: unflag EMPLOYMENT and D no longer counts
    await sql`update monitoring_measure_category set developmental = false where code = 'EMPLOYMENT'`.execute(t.deps.db)
    try {
      const off = await report(ctx.county, 'month=2026-12')
      expect(off.coverage.withLabourDevelopmental).toBe(0)
      expect(off.coverage.withLabourDevelopmentalPct).toBe(0)
    } finally {
      await sql`update monitoring_measure_category set developmental = true where code = 'EMPLOYMENT'`.execute(
        t.deps.db,
      )
    }
  })

  test('a 低保 household counts in the share of targets', async () => {
    await sql`update household set low_income_groups = '{DIBAO}' where id = ${d.id}`.execute(t.deps.db)
    try {
      const dec = await report(ctx.county, 'month=2026-12')
      expect(dec.coverage).toMatchObject({ dibao: 1, dibaoPct: 33.3, tekun: 0 })
    } finally {
      await sql`update household set low_income_groups = '{}' where id = ${d.id}`.execute(t.deps.db)
    }
  })

  test('age structure at each band edge and employment of target labour', async () => {
    const dec = await report(ctx.county, 'month=2026-12')
    // at 2026-12-31: D 17, 18, 35, 36, 59, 60; A head 56; B head 56, son 26
    expect(dec.ageStructure).toEqual({
      persons: 9,
      bands: [
        { from: 0, to: 17, persons: 1 },
        { from: 18, to: 35, persons: 3 },
        { from: 36, to: 59, persons: 4 },
        { from: 60, to: null, persons: 1 },
      ],
    })
    // labour: A head, B head, B son (status not recorded), D head (public post), 18 (out of province),
    // 35 (in province), 36 (in county); 17 (NONE) and 60 (LOST) have no labour capacity
    expect(dec.employment).toEqual({
      labour: 7,
      employed: 4,
      employedPct: 57.1,
      byPlace: { OUT_OF_PROVINCE: 1, IN_PROVINCE: 1, IN_COUNTY: 1 },
      publicPost: 1,
      notWorking: 0,
      unrecorded: 3,
    })
    // at 2027-01-31: 17 → 18, 59 → 60, 35 moved away, 60 died, the newcomer is 31
    const jan = await report(ctx.county, 'month=2027-01')
    expect(jan.ageStructure.bands.map((b: { persons: number }) => b.persons)).toEqual([0, 4, 3, 1])
    expect(jan.employment).toMatchObject({ labour: 7, employed: 3, notWorking: 1, unrecorded: 3 })
    expect(jan.employment.byPlace).toEqual({ OUT_OF_PROVINCE: 1, IN_PROVINCE: 0, IN_COUNTY: 1 })
  })

  test('the workbook has the new rows in Chinese', async () => {
    const res = await t.call('GET', '/api/reports/monitoring.xlsx?month=2026-12', { as: ctx.county })
    expect(res.statusCode, res.body).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const rows: unknown[][] = []
    wb.getWorksheet('汇总')?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
    const find = (group: string, name: string) => rows.find((r) => r[0] === group && r[1] === name)
    expect(find('帮扶措施（按类别）', '健康帮扶')?.[2]).toBe(2)
    expect(find('帮扶措施（按类别）', '就业帮扶')?.[4]).toBe('措施 1 项；开发式')
    const dev = find('帮扶覆盖', '其中：落实开发式帮扶措施')
    expect([dev?.[2], dev?.[4]]).toEqual([1, '50%'])
    expect(find('务工就业', '有劳动能力人数')?.[3]).toBe(7)
    expect(find('务工就业', '其中：省外务工')?.[3]).toBe(1)
    expect(find('年龄结构', '0–17 岁')?.[3]).toBe(1)
    expect(find('年龄结构', '60 岁及以上')?.[3]).toBe(1)
  })
})
