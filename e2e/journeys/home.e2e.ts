/**
 * Issue 18 (first pages): each official's home page answers with the figures of their region and what waits for
 * them, in their language: the county civil-affairs office sees the assistance its county pays, the village cadre
 * their village's households, on a phone too, and the English page is as clean as the Chinese one.
 */
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'
import { expectOfficialText } from '../officialText.ts'

const baseUrl = inject('baseUrl')
const chrome = useBrowser()

async function summary(page: Page) {
  const res = await page.request.get(`${baseUrl}/api/home/summary`)
  expect(res.status()).toBe(200)
  return (await res.json()).data
}

const figure = (page: Page, test: string) => page.locator(`[data-test=${test}] .ant-statistic-content`)

describe('home page', () => {
  test('the county civil-affairs office sees its households and the assistance it pays, each linked', async () => {
    const page = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await signIn(page, baseUrl, 'county_ca')
    const s = await summary(page)
    await figure(page, 'home-households').waitFor()
    expect((await figure(page, 'home-households').innerText()).replaceAll(',', '')).toBe(
      String(s.households.households),
    )
    expect(s.households.households).toBeGreaterThan(0)
    // the demo caseload pays 低保 in the county: the table shows it with its households
    const dibao = s.assistance.paying.find((p: { programme: string }) => p.programme === 'DIBAO')
    expect(dibao.households).toBeGreaterThan(0)
    const row = page.locator('[data-test=home-paying] tr', { hasText: '低保' }).first()
    await expect(row.innerText()).resolves.toContain(String(dibao.households))
    await expectOfficialText(page, 'county_ca home')
    await shot(page, 'home-county-ca')
    // a figure opens the page that lists it
    await page.locator('[data-test=home-households]').click()
    await page.waitForURL(/\/households$/)
    await page.close()
  })

  test('the village cadre sees the village’s figures on a phone, and in English', async () => {
    const page = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } })
    await signIn(page, baseUrl, 'village_cadre')
    const s = await summary(page)
    expect(s.region.code).toBe('622926100202')
    await figure(page, 'home-households').waitFor()
    expect((await figure(page, 'home-households').innerText()).replaceAll(',', '')).toBe(
      String(s.households.households),
    )
    await expect(page.locator('[data-test=home-as-of]').innerText()).resolves.toContain('巴牙村委会')
    // no sideways scrolling on a phone
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')
    expect(overflow).toBeLessThanOrEqual(0)
    await expectOfficialText(page, 'village_cadre home (phone)')
    await shot(page, 'home-village-phone')
    await page.evaluate(`localStorage.setItem('xj_lang', 'en-US')`)
    await page.reload()
    await page.locator('[data-test=home-tasks]').waitFor()
    await expect(page.locator('[data-test=home-tasks]').innerText()).resolves.toContain('Tasks of my office')
    await expectOfficialText(page, 'village_cadre home (phone, English)')
    await shot(page, 'home-village-phone-en')
    await page.close()
  })
})
