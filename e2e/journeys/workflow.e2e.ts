/**
 * Workflow journeys: the province administrator marks a local holiday on the working-day calendar and resets it;
 * the village cadre opens the task inbox and its overdue report.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launch, shot, login as signIn } from '../browser.ts'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const login = (page: Page, username: string) => signIn(page, baseUrl, username)

describe('workflow', () => {
  test('the province administrator marks a day as holiday on the calendar, then resets it', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
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

  test('the village cadre opens the task inbox, the overdue report and the publicity board', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
    await login(page, 'village_cadre')
    await page.locator('[data-test=nav-inbox]').click()
    await page.locator('[data-test=inbox-table]').waitFor()
    await shot(page, 'workflow-inbox')
    await page.getByRole('tab', { name: '逾期与超时' }).click()
    await page.getByText('超时办结').waitFor()
    await page.getByRole('tab', { name: '公示栏' }).click()
    await page.locator('[data-test=publicity-board]').waitFor()
    await shot(page, 'workflow-publicity-board')
    await page.close()
  })
})
