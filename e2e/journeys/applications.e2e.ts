/**
 * Social-assistance journeys on their own server whose clock the journey can move (the 7-day publicity must run
 * out): a township caseworker takes a 低保 application from the wizard to county approval (the written decision
 * carries the engine's monthly amount); a fast-track temporary relief is refused above the cap (with its source) and
 * granted within it; a 特困 elderly person's self-care re-assessment changes the care tier.
 */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { shot } from '../browser.ts'
import { useOwnServer } from '../journey.ts'

const own = useOwnServer()
const { page, post, travelTo } = own

let seq = 500
function idNumber(birth: string): string {
  seq += 2
  const first17 = `622926${birth}${String(seq).padStart(3, '0').slice(-3)}`
  return first17 + computeCheckChar(first17)
}

/** A household of the cadre's village, created through the API (no income recorded). */
async function household(cadre: Page, members: Array<Record<string, unknown>>) {
  const me = (await (await cadre.request.get(`${own.baseUrl}/api/auth/me`)).json()) as {
    data: { user: { regionCode: string } }
  }
  const h = await post<{ id?: string; household?: { id: string } }>(cadre, '/api/households', {
    regionCode: me.data.user.regionCode,
    householdType: 'GENERAL',
    members,
  })
  const id = h.household?.id ?? (h.id as string)
  const detail = (await (await cadre.request.get(`${own.baseUrl}/api/households/${id}`)).json()) as {
    data: { members: Array<{ id: string; name: string }> }
  }
  return { id, members: detail.data.members }
}

/** Runs a case action through its form on the case page. */
async function act(
  p: Page,
  event: string,
  fill?: (modal: ReturnType<Page['locator']>) => Promise<void>,
  refused = false,
) {
  await p.locator(`[data-test=action-${event}]`).click()
  const modal = p.locator('.ant-modal:visible')
  await modal.locator('[data-test=action-form]').waitFor()
  if (fill) await fill(modal)
  await modal.locator('[data-test=action-submit]').click()
  if (refused) return
  // The form closes when the server took the step (an approval re-runs the engine: seconds on a loaded machine);
  // a refusal stays in the form with its reason, which is then the failure's message.
  try {
    await modal.waitFor({ state: 'hidden', timeout: 45_000 })
  } catch {
    throw new Error(`${event} was not taken: ${await modal.textContent().catch(() => '')}`)
  }
}

async function choose(p: Page, field: string, option: string) {
  await p.locator(`.ant-modal:visible #${field}`).click()
  await p.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click()
}

/** Picks the n-th option (0-based) of a select with the keyboard (robust with many selects in one form). */
async function pick(p: Page, field: string, n: number) {
  await p.locator(`.ant-modal:visible #${field}`).focus()
  await p.keyboard.press('Enter')
  for (let i = 0; i < n; i++) await p.keyboard.press('ArrowDown')
  await p.keyboard.press('Enter')
}

const state = (p: Page) => p.locator('[data-test=case-state]')

/** The wizard: programme, household found by the head's name, optional member, materials; lands on the case page. */
async function wizard(
  p: Page,
  programme: string,
  headName: string,
  person?: string,
  missing = true,
  fields?: () => Promise<void>,
) {
  await p.locator('[data-test=nav-applications]').click()
  await p.locator('[data-test=application-wizard]').waitFor()
  await p.locator(`[data-test=programme-${programme}]`).click()
  await p.locator('[data-test=wizard-next]').click()
  await p.locator('[data-test=wizard-search] input').fill(headName)
  await p.locator('[data-test=wizard-search] input').press('Enter')
  await p.locator('[data-test=choose-household]').first().click()
  await p.locator('[data-test=wizard-coverage]').waitFor()
  if (person) {
    await p.locator('[data-test=wizard-person]').click()
    await p.locator(`.ant-select-dropdown:visible .ant-select-item-option`).filter({ hasText: person }).click()
  }
  await p.locator('[data-test=wizard-next]').click()
  const boxes = p.locator('[data-test=wizard-materials] input[type=checkbox]')
  const n = await boxes.count()
  for (let i = 0; i < (missing ? n - 1 : n); i++) await boxes.nth(i).check()
  if (missing) await p.locator('[data-test=wizard-missing]').waitFor()
  if (fields) await fields()
  await shot(p, `applications-wizard-${programme}`)
  await p.locator('[data-test=wizard-open]').click()
  await p.locator('[data-test=case-page]').waitFor()
  return p.url().split('/cases/')[1]!
}

const staff = async (m: ReturnType<Page['locator']>) => {
  await m.locator('#investigator1').fill('李工作')
  await m.locator('#investigator2').fill('王工作')
}

describe('social assistance', () => {
  test('a township caseworker takes a 低保 application through to county approval', async () => {
    await travelTo(0)
    const cadre = await page('village_cadre')
    const family = await household(cadre, [
      { name: '马低保', idNumber: idNumber('19700315'), relationToHead: 'HEAD', labourSkill: 'WEAK' },
      { name: '马秀兰', idNumber: idNumber('19720101'), relationToHead: 'SPOUSE', labourSkill: 'WEAK' },
      { name: '马小军', idNumber: idNumber('20120909'), relationToHead: 'SON', schoolStatus: 'PRIMARY' },
    ])
    await cadre.close()

    const town = await page('town_ca')
    const id = await wizard(town, 'DIBAO_APPLY', '马低保')
    await expect.poll(() => state(town).textContent()).toContain('已申请')
    await town.getByText('收入证明或说明').first().waitFor()
    await act(town, 'ACCEPT')
    await expect.poll(() => state(town).textContent()).toContain('已受理')
    await act(town, 'CONSENT', (m) => m.locator('#consent').check())
    await expect.poll(() => state(town).textContent()).toContain('经济状况核对')
    await act(town, 'CHECKED')
    await town.locator('[data-test=case-explanation]').waitFor()
    await expect.poll(() => town.locator('[data-test=explain-dibao_benefit]').textContent()).toContain('2,352.00 元')
    await shot(town, 'applications-dibao-explanation')
    await act(town, 'INVESTIGATED', async (m) => {
      await staff(m)
      await m.locator('#visitsNote').fill('走访邻居两户，情况属实')
    })
    await expect.poll(() => state(town).textContent()).toContain('乡镇初审')
    await act(town, 'PROPOSE')
    await expect.poll(() => state(town).textContent()).toContain('公示')
    await town.close()

    // The 7-day publicity runs out.
    await travelTo(8)
    const town2 = await page('town_ca')
    await town2.goto(`${own.baseUrl}/cases/${id}`)
    await act(town2, 'PUBLICITY_DONE')
    await expect.poll(() => state(town2).textContent()).toContain('县级审核确认')
    await town2.close()

    const county = await page('county_ca')
    await county.goto(`${own.baseUrl}/cases/${id}`)
    await act(county, 'CONFIRM', () => choose(county, 'classification', 'B类：收入稳定（年度复核）'))
    await expect.poll(() => state(county).textContent()).toContain('批准')
    await county.goto(`${own.baseUrl}/applications/${id}/decision`)
    await county.locator('[data-test=decision-page]').waitFor()
    const lines = (await county.locator('[data-test=decision-lines]').textContent()) ?? ''
    expect(lines).toMatch(/月保障金 2352\.00 元/)
    expect(await county.locator('[data-test=decision-page]').textContent()).not.toMatch(/\d{17}[\dX]/)
    await shot(county, 'applications-dibao-decision')
    // The family is on the payment roster of the month after approval (the roster belongs to the assistance module).
    const month = (await county.locator('[data-test=decision-lines]').textContent())?.match(/自 (\d{4})-(\d{2}) 起/)
    const yyyymm = `${month?.[1]}${month?.[2]}`
    await post(county, '/api/assistance/rosters', { county: '622926', month: yyyymm })
    type Roster = { id: string; month: string; status: string }
    let roster: Roster | undefined
    await expect
      .poll(
        async () => {
          const r = (await (
            await county.request.get(`${own.baseUrl}/api/assistance/rosters?county=622926`)
          ).json()) as {
            data: { rosters: Roster[] }
          }
          roster = r.data.rosters.find((x) => x.month === yyyymm)
          return roster?.status
        },
        { timeout: 30_000 },
      )
      .toBe('DRAFT')
    const rosterLines = (await (
      await county.request.get(`${own.baseUrl}/api/assistance/rosters/${roster!.id}/lines?programme=DIBAO&pageSize=200`)
    ).json()) as { data: Array<{ name: string; amount: number; traceRef: string | null }> }
    expect(rosterLines.data.find((l) => l.traceRef === `case:${id}`)).toMatchObject({ amount: 235_200 })
    // The household is now a 低保 household, a change on its timeline.
    await county.goto(`${own.baseUrl}/households/${family.id}`)
    await county.locator('[data-test=tab-history]').click()
    const entered = county.locator('[data-test=history-entry][data-action="assistance.enter"]')
    await entered.waitFor()
    expect(await entered.textContent()).toContain('纳入社会救助')
    await shot(county, 'applications-dibao-household-history')
    await county.close()
  }, 180_000)

  test('a fast-track temporary relief is refused above the cap and granted within it', async () => {
    const cadre = await page('village_cadre')
    await household(cadre, [
      { name: '王急难', idNumber: idNumber('19800101'), relationToHead: 'HEAD', labourSkill: 'ORDINARY' },
    ])
    await cadre.close()
    const town = await page('town_ca')
    await wizard(town, 'TEMP_RELIEF', '王急难', undefined, false)
    await act(town, 'FAST')
    await expect.poll(() => state(town).textContent()).toContain('小额快速救助')
    await act(town, 'GRANT_FAST', (m) => m.locator('#amount').fill('785'), true)
    const error = town.locator('[data-test=action-error]')
    await expect.poll(() => error.textContent()).toMatch(/不得超过 784 元.*fast_max_mult.*S29/)
    await shot(town, 'applications-relief-cap')
    await town.locator('.ant-modal:visible #amount').fill('784')
    await town.locator('.ant-modal:visible [data-test=action-submit]').click()
    await expect.poll(() => state(town).textContent()).toContain('已救助')
    await town.close()
  }, 120_000)

  test('a 特困 elderly person loses self-care: the re-assessment changes the care tier and the roster', async () => {
    const cadre = await page('village_cadre')
    const h = await household(cadre, [
      { name: '李孤老', idNumber: idNumber('19400303'), relationToHead: 'HEAD', labourSkill: 'LOST' },
    ])
    await cadre.close()
    // The 特困 application itself, quickly through the API (the browser part is the re-assessment).
    const town = await page('town_ca')
    type Detail = { case: { id: string; version: number; state: string } }
    const step = (c: Detail, event: string, values: Record<string, unknown> = {}) =>
      post<Detail>(town, `/api/cases/${c.case.id}/actions`, { event, version: c.case.version, values })
    let c = await post<Detail>(town, '/api/cases', {
      type: 'TEKUN_APPLY',
      householdId: h.id,
      personId: h.members[0]!.id,
      values: {},
    })
    c = await step(c, 'ACCEPT')
    const able = { eating: '0', dressing: '0', bed_transfer: '0', toileting: '0', indoor_walking: '0', bathing: '0' }
    c = await step(c, 'ASSESSED', {
      investigator1: '李工作',
      investigator2: '王工作',
      ...able,
      supporter: 'NONE',
      supportMode: 'HOME',
    })
    c = await step(c, 'PROPOSE')
    await town.close()
    await travelTo(24)
    const town2 = await page('town_ca')
    c = (await (await town2.request.get(`${own.baseUrl}/api/cases/${c.case.id}`)).json()).data as Detail
    c = await post<Detail>(town2, `/api/cases/${c.case.id}/actions`, {
      event: 'PUBLICITY_DONE',
      version: c.case.version,
    })
    const county = await page('county_ca')
    c = await post<Detail>(county, `/api/cases/${c.case.id}/actions`, { event: 'CONFIRM', version: c.case.version })
    expect(c.case.state).toBe('APPROVED')

    // The change is reported; the township re-assesses in the browser.
    const id = await wizard(town2, 'TEKUN_REASSESS', '李孤老', '李孤老', false, () =>
      town2.locator('[data-test=wizard-fields] #reason').fill('中风后卧床，家属报告'),
    )
    await town2.locator('[data-test=case-page]').waitFor()
    await act(town2, 'ASSESSED', async (m) => {
      await staff(m)
      for (const f of ['eating', 'dressing', 'bed_transfer', 'toileting', 'indoor_walking']) await pick(town2, f, 2)
      await pick(town2, 'bathing', 1)
      await pick(town2, 'supportMode', 0)
    })
    await expect.poll(() => state(town2).textContent()).toContain('县级确认护理档次')
    await town2.locator('[data-test=case-explanation]').waitFor()
    await shot(town2, 'applications-tekun-reassess')
    await county.goto(`${own.baseUrl}/cases/${id}`)
    await act(county, 'CONFIRM')
    await expect.poll(() => state(county).textContent()).toContain('已调整')
    const data = (
      (await (await county.request.get(`${own.baseUrl}/api/cases/${id}`)).json()).data as {
        case: { data: Record<string, unknown> }
      }
    ).case.data
    expect(data).toMatchObject({ previousTier: 'SELF_CARE', newTier: 'FULL_CARE' })
    // The next roster pays the new tier's amount.
    const newAmount = Math.round(Number(data.monthlyBenefit) * 100)
    expect(newAmount).toBeGreaterThan(Math.round(Number(data.previousAmount) * 100))
    const yyyymm = String(data.startMonth).replace('-', '')
    await post(county, '/api/assistance/rosters', { county: '622926', month: yyyymm })
    await expect
      .poll(
        async () => {
          const list = (await (
            await county.request.get(`${own.baseUrl}/api/assistance/rosters?county=622926`)
          ).json()) as {
            data: { rosters: Array<{ id: string; month: string; status: string }> }
          }
          const roster = list.data.rosters.find((x) => x.month === yyyymm && x.status === 'DRAFT')
          if (!roster) return null
          const lines = (await (
            await county.request.get(
              `${own.baseUrl}/api/assistance/rosters/${roster.id}/lines?programme=TEKUN&pageSize=200`,
            )
          ).json()) as { data?: Array<{ name: string; amount: number }> }
          return lines.data?.find((l) => l.name === '李孤老')?.amount ?? null
        },
        { timeout: 30_000 },
      )
      .toBe(newAmount)
    await county.goto(`${own.baseUrl}/applications/${id}/decision`)
    await county.locator('[data-test=decision-lines]').waitFor()
    expect(await county.locator('[data-test=decision-lines]').textContent()).toMatch(/调整照料护理档次/)
    await shot(county, 'applications-tekun-decision')
    await town2.close()
    await county.close()
  }, 180_000)
})
