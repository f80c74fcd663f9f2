import type { ColumnType, Selectable } from 'kysely'

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface JobTable {
  id: string
  name: string
  version: number
  payload: unknown
  status: JobStatus
  progress: ColumnType<number, number | undefined, number>
  progress_message: string | null
  checkpoints: ColumnType<string[], string | undefined, string>
  result: unknown
  error: string | null
  attempts: ColumnType<number, number | undefined, number>
  created_by: string | null
  region_code: string | null
  created_at: Date
  started_at: Date | null
  finished_at: Date | null
}
export type JobRow = Selectable<JobTable>
