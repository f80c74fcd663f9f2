import { type RawBuilder, sql } from 'kysely'
import { AppError } from '../../platform/errors.ts'
import { type Permission, permissions, type Role } from './roles.ts'

/** Who is acting: resolved from the session for HTTP, from the command line for the CLI, or the system itself. */
export interface Actor {
  userId: string | null
  username: string
  /** 12-digit region code the user is bound to. */
  regionCode: string
  /** Significant prefix of `regionCode` (2/4/6/9/12 digits); the user sees codes that start with it. */
  scope: string
  roles: readonly Role[]
  requestId?: string | undefined
  ip?: string | undefined
}

/** The platform acting on its own (migrations, seeding, scheduled jobs): national scope. */
export const systemActor: Actor = { userId: null, username: 'system', regionCode: '000000000000', scope: '', roles: [] }

export function can(actor: Actor, permission: Permission): boolean {
  if (actor === systemActor) return true
  const allowed: readonly Role[] = permissions[permission]
  return actor.roles.some((r) => allowed.includes(r))
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', { permission })
}

export function inScope(actor: Actor, regionCode: string): boolean {
  return regionCode.startsWith(actor.scope)
}

/**
 * The region-scope condition every query over regional data must carry:
 * `.where(scopeCondition(actor, 'household.region_code'))`. Prefix match on an indexed column.
 */
export function scopeCondition(actor: Actor, column: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${`${actor.scope}%`}`
}

/** Separation of duties: the person who recorded an item may not approve it. */
export function assertNotSameActor(
  actor: Actor,
  recordedBy: string | null | undefined,
  what: { zh: string; en: string },
): void {
  if (recordedBy && actor.userId === recordedBy) {
    throw new AppError('SEPARATION_OF_DUTY', { reason: what.zh, reasonEn: what.en })
  }
}
