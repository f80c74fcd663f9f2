/** HTTP routes of tiered social assistance: payment rosters, the 代缴 roster, the registry, referrals, grants, reports. */
import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf, contentDisposition, XLSX_MEDIA_TYPE } from '../../platform/http.ts'
import { errorResponses, paged, single } from '../../platform/schema.ts'
import { getRegion } from '../regions/regions.service.ts'
import { AdjustmentInput, addAdjustment, ReviewInput, reviewAdjustment } from './adjustments.ts'
import { LOW_INCOME_GROUPS } from './assistance.table.ts'
import { daijiaoTotals, exportDaijiao, generateDaijiao, listDaijiao } from './daijiao.ts'
import { GRANT_TYPES, GrantInput, listGrants, recordGrant } from './grants.ts'
import { listReferrals, ResolveInput, resolveReferral, scanReferrals } from './referrals.ts'
import { assistanceReport, listRegistry } from './registry.ts'
import {
  approvePayRoster,
  CountyCode,
  checkRosterMonth,
  countyInScope,
  exportPayRoster,
  listPayRosters,
  Month,
  mayExportFull,
  payRosterJob,
  rosterLines,
  rosterTotals,
} from './rosters.ts'

const Params = z.object({ id: z.string().uuid() })
const LineParams = z.object({ id: z.string().uuid(), lineId: z.string().uuid() })
const Region = z
  .string()
  .regex(/^\d{2,12}$/)
  .optional()
const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
}
const Roster = z.object({
  id: z.string(),
  county: z.string(),
  month: z.string(),
  status: z.string(),
  jobId: z.string().nullable(),
  generatedBy: z.string().nullable(),
  generatedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  lineCount: z.number(),
  totalAmount: z.number().describe('Fen'),
})
const Summary = z.object({
  id: z.string(),
  county: z.string(),
  month: z.string(),
  status: z.string(),
  lineCount: z.number(),
  totalAmount: z.number(),
})
const Line = z.object({
  id: z.string(),
  kind: z.string(),
  programme: z.string(),
  amount: z.number().describe('Fen'),
  regionCode: z.string(),
  townshipName: z.string().nullable(),
  villageName: z.string().nullable(),
  name: z.string(),
  idNumber: z.string().describe('Masked'),
  bankAccount: z.string().nullable().describe('Masked'),
  decisionId: z.string().nullable(),
  traceRef: z.string().nullable(),
  calc: z.record(z.string(), z.unknown()),
  adjustsLineId: z.string().nullable(),
  note: z.string().nullable(),
  reviewStatus: z
    .enum(['PENDING', 'APPROVED', 'REJECTED'])
    .nullable()
    .describe('Adjustments only: paid once APPROVED by an officer other than its author'),
  createdBy: z.string().nullable().describe('Adjustments only: user id of the author'),
  createdByName: z.string().nullable().describe('Adjustments only: who added it'),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
})
const Review = z.object({
  id: z.string(),
  reviewStatus: z.enum(['APPROVED', 'REJECTED']),
  amount: z.number().describe('Fen'),
})
const Obj = z.record(z.string(), z.unknown())

export function assistanceRoutes(app: App, deps: AppDeps): void {
  const tags = ['assistance']

  app.get(
    '/api/assistance/rosters',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Monthly payment rosters of the counties in your area, newest first',
        querystring: z.object({ county: CountyCode.optional() }),
        response: {
          200: single(z.object({ rosters: z.array(Roster), mayExportFull: z.boolean() })),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      return {
        data: { rosters: await listPayRosters(deps, actor, req.query.county), mayExportFull: mayExportFull(actor) },
      }
    },
  )

  app.post(
    '/api/assistance/rosters',
    {
      config: { permission: 'roster.generate' },
      schema: {
        tags,
        summary: "Queue the generation of a county's roster for a month (replaces a draft; an approved one stays)",
        body: z.strictObject({ county: CountyCode, month: Month }),
        response: { 200: single(z.object({ jobId: z.string() })), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      // the county is checked now (404 unknown or not yours, 403 below county level), not only inside the job
      await getRegion(deps.db, actor, `${req.body.county}000000`)
      countyInScope(actor, req.body.county)
      checkRosterMonth(deps.clock, req.body.month)
      const job = await deps.jobs.enqueue(payRosterJob, req.body, actor, `${req.body.county}000000`)
      return { data: { jobId: job.id } }
    },
  )

  app.get(
    '/api/assistance/rosters/:id/totals',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Totals by township and programme of the paid lines in your area (approved adjustments included)',
        params: Params,
        response: {
          200: single(
            z.object({
              roster: Roster,
              rows: z.array(
                z.object({
                  townshipCode: z.string(),
                  townshipName: z.string(),
                  programme: z.string(),
                  persons: z.number(),
                  households: z.number(),
                  amount: z.number(),
                  adjustments: z.number(),
                }),
              ),
              total: z.number(),
              pending: z
                .object({ count: z.number(), amount: z.number().describe('Fen') })
                .describe('Adjustments waiting for approval: not in the totals, not paid'),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await rosterTotals(deps, actorOf(req), req.params.id) }),
  )

  app.get(
    '/api/assistance/rosters/:id/lines',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Roster lines in your area; ID numbers and bank accounts masked',
        params: Params,
        querystring: z.object({
          township: Region,
          programme: z.string().max(30).optional(),
          reviewStatus: z
            .enum(['PENDING', 'APPROVED', 'REJECTED'])
            .optional()
            .describe('Only adjustments in this review state (PENDING: waiting for approval, not paid)'),
          ...Page,
        }),
        response: { 200: paged(Line), ...errorResponses },
      },
    },
    async (req) => rosterLines(deps, actorOf(req), req.params.id, req.query),
  )

  app.post(
    '/api/assistance/rosters/:id/approve',
    {
      config: { permission: 'roster.approve' },
      schema: {
        tags,
        summary: 'Approve a draft roster (not by its generator); it is frozen afterwards',
        params: Params,
        body: z.strictObject({}).optional(),
        response: { 200: single(Summary), ...errorResponses },
      },
    },
    async (req) => ({ data: await approvePayRoster(deps, actorOf(req), req.params.id) }),
  )

  app.post(
    '/api/assistance/rosters/:id/adjustments',
    {
      config: { permission: 'roster.adjust' },
      schema: {
        tags,
        summary:
          'Correct a line of an approved roster by an ADJUSTMENT line (bounded, with a reason); PENDING until another officer approves it',
        params: Params,
        body: AdjustmentInput.strict(),
        response: {
          200: single(z.object({ id: z.string(), reviewStatus: z.literal('PENDING') })),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await addAdjustment(deps, actorOf(req), req.params.id, req.body) }),
  )

  for (const [verb, decision] of [
    ['approve', 'APPROVED'],
    ['reject', 'REJECTED'],
  ] as const) {
    app.post(
      `/api/assistance/rosters/:id/adjustments/:lineId/${verb}`,
      {
        config: { permission: 'roster.approve' },
        schema: {
          tags,
          summary:
            decision === 'APPROVED'
              ? 'Approve a pending adjustment (not by its author): it is paid from then on'
              : 'Reject a pending adjustment (not by its author; a note is required): it is never paid',
          params: LineParams,
          body: ReviewInput.strict().optional(),
          response: { 200: single(Review), ...errorResponses },
        },
      },
      async (req) => ({
        data: await reviewAdjustment(deps, actorOf(req), req.params.id, req.params.lineId, decision, req.body ?? {}),
      }),
    )
  }

  app.get(
    '/api/assistance/rosters/:id/export',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary:
          'Bank file (一卡通 layout) of the paid lines, refused while adjustments await approval; full=true gives full accounts to allowed roles, audited',
        params: Params,
        querystring: z.object({
          full: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
      },
    },
    async (req, reply) => {
      const out = await exportPayRoster(deps, actorOf(req), req.params.id, req.query.full)
      return reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header('content-disposition', contentDisposition(out.name))
        .send(out.buffer)
    },
  )

  app.get(
    '/api/assistance/daijiao',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: '代缴 rosters in your area',
        response: { 200: single(z.array(Obj)), ...errorResponses },
      },
    },
    async (req) => ({ data: await listDaijiao(deps, actorOf(req)) }),
  )

  app.post(
    '/api/assistance/daijiao',
    {
      config: { permission: 'daijiao.generate' },
      schema: {
        tags,
        summary: 'Generate the yearly 代缴 roster (after export: adjustment lines for the differences)',
        body: z.strictObject({
          county: CountyCode,
          year: z
            .number()
            .int()
            .min(2000)
            .max(2100)
            .describe('Within pension.daijiao_year_window of the current year, with pension.min_tier in force'),
        }),
        response: { 200: single(Obj), ...errorResponses },
      },
    },
    async (req) => ({ data: { ...(await generateDaijiao(deps, actorOf(req), req.body)) } }),
  )

  app.get(
    '/api/assistance/daijiao/:id/totals',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: '代缴 persons and amounts by applied group',
        params: Params,
        response: { 200: single(z.array(Obj)), ...errorResponses },
      },
    },
    async (req) => ({ data: await daijiaoTotals(deps, actorOf(req), req.params.id) }),
  )

  app.get(
    '/api/assistance/daijiao/:id/export',
    {
      config: { permission: 'daijiao.generate' },
      schema: { tags, summary: 'File for the social-insurance agency (audited)', params: Params },
    },
    async (req, reply) => {
      const out = await exportDaijiao(deps, actorOf(req), req.params.id)
      return reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header('content-disposition', contentDisposition(out.name))
        .send(out.buffer)
    },
  )

  app.get(
    '/api/assistance/registry',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Low-income registry: per person the six groups with since/until',
        querystring: z.object({
          group: z.enum(LOW_INCOME_GROUPS).optional(),
          region: Region,
          all: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
          ...Page,
        }),
        response: { 200: paged(Obj), ...errorResponses },
      },
    },
    async (req) =>
      listRegistry(deps, actorOf(req), {
        group: req.query.group,
        region: req.query.region,
        current: !req.query.all,
        asOf: chinaDate(deps.clock.now()),
        page: req.query.page,
        pageSize: req.query.pageSize,
      }),
  )

  app.get(
    '/api/assistance/referrals',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Referrals between monitoring and civil affairs in your area',
        querystring: z.object({
          status: z.enum(['OPEN', 'ACCEPTED', 'DECLINED']).optional(),
          direction: z.enum(['TO_CIVIL_AFFAIRS', 'TO_MONITORING']).optional(),
          ...Page,
        }),
        response: { 200: paged(Obj), ...errorResponses },
      },
    },
    async (req) => listReferrals(deps, actorOf(req), req.query),
  )

  app.post(
    '/api/assistance/referrals/scan',
    {
      config: { permission: 'referral.handle' },
      schema: {
        tags,
        summary: 'Open the referrals the data call for in a county',
        body: z.strictObject({ county: CountyCode }),
        response: { 200: single(z.object({ created: z.number(), candidates: z.number() })), ...errorResponses },
      },
    },
    async (req) => ({
      data: await scanReferrals(deps, actorOf(req), req.body.county, chinaDate(deps.clock.now())),
    }),
  )

  app.post(
    '/api/assistance/referrals/:id/resolve',
    {
      config: { permission: 'referral.handle' },
      schema: {
        tags,
        summary: 'Accept or decline a referral',
        params: Params,
        body: ResolveInput.strict(),
        response: { 200: single(z.object({ id: z.string(), status: z.string() })), ...errorResponses },
      },
    },
    async (req) => ({ data: await resolveReferral(deps, actorOf(req), req.params.id, req.body) }),
  )

  app.get(
    '/api/assistance/grants',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Special assistance grants in your area',
        querystring: z.object({ grantType: z.enum(GRANT_TYPES).optional(), region: Region, ...Page }),
        response: { 200: paged(Obj), ...errorResponses },
      },
    },
    async (req) => listGrants(deps, actorOf(req), req.query),
  )

  app.post(
    '/api/assistance/grants',
    {
      config: { permission: 'grant.record' },
      schema: {
        tags,
        summary: 'Record a special assistance grant (justified by a low-income group of the household)',
        body: GrantInput.strict().refine((b) => !!b.householdId !== !!b.householdNo, {
          message: 'give householdId or householdNo (one of them)',
        }),
        response: { 200: single(z.object({ id: z.string() })), ...errorResponses },
      },
    },
    async (req) => ({ data: await recordGrant(deps, actorOf(req), req.body) }),
  )

  app.get(
    '/api/assistance/reports',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Caseload and funds by programme, 特困 by mode and tier, temporary relief, registry, 代缴 (§10.2)',
        querystring: z.object({ month: Month.optional() }),
        response: { 200: single(Obj), ...errorResponses },
      },
    },
    async (req) => {
      const today = chinaDate(deps.clock.now())
      const month = req.query.month ?? today.slice(0, 7).replace('-', '')
      return { data: await assistanceReport(deps, actorOf(req), { month, year: Number(month.slice(0, 4)) }) }
    },
  )
}
