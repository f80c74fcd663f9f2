/**
 * HTTP face of the applications module: the printable written decision of a finished case and the county's review
 * raiser. Everything else (open, act, inbox, publicity notices) goes through the generic /api/cases routes.
 */
import { z } from 'zod'
import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf } from '../../platform/http.ts'
import { errorResponses, single } from '../../platform/schema.ts'
import { RaiseResult } from './applications.schema.ts'
import { decisionNotice, householdCoverage, raiseReviews } from './applications.service.ts'
import './case-types.ts'

const DecisionNotice = z.object({
  caseId: z.string(),
  kind: z.enum(['APPROVAL', 'REFUSAL', 'TERMINATION', 'CHANGE']),
  title: z.string(),
  programme: z.string(),
  subjectName: z.string(),
  village: z.string(),
  township: z.string(),
  decidedOn: z.string().nullable(),
  lines: z.array(z.string()),
  reasons: z.string().nullable(),
  office: z.string(),
  appeal: z.string(),
})

export function applicationRoutes(app: App, deps: AppDeps): void {
  const tags = ['applications']
  app.get(
    '/api/applications/:id/decision',
    {
      config: { anySignedIn: true },
      schema: {
        tags,
        summary: 'Printable written decision (approval, refusal with reasons, termination) of a finished case',
        params: z.object({ id: z.uuid() }),
        response: { 200: single(DecisionNotice), ...errorResponses },
      },
    },
    async (req) => ({ data: await decisionNotice(deps, actorOf(req), req.params.id) }),
  )
  app.get(
    '/api/applications/coverage',
    {
      config: { permission: ['household.read', 'assistance.read'] },
      schema: {
        tags,
        summary: '低保 / 特困 coverage in force for the members of a household (no double benefit)',
        querystring: z.object({ householdId: z.uuid() }),
        response: {
          200: single(
            z.array(
              z.object({
                personId: z.string(),
                name: z.string(),
                group: z.string(),
                since: z.string(),
                until: z.string().nullable(),
              }),
            ),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await householdCoverage(deps, actorOf(req), req.query.householdId) }),
  )
  app.post(
    '/api/applications/reviews/raise',
    {
      config: { permission: 'assistance.reviews' },
      schema: {
        tags,
        summary:
          'Raise 低保 review cases due by classification, for members turning 18 and after department data (death, assets, a job); end gradual exits that are over',
        body: z.strictObject({ county: z.string().regex(/^\d{6}$/) }),
        response: {
          200: single(RaiseResult),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ data: await raiseReviews(deps, actorOf(req), req.body.county) }),
  )
}
