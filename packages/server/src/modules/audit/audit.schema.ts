import { z } from 'zod'
import { IsoDate, Line, PageQuery } from '../../platform/schema.ts'

export const AuditQuery = PageQuery.extend({
  from: z.iso.datetime({ offset: true }).max(40).or(IsoDate).optional().describe('Earliest time (inclusive)'),
  to: z.iso.datetime({ offset: true }).max(40).or(IsoDate).optional().describe('Latest time (exclusive)'),
  action: Line(60).optional().describe('Action, e.g. auth.login; a trailing * matches a prefix'),
  actor: Line(40).optional().describe('Actor username'),
  region: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional()
    .describe('Region code prefix'),
  subjectType: Line(40).optional(),
}).strict()
export type AuditQuery = z.infer<typeof AuditQuery>

export const AuditEvent = z.object({
  id: z.string(),
  chain: z.string(),
  seq: z.number(),
  at: z.string().describe('ISO time'),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().describe('Login name of the actor'),
  actorDisplayName: z.string().nullable().describe('Display name of the actor (the user as officials know them)'),
  action: z.string(),
  actionLabel: z.object({ zh: z.string(), en: z.string() }).describe('The action in officials’ words'),
  subjectType: z.string(),
  subjectLabel: z.object({ zh: z.string(), en: z.string() }).describe('The subject type in officials’ words'),
  subjectId: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
})
export type AuditEvent = z.infer<typeof AuditEvent>
