/**
 * Workbooks in the national layouts: the import template (both sheets, frozen header row, drop-down lists for coded
 * columns, an 说明 sheet), the validation report (the original rows plus 错误/Error columns, invalid cells
 * highlighted) and the household export (streamed, with a 校验结果 sheet).
 */
import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { maskers } from '../../platform/privacy.ts'
import { detectLayout, householdLayout, type Layout, layouts, matchHeaders, memberLayout } from './imports.layout.ts'
import { NO_LIMITS, type Raw, type ReadLimits, readFileInWorker } from './imports.read.ts'

const RED = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } } as const
const YELLOW = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } } as const
const HEADER = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } } as const

/** Hidden sheet of code lists referenced by the drop-downs (lists longer than 255 characters cannot be inline). */
function codeLists(): { refs: Map<string, string>; write(wb: ExcelJS.Workbook): void } {
  const refs = new Map<string, string>()
  const lists: string[][] = []
  for (const layout of layouts) {
    for (const c of layout.columns) {
      if (!c.codes || refs.has(c.header)) continue
      const n = lists.length + 1
      const letter = n <= 26 ? String.fromCharCode(64 + n) : `A${String.fromCharCode(64 + n - 26)}`
      refs.set(c.header, `'代码表'!$${letter}$1:$${letter}$${c.codes.length}`)
      lists.push(c.codes.map((v) => v.zh))
    }
  }
  return {
    refs,
    write(wb) {
      const ws = wb.addWorksheet('代码表', { state: 'veryHidden' })
      lists.forEach((l, i) => {
        l.forEach((v, r) => {
          ws.getCell(r + 1, i + 1).value = v
        })
      })
    },
  }
}

function layoutSheet(wb: ExcelJS.Workbook, layout: Layout, lists: Map<string, string>, rows = 2000) {
  const cols = layout.columns.filter((c) => !c.exportOnly)
  const ws = wb.addWorksheet(layout.sheet, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = cols.map((c) => ({ header: c.header, key: c.field, width: c.width ?? 12 }))
  ws.getRow(1).eachCell((cell, i) => {
    const c = cols[i - 1]
    cell.font = { bold: true, color: c?.required ? { argb: 'FFC00000' } : undefined }
    cell.fill = HEADER
    if (c?.note) cell.note = c.note
  })
  cols.forEach((c, i) => {
    const col = ws.getColumn(i + 1)
    if (
      c.kind === 'id' ||
      c.kind === 'phone' ||
      c.kind === 'region' ||
      c.field === 'householdNo' ||
      c.field === 'bankAccount'
    )
      col.numFmt = '@'
    const list = lists.get(c.header)
    if (!list) return
    const letter = col.letter
    for (let r = 2; r <= rows + 1; r++) {
      ws.getCell(`${letter}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `请从下拉列表中选择${c.header}`,
      }
    }
  })
  return ws
}

/** The import template as an .xlsx buffer. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'xianjie'
  const lists = codeLists()
  layoutSheet(wb, householdLayout, lists.refs, 500)
  layoutSheet(wb, memberLayout, lists.refs, 2000)
  const help = wb.addWorksheet('说明')
  help.columns = [
    { header: '工作表', key: 'sheet', width: 12 },
    { header: '列', key: 'col', width: 28 },
    { header: '必填', key: 'req', width: 6 },
    { header: '说明 / 可选值', key: 'note', width: 80 },
  ]
  help.getRow(1).font = { bold: true }
  help.addRow({
    sheet: '通用',
    note: '一户一行填“户”表，每人一行填“家庭成员”表，两表以户编号关联。也可分别上传两个 CSV 文件（UTF-8 或 GBK）。',
  })
  help.addRow({
    sheet: '通用',
    note: '证件号码、电话、区划代码请设为文本格式；日期可写 1970-03-15、1970/3/15 或 19700315。已登记的户编号按更新处理。',
  })
  for (const layout of layouts) {
    for (const c of layout.columns) {
      if (c.exportOnly) continue
      help.addRow({
        sheet: layout.sheet,
        col: c.header,
        req: c.required ? '是' : '',
        note: [c.note, c.codes ? c.codes.map((v) => v.zh).join('、') : ''].filter(Boolean).join('；'),
      })
    }
  }
  lists.write(wb)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export interface ReportIssue {
  sheet: string
  row_no: number
  column_name: string | null
  severity: string
  message: string
  message_en: string
}

/**
 * How to mask the cells of each column of a sheet that hold personal data (ID and certificate numbers, phones, bank
 * accounts), as the layout marks them: `[column index] → masker`.
 */
export function sensitiveColumns(sheetName: string, headers: readonly string[]): Map<number, (v: string) => string> {
  const out = new Map<number, (v: string) => string>()
  const layout = detectLayout(sheetName, headers)
  if (!layout) return out
  for (const [i, c] of matchHeaders(layout, headers)) if (c.sensitive) out.set(i, maskers[c.sensitive])
  return out
}

/** The masker of a column named `header` in either layout when it holds personal data (an issue's value). */
export function maskerOfHeader(header: string | null): ((v: string) => string) | undefined {
  if (!header) return undefined
  for (const layout of layouts) {
    const kind = matchHeaders(layout, [header]).get(0)?.sensitive
    if (kind) return maskers[kind]
  }
  return undefined
}

/**
 * The uploaded rows again, with 错误/Error (and 提示/Warning) columns and the invalid cells highlighted; with `mask`
 * (a role without `pii.reveal`) ID numbers, phones and bank accounts are masked as in the export.
 */
export async function reportWorkbook(
  files: ReadonlyArray<{ name: string; content: Buffer }>,
  issues: readonly ReportIssue[],
  opts: { mask: boolean; limits?: ReadLimits },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const bySheetRow = new Map<string, ReportIssue[]>()
  for (const i of issues) {
    const k = `${i.sheet}:${i.row_no}`
    const l = bySheetRow.get(k) ?? []
    l.push(i)
    bySheetRow.set(k, l)
  }
  for (const f of files) {
    for (const sheet of await readFileInWorker(f.name, f.content, opts.limits ?? NO_LIMITS)) {
      const ws = wb.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
      const width = sheet.headers.length
      ws.addRow([...sheet.headers, '错误', 'Error', '提示 / Warning'])
      ws.getRow(1).font = { bold: true }
      const header = (sheet.headers as string[]).map((h) => h.replace(/\s/g, ''))
      const masked = opts.mask ? sensitiveColumns(sheet.name, sheet.headers) : new Map<number, (v: string) => string>()
      const headerIssues = bySheetRow.get(`${sheet.name}:1`) ?? []
      if (headerIssues.length) {
        ws.getCell(1, width + 1).value = headerIssues.map((i) => i.message).join('；')
        ws.getCell(1, width + 2).value = headerIssues.map((i) => i.message_en).join('; ')
      }
      for (const row of sheet.rows) {
        const list = bySheetRow.get(`${sheet.name}:${row.rowNo}`) ?? []
        const errors = list.filter((i) => i.severity === 'error')
        const others = list.filter((i) => i.severity !== 'error')
        const cells: Raw[] = []
        for (let c = 0; c < width; c++) {
          const v = row.cells[c] ?? null
          const mask = masked.get(c)
          cells.push(mask && v !== null && v !== '' ? mask(String(v)) : v)
        }
        const r = ws.addRow([
          ...cells,
          errors.map((i) => (i.column_name ? `${i.column_name}：${i.message}` : i.message)).join('；'),
          errors.map((i) => (i.column_name ? `${i.column_name}: ${i.message_en}` : i.message_en)).join('; '),
          others.map((i) => (i.column_name ? `${i.column_name}：${i.message}` : i.message)).join('；'),
        ])
        for (const i of list) {
          if (i.severity === 'info') continue
          const c = i.column_name ? header.indexOf(i.column_name.replace(/\s/g, '')) : -1
          if (c >= 0) r.getCell(c + 1).fill = i.severity === 'error' ? RED : YELLOW
        }
        if (errors.length) r.getCell(width + 1).font = { color: { argb: 'FFC00000' } }
      }
      ws.getColumn(width + 1).width = 50
      ws.getColumn(width + 2).width = 50
      ws.getColumn(width + 3).width = 40
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Streaming writer of the export: sheets are written row by row and committed, so memory stays flat. */
export function exportWriter(out: Writable, first: Layout = householdLayout) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const sheet = (layout: Layout) => {
    const ws = wb.addWorksheet(layout.sheet, { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = layout.columns.map((c) => ({ header: c.header, key: c.field, width: c.width ?? 12 }))
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).commit()
    return ws
  }
  return { wb, households: sheet(first), members: sheet(memberLayout) }
}
