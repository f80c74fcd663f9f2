/**
 * Scalar and batch back-ends agree exactly on 100,000 generated households across every program (two files of
 * 50,000 so vitest runs them on both cores), plus the 24-month elimination history on 2,000.
 */
import { describe, expect, it } from 'vitest'
import { ALL, compare, OUTPUTS } from './differential.ts'

const N = Number(process.env.XIANJIE_DIFF_N ?? 50_000)

describe('scalar vs batch (1/2)', () => {
  it(`agree on ${N} generated households for every program output`, async () => {
    expect(await compare(N, 20260301, OUTPUTS)).toEqual([])
  }, 120_000)
  it('agree on the 24-month elimination history (2,000 households)', async () => {
    expect(await compare(2_000, 20250901, ALL)).toEqual([])
  }, 60_000)
})
