import type { Selectable } from 'kysely'

export interface AuditChainTable {
  chain: string
  seq: number
  hash: string
}

export interface AuditEventTable {
  id: string
  chain: string
  seq: number
  at: Date
  actor_id: string | null
  actor_name: string | null
  action: string
  subject_type: string
  subject_id: string | null
  region_code: string | null
  county_code: string | null
  before: unknown
  after: unknown
  request_id: string | null
  ip: string | null
  prev_hash: string
  hash: string
}
export type AuditEventRow = Selectable<AuditEventTable>
