import { computeCheckChar } from '@xianjie/rules/identifiers'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { verifyAudit } from '../audit/audit.service.ts'
import { systemActor } from '../auth/actor.ts'
import { readXlsx, readXlsxStream } from './imports.read.ts'
import { createBatch, directIo, runCommit, runValidation } from './imports.service.ts'

const t = useTestPlatform()

let seq = 300
function makeId(birth: string, sex: 'm' | 'f'): string {
  seq += 2
  const s = String(sex === 'm' ? seq + 1 : seq)
    .padStart(3, '0')
    .slice(-3)
  const first17 = `622926${birth}${s}`
  return first17 + computeCheckChar(first17)
}
const badCheck = (id: string) => id.slice(0, 17) + (id.endsWith('1') ? '2' : '1')
let hn = 0
const householdNo = () => `${R.village}${String(5000 + ++hn)}`

const H_HEAD = ['户编号', '行政区划代码', '户主姓名', '户类型', '联系电话', '家庭住址']
const M_HEAD = [
  '户编号',
  '姓名',
  '证件类型',
  '证件号码',
  '性别',
  '出生日期',
  '与户主关系',
  '文化程度',
  '劳动技能',
  '务工状况',
  '务工时间(月)',
]

function multipart(files: Array<{ name: string; content: Buffer }>) {
  const boundary = `----xj${Date.now()}`
  const parts: Buffer[] = []
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

async function upload(s: Session, files: Array<{ name: string; content: Buffer }>) {
  const { payload, contentType } = multipart(files)
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType },
    payload,
  })
  if (res.statusCode !== 200) throw new Error(`upload ${res.statusCode} ${res.body}`)
  await t.deps.jobs.idle()
  const rep = await t.call('GET', `/api/imports/${res.json().data.id}`, { as: s })
  return rep.json().data
}

async function commit(s: Session, id: string, mode: 'all' | 'valid') {
  const res = await t.call('POST', `/api/imports/${id}/commit`, { as: s, json: { mode } })
  expect(res.statusCode).toBe(200)
  await t.deps.jobs.idle()
  return (await t.call('GET', `/api/imports/${id}`, { as: s })).json().data
}

async function workbook(households: unknown[][], members: unknown[][], edit?: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook()
  const h = wb.addWorksheet('户')
  h.addRow(H_HEAD)
  for (const r of households) h.addRow(r)
  const m = wb.addWorksheet('家庭成员')
  m.addRow(M_HEAD)
  for (const r of members) m.addRow(r)
  edit?.(wb)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const issuesAt = (
  rep: { issues: Array<{ sheet: string; row: number; code: string; severity: string }> },
  sheet: string,
  row: number,
) => rep.issues.filter((i) => i.sheet === sheet && i.row === row && i.severity === 'error').map((i) => i.code)

describe('household import', () => {
  test('the template has both sheets with frozen headers, drop-down lists and a 说明 sheet', async () => {
    const s = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const res = await t.call('GET', '/api/imports/template.xlsx', { as: s })
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['户', '家庭成员', '说明', '代码表'])
    const m = wb.getWorksheet('家庭成员')!
    expect(m.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const headers: string[] = []
    m.getRow(1).eachCell((c) => {
      headers.push(String(c.value))
    })
    expect(headers).toEqual(
      expect.arrayContaining(['户编号', '姓名', '证件类型', '证件号码', '与户主关系', '劳动技能', '务工时间(月)']),
    )
    const col = headers.indexOf('与户主关系') + 1
    expect(m.getCell(2, col).dataValidation).toMatchObject({ type: 'list' })
  })

  test('every kind of bad row is reported per row and column; valid households commit; re-import changes nothing', async () => {
    const s = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const [a, b, c, d, e, f, g] = [
      householdNo(),
      householdNo(),
      householdNo(),
      householdNo(),
      householdNo(),
      householdNo(),
      householdNo(),
    ]
    const head = makeId('19700315', 'm')
    const wife = makeId('19720101', 'f')
    const son = makeId('20120909', 'm')
    const other = makeId('19800202', 'm')
    const fwId = makeId('19650505', 'm')
    const fullWidth = fwId.replace(/\d/g, (x) => String.fromCharCode(x.charCodeAt(0) + 0xfee0))
    const buf = await workbook(
      [
        [a, R.village, '马哈麦', '一般农户', '13912345678', '锁南镇 1 号  '],
        [b, R.otherCounty.slice(0, 6) + '100200', '李四', '脱贫户', '', ''],
        [c, R.village, '王五', '不存在的类型', '', ''],
        [d, R.township, '赵六', 'GENERAL', '123', ''],
        [c, R.village, '重复', '一般农户', '', ''],
        [e, R.village, '全角', '一般农户', '', ''],
        [],
        [f, R.village, '钱七', '一般农户', '', ''],
        [g, R.village, '孙九', '一般农户', '', ''],
      ],
      [
        [a, '马哈麦', '居民身份证', head, '男', '1970/3/15', '户主', '小学', '普通劳动力', '县内务工', 6],
        [a, '马秀兰', '', wife, '女', 19720101, '配偶', '初中', '普通劳动力', '', ''],
        [a, '马小军', '', son, '', null, '之子', '', '', '', ''],
        [b, '李四', '', makeId('19600101', 'm'), '', '', '户主', '', '', '', ''],
        [c, '王五', '', badCheck(other), '', '', '户主', '', '', '', ''],
        [d, '赵六', '', makeId('19550505', 'f'), '男', '1955-05-06', '户主', '', '', '', ''],
        [e, '全角', '', fullWidth, '', '', '户主', '', '', '', ''],
        [f, '钱七', '', head, '', '', '户主', '', '', '', ''],
        [f, '钱八', '', makeId('19900101', 'm'), '', '', '之子', '', '', '', ''],
        ['9999', '孤儿', '', makeId('19900303', 'm'), '', '', '户主', '', '', '', ''],
        [g, '孙九', '', makeId('19680101', 'm'), '', '', '户主', '', '', '', ''],
        [g, '孙十', '', makeId('19920101', 'm'), '', '', '之子', '', '无劳动力', '省外务工', ''],
      ],
      (wb) => {
        const m = wb.getWorksheet('家庭成员')!
        // A formula with a cached result and a merged household-number range.
        m.getCell('K3').value = { formula: '3+3', result: 6 }
        m.getCell('F2').value = 25642 // serial date 1970-03-15
        m.getCell('F2').numFmt = '0'
      },
    )
    const rep = await upload(s, [{ name: 'households.xlsx', content: buf }])
    expect(rep.status).toBe('validated')
    expect(issuesAt(rep, '户', 2)).toEqual([])
    expect(issuesAt(rep, '家庭成员', 2)).toEqual([])
    expect(rep.issues.find((i: { row: number; code: string }) => i.row === 2 && i.code === 'DATE_SERIAL')).toBeTruthy()
    expect(rep.issues.find((i: { code: string }) => i.code === 'FORMULA')).toBeTruthy()
    expect(
      rep.issues.find(
        (i: { row: number; code: string; sheet: string }) => i.sheet === '户' && i.row === 2 && i.code === 'TRIMMED',
      ),
    ).toBeTruthy()
    expect(issuesAt(rep, '户', 3)).toContain('REGION_UNKNOWN')
    expect(issuesAt(rep, '户', 4)).toContain('CODE_UNKNOWN')
    expect(issuesAt(rep, '户', 5)).toEqual(expect.arrayContaining(['PHONE_INVALID']))
    expect(issuesAt(rep, '户', 6)).toContain('DUPLICATE_HOUSEHOLD')
    const check = rep.issues.find(
      (i: { sheet: string; row: number; column: string }) =>
        i.sheet === '家庭成员' && i.row === 6 && i.column === '证件号码',
    )
    expect(check.code).toBe('CHECKSUM')
    expect(check.message).toMatch(/18/)
    expect(check.messageEn).toMatch(/18/)
    expect(issuesAt(rep, '家庭成员', 7)).toEqual(expect.arrayContaining(['BIRTH_DATE_MISMATCH', 'GENDER_MISMATCH']))
    expect(issuesAt(rep, '家庭成员', 8)).toEqual([])
    expect(
      rep.issues.find(
        (i: { row: number; code: string; sheet: string }) =>
          i.sheet === '家庭成员' && i.row === 8 && i.code === 'FULLWIDTH',
      ),
    ).toBeTruthy()
    expect(issuesAt(rep, '家庭成员', 9)).toContain('DUPLICATE_ID')
    expect(issuesAt(rep, '家庭成员', 13)).toContain('Q_2_12_004')
    expect(issuesAt(rep, '家庭成员', 11)).toEqual(expect.arrayContaining(['HOUSEHOLD_NO_FORMAT']))
    expect(rep.totalRows).toBe(20)
    expect(rep.validHouseholds).toBe(2) // a and e

    const report = await t.call('GET', `/api/imports/${rep.id}/report.xlsx`, { as: s })
    expect(report.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer)
    const ms = wb.getWorksheet('家庭成员')!
    const errCol = M_HEAD.length + 1
    expect(String(ms.getCell(6, errCol).value)).toMatch(/证件号码/)
    expect(String(ms.getCell(6, errCol + 1).value)).toMatch(/check/i)
    expect((ms.getCell(6, 4).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFC7CE')

    const all = await commit(s, rep.id, 'all')
    expect(all.status).toBe('validated')
    expect(all.error).toMatch(/全部导入/)
    expect(await t.deps.db.selectFrom('household').select('id').where('household_no', '=', a).execute()).toHaveLength(0)

    const done = await commit(s, rep.id, 'valid')
    expect(done.status).toBe('committed')
    expect(done.result).toMatchObject({ created: 2, updated: 0, skipped: 0 })
    const ha = await t.deps.db
      .selectFrom('household')
      .selectAll()
      .where('household_no', '=', a)
      .executeTakeFirstOrThrow()
    expect(ha.address).toBe('锁南镇 1 号')
    const people = await t.deps.db
      .selectFrom('person')
      .selectAll()
      .where('household_id', '=', ha.id)
      .orderBy('birth_date')
      .execute()
    expect(people.map((p) => [p.name, p.birth_date, p.gender, p.relation_to_head])).toEqual([
      ['马哈麦', '1970-03-15', 1, 'HEAD'],
      ['马秀兰', '1972-01-01', 2, 'SPOUSE'],
      ['马小军', '2012-09-09', 1, 'SON'],
    ])
    expect(people[0]?.work_months).toBe(6)
    expect(ha.head_person_id).toBe(people[0]?.id)
    const he = await t.deps.db
      .selectFrom('household')
      .selectAll()
      .where('household_no', '=', e)
      .executeTakeFirstOrThrow()
    expect(
      (await t.deps.db.selectFrom('person').select('id_number').where('household_id', '=', he.id).execute())[0]
        ?.id_number,
    ).toBe(fwId)
    const versions = await t.deps.db
      .selectFrom('household_version')
      .selectAll()
      .where('household_id', '=', ha.id)
      .execute()
    expect(versions.map((v) => [v.version, v.action])).toEqual([[1, 'import']])
    const audit = await t.deps.db.selectFrom('audit_event').selectAll().where('subject_id', '=', ha.id).execute()
    expect(audit.map((x) => x.action)).toEqual(['household.import'])
    expect(JSON.stringify(audit[0]?.after)).not.toContain(head)
    expect((await verifyAudit(t.deps.db)).ok).toBe(true)
    const history = await t.call('GET', `/api/households/${ha.id}/history`, { as: s })
    expect(history.statusCode).toBe(200)

    // The same file again: nothing changes.
    const again = await upload(s, [{ name: 'households.xlsx', content: buf }])
    const second = await commit(s, again.id, 'valid')
    expect(second.result).toMatchObject({ created: 0, updated: 0, skipped: 2 })
    expect(
      await t.deps.db.selectFrom('household_version').select('id').where('household_id', '=', ha.id).execute(),
    ).toHaveLength(1)

    // A changed row updates that household only, with a baseline-free version 2 and an audit row.
    const changed = await workbook([[a, R.village, '马哈麦', '一般农户', '13912345679', '锁南镇 1 号']], [])
    const third = await commit(s, (await upload(s, [{ name: 'h.xlsx', content: changed }])).id, 'valid')
    expect(third.result).toMatchObject({ created: 0, updated: 1, skipped: 0 })
    const v2 = await t.deps.db
      .selectFrom('household_version')
      .selectAll()
      .where('household_id', '=', ha.id)
      .orderBy('version')
      .execute()
    expect(v2.map((v) => v.version)).toEqual([1, 2])
    expect(JSON.stringify(v2[1]?.changes)).toContain('household.phone')
  })

  test('a crash in the middle of the commit leaves nothing of the batch; the retry commits all of it', async () => {
    const nos = [householdNo(), householdNo(), householdNo()]
    const buf = await workbook(
      nos.map((no, i) => [no, R.village, `崩溃${i}`, '一般农户', '', '']),
      nos.map((no, i) => [no, `崩溃${i}`, '', makeId('19700101', 'm'), '', '', '户主']),
    )
    const batch = await createBatch(t.deps, systemActor, [{ name: 'crash.xlsx', content: buf }])
    await runValidation(directIo(t.deps, systemActor), batch.id)
    const auditsBefore = (await t.deps.db.selectFrom('audit_event').select('id').execute()).length
    await expect(
      runCommit(directIo(t.deps, systemActor), batch.id, 'all', {
        afterRows: async () => {
          throw new Error('simulated crash after the rows were written')
        },
      }),
    ).rejects.toThrow('simulated crash')
    const present = () => t.deps.db.selectFrom('household').select('id').where('household_no', 'in', nos).execute()
    expect(await present()).toHaveLength(0)
    expect(await t.deps.db.selectFrom('person').select('id').where('name', 'like', '崩溃%').execute()).toHaveLength(0)
    expect((await t.deps.db.selectFrom('audit_event').select('id').execute()).length).toBe(auditsBefore)
    const done = await runCommit(directIo(t.deps, systemActor), batch.id, 'all')
    expect(done).toMatchObject({ created: 3, updated: 0, skipped: 0 })
    const ids = (await present()).map((h) => h.id)
    expect(ids).toHaveLength(3)
    expect(
      await t.deps.db.selectFrom('household_version').select('version').where('household_id', 'in', ids).execute(),
    ).toHaveLength(3)
    expect((await verifyAudit(t.deps.db)).ok).toBe(true)
    // The version stored by the bulk path is the document the households module reads.
    const s = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const detail = (await t.call('GET', `/api/households/${ids[0]}`, { as: s })).json().data
    const asOf = (await t.call('GET', `/api/households/${ids[0]}?asOf=2099-12-31`, { as: s })).json().data
    expect(asOf).toEqual(detail)
  })

  test('a large workbook is read as a stream, row by row, with the same values', async () => {
    const wb = new ExcelJS.Workbook()
    const h = wb.addWorksheet('户')
    h.addRow(H_HEAD)
    h.addRow(['6229261002020001', R.village, '马哈麦', '脱贫户', '13912345678', '锁南镇'])
    h.addRow([])
    h.addRow(['6229261002020002', R.village, '王芳', '一般农户', null, { formula: '"东"&"乡"', result: '东乡' }])
    const m = wb.addWorksheet('家庭成员')
    m.addRow(M_HEAD)
    m.addRow([
      '6229261002020001',
      '马哈麦',
      '居民身份证',
      makeId('19700315', 'm'),
      '男',
      new Date('1970-03-15'),
      '户主',
    ])
    const buf = Buffer.from(await wb.xlsx.writeBuffer())
    const whole = await readXlsx(buf)
    const streamed = await readXlsxStream(buf)
    expect(streamed.map((x) => x.name)).toEqual(['户', '家庭成员'])
    expect(streamed.map((x) => x.headers)).toEqual(whole.map((x) => x.headers))
    expect(streamed.map((x) => x.rows)).toEqual(whole.map((x) => x.rows))
    expect(streamed[0]?.rows.map((r) => r.rowNo)).toEqual([2, 4])
    expect(streamed[0]?.notes).toEqual([{ rowNo: 4, col: 5, code: 'FORMULA' }])
  })

  test('an ID active in another household is an error; a region outside the scope too', async () => {
    const s = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const no = householdNo()
    const id = makeId('19750101', 'm')
    const first = await upload(s, [
      {
        name: 'a.xlsx',
        content: await workbook([[no, R.village, '甲', '一般农户', '', '']], [[no, '甲', '', id, '', '', '户主']]),
      },
    ])
    await commit(s, first.id, 'valid')
    const no2 = householdNo()
    const rep = await upload(s, [
      {
        name: 'b.xlsx',
        content: await workbook(
          [[no2, R.otherVillage, '乙', '一般农户', '', '']],
          [[no2, '乙', '', id, '', '', '户主']],
        ),
      },
    ])
    expect(issuesAt(rep, '户', 2)).toContain('REGION_OUT_OF_SCOPE')
    expect(issuesAt(rep, '家庭成员', 2)).toContain('ID_IN_OTHER_HOUSEHOLD')
  })

  test('a household sheet alone registers each head from 户主证件号码 (the template journey)', async () => {
    const s = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const [x, y] = [householdNo(), householdNo()]
    const good = makeId('19800301', 'm')
    const wb = new ExcelJS.Workbook()
    const h = wb.addWorksheet('户')
    h.addRow(['户编号', '行政区划代码', '户主姓名', '户主证件号码', '户类型'])
    h.addRow([x, R.village, '导入甲', good, '一般农户'])
    h.addRow([y, R.village, '导入丁', '62292619800301', '一般农户'])
    wb.addWorksheet('家庭成员').addRow(M_HEAD)
    const rep = await upload(s, [{ name: 'h.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) }])
    expect(rep.validRows).toBe(1)
    expect(rep.invalidRows).toBe(1)
    expect(issuesAt(rep, '户', 3)).toEqual(['LENGTH'])
    const done = await commit(s, rep.id, 'valid')
    expect(done.result).toMatchObject({ created: 1 })
    const list = await t.call('GET', `/api/households?q=${encodeURIComponent('导入甲')}`, { as: s })
    expect(list.json().data.map((r: { householdNo: string }) => r.householdNo)).toEqual([x])
  })

  test('GBK and UTF-8 (BOM) CSV files, one per sheet', async () => {
    const s = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const no = householdNo()
    const hid = makeId('19800808', 'f')
    const households = `${H_HEAD.join(',')}\n${no},${R.village},杨梅,脱贫户,13800000000,东乡县锁南镇\n\n`
    const members = `${M_HEAD.join(',')}\n${no},杨梅,居民身份证,${hid},女,19800808,户主,小学,弱劳动力或半劳动力,未务工,0\n`
    const rep = await upload(s, [
      { name: '户.csv', content: iconv.encode(households, 'gbk') },
      { name: '家庭成员.csv', content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(members, 'utf8')]) },
    ])
    expect(rep.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([])
    expect(rep.validHouseholds).toBe(1)
    const done = await commit(s, rep.id, 'all')
    expect(done.result).toMatchObject({ created: 1 })
    const h = await t.deps.db
      .selectFrom('household')
      .selectAll()
      .where('household_no', '=', no)
      .executeTakeFirstOrThrow()
    expect(h.household_type).toBe('TUOPIN')
    expect(h.address).toBe('东乡县锁南镇')
  })
})

describe('household export', () => {
  test('masks personal data without pii.reveal; exports and re-imports a region unchanged', async () => {
    const cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage }))
    const nos = [householdNo().replace(R.village, R.otherVillage), householdNo().replace(R.village, R.otherVillage)]
    const ids = [makeId('19610101', 'm'), makeId('19630303', 'f'), makeId('19900101', 'm')]
    const rep = await upload(cadre, [
      {
        name: 'x.xlsx',
        content: await workbook(
          [
            [nos[0], R.otherVillage, '张一', '脱贫户', '13811112222', '一号'],
            [nos[1], R.otherVillage, '张三', '一般农户', '', ''],
          ],
          [
            [nos[0], '张一', '', ids[0], '', '', '户主', '小学', '丧失劳动力', '', ''],
            [nos[0], '张二', '', ids[1], '', '', '配偶', '文盲或半文盲', '无劳动力', '', ''],
            [nos[1], '张三', '', ids[2], '', '', '户主', '高中', '技能劳动力', '省外务工', 10],
          ],
        ),
      },
    ])
    expect((await commit(cadre, rep.id, 'all')).result).toMatchObject({ created: 2 })

    const masked = await t.call('GET', `/api/exports/households.xlsx?region=${R.otherVillage}`, { as: cadre })
    expect(masked.statusCode).toBe(200)
    const mwb = new ExcelJS.Workbook()
    await mwb.xlsx.load(masked.rawPayload as unknown as ArrayBuffer)
    expect(mwb.worksheets.map((w) => w.name)).toEqual(['户', '家庭成员', '校验结果'])
    expect(String(mwb.getWorksheet('家庭成员')!.getCell(2, 4).value)).toMatch(/^622\*+/)

    const admin = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const full = await t.call('GET', `/api/exports/households.xlsx?region=${R.otherVillage}`, { as: admin })
    expect(full.statusCode).toBe(200)
    const audit = await t.deps.db.selectFrom('audit_event').selectAll().where('action', '=', 'pii.export').execute()
    expect(audit).toHaveLength(1)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(full.rawPayload as unknown as ArrayBuffer)
    const members = wb.getWorksheet('家庭成员')!
    expect(members.rowCount).toBe(4)
    expect(String(members.getCell(2, 4).value)).toBe(ids[0])
    // 1111_07: the first household has no labour at all but no active case, so no blocking finding.
    expect(String(wb.getWorksheet('校验结果')!.getCell(2, 1).value)).toMatch(/共 2 户 3 人/)

    // Re-import the export: nothing changes.
    const again = await upload(admin, [{ name: 'export.xlsx', content: Buffer.from(full.rawPayload) }])
    expect(again.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([])
    const second = await commit(admin, again.id, 'all')
    expect(second.result).toMatchObject({ created: 0, updated: 0, skipped: 2 })

    // Into an empty region: delete nothing; instead compare the round trip of the values through the workbook.
    const h0 = await t.deps.db
      .selectFrom('household')
      .selectAll()
      .where('household_no', '=', nos[0]!)
      .executeTakeFirstOrThrow()
    expect(h0.whole_household_no_labour).toBe(true)
    expect([h0.household_type, h0.phone, h0.address]).toEqual(['TUOPIN', '13811112222', '一号'])
  })

  test('an export outside the scope is not found', async () => {
    const s = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const res = await t.call('GET', `/api/exports/households.xlsx?region=${R.otherCounty}`, { as: s })
    expect(res.statusCode).toBe(404)
  })
})
