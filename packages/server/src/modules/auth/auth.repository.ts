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

/** The live (not revoked) session with this id. */
export function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
}
