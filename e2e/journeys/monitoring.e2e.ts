/**
 * Dynamic monitoring journey (issue 5 item 10) on its own server whose clock the journey moves (publicity days, months
 * of stable income): the 医保 data provider uploads a settlement file → the village cadre sees the high out-of-pocket
 * warning and converts it → verification in the UI (prefilled from the registry, computed and explained by the engine,
 * recorded as the household's identification assessment) → comparison (data provider) and appraisal (cadre) in the UI
 * → the printable notice shows no ID number → township review and county approval in the UI → the household is a
 * target with a plan (a suggested measure added) → a visit records the income → elimination is proposed and refused
 * by the engine's readiness check with its reason → seven months later the same proposal is accepted and verified.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { shot } from '../browser.ts'
import { useOwnServer } from '../journey.ts'
import { expectOfficialText } from '../officialText.ts'

const own = useOwnServer()
const { page, get, post, travelTo } = own
type CaseView = { case: { id: string; version: number; state: string } }

/** Clicks a case action, fills nothing more than `fill` does, submits and waits for the modal to close. */
async function action(p: Page, event: string, fill?: () => Promise<void>) {
  await p.locator(`[data-test=action-${event}]`).click()
  await p.locator('[data-test=action-form]').waitFor()
  if (fill) await fill()
  await p.locator('[data-test=action-submit]').click()
}

describe('dynamic monitoring', () => {
  test('warning → identification → target with a plan → elimination refused, then allowed after stable income', async () => {
    let cadre = await page('village_cadre')
    const me = await get<{ user: { regionCode: string } }>(cadre, '/api/auth/me')
    const village = me.user.regionCode

    // a working household of the cadre's village, not yet monitored; its head's ID revealed by the county (audited)
    let county = await page('county_rr')
    const list = await get<Array<{ id: string; monitoringStatus: string }>>(
      county,
      `/api/households?region=${village}&pageSize=50`,
    )
    type Member = { id: string; name: string; relationToHead: string; labourSkill: string }
    let hid = ''
    let head: Member | undefined
    let size = 1
    let householdType = 'GENERAL'
    for (const h of list.filter((x) => x.monitoringStatus !== 'ACTIVE')) {
      const d = await get<{ householdType: string; members: Member[] }>(county, `/api/households/${h.id}`)
      const hd = d.members.find((m) => m.relationToHead === 'HEAD')
      if (hd && ['ORDINARY', 'SKILLED'].includes(hd.labourSkill)) {
        hid = h.id
        head = hd
        size = d.members.length
        householdType = d.householdType
        break
      }
    }
    expect(hid).not.toBe('')
    const { value: idNumber } = await post<{ value: string }>(county, `/api/households/${hid}/reveal`, {
      personId: head!.id,
      field: 'idNumber',
    })

    // 1. the 医保 data provider uploads a settlement file
    const provider = await page('dept_data')
    await provider.locator('[data-test=nav-feeds]').click()
    await provider.locator('[data-test=feed-sources]').waitFor()
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const csv = `身份证号,姓名,结算日期,就诊类型,总费用（元）,基本医保报销（元）,大病保险报销（元）,医疗救助（元）,个人负担（元）\r\n${idNumber},${head!.name},${today},住院,120000,60000,25000,5000,30000.00\r\n`
    const row = provider.locator('tr', { has: provider.locator('[data-test=feed-upload-MEDICAL]') })
    await row.locator('input[type=file]').setInputFiles({
      name: '医保结算.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    })
    await provider.locator('[data-test=feed-report]').getByText('预警筛查').waitFor({ timeout: 60_000 })

    // 2. the cadre sees the warning and converts it (opens the identification case)
    await cadre.locator('[data-test=nav-warnings]').click()
    await cadre.locator('[data-test=warnings-table]').waitFor()
    const tag = cadre.locator(
      '[data-test=warning-rule-MED_HIGH_OOP_LOWINC], [data-test=warning-rule-MED_HIGH_OOP_GENERAL]',
    )
    await expect.poll(async () => tag.count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await cadre.locator('tr', { has: tag.first() }).locator('[data-test=warning-open]').click()
    await cadre.locator('[data-test=warning-outcome-form]').waitFor()
    await cadre.locator('[data-test=warning-outcome]').click()
    await cadre.locator('.ant-select-item-option', { hasText: '转为监测对象识别' }).click()
    await cadre.locator('[data-test=warning-note]').fill('入户核实：住院自付较大，转入识别')
    await cadre.locator('[data-test=warning-submit]').click()
    let cases: Array<{ id: string; state: string }> = []
    await expect
      .poll(async () => {
        cases = await get(cadre, `/api/cases?type=MONITORING_IDENT&householdId=${hid}`)
        return cases.length
      })
      .toBeGreaterThan(0)
    const caseId = cases[0]!.id

    // 3. verification in the UI: the form is prefilled from the registry (latest assessment's items, latest 三保障
    // check); the cadre changes the wage found on the visit, the engine computes the figures and explains them
    await cadre.goto(`${own.baseUrl}/cases/${caseId}`)
    await cadre.locator('[data-test=case-page]').waitFor()
    await action(cadre, 'ACCEPT')
    await cadre.locator('[data-test=case-state]').getByText('入户核实').waitFor()
    await action(cadre, 'VERIFY', async () => {
      await cadre.locator('#income_migrant_work').fill('5200')
      for (const name of [
        'foodClothingOk',
        'compulsoryEducationOk',
        'medicalInsuranceOk',
        'housingSafetyOk',
        'drinkingWaterOk',
        'consentSigned',
      ]) {
        await cadre.locator(`#${name}`).check()
      }
      await cadre.locator('#income_migrant_work').scrollIntoViewIfNeeded()
      await shot(cadre, 'monitoring-verification-form')
    })
    await cadre.locator('[data-test=case-state]').getByText('信息比对').waitFor()
    const explanation = cadre.locator('[data-test=case-explanation]')
    await explanation.waitFor()
    await explanation.locator('[data-test=explain-per_capita_net]').waitFor()
    expect(await explanation.textContent()).toContain('人均纯收入')
    await expectOfficialText(cadre, 'verification explained')
    await shot(cadre, 'monitoring-verification-explained')

    // the verification is the household's new income assessment (识别时), shown in the registry with its history
    await cadre.goto(`${own.baseUrl}/households/${hid}?tab=income`)
    await cadre.locator('[data-test=income-period]').getByText('识别时').waitFor()
    await shot(cadre, 'monitoring-household-assessment')
    // a new assessment from the registry form: prefilled with the latest items, one item changed, computed by the engine
    const perCapita = cadre.locator('[data-test=income-per-capita]')
    const before = await perCapita.textContent()
    await cadre.locator('[data-test=income-new]').click()
    await cadre.locator('[data-test=assessment-form]').waitFor()
    expect(await cadre.locator('#items_migrant_work').inputValue()).toBe('5200.00')
    await cadre.locator('#items_livestock').fill('3000')
    await shot(cadre, 'monitoring-household-assessment-form')
    await cadre.locator('[data-test=assessment-form-save]').click()
    await cadre.locator('[data-test=assessment-form]').waitFor({ state: 'detached' })
    await expect.poll(async () => perCapita.textContent()).not.toBe(before)
    await cadre.locator('[data-test=income-period]').getByText('年度').waitFor()
    // and a 三保障 check
    await cadre.locator('[data-test=tab-guarantee]').click()
    await cadre.locator('[data-test=guarantee-new]').click()
    await cadre.locator('[data-test=guarantee-form]').waitFor()
    await cadre.locator('[data-test=guarantee-form-save]').click()
    await cadre.locator('[data-test=guarantee-form]').waitFor({ state: 'detached' })
    await cadre.locator('[data-test=tab-history]').click()
    for (const a of ['assessment.identification', 'assessment.annual', 'guarantee.check']) {
      await cadre.locator(`[data-test=history-entry][data-action="${a}"]`).first().waitFor()
    }
    // only the changed item (and the totals) differ: items the form left as they were are not removed
    const annual = await cadre
      .locator('[data-test=history-entry][data-action="assessment.annual"]')
      .first()
      .textContent()
    // as a sentence: the item by its name, the amounts in 元
    expect(annual).toMatch(/养殖业 由 [\d,.]+ 元 改为 3,000\.00 元/)
    expect(annual).not.toContain('（空）')
    await shot(cadre, 'monitoring-household-history')

    // 4. comparison (the data provider) and appraisal (the cadre) in the UI
    await provider.goto(`${own.baseUrl}/cases/${caseId}`)
    await provider.locator('[data-test=case-page]').waitFor()
    await action(provider, 'COMPARED', async () => {
      await provider.locator('#comparison').fill('车辆、房产、工商、财政供养均无')
    })
    await provider.locator('[data-test=case-state]').getByText('村级民主评议').waitFor()
    await cadre.goto(`${own.baseUrl}/cases/${caseId}`)
    await cadre.locator('[data-test=case-state]').getByText('村级民主评议').waitFor()
    await action(cadre, 'APPRAISED', async () => {
      await cadre.locator('#attendees').fill('15')
      await cadre.locator('#votesFor').fill('14')
      await cadre.locator('#votesAgainst').fill('0')
      await cadre.locator('#minutes').fill('同意纳入监测')
      await cadre.locator('#category').click()
      await cadre
        .locator('.ant-select-item-option', { hasText: householdType === 'TUOPIN' ? '脱贫不稳定户' : '边缘易致贫户' })
        .click()
      await cadre.locator('#risks').click()
      await cadre.locator('.ant-select-item-option', { hasText: '因病' }).click()
      await cadre.locator('.ant-modal-title').click()
    })
    await cadre.locator('[data-test=case-state]').getByText('村级公示').waitFor()
    const c = await get<CaseView>(cadre, `/api/cases/${caseId}`)
    expect(c.case.state).toBe('VILLAGE_PUBLICITY')

    // 5. the printable notice has no ID number
    await cadre.reload()
    await cadre.locator('[data-test=notice-1]').click()
    await cadre.locator('[data-test=notice-page]').waitFor()
    const notice = (await cadre.locator('[data-test=notice-page]').textContent()) ?? ''
    expect(notice).toContain(head!.name)
    expect(notice).not.toContain(idNumber)
    expect(notice).not.toMatch(/\d{17}[\dX]/)
    await shot(cadre, 'monitoring-notice')

    // 6. after the publicity: forward (village), review (township), approve (county) in the UI
    await travelTo(6)
    // sessions do not survive days of inactivity: everyone signs in again
    for (const p of [cadre, county, provider]) await p.close()
    cadre = await page('village_cadre')
    county = await page('county_rr')
    await cadre.goto(`${own.baseUrl}/cases/${caseId}`)
    await action(cadre, 'FORWARD')
    await cadre.locator('[data-test=case-state]').getByText('乡镇审核').waitFor()
    const town = await page('town_rr')
    await town.goto(`${own.baseUrl}/cases/${caseId}`)
    await action(town, 'REVIEWED')
    await town.locator('[data-test=case-state]').getByText('县级审定').waitFor()
    await county.goto(`${own.baseUrl}/cases/${caseId}`)
    await action(county, 'APPROVE')
    await county.locator('[data-test=case-state]').getByText('已纳入监测').waitFor()
    await shot(county, 'monitoring-ident-approved')

    // the household list finds the new target by the risk its plan names
    await county.goto(`${own.baseUrl}/households`)
    await county.locator('[data-test=household-filter-risk]').click()
    await county.locator('.ant-select-item-option', { hasText: '因病' }).click()
    await county.locator(`[data-test=household-link][href="/households/${hid}"]`).waitFor()
    expect(await county.locator('[data-test=household-link]').count()).toBe(1)
    await county.keyboard.press('Escape')
    await shot(county, 'households-risk-filter')

    // 7. the household is a target with a plan; a suggested measure is added
    await cadre.goto(`${own.baseUrl}/`)
    await cadre.locator('[data-test=nav-monitoring]').click()
    await cadre.locator('[data-test=targets-table]').waitFor()
    await cadre.locator(`a[href="/monitoring/${hid}"]`).click()
    await cadre.locator('[data-test=plan-page]').waitFor()
    await cadre.locator('[data-test=plan-status]').getByText('草拟').waitFor()
    await cadre.locator('[data-test="suggestion-use-医疗救助"]').click()
    await cadre.locator('[data-test=measure-form]').waitFor()
    await cadre.locator('input[data-test=measure-amount], [data-test=measure-amount] input').first().fill('3000')
    await cadre.locator('[data-test=measure-dept]').fill('县医保局')
    await cadre.locator('[data-test=measure-save]').click()
    await cadre.locator('[data-test=measures-table]').getByText('医疗救助').waitFor()

    // 8. a visit records the new income (stable migrant work), then elimination is proposed: refused with the reason
    await cadre.locator('[data-test=visit-progress]').fill('医疗救助已落实')
    await cadre
      .locator('input[data-test=visit-wage], [data-test=visit-wage] input')
      .first()
      .fill(String(15000 * size))
    await cadre.locator('[data-test=visit-submit]').click()
    await cadre.locator('[data-test=visits]').getByText('医疗救助已落实').waitFor()
    await cadre.locator('[data-test=readiness-resolved]').check()
    await cadre.locator('[data-test=readiness-check]').click()
    await cadre.locator('[data-test=readiness-result]').getByText('暂不满足风险消除条件').waitFor()
    await shot(cadre, 'monitoring-plan')
    await cadre.locator('[data-test=elimination-open]').click()
    await cadre.locator('[data-test=case-page]').waitFor()
    const propose = async () =>
      action(cadre, 'PROPOSE', async () => {
        await cadre.locator('[data-test=action-form] .ant-select').first().click()
        await cadre.locator('.ant-select-item-option', { hasText: '帮扶消除' }).click()
        await cadre.locator('[data-test=action-form] .ant-checkbox-input').first().check()
      })
    await propose()
    const refusal = cadre.locator('[data-test=action-error]')
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('收入持续稳定')
    // the refusal names the parameter and the document it rests on, in words
    expect(await refusal.textContent()).toContain('风险消除前收入持续稳定的月数')
    await expectOfficialText(cadre, 'elimination refused')
    await shot(cadre, 'monitoring-elimination-refused')
    await cadre.keyboard.press('Escape')

    // 9. seven months later the income has been stable long enough: the proposal is accepted
    const elimUrl = cadre.url()
    await travelTo(6 + 215)
    await cadre.close()
    cadre = await page('village_cadre')
    await cadre.goto(elimUrl)
    await cadre.locator('[data-test=case-page]').waitFor()
    await propose()
    await cadre.locator('[data-test=case-state]').getByText('入户核查').waitFor()
    await shot(cadre, 'monitoring-elimination-proposed')

    // 10. the elimination verification: prefilled with the visit's income and the last check, computed by the engine
    await action(cadre, 'VERIFY')
    await cadre.locator('[data-test=case-state]').getByText('村级民主评议').waitFor()
    await cadre.locator('[data-test=case-explanation] [data-test=explain-per_capita_net]').waitFor()
    await shot(cadre, 'monitoring-elimination-verified')
    await cadre.goto(`${own.baseUrl}/households/${hid}?tab=income`)
    await cadre.locator('[data-test=income-period]').getByText('风险消除后').waitFor()
    for (const p of [cadre, county, town]) await p.close()
  }, 300_000)
})
