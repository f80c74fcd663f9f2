/**
 * Failed sign-ins counted per client address and account name (whether or not the account exists, so the answer
 * never tells a real account from an unknown one). After `freeFailures` a client must wait before its next try of
 * that account, `backoffSeconds` doubling with each further failure; after `lockFailures` that client is shut out of
 * that account for `lockMinutes`. Other clients, the officer's own office among them, still sign in: a stranger
 * cannot lock an officer out. A success from a client clears its count. Counts live in the server process (at most
 * `MAX` keys, the oldest dropped first) and are forgotten `lockMinutes` after the last failure.
 */
import { AppError } from '../../platform/errors.ts'

/** The settings (XIANJIE_LOGIN_* in platform/config.ts). */
export interface LoginThrottleConfig {
  freeFailures: number
  backoffSeconds: number
  lockFailures: number
  lockMinutes: number
}

interface Entry {
  failures: number
  /** Clock time (ms) of the last failure. */
  last: number
  /** No try of this account from this client before this time (ms). */
  notBefore: number
}

const MAX = 100_000
const counters = new WeakMap<object, Map<string, Entry>>()

function mapOf(owner: object): Map<string, Entry> {
  let m = counters.get(owner)
  if (!m) {
    m = new Map()
    counters.set(owner, m)
  }
  return m
}

const keyOf = (ip: string | undefined, username: string) => `${ip ?? '?'}\n${username.toLowerCase()}`

function live(owner: object, key: string, now: number, cfg: LoginThrottleConfig): Entry | undefined {
  const m = counters.get(owner)
  const e = m?.get(key)
  if (e && now - e.last > cfg.lockMinutes * 60_000) {
    m!.delete(key)
    return undefined
  }
  return e
}

/** Throws ACCOUNT_LOCKED (with `until`) while this client must wait before trying this account again. */
export function checkLoginAllowed(
  owner: object,
  ip: string | undefined,
  username: string,
  now: number,
  cfg: LoginThrottleConfig,
): void {
  const e = live(owner, keyOf(ip, username), now, cfg)
  if (e && now < e.notBefore) {
    throw new AppError('ACCOUNT_LOCKED', {
      until: new Date(e.notBefore).toISOString(),
      retryAfterSeconds: Math.ceil((e.notBefore - now) / 1000),
    })
  }
}

/** Counts a failure; returns the time before which this client may not try this account again (or null). */
export function noteLoginFailure(
  owner: object,
  ip: string | undefined,
  username: string,
  now: number,
  cfg: LoginThrottleConfig,
): Date | null {
  const key = keyOf(ip, username)
  const m = mapOf(owner)
  const e = live(owner, key, now, cfg) ?? { failures: 0, last: now, notBefore: 0 }
  e.failures++
  e.last = now
  if (e.failures >= cfg.lockFailures) e.notBefore = now + cfg.lockMinutes * 60_000
  else if (e.failures >= cfg.freeFailures) {
    const wait = cfg.backoffSeconds * 1000 * 2 ** (e.failures - cfg.freeFailures)
    e.notBefore = now + Math.min(wait, cfg.lockMinutes * 60_000)
  }
  m.delete(key) // re-inserted as the newest
  if (m.size >= MAX) m.delete(m.keys().next().value!)
  m.set(key, e)
  return e.notBefore > now ? new Date(e.notBefore) : null
}

/** A successful sign-in from this client clears its count for the account. */
export function clearLoginFailures(owner: object, ip: string | undefined, username: string): void {
  counters.get(owner)?.delete(keyOf(ip, username))
}
