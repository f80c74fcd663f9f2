import { z } from 'zod'
import { defineJob } from '../../platform/jobs.ts'
import { runCommit, runValidation } from './imports.service.ts'

/** Validates an uploaded batch and stores its report. */
export const validateImportJob = defineJob({
  name: 'imports.validate',
  version: 1,
  payload: z.object({ batchId: z.string().uuid() }),
  run: ({ batchId }, io) => runValidation(io, batchId),
})

/** Commits a validated batch (all rows or only the valid households), chunk by chunk with checkpoints. */
export const commitImportJob = defineJob({
  name: 'imports.commit',
  version: 1,
  payload: z.object({ batchId: z.string().uuid(), mode: z.enum(['all', 'valid']) }),
  run: ({ batchId, mode }, io) => runCommit(io, batchId, mode),
})
