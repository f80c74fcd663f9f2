import { PassThrough } from 'node:stream'
import multipart from '@fastify/multipart'
import { z } from 'zod'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { type App, actorOf, contentDisposition, XLSX_MEDIA_TYPE } from '../../platform/http.ts'
import { errorResponses, single } from '../../platform/schema.ts'
import { requirePermission } from '../auth/actor.ts'
import { exportHouseholds, exportScope } from './exports.service.ts'
import { commitImportJob, validateImportJob } from './imports.jobs.ts'
import { createBatch, findBatch, report, reportDownload } from './imports.service.ts'
import { templateWorkbook } from './imports.xlsx.ts'

/** Files of one upload at most: one workbook, or the two CSV files of its sheets. */
export const MAX_UPLOAD_FILES = 2

const Issue = z.object({
  sheet: z.string(),
  row: z.number().describe('Row in the file (header = 1)'),
  column: z.string().nullable().describe('Column header'),
  value: z.string().nullable(),
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string().describe('Reason in Chinese'),
  messageEn: z.string().describe('Reason in English'),
})

const ImportReport = z.object({
  id: z.string(),
  status: z.string(),
  fileName: z.string(),
  totalRows: z.number(),
  validRows: z.number(),
  invalidRows: z.number(),
  households: z.number(),
  validHouseholds: z.number(),
  mode: z.string().nullable(),
  jobId: z.string().nullable(),
  error: z.string().nullable(),
  result: z.unknown().nullable(),
  issues: z.array(Issue),
  createdAt: z.string(),
})

const Params = z.object({ id: z.string().uuid() })

export function importRoutes(app: App, deps: AppDeps): void {
  const tags = ['imports']
  const editor = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req)
    requirePermission(actor, 'household.edit')
    return actor
  }
  const present = async (actor: ReturnType<typeof actorOf>, id: string) => {
    const { batch: b, issues } = await report(deps.db, actor, id)
    return {
      id: b.id,
      status: b.status,
      fileName: b.file_name,
      totalRows: b.total_rows,
      validRows: b.valid_rows,
      invalidRows: b.invalid_rows,
      households: b.households,
      validHouseholds: b.valid_households,
      mode: b.mode,
      jobId: b.job_id,
      error: b.error,
      result: b.result ?? null,
      issues: issues.map((i) => ({
        sheet: i.sheet,
        row: i.row_no,
        column: i.column_name,
        value: i.value,
        code: i.code,
        severity: i.severity,
        message: i.message,
        messageEn: i.message_en,
      })),
      createdAt: b.created_at.toISOString(),
    }
  }

  app.get(
    '/api/imports/template.xlsx',
    { config: { permission: 'household.edit' }, schema: { tags, summary: '导入模板 / import template' } },
    async (req, reply) => {
      editor(req)
      reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header('content-disposition', contentDisposition('农户导入模板.xlsx'))
      return reply.send(await templateWorkbook())
    },
  )

  app.register(async (scope) => {
    const maxBytes = deps.config.imports.maxBytes
    const tooLarge = (what: string, whatEn: string, limit: string) =>
      new AppError('IMPORT_TOO_LARGE', { what, whatEn, limit })
    const megabytes = `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: MAX_UPLOAD_FILES } })
    scope.post(
      '/api/imports',
      {
        config: { permission: 'household.edit' },
        schema: {
          tags,
          summary: 'Upload .xlsx or .csv files (multipart) and queue their validation',
          consumes: ['multipart/form-data'],
          response: { 200: single(ImportReport), ...errorResponses },
        },
      },
      async (req) => {
        const actor = editor(req)
        if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE')
        const files: Array<{ name: string; content: Buffer }> = []
        let total = 0
        try {
          for await (const part of req.files()) {
            const content = await part.toBuffer()
            total += content.length
            if (part.file.truncated || total > maxBytes) throw tooLarge('上传文件大小', 'upload size', megabytes)
            files.push({ name: part.filename, content })
          }
        } catch (err) {
          const code = (err as { code?: string }).code
          if (code === 'FST_FILES_LIMIT') throw tooLarge('文件个数', 'files', String(MAX_UPLOAD_FILES))
          if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge('上传文件大小', 'upload size', megabytes)
          throw err
        }
        const batch = await createBatch(deps, actor, files)
        const job = await deps.jobs.enqueue(validateImportJob, { batchId: batch.id }, actor)
        await deps.db.updateTable('import_batch').set({ job_id: job.id }).where('id', '=', batch.id).execute()
        return { data: await present(actor, batch.id) }
      },
    )
  })

  app.get(
    '/api/imports/:id',
    {
      config: { permission: 'household.edit' },
      schema: { tags, params: Params, response: { 200: single(ImportReport), ...errorResponses } },
    },
    async (req) => ({ data: await present(editor(req), req.params.id) }),
  )

  app.get(
    '/api/imports/:id/report.xlsx',
    {
      config: { permission: 'household.edit' },
      schema: { tags, params: Params, summary: 'The uploaded rows with 错误/Error columns' },
    },
    async (req, reply) => {
      const buf = await reportDownload(deps, editor(req), req.params.id)
      reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header('content-disposition', contentDisposition('导入校验报告.xlsx'))
      return reply.send(buf)
    },
  )

  app.post(
    '/api/imports/:id/commit',
    {
      config: { permission: 'household.edit' },
      schema: {
        tags,
        params: Params,
        body: z.strictObject({
          mode: z
            .enum(['all', 'valid'])
            .describe('all: nothing unless every row is valid; valid: the valid households only'),
        }),
        response: {
          200: single(z.object({ id: z.string(), jobId: z.string(), status: z.string() })),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = editor(req)
      const batch = await findBatch(deps.db, actor, req.params.id)
      if (batch.status !== 'validated')
        throw new AppError('CONFLICT', { what: `导入状态为 ${batch.status}`, whatEn: `import is ${batch.status}` })
      const job = await deps.jobs.enqueue(commitImportJob, { batchId: batch.id, mode: req.body.mode }, actor)
      await deps.db
        .updateTable('import_batch')
        .set({ status: 'committing', mode: req.body.mode, job_id: job.id })
        .where('id', '=', batch.id)
        .execute()
      return { data: { id: batch.id, jobId: job.id, status: 'committing' } }
    },
  )

  app.get(
    '/api/exports/households.xlsx',
    {
      config: { permission: 'household.read' },
      schema: {
        tags: ['exports'],
        summary: 'Households of a region in the national layouts (masked without pii.reveal)',
        querystring: z.object({
          region: z
            .string()
            .regex(/^\d{2,12}$/)
            .optional(),
        }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req)
      exportScope(actor, req.query.region)
      const out = new PassThrough()
      exportHouseholds(deps, actor, req.query.region, out).catch((err) => out.destroy(err as Error))
      reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header('content-disposition', contentDisposition(`农户数据_${req.query.region ?? actor.scope}.xlsx`))
      return reply.send(out)
    },
  )
}
