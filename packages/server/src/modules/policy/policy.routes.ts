import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, single } from '../../platform/schema.ts'
import { ModelDoc, ParametersDoc, ParametersQuery } from './policy.schema.ts'
import { modelDoc, parametersDoc } from './policy.service.ts'

/**
 * Policy is public: every signed-in user may read how a decision is computed and which parameter it used (the
 * session itself is required for every `/api` route, http.ts).
 */
export function policyRoutes(app: App, deps: AppDeps): void {
  const tags = ['policy']
  app.get(
    '/api/policy/model',
    { config: { anySignedIn: true }, schema: { tags, response: { 200: single(ModelDoc), ...errorResponses } } },
    async () => ({
      data: modelDoc(),
    }),
  )
  app.get(
    '/api/policy/parameters',
    {
      config: { anySignedIn: true },
      schema: { tags, querystring: ParametersQuery, response: { 200: single(ParametersDoc), ...errorResponses } },
    },
    async (req) => {
      const region = req.query.region ?? actorOf(req).regionCode
      const date = req.query.date ?? chinaDate(deps.clock.now())
      return { data: { ...parametersDoc(date, region), region } }
    },
  )
}
