import { computeCheckChar } from '@xianjie/rules/identifiers'
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { officialCalendar, WorkCalendar } from '../workflow/calendar.ts'

const t = useTestPlatform()
const DAY = 86_400_000
const START = '2026-11-28T02:00:00Z'

let seq = 300
function makeId(birth: string, sex: 'm' | 'f'): string {
  seq += 2
  const s = String(sex === 'm' ? seq + 1 : seq)
    .padStart(3, '0')
    .slice(-3)
  const first17 = `622926${birth}${s}`
  return first17 + computeCheckChar(first17)
}

interface Actors {
  village: Session
  otherVillage: Session
  town: Session
  town2: Session
  county: Session
  county2: Session
}
let shared: Promise<Actors> | undefined
function actors(): Promise<Actors> {
  shared ??= (async () => ({
    village: await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village })),
    otherVillage: await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage })),
    town: await t.login(await t.user({ role: 'TOWN_CA_OFFICER', region: R.township })),
    town2: await t.login(await t.user({ role: 'TOWN_CA_OFFICER', region: R.township })),
    county: await t.login(await t.user({ role: 'COUNTY_CA_ADMIN', region: R.county })),
    county2: await t.login(await t.user({ role: 'COUNTY_CA_ADMIN', region: R.county })),
  }))()
  return shared
}

async function household(s: Session, members?: unknown[]) {
  const res = await t.call('POST', '/api/households', {
    as: s,
    json: {
      regionCode: R.village,
      householdType: 'GENERAL',
      members: members ?? [
        { name: '马哈麦', idNumber: makeId('19700315', 'm'), relationToHead: 'HEAD', labourSkill: 'WEAK' },
        { name: '马秀兰', idNumber: makeId('19720101', 'f'), relationToHead: 'SPOUSE', labourSkill: 'WEAK' },
        { name: '马小军', idNumber: makeId('20120909', 'm'), relationToHead: 'SON', schoolStatus: 'PRIMARY' },
      ],
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  const d = res.json().data
  return { id: d.household?.id ?? d.id, members: (d.members ?? d.household?.members) as Array<{ id: string }> }
}

type Detail = {
  case: { id: string; version: number; state: string; dueOn: string | null; data: Record<string, unknown> }
}
async function open(s: Session, type: string, input: object) {
  const res = await t.call('POST', '/api/cases', { as: s, json: { type, ...input } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data as Detail
}
async function act(s: Session, c: Detail, event: string, extra: object = {}) {
  return t.call('POST', `/api/cases/${c.case.id}/actions`, {
    as: s,
    json: { event, version: c.case.version, ...extra },
  })
}
async function ok(res: Awaited<ReturnType<typeof act>>): Promise<Detail> {
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data
}

const staff = { investigator1: '李工作', investigator2: '王工作' }

/** A 低保 application taken the short way to county approval (publicity run out). */
async function approveDibao(a: Actors, householdId: string, classification: 'A' | 'B' | 'C'): Promise<Detail> {
  let c = await open(a.village, 'DIBAO_APPLY', { householdId, values: {} })
  c = await ok(await act(a.town, c, 'ACCEPT'))
  c = await ok(await act(a.town, c, 'CONSENT', { values: { consent: true } }))
  c = await ok(await act(a.town, c, 'CHECKED'))
  c = await ok(await act(a.town, c, 'INVESTIGATED', { values: { ...staff, visitsNote: '邻居' } }))
  c = await ok(await act(a.town, c, 'PROPOSE'))
  await t.travel(8 * DAY)
  c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
  return ok(await act(a.county, c, 'CONFIRM', { values: { classification } }))
}

const decisionsOf = (caseId: string) =>
  t.deps.db.selectFrom('sa_decision').selectAll().where('trace_ref', '=', `case:${caseId}`).execute()
const entriesOf = (decisionId: string) =>
  t.deps.db.selectFrom('low_income_entry').selectAll().where('source_id', '=', decisionId).execute()
const day = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10)

describe('低保 application', () => {
  test('full path: one-time notice, consent, engine with explanation, objection → re-investigation → re-publicity, separation of duties, county confirmation, notice', async () => {
    t.clock.set(START)
    const a = await actors()
    const h = await household(a.village)
    let c = await open(a.village, 'DIBAO_APPLY', { householdId: h.id, values: {} })
    expect(c.case.state).toBe('APPLIED')
    c = await ok(await act(a.town, c, 'NOTIFY_MISSING', { values: { missingItems: '户口簿复印件\n核对授权书' } }))
    expect(c.case.data.missingItems).toEqual(['户口簿复印件', '核对授权书'])
    expect((await act(a.town, c, 'NOTIFY_MISSING', { values: { missingItems: '再次' } })).statusCode).toBe(422)
    c = await ok(await act(a.town, c, 'ACCEPT'))
    expect((await act(a.town, c, 'CONSENT', { values: { consent: false } })).statusCode).toBe(422)
    c = await ok(await act(a.town, c, 'CONSENT', { values: { consent: true } }))
    c = await ok(await act(a.town, c, 'CHECKED'))
    expect(c.case.state).toBe('HOUSEHOLD_INVESTIGATION')
    const engine = c.case.data.engine as {
      outputs: Record<string, unknown>
      explanation: Array<{
        variable: string
        member?: string
        rule?: string
        ruleLabel?: { zh: string }
        params?: Array<{ path: string; label: { zh: string }; value: number; unit: string; localDefault?: boolean }>
      }>
    }
    expect(engine.outputs.dibao_eligible).toBe(true)
    expect(engine.outputs.dibao_standard).toBe(78_400)
    expect(engine.outputs.dibao_benefit).toBe(3 * 78_400)
    expect(engine.explanation[0]?.variable).toBe('dibao_standard')
    // the standard read is named for officials with its value; a demo value no national text sets is a local default
    const standard = engine.explanation.flatMap((e) => e.params ?? []).find((p) => p.path === 'dibao.standard_rural')
    expect(standard).toMatchObject({ label: { zh: '农村最低生活保障标准' }, value: 78_400, localDefault: true })
    // the benefit's rule by its name, and each member's lines under the member's name
    const benefit = engine.explanation.find((e) => e.variable === 'dibao_benefit')
    expect(benefit?.ruleLabel?.zh).toBe('补差发放')
    const members = new Set(engine.explanation.flatMap((e) => (e.member ? [e.member] : [])))
    expect(members.size).toBeGreaterThan(0)
    c = await ok(await act(a.town, c, 'VISIT', { comment: '走访邻居两户，情况属实' }))
    const same = await act(a.town, c, 'INVESTIGATED', {
      values: { investigator1: '李工作', investigator2: '李工作', visitsNote: '邻居两户' },
    })
    expect(same.statusCode).toBe(422)
    c = await ok(await act(a.town, c, 'INVESTIGATED', { values: { ...staff, visitsNote: '邻居两户' } }))
    expect(c.case.data.monthlyBenefit).toBe(2352)
    c = await ok(await act(a.town, c, 'PROPOSE'))
    expect(c.case.state).toBe('PUBLICITY')
    const notice = await t.call('GET', `/api/cases/${c.case.id}/notices/1`, { as: a.village })
    expect(notice.statusCode, notice.body).toBe(200)
    expect(JSON.stringify(notice.json().data)).not.toMatch(/\d{17}[\dX]/)
    // Objection → re-investigation → re-publicity (round 2).
    c = await ok(await act(a.town, c, 'OBJECT', { values: { receivedOn: '2026-11-28', content: '有务工收入未申报' } }))
    expect(c.case.state).toBe('HOUSEHOLD_INVESTIGATION')
    await t.travel(DAY)
    c = await ok(await act(a.town, c, 'INVESTIGATED', { values: { ...staff, visitsNote: '复查：务工收入不实' } }))
    c = await ok(await act(a.town, c, 'PROPOSE'))
    const detail = (await t.call('GET', `/api/cases/${c.case.id}`, { as: a.county })).json().data
    expect(detail.publicity.map((p: { round: number }) => p.round)).toEqual([1, 2])
    expect((await act(a.town, c, 'PUBLICITY_DONE')).statusCode).toBe(422)
    await t.travel(8 * DAY)
    // Township confirmation is refused where the parameter does not delegate it.
    const delegated = await act(a.town2, c, 'CONFIRM_TOWNSHIP', { values: { classification: 'B' } })
    expect(delegated.statusCode).toBe(422)
    expect(delegated.json().error.message).toMatch(/dibao.confirm_delegated/)
    c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
    expect(c.case.state).toBe('COUNTY_CONFIRMATION')
    expect((await act(a.town, c, 'CONFIRM', { values: { classification: 'B' } })).statusCode).toBe(403)
    c = await ok(await act(a.county, c, 'CONFIRM', { values: { classification: 'C' } }))
    expect(c.case.state).toBe('APPROVED')
    expect(c.case.data.startMonth).toBe('2027-01')
    // The decision: engine amount (fen), from the month after approval, with trace and parameter digest.
    const [dec] = await decisionsOf(c.case.id)
    expect(dec).toMatchObject({ programme: 'DIBAO', classification: 'C', status: 'PAYING', covered_persons: 3 })
    expect(Number(dec!.monthly_amount)).toBe(235_200)
    expect(day(dec!.since)).toBe('2027-01-01')
    expect(dec!.param_digest).toMatch(/\w+/)
    expect(JSON.stringify(dec!.trace)).toMatch(/dibao_standard/)
    expect(await entriesOf(dec!.id)).toHaveLength(3)
    // The household is now a 低保 household: on its record, its timeline, and the registry's search filter.
    const rec = (await t.call('GET', `/api/households/${h.id}`, { as: a.village })).json().data
    expect(rec.lowIncomeGroups).toEqual(['DIBAO'])
    const found = await t.call('GET', '/api/households?lowIncomeGroup=DIBAO&pageSize=100', { as: a.village })
    expect(found.json().data.map((x: { id: string }) => x.id)).toContain(h.id)
    const cov = await t.call('GET', `/api/applications/coverage?householdId=${h.id}`, { as: a.village })
    expect(cov.json().data).toHaveLength(3)
    expect(
      (await t.call('GET', `/api/applications/coverage?householdId=${h.id}`, { as: a.otherVillage })).statusCode,
    ).toBe(404)
    // No double benefit: a second 低保 application, or a 特困 one for a covered member, is refused with the reason.
    let again = await open(a.village, 'DIBAO_APPLY', { householdId: h.id, values: {} })
    const dup = await act(a.town, again, 'ACCEPT')
    expect(dup.statusCode).toBe(422)
    expect(dup.json().error.message).toMatch(/不能重复享受.*马哈麦.*最低生活保障/)
    again = await ok(await act(a.town, again, 'REFUSE', { values: { reasons: '已在保' } }))
    const head = (await t.call('GET', `/api/households/${h.id}`, { as: a.village })).json().data.members[0]
    const tk = await open(a.village, 'TEKUN_APPLY', { householdId: h.id, personId: head.id, values: {} })
    expect((await act(a.town, tk, 'ACCEPT')).json().error.details.conflicts[0]).toMatchObject({ group: 'DIBAO' })
    const decision = await t.call('GET', `/api/applications/${c.case.id}/decision`, { as: a.village })
    expect(decision.statusCode, decision.body).toBe(200)
    const dn = decision.json().data
    expect(dn.kind).toBe('APPROVAL')
    expect(dn.lines[0]).toMatch(/2352\.00 元.*2027-01/)
    expect(JSON.stringify(dn)).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}/)
    // Scope: another village sees nothing.
    expect((await t.call('GET', `/api/cases/${c.case.id}`, { as: a.otherVillage })).statusCode).toBe(404)
    expect((await t.call('GET', `/api/applications/${c.case.id}/decision`, { as: a.otherVillage })).statusCode).toBe(
      404,
    )
    // Audit: one row per step in the same transaction.
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', c.case.id)
      .execute()
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining(['case.DIBAO_APPLY.open', 'case.DIBAO_APPLY.checked', 'case.DIBAO_APPLY.confirm']),
    )
    const decAudit = await t.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', dec!.id)
      .execute()
    expect(decAudit.map((x) => x.action)).toEqual(['decision.record'])
    t.clock.set(START)
  })

  test('whoever investigated cannot confirm; refusal gives a written notice with reasons', async () => {
    t.clock.set(START)
    const a = await actors()
    const h = await household(a.village)
    let c = await open(a.town, 'DIBAO_APPLY', { householdId: h.id, values: {} })
    c = await ok(await act(a.town, c, 'ACCEPT'))
    c = await ok(await act(a.town, c, 'CONSENT', { values: { consent: true } }))
    c = await ok(await act(a.town, c, 'CHECKED'))
    c = await ok(await act(a.town, c, 'INVESTIGATED', { values: { ...staff, visitsNote: '邻居' } }))
    c = await ok(await act(a.town, c, 'PROPOSE'))
    await t.travel(8 * DAY)
    c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
    c = await ok(await act(a.county2, c, 'SPOT_CHECK', { comment: '县级入户抽查，家中无其他收入' }))
    const sod = await act(a.county2, c, 'CONFIRM', { values: { classification: 'B' } })
    expect(sod.statusCode).toBe(403)
    expect(sod.json().error.code).toBe('SEPARATION_OF_DUTY')
    c = await ok(
      await act(a.county, c, 'REFUSE', { values: { reasons: '家庭成员有稳定务工收入，人均收入高于当地低保标准' } }),
    )
    const dn = (await t.call('GET', `/api/applications/${c.case.id}/decision`, { as: a.town })).json().data
    expect(dn).toMatchObject({ kind: 'REFUSAL', reasons: expect.stringMatching(/务工收入/) })
    expect(dn.title).toBe('最低生活保障不予批准通知书')
    expect(await decisionsOf(c.case.id)).toHaveLength(0)
    t.clock.set(START)
  })

  test('30 working days across 国庆 from the official calendar, extension to 45 with a reason', async () => {
    t.clock.set('2026-09-25T02:00:00Z')
    const a = await actors()
    const h = await household(a.village)
    let c = await open(a.village, 'DIBAO_APPLY', { householdId: h.id, values: {} })
    const cal = new WorkCalendar(officialCalendar())
    const due = cal.deadline('2026-09-25', 30, 'working_days')
    expect(c.case.dueOn).toBe(due)
    // 国庆 rests: 30 WD reach further than six calendar weeks would without the holiday.
    expect(cal.workingDaysBetween('2026-09-25', due)).toBe(30)
    expect(due > '2026-11-06').toBe(true)
    c = await ok(await act(a.town, c, 'ACCEPT'))
    expect((await act(a.town, c, 'EXTEND')).statusCode).toBe(400)
    c = await ok(await act(a.town, c, 'EXTEND', { comment: '需跨县核对不动产信息' }))
    expect(c.case.dueOn).toBe(cal.deadline('2026-09-25', 45, 'working_days'))
    expect((await act(a.town, c, 'EXTEND', { comment: '再延' })).statusCode).toBe(422)
    t.clock.set(START)
  })

  test('单人户: a member applying alone is evaluated with the single-person rules', async () => {
    t.clock.set(START)
    const a = await actors()
    const sonId = makeId('19900101', 'm')
    const h = await household(a.village, [
      { name: '杨大山', idNumber: makeId('19600101', 'm'), relationToHead: 'HEAD', labourSkill: 'ORDINARY' },
      {
        name: '杨小山',
        idNumber: sonId,
        relationToHead: 'SON',
        labourSkill: 'LOST',
        health: 'DISABLED',
        disabilityCertNo: `${sonId}42`,
      },
    ])
    const res = await t.call('GET', `/api/households/${h.id}`, { as: a.village })
    const members = (res.json().data.members ?? res.json().data.snapshot?.members) as Array<{
      id: string
      relationToHead?: string
      relation_to_head?: string
    }>
    const son = members.find((m) => (m.relationToHead ?? m.relation_to_head) === 'SON')!
    let c = await open(a.village, 'DIBAO_APPLY', {
      householdId: h.id,
      personId: son.id,
      values: { singlePerson: true },
    })
    c = await ok(await act(a.town, c, 'ACCEPT'))
    c = await ok(await act(a.town, c, 'CONSENT', { values: { consent: true } }))
    c = await ok(await act(a.town, c, 'CHECKED'))
    const outputs = (c.case.data.engine as { outputs: Record<string, unknown> }).outputs
    expect(outputs).toHaveProperty('dibao_applicant_income')
    expect(outputs).toHaveProperty('marginal_income_test')
    expect(outputs.dibao_eligible).toBe(true)
    t.clock.set(START)
  })
})

describe('临时救助', () => {
  test('fast track: amount cap from the catalogue with its source, annual cap per household, prior rescue', async () => {
    t.clock.set(START)
    const a = await actors()
    const h = await household(a.village)
    let c = await open(a.village, 'TEMP_RELIEF', { householdId: h.id, values: {} })
    c = await ok(await act(a.town, c, 'FAST'))
    expect(c.case.state).toBe('FAST_TRACK')
    const over = await act(a.town, c, 'GRANT_FAST', { values: { amount: 785 } })
    expect(over.statusCode).toBe(422)
    expect(over.json().error.details).toMatchObject({ cap: 784, source: expect.stringMatching(/fast_max_mult/) })
    c = await ok(await act(a.town, c, 'GRANT_FAST', { values: { amount: 784 } }))
    expect(c.case).toMatchObject({ state: 'PAID', data: { amount: 784, documentsAfter: true, path: 'FAST_TRACK' } })
    const [relief] = await decisionsOf(c.case.id)
    expect(relief).toMatchObject({ programme: 'TEMP_RELIEF', relief_type: 'URGENT', pay_month: '202611' })
    expect(Number(relief!.one_off_amount)).toBe(78_400)
    expect(await entriesOf(relief!.id)).toHaveLength(0)
    expect(over.json().error.details.citations).toEqual(expect.arrayContaining([expect.stringMatching(/^S29/)]))
    // Prior rescue of 7,000: within the per-case cap (10 × 784) but over the annual cap (12 × 784 = 9,408) with 784 + 7,000 + 2,000.
    let p = await open(a.village, 'TEMP_RELIEF', { householdId: h.id, values: {} })
    p = await ok(await act(a.town, p, 'PRIOR'))
    // an amount above the per-case cap (10 × 784) is refused when it is entered, garbage by the field's range
    const tooMuch = await act(a.town, p, 'RESCUED', { values: { amount: 7840.01 } })
    expect(tooMuch.statusCode).toBe(422)
    expect(tooMuch.json().error.details).toMatchObject({ cap: 7840, source: expect.stringMatching(/max_mult/) })
    const garbage = await act(a.town, p, 'RESCUED', { values: { amount: 2 ** 53 - 1 } })
    expect(garbage.json().error.code).toBe('VALIDATION_FAILED')
    p = await ok(await act(a.town, p, 'RESCUED', { values: { amount: 7000 } }))
    p = await ok(await act(a.county, p, 'APPROVE'))
    expect(p.case.state).toBe('PAID')
    let s = await open(a.village, 'TEMP_RELIEF', { householdId: h.id, values: {} })
    s = await ok(await act(a.town, s, 'STANDARD', { values: { reliefType: 'EXPENDITURE' } }))
    s = await ok(await act(a.town, s, 'INVESTIGATED', { values: { amount: 2000 } }))
    await t.travel(8 * DAY)
    s = await ok(await act(a.town, s, 'PUBLICITY_DONE'))
    const capped = await act(a.county, s, 'APPROVE')
    expect(capped.statusCode).toBe(422)
    expect(capped.json().error.details).toMatchObject({ cap: 9408, granted: 7784 })
    t.clock.set(START)
  })
})

describe('特困', () => {
  test('self-care assessment → care tier, a minor never on the notice, county confirmation; termination with publicity', async () => {
    t.clock.set(START)
    const a = await actors()
    const h = await household(a.village, [
      { name: '张孤儿', idNumber: makeId('20150505', 'm'), relationToHead: 'HEAD', schoolStatus: 'PRIMARY' },
    ])
    const hd = (await t.call('GET', `/api/households/${h.id}`, { as: a.village })).json().data
    const person = (hd.members as Array<{ id: string }>)[0]!
    let c = await open(a.village, 'TEKUN_APPLY', { personId: person.id, householdId: h.id, values: {} })
    c = await ok(await act(a.town, c, 'ACCEPT'))
    expect(c.case.data.isMinor).toBe(true)
    const items = { eating: '2', dressing: '2', bed_transfer: '2', toileting: '2', indoor_walking: '1', bathing: '2' }
    c = await ok(
      await act(a.town, c, 'ASSESSED', {
        values: { ...staff, ...items, supporter: 'NONE', supportMode: 'INSTITUTION' },
      }),
    )
    expect(c.case.data.selfCare).toMatchObject({ unable: 5, tier: 'FULL_CARE' })
    c = await ok(await act(a.town, c, 'PROPOSE'))
    const notice = (await t.call('GET', `/api/cases/${c.case.id}/notices/1`, { as: a.village })).json().data
    expect(JSON.stringify(notice)).not.toMatch(/张孤儿/)
    await t.travel(8 * DAY)
    c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
    c = await ok(await act(a.county, c, 'CONFIRM'))
    expect(c.case.data.startMonth).toBe('2027-01')
    const dn = (await t.call('GET', `/api/applications/${c.case.id}/decision`, { as: a.town })).json().data
    expect(dn.lines.join('')).toMatch(/月供养金 [\d.]+ 元.*集中供养/)
    expect(dn.lines.join('')).not.toMatch(/自理/)
    const [tdec] = await decisionsOf(c.case.id)
    expect(tdec).toMatchObject({ programme: 'TEKUN', person_id: person.id, care_tier: 'FULL_CARE', status: 'PAYING' })
    expect(tdec!.support_mode).toBe('INSTITUTION')
    expect(Number(tdec!.monthly_amount)).toBe(Math.round(Number(c.case.data.monthlyBenefit) * 100))
    expect(Number(tdec!.monthly_amount)).toBeGreaterThan(78_400)

    let term = await open(a.town, 'TEKUN_TERMINATE', {
      personId: person.id,
      householdId: h.id,
      values: { reason: 'INCOME' },
    })
    expect((await act(a.town, term, 'NO_PUBLICITY', { comment: '—' })).statusCode).toBe(422)
    term = await ok(await act(a.town, term, 'INVESTIGATED', { comment: '有法定抚养人' }))
    term = await ok(
      await act(a.town, term, 'OBJECT', { values: { receivedOn: '2026-12-06', content: '抚养人无能力' } }),
    )
    expect(term.case.state).toBe('INVESTIGATION')
    term = await ok(await act(a.town, term, 'INVESTIGATED', { comment: '复查属实' }))
    await t.travel(8 * DAY)
    term = await ok(await act(a.town, term, 'PUBLICITY_DONE'))
    term = await ok(await act(a.county, term, 'TERMINATE'))
    expect(term.case.data.stopMonth).toBe('2027-01')
    const ended = await t.deps.db
      .selectFrom('sa_decision')
      .selectAll()
      .where('id', '=', tdec!.id)
      .executeTakeFirstOrThrow()
    expect(ended).toMatchObject({ status: 'TERMINATED', version: 2 })
    expect(day(ended.until)).toBe('2026-12-31')
    expect((await entriesOf(tdec!.id)).map((e) => day(e.until))).toEqual(['2026-12-31'])
    t.clock.set(START)
  })
})

describe('低保 dynamic management', () => {
  test('a household terminated above the 低保 line but below the 边缘 line enters the registry as 低保边缘', async () => {
    t.clock.set(START)
    const a = await actors()
    const h = await household(a.village, [
      { name: '孙户主', idNumber: makeId('19680808', 'm'), relationToHead: 'HEAD', labourSkill: 'WEAK' },
      { name: '孙妻', idNumber: makeId('19700909', 'f'), relationToHead: 'SPOUSE', labourSkill: 'WEAK' },
    ])
    await approveDibao(a, h.id, 'C')
    // Crops now bring 24,000 yuan a year: 1,000 yuan per person and month, above 784, below 1.5 × 784.
    await t.deps.db
      .insertInto('income_assessment')
      .values({
        id: crypto.randomUUID(),
        household_id: h.id,
        county_code: '622926',
        region_code: R.village,
        assessment_type: 'ANNUAL',
        period_start: '2026-01-01',
        period_end: '2026-12-31',
        items: JSON.stringify({ crops: 2_400_000 }),
        wage: 0,
        business: 2_400_000,
        property: 0,
        transfer: 0,
        business_costs: 0,
        claim_income: 0,
        compliant_self_paid: 0,
        net_income: 2_400_000,
        household_size: 2,
        per_capita_net: 1_200_000,
        reference_income: 2_400_000,
        per_capita_reference: 1_200_000,
        created_at: new Date(),
        created_by: null,
      })
      .execute()
    let r = await open(a.county, 'DIBAO_REVIEW', { householdId: h.id, values: { trigger: 'REPORTED_CHANGE' } })
    r = await ok(await act(a.town, r, 'PROPOSE_TERMINATION', { values: { reasons: '家庭人均收入超过低保标准' } }))
    await t.travel(8 * DAY)
    r = await ok(await act(a.town, r, 'PUBLICITY_DONE'))
    r = await ok(await act(a.county, r, 'DECIDE'))
    expect(r.case.data.exitCheck).toMatchObject({ marginal: true })
    const decisions = await decisionsOf(r.case.id)
    const marginal = decisions.find((d) => d.programme === 'DIBAO_MARGINAL')
    expect(marginal).toMatchObject({ status: 'PAYING', monthly_amount: 0 })
    const entries = await entriesOf(marginal!.id)
    expect(entries.map((e) => e.group_code)).toEqual(['DIBAO_MARGINAL', 'DIBAO_MARGINAL'])
    expect(day(entries[0]!.since)).toBe(`${String(r.case.data.stopMonth)}-01`)
    // The household's groups follow the decisions, each change a version of the household with its audit row.
    const rec = (await t.call('GET', `/api/households/${h.id}`, { as: a.village })).json().data
    expect(rec.lowIncomeGroups).toEqual(['DIBAO_MARGINAL'])
    const history = (await t.call('GET', `/api/households/${h.id}/history`, { as: a.village })).json().data as Array<{
      action: string
      changes: Array<{ path: string; before: unknown; after: unknown }>
    }>
    const moves = history.filter((v) => v.action.startsWith('assistance.'))
    expect(moves.map((v) => v.action).sort()).toEqual(['assistance.enter', 'assistance.enter', 'assistance.exit'])
    const exit = moves.find((v) => v.action === 'assistance.exit')!
    expect(exit.changes).toContainEqual(expect.objectContaining({ before: ['DIBAO'], after: [] }))
    const audits = await t.deps.db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .where('subject_id', '=', h.id)
      .where('action', 'like', 'household.assistance.%')
      .execute()
    expect(audits).toHaveLength(3)
    expect(audits.find((x) => x.action === 'household.assistance.exit')?.after).toMatchObject({ programme: 'DIBAO' })
    t.clock.set(START)
  })

  test('a vehicle registered by a 低保 household raises one review (FEED_EVENT); other department rows do not', async () => {
    t.clock.set(START)
    const a = await actors()
    const headId = makeId('19750505', 'm')
    const h = await household(a.village, [
      { name: '钱户主', idNumber: headId, relationToHead: 'HEAD', labourSkill: 'WEAK' },
    ])
    const c = await approveDibao(a, h.id, 'B')
    const provider = await t.login(await t.user({ role: 'DEPT_DATA_PROVIDER', region: R.county }))
    const pushed = (source: string, records: unknown[]) =>
      t.call('POST', `/api/feeds/${source}/records`, { as: provider, json: { records } })
    const raise = async () =>
      (await t.call('POST', '/api/applications/reviews/raise', { as: a.county, json: { county: '622926' } })).json()
        .data as { events: number }
    const reviews = () =>
      t.deps.db
        .selectFrom('wf_case')
        .selectAll()
        .where('case_type', '=', 'DIBAO_REVIEW')
        .where('household_id', '=', h.id)
        .execute()
    const later = '2026-12-10'
    t.clock.set(`${later}T02:00:00Z`)
    await t.travel(0)
    // a birth is a registration event, not a reason to review the benefit
    expect((await pushed('POLICE', [{ idNumber: headId, dataDate: later, event: 'BIRTH' }])).statusCode).toBe(200)
    await raise()
    expect(await reviews()).toHaveLength(0)
    expect(
      (await pushed('ASSETS', [{ idNumber: headId, dataDate: later, assetType: '机动车', value: '52000' }])).statusCode,
    ).toBe(200)
    expect((await raise()).events).toBe(1)
    expect((await raise()).events).toBe(0)
    const list = await reviews()
    expect(list).toHaveLength(1)
    expect(list[0]!.data).toMatchObject({ trigger: 'FEED_EVENT', sourceCaseId: c.case.id })
    t.clock.set(START)
  })

  test('reviews raised by classification and for a member turning 18; outcomes with gradual exit and termination', async () => {
    t.clock.set(START)
    const a = await actors()
    const h = await household(a.village, [
      { name: '赵父', idNumber: makeId('19700101', 'm'), relationToHead: 'HEAD', labourSkill: 'WEAK' },
      { name: '赵子', idNumber: makeId('20090101', 'm'), relationToHead: 'SON', schoolStatus: 'NOT_IN_SCHOOL' },
    ])
    const c = await approveDibao(a, h.id, 'B')
    // a second 低保 household of class B that stays paying, for the yearly review below
    const h2 = await household(a.village, [
      { name: '钱父', idNumber: makeId('19690202', 'm'), relationToHead: 'HEAD', labourSkill: 'WEAK' },
    ])
    await approveDibao(a, h2.id, 'B')
    const raise = () => t.call('POST', '/api/applications/reviews/raise', { as: a.county, json: { county: '622926' } })
    expect(
      (await t.call('POST', '/api/applications/reviews/raise', { as: a.town, json: { county: '622926' } })).statusCode,
    ).toBe(403)
    // Son turns 18 on 2027-01-01, not in school → review trigger.
    t.clock.set('2027-01-05T02:00:00Z')
    await t.travel(0)
    const first = (await raise()).json().data
    expect(first.minors).toBeGreaterThanOrEqual(1)
    const again = (await raise()).json().data
    expect(again.minors).toBe(0)
    const list = await t.deps.db
      .selectFrom('wf_case')
      .selectAll()
      .where('case_type', '=', 'DIBAO_REVIEW')
      .where('household_id', '=', h.id)
      .execute()
    expect(list).toHaveLength(1)
    expect(list[0]!.data).toMatchObject({ trigger: 'MINOR_ADULT', sourceCaseId: c.case.id })
    const detail = (await t.call('GET', `/api/cases/${list[0]!.id}`, { as: a.town })).json().data as Detail
    let r = await ok(await act(a.town, detail, 'RECOMPUTE'))
    // Above the most two covered persons can get (2 × 784) → refused with the cap and its source.
    const capped = await act(a.town, r, 'PROPOSE', { values: { outcome: 'INCREASE', newBenefit: 1569 } })
    expect(capped.statusCode).toBe(422)
    expect(capped.json().error.details).toMatchObject({ cap: 1568, source: expect.stringMatching(/standard_rural/) })
    // An "increase" to less than the benefit in force is refused.
    const wrongWay = await act(a.town, r, 'PROPOSE', { values: { outcome: 'INCREASE', newBenefit: 1 } })
    expect(wrongWay.statusCode).toBe(422)
    expect(wrongWay.body).toMatch(/须高于现月保障金/)
    r = await ok(await act(a.town, r, 'PROPOSE', { values: { outcome: 'GRADUAL_EXIT', exitCase: 'GENERAL' } }))
    expect(r.case.data.gradualExitUntil).toBe('2027-07-31')
    expect((await act(a.town, r, 'DECIDE')).statusCode).toBe(403)
    r = await ok(await act(a.county, r, 'DECIDE'))
    const [rdec] = await decisionsOf(r.case.id)
    expect(rdec).toMatchObject({ programme: 'DIBAO', status: 'GRADUAL_EXIT', version: 2 })
    expect(day(rdec!.gradual_exit_until)).toBe('2027-07-31')
    const dn = (await t.call('GET', `/api/applications/${r.case.id}/decision`, { as: a.town })).json().data
    expect(dn.lines[0]).toMatch(/2027-07-31/)
    // A year after approval: the gradual exit is over, so it ends (no review for that household), and the stable
    // household still paying is due for its scheduled review.
    t.clock.set('2028-01-10T02:00:00Z')
    await t.travel(0)
    const yearly = (await raise()).json().data
    expect(yearly.scheduled).toBeGreaterThanOrEqual(1) // other tests' households share the county
    expect(yearly.gradualExitsEnded).toBeGreaterThanOrEqual(1)
    expect(await decisionsOf(r.case.id)).toEqual([
      expect.objectContaining({ status: 'TERMINATED', version: 3, gradual_exit_until: rdec!.gradual_exit_until }),
    ])
    const ended = (await t.call('GET', `/api/households/${h.id}`, { as: a.village })).json().data
    expect(ended.lowIncomeGroups).toEqual([])
    const exits = (await t.call('GET', `/api/households/${h.id}/history`, { as: a.village })).json().data as Array<{
      action: string
    }>
    expect(exits[0]!.action).toBe('assistance.exit')
    expect((await raise()).json().data).toMatchObject({ scheduled: 0, gradualExitsEnded: 0 })
    const scheduledForEnded = await t.deps.db
      .selectFrom('wf_case')
      .select('id')
      .where('case_type', '=', 'DIBAO_REVIEW')
      .where('household_id', '=', h.id)
      .where(sql<boolean>`data->>'trigger' = 'SCHEDULE'`)
      .execute()
    expect(scheduledForEnded).toEqual([]) // its 低保 is over: no review
    const rows = await t.deps.db
      .selectFrom('wf_case')
      .selectAll()
      .where('case_type', '=', 'DIBAO_REVIEW')
      .where('household_id', '=', h2.id)
      .where('closed_at', 'is', null)
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.data).toMatchObject({ trigger: 'SCHEDULE' })
    let term = (await t.call('GET', `/api/cases/${rows[0]!.id}`, { as: a.town })).json().data as Detail
    term = await ok(await act(a.town, term, 'PROPOSE_TERMINATION', { values: { reasons: '家庭人均收入超过低保标准' } }))
    await t.travel(8 * DAY)
    term = await ok(await act(a.town, term, 'PUBLICITY_DONE'))
    term = await ok(await act(a.county, term, 'DECIDE'))
    expect(term.case.data.stopMonth).toBe('2028-02')
    const [tdec] = await decisionsOf(term.case.id)
    expect(tdec).toMatchObject({ status: 'TERMINATED', version: 2, household_id: h2.id })
    t.clock.set(START)
  })
})

describe('特困 self-care re-assessment', () => {
  test('an elderly person loses self-care: the care tier and the amount change from next month', async () => {
    t.clock.set(START)
    const a = await actors()
    const h = await household(a.village, [
      { name: '李老汉', idNumber: makeId('19400303', 'm'), relationToHead: 'HEAD', labourSkill: 'LOST' },
    ])
    const person = (await t.call('GET', `/api/households/${h.id}`, { as: a.village })).json().data.members[0]
    let c = await open(a.village, 'TEKUN_APPLY', { personId: person.id, householdId: h.id, values: {} })
    c = await ok(await act(a.town, c, 'ACCEPT'))
    const able = { eating: '0', dressing: '0', bed_transfer: '0', toileting: '0', indoor_walking: '0', bathing: '0' }
    c = await ok(
      await act(a.town, c, 'ASSESSED', { values: { ...staff, ...able, supporter: 'NONE', supportMode: 'HOME' } }),
    )
    expect(c.case.data.selfCare).toMatchObject({ tier: 'SELF_CARE' })
    c = await ok(await act(a.town, c, 'PROPOSE'))
    await t.travel(8 * DAY)
    c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
    c = await ok(await act(a.county, c, 'CONFIRM'))
    const [dec] = await decisionsOf(c.case.id)
    expect(dec).toMatchObject({ care_tier: 'SELF_CARE', support_mode: 'HOME' })
    const before = Number(dec!.monthly_amount)

    let r = await open(a.village, 'TEKUN_REASSESS', {
      personId: person.id,
      householdId: h.id,
      values: { reason: '中风后卧床' },
    })
    const items = { eating: '2', dressing: '2', bed_transfer: '2', toileting: '2', indoor_walking: '2', bathing: '1' }
    r = await ok(await act(a.town, r, 'ASSESSED', { values: { ...staff, ...items, supportMode: 'HOME' } }))
    expect(r.case.data).toMatchObject({ previousTier: 'SELF_CARE', newTier: 'FULL_CARE' })
    expect((await act(a.town, r, 'CONFIRM')).statusCode).toBe(403)
    r = await ok(await act(a.county, r, 'CONFIRM'))
    const rn = (await t.call('GET', `/api/applications/${r.case.id}/decision`, { as: a.town })).json().data
    expect(rn).toMatchObject({ kind: 'CHANGE', title: '特困人员救助供养复核决定通知书' })
    const after = await t.deps.db
      .selectFrom('sa_decision')
      .selectAll()
      .where('id', '=', dec!.id)
      .executeTakeFirstOrThrow()
    expect(after).toMatchObject({ care_tier: 'FULL_CARE', version: 2, status: 'PAYING' })
    expect(Number(after.monthly_amount)).toBeGreaterThan(before)
    const audit = await t.deps.db.selectFrom('audit_event').select('action').where('subject_id', '=', dec!.id).execute()
    expect(audit.map((x) => x.action).sort()).toEqual(['decision.change', 'decision.record'])
    t.clock.set(START)
  })
})

describe('特困 minors coming of age', () => {
  test('a 特困 minor out of school turning 18 gets a termination case (reason ADULT), once', async () => {
    t.clock.set(START)
    const a = await actors()
    const id = makeId('20081220', 'm')
    const h = await household(a.village, [
      {
        name: '周少年',
        idNumber: id,
        relationToHead: 'HEAD',
        schoolStatus: 'NOT_IN_SCHOOL',
        labourSkill: 'LOST',
        health: 'DISABLED',
        disabilityCertNo: `${id}41`,
      },
    ])
    const person = (await t.call('GET', `/api/households/${h.id}`, { as: a.village })).json().data.members[0]
    let c = await open(a.village, 'TEKUN_APPLY', { personId: person.id, householdId: h.id, values: {} })
    c = await ok(await act(a.town, c, 'ACCEPT'))
    const able = { eating: '0', dressing: '0', bed_transfer: '0', toileting: '0', indoor_walking: '0', bathing: '0' }
    c = await ok(
      await act(a.town, c, 'ASSESSED', { values: { ...staff, ...able, supporter: 'NONE', supportMode: 'HOME' } }),
    )
    c = await ok(await act(a.town, c, 'PROPOSE'))
    await t.travel(8 * DAY)
    c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
    c = await ok(await act(a.county, c, 'CONFIRM'))
    t.clock.set('2027-01-05T02:00:00Z')
    await t.travel(0)
    const raise = () => t.call('POST', '/api/applications/reviews/raise', { as: a.county, json: { county: '622926' } })
    expect((await raise()).json().data.tekunAdults).toBe(1)
    expect((await raise()).json().data.tekunAdults).toBe(0)
    const term = await t.deps.db
      .selectFrom('wf_case')
      .selectAll()
      .where('case_type', '=', 'TEKUN_TERMINATE')
      .where('person_id', '=', person.id)
      .execute()
    expect(term).toHaveLength(1)
    expect(term[0]!.data).toMatchObject({ reason: 'ADULT' })
    t.clock.set(START)
  })
})
