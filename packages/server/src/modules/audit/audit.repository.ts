import type { Kysely } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { AuditQuery } from './audit.schema.ts'
import type { AuditEventRow } from './audit.table.ts'

/** One page of audit rows inside `scope` (a region-code prefix), newest first unless asked otherwise. */
export async function listAudit(
  db: Kysely<Database>,
  scope: string,
  q: AuditQuery,
): Promise<{ rows: AuditEventRow[]; total: number }> {
  let base = db.selectFrom('audit_event')
  base = scope ? base.where('region_code', 'like', `${scope}%`) : base
  if (q.region) base = base.where('region_code', 'like', `${q.region}%`)
  if (q.from) base = base.where('at', '>=', new Date(q.from))
  if (q.to) base = base.where('at', '<', new Date(q.to))
  if (q.action)
    base = q.action.endsWith('*')
      ? base.where('action', 'like', `${q.action.slice(0, -1)}%`)
      : base.where('action', '=', q.action)
  if (q.actor) base = base.where('actor_name', '=', q.actor)
  if (q.subjectType) base = base.where('subject_type', '=', q.subjectType)
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('at', q.order)
      .orderBy('seq', q.order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}
