import { z } from 'zod'
import type { AppDeps } from '../../platform/deps.ts'
import type { App } from '../../platform/http.ts'
import { detailCacheStats } from '../households/households.service.ts'

export const Health = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
  searchIndex: z
    .object({ ready: z.number(), building: z.number(), starting: z.boolean() })
    .describe(
      'Counties whose household search answers from memory, those being read, and whether start-up is choosing them',
    ),
  detailCache: z
    .object({ hits: z.number(), misses: z.number(), size: z.number(), capacity: z.number() })
    .describe(
      'The household detail cache of this process since it started: documents served from it and read from the database, documents kept, and the most it keeps',
    ),
})

/** Liveness: answers from memory, so it stays fast even while the database runs a long query. */
export function healthRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['health'], response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
      db: deps.dbKind,
      version: deps.version,
      searchIndex: deps.searchIndex?.summary() ?? { ready: 0, building: 0, starting: false },
      detailCache: detailCacheStats(),
    }),
  )
}
