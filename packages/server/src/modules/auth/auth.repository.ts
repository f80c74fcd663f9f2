import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { AppUserRow, SessionRow } from './auth.table.ts'

type Db = Kysely<Database> | Transaction<Database>

export function findUserByName(db: Db, username: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
}

export function findUserById(db: Db, id: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockUser(trx: Transaction<Database>, id: string): Promise<AppUserRow | undefined> {
  return trx.selectFrom('app_user').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function listUsers(db: Db, scopePrefix: string): Promise<AppUserRow[]> {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where('region_code', 'like', `${scopePrefix}%`)
    .orderBy('region_code')
    .orderBy('username')
    .execute()
}

/** The live session with this id and its user, in one round trip. */
export async function findSessionWithUser(
  db: Db,
  id: string,
): Promise<{ session: SessionRow; user: AppUserRow } | undefined> {
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select([
      'session.id as s_id',
      'session.csrf_token as s_csrf_token',
      'session.created_at as s_created_at',
      'session.last_seen_at as s_last_seen_at',
      'session.expires_at as s_expires_at',
      'session.ip as s_ip',
      'session.user_agent as s_user_agent',
    ])
    .where('session.id', '=', id)
    .where('session.revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  const { s_id, s_csrf_token, s_created_at, s_last_seen_at, s_expires_at, s_ip, s_user_agent, ...user } = row
  return {
    session: {
      id: s_id,
      user_id: user.id,
      csrf_token: s_csrf_token,
      created_at: s_created_at,
      last_seen_at: s_last_seen_at,
      expires_at: s_expires_at,
      revoked_at: null,
      ip: s_ip,
      user_agent: s_user_agent,
    },
    user,
  }
}

/** Display names of users by id (for lists that record who acted: audit rows, history). */
export async function displayNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', unique).execute()
  return new Map(rows.map((r) => [r.id, r.display_name]))
}
