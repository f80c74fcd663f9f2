/** `GET /api/home/summary`: the first screen's figures for a region in the user's scope (home.service.ts). */
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, single } from '../../platform/schema.ts'
import { HomeQuery, HomeSummary } from './home.schema.ts'
import { homeSummary } from './home.service.ts'

export function homeRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/home/summary',
    {
      config: { anySignedIn: true },
      schema: {
        tags: ['home'],
        summary: 'Figures and to-dos of a region for the home page (each block only for roles that may read it)',
        querystring: HomeQuery,
        response: { 200: single(HomeSummary), ...errorResponses },
      },
    },
    async (req) => ({ data: await homeSummary(deps, actorOf(req), req.query) }),
  )
}
