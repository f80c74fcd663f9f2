/** The server's settings, read once from the environment (README, settings table). */
import { join, resolve } from 'node:path'
import { z } from 'zod'

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  XIANJIE_HOST: z.string().min(1).optional(),
  XIANJIE_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(3000),
  XIANJIE_BACKUP_WAIT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v), // an empty variable means "not set"
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
      .optional(),
  ),
  XIANJIE_DATA_DIR: z.string().default('data'),
  XIANJIE_DEMO_COUNTY: z
    .string()
    .regex(/^\d{6}$/)
    .default('622926'),
  XIANJIE_SEED_DEMO: z.enum(['true', 'false']).default('true'),
  XIANJIE_DEMO_PERSONS: z.coerce.number().int().min(0).max(10_000_000).default(5000),
  XIANJIE_DEMO_ACTIVITY: z.enum(['true', 'false']).default('true'),
  XIANJIE_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  XIANJIE_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  XIANJIE_LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  XIANJIE_LOGIN_BACKOFF_SECONDS: z.coerce.number().int().min(0).max(3600).default(2),
  XIANJIE_LOGIN_LOCK_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  XIANJIE_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  XIANJIE_REVEAL_SEARCHES_PER_HOUR: z.coerce.number().int().min(0).max(10_000).default(30),
  XIANJIE_DB_PREPARE_AFTER: z.coerce.number().int().min(0).default(5),
  XIANJIE_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  XIANJIE_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(1_000_000),
  XIANJIE_IMPORT_MAX_CELLS: z.coerce.number().int().min(1).default(10_000_000),
  XIANJIE_IMPORT_MAX_CELL_CHARS: z.coerce.number().int().min(1).default(2_000),
  XIANJIE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  XIANJIE_SEARCH_INDEX: z.enum(['true', 'false']).default('true'),
  XIANJIE_SEARCH_INDEX_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(100),
  XIANJIE_SEARCH_INDEX_MAX_PERSONS: z.coerce.number().int().min(0).default(2_000_000),
  XIANJIE_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  XIANJIE_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  XIANJIE_AUDIT_KEY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(32, 'XIANJIE_AUDIT_KEY must be at least 32 characters').optional(),
  ),
  XIANJIE_AUDIT_KEY_FILE: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  XIANJIE_AUDIT_ANCHOR_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  XIANJIE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export interface Config {
  port: number
  /**
   * Address to listen on, when set (`XIANJIE_HOST`, or `HOST`); unset = loopback while active demo accounts exist,
   * every interface otherwise (`listenHost` in main.ts).
   */
  host: string | undefined
  /** On SIGTERM/SIGINT, milliseconds running requests get to finish before the process exits anyway. */
  shutdownGraceMs: number
  /** Seconds `xianjie backup` waits for a moment without open transactions on a running server before giving up. */
  backupWaitSeconds: number
  databaseUrl: string | undefined
  dataDir: string
  demoCounty: string
  seedDemo: boolean
  /** Synthetic persons generated in the demo county on first start (0 = none). */
  demoPersons: number
  /** Write the demo activity (cases, targets, warnings, a roster: monitoring.demo.ts) when seeding the demo. */
  demoActivity: boolean
  sessionIdleMinutes: number
  /** Seconds a resolved session is reused without reading it again (modules/auth/session-cache.ts; 0 = off). */
  sessionCacheSeconds: number
  /**
   * Failed sign-ins per client address and account (modules/auth/login-throttle.ts): free tries, the first wait
   * (doubling after each further failure), the failures that shut that client out of that account, for how long.
   */
  login: { freeFailures: number; backoffSeconds: number; lockFailures: number; lockMinutes: number }
  /** Searches by a full ID number a user may make per hour (each one audited as a reveal). */
  revealSearchesPerHour: number
  /** A database connection prepares a statement it has run this many times (platform/db.ts; 0 = never). */
  dbPrepareAfter: number
  /** Limits of an import upload and of reading its files (modules/imports/imports.read.ts). */
  imports: { maxBytes: number; maxRows: number; maxCells: number; maxCellChars: number }
  /** Longest a database statement may run, in ms (platform/db-guard.ts; 0 = no limit). */
  statementTimeoutMs: number
  /** The household search from memory (modules/households/search-index.ts, ADR 0003). */
  searchIndex: { enabled: boolean; lagMs: number; maxPersons: number }
  secureCookies: boolean
  /** Take the client address from X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy: boolean
  logLevel: string
  /**
   * The audit log's sealing key (modules/audit/audit.key.ts, ADR 0005): the key itself, else a file holding it (made,
   * mode 0600, on first use when missing); never in the database. Anchors of the chain heads go to `anchorDir`.
   */
  audit: { key: string | undefined; keyFile: string; anchorDir: string | undefined }
}

/** Reads the configuration from the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.XIANJIE_HOST ?? e.HOST,
    shutdownGraceMs: e.XIANJIE_SHUTDOWN_GRACE_MS,
    backupWaitSeconds: e.XIANJIE_BACKUP_WAIT_SECONDS,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.XIANJIE_DATA_DIR),
    demoCounty: e.XIANJIE_DEMO_COUNTY,
    seedDemo: e.XIANJIE_SEED_DEMO === 'true',
    demoPersons: e.XIANJIE_DEMO_PERSONS,
    demoActivity: e.XIANJIE_DEMO_ACTIVITY === 'true',
    sessionIdleMinutes: e.XIANJIE_SESSION_IDLE_MINUTES,
    sessionCacheSeconds: e.XIANJIE_SESSION_CACHE_SECONDS,
    login: {
      freeFailures: e.XIANJIE_LOGIN_FREE_FAILURES,
      backoffSeconds: e.XIANJIE_LOGIN_BACKOFF_SECONDS,
      lockFailures: e.XIANJIE_LOGIN_LOCK_FAILURES,
      lockMinutes: e.XIANJIE_LOGIN_LOCK_MINUTES,
    },
    revealSearchesPerHour: e.XIANJIE_REVEAL_SEARCHES_PER_HOUR,
    dbPrepareAfter: e.XIANJIE_DB_PREPARE_AFTER,
    statementTimeoutMs: e.XIANJIE_STATEMENT_TIMEOUT_MS,
    imports: {
      maxBytes: e.XIANJIE_IMPORT_MAX_BYTES,
      maxRows: e.XIANJIE_IMPORT_MAX_ROWS,
      maxCells: e.XIANJIE_IMPORT_MAX_CELLS,
      maxCellChars: e.XIANJIE_IMPORT_MAX_CELL_CHARS,
    },
    searchIndex: {
      enabled: e.XIANJIE_SEARCH_INDEX === 'true',
      lagMs: e.XIANJIE_SEARCH_INDEX_LAG_MS,
      maxPersons: e.XIANJIE_SEARCH_INDEX_MAX_PERSONS,
    },
    secureCookies: e.XIANJIE_SECURE_COOKIES === 'true',
    trustProxy: e.XIANJIE_TRUST_PROXY === 'true',
    logLevel: e.XIANJIE_LOG_LEVEL,
    audit: {
      key: e.XIANJIE_AUDIT_KEY,
      keyFile: resolve(e.XIANJIE_AUDIT_KEY_FILE ?? join(e.XIANJIE_DATA_DIR, 'audit.key')),
      anchorDir: e.XIANJIE_AUDIT_ANCHOR_DIR === undefined ? undefined : resolve(e.XIANJIE_AUDIT_ANCHOR_DIR),
    },
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

/**
 * Where the server listens: the configured address, or, when none is set, loopback while active demo accounts (with
 * their published password) exist and every interface otherwise. `warning` is set when a non-loopback address is
 * used while demo accounts exist.
 */
export function listenHost(configured: string | undefined, demoAccounts: number): { host: string; warning?: string } {
  const host = configured ?? (demoAccounts > 0 ? '127.0.0.1' : '0.0.0.0')
  if (demoAccounts === 0 || LOOPBACK.has(host)) return { host }
  return {
    host,
    warning:
      `警告：服务器在 ${host} 上对外提供服务，但仍有 ${demoAccounts} 个演示账号使用公开的演示密码。请停用演示账号（xianjie user disable）或只在本机访问。\n` +
      `WARNING: listening on ${host} while ${demoAccounts} demo accounts with the published demo password are active: anyone who can reach this address can sign in. Disable them (xianjie user disable) or listen on 127.0.0.1 (README, Operations).`,
  }
}
