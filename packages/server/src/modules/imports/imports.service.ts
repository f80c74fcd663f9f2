/**
 * Household imports in the national layouts: upload (the files are kept in the database), a validation job that
 * writes a report per row and column, and a commit job (all rows or only the valid households) that upserts by
 * 户编号 and 证件号码 in one transaction for the whole batch (imports.commit.ts), recorded in `import_commit_chunk`,
 * so a crash leaves all or nothing, a re-run does not write twice, and a re-import of the same file changes nothing.
 */
import { createHash, randomUUID } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import { loadConfig } from '../../platform/config.ts'
import type { Database } from '../../platform/database.ts'
import { dedicatedConnection } from '../../platform/db.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import type { JobIo } from '../../platform/jobs.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, can, requirePermission } from '../auth/actor.ts'
import type { HouseholdRow } from '../households/households.table.ts'
import { bulkInsert } from './imports.bulk.ts'
import { type CommitHooks, type CommitResult, commitHouseholds, copySink, insertSink } from './imports.commit.ts'
import { type ReadLimits, readFileInWorker } from './imports.read.ts'
import type { ImportBatchRow } from './imports.table.ts'
import {
  type FileHousehold,
  type ParsedFile,
  type RowIssue,
  validateSheets,
  validHouseholds,
} from './imports.validate.ts'
import { maskerOfHeader, reportWorkbook } from './imports.xlsx.ts'

type Trx = Transaction<Database>
type Db = Kysely<Database> | Trx

export type CommitMode = 'all' | 'valid'

const notFound = () => new AppError('NOT_FOUND', { what: '导入批次', whatEn: 'Import' })

export async function findBatch(db: Db, actor: Actor, id: string): Promise<ImportBatchRow> {
  const row = await db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row?.scope.startsWith(actor.scope)) throw notFound()
  return row
}

/** Stores the uploaded files as a new batch. The caller queues the validation. */
export async function createBatch(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  files: ReadonlyArray<{ name: string; content: Buffer }>,
): Promise<ImportBatchRow> {
  requirePermission(actor, 'household.edit')
  if (files.length === 0)
    throw new AppError('VALIDATION_FAILED', { summary: '请上传 .xlsx 或 .csv 文件 / upload an .xlsx or .csv file' })
  for (const f of files) {
    if (!/\.(xlsx|csv)$/i.test(f.name))
      throw new AppError('VALIDATION_FAILED', {
        summary: `${f.name}：只支持 .xlsx 和 .csv / only .xlsx and .csv files are accepted`,
      })
  }
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto('import_batch')
      .values({
        id: randomUUID(),
        county_code: actor.scope.length >= 6 ? actor.scope.slice(0, 6) : null,
        scope: actor.scope,
        file_name: files.map((f) => f.name).join(', '),
        status: 'uploaded',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    const stored: Array<{ name: string; bytes: number; sha256: string }> = []
    for (const f of files) {
      const sha256 = createHash('sha256').update(f.content).digest('hex')
      await trx
        .insertInto('import_file')
        .values({ id: randomUUID(), batch_id: batch.id, name: f.name, content: f.content, sha256 })
        .execute()
      stored.push({ name: f.name, bytes: f.content.length, sha256 })
    }
    await recordAudit(trx, deps, actor, {
      action: 'import.upload',
      subjectType: 'import_batch',
      subjectId: batch.id,
      regionCode: actor.scope.padEnd(12, '0'),
      after: { files: stored },
    })
    return batch
  })
}

export interface Analysis {
  parsed: ParsedFile
  /** Existing households by number. */
  existing: Map<string, HouseholdRow>
  valid: FileHousehold[]
}

const issue = (
  at: { sheet: string; rowNo: number },
  column: string | null,
  value: string | null,
  code: string,
  zh: string,
  en: string,
): RowIssue => ({ sheet: at.sheet, row: at.rowNo, column, value, code, severity: 'error', message: zh, messageEn: en })

function* chunks<T>(list: readonly T[], n: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += n) yield list.slice(i, i + n)
}

/** The reading limits of the running server's configuration (README settings table). */
export const readLimits = (): ReadLimits => loadConfig().imports

/** Parses and validates the batch's files, then checks them against the database (set-based, no query per row). */
export async function analyse(db: Db, batch: ImportBatchRow, today: string): Promise<Analysis> {
  const files = await db
    .selectFrom('import_file')
    .select(['name', 'content'])
    .where('batch_id', '=', batch.id)
    .execute()
  const sheets: Awaited<ReturnType<typeof readFileInWorker>> = []
  // one file at a time, each in a worker thread: the server keeps answering, and only one workbook is in memory
  for (const f of files) sheets.push(...(await readFileInWorker(f.name, Buffer.from(f.content), readLimits())))
  const parsed = validateSheets(sheets, { today })
  const push = (i: RowIssue) => {
    parsed.issues.push(i)
    parsed.invalidRows.add(`${i.sheet}:${i.row}`)
  }
  for (const name of parsed.unknownSheets) {
    parsed.issues.push({
      sheet: name,
      row: 1,
      column: null,
      value: null,
      code: 'SHEET_UNKNOWN',
      severity: 'warning',
      message: `工作表“${name}”的表头既不是户表也不是家庭成员表，已忽略`,
      messageEn: `sheet "${name}" matches neither the household nor the member layout and was ignored`,
    })
  }
  const households = [...parsed.households.values()]
  // Regions: village level, known, inside the uploader's scope.
  const codes = [...new Set(households.flatMap((h) => (h.household ? [h.household.regionCode] : [])))]
  const regions = new Map<string, number>()
  for (const part of chunks(codes, 5000)) {
    const rows = await db
      .selectFrom('region')
      .select(['code', 'level'])
      .where('code', 'in', part)
      .where('valid_to', 'is', null)
      .execute()
    for (const r of rows) regions.set(r.code, r.level)
  }
  // Existing households, joined on the file's numbers.
  const existing = new Map<string, HouseholdRow>()
  for (const part of chunks(households, 20000)) {
    const nos = JSON.stringify(part.map((h) => ({ no: h.householdNo })))
    const rows = await sql<HouseholdRow>`
      select h.* from household h join json_to_recordset(${nos}::json) as s(no text) on h.household_no = s.no`.execute(
      db,
    )
    for (const r of rows.rows) existing.set(r.household_no, r)
  }
  // ID numbers active in another household.
  const idOwner = new Map<string, string>()
  const members = households.flatMap((h) => h.members)
  for (const part of chunks(members, 20000)) {
    const ids = JSON.stringify(part.map((m) => ({ id: m.idNumber })))
    const rows = await sql<{ id_number: string; household_no: string }>`
      select p.id_number, h.household_no from person p
        join json_to_recordset(${ids}::json) as s(id text) on p.id_number = s.id
        join household h on h.id = p.household_id
      where p.status = 'ACTIVE'`.execute(db)
    for (const r of rows.rows) idOwner.set(r.id_number, r.household_no)
  }
  for (const h of households) {
    const hr = h.household
    const ex = existing.get(h.householdNo)
    const first = hr ?? h.members[0]
    if (!first) continue
    if (hr) {
      const level = regions.get(hr.regionCode)
      if (level === undefined)
        push(
          issue(
            hr,
            '行政区划代码',
            hr.regionCode,
            'REGION_UNKNOWN',
            `区划代码 ${hr.regionCode} 不存在或已撤销`,
            `region code ${hr.regionCode} does not exist or was abolished`,
          ),
        )
      else if (level !== 5)
        push(
          issue(
            hr,
            '行政区划代码',
            hr.regionCode,
            'REGION_NOT_VILLAGE',
            `区划代码 ${hr.regionCode} 不是村级（第5级）`,
            `region code ${hr.regionCode} is not a village (level 5)`,
          ),
        )
      else if (!hr.regionCode.startsWith(batch.scope))
        push(
          issue(
            hr,
            '行政区划代码',
            hr.regionCode,
            'REGION_OUT_OF_SCOPE',
            `区划 ${hr.regionCode} 不在您的管辖范围内`,
            `region ${hr.regionCode} is outside your area`,
          ),
        )
      if (ex && ex.region_code !== hr.regionCode && ex.region_code.startsWith(batch.scope))
        push(
          issue(
            hr,
            '行政区划代码',
            hr.regionCode,
            'REGION_CHANGED',
            `户 ${h.householdNo} 已登记在 ${ex.region_code}；跨村迁移请使用分户/迁移功能`,
            `household ${h.householdNo} is registered in ${ex.region_code}; move it with the transfer functions`,
          ),
        )
    }
    if (ex && !ex.region_code.startsWith(batch.scope))
      push(
        issue(
          first,
          '户编号',
          h.householdNo,
          'HOUSEHOLD_OUT_OF_SCOPE',
          `户编号 ${h.householdNo} 已被管辖范围外的户使用`,
          `household number ${h.householdNo} belongs to a household outside your area`,
        ),
      )
    else if (ex && ex.status !== 'ACTIVE')
      push(
        issue(
          first,
          '户编号',
          h.householdNo,
          'HOUSEHOLD_INACTIVE',
          `户 ${h.householdNo} 已注销或合并（${ex.status}）`,
          `household ${h.householdNo} is ${ex.status}`,
        ),
      )
    if (!ex && !hr) {
      for (const m of h.members)
        push(
          issue(
            m,
            '户编号',
            h.householdNo,
            'HOUSEHOLD_MISSING',
            `户编号 ${h.householdNo} 既不在户表中，也未登记`,
            `household ${h.householdNo} is neither in the household sheet nor registered`,
          ),
        )
    }
    for (const m of h.members) {
      const owner = idOwner.get(m.idNumber)
      if (owner && owner !== h.householdNo)
        push(
          issue(
            m,
            m.sheet === hr?.sheet ? '户主证件号码' : '证件号码',
            m.idNumber,
            'ID_IN_OTHER_HOUSEHOLD',
            `证件号码已登记在户 ${owner} 的在册成员中（一人只能属于一户）`,
            `this ID number belongs to an active member of household ${owner}`,
          ),
        )
    }
  }
  return { parsed, existing, valid: validHouseholds(parsed) }
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const

/** Validation job body: analyse, store the issues, update the counts. */
export async function runValidation(io: JobIo, batchId: string): Promise<ReturnType<typeof summarise>> {
  const { db } = io
  const batch = await db.selectFrom('import_batch').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow()
  await db
    .updateTable('import_batch')
    .set({ status: 'validating', job_id: io.jobId, updated_at: io.clock.now() })
    .where('id', '=', batchId)
    .execute()
  try {
    await io.progress(0.05, '读取文件 / reading')
    const a = await analyse(db, batch, chinaDate(io.clock.now()))
    await io.progress(0.7, '写入校验报告 / writing the report')
    const counts = summarise(a)
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('import_row_issue').where('batch_id', '=', batchId).execute()
      const sorted = [...a.parsed.issues].sort(
        (x, y) =>
          x.sheet.localeCompare(y.sheet) || x.row - y.row || SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity],
      )
      await bulkInsert(
        trx,
        'import_row_issue',
        sorted.map((i, seq) => ({
          batch_id: batchId,
          seq,
          sheet: i.sheet,
          row_no: i.row,
          column_name: i.column,
          value: i.value,
          code: i.code,
          severity: i.severity,
          message: i.message,
          message_en: i.messageEn,
        })),
        10000,
      )
      await trx
        .updateTable('import_batch')
        .set({
          status: 'validated',
          total_rows: counts.totalRows,
          valid_rows: counts.validRows,
          invalid_rows: counts.invalidRows,
          households: counts.households,
          valid_households: counts.validHouseholds,
          updated_at: io.clock.now(),
        })
        .where('id', '=', batchId)
        .execute()
    })
    return counts
  } catch (err) {
    await db
      .updateTable('import_batch')
      .set({
        status: 'failed',
        error:
          err instanceof AppError ? `${err.messageIn('zh-CN')} / ${err.messageIn('en-US')}` : (err as Error).message,
        updated_at: io.clock.now(),
      })
      .where('id', '=', batchId)
      .execute()
    throw err
  }
}

function summarise(a: Analysis) {
  const invalid = a.parsed.allRows.filter((r) => a.parsed.invalidRows.has(r)).length
  return {
    totalRows: a.parsed.allRows.length,
    validRows: a.parsed.allRows.length - invalid,
    invalidRows: invalid,
    households: a.parsed.households.size,
    validHouseholds: a.valid.length,
  }
}

/** Commit job body: analyse again (the database may have changed), then chunk by chunk. */
export async function runCommit(
  io: JobIo,
  batchId: string,
  mode: CommitMode,
  hooks: Pick<CommitHooks, 'afterRows'> = {},
): Promise<CommitResult & { invalidRows: number }> {
  const { db } = io
  const batch = await db.selectFrom('import_batch').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow()
  await db
    .updateTable('import_batch')
    .set({ status: 'committing', mode, job_id: io.jobId, updated_at: io.clock.now() })
    .where('id', '=', batchId)
    .execute()
  try {
    await io.progress(0.02, '校验 / validating')
    const a = await analyse(db, batch, chinaDate(io.clock.now()))
    const counts = summarise(a)
    await io.progress(0.1, `校验完成 / validated: ${counts.validHouseholds} households`)
    if (mode === 'all' && counts.invalidRows > 0) {
      throw new AppError('VALIDATION_FAILED', {
        summary: `有 ${counts.invalidRows} 行未通过校验，“全部导入”未写入任何数据 / ${counts.invalidRows} rows are invalid; mode "all" committed nothing`,
      })
    }
    const list = a.valid.sort((x, y) => (x.householdNo < y.householdNo ? -1 : 1))
    // The whole batch is one transaction: a crash or restart leaves all of it or nothing. On PostgreSQL it runs on a
    // connection of its own so the rows go in by COPY; the embedded database inserts them as JSON row sets.
    const conn = await dedicatedConnection(db)
    try {
      await (conn?.db ?? db).transaction().execute(async (trx) => {
        const done = await trx
          .selectFrom('import_commit_chunk')
          .select('chunk')
          .where('batch_id', '=', batchId)
          .executeTakeFirst()
        if (done) return
        const r = await commitHouseholds(trx, io, io.actor, list, conn ? copySink(conn.client) : insertSink(trx), {
          // Progress rows go through the other connections; the embedded database has only the one this holds.
          ...(conn ? { progress: (f: number, m: string) => io.progress(0.1 + 0.9 * f, m) } : {}),
          ...(hooks.afterRows ? { afterRows: hooks.afterRows } : {}),
        })
        await trx
          .insertInto('import_commit_chunk')
          .values({ batch_id: batchId, chunk: 0, ...r, committed_at: io.clock.now() })
          .execute()
      })
    } finally {
      conn?.release()
    }
    await io.progress(1, `已提交 ${list.length} 户 / ${list.length} households committed`)
    const sums = await db
      .selectFrom('import_commit_chunk')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('created'), sql<number>`0`).as('created'),
        eb.fn.coalesce(eb.fn.sum<number>('updated'), sql<number>`0`).as('updated'),
        eb.fn.coalesce(eb.fn.sum<number>('skipped'), sql<number>`0`).as('skipped'),
      ])
      .where('batch_id', '=', batchId)
      .executeTakeFirstOrThrow()
    const result = {
      created: Number(sums.created),
      updated: Number(sums.updated),
      skipped: Number(sums.skipped),
      invalidRows: counts.invalidRows,
    }
    await db
      .updateTable('import_batch')
      .set({ status: 'committed', result: JSON.stringify(result), error: null, updated_at: io.clock.now() })
      .where('id', '=', batchId)
      .execute()
    return result
  } catch (err) {
    const message = err instanceof AppError ? err.messageIn('zh-CN') : (err as Error).message
    await db
      .updateTable('import_batch')
      .set({ status: 'validated', error: message, updated_at: io.clock.now() })
      .where('id', '=', batchId)
      .execute()
    throw err
  }
}

/**
 * The batch with its issues (first `limit`), for the API: an issue's value in a column of personal data is masked
 * for a role without `pii.reveal`.
 */
export async function report(db: Db, actor: Actor, id: string, limit = 5000) {
  const batch = await findBatch(db, actor, id)
  const rows = await db
    .selectFrom('import_row_issue')
    .selectAll()
    .where('batch_id', '=', id)
    .orderBy('seq')
    .limit(limit)
    .execute()
  const reveal = can(actor, 'pii.reveal')
  const issues = rows.map((i) => {
    const mask = reveal || i.value === null ? undefined : maskerOfHeader(i.column_name)
    return mask ? { ...i, value: mask(i.value!) } : i
  })
  return { batch, issues }
}

/**
 * The validation report workbook of a batch the actor may see (inside their area, as `findBatch`): the uploaded rows
 * with personal data masked unless the role has `pii.reveal`; every download is audited (`import.report`).
 */
export async function reportDownload(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, id: string): Promise<Buffer> {
  const batch = await findBatch(deps.db, actor, id)
  const files = await deps.db.selectFrom('import_file').select(['name', 'content']).where('batch_id', '=', id).execute()
  const issues = await deps.db
    .selectFrom('import_row_issue')
    .select(['sheet', 'row_no', 'column_name', 'severity', 'message', 'message_en'])
    .where('batch_id', '=', id)
    .orderBy('seq')
    .execute()
  const mask = !can(actor, 'pii.reveal')
  const buf = await reportWorkbook(
    files.map((f) => ({ name: f.name, content: Buffer.from(f.content) })),
    issues,
    { mask, limits: readLimits() },
  )
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, deps, actor, {
      action: mask ? 'import.report' : 'pii.export',
      subjectType: 'import_batch',
      subjectId: batch.id,
      regionCode: batch.scope.padEnd(12, '0'),
      after: { masked: mask, uploadedBy: batch.created_by, own: batch.created_by === actor.userId },
    }),
  )
  return buf
}

/** A job context for running the import steps in the calling process (CLI, benchmarks): no job row, progress to `log`. */
export function directIo(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  log: (message: string) => void = () => {},
): JobIo {
  return {
    jobId: randomUUID(),
    db: deps.db,
    clock: deps.clock,
    actor,
    progress: async (fraction, message) => log(`${Math.round(fraction * 100)}% ${message ?? ''}`),
    step: (_key, fn) => fn(),
  }
}
