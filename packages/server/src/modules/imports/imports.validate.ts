/**
 * Validation of an uploaded file, row by row and column by column, without the database: cell normalisation
 * (full-width characters, spaces, Excel dates, formulas, merged cells), types, codes, ID numbers with positions,
 * birth date and sex against the ID, duplicates inside the file, one head per household and the §9 checks. The
 * database checks (region scope, existing households, IDs in other households) are in `imports.service.ts`.
 */
import { checkHousehold, type QualityHousehold, qualityLimits } from '@xianjie/rules/quality'
import { DATE_MAX, DATE_MIN, textProblem } from '../../platform/schema.ts'
import { HouseholdFields, PersonFields } from '../households/households.schema.ts'
import { checkOneHead, normalisePerson, type Issue as PersonIssue } from '../households/households.validate.ts'
import { parametersAt } from '../policy/parameters.service.ts'
import {
  type Column,
  codeOf,
  detectLayout,
  householdLayout,
  type Layout,
  matchHeaders,
  memberLayout,
} from './imports.layout.ts'
import type { Raw, Sheet } from './imports.read.ts'

export type Severity = 'error' | 'warning' | 'info'

export interface RowIssue {
  sheet: string
  row: number
  column: string | null
  value: string | null
  code: string
  severity: Severity
  message: string
  messageEn: string
}

export interface HouseholdRecord {
  sheet: string
  rowNo: number
  householdNo: string
  regionCode: string
  naturalVillage: string | null
  headName: string
  headIdNumber: string | null
  householdType: 'TUOPIN' | 'GENERAL'
  phone: string | null
  address: string | null
  tuopinYear: number | null
  militaryFamily: boolean
  relocated: boolean
  resettlementSite: string | null
  monitorContactName: string | null
  monitorContactPhone: string | null
  /** Which optional columns the file had (absent columns leave stored values alone). */
  present: ReadonlySet<string>
}

export interface MemberRecord {
  sheet: string
  rowNo: number
  householdNo: string
  name: string
  idType: string
  idNumber: string
  gender: number
  birthDate: string
  ethnicity: string | null
  relationToHead: string
  education: string | null
  schoolStatus: string | null
  health: string
  labourSkill: string
  disabilityCertNo: string | null
  disabilityCategory: number | null
  disabilityLevel: number | null
  workStatus: string | null
  workPlace: string | null
  workMonths: number | null
  phone: string | null
  bankAccount: string | null
  present: ReadonlySet<string>
}

/** A household as the file describes it: its row (absent for member-only files) and its member rows. */
export interface FileHousehold {
  householdNo: string
  household: HouseholdRecord | null
  members: MemberRecord[]
  /** Rows of the file that belong to this household ("sheet:row"). */
  rows: string[]
}

export interface ParsedFile {
  households: Map<string, FileHousehold>
  issues: RowIssue[]
  /** "sheet:row" of every data row. */
  allRows: string[]
  invalidRows: Set<string>
  unknownSheets: string[]
}

const FW = /[\uFF01-\uFF5E\u3000]/g
const toHalf = (s: string) =>
  s.replace(FW, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/

function excelSerialToIso(n: number): string | undefined {
  if (!(n > 0 && n < 2958466)) return undefined
  const iso = new Date(Date.UTC(1899, 11, 30) + Math.floor(n) * 86400000).toISOString().slice(0, 10)
  return iso >= DATE_MIN && iso <= DATE_MAX ? iso : undefined
}

function validDate(y: number, m: number, d: number): string | undefined {
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined
  return dt.toISOString().slice(0, 10)
}

/** Longest text cell of a column the API's field schema does not bound (a note-like free column). */
const TEXT_CELL_MAX = 200
/** API field a column feeds when the names differ. */
const API_FIELD: Record<string, string> = { headName: 'name', headIdNumber: 'idNumber' }
const limits = new Map<string, number>()

/**
 * The length limit of the API's field for a column (PersonFields / HouseholdFields in households.schema.ts), so an
 * imported cell is held to what the form accepts (issue 17: a 5,000-character name went in by import).
 */
export function apiMaxLength(field: string): number {
  const hit = limits.get(field)
  if (hit !== undefined) return hit
  const name = API_FIELD[field] ?? field
  const shapes = [PersonFields.shape, HouseholdFields.shape] as Array<Record<string, unknown>>
  let t = shapes.map((sh) => sh[name]).find((x) => x !== undefined) as
    | { maxLength?: number | null; unwrap?: () => unknown }
    | undefined
  while (t && typeof t.unwrap === 'function') t = t.unwrap() as typeof t
  const max = typeof t?.maxLength === 'number' ? t.maxLength : TEXT_CELL_MAX
  limits.set(field, max)
  return max
}

interface CellOut {
  value: unknown
  error?: { code: string; zh: string; en: string }
  notes: Array<{ code: string; zh: string; en: string }>
}

/** Normalises one cell by column kind. `undefined` value = empty. */
export function normaliseCell(col: Column, input: Raw): CellOut {
  let raw = input
  const notes: CellOut['notes'] = []
  if (raw === null || raw === undefined) return { value: undefined, notes }
  if (col.kind === 'date' && raw instanceof Date) {
    const iso = Number.isNaN(raw.getTime()) ? '' : raw.toISOString().slice(0, 10)
    if (iso >= DATE_MIN && iso <= DATE_MAX) return { value: iso, notes }
    return { value: undefined, notes, error: { code: 'DATE_INVALID', zh: '日期无效', en: 'the date is invalid' } }
  }
  if (col.kind === 'date' && typeof raw === 'number' && raw >= 18000101 && raw <= 29991231) raw = String(raw)
  if (col.kind === 'date' && typeof raw === 'number') {
    const iso = excelSerialToIso(raw)
    if (!iso)
      return {
        value: undefined,
        notes,
        error: { code: 'DATE_INVALID', zh: `日期 ${raw} 无效`, en: `date ${raw} is invalid` },
      }
    notes.push({
      code: 'DATE_SERIAL',
      zh: `Excel 日期序号 ${raw} 已转换为 ${iso}`,
      en: `Excel serial date ${raw} read as ${iso}`,
    })
    return { value: iso, notes }
  }
  if ((col.kind === 'id' || col.kind === 'phone') && typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw > 1e15) {
      return {
        value: undefined,
        notes,
        error: {
          code: 'NUMBER_PRECISION',
          zh: '该单元格为数值格式，超过15位的数字已被 Excel 截断；请将该列设为文本格式后重新填写',
          en: 'the cell is a number and Excel kept only 15 digits; format the column as text and re-enter it',
        },
      }
    }
  }
  if (raw instanceof Date && Number.isNaN(raw.getTime()))
    return { value: undefined, notes, error: { code: 'DATE_INVALID', zh: '日期无效', en: 'the date is invalid' } }
  let s = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)
  const half = toHalf(s)
  if (half !== s) {
    notes.push({ code: 'FULLWIDTH', zh: '全角字符已转换为半角', en: 'full-width characters converted to half-width' })
    s = half
  }
  const trimmed = s.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '')
  if (trimmed !== s) {
    notes.push({ code: 'TRIMMED', zh: '已去除首尾空格', en: 'leading/trailing spaces removed' })
    s = trimmed
  }
  if (s === '') return { value: undefined, notes }
  const bad = (code: string, zh: string, en: string): CellOut => ({ value: undefined, notes, error: { code, zh, en } })
  const problem = textProblem(s, false)
  if (problem) return bad('TEXT_INVALID', `${col.header}${problem.reason}`, `${col.header} ${problem.reasonEn}`)
  switch (col.kind) {
    case 'text':
    case 'id': {
      const max = apiMaxLength(col.field)
      if (s.length > max)
        return bad(
          'TEXT_TOO_LONG',
          `${col.header}最多 ${max} 个字符，实为 ${s.length} 个`,
          `${col.header} takes at most ${max} characters, not ${s.length}`,
        )
      return { value: col.kind === 'id' ? s.toUpperCase() : s, notes }
    }
    case 'code': {
      const code = col.codes ? codeOf(col.codes, s) : s
      if (code === undefined) {
        const allowed = (col.codes ?? []).slice(0, 12).map((v) => v.zh)
        return bad(
          'CODE_UNKNOWN',
          `“${s}”不是有效的${col.header}，可选：${allowed.join('、')}`,
          `"${s}" is not a valid ${col.header}; allowed: ${allowed.join(', ')}`,
        )
      }
      return { value: code, notes }
    }
    case 'bool': {
      if (/^(是|y|yes|true|1)$/i.test(s)) return { value: true, notes }
      if (/^(否|n|no|false|0)$/i.test(s)) return { value: false, notes }
      return bad('BOOL_INVALID', `“${s}”应为“是”或“否”`, `"${s}" must be 是 (yes) or 否 (no)`)
    }
    case 'int': {
      if (!/^-?\d+(\.0+)?$/.test(s)) return bad('INT_INVALID', `“${s}”不是整数`, `"${s}" is not a whole number`)
      return { value: Number.parseInt(s, 10), notes }
    }
    case 'date': {
      let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s)
      if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s)
      if (!m && /^\d{5}(\.\d+)?$/.test(s)) return normaliseCell(col, Number(s))
      const iso = m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined
      if (!iso || iso < DATE_MIN || iso > DATE_MAX)
        return bad(
          'DATE_INVALID',
          `“${s}”不是有效日期（例：1970-03-15）`,
          `"${s}" is not a valid date (e.g. 1970-03-15)`,
        )
      if (iso !== s) notes.push({ code: 'DATE_TEXT', zh: `日期“${s}”已读作 ${iso}`, en: `date "${s}" read as ${iso}` })
      return { value: iso, notes }
    }
    case 'region': {
      if (!/^\d{12}$/.test(s))
        return bad(
          'REGION_FORMAT',
          `区划代码“${s}”应为12位数字（村级）`,
          `region code "${s}" must have 12 digits (village level)`,
        )
      return { value: s, notes }
    }
    case 'phone': {
      const p = s.replace(/[\s()（）]/g, '')
      if (!PHONE.test(p))
        return bad(
          'PHONE_INVALID',
          `电话“${s}”应为11位手机号或带区号的固定电话`,
          `phone "${s}" must be an 11-digit mobile or a landline with area code`,
        )
      return { value: p, notes }
    }
  }
}

const key = (sheet: string, row: number) => `${sheet}:${row}`

export interface ValidateOptions {
  today: string
}

/** Reads every sheet of the file into households and members; the issues name row, column and reason. */
export function validateSheets(sheets: readonly Sheet[], opts: ValidateOptions): ParsedFile {
  const issues: RowIssue[] = []
  const invalid = new Set<string>()
  const allRows: string[] = []
  const households = new Map<string, FileHousehold>()
  const unknownSheets: string[] = []
  const push = (i: RowIssue) => {
    issues.push(i)
    if (i.severity === 'error') invalid.add(key(i.sheet, i.row))
  }
  const hh = (no: string) => {
    let h = households.get(no)
    if (!h) {
      h = { householdNo: no, household: null, members: [], rows: [] }
      households.set(no, h)
    }
    return h
  }
  const seenIds = new Map<string, string>()
  const seenHouseholds = new Map<string, number>()

  for (const sheet of sheets) {
    const layout = detectLayout(sheet.name, sheet.headers)
    if (!layout) {
      if (sheet.rows.length > 0 && sheet.name !== '说明') unknownSheets.push(sheet.name)
      continue
    }
    const cols = matchHeaders(layout, sheet.headers)
    const fields = new Set([...cols.values()].map((c) => c.field))
    for (const c of layout.columns) {
      if (
        c.required &&
        !c.exportOnly &&
        !fields.has(c.field) &&
        !(c.field === 'headName' && fields.has('headIdNumber'))
      ) {
        push({
          sheet: sheet.name,
          row: 1,
          column: c.header,
          value: null,
          code: 'COLUMN_MISSING',
          severity: 'error',
          message: `缺少必填列“${c.header}”`,
          messageEn: `required column "${c.header}" is missing`,
        })
      }
    }
    const noteAt = new Map<string, string>()
    for (const n of sheet.notes) noteAt.set(`${n.rowNo}:${n.col}`, n.code)
    for (const row of sheet.rows) {
      const rk = key(sheet.name, row.rowNo)
      allRows.push(rk)
      const rec: Record<string, unknown> = {}
      const before = issues.length
      for (const [i, col] of cols) {
        const raw = row.cells[i] ?? null
        const note = noteAt.get(`${row.rowNo}:${i}`)
        const shown =
          raw === null
            ? null
            : raw instanceof Date
              ? Number.isNaN(raw.getTime())
                ? String(raw)
                : raw.toISOString().slice(0, 10)
              : String(raw)
        if (note === 'FORMULA')
          push({
            sheet: sheet.name,
            row: row.rowNo,
            column: col.header,
            value: shown,
            code: 'FORMULA',
            severity: 'info',
            message: '公式单元格，已取其计算结果',
            messageEn: 'formula cell: its cached result was used',
          })
        if (note === 'MERGED')
          push({
            sheet: sheet.name,
            row: row.rowNo,
            column: col.header,
            value: shown,
            code: 'MERGED',
            severity: 'info',
            message: '合并单元格，已取合并区域左上角的值',
            messageEn: 'merged cell: the value of the top-left cell of the range was used',
          })
        const out = normaliseCell(col, raw)
        for (const n of out.notes)
          push({
            sheet: sheet.name,
            row: row.rowNo,
            column: col.header,
            value: shown,
            code: n.code,
            severity: 'info',
            message: n.zh,
            messageEn: n.en,
          })
        if (out.error) {
          push({
            sheet: sheet.name,
            row: row.rowNo,
            column: col.header,
            value: shown,
            code: out.error.code,
            severity: 'error',
            message: out.error.zh,
            messageEn: out.error.en,
          })
        } else if (out.value === undefined && col.required && !(col.field === 'headName')) {
          push({
            sheet: sheet.name,
            row: row.rowNo,
            column: col.header,
            value: shown,
            code: 'REQUIRED',
            severity: 'error',
            message: `“${col.header}”不能为空`,
            messageEn: `"${col.header}" is required`,
          })
        }
        if (out.value !== undefined) rec[col.field] = out.value
      }
      const no = rec.householdNo as string | undefined
      if (no !== undefined && !/^[0-9A-Za-z-]{6,30}$/.test(no)) {
        push({
          sheet: sheet.name,
          row: row.rowNo,
          column: '户编号',
          value: no,
          code: 'HOUSEHOLD_NO_FORMAT',
          severity: 'error',
          message: '户编号应为6–30位数字或字母',
          messageEn: 'household number must be 6–30 digits or letters',
        })
      }
      const rowOk = issues.slice(before).every((i) => i.severity !== 'error')
      if (!no) continue
      const h = hh(no)
      h.rows.push(rk)
      if (layout === householdLayout) {
        const firstRow = seenHouseholds.get(no)
        if (firstRow !== undefined) {
          push({
            sheet: sheet.name,
            row: row.rowNo,
            column: '户编号',
            value: no,
            code: 'DUPLICATE_HOUSEHOLD',
            severity: 'error',
            message: `户编号 ${no} 在第 ${firstRow} 行已出现`,
            messageEn: `household number ${no} already appears in row ${firstRow}`,
          })
          continue
        }
        seenHouseholds.set(no, row.rowNo)
        if (!rec.headName && !rec.headIdNumber) {
          push({
            sheet: sheet.name,
            row: row.rowNo,
            column: '户主姓名',
            value: null,
            code: 'REQUIRED',
            severity: 'error',
            message: '“户主姓名”不能为空',
            messageEn: '"户主姓名" is required',
          })
        }
        if (!rowOk) continue
        h.household = {
          sheet: sheet.name,
          rowNo: row.rowNo,
          householdNo: no,
          regionCode: rec.regionCode as string,
          naturalVillage: (rec.naturalVillage as string) ?? null,
          headName: (rec.headName as string) ?? '',
          headIdNumber: (rec.headIdNumber as string) ?? null,
          householdType: rec.householdType as 'TUOPIN' | 'GENERAL',
          phone: (rec.phone as string) ?? null,
          address: (rec.address as string) ?? null,
          tuopinYear: (rec.tuopinYear as number) ?? null,
          militaryFamily: (rec.militaryFamily as boolean) ?? false,
          relocated: (rec.relocated as boolean) ?? false,
          resettlementSite: (rec.resettlementSite as string) ?? null,
          monitorContactName: (rec.monitorContactName as string) ?? null,
          monitorContactPhone: (rec.monitorContactPhone as string) ?? null,
          present: fields,
        }
        continue
      }
      // Member row: the households module's person validation (ID checksum with positions, date and sex).
      if (!rowOk || !rec.name || !rec.idNumber || !rec.relationToHead) continue
      const pf = {
        name: rec.name,
        idType: rec.idType ?? 'RESIDENT_ID',
        idNumber: rec.idNumber,
        relationToHead: rec.relationToHead,
        health: rec.health ?? 'HEALTHY',
        labourSkill: rec.labourSkill ?? 'ORDINARY',
        ...(rec.gender !== undefined ? { gender: Number(rec.gender) } : {}),
        ...(rec.birthDate !== undefined ? { birthDate: rec.birthDate } : {}),
        ...(rec.disabilityCertNo !== undefined ? { disabilityCertNo: rec.disabilityCertNo } : {}),
      } as PersonFields
      const pIssues: PersonIssue[] = []
      const n = normalisePerson(pf, 'm', opts.today, pIssues)
      const colName: Record<string, string> = {
        idNumber: '证件号码',
        birthDate: '出生日期',
        gender: '性别',
        disabilityCertNo: '残疾证号',
      }
      for (const pi of pIssues) {
        const f = pi.field.split('.').pop() ?? ''
        push({
          sheet: sheet.name,
          row: row.rowNo,
          column: colName[f] ?? f,
          value: String((rec as Record<string, unknown>)[f] ?? ''),
          code: pi.code,
          severity: 'error',
          message: pi.message,
          messageEn: pi.messageEn,
        })
      }
      if (!n) continue
      const first = seenIds.get(n.idNumber)
      if (first) {
        push({
          sheet: sheet.name,
          row: row.rowNo,
          column: '证件号码',
          value: n.idNumber,
          code: 'DUPLICATE_ID',
          severity: 'error',
          message: `证件号码与${first}重复`,
          messageEn: `ID number repeats ${first}`,
        })
        continue
      }
      seenIds.set(n.idNumber, `第 ${row.rowNo} 行`)
      h.members.push({
        sheet: sheet.name,
        rowNo: row.rowNo,
        householdNo: no,
        name: rec.name as string,
        idType: pf.idType,
        idNumber: n.idNumber,
        gender: n.gender,
        birthDate: n.birthDate,
        ethnicity: (rec.ethnicity as string) ?? null,
        relationToHead: rec.relationToHead as string,
        education: (rec.education as string) ?? null,
        schoolStatus: (rec.schoolStatus as string) ?? null,
        health: pf.health,
        labourSkill: pf.labourSkill,
        disabilityCertNo: (rec.disabilityCertNo as string) ?? null,
        disabilityCategory: n.disabilityCategory,
        disabilityLevel: n.disabilityLevel,
        workStatus: (rec.workStatus as string) ?? null,
        workPlace: (rec.workPlace as string) ?? null,
        workMonths: (rec.workMonths as number) ?? null,
        phone: (rec.phone as string) ?? null,
        bankAccount: (rec.bankAccount as string) ?? null,
        present: fields,
      })
    }
  }

  // Household-level rules: a head from the household row when there are no member rows, one head, §9 checks.
  for (const h of households.values()) {
    const hr = h.household
    if (hr && h.members.length === 0 && hr.headIdNumber && !h.rows.some((r) => invalid.has(r))) {
      const pIssues: PersonIssue[] = []
      const n = normalisePerson(
        {
          name: hr.headName,
          idType: 'RESIDENT_ID',
          idNumber: hr.headIdNumber,
          relationToHead: 'HEAD',
          health: 'HEALTHY',
          labourSkill: 'ORDINARY',
        },
        'h',
        opts.today,
        pIssues,
      )
      for (const pi of pIssues)
        push({
          sheet: hr.sheet,
          row: hr.rowNo,
          column: '户主证件号码',
          value: hr.headIdNumber,
          code: pi.code,
          severity: 'error',
          message: pi.message,
          messageEn: pi.messageEn,
        })
      if (n && seenIds.has(n.idNumber)) {
        push({
          sheet: hr.sheet,
          row: hr.rowNo,
          column: '户主证件号码',
          value: n.idNumber,
          code: 'DUPLICATE_ID',
          severity: 'error',
          message: `证件号码与${seenIds.get(n.idNumber)}重复`,
          messageEn: 'ID number repeats another row',
        })
      } else if (n) {
        seenIds.set(n.idNumber, `第 ${hr.rowNo} 行`)
        h.members.push({
          sheet: hr.sheet,
          rowNo: hr.rowNo,
          householdNo: h.householdNo,
          name: hr.headName,
          idType: 'RESIDENT_ID',
          idNumber: n.idNumber,
          gender: n.gender,
          birthDate: n.birthDate,
          ethnicity: null,
          relationToHead: 'HEAD',
          education: null,
          schoolStatus: null,
          health: 'HEALTHY',
          labourSkill: 'ORDINARY',
          disabilityCertNo: null,
          disabilityCategory: null,
          disabilityLevel: null,
          workStatus: null,
          workPlace: null,
          workMonths: null,
          phone: null,
          bankAccount: null,
          present: new Set(['name', 'idNumber', 'relationToHead']),
        })
      }
    }
    if (h.members.length === 0 || h.rows.some((r) => invalid.has(r))) continue
    const at = hr ?? h.members[0]
    if (!at) continue
    const rowIssue = (
      code: string,
      severity: Severity,
      zh: string,
      en: string,
      column: string | null,
      sheet = at.sheet,
      row = at.rowNo,
    ) => push({ sheet, row, column, value: null, code, severity, message: zh, messageEn: en })
    if (hr && h.members.some((m) => m.sheet !== hr.sheet)) {
      const one: PersonIssue[] = []
      checkOneHead(
        h.members.map((m) => m.relationToHead),
        one,
      )
      for (const o of one)
        rowIssue(
          'ONE_HEAD',
          'error',
          `户 ${h.householdNo}：${o.message}`,
          `household ${h.householdNo}: ${o.messageEn}`,
          '与户主关系',
        )
      const head = h.members.find((m) => m.relationToHead === 'HEAD')
      if (head && hr.headName && head.name !== hr.headName)
        rowIssue(
          'HEAD_NAME_MISMATCH',
          'warning',
          `户主姓名“${hr.headName}”与家庭成员表中的户主“${head.name}”不一致`,
          `head name "${hr.headName}" differs from the head in the member sheet ("${head.name}")`,
          '户主姓名',
        )
    }
    const record: QualityHousehold = {
      householdNo: h.householdNo,
      householdType: hr?.householdType ?? 'GENERAL',
      wholeHouseholdNoLabour: h.members.every((m) => m.labourSkill === 'LOST' || m.labourSkill === 'NONE'),
      monitorContactName: hr?.monitorContactName ?? null,
      monitorContactPhone: hr?.monitorContactPhone ?? null,
      members: h.members.map((m) => ({
        name: m.name,
        idType: m.idType,
        idNumber: m.idNumber,
        disabilityCertNo: m.disabilityCertNo,
        labourSkill: m.labourSkill,
        education: m.education,
        schoolStatus: m.schoolStatus,
        workStatus: m.workStatus,
        workMonths: m.workMonths,
      })),
    }
    const limits = qualityLimits(parametersAt(opts.today), hr?.regionCode)
    for (const f of checkHousehold(record, { today: opts.today, limits })) {
      const m = f.member !== undefined ? h.members[f.member] : undefined
      rowIssue(
        `Q_${f.code}`,
        f.severity === 'B' ? 'error' : 'warning',
        `[${f.code}] ${f.message.zh}`,
        `[${f.code}] ${f.message.en}`,
        f.field === 'workStatus'
          ? '务工状况'
          : f.field === 'education'
            ? '文化程度'
            : f.field === 'schoolStatus'
              ? '在校生情况'
              : null,
        m?.sheet ?? at.sheet,
        m?.rowNo ?? at.rowNo,
      )
    }
  }
  return { households, issues, allRows, invalidRows: invalid, unknownSheets }
}

/** Households whose every row is valid. */
export function validHouseholds(p: ParsedFile): FileHousehold[] {
  return [...p.households.values()].filter(
    (h) => h.rows.every((r) => !p.invalidRows.has(r)) && (h.household || h.members.length),
  )
}

export { householdLayout, type Layout, memberLayout }
