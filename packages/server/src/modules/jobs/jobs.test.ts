import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { defineJob } from '../../platform/jobs.ts'
import { systemActor } from '../auth/actor.ts'

const t = useTestPlatform()

const runs: string[] = []
const stepped = defineJob({
  name: 'test.stepped',
  version: 1,
  payload: z.object({ steps: z.number().int().min(1), failAt: z.number().int().optional() }),
  async run({ steps, failAt }, io) {
    for (let i = 0; i < steps; i++) {
      await io.step(`s${i}`, async () => {
        if (i === failAt && !runs.includes(`fail${i}`)) {
          runs.push(`fail${i}`)
          throw new Error(`step ${i} failed`)
        }
        runs.push(`s${i}`)
      })
      await io.progress((i + 1) / steps, `${i + 1}/${steps}`)
    }
    return { steps }
  },
})

async function waitFor(id: string) {
  for (let i = 0; i < 200; i++) {
    await t.deps.jobs.idle()
    const row = await t.deps.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    if (row.status === 'succeeded' || row.status === 'failed') return row
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('job did not finish')
}

describe('jobs', () => {
  test('a job runs with progress and its result is recorded', async () => {
    const job = await t.deps.jobs.enqueue(stepped, { steps: 3 }, systemActor, R.county)
    const done = await waitFor(job.id)
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, progress_message: '3/3', result: { steps: 3 } })
    expect(done.checkpoints).toEqual(['s0', 's1', 's2'])
  })

  test('a bad payload is refused before anything is queued', async () => {
    await expect(t.deps.jobs.enqueue(stepped, { steps: 0 }, systemActor)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })

  test('a failed job re-run skips the steps it already finished', async () => {
    runs.length = 0
    const job = await t.deps.jobs.enqueue(stepped, { steps: 3, failAt: 1 }, systemActor, R.county)
    const failed = await waitFor(job.id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/step 1 failed/)
    expect(failed.checkpoints).toEqual(['s0'])
    await t.deps.jobs.retry(job.id)
    const done = await waitFor(job.id)
    expect(done.status).toBe('succeeded')
    expect(runs).toEqual(['s0', 'fail1', 's1', 's2'])
  })

  test('the audit verify job runs from the API and the jobs page lists it in scope', async () => {
    const auditor = await t.login(await t.user({ role: 'AUDITOR', region: R.county }))
    const started = await t.call('POST', '/api/audit/verify', { as: auditor })
    expect(started.statusCode).toBe(200)
    const id = started.json().data.id
    await waitFor(id)
    const job = (await t.call('GET', `/api/jobs/${id}`, { as: auditor })).json().data
    expect(job).toMatchObject({ name: 'audit.verify', status: 'succeeded', result: { ok: true } })
    const list = (await t.call('GET', '/api/jobs?status=succeeded', { as: auditor })).json()
    expect(list.data.map((j: { id: string }) => j.id)).toContain(id)
    const outsider = await t.login(await t.user({ role: 'AUDITOR', region: R.otherCounty }))
    expect((await t.call('GET', `/api/jobs/${id}`, { as: outsider })).statusCode).toBe(404)
  })
})
