/** The import jobs: validation and commit of an uploaded batch, each given up (and its batch failed) after 3 tries. */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { defineJob } from '../../platform/jobs.ts'
import { runCommit, runValidation } from './imports.service.ts'

/** A batch whose job gave up (it failed or was interrupted by restarts too often) is failed with the reason. */
async function failBatch(deps: { db: Kysely<Database>; clock: Clock }, batchId: string, reason: string) {
  await deps.db
    .updateTable('import_batch')
    .set({ status: 'failed', error: reason, updated_at: deps.clock.now() })
    .where('id', '=', batchId)
    .where('status', 'in', ['uploaded', 'validating', 'committing'])
    .execute()
}

/** Validates an uploaded batch and stores its report. */
export const validateImportJob = defineJob({
  name: 'imports.validate',
  version: 1,
  payload: z.object({ batchId: z.string().uuid() }),
  maxAttempts: 3,
  run: ({ batchId }, io) => runValidation(io, batchId),
  onGiveUp: ({ batchId }, deps, reason) => failBatch(deps, batchId, reason),
})

/** Commits a validated batch (all rows or only the valid households), chunk by chunk with checkpoints. */
export const commitImportJob = defineJob({
  name: 'imports.commit',
  version: 1,
  payload: z.object({ batchId: z.string().uuid(), mode: z.enum(['all', 'valid']) }),
  maxAttempts: 3,
  run: ({ batchId, mode }, io) => runCommit(io, batchId, mode),
  onGiveUp: ({ batchId }, deps, reason) => failBatch(deps, batchId, reason),
})
