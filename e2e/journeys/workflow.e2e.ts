/**
 * Workflow journeys: the province administrator marks a local holiday on the working-day calendar and resets it;
 * the village cadre finds a late clue in the task inbox and the overdue report and another one on the publicity board; the province administrator edits the risk → measure
 * suggestions of domain.md §7.2 (data, not code) and a village cadre reads them.
 */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'

const baseUrl = inject('baseUrl')
const chrome = useBrowser()

const login = (page: Page, username: string) => signIn(page, baseUrl, username)

type CaseView = {
  case: { id: string; version: number; state: string; dueOn: string | null }
  publicity: Array<{ startOn: string; endOn: string }>
}
const SECURED = {
  foodClothingOk: true,
  compulsoryEducationOk: true,
  medicalInsuranceOk: true,
  housingSafetyOk: true,
  drinkingWaterOk: true,
}
const addDays = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString().slice(0, 10)

async function call<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'xj_csrf')?.value ?? ''
  const res = await page.request.fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'x-csrf-token': csrf },
    ...(data === undefined ? {} : { data }),
  })
  const body = await res.json()
  expect(res.status(), JSON.stringify(body)).toBe(200)
  return body.data as T
}
const get = <T>(page: Page, path: string) => call<T>(page, 'GET', path)

let seq = 700
/** A one-person household of the cadre's village headed by `name`, and a monitoring clue about it opened on `openedOn`. */
async function openCase(page: Page, name: string, openedOn: string): Promise<CaseView> {
  const me = await get<{ user: { regionCode: string } }>(page, '/api/auth/me')
  seq += 2
  const first17 = `62292619680417${seq}`
  const h = await call<{ id: string }>(page, 'POST', '/api/households', {
    regionCode: me.user.regionCode,
    householdType: 'GENERAL',
    phone: '13912345678',
    members: [{ name, idNumber: first17 + computeCheckChar(first17), relationToHead: 'HEAD', labourSkill: 'ORDINARY' }],
  })
  return call<CaseView>(page, 'POST', '/api/cases', {
    type: 'MONITORING_IDENT',
    householdId: h.id,
    openedOn,
    values: { channel: 'CADRE_SCREENING', reason: '因病支出大' },
  })
}
const act = (page: Page, c: CaseView, event: string, values: object = {}) =>
  call<CaseView>(page, 'POST', `/api/cases/${c.case.id}/actions`, { event, version: c.case.version, values })

describe('workflow', () => {
  test('the province administrator marks a day as holiday on the calendar, then resets it', async () => {
    const page = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await login(page, 'province_admin')
    await page.locator('[data-test=nav-calendar]').click()
    await page.locator('[data-test=calendar]').waitFor()
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const cell = page.locator(`.ant-picker-cell[title="${today}"]`)
    await cell.click()
    await page.locator('.ant-modal input.ant-input').fill('地方假日')
    await page.locator('.ant-modal .ant-btn-primary').click()
    await expect.poll(async () => (await cell.textContent()) ?? '').toContain('地方假日')
    await shot(page, 'workflow-calendar')
    const api = await page.request.get(`${baseUrl}/api/calendar?year=${today.slice(0, 4)}`)
    const days = (await api.json()).data as Array<{ date: string; kind: string; source: string }>
    expect(days.find((d) => d.date === today)).toMatchObject({ kind: 'holiday', source: 'manual' })
    await cell.click()
    await page.locator('.ant-modal .ant-radio-wrapper').nth(2).click()
    await page.locator('.ant-modal .ant-btn-primary').click()
    await expect
      .poll(async () => (await page.locator(`.ant-picker-cell[title="${today}"]`).textContent()) ?? '')
      .not.toContain('地方假日')
    await page.close()
  })

  test('the village cadre finds her own cases in the task inbox, the overdue report and the publicity board', async () => {
    const page = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
    await login(page, 'village_cadre')
    const county = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
    await login(county, 'county_rr')
    const today = (await get<{ today: string }>(page, '/api/workflow/overdue')).today
    // a clue recorded 90 days late: its overall time limit has run out, its first step is in the cadre's inbox
    const late = await openCase(page, '韩待办', addDays(today, -90))
    expect(late.case.dueOn! < today, `${late.case.dueOn} is before ${today}`).toBe(true)
    // a clue taken through verification, comparison and appraisal to the village publicity
    let shown = await openCase(page, '韩公示', today)
    shown = await act(page, shown, 'ACCEPT')
    shown = await act(page, shown, 'VERIFY', { income_migrant_work: 4000, ...SECURED, consentSigned: true })
    shown = await act(county, shown, 'COMPARED', { comparison: '车辆、房产、工商均无' })
    shown = await act(page, shown, 'APPRAISED', {
      attendees: 20,
      votesFor: 18,
      votesAgainst: 1,
      minutes: '同意纳入',
      risks: ['ILLNESS'],
      category: 'MARGINAL',
    })
    expect(shown.case.state).toBe('VILLAGE_PUBLICITY')
    const round = shown.publicity[0]!
    expect(round.startOn).toBe(today)

    await page.locator('[data-test=nav-inbox]').click()
    const inbox = page.locator('[data-test=inbox-table]')
    const lateRow = inbox.locator('tr', { hasText: '韩待办' })
    await lateRow.waitFor()
    expect(await lateRow.textContent()).toContain('线索受理')
    // the overall deadline of the late case shows as overdue
    const days = (Date.parse(today) - Date.parse(late.case.dueOn!)) / 86_400_000
    expect(await lateRow.locator('[data-test=due-tag]').last().textContent()).toBe(
      `${late.case.dueOn} · 逾期 ${days} 天`,
    )
    await inbox.locator('tr', { hasText: '韩公示' }).waitFor()
    await shot(page, 'workflow-inbox')

    await page.getByRole('tab', { name: '逾期与超时' }).click()
    const overdueCases = page.locator('.ant-card-small', { hasText: '超过总时限的在办案件' })
    const overdueRow = overdueCases.locator('tr', { hasText: '韩待办' })
    await overdueRow.waitFor()
    expect(await overdueRow.textContent()).toContain(addDays(today, -90))
    expect(await overdueRow.locator('[data-test=due-tag]').textContent()).toBe(`${late.case.dueOn} · 逾期 ${days} 天`)
    expect(await overdueCases.locator('tr', { hasText: '韩公示' }).count()).toBe(0)
    await shot(page, 'workflow-overdue')

    await page.getByRole('tab', { name: '公示栏' }).click()
    const board = page.locator('[data-test=publicity-board]')
    const entry = board.locator('tr', { hasText: '韩公示' })
    await entry.waitFor()
    const text = (await entry.textContent()) ?? ''
    expect(text).toContain(`${round.startOn} ~ ${round.endOn}`)
    expect(text).toContain('村务公开栏')
    expect(await board.locator('tr', { hasText: '韩待办' }).count()).toBe(0)
    await shot(page, 'workflow-publicity-board')
    await page.close()
    await county.close()
  }, 120_000)

  test('the province administrator edits a risk’s suggestions; the village cadre reads them', async () => {
    const admin = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await login(admin, 'province_admin')
    await admin.locator('[data-test=nav-monitoring]').click()
    await admin.locator('[data-test=suggestions-link]').click()
    const card = admin.locator('[data-test=suggestions-ACCIDENT]')
    // the suggestions are an ordered list; while loading, the card's skeleton has list items of its own
    const items = card.locator('ol > li')
    await items.first().waitFor()
    const before = await items.count()
    await admin.locator('[data-test=suggestions-edit-ACCIDENT]').click()
    await admin.locator('[data-test=suggestions-form]').waitFor()
    await admin.locator('[data-test=suggestion-add]').click()
    // an incomplete row cannot be saved
    await expect.poll(() => admin.locator('[data-test=suggestions-save]').isDisabled()).toBe(true)
    const i = before
    const row = admin.locator(`[data-test=suggestion-row-${i}]`)
    await row.locator('.ant-select').click()
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '综合保障' }).click()
    await row.locator('input.ant-input').fill('意外伤害保险理赔协助')
    // move the new row to the top
    for (let k = i; k > 0; k--) await admin.locator(`[data-test=suggestion-up-${k}]`).click()
    await shot(admin, 'monitoring-suggestions-edit')
    await admin.locator('[data-test=suggestions-save]').click()
    await expect.poll(async () => items.count()).toBe(before + 1)
    expect(await items.first().textContent()).toContain('意外伤害保险理赔协助')
    await shot(admin, 'monitoring-suggestions')

    const cadre = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await login(cadre, 'village_cadre')
    await cadre.goto(`${baseUrl}/monitoring/suggestions`)
    const seen = cadre.locator('[data-test=suggestions-ACCIDENT] ol > li')
    await seen.first().waitFor()
    expect(await seen.first().textContent()).toContain('意外伤害保险理赔协助')
    expect(await cadre.locator('[data-test=suggestions-edit-ACCIDENT]').count()).toBe(0)
    await admin.close()
    await cadre.close()
  }, 120_000)
})
