/** The jobs page: the runs of the actor's area, of the kinds the actor's roles may see. */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { type Actor, can, systemActor } from '../auth/actor.ts'
import type { Permission } from '../auth/roles.ts'
import type { Job } from './jobs.schema.ts'
import type { JobRow, JobStatus } from './jobs.table.ts'

export function presentJob(r: JobRow): Job {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    status: r.status,
    progress: r.progress,
    progressMessage: r.progress_message,
    result: r.result,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    createdBy: r.created_by,
  }
}

/**
 * Who may see the runs of each kind of job (their results name households, payments, audit findings): any one of the
 * permissions. A kind not listed is seen only by the user who started it.
 */
export const jobReaders: Record<string, readonly Permission[]> = {
  'assistance.pay-roster': ['roster.generate', 'roster.approve'],
  'audit.verify': ['audit.verify'],
  'imports.validate': ['household.edit'],
  'imports.commit': ['household.edit'],
  'warnings.screen-county': ['warning.read'],
  'warnings.screen-feed-batch': ['warning.read', 'feed.submit'],
}

/** The job kinds `actor` may see (all of them for the system). */
export function visibleJobKinds(actor: Actor): string[] {
  return Object.entries(jobReaders)
    .filter(([, perms]) => perms.some((p) => can(actor, p)))
    .map(([name]) => name)
}

/** Condition on `job`: a kind the actor may see, or a run the actor started. */
function visibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'job'>) => {
    if (actor === systemActor) return sql<boolean>`true`
    const kinds = visibleJobKinds(actor)
    const own = actor.userId ? eb('created_by', '=', actor.userId) : sql<boolean>`false`
    return kinds.length ? eb.or([eb('name', 'in', kinds), own]) : own
  }
}

/** Jobs of the actor's area and of the kinds it may see, newest first. */
export async function listJobs(
  db: Kysely<Database>,
  actor: Actor,
  q: { page: number; pageSize: number; order: 'asc' | 'desc'; status?: JobStatus | undefined },
): Promise<{ rows: JobRow[]; total: number }> {
  let base = db.selectFrom('job').where('region_code', 'like', `${actor.scope}%`).where(visibleTo(actor))
  if (q.status) base = base.where('status', '=', q.status)
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', q.order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

export async function getJob(db: Kysely<Database>, actor: Actor, id: string): Promise<JobRow> {
  const row = await db
    .selectFrom('job')
    .selectAll()
    .where('id', '=', id)
    .where('region_code', 'like', `${actor.scope}%`)
    .where(visibleTo(actor))
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', { what: `任务 ${id}`, whatEn: `Job ${id}` })
  return row
}
