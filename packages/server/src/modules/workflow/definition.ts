/**
 * How a case type is declared: states (who must act, within which time limit, whether the state is a publicity),
 * transitions (event, from → to, roles, fields, guards, effects) and an optional overall time limit. Every case type
 * of domain.md §7 is one such declaration over the one mechanism in `workflow.service.ts`; modules never write their
 * own state machine.
 *
 * Time limits name a catalogue parameter (its unit says natural or working days); the number lives in the catalogue
 * with its citation, never here.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { AppDeps } from '../../platform/deps.ts'
import type { Actor } from '../auth/actor.ts'
import type { Role } from '../auth/roles.ts'
import type { WorkCalendar } from './calendar.ts'
import type { WfCaseRow } from './workflow.table.ts'

export interface Text {
  zh: string
  en: string
}

/** A label in both languages: `text('受理', 'Accept')`. */
export const text = (zh: string, en: string): Text => ({ zh, en })

/** Administrative level of the office that acts in a state. */
export type Level = 'province' | 'city' | 'county' | 'township' | 'village'
export const levelDigits: Record<Level, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 }

/** A form field of a transition: validated on the server, rendered by the generic case page. */
export interface FieldSpec {
  name: string
  label: Text
  kind: 'text' | 'textarea' | 'integer' | 'number' | 'money' | 'date' | 'boolean' | 'select' | 'multiselect'
  required?: boolean
  options?: Array<{ value: string; label: Text }>
  min?: number
  max?: number
  /** Most options a multiselect may take. */
  maxItems?: number
  help?: Text
}

export interface StateDef {
  label: Text
  /** The case is finished in this state (no task, no deadline). */
  terminal?: boolean
  /** Who must act next: roles at a level; the task goes to the office of the case's region at that level. */
  assignee?: { roles: readonly Role[]; level: Level }
  /** Time limit for leaving the state, from the catalogue (`unit` days or working_days). */
  limit?: string
  /**
   * A publicity state: entering it posts a notice for the parameter's number of days; forward transitions wait until
   * the period is over with no open objection; an objection sends the case to `objectionTo`.
   */
  publicity?: { days: string; place: Text; objectionTo: string }
}

/** The case as guards and effects see it. */
export interface CaseView<D> extends Omit<WfCaseRow, 'data'> {
  data: D
}

export interface TransitionContext<D> {
  trx: Transaction<Database>
  deps: AppDeps
  actor: Actor
  case: CaseView<D>
  /** The validated form values of this transition. */
  values: Record<string, unknown>
  comment: string | null
  /** Today in China (YYYY-MM-DD). */
  today: string
  calendar: WorkCalendar
}

/** What a form's prefill sees: the case as it stands and the user opening the form (read-only). */
export interface PrefillContext<D> {
  db: Kysely<Database>
  deps: AppDeps
  actor: Actor
  case: CaseView<D>
  /** Today in China (YYYY-MM-DD). */
  today: string
}

/** A guard's refusal, shown to the user as is. `details` can carry the engine's explanation. */
export interface Refusal {
  zh: string
  en: string
  details?: Record<string, unknown>
}

/** `STAY` records an action without changing state (a visit, provisional assistance, a note). */
export const STAY = '@stay'

export interface TransitionDef<D> {
  event: string
  label: Text
  from: readonly string[]
  /** Target state, or `STAY`. */
  to: string
  roles: readonly Role[]
  fields?: readonly FieldSpec[]
  /**
   * Initial values of the form (field name → value, as the field takes it), e.g. what the registry holds now; served
   * with the case view, the user may change them before submitting.
   */
  prefill?: (ctx: PrefillContext<D>) => Promise<Record<string, unknown>> | Record<string, unknown>
  comment?: 'required' | 'optional'
  /** Separation of duties: the actor must not be anyone who performed one of these events on this case. */
  separateFrom?: readonly string[]
  /** Refuses the transition with a reason, or allows it (returns nothing). */
  guard?: (ctx: TransitionContext<D>) => Promise<Refusal | undefined> | Refusal | undefined
  /** Side effects in the same transaction; may return data to merge into the case. */
  effect?: (ctx: TransitionContext<D>) => Promise<Partial<D> | undefined> | Partial<D> | undefined
  /** The forward step out of a publicity state does not wait for the period to end (e.g. withdrawal). */
  ignoresPublicity?: boolean
}

export interface CaseTypeDef<D = Record<string, unknown>> {
  type: string
  label: Text
  initial: string
  states: Record<string, StateDef>
  transitions: ReadonlyArray<TransitionDef<D>>
  /** Overall limit from `opened_on` to the first terminal state (catalogue parameter). */
  limit?: string
  /** Roles that may open a case of this type (besides the transitions' own rules). */
  openRoles: readonly Role[]
  /** Fields asked when opening a case. */
  openFields?: readonly FieldSpec[]
  /** Which roles may read cases of this type (region scope applies too). */
  readRoles: readonly Role[]
  /** Labels of values the platform itself records in the case's data (not asked in a form), to show them by name. */
  dataLabels?: Readonly<Record<string, Text>>
  /** The public notice: only fields allowed in public (checked again before posting). */
  notice?: (c: CaseView<D>) => Array<{ label: Text; value: string }>
  /** Roles that may return the case to its previous state from the given states (return for correction). */
  returnable?: { from: readonly string[]; roles: readonly Role[] }
}

/** Checks a declaration once, at registration: unknown states, missing terminal states, transitions out of terminals. */
export function validateCaseType<D>(def: CaseTypeDef<D>): string[] {
  const problems: string[] = []
  const states = new Set(Object.keys(def.states))
  if (!states.has(def.initial)) problems.push(`initial state ${def.initial} is not declared`)
  for (const t of def.transitions) {
    for (const f of t.from) if (!states.has(f)) problems.push(`${t.event}: unknown from-state ${f}`)
    if (t.to !== STAY && !states.has(t.to)) problems.push(`${t.event}: unknown to-state ${t.to}`)
    for (const f of t.from) if (def.states[f]?.terminal) problems.push(`${t.event}: leaves terminal state ${f}`)
  }
  for (const [name, s] of Object.entries(def.states)) {
    if (s.publicity && !states.has(s.publicity.objectionTo)) {
      problems.push(`${name}: objectionTo ${s.publicity.objectionTo} is not declared`)
    }
    if (!s.terminal && !s.assignee) problems.push(`${name}: a non-terminal state needs an assignee`)
  }
  if (!Object.values(def.states).some((s) => s.terminal)) problems.push('no terminal state')
  for (const f of def.returnable?.from ?? []) if (!states.has(f)) problems.push(`returnable: unknown state ${f}`)
  return problems
}

const registry = new Map<string, CaseTypeDef<never>>()

/** Registers a case type; a broken declaration fails at start-up, not in front of a user. */
export function registerCaseType<D>(def: CaseTypeDef<D>): CaseTypeDef<D> {
  const problems = validateCaseType(def)
  if (problems.length) throw new Error(`Case type ${def.type}: ${problems.join('; ')}`)
  registry.set(def.type, def as unknown as CaseTypeDef<never>)
  return def
}

export function caseType(type: string): CaseTypeDef<Record<string, unknown>> | undefined {
  return registry.get(type) as CaseTypeDef<Record<string, unknown>> | undefined
}

export function caseTypes(): Array<CaseTypeDef<Record<string, unknown>>> {
  return [...registry.values()] as Array<CaseTypeDef<Record<string, unknown>>>
}
