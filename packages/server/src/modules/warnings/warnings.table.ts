import type { ColumnType, Selectable } from 'kysely'

type Json<T> = ColumnType<T, string, string>

export const OUTCOMES = [
  'CONVERTED',
  'ALREADY_MONITORED',
  'REFERRED_TO_CIVIL_AFFAIRS',
  'REFERRED_TO_MEDICAL_ASSISTANCE',
  'NO_RISK',
] as const
export type Outcome = (typeof OUTCOMES)[number]

export interface WarningTable {
  id: string
  household_id: string
  county_code: string
  region_code: string
  status: 'OPEN' | 'CLOSED'
  severity: string
  rules: string[]
  opened_on: string
  deadline: string
  deadline_legal: Json<unknown>
  last_data_date: string
  outcome: Outcome | null
  outcome_note: string | null
  outcome_evidence: ColumnType<unknown, string | null | undefined, string | null>
  closed_by: string | null
  closed_at: Date | null
  version: ColumnType<number, number | undefined, number>
  created_at: Date
  updated_at: Date
}
export type WarningRow = Selectable<WarningTable>

export interface WarningHitTable {
  id: string
  warning_id: string
  household_id: string
  county_code: string
  rule_code: string
  source: string
  person_id: string | null
  anchor: string
  data_date: string
  value: ColumnType<string | null, number | null, number | null>
  threshold: number | null
  severity: string
  evidence: Json<unknown>
  screened_on: string
  created_at: Date
}
export type WarningHitRow = Selectable<WarningHitTable>
