/**
 * The audit verify job (`POST /api/audit/verify`): recomputes every audit chain, reporting progress; the result names
 * each broken chain's first wrong row. With `XIANJIE_AUDIT_ANCHOR_DIR` set it also compares the log with the newest
 * anchor there and, when the log is intact, writes a new anchor beside it, so running it on a schedule anchors the log.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { loadConfig } from '../../platform/config.ts'
import { defineJob } from '../../platform/jobs.ts'
import { anchorFileName, latestAnchorIn, makeAnchor, readAnchorFile, writeAnchorFile } from './audit.anchor.ts'
import { verifyAudit } from './audit.verify.ts'

export const verifyAuditJob = defineJob({
  name: 'audit.verify',
  version: 2,
  payload: z.object({}),
  async run(_payload, io) {
    const dir = loadConfig().audit.anchorDir
    const latest = dir === undefined ? undefined : latestAnchorIn(dir)
    const { heads, ...result } = await verifyAudit(io.db, {
      ...(latest ? { anchor: readAnchorFile(latest) } : {}),
      onProgress: (checked, total) => io.progress(total ? checked / total : 1, `${checked} / ${total}`),
    })
    if (dir === undefined || !result.ok) return result
    const now = io.clock.now()
    const file = join(dir, anchorFileName(now))
    writeAnchorFile(file, makeAnchor(heads, now))
    return { ...result, anchoredTo: file }
  },
})
