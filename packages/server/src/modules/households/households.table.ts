import type { ColumnType, Selectable } from 'kysely'

type Json<T> = ColumnType<T, string | undefined, string>
type JsonRequired<T> = ColumnType<T, string, string>

export interface HouseholdTable {
  id: string
  household_no: string
  county_code: string
  region_code: string
  natural_village: string | null
  address: string | null
  phone: string | null
  head_person_id: string | null
  household_type: 'TUOPIN' | 'GENERAL'
  is_formerly_poor: boolean
  tuopin_year: number | null
  relocated: boolean
  resettlement_site: string | null
  military_family: boolean
  whole_household_no_labour: boolean
  monitor_contact_name: string | null
  monitor_contact_phone: string | null
  land: Json<Record<string, number>>
  living_conditions: Json<Record<string, unknown>>
  housing: Json<{ area?: number; dangerGrade?: 'A' | 'B' | 'C' | 'D'; renovated?: boolean }>
  assets: Json<Record<string, unknown>>
  monitoring_status: ColumnType<string, string | undefined, string>
  low_income_groups: ColumnType<string[], string[] | undefined, string[]>
  status: ColumnType<'ACTIVE' | 'CANCELLED' | 'MERGED', 'ACTIVE' | 'CANCELLED' | 'MERGED' | undefined>
  search_text: ColumnType<string, string | undefined, string>
  version: ColumnType<number, number | undefined, number>
  created_at: Date
  created_by: string | null
  updated_at: Date
  updated_by: string | null
}
export type HouseholdRow = Selectable<HouseholdTable>

export interface PersonTable {
  id: string
  household_id: string
  county_code: string
  region_code: string
  name: string
  name_pinyin: string
  name_initials: string
  id_type: string
  id_number: string
  gender: number
  birth_date: string
  ethnicity: string | null
  political_status: string | null
  relation_to_head: string
  education: string | null
  school_status: string | null
  dropout_reason: string | null
  health: string
  labour_skill: string
  disability_cert_no: string | null
  disability_category: number | null
  disability_level: number | null
  work_status: string | null
  work_place: string | null
  work_months: number | null
  insurance: Json<Record<string, boolean>>
  assistance_flags: Json<Record<string, boolean>>
  phone: string | null
  bank_account: string | null
  status: ColumnType<'ACTIVE' | 'NATURAL_DECREASE', 'ACTIVE' | 'NATURAL_DECREASE' | undefined>
  decrease_reason: string | null
  decrease_date: string | null
  version: ColumnType<number, number | undefined, number>
  created_at: Date
  updated_at: Date
}
export type PersonRow = Selectable<PersonTable>

export interface MembershipTable {
  id: string
  person_id: string
  household_id: string
  county_code: string
  relation_to_head: string
  start_date: string
  end_date: string | null
  start_reason: string
  end_reason: string | null
}

export interface IncomeAssessmentTable {
  id: string
  household_id: string
  county_code: string
  region_code: string
  assessment_type: string
  period_start: string
  period_end: string
  /** Every sub-item of domain.md §5.3 in fen, keyed by item code. */
  items: JsonRequired<Record<string, number>>
  wage: number
  business: number
  property: number
  transfer: number
  business_costs: number
  claim_income: number
  compliant_self_paid: number
  net_income: number
  household_size: number
  per_capita_net: number
  reference_income: number
  per_capita_reference: number
  created_at: Date
  created_by: string | null
}
export type IncomeAssessmentRow = Selectable<IncomeAssessmentTable>

export interface GuaranteeCheckTable {
  id: string
  household_id: string
  county_code: string
  checked_on: string
  food_clothing_ok: boolean
  compulsory_education_ok: boolean
  medical_insurance_ok: boolean
  housing_safety_ok: boolean
  drinking_water_ok: boolean
  housing_damaged: boolean
  water_facility_damaged: boolean
  details: Json<Record<string, unknown>>
  created_at: Date
  created_by: string | null
}
export type GuaranteeCheckRow = Selectable<GuaranteeCheckTable>

export interface HouseholdHelperTable {
  id: string
  household_id: string
  county_code: string
  user_id: string | null
  name: string
  unit: string | null
  phone: string | null
  start_date: string
  end_date: string | null
}

export interface HouseholdVersionTable {
  id: string
  household_id: string
  version: number
  county_code: string
  region_code: string
  at: Date
  actor_id: string | null
  actor_name: string | null
  action: string
  changes: JsonRequired<Array<{ path: string; before: unknown; after: unknown }>>
  snapshot: JsonRequired<unknown>
}
