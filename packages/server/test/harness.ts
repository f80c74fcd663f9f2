/**
 * Test harness: each test file gets its own real database (a PGlite copy of the template, or a PostgreSQL clone of
 * it), the platform and the HTTP app over it, a movable clock, and factories that build users and sessions.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import { buildApp, openPlatform, type Platform } from '../src/app.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { addUser } from '../src/modules/auth/auth.service.ts'
import type { AppUserRow } from '../src/modules/auth/auth.table.ts'
import type { Role } from '../src/modules/auth/roles.ts'
import { fixedClock } from '../src/platform/clock.ts'
import { loadConfig } from '../src/platform/config.ts'
import { type DbHandle, openDatabase } from '../src/platform/db.ts'
import type { AppDeps } from '../src/platform/deps.ts'
import type { App } from '../src/platform/http.ts'

export const TEST_PASSWORD = 'Test-Passw0rd!'
/** Regions of the template (甘肃省 → 临夏州 → 东乡县 → 锁南镇 → 村). */
export const R = {
  province: '620000000000',
  city: '622900000000',
  county: '622926000000',
  township: '622926100000',
  village: '622926100202',
  otherVillage: '622926100203',
  otherTownship: '622926101000',
  otherCounty: '622921000000',
} as const

export interface Session {
  cookie: string
  csrf: string
  user: AppUserRow
}

/** Database options of a test file that needs more than the default. */
export interface TestDbOptions {
  /** Statement time limit (platform/db-guard.ts); default none. */
  statementTimeoutMs?: number
  /** PGlite in a temporary folder instead of memory (what a server runs: the guard can restart it). */
  onDisk?: boolean
}

async function openTestDatabase(
  opts: TestDbOptions = {},
): Promise<{ handle: DbHandle; url: string | undefined; drop(): Promise<void> }> {
  const statementTimeoutMs = opts.statementTimeoutMs ?? 0
  const pgTemplate = inject('pgTemplate')
  const base = process.env.DATABASE_URL
  if (pgTemplate && base) {
    const name = `xj_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`
    const admin = new pg.Client({ connectionString: base })
    await admin.connect()
    await admin.query(`create database ${name} template ${pgTemplate}`)
    await admin.end()
    const u = new URL(base)
    u.pathname = `/${name}`
    const handle = await openDatabase({ url: u.toString(), poolSize: 4, statementTimeoutMs })
    return {
      handle,
      url: u.toString(),
      async drop() {
        const a = new pg.Client({ connectionString: base })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  }
  const dataDir = opts.onDisk ? mkdtempSync(join(tmpdir(), 'xianjie-test-db-')) : undefined
  const handle = await openDatabase({
    loadFrom: new Uint8Array(readFileSync(inject('pgliteTemplate'))),
    dataDir,
    statementTimeoutMs,
  })
  return {
    handle,
    url: undefined,
    drop: async () => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface TestContext {
  readonly deps: AppDeps
  readonly app: App
  readonly platform: Platform
  clock: ReturnType<typeof fixedClock>
  /** Creates an active user (password TEST_PASSWORD, no forced change unless asked). */
  user(opts: { role: Role | Role[]; region: string; username?: string; mustChange?: boolean }): Promise<AppUserRow>
  /** Moves the clock forward and keeps open sessions alive, as if their users had been active all along. */
  travel(ms: number): Promise<void>
  /** Logs a user in through the API and returns its cookies and CSRF token. */
  login(user: AppUserRow | string, password?: string): Promise<Session>
  /** An API call as a session (or anonymous), sending the CSRF token on writes. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts?: { as?: Session; json?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>
}

export function useTestPlatform(opts: { runJobs?: boolean; db?: TestDbOptions } = {}): TestContext {
  let platform: Platform
  let app: App
  let drop: () => Promise<void>
  const clock = fixedClock('2026-11-28T02:00:00Z')
  let n = 0
  let logins = 0

  beforeAll(async () => {
    const db = await openTestDatabase(opts.db)
    drop = db.drop
    // Tests tell requests apart by X-Forwarded-For (rate limits are per client address).
    const base = loadConfig({})
    // the household search syncs before every search, so a test reads what it just wrote, however it wrote it
    const config = { ...base, databaseUrl: db.url, trustProxy: true, searchIndex: { ...base.searchIndex, lagMs: 0 } }
    platform = await openPlatform(config, { handle: db.handle, clock, runJobs: opts.runJobs ?? true })
    app = await buildApp(platform.deps)
  })
  afterAll(async () => {
    await app?.close()
    await platform?.close()
    await platform?.handle.close()
    await drop?.()
  })

  const ctx: TestContext = {
    get deps() {
      return platform.deps
    },
    get app() {
      return app
    },
    get platform() {
      return platform
    },
    clock,
    async user({ role, region, username, mustChange }) {
      const user = await addUser(platform.deps, systemActor, {
        username: username ?? `u${++n}_${randomUUID().slice(0, 6)}`,
        password: TEST_PASSWORD,
        roles: Array.isArray(role) ? role : [role],
        regionCode: region,
      })
      if (mustChange) return user
      return platform.deps.db
        .updateTable('app_user')
        .set({ must_change_password: false })
        .where('id', '=', user.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    },
    async travel(ms) {
      clock.advance(ms)
      const now = clock.now()
      await platform.deps.db
        .updateTable('session')
        .set({ last_seen_at: now, expires_at: new Date(now.getTime() + 86_400_000) })
        .where('revoked_at', 'is', null)
        .execute()
    },
    async login(user, password = TEST_PASSWORD) {
      const username = typeof user === 'string' ? user : user.username
      // each sign-in of a test's set-up comes from its own address, so a file signing in many users stays clear of
      // the per-client login rate limit (the tests of that limit send their own X-Forwarded-For)
      logins++
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        headers: { 'x-forwarded-for': `10.250.${(logins >> 8) & 255}.${logins & 255}` },
      })
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
      const cookies = res.cookies as Array<{ name: string; value: string }>
      const session = cookies.find((c) => c.name === 'xj_session')!.value
      const csrf = cookies.find((c) => c.name === 'xj_csrf')!.value
      const row = await platform.deps.db
        .selectFrom('app_user')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
      return { cookie: `xj_session=${session}; xj_csrf=${csrf}`, csrf, user: row }
    },
    call(method, url, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) }
      if (o.as) {
        headers.cookie = o.as.cookie
        if (method !== 'GET') headers['x-csrf-token'] ??= o.as.csrf
      }
      return app.inject({ method, url, headers, ...(o.json !== undefined ? { payload: o.json as object } : {}) })
    },
  }
  return ctx
}
