import multipart from '@fastify/multipart'
import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { type App, actorOf, contentDisposition, XLSX_MEDIA_TYPE } from '../../platform/http.ts'
import { errorResponses, MapKey, single } from '../../platform/schema.ts'
import { requirePermission } from '../auth/actor.ts'
import { screenFeedBatchJob } from '../warnings/warnings.jobs.ts'
import { FEED_SOURCES, feedSource, feedSourceKeys } from './feeds.contracts.ts'
import { findBatch, freshness, type IngestResult, ingestFile, ingestPush, unmatchedQueue } from './feeds.service.ts'
import { feedTemplate, feedTemplateCsv } from './feeds.template.ts'

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024

const Issue = z.object({
  row: z.number().describe('Row in the file (header = 1) or index in the push (from 1)'),
  column: z.string().nullable(),
  value: z.string().nullable(),
  code: z.string().describe('MISSING_COLUMN, REQUIRED, INVALID_ID, INVALID_DATE, FUTURE_DATE, NEGATIVE_AMOUNT, …'),
  message: z.string(),
  messageEn: z.string(),
})
const BatchReport = z.object({
  id: z.string(),
  source: z.string(),
  channel: z.string(),
  fileName: z.string().nullable(),
  status: z.enum(['accepted', 'rejected']).describe('All-or-nothing: rejected batches store nothing but the report'),
  totalRows: z.number(),
  matchedRows: z.number(),
  unmatchedRows: z.number(),
  skippedRows: z.number().describe('Rows received before (same content), skipped'),
  errorRows: z.number(),
  maxDataDate: z.string().nullable(),
  screening: z.unknown().nullable(),
  jobId: z.string().nullable(),
  issues: z.array(Issue),
  createdAt: z.string(),
})
const SourceParams = z.object({ source: z.enum(feedSourceKeys) })

export function feedRoutes(app: App, deps: AppDeps): void {
  const tags = ['feeds']
  const submitter = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req)
    requirePermission(actor, 'feed.submit')
    return actor
  }
  const present = (
    b: IngestResult['batch'],
    issues: Array<{
      row_no?: number
      rowNo?: number
      column_name?: string | null
      column?: string | null
      value: string | null
      code: string
      message: string
      message_en?: string
      messageEn?: string
    }>,
    jobId: string | null,
  ) => ({
    id: b.id,
    source: b.source,
    channel: b.channel,
    fileName: b.file_name,
    status: b.status,
    totalRows: b.total_rows,
    matchedRows: b.matched_rows,
    unmatchedRows: b.unmatched_rows,
    skippedRows: b.skipped_rows,
    errorRows: b.error_rows,
    maxDataDate: b.max_data_date,
    screening: b.screening ?? null,
    jobId,
    issues: issues.map((i) => ({
      row: i.row_no ?? i.rowNo ?? 0,
      column: i.column_name ?? i.column ?? null,
      value: i.value,
      code: i.code,
      message: i.message,
      messageEn: i.message_en ?? i.messageEn ?? '',
    })),
    createdAt: b.created_at.toISOString(),
  })
  const afterIngest = async (actor: ReturnType<typeof actorOf>, r: IngestResult) => {
    if (r.batch.status !== 'accepted' || r.households.length === 0) return null
    const job = await deps.jobs.enqueue(
      screenFeedBatchJob,
      { batchId: r.batch.id, asOf: chinaDate(deps.clock.now()) },
      actor,
    )
    return job.id
  }

  app.get(
    '/api/feeds/sources',
    {
      config: { permission: 'feed.submit' },
      schema: {
        tags,
        summary: 'Data contracts of the department feeds with their freshness in your area',
        response: {
          200: single(
            z.array(
              z.object({
                key: z.string(),
                dept: z.object({ zh: z.string(), en: z.string() }),
                title: z.object({ zh: z.string(), en: z.string() }),
                fields: z.array(
                  z.object({
                    field: z.string(),
                    header: z.string(),
                    en: z.string(),
                    kind: z.string(),
                    required: z.boolean(),
                    codes: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })).optional(),
                  }),
                ),
                freshness: z.object({
                  lastDataDate: z.string().nullable(),
                  lastReceivedAt: z.string().nullable(),
                  batches: z.number(),
                  rows: z.number(),
                  matched: z.number(),
                  unmatched: z.number(),
                  matchRate: z.number().nullable(),
                }),
              }),
            ),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = submitter(req)
      const fresh = new Map((await freshness(deps, actor)).map((f) => [f.source, f]))
      return {
        data: FEED_SOURCES.map((s) => {
          const { source: _s, ...f } = fresh.get(s.key)!
          return {
            key: s.key,
            dept: s.dept,
            title: s.title,
            fields: s.fields.map((x) => ({
              field: x.field,
              header: x.header,
              en: x.en,
              kind: x.kind,
              required: x.required,
              ...(x.codes ? { codes: [...x.codes] } : {}),
            })),
            freshness: f,
          }
        }),
      }
    },
  )

  app.get(
    '/api/feeds/:source/template.:ext',
    {
      config: { permission: 'feed.submit' },
      schema: {
        tags,
        summary: 'File template of a source (.xlsx with drop-downs and a 说明 sheet, or .csv)',
        params: SourceParams.extend({ ext: z.enum(['xlsx', 'csv']) }),
      },
    },
    async (req, reply) => {
      submitter(req)
      const source = feedSource(req.params.source)!
      const name = `${source.dept.zh}-${source.title.zh}模板.${req.params.ext}`
      reply.header('content-disposition', contentDisposition(name))
      if (req.params.ext === 'csv')
        return reply.header('content-type', 'text/csv; charset=utf-8').send(feedTemplateCsv(source))
      return reply.header('content-type', XLSX_MEDIA_TYPE).send(await feedTemplate(source))
    },
  )

  app.post(
    '/api/feeds/:source/records',
    {
      config: { permission: 'feed.submit' },
      schema: {
        tags,
        summary: 'JSON push of feed rows (field names of the contract); all-or-nothing',
        params: SourceParams,
        body: z.object({
          records: z.array(z.record(MapKey, z.unknown())).min(1).max(50_000),
        }),
        response: { 200: single(BatchReport), ...errorResponses },
      },
      bodyLimit: 64 * 1024 * 1024,
    },
    async (req) => {
      const actor = submitter(req)
      const r = await ingestPush(deps, actor, req.params.source, req.body.records)
      const jobId = await afterIngest(actor, r)
      return { data: present(r.batch, r.issues, jobId) }
    },
  )

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })
    scope.post(
      '/api/feeds/:source/upload',
      {
        config: { permission: 'feed.submit' },
        schema: {
          tags,
          summary: 'Upload one .xlsx or .csv file (UTF-8 or GBK) of a source; all-or-nothing',
          consumes: ['multipart/form-data'],
          params: SourceParams,
          response: { 200: single(BatchReport), ...errorResponses },
        },
      },
      async (req) => {
        const actor = submitter(req)
        if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE')
        const part = await req.file()
        if (!part) throw new AppError('VALIDATION_FAILED', { summary: '未收到文件 / no file received' })
        const content = await part.toBuffer()
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE')
        const r = await ingestFile(deps, actor, (req.params as { source: string }).source, {
          name: part.filename,
          content,
        })
        const jobId = await afterIngest(actor, r)
        return { data: present(r.batch, r.issues, jobId) }
      },
    )
  })

  app.get(
    '/api/feeds/batches/:id',
    {
      config: { permission: 'feed.submit' },
      schema: {
        tags,
        params: z.object({ id: z.string().uuid() }),
        response: { 200: single(BatchReport), ...errorResponses },
      },
    },
    async (req) => {
      const actor = submitter(req)
      const { batch, issues } = await findBatch(deps, actor, req.params.id)
      return { data: present(batch, issues, null) }
    },
  )

  app.get(
    '/api/feeds/unmatched',
    {
      config: { permission: 'feed.submit' },
      schema: {
        tags,
        summary: 'Rows whose ID number matched no active person in your area, with the reason',
        querystring: z.object({ source: z.enum(feedSourceKeys).optional() }),
        response: {
          200: single(
            z.array(
              z.object({
                id: z.string(),
                batchId: z.string(),
                source: z.string(),
                rowNo: z.number(),
                idNumber: z.string(),
                name: z.string().nullable(),
                dataDate: z.string().nullable(),
                reason: z.string(),
                message: z.string(),
                messageEn: z.string(),
                createdAt: z.string(),
              }),
            ),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({
      data: await unmatchedQueue(deps, actorOf(req), req.query.source ? { source: req.query.source } : {}),
    }),
  )
}
