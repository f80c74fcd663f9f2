/**
 * Early-warning journey: the 医保 data provider uploads a settlement file with a high out-of-pocket amount for a
 * village member → the upload is accepted and screened → the village cadre sees a high out-of-pocket warning with
 * its evidence and countdown.
 */
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'
import { expectOfficialText } from '../officialText.ts'

const baseUrl = inject('baseUrl')
const chrome = useBrowser()

const login = (page: Page, username: string) => signIn(page, baseUrl, username)

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'xj_csrf')?.value ?? ''
}

describe('early warning', () => {
  test('dept_data uploads a 医保 settlement file → a high out-of-pocket warning appears for the village cadre', async () => {
    // The village cadre's village and one of its household heads (ID revealed by the county officer, audited).
    const cadre = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await login(cadre, 'village_cadre')
    const me = (await (await cadre.request.get(`${baseUrl}/api/auth/me`)).json()) as {
      data: { user: { regionCode: string } }
    }
    const village = me.data.user.regionCode
    const county = await chrome.browser.newPage({ locale: 'zh-CN' })
    await login(county, 'county_rr')
    const list = (await (
      await county.request.get(`${baseUrl}/api/households?region=${village}&pageSize=5`)
    ).json()) as {
      data: Array<{ id: string }>
    }
    const hid = list.data[0]!.id
    const detail = (await (await county.request.get(`${baseUrl}/api/households/${hid}`)).json()) as {
      data: { members: Array<{ id: string; name: string; relationToHead: string }> }
    }
    const head = detail.data.members.find((m) => m.relationToHead === 'HEAD') ?? detail.data.members[0]!
    const revealed = await county.request.post(`${baseUrl}/api/households/${hid}/reveal`, {
      headers: { 'x-csrf-token': await csrf(county) },
      data: { personId: head.id, field: 'idNumber' },
    })
    expect(revealed.status()).toBe(200)
    const idNumber = ((await revealed.json()) as { data: { value: string } }).data.value
    await county.close()

    const provider = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await login(provider, 'dept_data')
    await provider.locator('[data-test=nav-feeds]').click()
    await provider.locator('[data-test=feed-sources]').waitFor()
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const csv = `身份证号,姓名,结算日期,就诊类型,总费用（元）,基本医保报销（元）,大病保险报销（元）,医疗救助（元）,个人负担（元）\r\n${idNumber},${head.name},${today},住院,120000,60000,25000,5000,30000.00\r\n`
    const row = provider.locator('tr', { has: provider.locator('[data-test=feed-upload-MEDICAL]') })
    await row.locator('input[type=file]').setInputFiles({
      name: '医保结算.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    })
    await provider.locator('[data-test=feed-report]').getByText('已入库').waitFor()
    await provider.locator('[data-test=feed-report]').getByText('预警筛查').waitFor({ timeout: 30_000 })
    await shot(provider, 'feeds-upload')
    await provider.close()

    await cadre.locator('[data-test=nav-warnings]').click()
    await cadre.locator('[data-test=warnings-table]').waitFor()
    const tag = cadre.locator(
      '[data-test=warning-rule-MED_HIGH_OOP_LOWINC], [data-test=warning-rule-MED_HIGH_OOP_GENERAL]',
    )
    await expect.poll(async () => tag.count()).toBeGreaterThan(0)
    await expectOfficialText(cadre, 'warnings list')
    await shot(cadre, 'warnings-list')
    await cadre.locator('tr', { has: tag.first() }).locator('[data-test=warning-open]').click()
    await cadre.locator('[data-test=warning-hits]').waitFor()
    await cadre.getByText('¥30,000.00').first().waitFor()
    await expectOfficialText(cadre, 'warning detail')
    await shot(cadre, 'warnings-detail')
    await cadre.close()
  })
})
