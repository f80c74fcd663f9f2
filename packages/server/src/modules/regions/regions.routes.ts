import { z } from 'zod'
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, single } from '../../platform/schema.ts'
import { Region, RegionParams, RegionSearchQuery } from './regions.schema.ts'
import { getChildren, getPath, getRegion, searchRegions } from './regions.service.ts'

export function regionRoutes(app: App, deps: AppDeps): void {
  const tags = ['regions']
  app.get(
    '/api/regions/search',
    {
      config: { anySignedIn: true },
      schema: { tags, querystring: RegionSearchQuery, response: { 200: single(z.array(Region)), ...errorResponses } },
    },
    async (req) => ({ data: await searchRegions(deps.db, actorOf(req), req.query.q, req.query.limit) }),
  )
  app.get(
    '/api/regions/:code',
    {
      config: { anySignedIn: true },
      schema: { tags, params: RegionParams, response: { 200: single(Region), ...errorResponses } },
    },
    async (req) => ({ data: await getRegion(deps.db, actorOf(req), req.params.code) }),
  )
  app.get(
    '/api/regions/:code/children',
    {
      config: { anySignedIn: true },
      schema: { tags, params: RegionParams, response: { 200: single(z.array(Region)), ...errorResponses } },
    },
    async (req) => ({ data: await getChildren(deps.db, actorOf(req), req.params.code) }),
  )
  app.get(
    '/api/regions/:code/path',
    {
      config: { anySignedIn: true },
      schema: { tags, params: RegionParams, response: { 200: single(z.array(Region)), ...errorResponses } },
    },
    async (req) => ({ data: await getPath(deps.db, actorOf(req), req.params.code) }),
  )
}
