/**
 * "How is this computed": a county official opens 政策规则, narrows the rules to 低保, reads how the benefit is
 * computed (its formula, its labelled rules and their sources), then looks up the 低保 standard in force for the
 * county and for a 青岛 district on a date, with the scope and the document each value comes from; and the same page in
 * English.
 */
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'
import { expectOfficialText } from '../officialText.ts'

const baseUrl = inject('baseUrl')
const chrome = useBrowser()

async function newPage(lang: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<Page> {
  const context = await chrome.browser.newContext({ locale: lang, viewport: { width: 1280, height: 900 } })
  await context.addInitScript({ content: `localStorage.setItem('xj_lang', '${lang}')` })
  const page = await context.newPage()
  await signIn(page, baseUrl, 'county_rr')
  return page
}

async function search(page: Page, box: string, text: string) {
  await page.locator(`[data-test=${box}] input`).fill(text)
  await page.locator(`[data-test=${box}] input`).press('Enter')
}

describe('policy rules and parameters', () => {
  test('read how the 低保 benefit is computed and which standard applies where', async () => {
    const page = await newPage()
    await page.locator('[data-test=nav-policy]').click()
    await page.locator('[data-test=policy-variable]').first().waitFor()

    // Narrow to 低保: its outputs and everything they read, without the inputs.
    await page.locator('[data-test=policy-programme]').click()
    await page.locator('.ant-select-item-option[title="最低生活保障"]').click()
    const count = Number(/\d+/.exec((await page.locator('[data-test=policy-count]').textContent()) ?? '')?.[0])
    expect(count).toBeGreaterThan(5)
    await search(page, 'policy-search', '低保金')
    const row = page.locator('[data-test=policy-variable][data-name=dibao_benefit]')
    await row.waitFor()
    await expect(row.locator('[data-test=variable-formula]').textContent()).resolves.toContain(
      '如果 符合低保条件 则 按情形 补差发放',
    )
    expect(await row.locator('[data-test=citation]').count()).toBeGreaterThan(0)
    await row.locator('.ant-table-row-expand-icon').click()
    const detail = page.locator('[data-test=variable-detail]')
    await detail.waitFor()
    await expect(detail.locator('[data-test=variable-rules]').textContent()).resolves.toContain('单人户保底')
    await expectOfficialText(page, 'policy rules')
    await shot(page, 'policy-rules')

    // Parameters in force for the user's county today: the rural 低保 standard, from the 甘肃 scope, an assumption.
    await page.locator('[data-test=tab-params]').click()
    await search(page, 'param-search', '农村最低生活保障标准')
    const std = page.locator('[data-test=policy-parameter][data-path="dibao.standard_rural"]')
    await std.waitFor()
    await expect(std.locator('[data-test=param-value]').textContent()).resolves.toContain('784.00 元/人/月')
    await expect(std.locator('[data-test=param-scope]').textContent()).resolves.toBe('甘肃省（62）')
    // a value no national document sets reads as a local default the province must confirm
    await expect(std.locator('[data-test=citation-standing]').textContent()).resolves.toBe('地方默认值，待核定')
    await expectOfficialText(page, 'policy parameters')
    await shot(page, 'policy-parameters')

    // On a date before it took effect there is no value, and the page says so.
    const date = page.locator('input[data-test=policy-date], [data-test=policy-date] input').first()
    await date.click()
    await date.fill('2020-06-01')
    await date.press('Enter')
    await expect.poll(async () => std.locator('[data-test=param-value]').textContent()).toContain('无取值')
    await page.context().close()
  })

  test('the same page in English', async () => {
    const page = await newPage('en-US')
    await page.goto(`${baseUrl}/policy`)
    await page.locator('[data-test=policy-variable]').first().waitFor()
    await expect(page.locator('[data-test=policy-page] h3').textContent()).resolves.toContain('Policy rules')
    await page.locator('[data-test=tab-params]').click()
    await search(page, 'param-search', 'Rural 低保 standard')
    const std = page.locator('[data-test=policy-parameter][data-path="dibao.standard_rural"]')
    await std.waitFor()
    await expect(std.locator('[data-test=param-value]').textContent()).resolves.toContain('784.00 yuan/person/month')
    await expectOfficialText(page, 'policy parameters (English)')
    await shot(page, 'policy-parameters-en')
    await page.context().close()
  })
})
