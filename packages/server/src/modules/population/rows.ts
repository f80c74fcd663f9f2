/**
 * The rows a seeding run writes, as plain values in table column order, and their serialisation to PostgreSQL COPY
 * text (also the input of the run's digest, so both engines hash the same bytes).
 */

export type Value = string | number | boolean | null | string[] | Record<string, unknown> | Date

/** Columns written per table, in the order used by COPY and by the JSON insert. */
export const COLUMNS = {
  household: [
    'id',
    'household_no',
    'county_code',
    'region_code',
    'natural_village',
    'address',
    'phone',
    'head_person_id',
    'household_type',
    'is_formerly_poor',
    'tuopin_year',
    'relocated',
    'resettlement_site',
    'military_family',
    'whole_household_no_labour',
    'monitor_contact_name',
    'monitor_contact_phone',
    'land',
    'living_conditions',
    'housing',
    'assets',
    'monitoring_status',
    'low_income_groups',
    'status',
    'search_text',
    'version',
    'created_at',
    'created_by',
    'updated_at',
    'updated_by',
  ],
  person: [
    'id',
    'household_id',
    'county_code',
    'region_code',
    'name',
    'name_pinyin',
    'name_initials',
    'id_type',
    'id_number',
    'gender',
    'birth_date',
    'ethnicity',
    'political_status',
    'relation_to_head',
    'education',
    'school_status',
    'dropout_reason',
    'health',
    'labour_skill',
    'disability_cert_no',
    'disability_category',
    'disability_level',
    'work_status',
    'work_place',
    'work_months',
    'insurance',
    'assistance_flags',
    'phone',
    'bank_account',
    'status',
    'decrease_reason',
    'decrease_date',
    'version',
    'created_at',
    'updated_at',
  ],
  membership: [
    'id',
    'person_id',
    'household_id',
    'county_code',
    'relation_to_head',
    'start_date',
    'end_date',
    'start_reason',
    'end_reason',
  ],
  income_assessment: [
    'id',
    'household_id',
    'county_code',
    'region_code',
    'assessment_type',
    'period_start',
    'period_end',
    'items',
    'wage',
    'business',
    'property',
    'transfer',
    'business_costs',
    'claim_income',
    'compliant_self_paid',
    'net_income',
    'household_size',
    'per_capita_net',
    'reference_income',
    'per_capita_reference',
    'created_at',
    'created_by',
  ],
  guarantee_check: [
    'id',
    'household_id',
    'county_code',
    'checked_on',
    'food_clothing_ok',
    'compulsory_education_ok',
    'medical_insurance_ok',
    'housing_safety_ok',
    'drinking_water_ok',
    'housing_damaged',
    'water_facility_damaged',
    'details',
    'created_at',
    'created_by',
  ],
  household_helper: ['id', 'household_id', 'county_code', 'user_id', 'name', 'unit', 'phone', 'start_date', 'end_date'],
} as const

export type TableName = keyof typeof COLUMNS
/** Tables in insertion order (foreign keys point backwards). */
export const TABLES: TableName[] = [
  'household',
  'person',
  'membership',
  'income_assessment',
  'guarantee_check',
  'household_helper',
]

/** One row: values in the order of `COLUMNS[table]`. */
export type Row = Value[]

/** All rows of one batch of households, per table. */
export type Batch = Record<TableName, Row[]>

export function emptyBatch(): Batch {
  return { household: [], person: [], membership: [], income_assessment: [], guarantee_check: [], household_helper: [] }
}

function escapeCopy(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

function arrayLiteral(xs: string[]): string {
  return `{${xs.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`
}

/** One value in COPY text format. */
export function copyValue(v: Value): string {
  if (v === null) return '\\N'
  if (typeof v === 'boolean') return v ? 't' : 'f'
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return escapeCopy(v)
  if (v instanceof Date) return v.toISOString()
  if (Array.isArray(v)) return escapeCopy(arrayLiteral(v))
  return escapeCopy(JSON.stringify(v))
}

/** One row as a COPY text line (with the trailing newline). */
export function copyLine(row: Row): string {
  let s = ''
  for (let i = 0; i < row.length; i++) {
    if (i > 0) s += '\t'
    s += copyValue(row[i] as Value)
  }
  return `${s}\n`
}

/** Rows as a JSON array of objects keyed by column, for `json_populate_recordset`. */
export function jsonRows(table: TableName, rows: Row[]): string {
  const cols = COLUMNS[table]
  return JSON.stringify(
    rows.map((r) => {
      const o: Record<string, Value> = {}
      for (let i = 0; i < cols.length; i++) o[cols[i] as string] = r[i] as Value
      return o
    }),
  )
}
