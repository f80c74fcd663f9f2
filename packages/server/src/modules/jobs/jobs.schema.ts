import { z } from 'zod'
import { PageQuery } from '../../platform/schema.ts'

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])

export const Job = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  status: JobStatus,
  progress: z.number().min(0).max(1),
  progressMessage: z.string().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
})
export type Job = z.infer<typeof Job>

export const JobQuery = PageQuery.extend({ status: JobStatus.optional() }).strict()
export const JobParams = z.object({ id: z.string().uuid() })
