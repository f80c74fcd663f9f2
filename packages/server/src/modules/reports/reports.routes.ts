/**
 * Reports: the §10.1 monthly monitoring figures (JSON and .xlsx) and the export of monitoring targets in the national
 * layout with the §9 checks first. All scoped to the user's region (a sub-region in scope may be asked for).
 */
import { PassThrough } from 'node:stream'
import { z } from 'zod'
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf, contentDisposition, XLSX_MEDIA_TYPE } from '../../platform/http.ts'
import { errorResponses, single } from '../../platform/schema.ts'
import { chinaDate } from '../households/households.service.ts'
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

const Count = z.object({ households: z.number(), persons: z.number() })
const pct = z.number().nullable().describe('percent, one decimal; null when the base is 0')
const MonitoringReport = z.object({
  region: z.object({ code: z.string(), prefix: z.string(), name: z.string() }),
  month: z.string(),
  asOf: z.string().describe('month end; stock and persons are as of this date'),
  threshold: z.object({ yuan: z.number(), parameter: z.string() }),
  stock: z.object({
    total: Count,
    byCategory: z.record(z.string(), Count),
    byStatus: z.object({ ACTIVE: Count, ELIMINATED: Count, ASSISTED: Count, NATURAL: Count, ROLLED_BACK: Count }),
    byHouseholdType: z.record(z.string(), Count),
    byChannel: z.record(z.string(), z.number()),
  }),
  risks: z.record(z.string(), z.object({ households: z.number(), persons: z.number(), main: z.number() })),
  flow: z.object({
    newClues: z.record(z.string(), z.number()),
    warnings: z.object({
      received: z.number(),
      closed: z.number(),
      converted: z.number(),
      dismissed: z.number(),
      referred: z.number(),
    }),
    identified: z.number(),
    eliminated: z.number(),
    rolledBack: z.number(),
  }),
  timeliness: z.object({
    limitDays: z.number(),
    approved: z.number(),
    withinLimit: z.number(),
    withinLimitPct: pct,
    medianDays: z.number().nullable(),
    maxDays: z.number().nullable(),
    overdueTasks: z.number(),
  }),
  coverage: z.object({
    activeHouseholds: z.number(),
    withPlan: z.number(),
    withPlanInEffect: z.number(),
    withPlanPct: pct,
    withMeasures: z.number(),
    withMeasuresPct: pct,
    dibao: z.number(),
    dibaoPct: pct.describe('share of all targets (households)'),
    tekun: z.number(),
    tekunPct: pct.describe('share of all targets (households)'),
    withLabour: z.number().describe('active targets with a member with labour capacity at month end'),
    withLabourDevelopmental: z.number().describe('… of which with a developmental measure in place'),
    withLabourDevelopmentalPct: pct,
    byMeasureCategory: z.array(
      z.object({
        category: z.string(),
        label: z.object({ zh: z.string(), en: z.string() }),
        developmental: z.boolean().describe('from monitoring_measure_category (data, not code)'),
        measures: z.number(),
        households: z.number(),
      }),
    ),
  }),
  employment: z.object({
    labour: z.number().describe('persons with labour capacity in target households at month end'),
    employed: z.number(),
    employedPct: pct,
    byPlace: z.object({ OUT_OF_PROVINCE: z.number(), IN_PROVINCE: z.number(), IN_COUNTY: z.number() }),
    publicPost: z.number(),
    notWorking: z.number(),
    unrecorded: z.number(),
  }),
  ageStructure: z.object({
    persons: z.number(),
    bands: z.array(z.object({ from: z.number(), to: z.number().nullable(), persons: z.number() })),
  }),
  income: z.object({
    assessed: z.number(),
    meanYuan: z.number().nullable(),
    medianYuan: z.number().nullable(),
    minYuan: z.number().nullable(),
    maxYuan: z.number().nullable(),
    components: z.object({
      wage: z.number().nullable(),
      business: z.number().nullable(),
      property: z.number().nullable(),
      transfer: z.number().nullable(),
    }),
    belowThreshold: z.number(),
    bands: z.array(z.object({ from: z.number().nullable(), to: z.number().nullable(), households: z.number() })),
  }),
  guarantees: z.object({
    checked: z.number(),
    foodClothing: z.number(),
    compulsoryEducation: z.number(),
    medicalInsurance: z.number(),
    housingSafety: z.number(),
    drinkingWater: z.number(),
    anyUnresolved: z.number(),
  }),
  children: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      households: z.number(),
      persons: z.number(),
      active: z.number(),
      eliminated: z.number(),
      identifiedInMonth: z.number(),
      eliminatedInMonth: z.number(),
      belowThreshold: z.number(),
      unresolvedGuarantees: z.number(),
    }),
  ),
})

export function reportRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/reports/monitoring',
    {
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
