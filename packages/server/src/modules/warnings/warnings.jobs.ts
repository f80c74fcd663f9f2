import { z } from 'zod'
import { defineJob } from '../../platform/jobs.ts'
import { IsoDate } from '../../platform/schema.ts'
import { screenCounty, screenHouseholds } from './warnings.screen.ts'

/** Screens one county's whole population on a date, batch by batch with checkpoints (resumable). */
export const screenCountyJob = defineJob({
  name: 'warnings.screen-county',
  version: 1,
  payload: z.object({
    county: z.string().regex(/^\d{6}$/),
    asOf: IsoDate,
    batches: z.number().int().min(1).max(256).optional(),
  }),
  run: (p, io) => screenCounty(io, p),
})

/** Screens the households touched by an accepted feed batch. */
export const screenFeedBatchJob = defineJob({
  name: 'warnings.screen-feed-batch',
  version: 1,
  payload: z.object({ batchId: z.string().uuid(), asOf: IsoDate }),
  async run({ batchId, asOf }, io) {
    const rows = await io.db
      .selectFrom('feed_record')
      .select('household_id')
      .distinct()
      .where('batch_id', '=', batchId)
      .execute()
    const stats = await io.step(`screen-feed:${batchId}`, () =>
      screenHouseholds(
        io,
        rows.map((r) => r.household_id),
        asOf,
      ),
    )
    const summary = {
      households: rows.length,
      hits: (stats ?? []).reduce((a, s) => a + s.hits, 0),
      created: (stats ?? []).reduce((a, s) => a + s.created, 0),
      merged: (stats ?? []).reduce((a, s) => a + s.merged, 0),
    }
    await io.db
      .updateTable('feed_batch')
      .set({ screening: JSON.stringify(summary) })
      .where('id', '=', batchId)
      .execute()
    return summary
  },
})
