/**
 * Who may read an import's report and what they see (issue 17, finding 7): another user's upload comes back with ID
 * numbers and phones masked to a role without `pii.reveal`, only inside the reader's area, and both the upload and
 * every report download are audited (the upload in the same transaction as its record).
 */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'

const t = useTestPlatform()

const ID = (() => {
  const first17 = '62292619800101123'
  return first17 + computeCheckChar(first17)
})()
const PHONE = '13912345678'

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const h = wb.addWorksheet('户')
  h.addRow(['户编号', '行政区划代码', '户主姓名', '户类型', '联系电话'])
  h.addRow([`${R.village}7001`, R.village, '马一', '一般农户', PHONE])
  const m = wb.addWorksheet('家庭成员')
  m.addRow(['户编号', '姓名', '证件号码', '与户主关系', '联系电话'])
  m.addRow([`${R.village}7001`, '马一', ID, '户主', PHONE])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function upload(s: Session, content: Buffer): Promise<string> {
  const boundary = `----xj${Date.now()}`
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="h.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
  expect(res.statusCode).toBe(200)
  await t.deps.jobs.idle()
  return res.json().data.id as string
}

/** Every cell text of both sheets of a report workbook. */
async function cellsOf(raw: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(raw as unknown as ArrayBuffer)
  const out: string[] = []
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? ''))))
  return out
}

const audits = (action: string, subjectId: string) =>
  t.deps.db
    .selectFrom('audit_event')
    .select(['actor_id', 'action', 'after'])
    .where('action', '=', action)
    .where('subject_id', '=', subjectId)
    .execute()

describe('import report download', () => {
  test('another cadre of the village gets the report masked, an officer with pii.reveal unmasked; each is audited', async () => {
    const uploader = await t.user({ role: 'VILLAGE_CADRE', region: R.village })
    const id = await upload(await t.login(uploader), await workbook())
    const [up] = await audits('import.upload', id)
    expect(up?.actor_id).toBe(uploader.id)

    const colleague = await t.user({ role: 'VILLAGE_CADRE', region: R.village })
    const res = await t.call('GET', `/api/imports/${id}/report.xlsx`, { as: await t.login(colleague) })
    expect(res.statusCode).toBe(200)
    const cells = await cellsOf(res.rawPayload)
    expect(cells).toContain('马一')
    expect(cells.some((c) => c.includes(ID) || c.includes(PHONE))).toBe(false)
    expect(cells).toContain(`${ID.slice(0, 3)}${'*'.repeat(11)}${ID.slice(-4)}`)
    expect(cells).toContain(`139****5678`)
    const downloads = await audits('import.report', id)
    expect(downloads.map((a) => a.actor_id)).toEqual([colleague.id])

    // the issues of the JSON report are masked the same way
    const json = await t.call('GET', `/api/imports/${id}`, { as: await t.login(colleague) })
    expect(json.body.includes(ID)).toBe(false)

    const officer = await t.user({ role: 'TOWN_RR_OFFICER', region: R.township })
    const full = await t.call('GET', `/api/imports/${id}/report.xlsx`, { as: await t.login(officer) })
    expect(full.statusCode).toBe(200)
    expect(await cellsOf(full.rawPayload)).toContain(ID)
    expect((await audits('pii.export', id)).map((a) => a.actor_id)).toEqual([officer.id])
  })

  test('a cadre of another village cannot download it (404, nothing audited)', async () => {
    const uploader = await t.user({ role: 'VILLAGE_CADRE', region: R.village })
    const id = await upload(await t.login(uploader), await workbook())
    const other = await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage })
    const res = await t.call('GET', `/api/imports/${id}/report.xlsx`, { as: await t.login(other) })
    expect(res.statusCode).toBe(404)
    expect(await audits('import.report', id)).toHaveLength(0)
  })
})
