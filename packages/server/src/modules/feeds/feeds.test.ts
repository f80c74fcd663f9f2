import iconv from 'iconv-lite'
import { beforeAll, describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { expectOk, type Made, makeHousehold, makeId, push } from '../warnings/warnings.testkit.ts'

const t = useTestPlatform()
let cadre: Session
let provider: Session
let hh: Made

beforeAll(async () => {
  cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
  provider = await t.login(await t.user({ role: 'DEPT_DATA_PROVIDER', region: R.county }))
  hh = await makeHousehold(t, cadre)
})

function upload(as: Session, source: string, name: string, content: Buffer) {
  const boundary = '----xjfeed'
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return t.app.inject({
    method: 'POST',
    url: `/api/feeds/${source}/upload`,
    headers: {
      cookie: as.cookie,
      'x-csrf-token': as.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: body,
  })
}

describe('department feeds', () => {
  test('every bad row is reported precisely and nothing is stored (all-or-nothing)', async () => {
    const res = await push(t, provider, 'MEDICAL', [
      { idNumber: hh.headId, dataDate: '2026-11-01', selfPaid: 100 },
      { idNumber: hh.headId, dataDate: '2026-12-01', selfPaid: 100 },
      { idNumber: hh.headId, dataDate: '2026-11-02', selfPaid: -5 },
      { idNumber: '622926197003150000', dataDate: '2026-11-02', selfPaid: 5 },
      { idNumber: hh.headId, dataDate: '2026-11-01', selfPaid: 100 },
      { idNumber: hh.headId, selfPaid: 1 },
    ])
    expectOk(res)
    const b = res.json().data
    expect(b.status).toBe('rejected')
    const codes = b.issues.map((i: { row: number; code: string }) => `${i.row}:${i.code}`)
    expect(codes).toEqual(['2:FUTURE_DATE', '3:NEGATIVE_AMOUNT', '4:INVALID_ID', '5:DUPLICATE_ROW', '6:REQUIRED'])
    expect(b.issues[0].message).toContain('第 2 行')
    expect(b.issues[0].messageEn).toContain('Row 2')
    const stored = await t.deps.db.selectFrom('feed_record').select('id').where('batch_id', '=', b.id).execute()
    expect(stored).toHaveLength(0)
  })

  test('a file missing a required column is rejected on the header row; GBK CSV is read', async () => {
    const csv = iconv.encode(`身份证号,姓名,结算日期\r\n${hh.headId},马哈麦,2026-11-01\r\n`, 'gbk')
    const res = await upload(provider, 'MEDICAL', '医保.csv', csv)
    expectOk(res)
    const b = res.json().data
    expect(b.status).toBe('rejected')
    expect(b.issues[0]).toMatchObject({ row: 1, code: 'MISSING_COLUMN', column: '个人负担（元）' })

    const ok = iconv.encode(
      `身份证号,姓名,结算日期,个人负担（元）\r\n${hh.headId},马哈麦,2026/11/03,"1,234.50"\r\n`,
      'gbk',
    )
    const res2 = await upload(provider, 'MEDICAL', '医保.csv', ok)
    expectOk(res2)
    expect(res2.json().data).toMatchObject({ status: 'accepted', matchedRows: 1 })
    const rec = await t.deps.db
      .selectFrom('feed_record')
      .selectAll()
      .where('batch_id', '=', res2.json().data.id)
      .executeTakeFirstOrThrow()
    expect(Number(rec.amount)).toBe(123450)
    expect(rec.data_date).toBe('2026-11-03')
    expect(rec.household_id).toBe(hh.id)
  })

  test('matching: unknown ID numbers go to the unmatched queue with a reason; re-sent rows are skipped; freshness', async () => {
    const stranger = makeId('19800101')
    const records = [
      { idNumber: hh.headId.toLowerCase(), name: '马哈麦', dataDate: '2026-11-05', selfPaid: '200.00' },
      { idNumber: stranger, name: '外人', dataDate: '2026-11-06', selfPaid: 10 },
    ]
    const res = await push(t, provider, 'MEDICAL', records)
    expectOk(res)
    expect(res.json().data).toMatchObject({
      status: 'accepted',
      matchedRows: 1,
      unmatchedRows: 1,
      maxDataDate: '2026-11-06',
    })
    const again = await push(t, provider, 'MEDICAL', records)
    expect(again.json().data).toMatchObject({ status: 'accepted', matchedRows: 0, unmatchedRows: 0, skippedRows: 2 })

    const q = await t.call('GET', '/api/feeds/unmatched?source=MEDICAL', { as: provider })
    expectOk(q)
    expect(q.json().data[0]).toMatchObject({ idNumber: stranger, reason: 'NOT_FOUND', rowNo: 2 })

    const sources = await t.call('GET', '/api/feeds/sources', { as: provider })
    expectOk(sources)
    const med = sources.json().data.find((s: { key: string }) => s.key === 'MEDICAL')
    expect(med.freshness.lastDataDate).toBe('2026-11-06')
    expect(med.freshness.matched).toBe(2)
    expect(med.freshness.unmatched).toBe(1)
    expect(med.freshness.matchRate).toBeCloseTo(2 / 3)
    expect(sources.json().data).toHaveLength(11)
  })

  test('templates download; only data providers (and HRSS for its own feed) may submit', async () => {
    const x = await t.call('GET', '/api/feeds/EDUCATION/template.xlsx', { as: provider })
    expect(x.statusCode).toBe(200)
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK')
    const c = await t.call('GET', '/api/feeds/WATER/template.csv', { as: provider })
    expect(c.body).toContain('身份证号,姓名,日期,问题类型,停水天数')

    const denied = await push(t, cadre, 'MEDICAL', [{ idNumber: hh.headId, dataDate: '2026-11-01', selfPaid: 1 }])
    expect(denied.statusCode).toBe(403)
    const hrss = await t.login(await t.user({ role: 'HRSS_OFFICER', region: R.county }))
    expect(
      (await push(t, hrss, 'MEDICAL', [{ idNumber: hh.headId, dataDate: '2026-11-01', selfPaid: 1 }])).statusCode,
    ).toBe(403)
    const ok = await push(t, hrss, 'HRSS', [{ idNumber: hh.headId, dataDate: '2026-11-01', event: '返乡失业' }])
    expect(ok.json().data).toMatchObject({ status: 'accepted', matchedRows: 1 })
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', ok.json().data.id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['feed.accept'])
  })
})
