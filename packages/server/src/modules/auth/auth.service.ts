/**
 * Users, passwords and sessions: argon2 hashes, one answer for an unknown account and a wrong password, failures
 * throttled per client and account (login-throttle.ts), idle and absolute session expiry, a CSRF token per session,
 * forced password change for new (non-demo) accounts, other sessions ended by a password change. Every change is
 * audited.
 */
import { createHash, randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Kysely } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { scopeOf, validateRegionCode } from '../regions/regions.service.ts'
import { type Actor, systemActor } from './actor.ts'
import * as repo from './auth.repository.ts'
import type { AppUserRow } from './auth.table.ts'
import { checkLoginAllowed, clearLoginFailures, type LoginThrottleConfig, noteLoginFailure } from './login-throttle.ts'
import { isRole, type Role, roleLevels } from './roles.ts'
import { cachedSession, forgetSession, forgetUserSessions, keepSession } from './session-cache.ts'

export interface AuthDeps {
  db: Kysely<Database>
  clock: Clock
  config: { sessionIdleMinutes: number; sessionCacheSeconds?: number; login?: LoginThrottleConfig }
}

/** The sign-in throttle when the caller's configuration has none (the defaults of platform/config.ts). */
const defaultLoginThrottle: LoginThrottleConfig = {
  freeFailures: 3,
  backoffSeconds: 2,
  lockFailures: 10,
  lockMinutes: 15,
}

/** Security settings (not social policy): passwords and session lifetime. */
export const security = {
  sessionAbsoluteHours: 12,
  passwordMinLength: 10,
  passwordMinClasses: 3,
} as const

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex')
const token = () => randomBytes(32).toString('base64url')

export function checkPasswordPolicy(username: string, password: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length
  if (
    password.length < security.passwordMinLength ||
    classes < security.passwordMinClasses ||
    password.toLowerCase().includes(username.toLowerCase())
  ) {
    throw new AppError('PASSWORD_POLICY', {
      minLength: security.passwordMinLength,
      minClasses: security.passwordMinClasses,
    })
  }
}

export function actorFromUser(user: AppUserRow, extra: Partial<Actor> = {}): Actor {
  return {
    userId: user.id,
    username: user.username,
    regionCode: user.region_code,
    scope: scopeOf(user.region_code),
    roles: user.roles.filter(isRole),
    ...extra,
  }
}

export interface NewUser {
  username: string
  displayName?: string
  password: string
  roles: string[]
  regionCode: string
  isDemo?: boolean
}

export async function addUser(deps: AuthDeps, actor: Actor, input: NewUser): Promise<AppUserRow> {
  if (!/^[A-Za-z0-9_.-]{3,40}$/.test(input.username)) {
    throw new AppError('VALIDATION_FAILED', { field: 'username', summary: 'username: 3–40 letters, digits, _ . -' })
  }
  const bad = input.roles.filter((r) => !isRole(r))
  if (bad.length || input.roles.length === 0) {
    throw new AppError('VALIDATION_FAILED', {
      field: 'roles',
      summary: `unknown role(s): ${bad.join(', ') || '(none)'}`,
    })
  }
  const region = await validateRegionCode(deps.db, input.regionCode)
  for (const r of input.roles as Role[]) {
    const need = roleLevels[r]
    if (need !== 0 && need !== region.level) {
      throw new AppError('VALIDATION_FAILED', {
        field: 'roles',
        summary: `role ${r} must be bound to a level-${need} region, not level ${region.level}`,
      })
    }
  }
  if (!actor.scope || region.code.startsWith(actor.scope)) {
    // ok: the actor manages this region
  } else {
    throw new AppError('NOT_FOUND', { what: '区划', whatEn: 'Region' })
  }
  if (!input.isDemo) checkPasswordPolicy(input.username, input.password)
  const passwordHash = await hash(input.password)
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.findUserByName(trx, input.username)) {
      throw new AppError('ALREADY_EXISTS', { what: `用户 ${input.username}`, whatEn: `User ${input.username}` })
    }
    const user = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        display_name: input.displayName ?? input.username,
        password_hash: passwordHash,
        region_code: region.code,
        roles: input.roles,
        must_change_password: !input.isDemo,
        is_demo: input.isDemo ?? false,
        locked_until: null,
        password_changed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, deps, actor, {
      action: 'user.add',
      subjectType: 'user',
      subjectId: user.id,
      regionCode: user.region_code,
      after: { username: user.username, roles: user.roles, region_code: user.region_code },
    })
    return user
  })
}

export async function setUserStatus(
  deps: AuthDeps,
  actor: Actor,
  username: string,
  status: 'active' | 'disabled',
): Promise<AppUserRow> {
  const user = await deps.db.transaction().execute(async (trx) => {
    const found = await repo.findUserByName(trx, username)
    if (!found?.region_code.startsWith(actor.scope)) {
      throw new AppError('NOT_FOUND', { what: `用户 ${username}`, whatEn: `User ${username}` })
    }
    const user = await trx
      .updateTable('app_user')
      .set({ status, updated_at: deps.clock.now(), version: found.version + 1 })
      .where('id', '=', found.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    if (status === 'disabled') {
      await trx
        .updateTable('session')
        .set({ revoked_at: deps.clock.now() })
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .execute()
    }
    await recordAudit(trx, deps, actor, {
      action: status === 'disabled' ? 'user.disable' : 'user.enable',
      subjectType: 'user',
      subjectId: user.id,
      regionCode: user.region_code,
      before: { status: found.status },
      after: { status },
    })
    return user
  })
  forgetUserSessions(deps.db, user.id) // after the commit, so no request caches the old row again
  return user
}

export interface LoginResult {
  user: AppUserRow
  sessionToken: string
  csrfToken: string
}

export async function login(
  deps: AuthDeps,
  input: { username: string; password: string; ip?: string; userAgent?: string; requestId?: string },
): Promise<LoginResult> {
  const now = deps.clock.now()
  const throttle = deps.config.login ?? defaultLoginThrottle
  checkLoginAllowed(deps.db, input.ip, input.username, now.getTime(), throttle)
  const user = await repo.findUserByName(deps.db, input.username)
  // The same work and the same answer whether or not the account exists.
  const ok = await verify(user?.password_hash ?? DUMMY_HASH, input.password).catch(() => false)
  if (!user || !ok) {
    noteLoginFailure(deps.db, input.ip, input.username, now.getTime(), throttle)
    if (user) {
      const ctx: Actor = actorFromUser(user, { requestId: input.requestId, ip: input.ip })
      await deps.db.transaction().execute(async (trx) => {
        const locked = await repo.lockUser(trx, user.id)
        const attempts = (locked?.failed_attempts ?? 0) + 1
        await trx.updateTable('app_user').set({ failed_attempts: attempts }).where('id', '=', user.id).execute()
        await recordAudit(trx, deps, ctx, {
          action: 'auth.login_failed',
          subjectType: 'user',
          subjectId: user.id,
          regionCode: user.region_code,
          after: { failed_attempts: attempts },
        })
      })
    }
    throw new AppError('INVALID_CREDENTIALS')
  }
  const ctx: Actor = actorFromUser(user, { requestId: input.requestId, ip: input.ip })
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED')
  clearLoginFailures(deps.db, input.ip, input.username)
  const sessionToken = token()
  const csrfToken = token()
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ failed_attempts: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute()
    await trx
      .insertInto('session')
      .values({
        id: sha256(sessionToken),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + security.sessionAbsoluteHours * 3600_000),
        revoked_at: null,
        ip: input.ip ?? null,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
      })
      .execute()
    await recordAudit(trx, deps, ctx, {
      action: 'auth.login',
      subjectType: 'user',
      subjectId: user.id,
      regionCode: user.region_code,
    })
  })
  return { user, sessionToken, csrfToken }
}

const DUMMY_HASH = await hash('not-a-real-password-xianjie')

export interface SessionInfo {
  actor: Actor
  user: AppUserRow
  sessionId: string
  csrfToken: string
}

/** Resolves a session cookie; throws UNAUTHENTICATED / SESSION_EXPIRED. Touches the idle timer. */
export async function resolveSession(deps: AuthDeps, sessionToken: string | undefined): Promise<SessionInfo> {
  if (!sessionToken) throw new AppError('UNAUTHENTICATED')
  const now = deps.clock.now()
  const id = sha256(sessionToken)
  const ttl = deps.config.sessionCacheSeconds ?? 0
  let found = cachedSession(deps.db, id, now.getTime(), ttl)
  if (!found) {
    found = await repo.findSessionWithUser(deps.db, id)
    if (!found) throw new AppError('UNAUTHENTICATED')
    keepSession(deps.db, id, found, now.getTime(), ttl)
  }
  const { session, user } = found
  const idleLimit = session.last_seen_at.getTime() + deps.config.sessionIdleMinutes * 60_000
  if (now.getTime() > idleLimit || now > session.expires_at) {
    forgetSession(deps.db, id)
    await deps.db.updateTable('session').set({ revoked_at: now }).where('id', '=', id).execute()
    throw new AppError('SESSION_EXPIRED')
  }
  if (user.status !== 'active') throw new AppError('UNAUTHENTICATED')
  if (now.getTime() - session.last_seen_at.getTime() > 30_000) {
    session.last_seen_at = now // the cached copy too
    await deps.db.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute()
  }
  return { actor: actorFromUser(user), user, sessionId: id, csrfToken: session.csrf_token }
}

export async function logout(deps: AuthDeps, actor: Actor, sessionId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('session').set({ revoked_at: deps.clock.now() }).where('id', '=', sessionId).execute()
    await recordAudit(trx, deps, actor, {
      action: 'auth.logout',
      subjectType: 'user',
      subjectId: actor.userId,
      regionCode: actor.regionCode,
    })
  })
  forgetSession(deps.db, sessionId)
}

/** Changes the actor's password and ends the user's other sessions (`keepSessionId`, the one asking, stays). */
export async function changePassword(
  deps: AuthDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionId?: string,
): Promise<void> {
  if (!actor.userId) throw new AppError('UNAUTHENTICATED')
  const user = await repo.findUserById(deps.db, actor.userId)
  if (!user) throw new AppError('UNAUTHENTICATED')
  if (!(await verify(user.password_hash, input.currentPassword).catch(() => false))) {
    throw new AppError('INVALID_CREDENTIALS')
  }
  checkPasswordPolicy(user.username, input.newPassword)
  if (await verify(user.password_hash, input.newPassword).catch(() => false)) {
    throw new AppError('PASSWORD_POLICY', {
      minLength: security.passwordMinLength,
      minClasses: security.passwordMinClasses,
      reused: true,
    })
  }
  const passwordHash = await hash(input.newPassword)
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({
        password_hash: passwordHash,
        must_change_password: false,
        password_changed_at: deps.clock.now(),
        updated_at: deps.clock.now(),
        version: user.version + 1,
      })
      .where('id', '=', user.id)
      .execute()
    let others = trx
      .updateTable('session')
      .set({ revoked_at: deps.clock.now() })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
    if (keepSessionId) others = others.where('id', '!=', keepSessionId)
    const ended = await others.executeTakeFirst()
    await recordAudit(trx, deps, actor, {
      action: 'user.password_change',
      subjectType: 'user',
      subjectId: user.id,
      regionCode: user.region_code,
      after: { sessions_ended: Number(ended.numUpdatedRows) },
    })
  })
  forgetUserSessions(deps.db, user.id) // after the commit, so no request caches an ended session again
}

/** The actor a background job runs as: its creator, or the system. */
export async function actorForUserId(db: Kysely<Database>, userId: string | null): Promise<Actor> {
  if (!userId) return systemActor
  const user = await repo.findUserById(db, userId)
  return user ? actorFromUser(user) : systemActor
}
