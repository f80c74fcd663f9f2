/**
 * The risk → measure suggestion table (domain.md §7.2) is data: the province administrator adds a measure to one
 * risk's list and moves it first; a village cadre sees the new order and cannot edit.
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

describe('measure suggestions', () => {
  test('the province administrator edits a risk’s suggestions; the village cadre reads them', async () => {
    const admin = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await login(admin, 'province_admin')
    await admin.locator('[data-test=nav-monitoring]').click()
    await admin.locator('[data-test=suggestions-link]').click()
    const card = admin.locator('[data-test=suggestions-ACCIDENT]')
    await card.locator('li').first().waitFor()
    const before = await card.locator('li').count()
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
    await expect.poll(async () => card.locator('li').count()).toBe(before + 1)
    expect(await card.locator('li').first().textContent()).toContain('意外伤害保险理赔协助')
    await shot(admin, 'monitoring-suggestions')

    const cadre = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await login(cadre, 'village_cadre')
    await cadre.goto(`${baseUrl}/monitoring/suggestions`)
    const seen = cadre.locator('[data-test=suggestions-ACCIDENT] li')
    await seen.first().waitFor()
    expect(await seen.first().textContent()).toContain('意外伤害保险理赔协助')
    expect(await cadre.locator('[data-test=suggestions-edit-ACCIDENT]').count()).toBe(0)
    await admin.close()
    await cadre.close()
  }, 120_000)
})
