import type { ColumnType, Selectable } from 'kysely'

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'committing' | 'committed' | 'failed'

export interface ImportBatchTable {
  id: string
  county_code: string | null
  /** Region prefix of the uploader: every row must fall inside it. */
  scope: string
  file_name: string
  status: ImportStatus
  total_rows: ColumnType<number, number | undefined, number>
  valid_rows: ColumnType<number, number | undefined, number>
  invalid_rows: ColumnType<number, number | undefined, number>
  households: ColumnType<number, number | undefined, number>
  valid_households: ColumnType<number, number | undefined, number>
  mode: string | null
  job_id: string | null
  result: ColumnType<unknown, string | null | undefined, string | null>
  error: string | null
  created_by: string | null
  created_at: Date
  updated_at: Date
}
export type ImportBatchRow = Selectable<ImportBatchTable>

export interface ImportFileTable {
  id: string
  batch_id: string
  name: string
  content: Buffer
  sha256: string
}

export interface ImportRowIssueTable {
  batch_id: string
  seq: number
  sheet: string
  row_no: number
  column_name: string | null
  value: string | null
  code: string
  severity: 'error' | 'warning' | 'info'
  message: string
  message_en: string
}

export interface ImportCommitChunkTable {
  batch_id: string
  chunk: number
  created: number
  updated: number
  skipped: number
  committed_at: Date
}
