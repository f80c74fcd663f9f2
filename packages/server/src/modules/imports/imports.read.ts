/**
 * Reading uploaded files into sheets of raw cell values: `.xlsx` (exceljs; formulas give their cached result, merged
 * cells the value of the range's top-left cell) and `.csv` (UTF-8 with or without BOM, else GBK/GB18030 — a strict
 * UTF-8 decode is tried first). Empty rows are skipped. Normalisation notes say what was changed on the way.
 */
import { Readable } from 'node:stream'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { AppError, type ErrorCode } from '../../platform/errors.ts'
import { startTsWorker } from '../../platform/workers.ts'

export type Raw = string | number | boolean | Date | null

export interface SheetRow {
  /** 1-based row number in the file (header = 1). */
  rowNo: number
  cells: Raw[]
}

/** A cell whose value was derived: a formula's cached result or a merged range's top-left value. */
export interface ReadNote {
  rowNo: number
  col: number
  code: 'FORMULA' | 'MERGED'
}

export interface Sheet {
  name: string
  headers: string[]
  rows: SheetRow[]
  notes: ReadNote[]
  /** File encoding for CSV (utf-8, utf-8-bom, gb18030). */
  encoding?: string
}

/** What one file may hold at most (config `imports`, README settings table). */
export interface ReadLimits {
  maxRows: number
  maxCells: number
  maxCellChars: number
}

/** No limit (the CLI reading a file its operator chose, tests of the readers themselves). */
export const NO_LIMITS: ReadLimits = { maxRows: Infinity, maxCells: Infinity, maxCellChars: Infinity }

/** Counts what a file holds while it is read and stops the read at the first limit passed. */
class Budget {
  private rows = 0
  private cells = 0
  constructor(
    private readonly file: string,
    private readonly limits: ReadLimits,
  ) {}
  row(): void {
    if (++this.rows > this.limits.maxRows)
      throw this.over({ what: '数据行数', whatEn: 'data rows', limit: this.limits.maxRows })
  }
  cell(value: unknown, rowNo: number, col: number): void {
    if (++this.cells > this.limits.maxCells)
      throw this.over({ what: '单元格数', whatEn: 'cells', limit: this.limits.maxCells })
    if (typeof value === 'string' && value.length > this.limits.maxCellChars)
      throw this.over({
        what: '单元格字符数',
        whatEn: 'characters in a cell',
        limit: this.limits.maxCellChars,
        row: rowNo,
        column: col + 1,
      })
  }
  private over(d: Record<string, unknown>): AppError {
    return new AppError('IMPORT_TOO_LARGE', { file: this.file, ...d })
  }
}

export function decodeText(buf: Buffer): { text: string; encoding: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf)
    if (text.charCodeAt(0) === 0xfeff) return { text: text.slice(1), encoding: 'utf-8-bom' }
    return { text, encoding: 'utf-8' }
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' }
  }
}

const isEmpty = (cells: Raw[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))

export function readCsv(name: string, buf: Buffer, limits: ReadLimits = NO_LIMITS): Sheet {
  const budget = new Budget(name, limits)
  const { text, encoding } = decodeText(buf)
  // Most exports have no quoted fields: split them directly (csv-parse is ~20× slower); otherwise parse properly.
  const records = text.includes('"')
    ? (parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][])
    : text.split(/\r?\n/).map((line) => line.split(','))
  if (records.length > 1 && records[records.length - 1]?.join('') === '') records.pop()
  const headers = (records[0] ?? []).map((h) => String(h).trim())
  const rows: SheetRow[] = []
  for (let i = 1; i < records.length; i++) {
    const cells = records[i] as Raw[]
    budget.row()
    for (let c = 0; c < cells.length; c++) budget.cell(cells[c], i + 1, c)
    if (!isEmpty(cells)) rows.push({ rowNo: i + 1, cells })
  }
  return { name, headers, rows, notes: [], encoding }
}

function cellValue(v: ExcelJS.CellValue): { value: Raw; formula: boolean } {
  if (v === null || v === undefined) return { value: null, formula: false }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date)
    return { value: v, formula: false }
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: unknown }).result
      const inner = r !== null && typeof r === 'object' && !(r instanceof Date) ? null : ((r ?? null) as Raw)
      return { value: inner, formula: true }
    }
    if ('richText' in v) return { value: v.richText.map((t) => t.text).join(''), formula: false }
    if ('hyperlink' in v) return { value: String((v as { text?: unknown }).text ?? ''), formula: false }
    if ('error' in v) return { value: null, formula: false }
  }
  return { value: String(v), formula: false }
}

export async function readXlsx(buf: Buffer, limits: ReadLimits = NO_LIMITS, file = ''): Promise<Sheet[]> {
  const budget = new Budget(file, limits)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf as unknown as ArrayBuffer)
  const sheets: Sheet[] = []
  for (const ws of wb.worksheets) {
    const headers: string[] = []
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
      headers[col - 1] = String(cellValue(cell.value).value ?? '').trim()
    })
    const width = Math.max(headers.length, ws.columnCount)
    const rows: SheetRow[] = []
    const notes: ReadNote[] = []
    for (let r = 2; r <= ws.rowCount; r++) {
      budget.row()
      const row = ws.getRow(r)
      const cells: Raw[] = []
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c)
        let source = cell
        if (cell.isMerged && cell.master && cell.master.address !== cell.address) {
          source = cell.master
          if (source.value !== null && source.value !== undefined) notes.push({ rowNo: r, col: c - 1, code: 'MERGED' })
        }
        const { value, formula } = cellValue(source.value)
        budget.cell(value, r, c - 1)
        if (formula) notes.push({ rowNo: r, col: c - 1, code: 'FORMULA' })
        cells.push(value)
      }
      if (!isEmpty(cells)) rows.push({ rowNo: r, cells })
    }
    sheets.push({ name: ws.name, headers, rows, notes })
  }
  return sheets
}

/**
 * A workbook read row by row (exceljs `WorkbookReader`): the cell objects of one row at a time instead of the whole
 * workbook's object model, which for a million-row sheet is several GB. The streaming reader does not resolve merged
 * ranges (their `<mergeCells>` come after the rows), so a merged cell in a large file reads as empty below its first
 * row and is reported there (REQUIRED) instead of being filled in.
 */
export async function readXlsxStream(buf: Buffer, limits: ReadLimits = NO_LIMITS, file = ''): Promise<Sheet[]> {
  const budget = new Budget(file, limits)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  })
  const sheets: Sheet[] = []
  for await (const ws of reader) {
    const headers: string[] = []
    const rows: SheetRow[] = []
    const notes: ReadNote[] = []
    for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
      if (row.number === 1) {
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          headers[col - 1] = String(cellValue(cell.value).value ?? '').trim()
        })
        continue
      }
      budget.row()
      const width = Math.max(headers.length, row.cellCount)
      const cells: Raw[] = []
      for (let c = 1; c <= width; c++) {
        const { value, formula } = cellValue(row.getCell(c).value)
        budget.cell(value, row.number, c - 1)
        if (formula) notes.push({ rowNo: row.number, col: c - 1, code: 'FORMULA' })
        cells.push(value)
      }
      if (!isEmpty(cells)) rows.push({ rowNo: row.number, cells })
    }
    sheets.push({ name: (ws as unknown as { name: string }).name, headers, rows, notes })
  }
  return sheets
}

/**
 * Workbooks above this size are read as a stream (row by row); smaller ones whole, with merged cells resolved. A
 * workbook is compressed about 30 times: 8 MB loaded whole was 3 M cells and 2.3 GB (issue 17), 1 MB is at most some
 * hundred MB of cell objects, in the reading worker.
 */
export const STREAM_XLSX_BYTES = 1024 * 1024

export async function readFile(name: string, buf: Buffer, limits: ReadLimits = NO_LIMITS): Promise<Sheet[]> {
  if (/\.csv$/i.test(name)) return [readCsv(name.replace(/\.csv$/i, ''), buf, limits)]
  if (buf.subarray(0, 2).toString('latin1') === 'PK')
    return buf.length > STREAM_XLSX_BYTES ? readXlsxStream(buf, limits, name) : readXlsx(buf, limits, name)
  return [readCsv(name, buf, limits)]
}

/** Heap of the worker that reads one file: past it the read fails (IMPORT_TOO_LARGE) and the server is untouched. */
const READ_WORKER_HEAP_MB = 1024

/**
 * `readFile` in a worker thread (imports.read-worker.ts): the server's event loop keeps answering while a workbook
 * is parsed, the limits stop an oversized file early, and the worker's heap limit bounds what any file can allocate.
 */
export function readFileInWorker(name: string, buf: Buffer, limits: ReadLimits): Promise<Sheet[]> {
  const worker = startTsWorker(
    new URL('./imports.read-worker.ts', import.meta.url),
    { name, content: buf, limits },
    { resourceLimits: { maxOldGenerationSizeMb: READ_WORKER_HEAP_MB } },
  )
  type Reply =
    | { sheets: Sheet[] }
    | { error: { code?: ErrorCode; details?: Record<string, unknown>; message?: string } }
  return new Promise<Sheet[]>((resolve, reject) => {
    worker.once('message', (m: Reply) => {
      if ('sheets' in m) resolve(m.sheets)
      else reject(m.error.code ? new AppError(m.error.code, m.error.details) : new Error(m.error.message))
    })
    worker.once('error', (err: Error & { code?: string }) =>
      reject(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError('IMPORT_TOO_LARGE', {
              file: name,
              what: '读取所需内存',
              whatEn: 'memory needed to read it',
              limit: `${READ_WORKER_HEAP_MB} MB`,
            })
          : err,
      ),
    )
    worker.once('exit', (code) => reject(new Error(`the file reader stopped (exit code ${code})`)))
  }).finally(() => void worker.terminate())
}
