import type { ColumnType, Selectable } from 'kysely'

type Json<T> = ColumnType<T, string, string>

export interface FeedBatchTable {
  id: string
  source: string
  channel: 'FILE' | 'PUSH'
  scope: string
  file_name: string | null
  status: 'accepted' | 'rejected'
  total_rows: number
  matched_rows: number
  unmatched_rows: number
  skipped_rows: number
  error_rows: number
  max_data_date: string | null
  screening: ColumnType<unknown, string | null | undefined, string | null>
  created_by: string | null
  created_at: Date
}
export type FeedBatchRow = Selectable<FeedBatchTable>

export interface FeedIssueTable {
  batch_id: string
  seq: number
  row_no: number
  column_name: string | null
  value: string | null
  code: string
  message: string
  message_en: string
}
export type FeedIssueRow = Selectable<FeedIssueTable>

export interface FeedRecordTable {
  id: string
  batch_id: string
  source: string
  signal: string | null
  /** Fen for money, days for outages, the level for disability changes. */
  amount: ColumnType<string | null, number | null, number | null>
  person_id: string
  household_id: string
  county_code: string
  region_code: string
  data_date: string
  fields: Json<Record<string, unknown>>
  row_hash: string
  created_at: Date
}
export type FeedRecordRow = Selectable<FeedRecordTable>

export interface FeedUnmatchedTable {
  id: string
  batch_id: string
  source: string
  scope: string
  row_no: number
  id_number: string
  name: string | null
  data_date: string | null
  reason: string
  message: string
  message_en: string
  fields: Json<Record<string, unknown>>
  row_hash: string
  status: ColumnType<'OPEN' | 'RESOLVED', 'OPEN' | 'RESOLVED' | undefined>
  created_at: Date
}
export type FeedUnmatchedRow = Selectable<FeedUnmatchedTable>
