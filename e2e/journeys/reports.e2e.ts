/**
 * Monitoring report journey: the village cadre records two clues (through the API), then the county officer opens
 * 监测报表, sees the key figures and the charts of the county for this month, downloads the monthly report (a real
 * .xlsx with the 汇总 and 分区域 sheets, parsed back, the two clues counted). On a server of its own (a clock it can
 * move past the publicity), a household is identified through the §7.1 workflow and gets an employment and a health
 * measure; the dashboard of that month shows measures by category with the developmental share, the age structure of
 * its members and the employment table, and the checked export of targets is a file with that household.
 */
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'
import { useOwnServer } from '../journey.ts'

const baseUrl = inject('baseUrl')
const chrome = useBrowser()

const login = (page: Page, username: string) => signIn(page, baseUrl, username)
const own = useOwnServer()

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'xj_csrf')?.value ?? ''
}

/** The monthly report's figure of new clues found by cadres' screening (汇总 sheet). */
function cadreClues(wb: ExcelJS.Workbook): number | undefined {
  let clues: number | undefined
  wb.getWorksheet('汇总')?.eachRow((r) => {
    if (r.getCell(2).value === '新增线索：基层干部排查') clues = Number(r.getCell(3).value)
  })
  return clues
}

/** Data rows of each sheet (the header row left out). */
const sheetRows = (wb: ExcelJS.Workbook) => Object.fromEntries(wb.worksheets.map((w) => [w.name, w.rowCount - 1]))

describe('monitoring report', () => {
  test('county officer opens the dashboard, sees the charts and downloads the monthly report', async () => {
    // The month's report before: the figure the two clues below must add to.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
    const county = await chrome.browser.newPage({ locale: 'zh-CN' })
    await login(county, 'county_rr')
    const earlier = await county.request.get(`${baseUrl}/api/reports/monitoring.xlsx?region=622926&month=${month}`)
    expect(earlier.status()).toBe(200)
    const before = new ExcelJS.Workbook()
    await before.xlsx.load((await earlier.body()) as unknown as ArrayBuffer)
    const cluesBefore = cadreClues(before)
    expect(cluesBefore).toBeGreaterThanOrEqual(0)
    await county.close()

    // Two clues this month in the cadre's village, so the flow figures are not empty.
    const cadre = await chrome.browser.newPage({ locale: 'zh-CN' })
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

    const page = await chrome.browser.newPage({
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
    expect(download.suggestedFilename()).toBe(`防返贫动态监测月报_622926_${month}.xlsx`)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await download.path())
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '分区域'])
    expect(String(wb.getWorksheet('汇总')?.getCell('A1').value)).toContain('防返贫动态监测月报')
    // exactly the two clues recorded above were added
    expect(cadreClues(wb)).toBe(cluesBefore! + 2)

    await page.close()
  })
})

type CaseView = { case: { id: string; version: number; state: string } }
type Field = { name: string; kind: string; required?: boolean }

describe('monitoring report of a month with a target', () => {
  test('measures by category, age structure and employment of the month the household was identified; the targets export holds it', async () => {
    const { page, get, post, travelTo } = own
    let cadre = await page('village_cadre')
    // a household with a member able to work, so the developmental share has a base
    const list = await get<Array<{ id: string }>>(cadre, '/api/households?pageSize=20')
    let hid = ''
    let category = ''
    for (const h of list) {
      const full = await get<{ householdType: string; members: Array<{ labourSkill: string }> }>(
        cadre,
        `/api/households/${h.id}`,
      )
      if (full.members.some((m) => ['SKILLED', 'ORDINARY', 'WEAK'].includes(m.labourSkill))) {
        hid = h.id
        category = full.householdType === 'TUOPIN' ? 'UNSTABLE_TUOPIN' : 'MARGINAL'
        break
      }
    }
    expect(hid).not.toBe('')
    let c = await post<CaseView>(cadre, '/api/cases', {
      type: 'MONITORING_IDENT',
      householdId: hid,
      values: { channel: 'CADRE_SCREENING', reason: '走访发现' },
    })
    const act = async (p: Page, event: string, values: object = {}) => {
      c = await post<CaseView>(p, `/api/cases/${c.case.id}/actions`, { event, version: c.case.version, values })
    }
    await act(cadre, 'ACCEPT')
    // the verification form as the case offers it: its prefill, every required yes/no ticked, required sums filled
    const view = await get<{ actions: Array<{ event: string; fields: Field[]; initial?: Record<string, unknown> }> }>(
      cadre,
      `/api/cases/${c.case.id}`,
    )
    const verify = view.actions.find((a) => a.event === 'VERIFY')
    const values: Record<string, unknown> = { ...verify?.initial }
    for (const f of verify?.fields ?? []) {
      if (f.required && values[f.name] === undefined && f.kind === 'boolean') values[f.name] = true
      if (f.required && values[f.name] === undefined && f.kind === 'money') values[f.name] = 5200
    }
    await act(cadre, 'VERIFY', values)
    const provider = await page('dept_data')
    await act(provider, 'COMPARED', { comparison: '车辆、房产、工商、财政供养均无' })
    await act(cadre, 'APPRAISED', {
      attendees: 15,
      votesFor: 14,
      votesAgainst: 0,
      minutes: '同意纳入监测',
      category,
      risks: ['UNSTABLE_EMPLOYMENT', 'ILLNESS'],
    })
    await travelTo(6)
    await cadre.close()
    await provider.close()
    cadre = await page('village_cadre')
    await act(cadre, 'FORWARD')
    const town = await page('town_rr')
    await act(town, 'REVIEWED')
    const county = await page('county_rr')
    await act(county, 'APPROVE')
    expect(c.case.state).toBe('ACTIVE')
    // the server's date after the publicity: the month to report
    const server = new Date(Date.now() + 6 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
    const plan = await get<{ plan: { id: string; version: number } }>(cadre, `/api/monitoring/households/${hid}/plan`)
    let version = plan.plan.version
    for (const [category, item] of [
      ['EMPLOYMENT', '技能培训'],
      ['HEALTH', '医疗救助'],
    ]) {
      const v = await post<{ plan: { version: number } }>(cadre, `/api/monitoring/plans/${plan.plan.id}/measures`, {
        planVersion: version,
        measure: { category, item, startDate: server },
      })
      version = v.plan.version
    }

    await county.setViewportSize({ width: 1366, height: 1400 })
    await county.locator('[data-test=nav-reports]').click()
    await county.locator('[data-test=report-as-of]').waitFor()
    const month = server.slice(0, 7)
    if (!(await county.locator('[data-test=report-as-of]').textContent())?.includes(month)) {
      await county.locator('[data-test=report-month]').click()
      await county.locator(`.ant-picker-cell[title="${month}"]`).click()
    }
    await expect.poll(async () => county.locator('[data-test=report-as-of]').textContent()).toContain(month)
    for (const chart of ['chart-category', 'chart-measures', 'chart-age']) {
      await county.locator(`[data-test=${chart}] canvas`).waitFor()
    }
    await expect.poll(async () => county.locator('[data-test=stat-developmental]').textContent()).toContain('100')
    const employment = county.locator('[data-test=report-employment]')
    await employment.getByText('省外务工').waitFor()
    await county.waitForTimeout(800) // chart animations
    await county.locator('[data-test=report-measures]').scrollIntoViewIfNeeded()
    await shot(county, 'reports-measures-age-employment')

    // the same figures through the API
    const r = await get<{
      coverage: {
        withLabour: number
        withLabourDevelopmental: number
        byMeasureCategory: Array<{ category: string; measures: number }>
      }
      ageStructure: { persons: number }
      stock: { total: { persons: number; households: number } }
    }>(county, `/api/reports/monitoring?month=${month}`)
    expect(r.coverage.byMeasureCategory.find((x) => x.category === 'EMPLOYMENT')?.measures).toBe(1)
    expect(r.coverage).toMatchObject({ withLabour: 1, withLabourDevelopmental: 1 })
    expect(r.ageStructure.persons).toBe(r.stock.total.persons)

    // the checked export of targets: this household is the county's only target, and what the journey recorded for it
    // breaks two blocking checks: the verified income is not below the threshold (Q02) and the risk 因病 has no
    // compliant self-paid expenditure (5_15_020). The export is refused with that report; forced, the file has both.
    expect(r.stock.total.households).toBe(1)
    const known = await get<{ householdNo: string }>(county, `/api/households/${hid}`)
    const verified = await get<{ case: { data: { perCapitaNet: number } } }>(county, `/api/cases/${c.case.id}`)
    const threshold = (await get<{ threshold: { yuan: number } }>(county, `/api/reports/monitoring?month=${month}`))
      .threshold.yuan
    expect(verified.case.data.perCapitaNet).toBeGreaterThanOrEqual(threshold)
    await county.setViewportSize({ width: 1366, height: 900 })
    await county.locator('[data-test=targets-export]').scrollIntoViewIfNeeded()
    await county.locator('[data-test=targets-export]').click()
    const checks = county.locator('[data-test=targets-checks]')
    await checks.waitFor()
    const report = (await checks.textContent()) ?? ''
    expect(report).toContain(known.householdNo)
    expect(report).toContain(`${verified.case.data.perCapitaNet}`)
    for (const code of ['Q02', '5_15_020']) expect(report).toContain(code)
    await shot(county, 'reports-checks')
    const [file] = await Promise.all([
      county.waitForEvent('download'),
      county.locator('[data-test=targets-force]').click(),
    ])
    expect(file.suggestedFilename()).toMatch(/^监测对象_622926_\d{8}\.xlsx$/)
    const targets = new ExcelJS.Workbook()
    await targets.xlsx.readFile(await file.path())
    expect(targets.worksheets.map((w) => w.name)).toEqual(['监测对象', '家庭成员', '校验结果'])
    // 校验结果: a summary row, then one row per finding (行号, 户编号, 规则, 级别, …)
    expect(sheetRows(targets)).toEqual({ 监测对象: 1, 家庭成员: r.stock.total.persons, 校验结果: 1 + 2 })
    const cellsOf = (sheet: string, n: number) =>
      (targets.getWorksheet(sheet)!.getRow(n).values as unknown[]).slice(1).map((v) => String(v ?? ''))
    expect(cellsOf('监测对象', 2)).toContain(known.householdNo)
    expect(cellsOf('校验结果', 2).join(' ')).toContain('阻断性问题 2 条')
    expect([cellsOf('校验结果', 3), cellsOf('校验结果', 4)].map((x) => x.slice(1, 4)).sort()).toEqual([
      [known.householdNo, '5_15_020', '阻断'],
      [known.householdNo, 'Q02', '阻断'],
    ])
  }, 150_000)
})
