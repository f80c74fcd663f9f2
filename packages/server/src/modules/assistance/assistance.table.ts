/** Kysely shapes of the tiered-assistance tables (migration 2026_11_29_0000_assistance). Amounts are in fen. */
import type { ColumnType } from 'kysely'

type Json<T> = ColumnType<T, string, string>
type JsonNullable<T> = ColumnType<T | null, string | null | undefined, string | null>
type Defaulted<T> = ColumnType<T, T | undefined, T>
/** bigint columns come back as exact numbers (platform/db.ts refuses what is not a safe integer). */
type Fen = ColumnType<number, number | string | bigint | undefined, number | string | bigint>

export type Programme = 'DIBAO' | 'TEKUN' | 'TEMP_RELIEF' | 'DIBAO_MARGINAL' | 'RIGID_EXPENDITURE'
/** The six low-income groups (domain.md §5.8), in the registry's order. */
export const LOW_INCOME_GROUPS = [
  'DIBAO',
  'TEKUN',
  'PREVENTION_TARGET',
  'DIBAO_MARGINAL',
  'RIGID_EXPENDITURE',
  'OTHER',
] as const
export type LowIncomeGroup = (typeof LOW_INCOME_GROUPS)[number]

export interface SaDecisionTable {
  id: string
  county_code: string
  region_code: string
  household_id: string
  person_id: string | null
  programme: Programme
  classification: 'A' | 'B' | 'C' | null
  care_tier: 'SELF_CARE' | 'SEMI_CARE' | 'FULL_CARE' | null
  support_mode: 'HOME' | 'INSTITUTION' | null
  relief_type: 'URGENT' | 'EXPENDITURE' | null
  covered_persons: Defaulted<number>
  monthly_amount: Fen
  one_off_amount: Fen
  /** YYYYMM of a one-off payment (temporary relief). */
  pay_month: string | null
  since: string
  until: string | null
  status: 'PAYING' | 'GRADUAL_EXIT' | 'TERMINATED'
  gradual_exit_until: string | null
  inputs: Json<Record<string, unknown>>
  computed: Json<Record<string, unknown>>
  trace: JsonNullable<unknown>
  /** Where the explanation lives (e.g. `case:<id>`). */
  trace_ref: string
  model_version: string
  param_digest: string
  decided_by: string | null
  created_at: Date
  updated_at: Date
  version: Defaulted<number>
}

export interface LowIncomeEntryTable {
  id: string
  county_code: string
  region_code: string
  household_id: string
  person_id: string
  group_code: LowIncomeGroup
  since: string
  until: string | null
  source: string
  source_id: string | null
  note: string | null
  created_at: Date
}

export interface SaReferralTable {
  id: string
  county_code: string
  region_code: string
  household_id: string
  direction: 'TO_CIVIL_AFFAIRS' | 'TO_MONITORING'
  status: 'OPEN' | 'ACCEPTED' | 'DECLINED'
  reason: Json<Record<string, unknown>>
  task_ref: string | null
  created_at: Date
  created_by: string | null
  resolved_at: Date | null
  resolved_by: string | null
  note: string | null
}

export interface PayRosterTable {
  id: string
  county_code: string
  /** YYYYMM */
  month: string
  status: 'GENERATING' | 'DRAFT' | 'APPROVED'
  job_id: string | null
  generated_by: string | null
  generated_at: Date | null
  approved_by: string | null
  approved_at: Date | null
  line_count: Defaulted<number>
  total_amount: Fen
  param_digest: string | null
  created_at: Date
}

export interface PayRosterLineTable {
  id: string
  roster_id: string
  county_code: string
  township_code: string
  region_code: string
  household_id: string
  person_id: string
  decision_id: string | null
  programme: string
  kind: 'REGULAR' | 'ADJUSTMENT'
  amount: Fen
  calc: Json<Record<string, unknown>>
  adjusts_line_id: string | null
  note: string | null
  created_by: string | null
  created_at: Date
  /** null on REGULAR lines; an ADJUSTMENT is paid only once APPROVED by someone other than its author. */
  review_status: Defaulted<AdjustmentReview | null>
  reviewed_by: Defaulted<string | null>
  reviewed_at: Defaulted<Date | null>
  review_note: Defaulted<string | null>
}

export type AdjustmentReview = 'PENDING' | 'APPROVED' | 'REJECTED'

export interface PayRosterExportTable {
  id: string
  roster_id: string
  exported_by: string | null
  exported_at: Date
  full_accounts: boolean
  line_count: number
  total_amount: Fen
}

export interface DaijiaoRosterTable {
  id: string
  county_code: string
  year: number
  status: 'DRAFT' | 'EXPORTED'
  generated_by: string | null
  generated_at: Date
  exported_at: Date | null
  exported_by: string | null
  line_count: Defaulted<number>
  total_amount: Fen
  param_digest: string
}

export interface DaijiaoLineTable {
  id: string
  roster_id: string
  county_code: string
  township_code: string
  region_code: string
  household_id: string
  person_id: string
  groups: ColumnType<string[], string[], string[]>
  group_applied: string | null
  /** numeric(6,4) as an exact string */
  rate: ColumnType<string, number | string, number | string>
  min_tier: Fen
  amount: Fen
  kind: 'REGULAR' | 'ADJUSTMENT'
  calc: Json<Record<string, unknown>>
  created_at: Date
}

export interface SpecialGrantTable {
  id: string
  county_code: string
  region_code: string
  household_id: string
  person_id: string | null
  grant_type: 'MEDICAL' | 'EDUCATION' | 'HOUSING' | 'EMPLOYMENT' | 'DISASTER'
  amount: Fen
  period_from: string
  period_to: string | null
  department: string
  low_income_group: LowIncomeGroup
  note: string | null
  created_by: string | null
  created_at: Date
}
