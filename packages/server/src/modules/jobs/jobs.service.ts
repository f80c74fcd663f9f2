import type { Kysely } from 'kysely'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import type { Actor } from '../auth/actor.ts'
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

/** Jobs of the actor's area, newest first. */
export async function listJobs(
  db: Kysely<Database>,
  actor: Actor,
  q: { page: number; pageSize: number; order: 'asc' | 'desc'; status?: JobStatus | undefined },
): Promise<{ rows: JobRow[]; total: number }> {
  let base = db.selectFrom('job').where('region_code', 'like', `${actor.scope}%`)
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
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', { what: `任务 ${id}`, whatEn: `Job ${id}` })
  return row
}
