import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, paged, single } from '../../platform/schema.ts'
import { revealSensitive } from '../audit/audit.service.ts'
import { can, requirePermission } from '../auth/actor.ts'
import { ExplainedParam } from '../policy/policy.schema.ts'
import { addAssessment, addGuaranteeCheck } from './assessments.service.ts'
import {
  Change,
  HistoryEntry,
  HouseholdDetail,
  HouseholdSummary,
  presentDetail,
  presentSummary,
} from './households.present.ts'
import * as repo from './households.repository.ts'
import {
  AddMember,
  AsOfQuery,
  CreateHousehold,
  HouseholdParams,
  HouseholdQuery,
  MergeHouseholds,
  MoveMember,
  NaturalDecrease,
  PersonParams,
  RecordAssessment,
  RecordGuaranteeCheck,
  RevealBody,
  SplitHousehold,
  UpdateHousehold,
  UpdatePerson,
} from './households.schema.ts'
import * as svc from './households.service.ts'
import { maskChanges } from './households.snapshot.ts'
import { guardIdSearch } from './id-search.ts'

const VersionResult = single(
  z.object({
    version: z.number(),
    changes: z.array(Change),
  }),
)

/** One line of the engine's explanation (as a case keeps it in `data.engine`). */
const Words = z.object({ zh: z.string(), en: z.string() })
const ExplanationLine = z.object({
  variable: z.string(),
  label: z.string(),
  labelEn: z.string(),
  value: z.unknown(),
  depth: z.number(),
  member: z.string().optional().describe('The member the line is about, by name'),
  money: z.boolean().optional(),
  rule: z.string().optional(),
  ruleLabel: Words.optional().describe('The rule that decided the value, in officials’ words'),
  params: z.array(ExplainedParam).optional().describe('Parameters read'),
})
const AssessmentResult = single(
  z.object({
    version: z.number().describe('The household’s new version'),
    assessmentId: z.string(),
    guaranteeCheckId: z.string().nullable(),
    items: z.record(z.string(), z.number()).describe('The items recorded (fen), prefilled ones included'),
    netIncome: z.number().describe('fen'),
    householdSize: z.number(),
    perCapitaNet: z.number().describe('fen per person per year'),
    referenceIncome: z.number(),
    perCapitaReference: z.number(),
    guaranteesOk: z.boolean().nullable(),
    engine: z.object({
      period: z.string(),
      paramDigest: z.string(),
      modelVersion: z.string(),
      explanation: z.array(ExplanationLine),
    }),
  }),
)

export function householdRoutes(app: App, deps: AppDeps): void {
  const tags = ['households']
  const reader = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req)
    requirePermission(actor, 'household.read')
    return actor
  }
  const editor = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req)
    requirePermission(actor, 'household.edit')
    return actor
  }
  const detail = async (actor: ReturnType<typeof actorOf>, id: string, asOf?: string) => {
    const s = await svc.getSnapshot(deps, actor, id, asOf)
    const code = s.household.region_code
    const names = await repo.regionNamesOf(deps.db, [code, `${code.slice(0, 9)}000`])
    return presentDetail(s, chinaDate(deps.clock.now()), names, { reveal: can(actor, 'pii.reveal') })
  }

  app.get(
    '/api/households',
    {
      config: { permission: 'household.read' },
      schema: { tags, querystring: HouseholdQuery, response: { 200: paged(HouseholdSummary), ...errorResponses } },
    },
    async (req) => {
      const actor = reader(req)
      await guardIdSearch(deps, actor, req.query.q)
      const { rows, total, capped } = await svc.searchHouseholds(deps, actor, req.query)
      const names = await repo.regionNamesOf(
        deps.db,
        rows.flatMap((r) => [r.region_code, `${r.region_code.slice(0, 9)}000`]),
      )
      return {
        data: rows.map((r) => presentSummary(r, names)),
        page: { page: req.query.page, pageSize: req.query.pageSize, total, capped },
      }
    },
  )

  app.post(
    '/api/households',
    {
      config: { permission: 'household.edit' },
      schema: { tags, body: CreateHousehold, response: { 200: single(HouseholdDetail), ...errorResponses } },
    },
    async (req) => {
      const actor = editor(req)
      const row = await svc.createHousehold(deps, actor, req.body)
      return { data: await detail(actor, row.id) }
    },
  )

  app.get(
    '/api/households/:id',
    {
      config: { permission: 'household.read' },
      schema: {
        tags,
        params: HouseholdParams,
        querystring: AsOfQuery,
        response: { 200: single(HouseholdDetail), ...errorResponses },
      },
    },
    async (req) => ({
      data: await detail(reader(req), req.params.id, req.query.asOf),
    }),
  )

  app.get(
    '/api/households/:id/history',
    {
      config: { permission: 'household.read' },
      schema: {
        tags,
        params: HouseholdParams,
        response: { 200: single(z.array(HistoryEntry)), ...errorResponses },
      },
    },
    async (req): Promise<{ data: HistoryEntry[] }> => ({
      data: (await svc.timeline(deps, reader(req), req.params.id)).map((v) => ({
        version: v.version,
        at: v.at.toISOString(),
        actorName: v.actor_name,
        action: v.action,
        changes: maskChanges(v.changes),
      })),
    }),
  )

  app.patch(
    '/api/households/:id',
    {
      config: { permission: 'household.edit' },
      schema: {
        tags,
        params: HouseholdParams,
        body: UpdateHousehold,
        response: { 200: VersionResult, ...errorResponses },
      },
    },
    async (req) => ({
      data: await svc.updateHousehold(deps, editor(req), req.params.id, req.body),
    }),
  )

  app.post(
    '/api/households/:id/members',
    {
      config: { permission: 'household.edit' },
      schema: { tags, params: HouseholdParams, body: AddMember, response: { 200: VersionResult, ...errorResponses } },
    },
    async (req) => ({
      data: await svc.addMember(deps, editor(req), req.params.id, req.body),
    }),
  )

  app.patch(
    '/api/households/:id/members/:personId',
    {
      config: { permission: 'household.edit' },
      schema: { tags, params: PersonParams, body: UpdatePerson, response: { 200: VersionResult, ...errorResponses } },
    },
    async (req) => ({
      data: await svc.updatePerson(deps, editor(req), req.params.id, req.params.personId, req.body),
    }),
  )

  app.post(
    '/api/households/:id/members/:personId/decrease',
    {
      config: { permission: 'household.edit' },
      schema: {
        tags,
        params: PersonParams,
        body: NaturalDecrease,
        response: { 200: VersionResult, ...errorResponses },
      },
    },
    async (req) => ({
      data: await svc.naturalDecrease(deps, editor(req), req.params.id, req.params.personId, req.body),
    }),
  )

  app.post(
    '/api/households/:id/members/:personId/move',
    {
      config: { permission: 'household.edit' },
      schema: {
        tags,
        params: PersonParams,
        body: MoveMember,
        response: { 200: single(z.object({ fromVersion: z.number(), toVersion: z.number() })), ...errorResponses },
      },
    },
    async (req) => ({ data: await svc.moveMember(deps, editor(req), req.params.id, req.params.personId, req.body) }),
  )

  app.post(
    '/api/households/:id/split',
    {
      config: { permission: 'household.edit' },
      schema: {
        tags,
        params: HouseholdParams,
        body: SplitHousehold,
        response: { 200: single(z.object({ newHouseholdId: z.string(), householdNo: z.string() })), ...errorResponses },
      },
    },
    async (req) => ({ data: await svc.splitHousehold(deps, editor(req), req.params.id, req.body) }),
  )

  app.post(
    '/api/households/:id/merge',
    {
      config: { permission: 'household.edit' },
      schema: {
        tags,
        params: HouseholdParams,
        body: MergeHouseholds,
        response: { 200: VersionResult, ...errorResponses },
      },
    },
    async (req) => ({
      data: await svc.mergeHouseholds(deps, editor(req), req.params.id, req.body),
    }),
  )

  app.post(
    '/api/households/:id/assessments',
    {
      config: { permission: 'household.edit' },
      schema: {
        tags,
        summary: 'Record an income assessment (computed by the rules engine), optionally with a 三保障 check',
        params: HouseholdParams,
        body: RecordAssessment,
        response: { 200: AssessmentResult, ...errorResponses },
      },
    },
    async (req) => ({ data: await addAssessment(deps, editor(req), req.params.id, req.body) }),
  )

  app.post(
    '/api/households/:id/guarantee-checks',
    {
      config: { permission: 'household.edit' },
      schema: {
        tags,
        summary: 'Record a 两不愁三保障 and drinking-water check',
        params: HouseholdParams,
        body: RecordGuaranteeCheck,
        response: {
          200: single(z.object({ version: z.number(), guaranteeCheckId: z.string(), guaranteesOk: z.boolean() })),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await addGuaranteeCheck(deps, editor(req), req.params.id, req.body) }),
  )

  app.post(
    '/api/households/:id/reveal',
    {
      config: { permission: 'pii.reveal' },
      schema: {
        tags,
        params: HouseholdParams,
        body: RevealBody,
        response: { 200: single(z.object({ value: z.string().nullable() })), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      const h = await repo.findHousehold(deps.db, actor.scope, req.params.id)
      if (!h) throw new AppError('NOT_FOUND', { what: '农户', whatEn: 'Household' })
      const value = await revealSensitive(
        deps,
        actor,
        {
          subjectType: req.body.personId ? 'person' : 'household',
          subjectId: req.body.personId ?? h.id,
          regionCode: h.region_code,
          field: req.body.field,
        },
        async (trx) => {
          if (!req.body.personId) return { value: req.body.field === 'phone' ? h.phone : null }
          const p = await trx
            .selectFrom('person')
            .select(['id_number', 'phone', 'bank_account'])
            .where('id', '=', req.body.personId)
            .where('household_id', '=', h.id)
            .executeTakeFirst()
          if (!p) return undefined
          return {
            value: req.body.field === 'idNumber' ? p.id_number : req.body.field === 'phone' ? p.phone : p.bank_account,
          }
        },
      )
      return { data: value }
    },
  )
}
