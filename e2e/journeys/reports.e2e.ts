/**
 * Monitoring report journey: the village cadre records two clues (through the API), then the county officer opens
 * 监测报表, sees the key figures and the charts of the county for this month, downloads the monthly report (a real
 * .xlsx with the 汇总 and 分区域 sheets, parsed back) and runs the checked export of targets.
 */
import ExcelJS from 'exceljs'
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

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'xj_csrf')?.value ?? ''
}

describe('monitoring report', () => {
  test('county officer opens the dashboard, sees the charts and downloads the monthly report', async () => {
    // Two clues this month in the cadre's village, so the flow figures are not empty.
    const cadre = await browser.newPage({ locale: 'zh-CN' })
    await login(cadre, 'village_cadre')
    const list = (await (await cadre.request.get(`${baseUrl}/api/households?pageSize=2`)).json()) as {
      data: Array<{ id: string }>
    }
    for (const h of list.data) {
      const res = await cadre.request.post(`${baseUrl}/api/cases`, {
        headers: { 'x-csrf-token': await csrf(cadre) },
        data: {
          type: 'MONITORING_IDENT',
          householdId: h.id,
          values: { channel: 'CADRE_SCREENING', reason: '走访发现' },
        },
      })
      expect(res.status()).toBe(200)
    }
    await cadre.close()

    const page = await browser.newPage({
      locale: 'zh-CN',
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    })
    await login(page, 'county_rr')
    await page.locator('[data-test=nav-reports]').click()
    await page.locator('[data-test=reports-page]').waitFor()
    await page.locator('[data-test=report-as-of]').waitFor()
    for (const chart of ['chart-status', 'chart-flow', 'chart-income']) {
      await page.locator(`[data-test=${chart}] canvas`).waitFor()
    }
    // category and risk charts, or their empty state when the county has no targets yet
    for (const chart of ['chart-category', 'chart-risk']) {
      await page.locator(`[data-test=${chart}] canvas, [data-test=${chart}-empty]`).first().waitFor()
    }
    await page.locator('[data-test=report-children]').waitFor()
    await expect.poll(async () => page.locator('[data-test=stat-total]').textContent()).toContain('监测对象')
    await page.waitForTimeout(800) // chart animations
    await shot(page, 'reports-dashboard')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test=report-download]').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^防返贫动态监测月报_622926_\d{4}-\d{2}\.xlsx$/)
    const path = await download.path()
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '分区域'])
    expect(String(wb.getWorksheet('汇总')?.getCell('A1').value)).toContain('防返贫动态监测月报')
    let clues = 0
    wb.getWorksheet('汇总')?.eachRow((r) => {
      if (r.getCell(2).value === '新增线索：基层干部排查') clues = Number(r.getCell(3).value)
    })
    expect(clues).toBeGreaterThanOrEqual(2)

    // The checked export of targets: a file, or the check report in a dialog.
    const exported = page.waitForEvent('download', { timeout: 15_000 }).catch(() => null)
    await page.locator('[data-test=targets-export]').click()
    const dialog = page.locator('[data-test=targets-checks]')
    const outcome = await Promise.race([exported, dialog.waitFor().then(() => 'checks' as const)])
    if (outcome === 'checks') await shot(page, 'reports-checks')
    else expect(outcome?.suggestedFilename()).toMatch(/^监测对象_622926_\d{8}\.xlsx$/)
    await page.close()
  })
})
