/**
 * Finding 12 of issue 17: a year without an official holiday schedule. Deadlines counted in working days over such a
 * year say so (`calendarMissing`), the API lists the loaded years, and an administrator loads a year's notice — by
 * API or `xianjie calendar load` — which is audited, keeps days set by hand, and clears the mark.
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { household } from '../assistance/assistance.testkit.ts'
import { WorkCalendar } from './calendar.ts'

const t = useTestPlatform({ runJobs: false })
let province: Session
let cadre: Session
let county: Session
let town: Session

beforeAll(async () => {
  province = await t.login(await t.user({ role: 'PROVINCE_ADMIN', region: R.province }))
  cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
  county = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
  town = await t.login(await t.user({ role: 'TOWN_CA_OFFICER', region: R.township }))
})

/** 国务院办公厅关于2027年部分节假日安排的通知 as an administrator would key it (dates as published for 2027). */
const notice2027 = {
  notice: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-02', name: '元旦' },
    { date: '2027-01-03', name: '元旦' },
    { date: '2027-02-05', name: '春节' },
    { date: '2027-02-08', name: '春节' },
  ],
  workdays: [{ date: '2027-02-14', name: '春节调休' }],
}

describe('years without a schedule', () => {
  test('missingYears names the years a span reaches without a schedule; a hand-built calendar has none', () => {
    const cal = new WorkCalendar([], [2025, 2026])
    expect(cal.missingYears('2026-12-20', '2027-01-10')).toEqual([2027])
    expect(cal.missingYears('2026-12-20', '2028-01-10')).toEqual([2027, 2028])
    expect(cal.missingYears('2026-01-01', '2026-12-31')).toEqual([])
    expect(cal.missingYears('2026-12-31', '2026-12-31')).toEqual([])
    expect(new WorkCalendar([]).missingYears('2026-12-20', '2030-01-01')).toEqual([])
  })

  test('the loaded years are listed; a 低保 deadline counted into 2027 is marked until 2027 is loaded', async () => {
    const years = await t.call('GET', '/api/calendar/years', { as: cadre })
    expect(years.statusCode, years.body).toBe(200)
    const listed = (years.json().data as Array<{ year: number; source: string }>).map((y) => y.year)
    expect(listed).toContain(2026)
    expect(listed).not.toContain(2027)

    // opened 2026-11-28: 30 working days run into January 2027
    const f = await household(t, cadre)
    const opened = await t.call('POST', '/api/cases', {
      as: cadre,
      json: { type: 'DIBAO_APPLY', householdId: f.householdId, values: {} },
    })
    expect(opened.statusCode, opened.body).toBe(200)
    const kase = opened.json().data.case
    expect(kase.dueOn > '2027-01-01').toBe(true)
    expect(kase.calendarMissing).toEqual([2027])
    const inbox = await t.call('GET', '/api/inbox', { as: town }) // the township checks a new 低保 application
    const item = inbox.json().data.find((i: { caseId: string }) => i.caseId === kase.id)
    expect(item).toBeDefined()
    expect(item.calendarMissing).toEqual([2027])

    // only calendar.edit may load a year; a bad list is refused naming the day
    const denied = await t.call('PUT', '/api/calendar/years/2027', { as: county, json: notice2027 })
    expect(denied.json().error.code).toBe('FORBIDDEN')
    const wrong = await t.call('PUT', '/api/calendar/years/2027', {
      as: province,
      json: { ...notice2027, workdays: [{ date: '2027-02-15', name: '春节调休' }] },
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.details.issues[0].field).toBe('workdays[0].date')
    const outside = await t.call('PUT', '/api/calendar/years/2027', {
      as: province,
      json: { ...notice2027, holidays: [{ date: '2026-10-01', name: '国庆节' }] },
    })
    expect(outside.statusCode).toBe(400)

    // a day set by hand before the notice stays as set
    await t.call('PUT', '/api/calendar/2027-01-04', { as: province, json: { kind: 'holiday', name: '县定休息日' } })
    const loaded = await t.call('PUT', '/api/calendar/years/2027', { as: province, json: notice2027 })
    expect(loaded.statusCode, loaded.body).toBe(200)
    expect(loaded.json().data).toEqual({ year: 2027, holidays: 5, workdays: 1, keptManual: 0 })
    const days = await t.call('GET', '/api/calendar?year=2027', { as: cadre })
    expect(days.json().data.map((d: { date: string; source: string }) => `${d.date}:${d.source}`)).toEqual([
      '2027-01-01:notice',
      '2027-01-02:notice',
      '2027-01-03:notice',
      '2027-01-04:manual',
      '2027-02-05:notice',
      '2027-02-08:notice',
      '2027-02-14:notice',
    ])
    const after = await t.call('GET', `/api/cases/${kase.id}`, { as: cadre })
    expect(after.json().data.case.calendarMissing).toEqual([])
    const listedAfter = await t.call('GET', '/api/calendar/years', { as: cadre })
    expect(listedAfter.json().data.find((y: { year: number }) => y.year === 2027)).toMatchObject({
      source: 'notice',
      notice: notice2027.notice,
    })

    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .where('action', '=', 'calendar.load_year')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.after).toMatchObject({ year: 2027, holidays: 5, workdays: 1 })
  })
})
