/**
 * Issue 2 journeys: the demo village cadre signs in and the region picker offers only their village; the auditor
 * opens the audit log and finds that sign-in recorded.
 */
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'
import { expectOfficialText } from '../officialText.ts'

const baseUrl = inject('baseUrl')
const chrome = useBrowser()

const login = (page: Page, username: string) => signIn(page, baseUrl, username)

describe('platform', () => {
  test('a wrong password shows the server’s message in Chinese', async () => {
    const page = await chrome.browser.newPage({ locale: 'zh-CN' })
    await page.goto(`${baseUrl}/login`)
    await page.locator('[data-test=login-username]').fill('village_cadre')
    await page.locator('[data-test=login-password]').fill('wrong-password')
    await page.locator('[data-test=login-submit]').click()
    await expect(page.locator('[data-test=login-error]').textContent()).resolves.toContain('用户名或密码错误')
    await shot(page, 'login-error')
    await page.close()
  })

  test('the village cadre sees only their own village in the region picker', async () => {
    const page = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
    await login(page, 'village_cadre')
    await page.locator('[data-test=home-region-path]').waitFor()
    await expect(page.locator('[data-test=region-picker]').textContent()).resolves.toContain('巴牙村委会')
    await page.locator('[data-test=region-picker] .ant-select').click()
    const options = page.locator('.ant-select-tree-treenode .ant-select-tree-title')
    await options.first().waitFor()
    const titles = await options.allTextContents()
    expect(titles).toEqual(['巴牙村委会'])
    await shot(page, 'village-cadre-home')
    // Another village's page is not reachable through the URL either.
    const res = await page.request.get(`${baseUrl}/api/regions/622926100203`)
    expect(res.status()).toBe(404)
    await page.close()
  })

  test('the auditor opens the audit log and sees the cadre’s sign-in', async () => {
    const page = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await login(page, 'auditor')
    await page.locator('[data-test=nav-audit]').click()
    await page.locator('[data-test=audit-table]').waitFor()
    // the sign-in, named in words, by the cadre's display name, in the cadre's village
    const row = page.locator('[data-test=audit-row][data-action="auth.login"]', { hasText: '村干部（演示）' })
    await row.first().waitFor()
    await expect(row.first().innerText()).resolves.toMatch(/登录[\s\S]*用户[\s\S]*巴牙村委会/)
    await expectOfficialText(page, 'audit log')
    await shot(page, 'auditor-audit-log')
    await page.close()
  })
})
