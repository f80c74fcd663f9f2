import type { ColumnType, Generated, Selectable } from 'kysely'

type Json<T> = ColumnType<T, string, string>
type JsonOptional<T> = ColumnType<T, string | undefined, string>

export interface CalendarDayTable {
  date: string
  kind: 'holiday' | 'workday'
  name: string
  source: 'chinese-days' | 'manual' | 'notice'
  updated_by: string | null
  updated_at: Date
}

/** A year whose official holiday schedule is loaded (from `chinese-days` or a State Council notice). */
export interface CalendarYearTable {
  year: number
  source: 'chinese-days' | 'notice'
  /** Citation of the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
  notice: string | null
  loaded_at: Generated<Date>
  loaded_by: string | null
}

export interface WfCaseTable {
  id: string
  case_type: string
  state: string
  version: ColumnType<number, number | undefined, number>
  county_code: string
  region_code: string
  household_id: string | null
  person_id: string | null
  /** Display name of the subject (household head or person): shown in lists and inboxes. */
  subject_name: string
  data: JsonOptional<Record<string, unknown>>
  /** Day the overall clock starts (clue discovered, application accepted …). */
  opened_on: string
  /** Overall deadline of the case type, when it has one. */
  due_on: string | null
  state_since: Date
  state_due_on: string | null
  closed_at: Date | null
  receipt_code: string | null
  opened_by: string | null
  created_at: Date
  updated_at: Date
}
export type WfCaseRow = Selectable<WfCaseTable>

export interface WfTransitionTable {
  id: string
  case_id: string
  seq: number
  event: string
  from_state: string
  to_state: string
  actor_id: string | null
  actor_name: string
  at: Date
  on_date: string
  comment: string | null
  payload: Json<Record<string, unknown>>
}
export type WfTransitionRow = Selectable<WfTransitionTable>

export interface WfTaskTable {
  id: string
  case_id: string
  case_type: string
  state: string
  assignee_roles: ColumnType<string[], string[], string[]>
  /** The office that must act: the case's region cut to the assignee level (a village, township or county). */
  assignee_scope: string
  region_code: string
  due_on: string | null
  created_at: Date
  done_at: Date | null
  done_by: string | null
  done_event: string | null
}
export type WfTaskRow = Selectable<WfTaskTable>

export interface WfPublicityTable {
  id: string
  case_id: string
  round: number
  state: string
  place: string
  start_on: string
  end_on: string
  /** The notice as posted: only the fields allowed in public (no ID numbers, phones, bank or health data). */
  notice: Json<Array<{ label: { zh: string; en: string }; value: string }>>
  posted_by: string | null
  posted_at: Date
  closed_at: Date | null
  closed_reason: 'completed' | 'objection' | 'withdrawn' | null
}
export type WfPublicityRow = Selectable<WfPublicityTable>

export interface WfObjectionTable {
  id: string
  publicity_id: string
  case_id: string
  received_on: string
  objector: string | null
  content: string
  recorded_by: string | null
  recorded_at: Date
}

export interface WfAttachmentTable {
  id: string
  case_id: string
  transition_id: string | null
  name: string
  mime: string
  size: number
  sha256: string
  content: Buffer
  uploaded_by: string | null
  uploaded_at: Date
}
