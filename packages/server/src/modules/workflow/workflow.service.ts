/**
 * The one workflow mechanism every case type runs on: open a case, act on it (guarded by state, role, region scope,
 * separation of duties, publicity period and the type's own guards), with an optimistic version check, the state's
 * task in the right office's inbox, deadlines from catalogue parameters and the working-day calendar, and an audit
 * row per transition in the same transaction.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { maskSensitive } from '../../platform/privacy.ts'
import { FORM_NUMBER_MAX, FreeText, IsoDate, Line } from '../../platform/schema.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, inScope, scopeCondition, systemActor } from '../auth/actor.ts'
import { dayLimit } from '../policy/parameters.service.ts'
import { validateRegionCode } from '../regions/regions.service.ts'
import { loadCalendar, type WorkCalendar } from './calendar.ts'
import {
  type CaseTypeDef,
  type CaseView,
  caseType,
  caseTypes as caseTypeList,
  type FieldSpec,
  levelDigits,
  type Refusal,
  STAY,
  type Text,
  type TransitionContext,
  type TransitionDef,
} from './definition.ts'
import type { WfCaseRow, WfPublicityRow, WfTransitionRow } from './workflow.table.ts'

type Data = Record<string, unknown>
type Def = CaseTypeDef<Data>

/** Built-in events every case type has where it applies. */
export const RETURN = 'RETURN'
export const OBJECT = 'OBJECT'

const returnText: Text = { zh: '退回修改', en: 'Return for correction' }
const objectText: Text = { zh: '登记公示异议', en: 'Record an objection' }
const objectionFields: FieldSpec[] = [
  { name: 'receivedOn', label: { zh: '收到日期', en: 'Received on' }, kind: 'date', required: true },
  { name: 'objector', label: { zh: '异议人（可匿名）', en: 'Objector (may be anonymous)' }, kind: 'text' },
  { name: 'content', label: { zh: '异议内容', en: 'Objection' }, kind: 'textarea', required: true },
]

function defOf(type: string): Def {
  const def = caseType(type)
  if (!def) throw new AppError('NOT_FOUND', { what: `案件类型 ${type}`, whatEn: `Case type ${type}` })
  return def
}

function canRead(actor: Actor, def: Def): boolean {
  return actor === systemActor || actor.roles.some((r) => def.readRoles.includes(r))
}

const hasRole = (actor: Actor, roles: readonly string[]) =>
  actor === systemActor || actor.roles.some((r) => roles.includes(r))

// ── form fields ────────────────────────────────────────────────────────────────────────────────────────────────

function fieldSchema(f: FieldSpec): z.ZodType {
  let s: z.ZodType
  switch (f.kind) {
    case 'text':
      s = Line(200, 1)
      break
    case 'textarea':
      s = FreeText(5000, 1)
      break
    case 'integer':
      s = z
        .number()
        .int()
        .min(f.min ?? -FORM_NUMBER_MAX)
        .max(f.max ?? FORM_NUMBER_MAX)
      break
    case 'number':
      s = z
        .number()
        .min(f.min ?? -FORM_NUMBER_MAX)
        .max(f.max ?? FORM_NUMBER_MAX)
      break
    case 'money':
      s = z
        .number()
        .min(f.min ?? 0)
        .max(f.max ?? 1e10)
        .refine((v) => Math.round(v * 100) === Number((v * 100).toFixed(6)), '最多两位小数 at most 2 decimals')
      break
    case 'date':
      s = IsoDate
      break
    case 'boolean':
      s = z.boolean()
      break
    case 'select':
      s = z.enum((f.options ?? []).map((o) => o.value) as [string, ...string[]])
      break
    case 'multiselect':
      s = z
        .array(z.enum((f.options ?? []).map((o) => o.value) as [string, ...string[]]))
        .min(f.required ? 1 : 0)
        .max(f.maxItems ?? 100)
        .refine((a) => new Set(a).size === a.length, '不能重复 no duplicates')
      break
  }
  return f.required ? s : s.optional().nullable()
}

/** Validates form values against the declared fields; unknown fields and type errors name the field in zh and en. */
export function validateFields(fields: readonly FieldSpec[] | undefined, values: unknown): Data {
  const shape: Record<string, z.ZodType> = {}
  for (const f of fields ?? []) shape[f.name] = fieldSchema(f)
  const parsed = z.strictObject(shape).safeParse(values ?? {})
  if (parsed.success) return parsed.data as Data
  const byName = new Map((fields ?? []).map((f) => [f.name, f]))
  throw new AppError('VALIDATION_FAILED', {
    issues: parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? (i.code === 'unrecognized_keys' ? i.keys.join(', ') : ''))
      const f = byName.get(name)
      return {
        field: name,
        message: `${f ? f.label.zh : name}：${i.code === 'unrecognized_keys' ? '未知字段' : i.message}`,
        messageEn: `${f ? f.label.en : name}: ${i.code === 'unrecognized_keys' ? 'unknown field' : i.message}`,
      }
    }),
  })
}

// ── deadlines and tasks ────────────────────────────────────────────────────────────────────────────────────────

function deadline(calendar: WorkCalendar, parameter: string, region: string, from: string): string {
  const limit = dayLimit(parameter, region, from)
  return calendar.deadline(from, limit.days, limit.unit)
}

/**
 * Years without an official holiday schedule that a working-day deadline of a case counts over — its overall limit
 * (from the day it was opened) or its current step's (from `stepFrom`): those deadlines took every weekday there as a
 * working day and may move when the year's schedule is loaded (issue 17, finding 12; docs/workflow.md).
 */
export function calendarMissing(
  calendar: WorkCalendar,
  c: { case_type: string; state: string; region_code: string; opened_on: string; due_on: string | null },
  step: { from: string; due: string | null },
): number[] {
  const def = caseType(c.case_type)
  if (!def) return []
  const working = (parameter: string | undefined, from: string) =>
    !!parameter && dayLimit(parameter, c.region_code, from).unit === 'working_days'
  const years = new Set<number>()
  if (c.due_on && working(def.limit, c.opened_on))
    for (const y of calendar.missingYears(c.opened_on, c.due_on)) years.add(y)
  if (step.due && working(def.states[c.state]?.limit, step.from))
    for (const y of calendar.missingYears(step.from, step.due)) years.add(y)
  return [...years].sort()
}

const PUBLIC_UNSAFE = [
  { re: /\d{17}[\dXx]|\d{15}/, zh: '身份证号码', en: 'an ID number' },
  { re: /(?<!\d)1[3-9]\d{9}(?!\d)/, zh: '手机号码', en: 'a mobile number' },
  { re: /(?<!\d)\d{16,19}(?!\d)/, zh: '银行账号', en: 'a bank account' },
  // health and disability are sensitive (§12): no illness, disability or diagnosis on a public notice
  {
    re: /因病|因残|疾病|残疾|伤残|病残|重病|大病|慢性病|精神|患有|诊断|住院/,
    zh: '健康或残疾信息',
    en: 'health or disability details',
  },
]

/** The items of a stored notice that may still be shown (notices posted before a rule was added are filtered). */
export function publicItems<T extends { label: Text; value: string }>(notice: T[]): T[] {
  return notice.filter((i) => !PUBLIC_UNSAFE.some((p) => p.re.test(i.value) || p.re.test(i.label.zh)))
}

/** A public notice must not carry ID numbers, phones, bank accounts or health details (domain.md §7.0, §12). */
export function assertPublicSafe(notice: Array<{ label: Text; value: string }>): void {
  for (const item of notice) {
    for (const p of PUBLIC_UNSAFE) {
      if (p.re.test(item.value) || p.re.test(item.label.zh)) {
        throw new AppError('PRECONDITION_FAILED', {
          reason: `公示内容「${item.label.zh}」含有${p.zh}，不得公示`,
          reasonEn: `the public notice field "${item.label.en}" contains ${p.en}, which must not be published`,
        })
      }
    }
  }
}

function toView(row: WfCaseRow): CaseView<Data> {
  return { ...row, data: row.data ?? {} }
}

/** Enters `state`: sets its deadline, puts its task in the responsible office's inbox, posts its publicity. */
async function enterState(
  trx: Transaction<Database>,
  deps: AppDeps,
  def: Def,
  c: CaseView<Data>,
  state: string,
  today: string,
  calendar: WorkCalendar,
  actor: Actor,
): Promise<{ state_due_on: string | null; closed_at: Date | null }> {
  const s = def.states[state]!
  const now = deps.clock.now()
  if (s.terminal) return { state_due_on: null, closed_at: now }
  const due = s.limit ? deadline(calendar, s.limit, c.region_code, today) : null
  if (s.assignee) {
    await trx
      .insertInto('wf_task')
      .values({
        id: randomUUID(),
        case_id: c.id,
        case_type: def.type,
        state,
        assignee_roles: [...s.assignee.roles],
        assignee_scope: c.region_code.slice(0, levelDigits[s.assignee.level]),
        region_code: c.region_code,
        due_on: due,
        created_at: now,
      })
      .execute()
  }
  if (s.publicity) {
    const notice = def.notice ? def.notice(c) : [{ label: { zh: '姓名', en: 'Name' }, value: c.subject_name }]
    assertPublicSafe(notice)
    const limit = dayLimit(s.publicity.days, c.region_code, today)
    const last = await trx
      .selectFrom('wf_publicity')
      .select((eb) => eb.fn.max('round').as('round'))
      .where('case_id', '=', c.id)
      .executeTakeFirst()
    await trx
      .insertInto('wf_publicity')
      .values({
        id: randomUUID(),
        case_id: c.id,
        round: Number(last?.round ?? 0) + 1,
        state,
        place: s.publicity.place.zh,
        start_on: today,
        end_on: calendar.lastDayOfPeriod(today, limit.days, limit.unit),
        notice: JSON.stringify(notice),
        posted_by: actor.userId,
        posted_at: now,
      })
      .execute()
  }
  return { state_due_on: due, closed_at: null }
}

// ── open ───────────────────────────────────────────────────────────────────────────────────────────────────────

export interface OpenCaseInput {
  regionCode?: string
  householdId?: string
  personId?: string
  subjectName?: string
  /** Day the overall clock starts (defaults to today). */
  openedOn?: string
  values?: unknown
  comment?: string | null
  /** Give the case a receipt code the applicant can check progress with. */
  receipt?: boolean
}

/**
 * Opens a case in its initial state. Inside `trx` when given (a module opening a case as part of its own change),
 * else in a new transaction.
 */
export async function openCase(
  deps: AppDeps,
  actor: Actor,
  type: string,
  input: OpenCaseInput,
  trx?: Transaction<Database>,
): Promise<CaseView<Data>> {
  if (!trx) return deps.db.transaction().execute((t) => openCase(deps, actor, type, input, t))
  const def = defOf(type)
  if (!hasRole(actor, def.openRoles)) throw new AppError('FORBIDDEN', { reason: def.label.zh })
  const values = validateFields(def.openFields, input.values)
  let region = input.regionCode
  let subject = input.subjectName ?? ''
  if (input.householdId) {
    const h = await trx
      .selectFrom('household')
      .leftJoin('person', 'person.id', 'household.head_person_id')
      .select(['household.region_code', 'person.name'])
      .where('household.id', '=', input.householdId)
      .where(scopeCondition(actor, 'household.region_code'))
      .executeTakeFirst()
    if (!h) throw new AppError('NOT_FOUND', { what: '农户', whatEn: 'The household' })
    region = h.region_code
    subject ||= h.name ?? ''
  }
  if (input.personId) {
    const p = await trx
      .selectFrom('person')
      .innerJoin('household', 'household.id', 'person.household_id')
      .select(['household.region_code', 'person.name'])
      .where('person.id', '=', input.personId)
      .where(scopeCondition(actor, 'household.region_code'))
      .executeTakeFirst()
    if (!p) throw new AppError('NOT_FOUND', { what: '人员', whatEn: 'The person' })
    region ??= p.region_code
    subject ||= p.name
  }
  if (!region || !/^\d{12}$/.test(region)) {
    throw new AppError('REGION_INVALID', {
      code: region ?? '',
      reason: '需要村级区划',
      reasonEn: 'a village is needed',
    })
  }
  // a code given by hand (not the household's) must be a current village of the division table
  if (region === input.regionCode) await validateRegionCode(trx, region, { level: 5 })
  if (!inScope(actor, region)) throw new AppError('NOT_FOUND', { what: '区划', whatEn: 'The region' })

  const now = deps.clock.now()
  const today = chinaDate(now)
  const openedOn = input.openedOn ?? today
  if (openedOn > today) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'openedOn', message: '日期不能晚于今天', messageEn: 'the date cannot be in the future' }],
    })
  }
  const calendar = await loadCalendar(deps.db, trx)
  const row: WfCaseRow = {
    id: randomUUID(),
    case_type: def.type,
    state: def.initial,
    version: 1,
    county_code: region.slice(0, 6),
    region_code: region,
    household_id: input.householdId ?? null,
    person_id: input.personId ?? null,
    subject_name: subject,
    data: values,
    opened_on: openedOn,
    due_on: def.limit ? deadline(calendar, def.limit, region, openedOn) : null,
    state_since: now,
    state_due_on: null,
    closed_at: null,
    receipt_code: input.receipt ? receiptCode() : null,
    opened_by: actor.userId,
    created_at: now,
    updated_at: now,
  }
  const c = toView(row)
  await trx
    .insertInto('wf_case')
    .values({ ...row, data: JSON.stringify(row.data) })
    .execute()
  const entered = await enterState(trx, deps, def, c, def.initial, today, calendar, actor)
  await trx.updateTable('wf_case').set(entered).where('id', '=', row.id).execute()
  Object.assign(c, entered)
  await trx
    .insertInto('wf_transition')
    .values({
      id: randomUUID(),
      case_id: c.id,
      seq: 0,
      event: 'OPEN',
      from_state: '',
      to_state: def.initial,
      actor_id: actor.userId,
      actor_name: actor.username,
      at: now,
      on_date: today,
      comment: input.comment ?? null,
      payload: JSON.stringify(maskSensitive(values)),
    })
    .execute()
  await recordAudit(trx, deps, actor, {
    action: `case.${def.type}.open`,
    subjectType: 'case',
    subjectId: c.id,
    regionCode: region,
    after: { state: def.initial, householdId: c.household_id, personId: c.person_id, values },
  })
  return c
}

const RECEIPT_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
function receiptCode(): string {
  const bytes = randomBytes(10)
  let s = ''
  for (const b of bytes) s += RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]
  return `${s.slice(0, 5)}-${s.slice(5)}`
}

// ── act ────────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ActInput {
  event: string
  /** The case version the user saw; a different current version is a conflict. */
  version: number
  values?: unknown
  comment?: string | null
}

/** The transition an event means in the case's current state, including the built-in return and objection. */
function resolveTransition(def: Def, state: string, event: string): TransitionDef<Data> | undefined {
  if (event === RETURN) {
    if (!def.returnable?.from.includes(state)) return undefined
    return { event: RETURN, label: returnText, from: [state], to: '', roles: def.returnable.roles, comment: 'required' }
  }
  const s = def.states[state]
  if (event === OBJECT) {
    if (!s?.publicity || !s.assignee) return undefined
    return {
      event: OBJECT,
      label: objectText,
      from: [state],
      to: s.publicity.objectionTo,
      roles: s.assignee.roles,
      fields: objectionFields,
    }
  }
  return def.transitions.find((t) => t.event === event && t.from.includes(state))
}

async function lockCase(trx: Transaction<Database>, actor: Actor, id: string): Promise<WfCaseRow> {
  const row = await trx
    .selectFrom('wf_case')
    .selectAll()
    .where('id', '=', id)
    .where(scopeCondition(actor, 'region_code'))
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', { what: '案件', whatEn: 'The case' })
  return row
}

/** Performs `input.event` on a case. Everything it changes commits together with its audit row, or nothing does. */
export async function act(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: ActInput,
  trx?: Transaction<Database>,
): Promise<CaseView<Data>> {
  if (!trx) return deps.db.transaction().execute((t) => act(deps, actor, caseId, input, t))
  const row = await lockCase(trx, actor, caseId)
  const def = defOf(row.case_type)
  if (!canRead(actor, def)) throw new AppError('NOT_FOUND', { what: '案件', whatEn: 'The case' })
  if (row.version !== input.version) {
    const last = await trx
      .selectFrom('wf_transition')
      .select(['event', 'actor_name', 'at', 'to_state'])
      .where('case_id', '=', caseId)
      .orderBy('seq', 'desc')
      .executeTakeFirst()
    const st = def.states[row.state]?.label
    throw new AppError('CONFLICT', {
      what: `${last?.actor_name ?? ''} 已办理，案件现处于「${st?.zh ?? row.state}」`,
      whatEn: `${last?.actor_name ?? ''} acted first; the case is now at "${st?.en ?? row.state}"`,
      currentVersion: row.version,
      state: row.state,
    })
  }
  const stateDef = def.states[row.state]!
  const t = resolveTransition(def, row.state, input.event)
  if (!t) {
    const ev = def.transitions.find((x) => x.event === input.event)?.label
    throw new AppError('TRANSITION_NOT_ALLOWED', {
      state: stateDef.label.zh,
      stateEn: stateDef.label.en,
      event: ev?.zh ?? input.event,
      eventEn: ev?.en ?? input.event,
    })
  }
  if (!hasRole(actor, t.roles)) throw new AppError('FORBIDDEN', { reason: t.label.zh })
  const values = validateFields(t.fields, input.values)
  const comment = input.comment?.trim() || null
  if (t.comment === 'required' && !comment) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'comment', message: '请填写办理意见', messageEn: 'a comment is required' }],
    })
  }
  if (t.separateFrom?.length && actor.userId) {
    const earlier = await trx
      .selectFrom('wf_transition')
      .select('event')
      .where('case_id', '=', caseId)
      .where('event', 'in', [...t.separateFrom])
      .where('actor_id', '=', actor.userId)
      .executeTakeFirst()
    if (earlier) {
      const by = def.transitions.find((x) => x.event === earlier.event)?.label ?? {
        zh: earlier.event,
        en: earlier.event,
      }
      throw new AppError('SEPARATION_OF_DUTY', {
        reason: `办理过「${by.zh}」的人员不能办理「${t.label.zh}」`,
        reasonEn: `whoever did "${by.en}" on this case cannot do "${t.label.en}"`,
      })
    }
  }
  const now = deps.clock.now()
  const today = chinaDate(now)
  const calendar = await loadCalendar(deps.db, trx)
  const c = toView(row)

  let to = t.to === STAY ? row.state : t.to
  if (input.event === RETURN) {
    const back = await trx
      .selectFrom('wf_transition')
      .select('from_state')
      .where('case_id', '=', caseId)
      .where('to_state', '=', row.state)
      .where('from_state', '!=', row.state)
      .where('from_state', '!=', '')
      .orderBy('seq', 'desc')
      .executeTakeFirst()
    if (!back) {
      throw new AppError('TRANSITION_NOT_ALLOWED', {
        state: stateDef.label.zh,
        stateEn: stateDef.label.en,
        event: returnText.zh,
        eventEn: returnText.en,
      })
    }
    to = back.from_state
  }

  const publicity = stateDef.publicity
    ? await trx
        .selectFrom('wf_publicity')
        .selectAll()
        .where('case_id', '=', caseId)
        .where('closed_at', 'is', null)
        .orderBy('round', 'desc')
        .executeTakeFirst()
    : undefined
  const leavesForward = to !== row.state && input.event !== OBJECT && input.event !== RETURN && !t.ignoresPublicity
  if (publicity && leavesForward && today <= publicity.end_on) {
    throw new AppError('PRECONDITION_FAILED', {
      reason: `公示期至 ${publicity.end_on} 结束，期满且无异议后方可办理`,
      reasonEn: `the publicity runs until ${publicity.end_on}; this step is possible once it has ended without objection`,
      publicityEndsOn: publicity.end_on,
    })
  }

  const ctx: TransitionContext<Data> = { trx, deps, actor, case: c, values, comment, today, calendar }
  const refusal: Refusal | undefined = t.guard ? await t.guard(ctx) : undefined
  if (refusal) {
    throw new AppError('PRECONDITION_FAILED', { reason: refusal.zh, reasonEn: refusal.en, ...(refusal.details ?? {}) })
  }
  const merged = { ...c.data, ...((t.effect ? await t.effect(ctx) : undefined) ?? {}) }

  if (input.event === OBJECT && publicity) {
    const received = String(values.receivedOn)
    if (received > today || received < publicity.start_on) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [
          {
            field: 'receivedOn',
            message: `收到日期应在公示开始（${publicity.start_on}）与今天之间`,
            messageEn: `the date received must be between the start of the publicity (${publicity.start_on}) and today`,
          },
        ],
      })
    }
    await trx
      .insertInto('wf_objection')
      .values({
        id: randomUUID(),
        publicity_id: publicity.id,
        case_id: caseId,
        received_on: String(values.receivedOn),
        objector: (values.objector as string | null | undefined) ?? null,
        content: String(values.content),
        recorded_by: actor.userId,
        recorded_at: now,
      })
      .execute()
  }
  let entered: { state_due_on: string | null; closed_at: Date | null } = {
    state_due_on: row.state_due_on,
    closed_at: row.closed_at,
  }
  if (to !== row.state) {
    if (publicity) {
      await trx
        .updateTable('wf_publicity')
        .set({
          closed_at: now,
          closed_reason: input.event === OBJECT ? 'objection' : leavesForward ? 'completed' : 'withdrawn',
        })
        .where('id', '=', publicity.id)
        .execute()
    }
    await trx
      .updateTable('wf_task')
      .set({ done_at: now, done_by: actor.userId, done_event: input.event })
      .where('case_id', '=', caseId)
      .where('done_at', 'is', null)
      .execute()
    entered = await enterState(trx, deps, def, { ...c, data: merged }, to, today, calendar, actor)
  }
  const updated = await trx
    .updateTable('wf_case')
    .set({
      state: to,
      version: row.version + 1,
      data: JSON.stringify(merged),
      ...(to !== row.state ? { state_since: now } : {}),
      state_due_on: entered.state_due_on,
      closed_at: entered.closed_at,
      updated_at: now,
    })
    .where('id', '=', caseId)
    .where('version', '=', row.version)
    .returningAll()
    .executeTakeFirst()
  if (!updated) throw new AppError('CONFLICT', { what: '案件', whatEn: 'the case' })
  const seq = await trx
    .selectFrom('wf_transition')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('case_id', '=', caseId)
    .executeTakeFirst()
  await trx
    .insertInto('wf_transition')
    .values({
      id: randomUUID(),
      case_id: caseId,
      seq: Number(seq?.seq ?? 0) + 1,
      event: input.event,
      from_state: row.state,
      to_state: to,
      actor_id: actor.userId,
      actor_name: actor.username,
      at: now,
      on_date: today,
      comment,
      payload: JSON.stringify(maskSensitive(values)),
    })
    .execute()
  await recordAudit(trx, deps, actor, {
    action: `case.${def.type}.${input.event.toLowerCase()}`,
    subjectType: 'case',
    subjectId: caseId,
    regionCode: row.region_code,
    before: { state: row.state, version: row.version },
    after: { state: to, version: row.version + 1, values, comment },
  })
  return toView(updated)
}

// ── read ───────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ActionView {
  event: string
  label: Text
  to: string
  fields: readonly FieldSpec[]
  comment: 'required' | 'optional'
  /** Why it cannot be done yet (publicity running), when that is known without running guards. */
  blocked?: Text
  /** Initial form values from the transition's `prefill` (e.g. the registry's current figures). */
  initial?: Record<string, unknown>
}

export interface CaseDetail {
  case: CaseView<Data>
  def: Def
  transitions: WfTransitionRow[]
  publicity: Array<
    WfPublicityRow & { objections: Array<{ receivedOn: string; objector: string | null; content: string }> }
  >
  actions: ActionView[]
  attachments: Awaited<ReturnType<typeof listAttachments>>
  /** Labels of every value a case of this type records, by field name: recorded values are shown by label. */
  fieldLabels: FieldLabels
  today: string
}

/** Field name → its label, and its options' labels by value. */
export type FieldLabels = Readonly<Record<string, { label: Text; options?: Record<string, Text> }>>

const fieldLabelsByDef = new WeakMap<Def, FieldLabels>()

/** The labels of a case type's form fields (opening, transitions, objections) and of the data it records itself. */
function fieldLabelsOf(def: Def): FieldLabels {
  let labels = fieldLabelsByDef.get(def)
  if (!labels) {
    const fields = [...(def.openFields ?? []), ...def.transitions.flatMap((t) => t.fields ?? []), ...objectionFields]
    labels = {
      ...Object.fromEntries(Object.entries(def.dataLabels ?? {}).map(([name, label]) => [name, { label }])),
      ...Object.fromEntries(
        fields.map((f) => [
          f.name,
          {
            label: f.label,
            ...(f.options ? { options: Object.fromEntries(f.options.map((o) => [o.value, o.label])) } : {}),
          },
        ]),
      ),
    }
    fieldLabelsByDef.set(def, labels)
  }
  return labels
}

export async function getCase(deps: AppDeps, actor: Actor, id: string): Promise<CaseDetail> {
  const row = await getCaseRow(deps, actor, id)
  const def = defOf(row.case_type)
  const [transitions, rounds, objections, attachments] = await Promise.all([
    // who acted, as officials know them: the display name (the recorded login name only for a removed user)
    deps.db
      .selectFrom('wf_transition')
      .leftJoin('app_user', 'app_user.id', 'wf_transition.actor_id')
      .selectAll('wf_transition')
      .select(sql<string>`coalesce(app_user.display_name, wf_transition.actor_name)`.as('actor_name'))
      .where('wf_transition.case_id', '=', id)
      .orderBy('wf_transition.seq')
      .execute(),
    deps.db.selectFrom('wf_publicity').selectAll().where('case_id', '=', id).orderBy('round').execute(),
    deps.db.selectFrom('wf_objection').selectAll().where('case_id', '=', id).orderBy('recorded_at').execute(),
    attachmentsOf(deps, id),
  ])
  const today = chinaDate(deps.clock.now())
  const open = rounds.find((r) => !r.closed_at)
  const candidates = [...def.transitions.filter((t) => t.from.includes(row.state)).map((t) => t.event), RETURN, OBJECT]
  const actions: ActionView[] = []
  for (const event of candidates) {
    const t = resolveTransition(def, row.state, event)
    if (!t || !hasRole(actor, t.roles)) continue
    if (event === RETURN && !transitions.some((x) => x.to_state === row.state && x.from_state !== row.state)) continue
    const to = t.to === STAY ? row.state : t.to
    const forward = to !== row.state && event !== OBJECT && event !== RETURN && !t.ignoresPublicity
    const initial = t.prefill ? await t.prefill({ db: deps.db, deps, actor, case: toView(row), today }) : undefined
    actions.push({
      event,
      label: t.label,
      to,
      fields: t.fields ?? [],
      comment: t.comment ?? 'optional',
      ...(initial ? { initial } : {}),
      ...(open && forward && today <= open.end_on
        ? { blocked: { zh: `公示期至 ${open.end_on}`, en: `publicity until ${open.end_on}` } }
        : {}),
    })
  }
  return {
    case: toView(row),
    def,
    transitions: transitions.map((t) => ({ ...t, payload: t.payload ?? {} })),
    publicity: rounds.map((r) => ({
      ...r,
      objections: objections
        .filter((o) => o.publicity_id === r.id)
        .map((o) => ({ receivedOn: o.received_on, objector: o.objector, content: o.content })),
    })),
    actions,
    attachments,
    fieldLabels: fieldLabelsOf(def),
    today,
  }
}

export interface CaseQuery {
  type?: string | undefined
  state?: string | undefined
  region?: string | undefined
  open?: boolean | undefined
  householdId?: string | undefined
  page: number
  pageSize: number
}

export async function listCases(deps: AppDeps, actor: Actor, q: CaseQuery) {
  const readable = [...new Set(caseTypesReadable(actor))]
  if (!readable.length) return { rows: [], total: 0 }
  let query = deps.db
    .selectFrom('wf_case')
    .where(scopeCondition(actor, 'region_code'))
    .where('case_type', 'in', q.type ? readable.filter((t) => t === q.type) : readable)
  if (q.type && !readable.includes(q.type)) return { rows: [], total: 0 }
  if (q.state) query = query.where('state', '=', q.state)
  if (q.region) query = query.where('region_code', 'like', `${q.region.replace(/0+$/, '')}%`)
  if (q.open !== undefined) query = query.where('closed_at', q.open ? 'is' : 'is not', null)
  if (q.householdId) query = query.where('household_id', '=', q.householdId)
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('updated_at', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
  ])
  return { rows: rows.map(toView), total: Number(count?.n ?? 0) }
}

export function caseTypesReadable(actor: Actor): string[] {
  return caseTypeList()
    .filter((d) => canRead(actor, d))
    .map((d) => d.type)
}

/** The open tasks of the actor's office for the actor's roles, soonest deadline first. */
export async function inbox(deps: AppDeps, actor: Actor, q: { page: number; pageSize: number }) {
  const base = deps.db
    .selectFrom('wf_task')
    .innerJoin('wf_case', 'wf_case.id', 'wf_task.case_id')
    .where('wf_task.done_at', 'is', null)
    .where('wf_task.assignee_scope', '=', actor.scope)
    .where(sql<boolean>`wf_task.assignee_roles && ${sql.val([...actor.roles])}::text[]`)
  const [rows, count] = await Promise.all([
    base
      .select([
        'wf_task.id',
        'wf_task.case_id',
        'wf_task.case_type',
        'wf_task.state',
        'wf_task.due_on',
        'wf_task.created_at',
        'wf_case.subject_name',
        'wf_case.region_code',
        'wf_case.due_on as case_due_on',
        'wf_case.version',
      ])
      .orderBy(sql`wf_task.due_on asc nulls last`)
      .orderBy('wf_task.created_at')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
  ])
  return { rows, total: Number(count?.n ?? 0), today: chinaDate(deps.clock.now()) }
}

/**
 * Overdue work in the actor's area: open tasks past their deadline, open cases past their overall limit, and cases
 * that finished after it (the SLA-breach report of domain.md §7.1).
 */
export async function overdue(deps: AppDeps, actor: Actor, q: { type?: string | undefined }) {
  const today = chinaDate(deps.clock.now())
  const readable = caseTypesReadable(actor).filter((t) => !q.type || t === q.type)
  if (!readable.length) return { today, tasks: [], cases: [], breaches: [] }
  const tasks = await deps.db
    .selectFrom('wf_task')
    .innerJoin('wf_case', 'wf_case.id', 'wf_task.case_id')
    .select([
      'wf_task.case_id',
      'wf_task.case_type',
      'wf_task.state',
      'wf_task.due_on',
      'wf_task.assignee_scope',
      'wf_case.subject_name',
      'wf_case.region_code',
    ])
    .where('wf_task.done_at', 'is', null)
    .where('wf_task.due_on', '<', today)
    .where('wf_task.case_type', 'in', readable)
    .where(scopeCondition(actor, 'wf_task.region_code'))
    .orderBy('wf_task.due_on')
    .limit(1000)
    .execute()
  const cases = await deps.db
    .selectFrom('wf_case')
    .select(['id', 'case_type', 'state', 'due_on', 'opened_on', 'subject_name', 'region_code', 'closed_at'])
    .where('due_on', 'is not', null)
    .where('case_type', 'in', readable)
    .where(scopeCondition(actor, 'region_code'))
    .where((eb) =>
      eb.or([
        eb.and([eb('closed_at', 'is', null), eb('due_on', '<', today)]),
        eb.and([
          eb('closed_at', 'is not', null),
          sql<boolean>`(closed_at at time zone 'Asia/Shanghai')::date > due_on`,
        ]),
      ]),
    )
    .orderBy('due_on')
    .limit(1000)
    .execute()
  return {
    today,
    tasks,
    cases: cases.filter((c) => !c.closed_at),
    breaches: cases.filter((c) => c.closed_at),
  }
}

/** The publicity board: rounds being publicised today in the actor's area, ending soonest first. */
export async function publicityBoard(deps: AppDeps, actor: Actor) {
  const today = chinaDate(deps.clock.now())
  const readable = caseTypesReadable(actor)
  if (!readable.length) return { today, items: [] }
  const rows = await deps.db
    .selectFrom('wf_publicity as p')
    .innerJoin('wf_case as c', 'c.id', 'p.case_id')
    .select((eb) => [
      'p.case_id',
      'c.case_type',
      'p.round',
      'p.place',
      'p.start_on',
      'p.end_on',
      'c.subject_name',
      'c.region_code',
      eb
        .selectFrom('wf_objection as o')
        .select((o) => o.fn.countAll<string>().as('n'))
        .whereRef('o.publicity_id', '=', 'p.id')
        .as('objections'),
    ])
    .where('p.closed_at', 'is', null)
    .where('p.start_on', '<=', today)
    .where('c.case_type', 'in', readable)
    .where(scopeCondition(actor, 'c.region_code'))
    .orderBy('p.end_on')
    .orderBy('c.region_code')
    .limit(1000)
    .execute()
  const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000)
  return {
    today,
    items: rows.map((r) => ({
      caseId: r.case_id,
      type: r.case_type,
      round: r.round,
      place: r.place,
      startOn: r.start_on,
      endOn: r.end_on,
      daysLeft: Math.max(0, days(today, r.end_on)),
      subjectName: r.subject_name,
      regionCode: r.region_code,
      objections: Number(r.objections ?? 0),
    })),
  }
}

/** What an applicant may see with a receipt code: the stage and dates, nothing personal. */
export async function caseByReceipt(deps: AppDeps, code: string) {
  const row = await deps.db
    .selectFrom('wf_case')
    .select(['case_type', 'state', 'opened_on', 'updated_at', 'closed_at'])
    .where('receipt_code', '=', code.trim().toUpperCase())
    .executeTakeFirst()
  const def = row && caseType(row.case_type)
  if (!row || !def) throw new AppError('NOT_FOUND', { what: '回执编号', whatEn: 'The receipt code' })
  return {
    type: def.label,
    state: def.states[row.state]!.label,
    openedOn: row.opened_on,
    updatedOn: chinaDate(row.updated_at),
    closed: row.closed_at !== null,
  }
}

// ── evidence ───────────────────────────────────────────────────────────────────────────────────────────────────

/** File types accepted as evidence (scans, photos, office documents). */
export const EVIDENCE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** Attaches a file to an open case (minutes, signed consent, photos); audited with its SHA-256. */
export async function addAttachment(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  file: { name: string; content: Buffer },
): Promise<{ id: string; name: string; size: number; sha256: string }> {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? ''
  const mime = EVIDENCE_TYPES[ext]
  if (!mime) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        {
          field: 'file',
          message: `不支持的文件类型 .${ext}，可上传 ${Object.keys(EVIDENCE_TYPES).join('、')}`,
          messageEn: `unsupported file type .${ext}; upload ${Object.keys(EVIDENCE_TYPES).join(', ')}`,
        },
      ],
    })
  }
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, actor, caseId)
    const def = defOf(row.case_type)
    if (!canRead(actor, def)) throw new AppError('NOT_FOUND', { what: '案件', whatEn: 'The case' })
    if (row.closed_at) {
      throw new AppError('PRECONDITION_FAILED', { reason: '案件已办结', reasonEn: 'the case is closed' })
    }
    const sha256 = createHash('sha256').update(file.content).digest('hex')
    const id = randomUUID()
    await trx
      .insertInto('wf_attachment')
      .values({
        id,
        case_id: caseId,
        transition_id: null,
        name: file.name,
        mime,
        size: file.content.length,
        sha256,
        content: file.content,
        uploaded_by: actor.userId,
        uploaded_at: deps.clock.now(),
      })
      .execute()
    await recordAudit(trx, deps, actor, {
      action: `case.${def.type}.attach`,
      subjectType: 'case',
      subjectId: caseId,
      regionCode: row.region_code,
      after: { attachmentId: id, name: file.name, size: file.content.length, sha256 },
    })
    return { id, name: file.name, size: file.content.length, sha256 }
  })
}

export async function listAttachments(deps: AppDeps, actor: Actor, caseId: string) {
  await getCaseRow(deps, actor, caseId)
  return attachmentsOf(deps, caseId)
}

function attachmentsOf(deps: AppDeps, caseId: string) {
  return deps.db
    .selectFrom('wf_attachment')
    .leftJoin('app_user', 'app_user.id', 'wf_attachment.uploaded_by')
    .select([
      'wf_attachment.id',
      'wf_attachment.name',
      'wf_attachment.size',
      'wf_attachment.sha256',
      'wf_attachment.uploaded_at',
      'app_user.username',
    ])
    .where('case_id', '=', caseId)
    .orderBy('uploaded_at')
    .execute()
}

export async function readAttachment(deps: AppDeps, actor: Actor, caseId: string, id: string) {
  await getCaseRow(deps, actor, caseId)
  const a = await deps.db
    .selectFrom('wf_attachment')
    .select(['name', 'mime', 'content'])
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!a) throw new AppError('NOT_FOUND', { what: '附件', whatEn: 'The attachment' })
  return a
}

async function getCaseRow(deps: AppDeps, actor: Actor, id: string): Promise<WfCaseRow> {
  const row = await deps.db
    .selectFrom('wf_case')
    .selectAll()
    .where('id', '=', id)
    .where(scopeCondition(actor, 'region_code'))
    .executeTakeFirst()
  const def = row && caseType(row.case_type)
  if (!row || !def || !canRead(actor, def)) throw new AppError('NOT_FOUND', { what: '案件', whatEn: 'The case' })
  return row
}
