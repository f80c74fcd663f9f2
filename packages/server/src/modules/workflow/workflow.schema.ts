/** Request and response shapes of the workflow API, shared with the web app through `@xianjie/server/contract`. */
import { z } from 'zod'
import { IsoDate, Line, Year } from '../../platform/schema.ts'

export const Text = z.object({ zh: z.string(), en: z.string() })
export const Field = z.object({
  name: z.string(),
  label: Text,
  kind: z.string(),
  required: z.boolean().optional(),
  options: z.array(z.object({ value: z.string(), label: Text })).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxItems: z.number().optional(),
  help: Text.optional(),
})
export const CaseSummary = z.object({
  id: z.string(),
  type: z.string(),
  state: z.string(),
  version: z.number(),
  regionCode: z.string(),
  householdId: z.string().nullable(),
  personId: z.string().nullable(),
  subjectName: z.string(),
  data: z.record(z.string(), z.unknown()),
  openedOn: z.string(),
  dueOn: z.string().nullable(),
  stateSince: z.string(),
  stateDueOn: z.string().nullable(),
  calendarMissing: z
    .array(z.number())
    .describe(
      'Years without an official holiday schedule that a working-day deadline counts over (weekdays taken as working days)',
    ),
  closedAt: z.string().nullable(),
  receiptCode: z.string().nullable(),
})
export const CaseType = z.object({
  type: z.string(),
  label: Text,
  initial: z.string(),
  states: z.record(
    z.string(),
    z.object({
      label: Text,
      terminal: z.boolean(),
      assignee: z.object({ roles: z.array(z.string()), level: z.string() }).nullable(),
      publicity: z.boolean(),
    }),
  ),
  openFields: z.array(Field),
  canOpen: z.boolean(),
})
export const CaseDetail = z.object({
  case: CaseSummary,
  typeLabel: Text,
  stateLabel: Text,
  fields: z
    .record(z.string(), z.object({ label: Text, options: z.record(z.string(), Text).optional() }))
    .describe('Label (and option labels) of every form field of this case type, to show recorded values by name'),
  transitions: z.array(
    z.object({
      seq: z.number(),
      event: z.string(),
      label: Text,
      from: z.string(),
      to: z.string(),
      actor: z.string(),
      at: z.string(),
      comment: z.string().nullable(),
      values: z.record(z.string(), z.unknown()),
    }),
  ),
  publicity: z.array(
    z.object({
      round: z.number(),
      place: z.string(),
      startOn: z.string(),
      endOn: z.string(),
      closedReason: z.enum(['completed', 'objection', 'withdrawn']).nullable(),
      objections: z.array(z.object({ receivedOn: z.string(), objector: z.string().nullable(), content: z.string() })),
    }),
  ),
  attachments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      size: z.number(),
      sha256: z.string(),
      uploadedAt: z.string(),
      uploadedBy: z.string().nullable(),
    }),
  ),
  actions: z.array(
    z.object({
      event: z.string(),
      label: Text,
      to: z.string(),
      toLabel: Text,
      fields: z.array(Field),
      comment: z.enum(['required', 'optional']),
      blocked: Text.optional(),
      initial: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('Initial form values (field name → value), e.g. the registry’s current figures'),
    }),
  ),
  today: z.string(),
})

export const InboxItem = z.object({
  taskId: z.string(),
  caseId: z.string(),
  type: z.string(),
  typeLabel: Text,
  state: z.string(),
  stateLabel: Text,
  subjectName: z.string(),
  regionCode: z.string(),
  dueOn: z.string().nullable(),
  caseDueOn: z.string().nullable(),
  daysLeft: z.number().nullable(),
  calendarMissing: z
    .array(z.number())
    .describe(
      'Years without an official holiday schedule that a working-day deadline counts over (weekdays taken as working days)',
    ),
  since: z.string(),
})

const LateCase = z.object({
  caseId: z.string(),
  type: z.string(),
  state: z.string(),
  openedOn: z.string(),
  dueOn: z.string().nullable(),
  subjectName: z.string(),
  regionCode: z.string(),
  closedAt: z.string().nullable(),
})

export const OverdueReport = z.object({
  today: z.string(),
  tasks: z.array(
    z.object({
      caseId: z.string(),
      type: z.string(),
      state: z.string(),
      dueOn: z.string().nullable(),
      office: z.string(),
      subjectName: z.string(),
      regionCode: z.string(),
    }),
  ),
  cases: z.array(LateCase),
  breaches: z.array(LateCase),
})

/** One notice on the publicity board: a round being publicised now in the user's area. */
export const PublicityBoardItem = z.object({
  caseId: z.string(),
  type: z.string(),
  round: z.number(),
  place: z.string(),
  startOn: z.string(),
  endOn: z.string(),
  /** Days until the publicity ends (0 on its last day). */
  daysLeft: z.number(),
  subjectName: z.string(),
  regionCode: z.string(),
  objections: z.number(),
})

const ScheduleDay = z.strictObject({ date: IsoDate, name: Line(40, 1).describe('e.g. 春节, 春节调休') })

/** A year's official schedule as the State Council notice gives it (the body of PUT /api/calendar/years/:year). */
export const YearScheduleBody = z.strictObject({
  notice: Line(200, 4).describe('Citation of the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知'),
  holidays: z.array(ScheduleDay).min(1).max(60).describe('Rest days of the public holidays'),
  workdays: z.array(ScheduleDay).max(20).describe('Make-up working days (调休上班) on weekends'),
})
export type YearScheduleBody = z.infer<typeof YearScheduleBody>
export const YearParams = z.object({ year: Year })

export const CalendarYear = z.object({
  year: z.number(),
  source: z.enum(['chinese-days', 'notice']).describe('Shipped with the software, or loaded from a notice'),
  notice: z.string().nullable(),
  loadedAt: z.string(),
})
