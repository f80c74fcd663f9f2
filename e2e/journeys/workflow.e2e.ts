/**
 * Workflow journeys: the province administrator marks a local holiday on the working-day calendar and resets it;
 * the village cadre opens the task inbox and its overdue report; the province administrator edits the risk → measure
 * suggestions of domain.md §7.2 (data, not code) and a village cadre reads them.
 */
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'

const baseUrl = inject('baseUrl')
const chrome = useBrowser()

const login = (page: Page, username: string) => signIn(page, baseUrl, username)

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

  test('the village cadre opens the task inbox, the overdue report and the publicity board', async () => {
    const page = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
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
