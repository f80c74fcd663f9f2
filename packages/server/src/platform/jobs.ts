/**
 * Background jobs: versioned, schema'd definitions (`defineJob`) with progress and idempotent checkpointed steps.
 * The `job` table is the record of every run (what the web app shows). The transport is pg-boss on PostgreSQL, so
 * work spreads over any number of worker processes, and an in-process runner on the embedded database.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import PgBoss from 'pg-boss'
import type { z } from 'zod'
import type { Actor } from '../modules/auth/actor.ts'
import type { JobRow } from '../modules/jobs/jobs.table.ts'
import type { Clock } from './clock.ts'
import type { Database } from './database.ts'
import { queryScope } from './db-guard.ts'
import { AppError } from './errors.ts'

export interface JobIo {
  jobId: string
  db: Kysely<Database>
  clock: Clock
  actor: Actor
  /** Reports progress (0..1) with a short message shown in the jobs page. */
  progress(fraction: number, message?: string): Promise<void>
  /** Runs `fn` once: a step already checkpointed by an earlier attempt is skipped. */
  step<T>(key: string, fn: () => Promise<T>): Promise<T | undefined>
}

export interface JobDefinition<P = unknown> {
  name: string
  version: number
  payload: z.ZodType<P>
  run(payload: P, io: JobIo): Promise<unknown>
  /**
   * Attempts before the job fails for good (default DEFAULT_MAX_ATTEMPTS): an attempt cut short by a restart counts,
   * so a job that stops the process does not run again at every start.
   */
  maxAttempts?: number
  /** Called once when the job fails for good (to mark what it worked on as failed, with the reason). */
  onGiveUp?(payload: P, deps: { db: Kysely<Database>; clock: Clock }, reason: string): Promise<void>
}

/** Attempts of a job unless its definition says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def
}

export interface JobQueue {
  register(def: JobDefinition<never>): void
  /** Validates the payload, records the job and queues it. */
  enqueue<P>(def: JobDefinition<P>, payload: P, actor: Actor, regionCode?: string | null): Promise<JobRow>
  /** Queues a failed or cancelled job again; its finished steps are skipped. */
  retry(jobId: string): Promise<void>
  start(): Promise<void>
  /** Resolves when nothing is queued or running (tests, CLI). */
  idle(): Promise<void>
  stop(): Promise<void>
}

interface QueueDeps {
  db: Kysely<Database>
  clock: Clock
  /** Turns the stored creator back into an actor for the run. */
  actorFor(userId: string | null): Promise<Actor>
}

abstract class BaseQueue implements JobQueue {
  protected defs = new Map<string, JobDefinition<unknown>>()
  constructor(protected deps: QueueDeps) {}

  register(def: JobDefinition<never>): void {
    this.defs.set(def.name, def as unknown as JobDefinition<unknown>)
  }

  async enqueue<P>(def: JobDefinition<P>, payload: P, actor: Actor, regionCode?: string | null): Promise<JobRow> {
    if (!this.defs.has(def.name)) this.register(def as unknown as JobDefinition<never>)
    const parsed = def.payload.safeParse(payload)
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', { issues: parsed.error.issues })
    const row = await this.deps.db
      .insertInto('job')
      .values({
        id: randomUUID(),
        name: def.name,
        version: def.version,
        payload: JSON.stringify(parsed.data),
        status: 'queued',
        created_by: actor.userId,
        region_code: regionCode ?? actor.regionCode,
        created_at: this.deps.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await this.dispatch(row)
    return row
  }

  async retry(jobId: string): Promise<void> {
    const row = await this.deps.db
      .updateTable('job')
      .set({ status: 'queued', error: null, finished_at: null, attempts: 0 }) // an operator's retry starts afresh
      .where('id', '=', jobId)
      .where('status', 'in', ['failed', 'cancelled'])
      .returningAll()
      .executeTakeFirst()
    if (!row)
      throw new AppError('CONFLICT', { what: `任务 ${jobId} 不是失败状态`, whatEn: `job ${jobId} has not failed` })
    await this.dispatch(row)
  }

  protected abstract dispatch(row: JobRow): Promise<void>
  abstract start(): Promise<void>
  abstract idle(): Promise<void>
  abstract stop(): Promise<void>

  /**
   * Runs one recorded job to completion, updating its row. Never throws. It runs outside the HTTP request that queued
   * it, so that request's end does not cancel its statements (platform/db-guard.ts).
   */
  protected execute(jobId: string): Promise<void> {
    return queryScope.exit(() => this.executeOnce(jobId))
  }

  private async executeOnce(jobId: string): Promise<void> {
    const { db, clock } = this.deps
    const row = await db.selectFrom('job').selectAll().where('id', '=', jobId).executeTakeFirst()
    if (!row || row.status === 'succeeded' || row.status === 'cancelled') return
    const def = this.defs.get(row.name)
    if (!def) {
      await db
        .updateTable('job')
        .set({ status: 'failed', error: `no job definition named ${row.name}`, finished_at: clock.now() })
        .where('id', '=', jobId)
        .execute()
      return
    }
    const max = def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
    if (row.attempts >= max) {
      const reason = `已尝试 ${row.attempts} 次（中断或失败），不再重试 / gave up after ${row.attempts} attempts (interrupted or failed)`
      await db
        .updateTable('job')
        .set({ status: 'failed', error: reason, finished_at: clock.now() })
        .where('id', '=', jobId)
        .execute()
      const payload = def.payload.safeParse(row.payload)
      if (payload.success) await def.onGiveUp?.(payload.data, { db, clock }, reason).catch(() => {})
      return
    }
    await db
      .updateTable('job')
      .set({ status: 'running', started_at: clock.now(), attempts: row.attempts + 1, error: null })
      .where('id', '=', jobId)
      .execute()
    const done = new Set<string>(row.checkpoints)
    const io: JobIo = {
      jobId,
      db,
      clock,
      actor: await this.deps.actorFor(row.created_by),
      progress: async (fraction, message) => {
        await db
          .updateTable('job')
          .set({ progress: Math.max(0, Math.min(1, fraction)), progress_message: message ?? null })
          .where('id', '=', jobId)
          .execute()
      },
      step: async (key, fn) => {
        if (done.has(key)) return undefined
        const out = await fn()
        done.add(key)
        await db
          .updateTable('job')
          .set({ checkpoints: JSON.stringify([...done]) })
          .where('id', '=', jobId)
          .execute()
        return out
      },
    }
    try {
      const payload = def.payload.parse(row.payload)
      const result = await def.run(payload, io)
      await db
        .updateTable('job')
        .set({
          status: 'succeeded',
          progress: 1,
          result: JSON.stringify(result ?? null),
          finished_at: clock.now(),
        })
        .where('id', '=', jobId)
        .execute()
    } catch (err) {
      const message = err instanceof AppError ? err.messageIn('zh-CN') : (err as Error).message
      await db
        .updateTable('job')
        .set({ status: 'failed', error: message, finished_at: clock.now() })
        .where('id', '=', jobId)
        .execute()
    }
  }
}

/** Embedded mode: jobs run one at a time in this process, resumed after a restart. */
export class InProcessQueue extends BaseQueue {
  private running: Promise<void> | undefined
  private stopped = false

  protected async dispatch(): Promise<void> {
    this.kick()
  }

  async start(): Promise<void> {
    this.stopped = false
    // A job that was running when the process stopped is run again; its finished steps are skipped.
    await this.deps.db.updateTable('job').set({ status: 'queued' }).where('status', '=', 'running').execute()
    this.kick()
  }

  private kick(): void {
    if (this.running || this.stopped) return
    this.running = this.loop().finally(() => {
      this.running = undefined
    })
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const next = await this.deps.db
        .selectFrom('job')
        .select('id')
        .where('status', '=', 'queued')
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst()
      if (!next) return
      await this.execute(next.id)
    }
  }

  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.idle()
  }
}

/** PostgreSQL mode: pg-boss carries the job ids; any process that registered the definition may run them. */
export class PgBossQueue extends BaseQueue {
  private boss: PgBoss
  private active = 0
  private waiters: Array<() => void> = []

  constructor(
    deps: QueueDeps,
    connectionString: string,
    private readonly work = true,
  ) {
    super(deps)
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 2 })
    this.boss.on('error', () => {})
  }

  private queues = new Set<string>()

  private async ensureQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return
    await this.boss.createQueue(name)
    this.queues.add(name)
    if (this.work)
      await this.boss.work<{ jobId: string }>(name, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const j of jobs) {
          try {
            await this.execute(j.data.jobId)
          } finally {
            this.settle()
          }
        }
      })
  }

  protected async dispatch(row: JobRow): Promise<void> {
    await this.ensureQueue(row.name)
    this.active++
    const id = await this.boss.send(row.name, { jobId: row.id }, { retryLimit: 2, retryDelay: 5 })
    if (!id) this.settle()
  }

  async start(): Promise<void> {
    await this.boss.start()
    for (const name of this.defs.keys()) await this.ensureQueue(name)
  }

  private settle(): void {
    this.active = Math.max(0, this.active - 1)
    if (this.active === 0) for (const w of this.waiters.splice(0)) w()
  }

  async idle(): Promise<void> {
    if (this.active === 0) return
    await new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 })
  }
}
