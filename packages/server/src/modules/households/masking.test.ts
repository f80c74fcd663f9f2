/**
 * Masked ID numbers cannot be rebuilt (issue 17, finding 1): a role without the reveal right takes what the API and
 * the county export give it about a person (masked number, county of the region, age or birth year, sex) and tries
 * every number that fits; it must not get a unique answer. A search by a full ID number is the reveal's business:
 * refused without the right, audited as a reveal and rate-limited with it.
 */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'

const t = useTestPlatform({ runJobs: false })

const BIRTH = '19700315'
const first17 = `622926${BIRTH}457`
const ID = first17 + computeCheckChar(first17)

let created: string | undefined
/** The one household of the test person (created by the first caller). */
async function household(s: Session): Promise<string> {
  if (created) return created
  const res = await t.call('POST', '/api/households', {
    as: s,
    json: {
      regionCode: R.village,
      householdType: 'GENERAL',
      members: [{ name: '马建国', idNumber: ID, relationToHead: 'HEAD' }],
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  created = res.json().data.id as string
  return created
}

/** Every resident ID of `county` that shows as `masked` (first 3 + last 4) and was born in one of `days`. */
function candidates(county: string, masked: string, days: Iterable<string>): string[] {
  const tail = masked.slice(-4) // sequence (3) + check character
  const out: string[] = []
  for (const day of days) {
    const f17 = `${county}${day.replaceAll('-', '')}${tail.slice(0, 3)}`
    if (computeCheckChar(f17) === tail.slice(3) && f17.startsWith(masked.slice(0, 3))) out.push(f17 + tail.slice(3))
  }
  return out
}

/** The days (YYYY-MM-DD) between `from` and `to`, both included. */
function* daysBetween(from: string, to: string): Generator<string> {
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1))
    yield d.toISOString().slice(0, 10)
}

describe('masked ID numbers', () => {
  test('the household detail and the export give a role without the reveal right no unique number', async () => {
    const cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const id = await household(cadre)
    const detail = (await t.call('GET', `/api/households/${id}`, { as: cadre })).json().data
    const m = detail.members[0]
    expect(m.idNumber).toBe(`622***********${ID.slice(-4)}`)
    expect(m.birthDate).toBeNull() // the date would settle it
    const county = detail.countyCode as string
    // the age says: born in the year before today's date, the birthday passed or not
    const today = '2026-11-28' // the harness clock
    const lastBirthday = `${Number(today.slice(0, 4)) - m.age}${today.slice(4)}`
    const from = `${Number(lastBirthday.slice(0, 4)) - 1}${lastBirthday.slice(4)}`
    const fromAge = candidates(county, m.idNumber, daysBetween(from, lastBirthday))
    expect(fromAge).toContain(ID)
    expect(fromAge.length).toBeGreaterThanOrEqual(20)

    // the county export: the birth year, not the date
    const res = await t.call('GET', `/api/exports/households.xlsx?region=${R.village}`, { as: cadre })
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('家庭成员')!
    const header = (sheet.getRow(1).values as unknown[]).map(String)
    const row = sheet.getRow(2)
    const masked = String(row.getCell(header.indexOf('证件号码')).value)
    const birth = String(row.getCell(header.indexOf('出生日期')).value)
    expect(masked).toBe(m.idNumber)
    expect(birth).toBe('1970-**-**')
    const fromYear = candidates(county, masked, daysBetween(`${birth.slice(0, 4)}-01-01`, `${birth.slice(0, 4)}-12-31`))
    expect(fromYear).toContain(ID)
    expect(fromYear.length).toBeGreaterThanOrEqual(20)

    const admin = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const full = (await t.call('GET', `/api/households/${id}`, { as: admin })).json().data
    expect(full.members[0].birthDate).toBe('1970-03-15') // a role that may reveal sees the date
  })

  test('a search by full ID number: refused without the reveal right, audited as a reveal and rate-limited', async () => {
    const cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    await household(cadre)
    const search = (s: Session, q: string) => t.call('GET', `/api/households?q=${encodeURIComponent(q)}`, { as: s })
    const refused = await search(cadre, ID)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('FORBIDDEN')
    // the 5th and 6th last characters are the birth day: not for this role either; the last 4 are
    expect((await search(cadre, ID.slice(-6))).statusCode).toBe(403)
    expect((await search(cadre, ID.slice(-4))).json().data).toHaveLength(1)

    const town = await t.user({ role: 'TOWN_RR_OFFICER', region: R.township })
    const officer = await t.login(town)
    const found = await search(officer, ID)
    expect(found.statusCode).toBe(200)
    expect(found.json().data).toHaveLength(1)
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .selectAll()
      .where('actor_id', '=', town.id)
      .where('action', '=', 'pii.reveal')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit[0])).not.toContain(ID) // who searched, not the number
    // a name search is no reveal
    await search(officer, '马建国')
    const limit = t.deps.config.revealSearchesPerHour
    for (let i = 1; i < limit; i++) expect((await search(officer, ID)).statusCode).toBe(200)
    const over = await search(officer, ID)
    expect(over.statusCode).toBe(429)
    expect(over.json().error.code).toBe('RATE_LIMITED')
    await t.travel(3600_000 + 1000)
    expect((await search(officer, ID)).statusCode).toBe(200)
  })
})
