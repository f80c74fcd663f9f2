import { computeCheckChar } from '@xianjie/rules/identifiers'
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
      explanation: Array<{ variable: string; params?: string[] }>
    }
    expect(engine.outputs.dibao_eligible).toBe(true)
    expect(engine.outputs.dibao_standard).toBe(78_400)
    expect(engine.outputs.dibao_benefit).toBe(3 * 78_400)
    expect(engine.explanation[0]?.variable).toBe('dibao_standard')
    expect(engine.explanation.some((e) => e.params?.some((p) => p.startsWith('dibao.standard_rural')))).toBe(true)
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
    const delegated = await act(a.town2, c, 'CONFIRM_TOWNSHIP', { values: { classification: 'STABLE' } })
    expect(delegated.statusCode).toBe(422)
    expect(delegated.json().error.message).toMatch(/dibao.confirm_delegated/)
    c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
    expect(c.case.state).toBe('COUNTY_CONFIRMATION')
    expect((await act(a.town, c, 'CONFIRM', { values: { classification: 'STABLE' } })).statusCode).toBe(403)
    c = await ok(await act(a.county, c, 'CONFIRM', { values: { classification: 'UNSTABLE' } }))
    expect(c.case.state).toBe('APPROVED')
    expect(c.case.data.startMonth).toBe('2027-01')
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
    const sod = await act(a.county2, c, 'CONFIRM', { values: { classification: 'STABLE' } })
    expect(sod.statusCode).toBe(403)
    expect(sod.json().error.code).toBe('SEPARATION_OF_DUTY')
    c = await ok(
      await act(a.county, c, 'REFUSE', { values: { reasons: '家庭成员有稳定务工收入，人均收入高于当地低保标准' } }),
    )
    const dn = (await t.call('GET', `/api/applications/${c.case.id}/decision`, { as: a.town })).json().data
    expect(dn).toMatchObject({ kind: 'REFUSAL', reasons: expect.stringMatching(/务工收入/) })
    expect(dn.title).toBe('最低生活保障不予批准通知书')
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
    // Prior rescue of 7,000: within the per-case cap (10 × 784) but over the annual cap (12 × 784 = 9,408) with 784 + 7,000 + 2,000.
    let p = await open(a.village, 'TEMP_RELIEF', { householdId: h.id, values: {} })
    p = await ok(await act(a.town, p, 'PRIOR'))
    p = await ok(await act(a.town, p, 'RESCUED', { values: { amount: 7000 } }))
    p = await ok(await act(a.county, p, 'APPROVE'))
    expect(p.case.state).toBe('PAID')
    let s = await open(a.village, 'TEMP_RELIEF', { householdId: h.id, values: {} })
    s = await ok(await act(a.town, s, 'STANDARD'))
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
    c = await ok(await act(a.town, c, 'ASSESSED', { values: { ...staff, ...items, supportMode: 'INSTITUTION' } }))
    expect(c.case.data.selfCare).toMatchObject({ unable: 5, tier: 'FULL_CARE' })
    c = await ok(await act(a.town, c, 'PROPOSE'))
    const notice = (await t.call('GET', `/api/cases/${c.case.id}/notices/1`, { as: a.village })).json().data
    expect(JSON.stringify(notice)).not.toMatch(/张孤儿/)
    await t.travel(8 * DAY)
    c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
    c = await ok(await act(a.county, c, 'CONFIRM'))
    expect(c.case.data.startMonth).toBe('2027-01')
    const dn = (await t.call('GET', `/api/applications/${c.case.id}/decision`, { as: a.town })).json().data
    expect(dn.lines.join('')).toMatch(/集中供养.*完全丧失/)

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
    t.clock.set(START)
  })
})

describe('低保 dynamic management', () => {
  test('reviews raised by classification and for a member turning 18; outcomes with gradual exit and termination', async () => {
    t.clock.set(START)
    const a = await actors()
    const h = await household(a.village, [
      { name: '赵父', idNumber: makeId('19700101', 'm'), relationToHead: 'HEAD', labourSkill: 'WEAK' },
      { name: '赵子', idNumber: makeId('20090101', 'm'), relationToHead: 'SON', schoolStatus: 'NOT_IN_SCHOOL' },
    ])
    let c = await open(a.village, 'DIBAO_APPLY', { householdId: h.id, values: {} })
    c = await ok(await act(a.town, c, 'ACCEPT'))
    c = await ok(await act(a.town, c, 'CONSENT', { values: { consent: true } }))
    c = await ok(await act(a.town, c, 'CHECKED'))
    c = await ok(await act(a.town, c, 'INVESTIGATED', { values: { ...staff, visitsNote: '邻居' } }))
    c = await ok(await act(a.town, c, 'PROPOSE'))
    await t.travel(8 * DAY)
    c = await ok(await act(a.town, c, 'PUBLICITY_DONE'))
    c = await ok(await act(a.county, c, 'CONFIRM', { values: { classification: 'STABLE' } }))
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
    r = await ok(await act(a.town, r, 'PROPOSE', { values: { outcome: 'GRADUAL_EXIT', exitCase: 'GENERAL' } }))
    expect(r.case.data.gradualExitUntil).toBe('2027-07-31')
    expect((await act(a.town, r, 'DECIDE')).statusCode).toBe(403)
    r = await ok(await act(a.county, r, 'DECIDE'))
    const dn = (await t.call('GET', `/api/applications/${r.case.id}/decision`, { as: a.town })).json().data
    expect(dn.lines[0]).toMatch(/2027-07-31/)
    // A year after approval the stable household is due for its scheduled review.
    t.clock.set('2028-01-10T02:00:00Z')
    await t.travel(0)
    const yearly = (await raise()).json().data
    expect(yearly.scheduled).toBeGreaterThanOrEqual(1)
    const rows = await t.deps.db
      .selectFrom('wf_case')
      .selectAll()
      .where('case_type', '=', 'DIBAO_REVIEW')
      .where('household_id', '=', h.id)
      .where('closed_at', 'is', null)
      .execute()
    expect(rows[0]!.data).toMatchObject({ trigger: 'SCHEDULE' })
    let term = (await t.call('GET', `/api/cases/${rows[0]!.id}`, { as: a.town })).json().data as Detail
    term = await ok(await act(a.town, term, 'PROPOSE_TERMINATION', { values: { reasons: '家庭人均收入超过低保标准' } }))
    await t.travel(8 * DAY)
    term = await ok(await act(a.town, term, 'PUBLICITY_DONE'))
    term = await ok(await act(a.county, term, 'DECIDE'))
    expect(term.case.data.stopMonth).toBe('2028-02')
    t.clock.set(START)
  })
})
