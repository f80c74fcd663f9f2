import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, paged, single } from '../../platform/schema.ts'
import { Job, JobParams, JobQuery } from './jobs.schema.ts'
import { getJob, listJobs, presentJob } from './jobs.service.ts'

export function jobRoutes(app: App, deps: AppDeps): void {
  const tags = ['jobs']
  app.get(
    '/api/jobs',
    {
      config: { anySignedIn: true },
      schema: { tags, querystring: JobQuery, response: { 200: paged(Job), ...errorResponses } },
    },
    async (req) => {
      const { rows, total } = await listJobs(deps.db, actorOf(req), req.query)
      return { data: rows.map(presentJob), page: { page: req.query.page, pageSize: req.query.pageSize, total } }
    },
  )
  app.get(
    '/api/jobs/:id',
    {
      config: { anySignedIn: true },
      schema: { tags, params: JobParams, response: { 200: single(Job), ...errorResponses } },
    },
    async (req) => ({ data: presentJob(await getJob(deps.db, actorOf(req), req.params.id)) }),
  )
}
