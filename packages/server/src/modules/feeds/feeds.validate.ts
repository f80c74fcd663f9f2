/**
 * Row validation of a feed upload or push against its contract: every problem becomes a row-level issue with the
 * column, the value and a reason in Chinese and English. A file missing a required column is reported once on the
 * header row. Duplicated rows within one upload are errors; rows already received earlier are skipped.
 */
import { createHash } from 'node:crypto'
import { parseIdNumber } from '@xianjie/rules/identifiers'
import { DATE_MAX, DATE_MIN, textProblem } from '../../platform/schema.ts'
import type { Raw, Sheet } from '../imports/imports.read.ts'
import type { FeedField, FeedSource } from './feeds.contracts.ts'

export interface FeedIssue {
  rowNo: number
  column: string | null
  value: string | null
  code: string
  message: string
  messageEn: string
}

export interface FeedRow {
  rowNo: number
  /** Normalised values by field (money in fen, dates YYYY-MM-DD, enums as codes). */
  values: Record<string, string | number | null>
  idNumber: string
  dataDate: string
  hash: string
}

export interface InputRow {
  rowNo: number
  /** Raw values by field name. */
  cells: Record<string, Raw | undefined>
}

/** Rows of a read sheet keyed by field, plus the header issues (missing required columns, unknown columns). */
export function rowsFromSheet(source: FeedSource, sheet: Sheet): { rows: InputRow[]; issues: FeedIssue[] } {
  const issues: FeedIssue[] = []
  const index = new Map<string, number>()
  sheet.headers.forEach((h, i) => {
    const f = source.fields.find((x) => x.header === h || x.field === h)
    if (f) index.set(f.field, i)
  })
  for (const f of source.fields) {
    if (f.required && !index.has(f.field)) {
      issues.push({
        rowNo: 1,
        column: f.header,
        value: null,
        code: 'MISSING_COLUMN',
        message: `缺少必填列「${f.header}」。请使用「${source.title.zh}」模板，表头须与模板一致。`,
        messageEn: `Required column "${f.header}" (${f.en}) is missing. Use the ${source.title.en} template with its header row unchanged.`,
      })
    }
  }
  const rows = sheet.rows.map((r) => {
    const cells: Record<string, Raw | undefined> = {}
    for (const [field, i] of index) cells[field] = r.cells[i]
    return { rowNo: r.rowNo, cells }
  })
  return { rows, issues }
}

const isBlank = (v: Raw | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')

/** Longest text value of a feed field (names, notes): a department's row is not a document. */
const FEED_TEXT_MAX = 100

function toDate(v: Raw): string | null {
  if (v instanceof Date) {
    const iso = Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)
    return iso >= DATE_MIN && iso <= DATE_MAX ? iso : null
  }
  const s = String(v).trim()
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(s)
  if (!m) return null
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  const d = new Date(`${iso}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return null
  return iso >= DATE_MIN && iso <= DATE_MAX ? iso : null
}

/** Yuan (number or text, at most 2 decimals) to integer fen without passing through a float product. */
function toFen(v: Raw): number | null {
  const s = typeof v === 'number' ? String(v) : String(v).trim().replaceAll(',', '')
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -fen : fen
}

function checkField(
  f: FeedField,
  raw: Raw,
  today: string,
  issue: (code: string, zh: string, en: string) => void,
): string | number | null {
  switch (f.kind) {
    case 'id': {
      const r = parseIdNumber(String(raw), { today })
      if (!r.ok) {
        const e = r.errors[0]!
        issue('INVALID_ID', `身份证号无效：${e.message.zh}`, `Invalid ID number: ${e.message.en}`)
        return null
      }
      return r.value.id18
    }
    case 'date': {
      const d = toDate(raw)
      if (!d) {
        issue(
          'INVALID_DATE',
          `日期应为 ${DATE_MIN} 至 ${DATE_MAX} 之间存在的日期，格式 YYYY-MM-DD`,
          `A date must exist, lie between ${DATE_MIN} and ${DATE_MAX} and be written YYYY-MM-DD`,
        )
        return null
      }
      if (d > today) {
        issue('FUTURE_DATE', `日期 ${d} 晚于今天 ${today}，数据日期不能在未来`, `Date ${d} is after today (${today})`)
        return null
      }
      return d
    }
    case 'money': {
      const fen = toFen(raw)
      if (fen === null) {
        issue(
          'INVALID_AMOUNT',
          '金额应为数字，最多两位小数（单位：元）',
          'An amount is a number in yuan with at most 2 decimals',
        )
        return null
      }
      if (fen < 0) {
        issue('NEGATIVE_AMOUNT', '金额不能为负数', 'An amount cannot be negative')
        return null
      }
      return fen
    }
    case 'int': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim())
      if (!Number.isInteger(n) || (f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
        const range = `${f.min ?? ''}–${f.max ?? ''}`
        issue('INVALID_NUMBER', `应为 ${range} 之间的整数`, `Must be a whole number in ${range}`)
        return null
      }
      return n
    }
    case 'enum': {
      const s = String(raw).trim()
      const c = f.codes?.find((x) => x.code === s || x.zh === s || x.en.toLowerCase() === s.toLowerCase())
      if (!c) {
        const list = (f.codes ?? []).map((x) => x.zh).join('、')
        issue(
          'INVALID_CODE',
          `「${s}」不是有效取值，可选：${list}`,
          `"${s}" is not one of: ${(f.codes ?? []).map((x) => x.en).join(', ')}`,
        )
        return null
      }
      return c.code
    }
    default: {
      const text = String(raw instanceof Date && Number.isNaN(raw.getTime()) ? '' : raw).trim()
      const problem = textProblem(text, false)
      if (problem) {
        issue('INVALID_TEXT', problem.reason, problem.reasonEn)
        return null
      }
      if (text.length > FEED_TEXT_MAX) {
        issue(
          'TEXT_TOO_LONG',
          `最多 ${FEED_TEXT_MAX} 个字符，实为 ${text.length} 个`,
          `At most ${FEED_TEXT_MAX} characters, not ${text.length}`,
        )
        return null
      }
      return text
    }
  }
}

/** Validates input rows; returns the normalised rows and every issue (all-or-nothing is the caller's decision). */
export function validateRows(
  source: FeedSource,
  input: readonly InputRow[],
  today: string,
): { rows: FeedRow[]; issues: FeedIssue[]; errorRows: number } {
  const issues: FeedIssue[] = []
  const rows: FeedRow[] = []
  const seen = new Map<string, number>()
  const bad = new Set<number>()
  for (const r of input) {
    const values: Record<string, string | number | null> = {}
    let ok = true
    for (const f of source.fields) {
      const raw = r.cells[f.field]
      const issue = (code: string, zh: string, en: string) => {
        ok = false
        issues.push({
          rowNo: r.rowNo,
          column: f.header,
          value:
            raw === undefined || raw === null
              ? null
              : raw instanceof Date && !Number.isNaN(raw.getTime())
                ? raw.toISOString()
                : String(raw),
          code,
          message: `第 ${r.rowNo} 行「${f.header}」：${zh}`,
          messageEn: `Row ${r.rowNo}, ${f.en}: ${en}`,
        })
      }
      if (raw === undefined || isBlank(raw)) {
        if (f.required) issue('REQUIRED', '必填项为空', 'required value is empty')
        values[f.field] = null
        continue
      }
      values[f.field] = checkField(f, raw, today, issue)
    }
    if (!ok) {
      bad.add(r.rowNo)
      continue
    }
    const hash = createHash('sha256')
      .update(JSON.stringify([source.key, ...source.fields.map((f) => values[f.field] ?? null)]))
      .digest('hex')
    const first = seen.get(hash)
    if (first !== undefined) {
      bad.add(r.rowNo)
      issues.push({
        rowNo: r.rowNo,
        column: null,
        value: null,
        code: 'DUPLICATE_ROW',
        message: `第 ${r.rowNo} 行与第 ${first} 行完全相同（重复行）。请删除其中一行。`,
        messageEn: `Row ${r.rowNo} duplicates row ${first}. Remove one of them.`,
      })
      continue
    }
    seen.set(hash, r.rowNo)
    rows.push({ rowNo: r.rowNo, values, idNumber: String(values.idNumber), dataDate: String(values.dataDate), hash })
  }
  return { rows, issues, errorRows: bad.size }
}
