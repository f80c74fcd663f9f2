/**
 * Paper journey (issue 18 item 6): the pages officials print and file, each opened in the browser, its text checked
 * (names, amounts, signature lines, no internal codes) and printed to PDF by Chromium on A4. Two households of the
 * cadre's village go to village publicity (one with an illness risk that must not be printed); the single notice and
 * the village's batch list carry the village, the issuing body, the dates and the complaint telephone; the household
 * file card shows members with masked ID numbers and the income in 元; the county roster prints with 制表人 / 审核人 /
 * 审批人 lines.
 */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { shot } from '../browser.ts'
import { useOwnServer } from '../journey.ts'
import { expectOfficialText } from '../officialText.ts'

const own = useOwnServer()

type CaseView = { case: { id: string; version: number; state: string; regionCode: string; openedOn: string } }
type Field = { name: string; kind: string; required?: boolean }

/** Prints the page to PDF as Chromium does for 打印 and checks it: at least one page, every page A4 (595 × 842 pt). */
async function expectA4Pdf(page: Page, name: string): Promise<number> {
  const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1')
  const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
  expect(pages, `${name}: PDF pages`).toBeGreaterThan(0)
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)]
  expect(boxes.length, `${name}: media boxes`).toBeGreaterThan(0)
  for (const b of boxes) {
    expect(Math.abs(Number(b[1]) - 595.3), `${name}: A4 width`).toBeLessThan(2)
    expect(Math.abs(Number(b[2]) - 841.9), `${name}: A4 height`).toBeLessThan(2)
  }
  return pages
}

async function text(page: Page, sel: string): Promise<string> {
  await page.locator(sel).waitFor()
  return (await page.locator(sel).textContent()) ?? ''
}

describe('paper officials file', () => {
  test('notices, the village publicity list, the household card and the roster print on A4', async () => {
    const { page, get, post } = own
    const cadre = await page('village_cadre')
    const provider = await page('dept_data')
    // the demo village of the cadre has one household: a second one (created here) makes the round a list
    const me = await get<{ user: { regionCode: string } }>(cadre, '/api/auth/me')
    const village = me.user.regionCode
    const first17 = '62292619750315051'
    await post(cadre, '/api/households', {
      regionCode: village,
      householdType: 'GENERAL',
      members: [
        {
          name: '马明白',
          idNumber: first17 + computeCheckChar(first17),
          relationToHead: 'HEAD',
          labourSkill: 'ORDINARY',
        },
      ],
    })
    const list = (
      await get<Array<{ id: string; headName: string; householdType: string; regionCode: string }>>(
        cadre,
        '/api/households?pageSize=50',
      )
    ).filter((h) => h.regionCode === village && h.headName)
    expect(list.length).toBeGreaterThanOrEqual(2)
    const cases: CaseView[] = []
    for (const h of list.slice(0, 2)) {
      let c = await post<CaseView>(cadre, '/api/cases', {
        type: 'MONITORING_IDENT',
        householdId: h.id,
        values: { channel: 'CADRE_SCREENING', reason: '走访发现' },
      })
      const act = async (p: Page, event: string, values: object = {}) => {
        c = await post<CaseView>(p, `/api/cases/${c.case.id}/actions`, { event, version: c.case.version, values })
      }
      await act(cadre, 'ACCEPT')
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
      await act(provider, 'COMPARED', { comparison: '车辆、房产、工商、财政供养均无' })
      await act(cadre, 'APPRAISED', {
        attendees: 15,
        votesFor: 14,
        votesAgainst: 0,
        minutes: '同意纳入监测',
        category: h.householdType === 'TUOPIN' ? 'UNSTABLE_TUOPIN' : 'MARGINAL',
        risks: ['ILLNESS', 'UNSTABLE_EMPLOYMENT'],
      })
      expect(c.case.state).toBe('VILLAGE_PUBLICITY')
      cases.push(c)
    }

    // 1. the single notice: village, issuing body, date, complaint telephone; no health risk
    await cadre.goto(`${own.baseUrl}/cases/${cases[0]!.case.id}/notices/1`)
    const notice = await text(cadre, '[data-test=notice-page]')
    expect(notice).toContain(list[0]!.headName)
    expect(notice).toContain('村民委员会')
    expect(notice).toMatch(/发布日期：\d{4}-\d{2}-\d{2}/)
    expect(notice).toContain('监督（投诉）电话：12317')
    expect(notice).toContain('因务工就业不稳')
    expect(notice).not.toContain('因病')
    await expectOfficialText(cadre, 'notice')
    await shot(cadre, 'paper-notice')
    await expectA4Pdf(cadre, 'notice')

    // 2. the batch list of the village: both households on one sheet, from the publicity board
    await cadre.goto(`${own.baseUrl}/inbox?tab=publicity`)
    await cadre.locator('[data-test=board-batch]').first().waitFor()
    const board = await get<{ items: Array<{ subjectName: string; regionCode: string; startOn: string }> }>(
      cadre,
      '/api/publicity',
    )
    const round = board.items.filter((i) => i.regionCode === village)
    expect(round.length).toBe(2)
    await cadre.goto(
      `${own.baseUrl}/inbox/publicity?regionCode=${village}&type=MONITORING_IDENT&startOn=${round[0]!.startOn}`,
    )
    const batch = await text(cadre, '[data-test=publicity-list]')
    for (const i of round) expect(batch).toContain(i.subjectName)
    expect(batch).toContain('共 2 户')
    expect(batch).toContain('监督（投诉）电话：12317')
    expect(batch).toContain('村民委员会')
    expect(batch).not.toContain('因病')
    expect(batch).not.toMatch(/\d{17}[\dX]/)
    await expectOfficialText(cadre, 'publicity list')
    await shot(cadre, 'paper-publicity-list')
    await expectA4Pdf(cadre, 'publicity list')

    // 3. the household file card from the household page: members masked, income in 元, helpers, dates
    await cadre.goto(`${own.baseUrl}/households/${list[0]!.id}`)
    await cadre.locator('[data-test=household-card-link]').click()
    const card = await text(cadre, '[data-test=household-card]')
    const detail = await get<{
      members: Array<{ name: string; idNumber: string; status: string }>
      assessment: { perCapitaNet: number } | null
    }>(cadre, `/api/households/${list[0]!.id}`)
    for (const m of detail.members.filter((x) => x.status === 'ACTIVE')) {
      expect(card).toContain(m.name)
      expect(card).toContain(m.idNumber)
    }
    expect(card).not.toMatch(/\d{17}[\dX]/)
    if (detail.assessment) {
      const perCapita = (detail.assessment.perCapitaNet / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })
      expect(card).toContain(`${perCapita} 元`)
    }
    expect(card).toMatch(/打印日期：\d{4}-\d{2}-\d{2}/)
    await expectOfficialText(cadre, 'household card')
    await shot(cadre, 'paper-household-card')
    await expectA4Pdf(cadre, 'household card')

    // 4. the roster print with signature lines, after the county generates a roster
    const officer = await page('county_ca')
    await officer.locator('[data-test=nav-assistance]').click()
    await officer.locator('[data-test=roster-generate]').click()
    await officer.locator('[data-test=roster-generated]').waitFor({ timeout: 60_000 })
    await officer.locator('[data-test^=roster-open-]').first().click()
    await officer.locator('[data-test=roster-print-link]').click()
    const roster = await text(officer, '[data-test=roster-print]')
    for (const s of ['制表人', '审核人', '审批人', '日期', '合计']) expect(roster).toContain(s)
    const total = await text(officer, '[data-test=roster-print-total]')
    expect(total).toMatch(/^[\d,]+\.\d{2}$/)
    expect(roster).toMatch(/共 \d+ 人次，合计 [\d,]+\.\d{2} 元/)
    expect(roster).not.toMatch(/\d{17}[\dX]/)
    await expectOfficialText(officer, 'roster print')
    await shot(officer, 'paper-roster-print')
    const pages = await expectA4Pdf(officer, 'roster print')
    expect(pages).toBeGreaterThan(0)
  }, 300_000)
})
