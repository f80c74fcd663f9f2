/**
 * Issue 4 journeys: the township officer finds a household by the pinyin initials of its head, opens it, types a
 * member ID number with a wrong check digit and sees the field error, fixes it, saves and finds the change in the
 * history timeline; then imports a small workbook with invalid rows, reads the report, commits the valid rows and
 * finds them in the list. Screenshots at desktop and phone width, in Chinese and once in English.
 */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import ExcelJS from 'exceljs'
import { pinyin } from 'pinyin-pro'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { shot, login as signIn, useBrowser } from '../browser.ts'

const baseUrl = inject('baseUrl')
const desktop = { width: 1280, height: 900 }
const phone = { width: 390, height: 844 }
const chrome = useBrowser()

async function newPage(viewport: { width: number; height: number }, lang: 'zh-CN' | 'en-US' = 'zh-CN') {
  const context: BrowserContext = await chrome.browser.newContext({ locale: lang, viewport })
  await context.addInitScript({ content: `localStorage.setItem('xj_lang', '${lang}')` })
  return context.newPage()
}

const login = (page: Page, username: string) => signIn(page, baseUrl, username)

/** A valid ID number for someone born on `birthDate` (YYYY-MM-DD) of the given sex, with a random sequence. */
function idFor(birthDate: string, gender: number): string {
  let seq = 100 + Math.floor(Math.random() * 890)
  if (seq % 2 !== (gender === 1 ? 1 : 0)) seq += 1
  const body = `622926${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  return body + computeCheckChar(body)
}

/** The same number with a check character that is certainly wrong. */
const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0')

const initials = (name: string) => pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('')

interface Summary {
  id: string
  headName: string | null
  householdNo: string
}
interface Detail {
  id: string
  householdNo: string
  assessment: { perCapitaNet: number } | null
  guarantee: { checked_on?: unknown } | null
}
/** GET as the page's user; expects 200 and returns `data`. */
async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${baseUrl}${path}`)
  const body = await res.json()
  expect(res.status(), JSON.stringify(body)).toBe(200)
  return body.data as T
}
/** Fen as the web app shows it, "1,234.56". */
const yuan = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

interface Member {
  id: string
  name: string
  birthDate: string
  gender: number
  status: string
  relationToHead: string
}

describe('households', () => {
  test('find by pinyin initials, fix a wrong ID check digit, see the change in the history', async () => {
    const page = await newPage(desktop)
    await login(page, 'town_rr')

    // Pick, through the API, a household whose head's initials find it on the first page of results.
    const listRes = await page.request.get(`${baseUrl}/api/households?pageSize=100`)
    expect(listRes.ok(), await listRes.text()).toBe(true)
    const list = (await listRes.json()) as { data: Summary[] }
    let target: { h: Summary; q: string } | null = null
    for (const h of list.data) {
      if (!h.headName || h.headName.length < 2) continue
      const q = initials(h.headName)
      const res = (await (await page.request.get(`${baseUrl}/api/households?q=${q}&pageSize=20`)).json()) as {
        data: Summary[]
        page: { total: number }
      }
      if (res.data.some((r) => r.id === h.id) && res.page.total <= 20) {
        target = { h, q }
        break
      }
    }
    expect(target, 'a household findable by its head’s initials').not.toBeNull()
    if (!target) return
    const { h, q } = target

    await page.locator('[data-test=nav-households]').click()
    await page.locator('[data-test=household-row]').first().waitFor()
    await shot(page, 'households-list')
    await page.locator('[data-test=household-search] input').fill(q)
    await page.locator('[data-test=household-search] input').press('Enter')
    const row = page.locator(`[data-test=household-row][data-id="${h.id}"]`)
    await row.waitFor()
    await shot(page, 'households-search-initials')
    await row.click()
    await page.locator('[data-test=household-header]').waitFor()
    await expect(page.locator('[data-test=household-no]').textContent()).resolves.toContain(h.householdNo)
    const versionBefore = Number(await page.locator('[data-test=household-version]').textContent())
    await shot(page, 'household-detail')

    // Edit the first active member's ID number: first with a wrong check digit, then the right one.
    const detail = (await (await page.request.get(`${baseUrl}/api/households/${h.id}`)).json()) as {
      data: { members: Member[] }
    }
    const member = detail.data.members.find((m) => m.status === 'ACTIVE')
    if (!member) throw new Error('household without active members')
    const good = idFor(member.birthDate, member.gender)
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    await page.locator(`[data-test=member-row][data-id="${member.id}"] [data-test=member-edit]`).click()
    const idInput = page.locator('[data-test=member-form] [data-test=member-id-number]')
    await idInput.waitFor()
    await idInput.fill(wrongCheck)
    await page.locator('[data-test=member-form-save]').click()
    const fieldError = page.locator('[data-test=member-form] .ant-form-item-explain-error')
    await fieldError.first().waitFor()
    await expect(fieldError.first().textContent()).resolves.toContain('校验码')
    await shot(page, 'member-id-check-digit-error')

    await idInput.fill(good)
    await page.locator('[data-test=member-form-save]').click()
    await page.locator('[data-test=member-form]').waitFor({ state: 'detached' })
    await expect
      .poll(async () => Number(await page.locator('[data-test=household-version]').textContent()))
      .toBe(versionBefore + 1)

    // The list masks the new number; the officer reveals it (a confirmation: revealing is audited) and reads it whole.
    const memberRow = page.locator(`[data-test=member-row][data-id="${member.id}"]`)
    await expect(memberRow.locator('[data-test=member-id]').textContent()).resolves.not.toContain(good)
    await memberRow.locator('[data-test=member-reveal]').click()
    await page.locator('[data-test=member-reveal-confirm]').click()
    await expect(memberRow.locator('[data-test=member-id-full]').textContent()).resolves.toContain(good)

    await page.locator('[data-test=tab-history]').click()
    const entry = page.locator('[data-test=history-entry][data-action="member.update"]').first()
    await entry.waitFor()
    const change = entry.locator(`[data-test=change][data-path="members[${member.name}].id_number"]`)
    await change.waitFor()
    // The timeline masks ID numbers: the new number's last four digits show, the middle does not.
    const text = (await change.textContent()) ?? ''
    expect(text).toContain(good.slice(-4))
    expect(text).not.toContain(good)
    await shot(page, 'household-history')

    // As of yesterday the household is at the version before the edit, shown read-only with a banner.
    const yesterday = new Date(Date.now() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
    await page.goto(`${baseUrl}/households/${h.id}?asOf=${yesterday}`)
    await page.locator('[data-test=as-of-banner]').waitFor()
    await expect(page.locator('[data-test=as-of-banner]').textContent()).resolves.toContain(yesterday)
    expect(await page.locator('[data-test=member-edit]').count()).toBe(0)
    await shot(page, 'household-as-of')
    await page.context().close()
  })

  test('the list and the detail on a phone, and the detail in English', async () => {
    const page = await newPage(phone)
    await login(page, 'town_rr')
    // what the list's first page holds (the page sorts by 户编号), and a household of it with an income assessment
    // and a 三保障 check on record
    const listed = await api<Summary[]>(page, '/api/households?page=1&pageSize=20&sort=householdNo&order=asc')
    expect(listed.length).toBeGreaterThan(0)
    let known: Detail | undefined
    for (const h of listed) {
      const d = await api<Detail>(page, `/api/households/${h.id}`)
      if (d.assessment && d.guarantee) {
        known = d
        break
      }
    }
    if (!known) throw new Error('no household of the first page has an income assessment and a 三保障 check')
    const household = known
    await page.goto(`${baseUrl}/households`)
    const first = page.locator('[data-test=household-row]').first()
    await first.waitFor()
    expect(await first.getAttribute('data-id')).toBe(listed[0]!.id)
    expect(await first.textContent()).toContain(listed[0]!.headName)
    await expect.poll(() => page.locator('[data-test=household-row]').count()).toBe(listed.length)
    await shot(page, 'households-list-phone')
    await page.goto(`${baseUrl}/households/${household.id}`)
    const header = page.locator('[data-test=household-header]')
    await header.waitFor()
    expect(await header.textContent()).toContain(household.householdNo)
    await page.locator('[data-test=tab-income]').click()
    const perCapita = page.locator('[data-test=income-per-capita]')
    await perCapita.waitFor()
    expect(await perCapita.textContent()).toContain(yuan(known.assessment!.perCapitaNet))
    await shot(page, 'household-income-phone')
    await page.context().close()

    const en = await newPage(desktop, 'en-US')
    await login(en, 'town_rr')
    await en.goto(`${baseUrl}/households`)
    const row = en.locator(`[data-test=household-row][data-id="${listed[0]!.id}"]`)
    await row.waitFor()
    expect(await row.textContent()).toContain(listed[0]!.householdNo)
    await en.goto(`${baseUrl}/households/${household.id}`)
    await en.locator('[data-test=household-header]').waitFor()
    expect(await en.locator('[data-test=household-header]').textContent()).toContain(household.householdNo)
    await expect(en.locator('[data-test=tab-members]').textContent()).resolves.toBe('Members')
    await en.locator('[data-test=tab-guarantee]').click()
    const checkedOn = en.locator('[data-test=guarantee-checked-on]')
    await checkedOn.waitFor()
    expect(await checkedOn.textContent()).toContain(String(known.guarantee!.checked_on))
    await shot(en, 'household-guarantee-en')
    await en.locator('[data-test=tab-income]').click()
    const perCapitaEn = en.locator('[data-test=income-per-capita]')
    await perCapitaEn.waitFor()
    expect(await perCapitaEn.textContent()).toContain(yuan(known.assessment!.perCapitaNet))
    await shot(en, 'household-income-en')
    await en.context().close()
  })

  test('a browser in another time zone dates its forms by the day in China', async () => {
    // a zone whose calendar day differs from China's at this moment (with an hour's margin either way): UTC−12
    // until 19:00 in China, UTC+14 from then on
    const china = new Date(Date.now() + 8 * 3_600_000)
    const chinaDay = china.toISOString().slice(0, 10)
    const timezoneId = china.getUTCHours() < 19 ? 'Etc/GMT+12' : 'Etc/GMT-14'
    const context = await chrome.browser.newContext({ locale: 'zh-CN', viewport: desktop, timezoneId })
    await context.addInitScript({ content: `localStorage.setItem('xj_lang', 'zh-CN')` })
    const page = await context.newPage()
    expect(await page.evaluate(() => new Date().toLocaleDateString('en-CA'))).not.toBe(chinaDay)
    await login(page, 'town_rr')
    await page.goto(`${baseUrl}/households`)
    await page.locator('[data-test=household-row]').first().click()
    await page.locator('[data-test=household-header]').waitFor()
    await page.locator('[data-test=tab-income]').click()
    await page.locator('[data-test=income-new]').click()
    await page.locator('[data-test=assessment-form]').waitFor()
    const date = page.locator('input[data-test=assessment-date], [data-test=assessment-date] input').first()
    expect(await date.inputValue()).toBe(chinaDay)
    await context.close()
  })

  test('import a workbook with invalid rows, read the report, commit the valid ones, find them in the list', async () => {
    const page = await newPage(desktop)
    await login(page, 'town_rr')
    // A village of the officer's township, taken from the registry.
    const some = (await (await page.request.get(`${baseUrl}/api/households?pageSize=1`)).json()) as {
      data: Array<{ regionCode: string }>
    }
    const village = some.data[0]?.regionCode
    if (!village) throw new Error('no household in the officer’s area')
    // Fill the server's own template, matching its headings by keyword.
    const template = await page.request.get(`${baseUrl}/api/imports/template.xlsx`)
    expect(template.ok()).toBe(true)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await template.body()) as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]
    if (!sheet) throw new Error('template without a sheet')
    const headings: string[] = []
    sheet.getRow(1).eachCell((cell, col) => {
      headings[col] = String(cell.value ?? '')
    })
    const stamp = String(Date.now()).slice(-6)
    const people = [
      { name: `导入甲${stamp}`, id: idFor('1980-03-01', 1), ok: true },
      { name: `导入乙${stamp}`, id: idFor('1975-07-12', 2), ok: true },
      { name: `导入丙${stamp}`, id: wrongCheckDigit(idFor('1990-01-05', 1)), ok: false },
      { name: `导入丁${stamp}`, id: '62292619800301', ok: false },
    ]
    const valueFor = (heading: string, p: (typeof people)[number], i: number): string | undefined => {
      if (/区划|村代码|行政区/.test(heading)) return village
      if (/户编号/.test(heading)) return `E2E${stamp}${i}`
      if (/户类型/.test(heading)) return '一般农户'
      if (/关系/.test(heading)) return '户主'
      if (/证件类型/.test(heading)) return '居民身份证'
      if (/身份证|证件号/.test(heading)) return p.id
      if (/姓名|户主/.test(heading)) return p.name
      return undefined
    }
    people.forEach((p, i) => {
      const row = sheet.getRow(i + 2)
      headings.forEach((h, col) => {
        const v = h ? valueFor(h, p, i) : undefined
        if (v !== undefined) row.getCell(col).value = v
      })
      row.commit()
    })
    const buffer = Buffer.from(await wb.xlsx.writeBuffer())

    await page.locator('[data-test=nav-imports]').click()
    await page.locator('[data-test=import-upload]').waitFor()
    await page.locator('[data-test=import-upload] input[type=file]').setInputFiles({
      name: 'households.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    })
    await page.locator('[data-test=import-report]').waitFor({ timeout: 60_000 })
    const summary = page.locator('[data-test=import-summary]')
    expect(Number(await summary.getAttribute('data-invalid'))).toBe(2)
    expect(Number(await summary.getAttribute('data-valid'))).toBe(2)
    // The report names the row, the column and the reason: a wrong check digit and a number that is too short.
    await page.locator('[data-test=import-only-errors]').click()
    const errors = page.locator('[data-test=import-issue][data-severity=error]')
    await expect.poll(() => errors.count()).toBe(2)
    expect(
      await errors.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-row'), r.getAttribute('data-code')])),
    ).toEqual([
      ['4', 'CHECKSUM'],
      ['5', 'LENGTH'],
    ])
    await expect(errors.first().textContent()).resolves.toContain('校验码')
    await shot(page, 'import-report')
    // The same report as a workbook, with the reasons beside the rows.
    const href = await page.locator('[data-test=import-report-download]').getAttribute('href')
    expect(href).toMatch(/^\/api\/imports\/[0-9a-f-]+\/report\.xlsx$/)
    const xlsx = await page.request.get(`${baseUrl}${href}`)
    expect(xlsx.ok()).toBe(true)
    const report = new ExcelJS.Workbook()
    await report.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer)
    const rows: string[] = []
    report.worksheets[0]?.eachRow((r) => {
      rows.push(JSON.stringify(r.values))
    })
    expect(rows.join('\n')).toContain('校验码')

    await page.locator('[data-test=import-mode-all]').click()
    await page.locator('[data-test=import-all-blocked]').waitFor()
    expect(await page.locator('[data-test=import-commit]').isDisabled()).toBe(true)
    await page.locator('[data-test=import-mode-valid]').click()
    await page.locator('[data-test=import-commit]').click()
    await page.locator('[data-test=import-result]').waitFor({ timeout: 60_000 })
    expect(await page.locator('[data-test=import-result]').getAttribute('data-created')).toBe('2')
    await shot(page, 'import-result')

    await page.locator('[data-test=import-view-list]').click()
    await page.locator('[data-test=household-search] input').fill(`导入甲${stamp}`)
    await page.locator('[data-test=household-search] input').press('Enter')
    const imported = page.locator('[data-test=household-row]', { hasText: `导入甲${stamp}` })
    await imported.waitFor()
    await expect(imported.locator('[data-test=household-region]').textContent()).resolves.not.toMatch(/^\d+$/)
    await shot(page, 'import-in-list')
    await page.locator('[data-test=household-search] input').fill(`导入丙${stamp}`)
    await page.locator('[data-test=household-search] input').press('Enter')
    await page.locator('[data-test=household-table] .ant-empty').waitFor()
    await page.context().close()

    // The report in English.
    const en = await newPage(desktop, 'en-US')
    await login(en, 'town_rr')
    await en.goto(`${baseUrl}/imports`)
    await en.locator('[data-test=import-upload] input[type=file]').setInputFiles({
      name: 'households.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    })
    await en.locator('[data-test=import-report]').waitFor({ timeout: 60_000 })
    await en.locator('[data-test=import-only-errors]').click()
    await en.locator('[data-test=import-only-errors][aria-checked=true]').waitFor()
    await expect(en.locator('[data-test=import-issue][data-severity=error]').first().textContent()).resolves.toMatch(
      /check/i,
    )
    await shot(en, 'import-report-en')
    await en.context().close()
  })
})
