/**
 * An interrupted validation does not re-run at every restart forever (issue 17, finding 7): the embedded job runner
 * queues a job that was running when the process stopped again, but only until the job's attempts are spent; then
 * the job and its import batch are failed with the reason.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { validateImportJob } from './imports.jobs.ts'

const t = useTestPlatform()

/** A validation job left `running` by `attempts` starts that each ended with the process. */
async function interrupted(attempts: number) {
  const batch = { id: randomUUID() }
  const now = t.clock.now()
  await t.deps.db
    .insertInto('import_batch')
    .values({
      id: batch.id,
      county_code: R.county.slice(0, 6),
      scope: R.county.slice(0, 6),
      file_name: 'x.csv',
      status: 'uploaded',
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  await t.deps.db
    .insertInto('import_file')
    .values({ id: randomUUID(), batch_id: batch.id, name: 'x.csv', content: Buffer.from('户编号\n1\n'), sha256: '' })
    .execute()
  const job = await t.deps.db
    .insertInto('job')
    .values({
      id: randomUUID(),
      name: validateImportJob.name,
      version: validateImportJob.version,
      payload: JSON.stringify({ batchId: batch.id }),
      status: 'running',
      attempts,
      created_by: null,
      region_code: R.county,
      created_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.deps.db.updateTable('import_batch').set({ status: 'validating' }).where('id', '=', batch.id).execute()
  return { batchId: batch.id, jobId: job.id }
}

describe.runIf(!process.env.DATABASE_URL)('import jobs after restarts (embedded runner)', () => {
  test('a validation interrupted three times is failed with the reason at the next start, not run again', async () => {
    const { batchId, jobId } = await interrupted(3)
    await t.deps.jobs.start() // what a restart does
    await t.deps.jobs.idle()
    const job = await t.deps.db.selectFrom('job').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow()
    expect(job.status).toBe('failed')
    expect(job.attempts).toBe(3)
    expect(job.error).toMatch(/不再重试.*gave up after 3 attempts/)
    const batch = await t.deps.db
      .selectFrom('import_batch')
      .selectAll()
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow()
    expect(batch.status).toBe('failed')
    expect(batch.error).toMatch(/gave up/)
  })

  test('one interrupted once is run again', async () => {
    const { batchId, jobId } = await interrupted(1)
    await t.deps.jobs.start()
    await t.deps.jobs.idle()
    const job = await t.deps.db.selectFrom('job').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow()
    expect(job.attempts).toBe(2)
    expect(job.status).toBe('succeeded')
    const batch = await t.deps.db
      .selectFrom('import_batch')
      .selectAll()
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow()
    expect(batch.status).toBe('validated')
  })
})
