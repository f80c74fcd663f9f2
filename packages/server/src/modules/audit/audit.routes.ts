import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, paged, single } from '../../platform/schema.ts'
import { requirePermission } from '../auth/actor.ts'
import { displayNames } from '../auth/auth.repository.ts'
import { Job } from '../jobs/jobs.schema.ts'
import { presentJob } from '../jobs/jobs.service.ts'
import { verifyAuditJob } from './audit.jobs.ts'
import { auditActionLabel, auditSubjectLabel } from './audit.labels.ts'
import { listAudit } from './audit.repository.ts'
import { AuditEvent, AuditQuery } from './audit.schema.ts'
import type { AuditEventRow } from './audit.table.ts'

/** An audit row for the screen: the action and subject named in officials' words, the actor by display name. */
export function presentAudit(r: AuditEventRow, names: ReadonlyMap<string, string> = new Map()): AuditEvent {
  return {
    id: r.id,
    chain: r.chain,
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorDisplayName: (r.actor_id && names.get(r.actor_id)) || null,
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    subjectType: r.subject_type,
    subjectLabel: auditSubjectLabel(r.subject_type),
    subjectId: r.subject_id,
    regionCode: r.region_code,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
  }
}

export function auditRoutes(app: App, deps: AppDeps): void {
  const tags = ['audit']
  app.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: { tags, querystring: AuditQuery, response: { 200: paged(AuditEvent), ...errorResponses } },
    },
    async (req) => {
      const actor = actorOf(req)
      requirePermission(actor, 'audit.read')
      const { rows, total } = await listAudit(deps.db, actor.scope, req.query)
      const names = await displayNames(
        deps.db,
        rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])),
      )
      return {
        data: rows.map((r) => presentAudit(r, names)),
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
      }
    },
  )
  app.post(
    '/api/audit/verify',
    { config: { permission: 'audit.verify' }, schema: { tags, response: { 200: single(Job), ...errorResponses } } },
    async (req) => {
      const actor = actorOf(req)
      requirePermission(actor, 'audit.verify')
      return { data: presentJob(await deps.jobs.enqueue(verifyAuditJob, {}, actor)) }
    },
  )
}
