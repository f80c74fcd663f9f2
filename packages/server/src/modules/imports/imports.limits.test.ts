/**
 * Imports that cannot exhaust the server (issue 17, finding 7): a workbook is read in a worker thread under row,
 * cell and cell-length limits, so an oversized one is refused with a clear error while the event loop keeps
 * answering; an upload carries at most two files within the size limit. (The file had 3 M cells in 7.8 MB;
 * here 100,000 cells against a limit of 50,000.)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { AppError } from '../../platform/errors.ts'
import { readFileInWorker } from './imports.read.ts'

const t = useTestPlatform()
const LIMITS = { maxRows: 1_000_000, maxCells: 50_000, maxCellChars: 2_000 }

/** A member sheet of `rows` × 20 columns (100,000 cells at 5,000 rows). */
async function bigWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('家庭成员')
  ws.addRow(['户编号', '姓名', '证件号码', '与户主关系', ...Array.from({ length: 16 }, (_, i) => `备注${i}`)])
  for (let r = 0; r < rows; r++)
    ws.addRow([
      `${R.village}${r}`,
      `马${r}`,
      `62292619800101${String(r).padStart(4, '0')}`,
      '户主',
      ...Array(16).fill(r),
    ])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Runs `fn` and reports the longest stall of this thread's event loop meanwhile. */
async function maxStall<T>(fn: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; stallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 })
  h.enable()
  const [result] = await Promise.allSettled([fn()])
  h.disable()
  return { result, stallMs: h.max / 1e6 }
}

let big: Buffer
beforeAll(async () => {
  big = await bigWorkbook(5_000)
}, 120_000)

describe('reading an oversized workbook', () => {
  test('100,000 cells against a 50,000-cell limit: refused with IMPORT_TOO_LARGE, the event loop never stalls 500 ms', async () => {
    const { result, stallMs } = await maxStall(() => readFileInWorker('big.xlsx', big, LIMITS))
    expect(result.status).toBe('rejected')
    const err = (result as PromiseRejectedResult).reason as AppError
    expect(err).toBeInstanceOf(AppError)
    expect(err.code).toBe('IMPORT_TOO_LARGE')
    expect(err.messageIn('zh-CN')).toMatch(/单元格数不得超过 50000/)
    expect(err.messageIn('en-US')).toMatch(/cells at most 50000/)
    console.log(JSON.stringify({ cells: 100_000, bytes: big.length, stallMs }))
    // read in this thread the same file stalls it 1–3 s; 500 ms leaves room for a loaded two-core CI machine (the
    // worker's start and the preemption of this process show as delay too; unloaded it is well under 100 ms)
    expect(stallMs).toBeLessThan(500)
  }, 60_000)

  test('within the limits the same workbook reads whole in the worker', async () => {
    const sheets = await readFileInWorker('big.xlsx', big, { ...LIMITS, maxCells: 200_000 })
    expect(sheets[0]?.rows).toHaveLength(5_000)
    expect(sheets[0]?.rows[4_999]?.cells[1]).toBe('马4999')
  }, 60_000)

  test('a cell longer than the limit is refused naming its row and column', async () => {
    const csv = Buffer.from(`户编号,姓名\n${R.village}1,${'马'.repeat(5_000)}\n`)
    await expect(readFileInWorker('家庭成员.csv', csv, LIMITS)).rejects.toMatchObject({
      code: 'IMPORT_TOO_LARGE',
      details: { row: 2, column: 2, limit: 2_000 },
    })
  })
})

describe('an import upload', () => {
  let s: Session
  const cells = process.env.XIANJIE_IMPORT_MAX_CELLS
  beforeAll(async () => {
    s = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    process.env.XIANJIE_IMPORT_MAX_CELLS = String(LIMITS.maxCells) // read by the validation job when it runs
  })
  afterAll(() => {
    if (cells === undefined) delete process.env.XIANJIE_IMPORT_MAX_CELLS
    else process.env.XIANJIE_IMPORT_MAX_CELLS = cells
  })

  function multipart(files: Array<{ name: string; content: Buffer }>) {
    const boundary = `----xj${Date.now()}`
    const parts: Buffer[] = []
    for (const f of files)
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        f.content,
        Buffer.from('\r\n'),
      )
    parts.push(Buffer.from(`--${boundary}--\r\n`))
    return t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat(parts),
    })
  }

  test('three files are refused (one workbook or its two CSV sheets)', async () => {
    const f = { name: 'a.csv', content: Buffer.from('户编号\n1\n') }
    const res = await multipart([f, f, f])
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('IMPORT_TOO_LARGE')
  })

  test('a file over XIANJIE_IMPORT_MAX_BYTES is refused', async () => {
    const res = await multipart([{ name: 'a.csv', content: Buffer.alloc(t.deps.config.imports.maxBytes + 1, 0x41) }])
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('IMPORT_TOO_LARGE')
    expect(await t.deps.db.selectFrom('import_file').select('id').where('name', '=', 'a.csv').execute()).toEqual([])
  }, 60_000)

  test('an oversized workbook fails its validation with the reason', async () => {
    const { result, stallMs } = await maxStall(async () => {
      const res = await multipart([{ name: 'big.xlsx', content: big }])
      expect(res.statusCode).toBe(200)
      await t.deps.jobs.idle()
      return (await t.call('GET', `/api/imports/${res.json().data.id}`, { as: s })).json().data
    })
    expect(result.status).toBe('fulfilled')
    const batch = (result as PromiseFulfilledResult<{ status: string; error: string }>).value
    expect(batch.status).toBe('failed')
    expect(batch.error).toMatch(/单元格数不得超过 50000/)
    // measured, not bounded: the whole upload also waits on the job queue and the database (53–240 ms on PGlite, one
    // 1.1 s on PostgreSQL with three suites running); the read itself is bounded in the first test
    console.log(JSON.stringify({ upload: 'big.xlsx', stallMs }))
  }, 120_000)
})
