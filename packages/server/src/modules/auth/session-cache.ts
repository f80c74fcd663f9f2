/**
 * Sessions resolved in the last few seconds (`XIANJIE_SESSION_CACHE_SECONDS`, default 5; 0 = off), so a request does
 * not read its session and user again when the same client asked a moment ago: the registry's pages make several
 * calls at once, and under load that read was one of the two round trips of a household detail.
 *
 * What it costs: a change to a session or user made through this process is seen at once (logout, disabling the user
 * and changing a password evict the entries); a change made by another server process, or directly in the database,
 * is seen within the cache's seconds. Expiry (idle and absolute) is checked on every request against the clock.
 * One cache per database (keyed by the Kysely instance), at most `MAX` entries.
 */
import type { AppUserRow, SessionRow } from './auth.table.ts'

export interface CachedSession {
  session: SessionRow
  user: AppUserRow
}
interface Entry extends CachedSession {
  /** Clock time (ms) it was read from the database. */
  at: number
}

const MAX = 10_000
const caches = new WeakMap<object, Map<string, Entry>>()

function cacheOf(db: object): Map<string, Entry> {
  let c = caches.get(db)
  if (!c) {
    c = new Map()
    caches.set(db, c)
  }
  return c
}

/** The session `id` if it was read less than `seconds` ago (by `now`, ms). */
export function cachedSession(db: object, id: string, now: number, seconds: number): CachedSession | undefined {
  if (seconds <= 0) return undefined
  const c = caches.get(db)
  const e = c?.get(id)
  if (!e) return undefined
  if (now - e.at >= seconds * 1000 || now < e.at) {
    c!.delete(id)
    return undefined
  }
  return e
}

/** Keeps a session just read from the database. */
export function keepSession(db: object, id: string, found: CachedSession, now: number, seconds: number): void {
  if (seconds <= 0) return
  const c = cacheOf(db)
  if (c.size >= MAX) c.delete(c.keys().next().value!) // the oldest
  c.set(id, { ...found, at: now })
}

/** Forgets one session (logout, expiry). */
export function forgetSession(db: object, id: string): void {
  caches.get(db)?.delete(id)
}

/** Forgets every session of a user (disabled, password changed). */
export function forgetUserSessions(db: object, userId: string): void {
  const c = caches.get(db)
  if (!c) return
  for (const [id, e] of c) if (e.user.id === userId) c.delete(id)
}
