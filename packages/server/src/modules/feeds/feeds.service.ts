/**
 * Department feeds: an upload (file) or a push (JSON) is validated as a whole and accepted or rejected as a whole.
 * Accepted rows are matched to persons by the normalised ID number; matched rows are kept as feed records (the
 * evidence a warning shows), the others go to the unmatched queue with a reason. The batch, its issues, records,
 * queue entries and its audit row are written in one transaction. Then the touched households are screened.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { maskers } from '../../platform/privacy.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, can, requirePermission, scopeCondition } from '../auth/actor.ts'
import { readFile } from '../imports/imports.read.ts'
import { FEED_SOURCES, type FeedSource, feedSource } from './feeds.contracts.ts'
import type { FeedBatchRow, FeedIssueRow } from './feeds.table.ts'
import { type FeedIssue, type InputRow, rowsFromSheet, validateRows } from './feeds.validate.ts'

/** Largest number of rows one push may carry (larger data sets go through file upload). */
export const MAX_PUSH_ROWS = 50_000

export function sourceFor(actor: Actor, key: string): FeedSource {
  requirePermission(actor, 'feed.submit')
  const source = feedSource(key)
  if (!source) {
    throw new AppError('VALIDATION_FAILED', {
      summary: `未知的数据来源 ${key}（可选：${FEED_SOURCES.map((s) => s.key).join(', ')}）`,
    })
  }
  // An HRSS officer submits the employment feed only; department data providers submit any source.
  if (!actor.roles.includes('DEPT_DATA_PROVIDER') && !actor.roles.includes('COUNTY_RR_ADMIN') && key !== 'HRSS') {
    throw new AppError('FORBIDDEN', { reason: `只能报送人社数据，不能报送 ${source.title.zh}` })
  }
  return source
}

export interface IngestResult {
  batch: FeedBatchRow
  issues: FeedIssue[]
  households: string[]
}

const reasonText = {
  NOT_FOUND: { zh: '农户库中无此身份证号', en: 'No person with this ID number in the registry' },
  PERSON_INACTIVE: { zh: '此人已自然减少（死亡、迁出等）', en: 'This person has left the registry (natural decrease)' },
  OUT_OF_SCOPE: { zh: '此人不在您的报送区域内', en: 'This person lives outside the area you report for' },
} as const

/** Reads an uploaded file (xlsx/csv, GBK detected) with the imports reader and ingests its first sheet. */
export async function ingestFile(
  deps: AppDeps,
  actor: Actor,
  key: string,
  file: { name: string; content: Buffer },
): Promise<IngestResult> {
  const source = sourceFor(actor, key)
  const sheets = await readFile(file.name, file.content)
  const sheet = sheets.find((s) => s.rows.length > 0) ?? sheets[0]
  if (!sheet) throw new AppError('VALIDATION_FAILED', { summary: '文件中没有工作表 / the file has no sheet' })
  const { rows, issues } = rowsFromSheet(source, sheet)
  return ingest(deps, actor, source, { channel: 'FILE', fileName: file.name, rows, headerIssues: issues })
}

/** A JSON push: rows keyed by field name, numbered from 1. */
export async function ingestPush(
  deps: AppDeps,
  actor: Actor,
  key: string,
  records: ReadonlyArray<Record<string, unknown>>,
): Promise<IngestResult> {
  const source = sourceFor(actor, key)
  if (records.length > MAX_PUSH_ROWS) throw new AppError('PAYLOAD_TOO_LARGE')
  const rows: InputRow[] = records.map((r, i) => {
    const cells: InputRow['cells'] = {}
    for (const f of source.fields) {
      const v = r[f.field]
      cells[f.field] = v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as never)
    }
    return { rowNo: i + 1, cells }
  })
  return ingest(deps, actor, source, { channel: 'PUSH', fileName: null, rows, headerIssues: [] })
}

async function ingest(
  deps: AppDeps,
  actor: Actor,
  source: FeedSource,
  input: { channel: 'FILE' | 'PUSH'; fileName: string | null; rows: InputRow[]; headerIssues: FeedIssue[] },
): Promise<IngestResult> {
  const today = chinaDate(deps.clock.now())
  const v = validateRows(source, input.rows, today)
  const issues = [...input.headerIssues, ...v.issues]
  if (input.rows.length === 0)
    issues.push({
      rowNo: 1,
      column: null,
      value: null,
      code: 'EMPTY',
      message: '没有数据行。',
      messageEn: 'There are no data rows.',
    })
  const id = randomUUID()
  const now = deps.clock.now()

  // Match by normalised ID number: an active person in scope, else the reason why not.
  const ids = [...new Set(v.rows.map((r) => r.idNumber))]
  const persons = new Map<
    string,
    { id: string; household_id: string; county_code: string; region_code: string; status: string }
  >()
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000)
    if (!chunk.length) continue
    const found = await deps.db
      .selectFrom('person')
      .select(['id', 'id_number', 'household_id', 'county_code', 'region_code', 'status'])
      .where('id_number', 'in', chunk)
      .execute()
    for (const p of found) {
      const prev = persons.get(p.id_number)
      if (!prev || (prev.status !== 'ACTIVE' && p.status === 'ACTIVE')) persons.set(p.id_number, p)
    }
  }
  // Rows received before (same source, same content) are skipped: a re-sent file or push is harmless.
  const hashes = v.rows.map((r) => r.hash)
  const known = new Set<string>()
  for (let i = 0; i < hashes.length; i += 5000) {
    const chunk = hashes.slice(i, i + 5000)
    if (!chunk.length) continue
    const rows = await deps.db
      .selectFrom('feed_record')
      .select('row_hash')
      .where('source', '=', source.key)
      .where('row_hash', 'in', chunk)
      .execute()
    for (const r of rows) known.add(r.row_hash)
    const queued = await deps.db
      .selectFrom('feed_unmatched')
      .select('row_hash')
      .where('source', '=', source.key)
      .where('row_hash', 'in', chunk)
      .execute()
    for (const r of queued) known.add(r.row_hash)
  }

  const rejected = issues.length > 0
  const records: Array<Record<string, unknown>> = []
  const unmatched: Array<Record<string, unknown>> = []
  let skipped = 0
  let maxDate: string | null = null
  if (!rejected) {
    for (const r of v.rows) {
      if (known.has(r.hash)) {
        skipped++
        continue
      }
      if (!maxDate || r.dataDate > maxDate) maxDate = r.dataDate
      const p = persons.get(r.idNumber)
      const reason = !p
        ? 'NOT_FOUND'
        : p.status !== 'ACTIVE'
          ? 'PERSON_INACTIVE'
          : !p.region_code.startsWith(actor.scope)
            ? 'OUT_OF_SCOPE'
            : null
      if (reason || !p) {
        const why = reasonText[reason ?? 'NOT_FOUND']
        unmatched.push({
          id: randomUUID(),
          batch_id: id,
          source: source.key,
          scope: actor.scope,
          row_no: r.rowNo,
          id_number: r.idNumber,
          name: (r.values.name as string | null) ?? null,
          data_date: r.dataDate,
          reason: reason ?? 'NOT_FOUND',
          message: why.zh,
          message_en: why.en,
          fields: JSON.stringify(r.values),
          row_hash: r.hash,
          created_at: now,
        })
        continue
      }
      const sig = source.signal(r.values)
      records.push({
        id: randomUUID(),
        batch_id: id,
        source: source.key,
        signal: sig?.signal ?? null,
        amount: sig?.amount ?? null,
        person_id: p.id,
        household_id: p.household_id,
        county_code: p.county_code,
        region_code: p.region_code,
        data_date: r.dataDate,
        fields: JSON.stringify(r.values),
        row_hash: r.hash,
        created_at: now,
      })
    }
  }

  const batch = await deps.db.transaction().execute(async (trx) => {
    const b = await trx
      .insertInto('feed_batch')
      .values({
        id,
        source: source.key,
        channel: input.channel,
        scope: actor.scope,
        file_name: input.fileName,
        status: rejected ? 'rejected' : 'accepted',
        total_rows: input.rows.length,
        matched_rows: records.length,
        unmatched_rows: unmatched.length,
        skipped_rows: skipped,
        error_rows: v.errorRows + (input.headerIssues.length ? input.rows.length - v.errorRows : 0),
        max_data_date: maxDate,
        created_by: actor.userId,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    for (let i = 0; i < issues.length; i += 2000) {
      await trx
        .insertInto('feed_issue')
        .values(
          issues.slice(i, i + 2000).map((x, k) => ({
            batch_id: id,
            seq: i + k + 1,
            row_no: x.rowNo,
            column_name: x.column,
            value: x.value,
            code: x.code,
            message: x.message,
            message_en: x.messageEn,
          })),
        )
        .execute()
    }
    for (let i = 0; i < records.length; i += 2000)
      await trx
        .insertInto('feed_record')
        .values(records.slice(i, i + 2000) as never)
        .execute()
    for (let i = 0; i < unmatched.length; i += 2000)
      await trx
        .insertInto('feed_unmatched')
        .values(unmatched.slice(i, i + 2000) as never)
        .execute()
    await recordAudit(trx, deps, actor, {
      action: rejected ? 'feed.reject' : 'feed.accept',
      subjectType: 'feed_batch',
      subjectId: id,
      regionCode: actor.regionCode,
      after: {
        source: source.key,
        channel: input.channel,
        fileName: input.fileName,
        totalRows: input.rows.length,
        matched: records.length,
        unmatched: unmatched.length,
        skipped,
        issues: issues.length,
      },
    })
    return b
  })
  const households = [...new Set(records.map((r) => r.household_id as string))]
  return { batch, issues, households }
}

export async function findBatch(
  deps: AppDeps,
  actor: Actor,
  id: string,
): Promise<{ batch: FeedBatchRow; issues: FeedIssueRow[] }> {
  const batch = await deps.db
    .selectFrom('feed_batch')
    .selectAll()
    .where('id', '=', id)
    .where(scopeCondition(actor, 'scope'))
    .executeTakeFirst()
  if (!batch) throw new AppError('NOT_FOUND', { what: '数据批次', whatEn: 'feed batch' })
  const issues = await deps.db.selectFrom('feed_issue').selectAll().where('batch_id', '=', id).orderBy('seq').execute()
  return { batch, issues }
}

export interface Freshness {
  source: string
  lastDataDate: string | null
  lastReceivedAt: string | null
  batches: number
  rows: number
  matched: number
  unmatched: number
  matchRate: number | null
}

/** Per source: last data date, rows received and the match rate, over the accepted batches in the actor's scope. */
export async function freshness(deps: AppDeps, actor: Actor): Promise<Freshness[]> {
  const rows = await deps.db
    .selectFrom('feed_batch')
    .select([
      'source',
      sql<string | null>`max(max_data_date)::text`.as('last_date'),
      sql<Date | null>`max(created_at)`.as('last_at'),
      sql<string>`count(*)`.as('batches'),
      sql<string>`coalesce(sum(total_rows), 0)`.as('rows'),
      sql<string>`coalesce(sum(matched_rows), 0)`.as('matched'),
      sql<string>`coalesce(sum(unmatched_rows), 0)`.as('unmatched'),
    ])
    .where('status', '=', 'accepted')
    .where(scopeCondition(actor, 'scope'))
    .groupBy('source')
    .execute()
  const by = new Map(rows.map((r) => [r.source, r]))
  return FEED_SOURCES.map((s) => {
    const r = by.get(s.key)
    const matched = Number(r?.matched ?? 0)
    const unmatched = Number(r?.unmatched ?? 0)
    return {
      source: s.key,
      lastDataDate: r?.last_date ?? null,
      lastReceivedAt: r?.last_at ? new Date(r.last_at).toISOString() : null,
      batches: Number(r?.batches ?? 0),
      rows: Number(r?.rows ?? 0),
      matched,
      unmatched,
      matchRate: matched + unmatched > 0 ? matched / (matched + unmatched) : null,
    }
  })
}

/** The unmatched queue in the actor's scope; ID numbers shown in full only to the providers who sent them. */
export async function unmatchedQueue(deps: AppDeps, actor: Actor, opts: { source?: string; limit?: number }) {
  requirePermission(actor, 'feed.submit')
  let q = deps.db
    .selectFrom('feed_unmatched')
    .selectAll()
    .where(scopeCondition(actor, 'scope'))
    .where('status', '=', 'OPEN')
    .orderBy('created_at', 'desc')
    .limit(opts.limit ?? 200)
  if (opts.source) q = q.where('source', '=', opts.source)
  const rows = await q.execute()
  const full =
    can(actor, 'pii.reveal') || actor.roles.includes('DEPT_DATA_PROVIDER') || actor.roles.includes('HRSS_OFFICER')
  return rows.map((r) => ({
    id: r.id,
    batchId: r.batch_id,
    source: r.source,
    rowNo: r.row_no,
    idNumber: full ? r.id_number : maskers.idNumber(r.id_number),
    name: r.name,
    dataDate: r.data_date,
    reason: r.reason,
    message: r.message,
    messageEn: r.message_en,
    createdAt: r.created_at.toISOString(),
  }))
}
