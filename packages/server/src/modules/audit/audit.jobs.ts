import { z } from 'zod'
import { defineJob } from '../../platform/jobs.ts'
import { verifyAudit } from './audit.service.ts'

/** Recomputes every audit chain, reporting progress; the result names the first broken row. */
export const verifyAuditJob = defineJob({
  name: 'audit.verify',
  version: 1,
  payload: z.object({}),
  async run(_payload, io) {
    return verifyAudit(io.db, (checked, total) => io.progress(total ? checked / total : 1, `${checked} / ${total}`))
  },
})
