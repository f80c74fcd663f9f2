/**
 * The composition root: opens the database, migrates it, wires the job queue and the HTTP routes. Used by the
 * server (`main.ts`), the CLI and the tests, so all three run the same code.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { applicationRoutes } from './modules/applications/applications.routes.ts'
import { assistanceRoutes } from './modules/assistance/assistance.routes.ts'
import { payRosterJob } from './modules/assistance/rosters.ts'
import { verifyAuditJob } from './modules/audit/audit.jobs.ts'
import { auditRoutes } from './modules/audit/audit.routes.ts'
import { authRoutes } from './modules/auth/auth.routes.ts'
import { actorForUserId, resolveSession } from './modules/auth/auth.service.ts'
import { feedRoutes } from './modules/feeds/feeds.routes.ts'
import { healthRoutes } from './modules/health/health.routes.ts'
import { homeRoutes } from './modules/home/home.routes.ts'
import { householdRoutes } from './modules/households/households.routes.ts'
import { HouseholdSearchIndex } from './modules/households/search-index.ts'
import { commitImportJob, validateImportJob } from './modules/imports/imports.jobs.ts'
import { importRoutes } from './modules/imports/imports.routes.ts'
import { jobRoutes } from './modules/jobs/jobs.routes.ts'
import { monitoringRoutes } from './modules/monitoring/monitoring.routes.ts'
import { policyRoutes } from './modules/policy/policy.routes.ts'
import { regionRoutes } from './modules/regions/regions.routes.ts'
import { reportRoutes } from './modules/reports/reports.routes.ts'
import { screenCountyJob, screenFeedBatchJob } from './modules/warnings/warnings.jobs.ts'
import { warningRoutes } from './modules/warnings/warnings.routes.ts'
import { workflowRoutes } from './modules/workflow/workflow.routes.ts'
import { type Clock, systemClock } from './platform/clock.ts'
import type { Config } from './platform/config.ts'
import { type DbHandle, openDatabase } from './platform/db.ts'
import { withoutTimeLimit } from './platform/db-guard.ts'
import type { AppDeps } from './platform/deps.ts'
import { type App, buildHttp } from './platform/http.ts'
import { InProcessQueue, type JobDefinition, type JobQueue, PgBossQueue } from './platform/jobs.ts'
import { migrateToLatest } from './platform/migrate.ts'

export const version: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** Every job definition the platform knows. Modules add theirs here. */
export const jobDefinitions: JobDefinition<never>[] = [
  verifyAuditJob as JobDefinition<never>,
  validateImportJob as JobDefinition<never>,
  commitImportJob as JobDefinition<never>,
  screenCountyJob as JobDefinition<never>,
  screenFeedBatchJob as JobDefinition<never>,
  payRosterJob as JobDefinition<never>,
]

export const routeModules = [
  healthRoutes,
  authRoutes,
  regionRoutes,
  auditRoutes,
  jobRoutes,
  householdRoutes,
  importRoutes,
  workflowRoutes,
  applicationRoutes,
  feedRoutes,
  warningRoutes,
  monitoringRoutes,
  reportRoutes,
  assistanceRoutes,
  policyRoutes,
  homeRoutes,
]

export interface Platform {
  deps: AppDeps
  handle: DbHandle
  close(): Promise<void>
}

export interface PlatformOptions {
  clock?: Clock
  /** Use an already-open database (tests). */
  handle?: DbHandle
  /** Run queued jobs in this process (default true). */
  runJobs?: boolean
  /** Build and follow the in-memory household search (default true; the CLI's one-off commands do not). */
  searchIndex?: boolean
  /** Use the running server's embedded database through its socket when it holds the data dir (the CLI). */
  attach?: boolean
}

export async function openPlatform(config: Config, opts: PlatformOptions = {}): Promise<Platform> {
  const handle =
    opts.handle ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'),
      prepareAfter: config.dbPrepareAfter,
      attach: opts.attach ?? false,
      statementTimeoutMs: config.statementTimeoutMs,
    }))
  await withoutTimeLimit(() => migrateToLatest(handle.db))
  const clock = opts.clock ?? systemClock
  const queueDeps = { db: handle.db, clock, actorFor: (id: string | null) => actorForUserId(handle.db, id) }
  const jobs: JobQueue =
    handle.kind === 'postgres' && config.databaseUrl
      ? new PgBossQueue(queueDeps, config.databaseUrl, opts.runJobs ?? true)
      : new InProcessQueue(queueDeps)
  for (const def of jobDefinitions) jobs.register(def)
  const searchIndex = new HouseholdSearchIndex(handle.db, {
    ...config.searchIndex,
    enabled: config.searchIndex.enabled && (opts.searchIndex ?? true),
  })
  await searchIndex.start()
  const deps: AppDeps = { db: handle.db, dbKind: handle.kind, config, clock, jobs, version, searchIndex }
  if (opts.runJobs ?? true) await jobs.start()
  return {
    deps,
    handle,
    async close() {
      await searchIndex.stop()
      await jobs.stop()
      if (!opts.handle) await handle.close()
    },
  }
}

export function buildApp(deps: AppDeps, opts: { logger?: boolean | object } = {}): Promise<App> {
  return buildHttp(deps, {
    resolveSession: (token) => resolveSession(deps, token),
    routes: routeModules,
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  })
}
