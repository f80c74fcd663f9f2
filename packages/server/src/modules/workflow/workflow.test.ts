import { describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { officialCalendar, WorkCalendar } from './calendar.ts'
import { registerCaseType, STAY, validateCaseType } from './definition.ts'
import { townshipGovernment, villageCommittee } from './notices.ts'
import { assertPublicSafe } from './workflow.service.ts'

const t = useTestPlatform()

/** A small identification-like case type over real catalogue parameters. */
registerCaseType<{ risks?: string[]; incomeOk?: boolean; name?: string }>({
  type: 'TEST_IDENT',
  label: { zh: '测试认定', en: 'Test identification' },
  initial: 'VERIFY',
  limit: 'monitoring.ident_max_days',
  openRoles: ['VILLAGE_CADRE'],
  readRoles: ['VILLAGE_CADRE', 'TOWN_RR_OFFICER', 'COUNTY_RR_ADMIN'],
  openFields: [
    {
      name: 'risks',
      label: { zh: '风险类型', en: 'Risks' },
      kind: 'multiselect',
      required: true,
      maxItems: 5,
      options: [
        { value: 'ILLNESS', label: { zh: '因病', en: 'Illness' } },
        { value: 'DISASTER', label: { zh: '因灾', en: 'Disaster' } },
      ],
    },
  ],
  states: {
    VERIFY: {
      label: { zh: '入户核实', en: 'Verification' },
      assignee: { roles: ['VILLAGE_CADRE'], level: 'village' },
      limit: 'monitoring.app_accept_days',
    },
    PUBLICITY: {
      label: { zh: '村级公示', en: 'Village publicity' },
      assignee: { roles: ['VILLAGE_CADRE'], level: 'village' },
      publicity: {
        days: 'monitoring.publicity_min_days',
        place: { zh: '村务公开栏', en: 'Village board' },
        objectionTo: 'VERIFY',
      },
    },
    TOWN: {
      label: { zh: '乡镇审核', en: 'Township review' },
      assignee: { roles: ['TOWN_RR_OFFICER'], level: 'township' },
    },
    COUNTY: {
      label: { zh: '县级审定', en: 'County approval' },
      assignee: { roles: ['COUNTY_RR_ADMIN'], level: 'county' },
    },
    DONE: { label: { zh: '已纳入', en: 'Registered' }, terminal: true },
    REJECTED: { label: { zh: '不予纳入', en: 'Rejected' }, terminal: true },
  },
  returnable: { from: ['TOWN', 'COUNTY'], roles: ['TOWN_RR_OFFICER', 'COUNTY_RR_ADMIN'] },
  notice: (c) => [
    { label: { zh: '户主', en: 'Head' }, value: c.subject_name },
    { label: { zh: '备注', en: 'Note' }, value: String(c.data.name ?? '') },
  ],
  transitions: [
    {
      event: 'VISIT',
      label: { zh: '记录走访', en: 'Log a visit' },
      from: ['VERIFY'],
      to: STAY,
      roles: ['VILLAGE_CADRE'],
      fields: [{ name: 'idNumber', label: { zh: '证件号', en: 'ID' }, kind: 'text' }],
    },
    {
      event: 'VERIFIED',
      label: { zh: '核实完成', en: 'Verified' },
      from: ['VERIFY'],
      to: 'PUBLICITY',
      roles: ['VILLAGE_CADRE'],
      fields: [
        {
          name: 'incomeOk',
          label: { zh: '收入低于监测范围', en: 'Income below the line' },
          kind: 'boolean',
          required: true,
        },
        { name: 'name', label: { zh: '公示备注', en: 'Notice note' }, kind: 'text' },
      ],
      guard: ({ values }) =>
        values.incomeOk ? undefined : { zh: '收入未低于监测范围', en: 'income is not below the monitoring line' },
      effect: ({ values }) => ({ incomeOk: values.incomeOk as boolean, name: (values.name as string) ?? '' }),
    },
    {
      event: 'FORWARD',
      label: { zh: '报乡镇', en: 'Forward' },
      from: ['PUBLICITY'],
      to: 'TOWN',
      roles: ['VILLAGE_CADRE'],
    },
    {
      event: 'REVIEWED',
      label: { zh: '审核通过', en: 'Reviewed' },
      from: ['TOWN'],
      to: 'COUNTY',
      roles: ['TOWN_RR_OFFICER'],
    },
    {
      event: 'APPROVE',
      label: { zh: '审定纳入', en: 'Approve' },
      from: ['COUNTY'],
      to: 'DONE',
      roles: ['COUNTY_RR_ADMIN'],
      separateFrom: ['RECHECK'],
    },
    {
      event: 'RECHECK',
      label: { zh: '县级复核记录', en: 'County re-check' },
      from: ['COUNTY'],
      to: STAY,
      roles: ['COUNTY_RR_ADMIN'],
    },
    {
      event: 'REJECT',
      label: { zh: '不予纳入', en: 'Reject' },
      from: ['COUNTY'],
      to: 'REJECTED',
      roles: ['COUNTY_RR_ADMIN'],
      comment: 'required',
    },
  ],
})

interface Actors {
  village: Session
  otherVillage: Session
  town: Session
  county: Session
  county2: Session
}

let shared: Promise<Actors> | undefined
/** One set of signed-in users for the file (logins are rate-limited per client). */
function actors(): Promise<Actors> {
  shared ??= signIn()
  return shared
}
async function signIn(): Promise<Actors> {
  return {
    village: await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village })),
    otherVillage: await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage })),
    town: await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township })),
    county: await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county })),
    county2: await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county })),
  }
}

async function open(s: Session, values: unknown = { risks: ['ILLNESS'] }) {
  const res = await t.call('POST', '/api/cases', {
    as: s,
    json: { type: 'TEST_IDENT', regionCode: R.village, values },
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data
}

async function act(s: Session, c: { case: { id: string; version: number } }, event: string, extra: object = {}) {
  return t.call('POST', `/api/cases/${c.case.id}/actions`, {
    as: s,
    json: { event, version: c.case.version, ...extra },
  })
}

async function ok(res: Awaited<ReturnType<typeof act>>) {
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data
}

describe('working-day calendar', () => {
  const cal = new WorkCalendar(officialCalendar())

  test('official holidays rest, make-up Saturdays work, the start day is not counted', () => {
    expect(cal.isWorkingDay('2026-10-01')).toBe(false) // 国庆
    expect(cal.isWorkingDay('2026-10-10')).toBe(true) // Saturday make-up day
    expect(cal.isWorkingDay('2026-11-28')).toBe(false) // ordinary Saturday
    expect(cal.isWorkingDay('2026-11-27')).toBe(true)
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08')
    expect(cal.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30')
    expect(cal.deadline('2026-11-01', 15, 'days')).toBe('2026-11-16')
    expect(cal.lastDayOfPeriod('2026-11-01', 7, 'days')).toBe('2026-11-07')
    expect(cal.lastDayOfPeriod('2026-11-27', 5, 'working_days')).toBe('2026-12-03')
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-12')).toBe(4) // 10-08, 10-09, 10-10, 10-12
  })

  test('the seeded calendar is in the database and editable by a province administrator only, audited', async () => {
    const admin = await t.login(await t.user({ role: 'PROVINCE_ADMIN', region: R.province }))
    const county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const year = await t.call('GET', '/api/calendar?year=2026', { as: county })
    expect(year.json().data.find((d: { date: string }) => d.date === '2026-10-10')).toMatchObject({ kind: 'workday' })
    const denied = await t.call('PUT', '/api/calendar/2026-12-31', { as: county, json: { kind: 'holiday', name: '' } })
    expect(denied.statusCode).toBe(403)
    const set = await t.call('PUT', '/api/calendar/2026-12-31', {
      as: admin,
      json: { kind: 'holiday', name: '地方假日' },
    })
    expect(set.json().data).toEqual({ date: '2026-12-31', working: false })
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'calendar.set')
      .execute()
    expect(audit).toHaveLength(1)
    const back = await t.call('PUT', '/api/calendar/2026-12-31', { as: admin, json: { kind: null, name: '' } })
    expect(back.json().data.working).toBe(true)
  })
})

describe('workflow mechanism', () => {
  test('declarations are checked when registered', () => {
    expect(
      validateCaseType({
        type: 'BROKEN',
        label: { zh: '', en: '' },
        initial: 'A',
        openRoles: [],
        readRoles: [],
        states: { A: { label: { zh: '', en: '' } } },
        transitions: [{ event: 'GO', label: { zh: '', en: '' }, from: ['A'], to: 'B', roles: [] }],
      }),
    ).toEqual(['GO: unknown to-state B', 'A: a non-terminal state needs an assignee', 'no terminal state'])
  })

  test('open puts a task in the village inbox with its deadline and the case clock; scope hides it elsewhere', async () => {
    const a = await actors()
    const c = await open(a.village)
    expect(c.case).toMatchObject({ state: 'VERIFY', version: 1, openedOn: '2026-11-28', dueOn: '2026-12-13' })
    expect(c.case.stateDueOn).toBe('2026-11-30')
    expect(c.actions.map((x: { event: string }) => x.event)).toEqual(['VISIT', 'VERIFIED'])
    const inbox = await t.call('GET', '/api/inbox', { as: a.village })
    const task = inbox.json().data.find((x: { caseId: string }) => x.caseId === c.case.id)
    expect(task).toMatchObject({ state: 'VERIFY', dueOn: '2026-11-30', daysLeft: 2 })
    const townInbox = await t.call('GET', '/api/inbox', { as: a.town })
    expect(townInbox.json().data.some((x: { caseId: string }) => x.caseId === c.case.id)).toBe(false)
    expect((await t.call('GET', `/api/cases/${c.case.id}`, { as: a.otherVillage })).statusCode).toBe(404)
    expect((await act(a.otherVillage, c, 'VISIT')).statusCode).toBe(404)
    expect((await t.call('GET', `/api/cases/${c.case.id}`, { as: a.county })).statusCode).toBe(200)
  })

  test('form values are validated per field in both languages', async () => {
    const a = await actors()
    const bad = await t.call('POST', '/api/cases', {
      as: a.village,
      json: { type: 'TEST_IDENT', regionCode: R.village, values: { risks: ['ILLNESS', 'ILLNESS'], extra: 1 } },
    })
    expect(bad.statusCode).toBe(400)
    const issues = bad.json().error.details.issues as Array<{ field: string; message: string; messageEn: string }>
    expect(issues.map((i) => i.field).sort()).toEqual(['extra', 'risks'])
    expect(issues.find((i) => i.field === 'extra')?.messageEn).toMatch(/unknown field/)
    const c = await open(a.village)
    const noValue = await act(a.village, c, 'VERIFIED', { values: {} })
    expect(noValue.statusCode).toBe(400)
    expect(noValue.json().error.details.issues[0].message).toMatch(/收入低于监测范围/)
  })

  test('guards refuse with their reason; a stale version is a conflict naming who acted', async () => {
    const a = await actors()
    const c = await open(a.village)
    const refused = await act(a.village, c, 'VERIFIED', { values: { incomeOk: false } })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.message).toMatch(/收入未低于监测范围/)
    const first = await act(a.village, c, 'VISIT', { values: { idNumber: '622926197003150011' } })
    expect(first.statusCode).toBe(200)
    const second = await act(a.village, c, 'VISIT')
    expect(second.statusCode).toBe(409)
    expect(second.json().error.code).toBe('CONFLICT')
    // A state-changing step at the same time: exactly one of two concurrent requests wins.
    const fresh = await ok(await act(a.village, { case: first.json().data.case }, 'VISIT'))
    const results = await Promise.all([
      act(a.village, fresh, 'VERIFIED', { values: { incomeOk: true } }),
      act(a.village, fresh, 'VERIFIED', { values: { incomeOk: true } }),
    ])
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409])
    // The visit's payload is masked in history and audit.
    const detail = (await t.call('GET', `/api/cases/${c.case.id}`, { as: a.county })).json().data
    expect(detail.transitions[1].values.idNumber).toMatch(/^622\*+0011$/)
    // Recorded values are shown under their fields' labels: every field of the type is named, objections' too.
    expect(detail.fields.idNumber.label).toEqual({ zh: '证件号', en: 'ID' })
    expect(detail.fields.incomeOk.label.zh).toBe('收入低于监测范围')
    expect(detail.fields.receivedOn.label.zh).toBe('收到日期')
  })

  test('publicity: posted with a privacy-safe notice, forward waits for the period, objection re-publicises', async () => {
    const a = await actors()
    let c = await open(a.village)
    // health details never reach a public notice (§12): the step is refused, nothing is posted
    const sick = await act(a.village, c, 'VERIFIED', { values: { incomeOk: true, name: '因病' } })
    expect(sick.statusCode).toBe(422)
    expect(sick.json().error.details.reasonEn).toMatch(/health/)
    c = await ok(await act(a.village, c, 'VERIFIED', { values: { incomeOk: true, name: '因灾' } }))
    expect(c.case.state).toBe('PUBLICITY')
    expect(c.publicity).toEqual([
      expect.objectContaining({ round: 1, startOn: '2026-11-28', endOn: '2026-12-02', closedReason: null }),
    ])
    expect(c.actions.find((x: { event: string }) => x.event === 'FORWARD').blocked.zh).toMatch('2026-12-02')
    const early = await act(a.village, c, 'FORWARD')
    expect(early.statusCode).toBe(422)
    expect(early.json().error.details.publicityEndsOn).toBe('2026-12-02')
    const notice = await t.call('GET', `/api/cases/${c.case.id}/notices/1`, { as: a.village })
    expect(notice.json().data.items.map((i: { value: string }) => i.value)).toEqual(['', '因灾'])
    // the heading an official files: village, issuing body, posting date, complaint telephone (a parameter)
    const village = await t.deps.db
      .selectFrom('region')
      .select('name')
      .where('code', '=', R.village)
      .executeTakeFirstOrThrow()
    expect(notice.json().data).toMatchObject({
      villageName: village.name,
      issuer: villageCommittee(village.name),
      postedOn: '2026-11-28',
      complaintPhone: '12317',
    })
    // the village's batch list of that day holds it; another village cannot read it
    const batch = (s: Session, region: string) =>
      t.call('GET', `/api/publicity/batch?regionCode=${region}&type=TEST_IDENT&startOn=2026-11-28`, { as: s })
    const list = await batch(a.village, R.village)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().data).toMatchObject({ villageName: village.name, complaintPhone: '12317', endOn: '2026-12-02' })
    expect(list.json().data.rows.map((r: { caseId: string }) => r.caseId)).toContain(c.case.id)
    expect((await batch(a.otherVillage, R.village)).statusCode).toBe(404)
    // The publicity board of the village lists it with its period; another village's board does not.
    type Board = {
      items: Array<{ caseId: string; round: number; endOn: string; daysLeft: number; objections: number }>
    }
    const board = (s: Session) => t.call('GET', '/api/publicity', { as: s }).then((r) => r.json().data as Board)
    expect((await board(a.village)).items.find((i) => i.caseId === c.case.id)).toMatchObject({
      round: 1,
      endOn: '2026-12-02',
      daysLeft: 4,
      objections: 0,
    })
    expect((await board(a.otherVillage)).items.find((i) => i.caseId === c.case.id)).toBeUndefined()

    const future = await act(a.village, c, 'OBJECT', {
      values: { receivedOn: '2026-12-30', content: '收入情况有出入' },
    })
    expect(future.statusCode).toBe(400)
    expect(future.json().error.details.issues[0].field).toBe('receivedOn')
    // An objection sends the case back to verification; verifying again posts round 2.
    c = await ok(await act(a.village, c, 'OBJECT', { values: { receivedOn: '2026-11-28', content: '收入情况有出入' } }))
    expect(c.case.state).toBe('VERIFY')
    expect(c.publicity[0]).toMatchObject({ closedReason: 'objection', objections: [{ content: '收入情况有出入' }] })
    expect((await board(a.village)).items.find((i) => i.caseId === c.case.id)).toBeUndefined()
    await t.travel(86_400_000)
    c = await ok(await act(a.village, c, 'VERIFIED', { values: { incomeOk: true } }))
    expect(c.publicity[1]).toMatchObject({ round: 2, startOn: '2026-11-29', endOn: '2026-12-03' })
    await t.travel(5 * 86_400_000)
    c = await ok(await act(a.village, c, 'FORWARD'))
    expect(c.case.state).toBe('TOWN')
    expect(c.publicity[1].closedReason).toBe('completed')
    t.clock.set('2026-11-28T02:00:00Z')
  })

  test('the issuing body is named as officials write it', () => {
    expect(villageCommittee('巴牙村委会').zh).toBe('巴牙村村民委员会')
    expect(villageCommittee('巴牙村').zh).toBe('巴牙村村民委员会')
    expect(villageCommittee('东城社区').zh).toBe('东城社区居民委员会')
    expect(townshipGovernment('城关镇').zh).toBe('城关镇人民政府')
  })

  test('a notice with an ID number, phone or health details is refused', () => {
    expect(() => assertPublicSafe([{ label: { zh: '户主', en: 'Head' }, value: '马 622926197003150011' }])).toThrow(
      /ID number/,
    )
    expect(() => assertPublicSafe([{ label: { zh: '电话', en: 'Phone' }, value: '13912345678' }])).toThrow(/mobile/)
    expect(() => assertPublicSafe([{ label: { zh: '户主', en: 'Head' }, value: '马哈麦 5口人' }])).not.toThrow()
    expect(() => assertPublicSafe([{ label: { zh: '主要风险', en: 'Main risk' }, value: '因病' }])).toThrow(/health/)
    expect(() => assertPublicSafe([{ label: { zh: '主要风险', en: 'Main risk' }, value: '因残' }])).toThrow(/health/)
  })

  test('roles, return for correction, separation of duties, terminal state, one audit row per transition', async () => {
    const a = await actors()
    let c = await open(a.village)
    c = await ok(await act(a.village, c, 'VERIFIED', { values: { incomeOk: true } }))
    await t.travel(6 * 86_400_000)
    c = await ok(await act(a.village, c, 'FORWARD'))
    expect((await act(a.village, c, 'REVIEWED')).statusCode).toBe(403)
    const townInbox = (await t.call('GET', '/api/inbox', { as: a.town })).json().data
    expect(townInbox.some((x: { caseId: string }) => x.caseId === c.case.id)).toBe(true)
    c = await ok(await act(a.town, c, 'REVIEWED'))
    // Return needs a comment and goes back to the step before.
    expect((await act(a.county, c, 'RETURN')).statusCode).toBe(400)
    c = await ok(await act(a.county, c, 'RETURN', { comment: '补充收入材料' }))
    expect(c.case.state).toBe('TOWN')
    c = await ok(await act(a.town, c, 'REVIEWED'))
    c = await ok(await act(a.county, c, 'RECHECK'))
    const sod = await act(a.county, c, 'APPROVE')
    expect(sod.statusCode).toBe(403)
    expect(sod.json().error.code).toBe('SEPARATION_OF_DUTY')
    expect((await act(a.county2, c, 'REJECT')).statusCode).toBe(400)
    c = await ok(await act(a.county2, c, 'APPROVE'))
    expect(c.case.state).toBe('DONE')
    expect(c.case.closedAt).not.toBeNull()
    expect(c.actions).toEqual([])
    expect((await act(a.county2, c, 'REJECT')).json().error.code).toBe('TRANSITION_NOT_ALLOWED')
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', c.case.id)
      .orderBy('seq')
      .execute()
    expect(audit.map((x) => x.action)).toEqual([
      'case.TEST_IDENT.open',
      'case.TEST_IDENT.verified',
      'case.TEST_IDENT.forward',
      'case.TEST_IDENT.reviewed',
      'case.TEST_IDENT.return',
      'case.TEST_IDENT.reviewed',
      'case.TEST_IDENT.recheck',
      'case.TEST_IDENT.approve',
    ])
    const openTasks = await t.deps.db
      .selectFrom('wf_task')
      .select('id')
      .where('case_id', '=', c.case.id)
      .where('done_at', 'is', null)
      .execute()
    expect(openTasks).toEqual([])
    t.clock.set('2026-11-28T02:00:00Z')
  })

  test('overdue report lists late tasks and cases in scope; a receipt code shows progress without personal data', async () => {
    const a = await actors()
    const res = await t.call('POST', '/api/cases', {
      as: a.village,
      json: { type: 'TEST_IDENT', regionCode: R.village, values: { risks: ['DISASTER'] }, openedOn: '2026-11-01' },
    })
    const c = res.json().data
    expect(c.case.dueOn).toBe('2026-11-16')
    const report = (await t.call('GET', '/api/workflow/overdue?type=TEST_IDENT', { as: a.county })).json().data
    expect(report.cases.map((x: { caseId: string }) => x.caseId)).toContain(c.case.id)
    const other = (await t.call('GET', '/api/workflow/overdue', { as: a.otherVillage })).json().data
    expect(other.cases.map((x: { caseId: string }) => x.caseId)).not.toContain(c.case.id)
    await t.travel(3 * 86_400_000)
    const later = (await t.call('GET', '/api/workflow/overdue', { as: a.village })).json().data
    expect(later.tasks.map((x: { caseId: string }) => x.caseId)).toContain(c.case.id)
    t.clock.set('2026-11-28T02:00:00Z')

    const { openCase } = await import('./workflow.service.ts')
    const actor = { ...(await import('../auth/actor.ts')).systemActor }
    const withReceipt = await openCase(t.deps, { ...actor, roles: ['VILLAGE_CADRE'], userId: null }, 'TEST_IDENT', {
      regionCode: R.village,
      values: { risks: ['ILLNESS'] },
      receipt: true,
    })
    const pub = await t.call('GET', `/api/public/receipts/${withReceipt.receipt_code}`)
    expect(pub.statusCode).toBe(200)
    expect(pub.json().data).toEqual({
      type: { zh: '测试认定', en: 'Test identification' },
      state: { zh: '入户核实', en: 'Verification' },
      openedOn: '2026-11-28',
      updatedOn: '2026-11-28',
      closed: false,
    })
    expect((await t.call('GET', '/api/public/receipts/AAAAA-22222')).statusCode).toBe(404)
  })
})

describe('evidence attachments', () => {
  function multipart(name: string, content: Buffer) {
    const boundary = 'xjboundary'
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    return { body, type: `multipart/form-data; boundary=${boundary}` }
  }

  test('a file is stored with its hash, listed on the case, downloadable in scope only, and audited', async () => {
    const a = await actors()
    const c = await open(a.village)
    const pdf = Buffer.from('%PDF-1.4 minutes of the appraisal meeting')
    const m = multipart('评议会议记录.pdf', pdf)
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.case.id}/attachments`,
      headers: { cookie: a.village.cookie, 'x-csrf-token': a.village.csrf, 'content-type': m.type },
      payload: m.body,
    })
    expect(up.statusCode, up.body).toBe(200)
    expect(up.json().data).toMatchObject({ name: '评议会议记录.pdf', size: pdf.length })
    const detail = (await t.call('GET', `/api/cases/${c.case.id}`, { as: a.town })).json().data
    expect(detail.attachments).toEqual([expect.objectContaining({ name: '评议会议记录.pdf' })])
    const id = detail.attachments[0].id
    const down = await t.call('GET', `/api/cases/${c.case.id}/attachments/${id}`, { as: a.county })
    expect(down.statusCode).toBe(200)
    expect(down.rawPayload.equals(pdf)).toBe(true)
    expect(down.headers['content-disposition']).toMatch(/filename\*=UTF-8''/)
    expect((await t.call('GET', `/api/cases/${c.case.id}/attachments/${id}`, { as: a.otherVillage })).statusCode).toBe(
      404,
    )
    const exe = multipart('virus.exe', Buffer.from('MZ'))
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.case.id}/attachments`,
      headers: { cookie: a.village.cookie, 'x-csrf-token': a.village.csrf, 'content-type': exe.type },
      payload: exe.body,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.issues[0].messageEn).toMatch(/unsupported file type .exe/)
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', c.case.id)
      .where('action', '=', 'case.TEST_IDENT.attach')
      .execute()
    expect(audit).toHaveLength(1)
  })
})
