import { WARNING_RULES } from '@xianjie/rules'
import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, IsoDate, Line, paged, single } from '../../platform/schema.ts'
import { requirePermission } from '../auth/actor.ts'
import { screenCountyJob } from './warnings.jobs.ts'
import { closeWarning, countiesInScope, getWarning, listWarnings } from './warnings.service.ts'
import { OUTCOMES } from './warnings.table.ts'

const Summary = z.object({
  id: z.string(),
  householdId: z.string(),
  householdNo: z.string(),
  headName: z.string().nullable(),
  regionCode: z.string(),
  villageName: z.string().nullable(),
  status: z.string(),
  severity: z.string(),
  rules: z.array(z.string()),
  openedOn: z.string(),
  deadline: z.string(),
  daysLeft: z.number().describe('Days until the deadline (negative = overdue)'),
  lastDataDate: z.string(),
  outcome: z.string().nullable(),
  version: z.number(),
})
const Detail = z.object({
  id: z.string(),
  householdId: z.string(),
  householdNo: z.string().nullable(),
  householdType: z.string().nullable(),
  monitoringStatus: z.string().nullable(),
  headName: z.string().nullable(),
  regionCode: z.string(),
  status: z.string(),
  severity: z.string(),
  rules: z.array(z.string()),
  openedOn: z.string(),
  deadline: z.string(),
  deadlineLegal: z.unknown(),
  lastDataDate: z.string(),
  outcome: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  outcomeEvidence: z.unknown(),
  closedAt: z.string().nullable(),
  version: z.number(),
  hits: z.array(
    z.object({
      id: z.string(),
      rule: z.string(),
      source: z.string(),
      dataDate: z.string(),
      personName: z.string().nullable(),
      idNumber: z.string().nullable().describe('Masked'),
      value: z.number().nullable().describe('Fen for amounts, days or counts otherwise'),
      threshold: z.number().nullable(),
      severity: z.string(),
      evidence: z.unknown(),
      screenedOn: z.string(),
    }),
  ),
})
const Params = z.object({ id: z.string().uuid() })

export function warningRoutes(app: App, deps: AppDeps): void {
  const tags = ['warnings']

  app.get(
    '/api/warnings/rules',
    {
      config: { permission: 'warning.read' },
      schema: {
        tags,
        summary: 'The early-warning rules of domain.md §8.2',
        response: {
          200: single(z.array(z.object({ code: z.string(), source: z.string(), severity: z.string() }))),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requirePermission(actorOf(req), 'warning.read')
      return { data: WARNING_RULES.map((r) => ({ code: r.code, source: r.source, severity: r.severity })) }
    },
  )

  app.get(
    '/api/warnings',
    {
      config: { permission: 'warning.read' },
      schema: {
        tags,
        summary: 'Warnings in your area, open first by deadline',
        querystring: z.object({
          status: z.enum(['OPEN', 'CLOSED']).optional(),
          rule: Line(60).optional(),
          region: z
            .string()
            .regex(/^\d{2,12}$/)
            .optional(),
          overdue: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: paged(Summary), ...errorResponses },
      },
    },
    async (req) => listWarnings(deps, actorOf(req), req.query),
  )

  app.get(
    '/api/warnings/:id',
    {
      config: { permission: 'warning.read' },
      schema: { tags, params: Params, response: { 200: single(Detail), ...errorResponses } },
    },
    async (req) => ({ data: await getWarning(deps, actorOf(req), req.params.id) }),
  )

  app.post(
    '/api/warnings/:id/close',
    {
      config: { permission: 'warning.handle' },
      schema: {
        tags,
        summary: 'Record the on-site verification outcome (domain.md §8.1)',
        params: Params,
        body: z.strictObject({
          outcome: z.enum(OUTCOMES),
          note: z.string().min(1).max(2000),
          evidence: z
            .object({
              visitedOn: IsoDate.optional(),
              visitedBy: z.string().max(100).optional(),
              attachments: z.array(Line(200)).max(20).optional(),
            })
            .optional(),
          version: z.number().int(),
        }),
        response: { 200: single(Detail), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      await closeWarning(deps, actor, req.params.id, req.body)
      return { data: await getWarning(deps, actor, req.params.id) }
    },
  )

  app.post(
    '/api/warnings/screenings',
    {
      config: { permission: 'warning.screen' },
      schema: {
        tags,
        summary: 'Queue a screening job per county in your area',
        body: z.strictObject({
          asOf: IsoDate.optional(),
        }),
        response: {
          200: single(z.array(z.object({ county: z.string(), jobId: z.string() }))),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      requirePermission(actor, 'warning.screen')
      const asOf = req.body.asOf ?? chinaDate(deps.clock.now())
      const out: Array<{ county: string; jobId: string }> = []
      for (const county of await countiesInScope(deps, actor)) {
        const job = await deps.jobs.enqueue(screenCountyJob, { county, asOf }, actor, `${county}000000`)
        out.push({ county, jobId: job.id })
      }
      return { data: out }
    },
  )
}
