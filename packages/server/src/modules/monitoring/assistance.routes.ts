/** HTTP API of §7.2 assistance plans, measures and visits, §7.3 readiness preview and rollback. */
import { sql } from 'kysely'
import { z } from 'zod'
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, Fen, IsoDate, single } from '../../platform/schema.ts'
import { ASSESSMENT_ITEMS } from '../policy/household-input.ts'
import { ExplainedParam } from '../policy/policy.schema.ts'
import {
  activatePlan,
  addMeasure,
  getPlan,
  listSuggestions,
  listTargets,
  MEASURE_CATEGORIES,
  MEASURE_STATUSES,
  overdueVisits,
  readinessOf,
  recordVisit,
  replaceSuggestions,
  rollback,
  updateMeasure,
} from './assistance.service.ts'
import { CATEGORIES, RISKS } from './monitoring.ident.ts'

const tags = ['monitoring']
const date = IsoDate
const Id = z.object({ id: z.string().uuid() })
const Measure = z.strictObject({
  personId: z.string().uuid().nullable().optional(),
  category: z.enum(MEASURE_CATEGORIES.map((c) => c.value) as [string, ...string[]]),
  item: z.string().trim().min(1).max(100),
  startDate: date,
  endDate: date.nullable().optional(),
  amountFen: Fen.nullable().optional().describe('Fen'),
  fundSource: z.string().max(100).nullable().optional(),
  responsibleDept: z.string().max(100).nullable().optional(),
  status: z.enum(MEASURE_STATUSES).optional(),
  transportAllowanceFen: Fen.nullable().optional().describe('Annual transport allowance, fen'),
})
const Target = z.object({
  householdId: z.string(),
  householdNo: z.string(),
  headName: z.string().nullable(),
  regionCode: z.string(),
  monitoringStatus: z.string(),
  planId: z.string(),
  planStatus: z.string(),
  category: z.string(),
  risks: z.array(z.string()),
  measures: z.number(),
  lastVisit: z.string().nullable(),
  nextVisitDue: z.string().nullable(),
  visitOverdue: z.boolean(),
})
const Check = z.object({
  code: z.string(),
  rule: z.string(),
  severity: z.enum(['BLOCKING', 'WARNING']),
  zh: z.string(),
  en: z.string(),
})
const PlanView = z.object({
  household: z.object({
    id: z.string(),
    householdNo: z.string(),
    headName: z.string().nullable(),
    regionCode: z.string(),
    monitoringStatus: z.string(),
    version: z.number(),
  }),
  plan: z.object({
    id: z.string(),
    caseId: z.string(),
    category: z.string(),
    risks: z.array(z.string()),
    dueOn: z.string(),
    status: z.string(),
    version: z.number(),
    developmental: z.boolean(),
    activatedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    rollbackMonth: z.string().nullable(),
  }),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
  measures: z.array(
    z.object({
      id: z.string(),
      personId: z.string().nullable(),
      category: z.string(),
      item: z.string(),
      startDate: z.string(),
      endDate: z.string().nullable(),
      amountFen: z.number().nullable(),
      fundSource: z.string().nullable(),
      responsibleDept: z.string().nullable(),
      status: z.string(),
      transportAllowanceFen: z.number().nullable(),
      version: z.number(),
    }),
  ),
  checks: z.array(Check),
  suggestions: z.array(z.object({ risk: z.string(), category: z.string(), item: z.string(), taken: z.boolean() })),
  visits: z.array(
    z.object({
      id: z.string(),
      visitedOn: z.string(),
      visitorName: z.string(),
      incomeChange: z.string().nullable(),
      progress: z.string().nullable(),
      newRisks: z.array(z.string()),
      note: z.string().nullable(),
    }),
  ),
  nextVisit: z.object({ due: z.string(), overdue: z.boolean(), intervalDays: z.number() }).nullable(),
})
const Readiness = z.object({
  ready: z.boolean(),
  period: z.string(),
  identifiedMonth: z.number(),
  outputs: z.record(z.string(), z.unknown()),
  rule: z.string().optional(),
  conditions: z.array(
    z.object({
      code: z.string(),
      met: z.boolean(),
      zh: z.string(),
      en: z.string(),
      params: z.array(ExplainedParam),
    }),
  ),
  modelVersion: z.string(),
  paramDigest: z.string(),
})

export function assistanceRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/monitoring/codes',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Measure categories and risk types (labels zh/en)',
        response: {
          200: single(
            z.object({
              categories: z.array(z.object({ value: z.string(), label: z.object({ zh: z.string(), en: z.string() }) })),
              risks: z.array(z.object({ value: z.string(), label: z.object({ zh: z.string(), en: z.string() }) })),
              targetCategories: z.array(
                z.object({ value: z.string(), label: z.object({ zh: z.string(), en: z.string() }) }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async () => ({ data: { categories: MEASURE_CATEGORIES, risks: RISKS, targetCategories: CATEGORIES } }),
  )

  app.get(
    '/api/monitoring/targets',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags,
        summary: 'Monitoring targets in your area with plan and visit status',
        querystring: z.object({ status: z.enum(['ACTIVE', 'ELIMINATED', 'CLOSED_NATURAL_DECREASE']).optional() }),
        response: { 200: single(z.array(Target)), ...errorResponses },
      },
    },
    async (req) => ({ data: await listTargets(deps, actorOf(req), req.query) }),
  )

  app.get(
    '/api/monitoring/visits/overdue',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags,
        summary: 'Active targets whose helper visit is overdue (monitoring.visit_interval_days)',
        response: { 200: single(z.array(Target)), ...errorResponses },
      },
    },
    async (req) => ({ data: await overdueVisits(deps, actorOf(req)) }),
  )

  app.get(
    '/api/monitoring/households/:id/plan',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags, params: Id, response: { 200: single(PlanView), ...errorResponses } },
    },
    async (req) => ({ data: await getPlan(deps, actorOf(req), req.params.id) }),
  )

  app.get(
    '/api/monitoring/households/:id/readiness',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags,
        summary: "The rules engine's risk-elimination readiness (domain.md §6.3) with its conditions",
        params: Id,
        querystring: z.object({
          method: z.enum(['ASSISTED', 'NATURAL']).optional(),
          risksResolved: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: { 200: single(Readiness), ...errorResponses },
      },
    },
    async (req) => ({
      data: await readinessOf(deps, actorOf(req), req.params.id, {
        ...(req.query.method ? { method: req.query.method } : {}),
        risksResolved: req.query.risksResolved,
      }),
    }),
  )

  app.post(
    '/api/monitoring/plans/:id/measures',
    {
      config: { permission: 'monitoring.plan' },
      schema: {
        tags,
        summary: 'Add a measure to the plan (plan version checked)',
        params: Id,
        body: z.strictObject({ planVersion: z.number().int(), measure: Measure }),
        response: { 200: single(PlanView), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      await addMeasure(deps, actor, req.params.id, req.body.planVersion, req.body.measure)
      const plan = await planHousehold(req.params.id)
      return { data: await getPlan(deps, actor, plan) }
    },
  )

  app.put(
    '/api/monitoring/measures/:id',
    {
      config: { permission: 'monitoring.plan' },
      schema: {
        tags,
        summary: 'Change a measure (its version checked)',
        params: Id,
        body: z.strictObject({ version: z.number().int(), measure: Measure }),
        response: { 200: single(PlanView), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      const household = await updateMeasure(deps, actor, req.params.id, req.body.version, req.body.measure)
      return { data: await getPlan(deps, actor, household) }
    },
  )

  app.post(
    '/api/monitoring/plans/:id/activate',
    {
      config: { permission: 'monitoring.plan' },
      schema: {
        tags,
        summary: 'Activate the plan; refused while a blocking §9 check fails',
        params: Id,
        body: z.strictObject({ version: z.number().int() }),
        response: { 200: single(PlanView), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      const household = await activatePlan(deps, actor, req.params.id, req.body.version)
      return { data: await getPlan(deps, actor, household) }
    },
  )

  app.post(
    '/api/monitoring/households/:id/visits',
    {
      config: { permission: 'monitoring.visit' },
      schema: {
        tags,
        summary: 'Log a helper visit',
        params: Id,
        body: z.strictObject({
          visitedOn: date,
          incomeChange: z.string().max(500).nullable().optional(),
          progress: z.string().max(1000).nullable().optional(),
          newRisks: z
            .array(z.enum(RISKS.map((r) => r.value) as [string, ...string[]]))
            .max(5)
            .optional(),
          note: z.string().max(2000).nullable().optional(),
          incomeItems: z
            .partialRecord(z.enum(Object.keys(ASSESSMENT_ITEMS) as [string, ...string[]]), Fen)
            .optional()
            .describe('Annual income items found on the visit (fen); recorded as an income assessment'),
        }),
        response: { 200: single(PlanView), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      await recordVisit(deps, actor, req.params.id, req.body)
      return { data: await getPlan(deps, actor, req.params.id) }
    },
  )

  app.post(
    '/api/monitoring/households/:id/rollback',
    {
      config: { permission: 'monitoring.rollback' },
      schema: {
        tags,
        summary: '风险消除回退: an eliminated household with a new risk back to monitoring (county)',
        params: Id,
        body: z.strictObject({
          version: z.number().int().describe('The household version you saw'),
          reason: z.string().trim().min(2).max(2000),
          risks: z
            .array(z.enum(RISKS.map((r) => r.value) as [string, ...string[]]))
            .min(1)
            .max(5),
        }),
        response: { 200: single(PlanView), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      await rollback(deps, actor, req.params.id, req.body)
      return { data: await getPlan(deps, actor, req.params.id) }
    },
  )

  const Suggestion = z.object({ risk: z.string(), category: z.string(), item: z.string(), priority: z.number() })
  app.get(
    '/api/monitoring/suggestions',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags,
        summary: 'The configurable risk → measure suggestions (§7.2)',
        response: { 200: single(z.array(Suggestion)), ...errorResponses },
      },
    },
    async (req) => ({ data: await listSuggestions(deps, actorOf(req)) }),
  )
  app.put(
    '/api/monitoring/suggestions/:risk',
    {
      config: { permission: 'suggestions.edit' },
      schema: {
        tags,
        summary: 'Replace the suggested measures of one risk, in order (province administrator, audited)',
        params: z.object({ risk: z.enum(RISKS.map((r) => r.value) as [string, ...string[]]) }),
        body: z.strictObject({
          items: z
            .array(
              z.strictObject({
                category: z.enum(MEASURE_CATEGORIES.map((c) => c.value) as [string, ...string[]]),
                item: z.string().trim().min(1).max(100),
              }),
            )
            .max(30),
        }),
        response: { 200: single(z.array(Suggestion)), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      await replaceSuggestions(deps, actor, req.params.risk, req.body.items)
      return { data: await listSuggestions(deps, actor) }
    },
  )

  async function planHousehold(planId: string): Promise<string> {
    const r = await sql<{
      household_id: string
    }>`select household_id from monitoring_plan where id = ${planId}`.execute(deps.db)
    return r.rows[0]?.household_id ?? ''
  }
}
