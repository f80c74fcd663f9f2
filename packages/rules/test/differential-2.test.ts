/** Scalar and batch back-ends agree: the second 50,000 households (another seed). */
import { describe, expect, it } from 'vitest'
import { compare, OUTPUTS } from './differential.ts'

const N = Number(process.env.XIANJIE_DIFF_N ?? 50_000)

describe('scalar vs batch (2/2)', () => {
  it(`agree on ${N} more generated households`, async () => {
    expect(await compare(N, 19491001, OUTPUTS)).toEqual([])
  }, 120_000)
})
