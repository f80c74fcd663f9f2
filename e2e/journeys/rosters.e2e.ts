/**
 * Payment-roster journey: the county civil-affairs officer raises the due 低保 reviews, generates next month's roster
 * (a background job) and sees the totals by township; a second county officer (separation of duties) approves it and
 * exports the bank file, masked and then with full accounts (audited).
 */
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'

const baseUrl = inject('baseUrl')
const chrome = useBrowser()

/** As the web app shows money: fen → "1,234.56". */
const yuan = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

interface Line {
  id: string
  kind: string
  name: string
  amount: number
}
/** Every line of the roster (the API pages by 200). */
async function allLines(p: Page, id: string): Promise<Line[]> {
  const out: Line[] = []
  for (let page = 1; ; page++) {
    const res = await p.request.get(`${baseUrl}/api/assistance/rosters/${id}/lines?page=${page}&pageSize=200`)
    expect(res.status()).toBe(200)
    const body = (await res.json()) as { data: Line[]; page: { total: number } }
    out.push(...body.data)
    if (out.length >= body.page.total || body.data.length === 0) return out
  }
}

describe('payment rosters', () => {
  test('county officer generates next month, sees township totals; another approves and exports', async () => {
    const officer = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await signIn(officer, baseUrl, 'county_ca')
    await officer.locator('[data-test=nav-assistance]').click()
    await officer.locator('[data-test=rosters-table]').waitFor()
    // the county's periodic review raiser says what it did, with a link to the cases
    await officer.locator('[data-test=reviews-raise]').click()
    const raised = officer.locator('[data-test=reviews-raised]')
    await raised.waitFor()
    expect(await raised.textContent()).toMatch(/定期复核 \d+ 户.*渐退期满结束 \d+ 户/)
    expect(await raised.locator('a[href="/cases?type=DIBAO_REVIEW"]').count()).toBe(1)
    await officer.locator('[data-test=roster-generate]').click()
    await officer.locator('[data-test=roster-generated]').waitFor({ timeout: 60_000 })
    const open = officer.locator('[data-test^=roster-open-]').first()
    await open.waitFor()
    await shot(officer, 'rosters-list')
    await open.click()
    await officer.locator('[data-test=roster-totals-table]').waitFor()
    await officer.locator('[data-test=roster-township-chart] canvas').waitFor()
    const rows = officer.locator('[data-test=roster-totals-table] tbody tr.ant-table-row')
    await expect.poll(async () => rows.count()).toBeGreaterThan(0)
    await expect.poll(async () => officer.locator('[data-test=roster-status-DRAFT]').count()).toBe(1)
    // the total shown is the sum of the roster's lines, and the township table adds up to it
    const rosterId = new URL(officer.url()).pathname.split('/').pop()!
    const lines = await allLines(officer, rosterId)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.every((l) => l.kind !== 'ADJUSTMENT' && Number.isInteger(l.amount) && l.amount > 0)).toBe(true)
    const generated = lines.reduce((sum, l) => sum + l.amount, 0)
    expect(await officer.locator('[data-test=roster-total]').textContent()).toBe(yuan(generated))
    const totals = (await (await officer.request.get(`${baseUrl}/api/assistance/rosters/${rosterId}/totals`)).json())
      .data as { total: number; rows: Array<{ amount: number; adjustments: number }> }
    expect(totals.total).toBe(generated)
    expect(totals.rows.reduce((sum, r) => sum + r.amount, 0)).toBe(generated)
    expect(await officer.locator('[data-test=roster-approve]').count()).toBe(0) // the generator cannot approve
    // masked accounts in the lines
    const account = await officer.locator('[data-test=roster-lines] tbody tr.ant-table-row td').nth(2).textContent()
    expect(account).toMatch(/^\*+\d{4}$/)
    await shot(officer, 'roster-detail-draft')
    const url = officer.url()
    await officer.close()

    const head = await chrome.browser.newPage({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    })
    await signIn(head, baseUrl, 'county_ca_head')
    await head.goto(url)
    await head.locator('[data-test=roster-approve]').click()
    await head.locator('.ant-popconfirm .ant-btn-primary').click()
    await head.locator('[data-test=roster-approved]').waitFor()
    await expect.poll(async () => head.locator('[data-test=roster-status-APPROVED]').count()).toBe(1)
    // a correction after approval is an adjustment line: 10 yuan less on the first line
    expect(await head.locator('[data-test=roster-total]').textContent()).toBe(yuan(generated))
    await head.locator('[data-test=line-adjust]').first().click()
    const adjust = head.locator('.ant-modal')
    await adjust.locator('#amountYuan').fill('-10')
    await adjust.locator('#note').fill('核减收入后更正')
    await adjust.locator('.ant-modal-footer .ant-btn-primary').click()
    await adjust.waitFor({ state: 'hidden' })
    // the adjustment waits for a second officer: the total does not move and the author cannot approve it
    await head.locator('[data-test=roster-pending]').waitFor()
    expect(await head.locator('[data-test=adjustment-approve]').count()).toBe(0)
    expect(await head.locator('[data-test=roster-total]').textContent()).toBe(yuan(generated))
    const second = await chrome.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    await signIn(second, baseUrl, 'county_ca')
    await second.goto(url)
    await second.locator('[data-test=adjustment-approve]').first().click()
    await second.locator('.ant-popconfirm .ant-btn-primary').click()
    await second.locator('[data-test=roster-pending]').waitFor({ state: 'detached' })
    await second.close()
    await head.reload()
    const adjusted = generated - 1000
    await expect.poll(async () => head.locator('[data-test=roster-total]').textContent()).toBe(yuan(adjusted))
    const after = await allLines(head, rosterId)
    expect(after.filter((l) => l.kind === 'ADJUSTMENT').map((l) => l.amount)).toEqual([-1000])
    expect(after.length).toBe(lines.length + 1)
    const [masked] = await Promise.all([
      head.waitForEvent('download'),
      head.locator('[data-test=roster-export]').click(),
    ])
    expect(masked.suggestedFilename()).toMatch(/^发放名册_622926_\d{6}\.xlsx$/)
    // the bank file holds exactly the roster's lines (the adjustment included) and their total, accounts masked
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await masked.path())
    expect(wb.worksheets).toHaveLength(1)
    const sheet = wb.worksheets[0]!
    expect(sheet.name).toMatch(/^发放名册\d{4}-?\d{2}$/)
    const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
    expect(cells(1)).toEqual(['序号', '姓名', '身份证号', '一卡通账号', '金额（元）', '乡镇', '村', '项目'])
    const fileRows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => cells(i + 2))
    const sumRow = fileRows.pop()!
    expect(fileRows).toHaveLength(after.length)
    expect(fileRows.map((r) => r[0])).toEqual(after.map((_, i) => i + 1))
    const byNameAndAmount = (rows: Array<[unknown, unknown]>) => rows.map(([n, a]) => `${n} ${a}`).sort()
    expect(byNameAndAmount(fileRows.map((r) => [r[1], r[4]]))).toEqual(
      byNameAndAmount(after.map((l) => [l.name, l.amount / 100])),
    )
    expect(fileRows.filter((r) => String(r[7]).endsWith('（调整）')).map((r) => r[4])).toEqual([-10])
    const accounts = fileRows.map((r) => r[3]).filter((a) => a !== undefined && a !== null && a !== '')
    expect(accounts.length).toBeGreaterThan(0)
    expect(accounts.filter((a) => !/^\*+\d{4}$/.test(String(a)))).toEqual([])
    expect([sumRow[0], sumRow[4]]).toEqual(['合计', adjusted / 100])
    const [full] = await Promise.all([
      head.waitForEvent('download'),
      head.locator('[data-test=roster-export-full]').click(),
    ])
    expect(full.suggestedFilename()).toMatch(/完整账号\.xlsx$/)
    await shot(head, 'roster-detail-approved')
    // both exports are on record
    const audit = (await (
      await head.request.get(`${baseUrl}/api/audit?action=roster.export.full&pageSize=5`)
    ).json()) as { data?: unknown[] }
    expect(audit.data?.length ?? 0).toBeGreaterThan(0)
    await head.locator('[data-test=nav-assistance]').click()
    await head.locator('[data-test=tab-reports]').click()
    await head.locator('[data-test=report-funds-chart] canvas').waitFor()
    await shot(head, 'assistance-reports')
    await head.locator('[data-test=tab-registry]').click()
    await expect
      .poll(async () => head.locator('[data-test=registry-table] tbody tr.ant-table-row').count())
      .toBeGreaterThan(0)
    await shot(head, 'assistance-registry')
    // a special (medical) grant for a 低保 household, justified by its registry group
    const reg = (await (
      await head.request.get(`${baseUrl}/api/assistance/registry?group=DIBAO&pageSize=1`)
    ).json()) as {
      data: Array<{ householdNo: string }>
    }
    await head.locator('[data-test=tab-grants]').click()
    await head.locator('[data-test=grant-new]').click()
    const dialog = head.locator('.ant-modal')
    await dialog.locator('[data-test=grant-household-no]').fill(reg.data[0]!.householdNo)
    await dialog.locator('#amountYuan').fill('2500')
    await dialog.locator('#periodFrom').fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10))
    await dialog.locator('#department').fill('县医疗保障局')
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click()
    await expect
      .poll(async () => head.locator('[data-test=grants-table] tbody tr.ant-table-row').count(), { timeout: 15_000 })
      .toBe(1)
    await dialog.waitFor({ state: 'hidden' })
    await shot(head, 'assistance-grants')
    await head.locator('[data-test=tab-daijiao]').click()
    await head.locator('[data-test=daijiao-generate]').click()
    await head.locator('[data-test=daijiao-table] tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 })
    const groups = head.locator('[data-test=daijiao-totals] tbody tr.ant-table-row')
    await expect.poll(async () => groups.count()).toBeGreaterThan(0)
    await shot(head, 'assistance-daijiao')
    await head.close()
  })
})
