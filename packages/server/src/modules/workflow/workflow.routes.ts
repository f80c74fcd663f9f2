/**
 * HTTP face of the workflow mechanism: one set of routes for every case type (list, open, read with the actions the
 * user may take, act), the task inbox, the overdue report, printable publicity notices, receipts, and the calendar.
 */
import multipart from '@fastify/multipart'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { type App, actorOf, contentDisposition } from '../../platform/http.ts'
import { errorResponses, IsoDate, MapKey, PageQuery, paged, single } from '../../platform/schema.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { requirePermission } from '../auth/actor.ts'
import { invalidateCalendar, loadCalendar, loadedYears, loadYearSchedule, type WorkCalendar } from './calendar.ts'
import { caseTypes } from './definition.ts'
import { batchNotice, noticeHeading } from './notices.ts'
import {
  CalendarYear,
  CaseDetail,
  CaseSummary,
  CaseType,
  InboxItem,
  OverdueReport,
  PublicityBoardItem,
  Text,
  YearParams,
  YearScheduleBody,
} from './workflow.schema.ts'
import * as svc from './workflow.service.ts'
import { publicItems } from './workflow.service.ts'

/** The heading facts of a printed notice (see notices.ts). */
const NoticeHeading = z.object({
  villageName: z.string(),
  townshipName: z.string(),
  issuer: Text,
  postedOn: z.string(),
  complaintPhone: z.string(),
})

type Row = Awaited<ReturnType<typeof svc.getCase>>['case']
function presentCase(c: Row, calendar: WorkCalendar): z.infer<typeof CaseSummary> {
  const stateSince = new Date(c.state_since).toISOString()
  return {
    id: c.id,
    type: c.case_type,
    state: c.state,
    version: c.version,
    regionCode: c.region_code,
    householdId: c.household_id,
    personId: c.person_id,
    subjectName: c.subject_name,
    data: c.data,
    openedOn: c.opened_on,
    dueOn: c.due_on,
    stateSince,
    stateDueOn: c.state_due_on,
    calendarMissing: svc.calendarMissing(calendar, c, {
      from: chinaDate(new Date(c.state_since)),
      due: c.state_due_on,
    }),
    closedAt: c.closed_at ? new Date(c.closed_at).toISOString() : null,
    receiptCode: c.receipt_code,
  }
}

function presentDetail(d: svc.CaseDetail, calendar: WorkCalendar): z.infer<typeof CaseDetail> {
  const label = (event: string) =>
    event === 'OPEN'
      ? { zh: '立案', en: 'Opened' }
      : event === svc.RETURN
        ? { zh: '退回修改', en: 'Returned for correction' }
        : event === svc.OBJECT
          ? { zh: '公示异议', en: 'Objection' }
          : (d.def.transitions.find((t) => t.event === event)?.label ?? { zh: event, en: event })
  const stateLabel = (s: string) => d.def.states[s]?.label ?? { zh: s, en: s }
  return {
    case: presentCase(d.case, calendar),
    typeLabel: d.def.label,
    stateLabel: stateLabel(d.case.state),
    fields: d.fieldLabels,
    transitions: d.transitions.map((t) => ({
      seq: t.seq,
      event: t.event,
      label: label(t.event),
      from: t.from_state,
      to: t.to_state,
      actor: t.actor_name,
      at: new Date(t.at).toISOString(),
      comment: t.comment,
      values: t.payload,
    })),
    publicity: d.publicity.map((p) => ({
      round: p.round,
      place: p.place,
      startOn: p.start_on,
      endOn: p.end_on,
      closedReason: p.closed_reason,
      objections: p.objections,
    })),
    actions: d.actions.map((a) => ({ ...a, fields: [...a.fields], toLabel: stateLabel(a.to) })),
    attachments: d.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      size: a.size,
      sha256: a.sha256,
      uploadedAt: new Date(a.uploaded_at).toISOString(),
      uploadedBy: a.username,
    })),
    today: d.today,
  }
}

const CaseParams = z.object({ id: z.uuid() })
/** Largest evidence file (scans of signed forms and meeting minutes). */
const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

export function workflowRoutes(app: App, deps: AppDeps): void {
  const tags = ['workflow']

  app.get(
    '/api/workflow/types',
    {
      config: { anySignedIn: true },
      schema: { tags, summary: 'Case types the user may read', response: { 200: single(z.array(CaseType)) } },
    },
    async (req) => {
      const actor = actorOf(req)
      return {
        data: caseTypes()
          .filter((d) => actor.roles.some((r) => d.readRoles.includes(r)))
          .map((d) => ({
            type: d.type,
            label: d.label,
            initial: d.initial,
            states: Object.fromEntries(
              Object.entries(d.states).map(([k, s]) => [
                k,
                {
                  label: s.label,
                  terminal: s.terminal ?? false,
                  assignee: s.assignee ? { roles: [...s.assignee.roles], level: s.assignee.level } : null,
                  publicity: s.publicity !== undefined,
                },
              ]),
            ),
            openFields: [...(d.openFields ?? [])],
            canOpen: actor.roles.some((r) => d.openRoles.includes(r)),
          })),
      }
    },
  )

  app.get(
    '/api/cases',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Cases in the user’s area',
        querystring: PageQuery.omit({ order: true }).extend({
          type: z.string().max(60).optional(),
          state: z.string().max(60).optional(),
          region: z
            .string()
            .regex(/^\d{2,12}$/)
            .optional(),
          open: z.enum(['true', 'false']).optional(),
          householdId: z.uuid().optional(),
        }),
        response: { 200: paged(CaseSummary), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query
      const { rows, total } = await svc.listCases(deps, actorOf(req), {
        ...q,
        open: q.open === undefined ? undefined : q.open === 'true',
      })
      const calendar = await loadCalendar(deps.db)
      return { data: rows.map((r) => presentCase(r, calendar)), page: { page: q.page, pageSize: q.pageSize, total } }
    },
  )

  app.post(
    '/api/cases',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Open a case',
        body: z.strictObject({
          type: z.string().max(60),
          householdId: z.uuid().optional(),
          personId: z.uuid().optional(),
          regionCode: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
          openedOn: IsoDate.optional(),
          values: z.record(MapKey, z.unknown()).optional(),
          comment: z.string().max(2000).nullable().optional(),
        }),
        response: { 200: single(CaseDetail), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      const { type, ...input } = req.body
      const c = await svc.openCase(deps, actor, type, input)
      return { data: presentDetail(await svc.getCase(deps, actor, c.id), await loadCalendar(deps.db)) }
    },
  )

  app.get(
    '/api/cases/:id',
    {
      config: { anySignedIn: true },
      schema: { tags, params: CaseParams, response: { 200: single(CaseDetail), ...errorResponses } },
    },
    async (req) => ({
      data: presentDetail(await svc.getCase(deps, actorOf(req), req.params.id), await loadCalendar(deps.db)),
    }),
  )

  app.post(
    '/api/cases/:id/actions',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Act on a case (the event must be one of its current actions; `version` guards against conflicts)',
        params: CaseParams,
        body: z.strictObject({
          event: z.string().max(60),
          version: z.number().int().min(1),
          values: z.record(MapKey, z.unknown()).optional(),
          comment: z.string().max(2000).nullable().optional(),
        }),
        response: { 200: single(CaseDetail), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      await svc.act(deps, actor, req.params.id, req.body)
      return { data: presentDetail(await svc.getCase(deps, actor, req.params.id), await loadCalendar(deps.db)) }
    },
  )

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1 } })
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/cases/:id/attachments',
      {
        config: { anySignedIn: true },
        schema: {
          tags,
          summary: 'Attach evidence to an open case (multipart, one file: pdf, jpg, png, docx, xlsx)',
          consumes: ['multipart/form-data'],
          params: CaseParams,
          response: {
            200: single(z.object({ id: z.string(), name: z.string(), size: z.number(), sha256: z.string() })),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE')
        const part = await req.file()
        if (!part)
          throw new AppError('VALIDATION_FAILED', {
            issues: [{ field: 'file', message: '请选择文件', messageEn: 'choose a file' }],
          })
        const content = await part.toBuffer()
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE')
        return { data: await svc.addAttachment(deps, actorOf(req), req.params.id, { name: part.filename, content }) }
      },
    )
  })

  app.get(
    '/api/cases/:id/attachments/:attachmentId',
    {
      config: { anySignedIn: true },
      schema: { tags, summary: 'Download an attachment', params: CaseParams.extend({ attachmentId: z.uuid() }) },
    },
    async (req, reply) => {
      const a = await svc.readAttachment(deps, actorOf(req), req.params.id, req.params.attachmentId)
      reply.header('content-type', a.mime).header('content-disposition', contentDisposition(a.name))
      return reply.send(Buffer.from(a.content))
    },
  )

  app.get(
    '/api/cases/:id/notices/:round',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'A publicity notice as posted (printable; no ID numbers, phones, bank or health data)',
        params: CaseParams.extend({ round: z.coerce.number().int().min(1) }),
        response: {
          200: single(
            z.object({
              typeLabel: Text,
              place: z.string(),
              startOn: z.string(),
              endOn: z.string(),
              regionCode: z.string(),
              ...NoticeHeading.shape,
              items: z.array(z.object({ label: Text, value: z.string() })),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const d = await svc.getCase(deps, actorOf(req), req.params.id)
      const p = await deps.db
        .selectFrom('wf_publicity')
        .selectAll()
        .where('case_id', '=', req.params.id)
        .where('round', '=', req.params.round)
        .executeTakeFirst()
      if (!p) throw new AppError('NOT_FOUND', { what: '公示', whatEn: 'The notice' })
      return {
        data: {
          typeLabel: d.def.label,
          place: p.place,
          startOn: p.start_on,
          endOn: p.end_on,
          regionCode: d.case.region_code,
          ...(await noticeHeading(deps.db, d.case.case_type, p.state, d.case.region_code, p.start_on)),
          items: publicItems(p.notice),
        },
      }
    },
  )

  app.get(
    '/api/publicity/batch',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'One village’s publicity list: every notice of a case type posted on one day, printable on one sheet',
        querystring: z.object({
          regionCode: z.string().regex(/^\d{12}$/),
          type: z.string().max(60),
          startOn: z.iso.date(),
        }),
        response: {
          200: single(
            z.object({
              ...NoticeHeading.shape,
              typeLabel: Text,
              place: z.string(),
              startOn: z.string(),
              endOn: z.string(),
              printedOn: z.string(),
              rows: z.array(
                z.object({ caseId: z.string(), items: z.array(z.object({ label: Text, value: z.string() })) }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await batchNotice(deps, actorOf(req), req.query) }),
  )

  app.get(
    '/api/inbox',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Open tasks of the user’s office for the user’s roles, soonest deadline first',
        querystring: PageQuery.omit({ order: true }),
        response: {
          200: paged(InboxItem).extend({ today: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { rows, total, today } = await svc.inbox(deps, actorOf(req), req.query)
      const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000
      const types = new Map(caseTypes().map((d) => [d.type, d]))
      const calendar = await loadCalendar(deps.db)
      return {
        data: rows.map((r) => {
          const def = types.get(r.case_type)
          const due = [r.due_on, r.case_due_on].filter((x): x is string => !!x).sort()[0] ?? null
          return {
            taskId: r.id,
            caseId: r.case_id,
            type: r.case_type,
            typeLabel: def?.label ?? { zh: r.case_type, en: r.case_type },
            state: r.state,
            stateLabel: def?.states[r.state]?.label ?? { zh: r.state, en: r.state },
            subjectName: r.subject_name,
            regionCode: r.region_code,
            dueOn: r.due_on,
            caseDueOn: r.case_due_on,
            daysLeft: due ? day(due) - day(today) : null,
            calendarMissing: svc.calendarMissing(
              calendar,
              { ...r, opened_on: today, due_on: r.case_due_on },
              { from: today, due: r.due_on },
            ),
            since: new Date(r.created_at).toISOString(),
          }
        }),
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        today,
      }
    },
  )

  app.get(
    '/api/publicity',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'The publicity board: notices being publicised now in the user’s area, ending soonest first',
        response: {
          200: single(z.object({ today: z.string(), items: z.array(PublicityBoardItem) })),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await svc.publicityBoard(deps, actorOf(req)) }),
  )
  app.get(
    '/api/workflow/overdue',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Overdue tasks, overdue open cases and cases finished late, in the user’s area',
        querystring: z.object({ type: z.string().max(60).optional() }),
        response: {
          200: single(OverdueReport),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const r = await svc.overdue(deps, actorOf(req), req.query)
      const c = (x: (typeof r.cases)[number]) => ({
        caseId: x.id,
        type: x.case_type,
        state: x.state,
        openedOn: x.opened_on,
        dueOn: x.due_on,
        subjectName: x.subject_name,
        regionCode: x.region_code,
        closedAt: x.closed_at ? new Date(x.closed_at).toISOString() : null,
      })
      return {
        data: {
          today: r.today,
          tasks: r.tasks.map((t) => ({
            caseId: t.case_id,
            type: t.case_type,
            state: t.state,
            dueOn: t.due_on,
            office: t.assignee_scope,
            subjectName: t.subject_name,
            regionCode: t.region_code,
          })),
          cases: r.cases.map(c),
          breaches: r.breaches.map(c),
        },
      }
    },
  )

  app.get(
    '/api/public/receipts/:code',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Progress of an application by its receipt code (no login; nothing personal)',
        params: z.object({ code: z.string().regex(/^[2-9A-Za-z]{5}-[2-9A-Za-z]{5}$/) }),
        response: {
          200: single(
            z.object({ type: Text, state: Text, openedOn: z.string(), updatedOn: z.string(), closed: z.boolean() }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await svc.caseByReceipt(deps, req.params.code) }),
  )

  const CalendarDay = z.object({
    date: z.string(),
    kind: z.enum(['holiday', 'workday']),
    name: z.string(),
    source: z.string(),
  })
  app.get(
    '/api/calendar',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Official holidays and make-up working days of a year (weekends are rest days otherwise)',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: single(z.array(CalendarDay)), ...errorResponses },
      },
    },
    async (req) => {
      const rows = await deps.db
        .selectFrom('calendar_day')
        .select(['date', 'kind', 'name', 'source'])
        .where('date', '>=', `${req.query.year}-01-01`)
        .where('date', '<=', `${req.query.year}-12-31`)
        .orderBy('date')
        .execute()
      return { data: rows }
    },
  )

  app.get(
    '/api/calendar/years',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Years whose official holiday schedule is loaded (other years count every weekday as a working day)',
        response: { 200: single(z.array(CalendarYear)), ...errorResponses },
      },
    },
    async () => ({ data: await loadedYears(deps.db) }),
  )

  app.put(
    '/api/calendar/years/:year',
    {
      config: { permission: 'calendar.edit' },
      schema: {
        tags,
        summary:
          'Load a year’s holidays and make-up working days from the State Council notice (days set by hand stay)',
        params: YearParams,
        body: YearScheduleBody,
        response: {
          200: single(
            z.object({ year: z.number(), holidays: z.number(), workdays: z.number(), keptManual: z.number() }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await loadYearSchedule(deps, actorOf(req), { year: req.params.year, ...req.body }) }),
  )

  app.put(
    '/api/calendar/:date',
    {
      config: { permission: 'calendar.edit' },
      schema: {
        tags,
        summary: 'Set a day as holiday or make-up working day, or back to the weekday rule (`kind: null`)',
        params: z.object({ date: z.iso.date() }),
        body: z.strictObject({ kind: z.enum(['holiday', 'workday']).nullable(), name: z.string().trim().max(40) }),
        response: { 200: single(z.object({ date: z.string(), working: z.boolean() })), ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req)
      requirePermission(actor, 'calendar.edit')
      const { date } = req.params
      await deps.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('calendar_day').selectAll().where('date', '=', date).executeTakeFirst()
        if (req.body.kind === null) await trx.deleteFrom('calendar_day').where('date', '=', date).execute()
        else {
          const row = {
            kind: req.body.kind,
            name: req.body.name || (req.body.kind === 'holiday' ? '休息日' : '工作日'),
            source: 'manual' as const,
            updated_by: actor.userId,
            updated_at: deps.clock.now(),
          }
          await trx
            .insertInto('calendar_day')
            .values({ date, ...row })
            .onConflict((oc) => oc.column('date').doUpdateSet(row))
            .execute()
        }
        await recordAudit(trx, deps, actor, {
          action: 'calendar.set',
          subjectType: 'calendar_day',
          subjectId: null,
          regionCode: null,
          before: before ?? null,
          after: { date, kind: req.body.kind, name: req.body.name },
        })
      })
      invalidateCalendar(deps.db)
      return { data: { date, working: (await loadCalendar(deps.db)).isWorkingDay(date) } }
    },
  )
}
