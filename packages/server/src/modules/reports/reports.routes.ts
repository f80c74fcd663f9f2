/**
 * Reports: the §10.1 monthly monitoring figures (JSON and .xlsx) and the export of monitoring targets in the national
 * layout with the §9 checks first. All scoped to the user's region (a sub-region in scope may be asked for).
 */
import { PassThrough } from 'node:stream'
import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf, contentDisposition, XLSX_MEDIA_TYPE } from '../../platform/http.ts'
import { errorResponses, single } from '../../platform/schema.ts'
import { MonitoringReport } from './reports.schema.ts'
import { monitoringReport } from './reports.service.ts'
import { reportWorkbook } from './reports.xlsx.ts'
import { prepareTargetsExport } from './targets.export.ts'

const region = z
  .string()
  .regex(/^\d{2,12}$/)
  .optional()
  .describe('Region code or prefix inside your scope (default: your scope)')
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .optional()
  .describe('YYYY-MM (default: this month)')

export function reportRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/reports/monitoring',
    {
      config: { permission: 'household.read' },
      schema: {
        tags: ['reports'],
        summary: 'Monthly monitoring figures (§10.1) for a region as of month end',
        querystring: z.object({ region, month }),
        response: { 200: single(MonitoringReport), ...errorResponses },
      },
    },
    async (req) => ({ data: await monitoringReport(deps, actorOf(req), req.query) }),
  )

  app.get(
    '/api/reports/monitoring.xlsx',
    {
      config: { permission: 'household.read' },
      schema: {
        tags: ['reports'],
        summary: 'The monthly monitoring report as a workbook (汇总 + 分区域)',
        querystring: z.object({ region, month }),
      },
    },
    async (req, reply) => {
      const r = await monitoringReport(deps, actorOf(req), req.query)
      const buf = await reportWorkbook(r)
      reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header('content-disposition', contentDisposition(`防返贫动态监测月报_${r.region.prefix}_${r.month}.xlsx`))
      return reply.send(buf)
    },
  )

  app.get(
    '/api/exports/monitoring-targets.xlsx',
    {
      config: { permission: 'household.read' },
      schema: {
        tags: ['exports'],
        summary:
          'Monitoring targets in the national layout; §9 checks first (422 with the findings, or force=1 to export with a checks sheet)',
        querystring: z.object({ region, force: z.enum(['0', '1']).optional() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req)
      const ex = await prepareTargetsExport(deps, actor, { region: req.query.region, force: req.query.force === '1' })
      const out = new PassThrough()
      ex.write(out).catch((err) => out.destroy(err as Error))
      reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header(
          'content-disposition',
          contentDisposition(`监测对象_${ex.prefix}_${chinaDate(deps.clock.now()).replaceAll('-', '')}.xlsx`),
        )
      return reply.send(out)
    },
  )
}
