import type { ColumnType, Generated, Selectable } from 'kysely'

export interface AppUserTable {
  id: Generated<string>
  username: string
  display_name: string
  password_hash: string
  region_code: string
  roles: string[]
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>
  must_change_password: Generated<boolean>
  is_demo: Generated<boolean>
  failed_attempts: Generated<number>
  locked_until: Date | null
  password_changed_at: Date | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
  version: Generated<number>
}
export type AppUserRow = Selectable<AppUserTable>

export interface SessionTable {
  id: string
  user_id: string
  csrf_token: string
  created_at: Date
  last_seen_at: Date
  expires_at: Date
  revoked_at: Date | null
  ip: string | null
  user_agent: string | null
}
export type SessionRow = Selectable<SessionTable>
