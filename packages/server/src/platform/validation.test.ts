/**
 * The input layer of issue 17, finding 11, route by route: values that used to be stored (or to end in a 500) are
 * refused with a coded error that names the field — NUL and control characters, impossible and far-off dates, region
 * codes that do not exist or sit at the wrong level, unbounded numbers, periods that end before they start.
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../test/harness.ts'
import { household } from '../modules/assistance/assistance.testkit.ts'
import { jsonDepth } from './http.ts'
import { FreeText, IsoDate, Line } from './schema.ts'

const t = useTestPlatform({ runJobs: false })
let admin: Session
let town: Session
let cadre: Session

beforeAll(async () => {
  admin = await t.login(await t.user({ role: ['COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN'], region: R.county }))
  town = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
  cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
})

function expectIssue(res: { statusCode: number; json(): unknown }, code: string, field?: string) {
  expect(res.statusCode).toBe(400)
  const body = res.json() as {
    error: { code: string; message: string; details: { issues?: Array<{ field: string }> } }
  }
  expect(body.error.code).toBe(code)
  if (field) expect(body.error.details.issues?.map((i) => i.field).join(' ')).toContain(field)
}

describe('field types', () => {
  test('dates must exist and fall between 1900 and 2099', () => {
    expect(IsoDate.safeParse('2026-02-28').success).toBe(true)
    expect(IsoDate.safeParse('2028-02-29').success).toBe(true)
    for (const bad of ['2026-02-30', '2026-13-01', '0001-01-01', '1899-12-31', '2100-01-01', '9999-12-31', '2026-2-3'])
      expect(IsoDate.safeParse(bad).success, bad).toBe(false)
  })

  test('one-line text refuses line breaks and control characters; free text keeps line breaks', () => {
    expect(Line(10).parse('  张三  ')).toBe('张三')
    for (const bad of ['a\nb', 'a\tb', 'a\u0000', '\u001b[31m', 'x'.repeat(11), '\ud800'])
      expect(Line(10).safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    expect(FreeText(20).parse('第一行\n第二行\t完')).toBe('第一行\n第二行\t完')
    expect(FreeText(20).safeParse('a\u0000b').success).toBe(false)
  })

  test('JSON depth is counted without parsing and ignores brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3)
    expect(jsonDepth('[]'.repeat(5))).toBe(1)
    expect(jsonDepth(`${'['.repeat(100)}${']'.repeat(100)}`, 32)).toBe(33)
  })
})

describe('routes refuse impossible values with a coded error', () => {
  test('a NUL in a login name or a household search term is VALIDATION_FAILED, not a 500 or a silent miss', async () => {
    const login = await t.call('POST', '/api/auth/login', { json: { username: 'admin\u0000', password: 'x' } })
    expectIssue(login, 'VALIDATION_FAILED', 'body.username')
    const search = await t.call('GET', '/api/households?q=a%00b', { as: admin })
    expectIssue(search, 'VALIDATION_FAILED', 'query.q')
    const en = await t.call('GET', '/api/households?q=%01', { as: admin, headers: { 'accept-language': 'en-US' } })
    expect(en.json().error.message).toMatch(/control character/)
  })

  test('a case at a village code that does not exist, or at a township, is REGION_INVALID', async () => {
    const open = (regionCode: string, extra: Record<string, unknown> = {}) =>
      t.call('POST', '/api/cases', {
        as: town,
        json: {
          type: 'MONITORING_IDENT',
          regionCode,
          values: { channel: 'CADRE_SCREENING', reason: '入户发现' },
          ...extra,
        },
      })
    const missing = await open('622926100999')
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error).toMatchObject({
      code: 'REGION_INVALID',
      details: { reasonEn: 'no such current region' },
    })
    const township = await open(R.township)
    expect(township.json().error).toMatchObject({ code: 'REGION_INVALID', details: { code: R.township } })
    expectIssue(await open(R.village, { openedOn: '0001-01-01' }), 'VALIDATION_FAILED', 'openedOn')
    expectIssue(await open(R.village, { openedOn: '2026-02-30' }), 'VALIDATION_FAILED', 'openedOn')
    const ok = await open(R.village)
    expect(ok.statusCode, ok.body).toBe(200)
  })

  test('a grant whose period ends before it starts, or starts in year 0001, is refused', async () => {
    const f = await household(t, cadre)
    const grant = (periodFrom: string, periodTo?: string) =>
      t.call('POST', '/api/assistance/grants', {
        as: admin,
        json: {
          householdId: f.householdId,
          grantType: 'MEDICAL',
          amount: 50_000,
          periodFrom,
          ...(periodTo ? { periodTo } : {}),
          department: '县医保局',
          lowIncomeGroup: 'DIBAO',
        },
      })
    expectIssue(await grant('2026-06-01', '2026-05-31'), 'VALIDATION_FAILED', 'periodTo')
    expectIssue(await grant('0001-01-01'), 'VALIDATION_FAILED', 'periodFrom')
    expectIssue(await grant('2026-02-30'), 'VALIDATION_FAILED', 'periodFrom')
  })

  test('a payment roster years ahead is refused naming the field, before any job is queued', async () => {
    const roster = await t.call('POST', '/api/assistance/rosters', {
      as: admin,
      json: { county: '622926', month: '209901' },
    })
    expectIssue(roster, 'VALIDATION_FAILED', 'month')
  })

  test('land areas and housing areas are bounded; a land type is a short name', async () => {
    const f = await household(t, cadre)
    const detail = await t.call('GET', `/api/households/${f.householdId}`, { as: cadre })
    const version = detail.json().data.version
    const patch = (json: Record<string, unknown>) =>
      t.call('PATCH', `/api/households/${f.householdId}`, { as: cadre, json: { version, ...json } })
    expectIssue(await patch({ land: { 耕地: 1e308 } }), 'VALIDATION_FAILED', 'land')
    expectIssue(await patch({ land: { 耕地: -1 } }), 'VALIDATION_FAILED', 'land')
    expectIssue(await patch({ housing: { area: 1e9 } }), 'VALIDATION_FAILED', 'housing')
    expectIssue(await patch({ land: { ['x'.repeat(100)]: 1 } }), 'VALIDATION_FAILED', 'land')
    expectIssue(await patch({ address: '一行\n两行' }), 'VALIDATION_FAILED', 'address')
    const ok = await patch({ land: { 耕地: 12.5 } })
    expect(ok.statusCode, ok.body).toBe(200)
  })
})
