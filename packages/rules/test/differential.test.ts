/**
 * Scalar and batch back-ends agree exactly on generated households across every program output (two files so vitest
 * runs them on both cores; 5,000 households each by default, XIANJIE_DIFF_N per file under
 * `npm run bench:rules-differential`), plus the 24-month elimination history. Each run also checks that the sample
 * exercises every output: an output that is constant over the sample would be compared without being tested.
 */
import { describe, expect, it } from 'vitest'
import { ALL, CONSTANT_BY_DESIGN, compare, DIFF_N, OUTPUTS, TIMEOUT } from './differential.ts'

describe('scalar vs batch (1/2)', () => {
  it(
    `agree on ${DIFF_N} generated households for every program output, each output exercised`,
    async () => {
      const r = await compare(DIFF_N, 20260301, OUTPUTS)
      expect(r.mismatches).toEqual([])
      expect(r.constant).toEqual(CONSTANT_BY_DESIGN)
    },
    TIMEOUT,
  )
  it(
    `agree on the 24-month elimination history (${Math.max(500, Math.round(DIFF_N / 10))} households)`,
    async () => {
      const r = await compare(Math.max(500, Math.round(DIFF_N / 10)), 20250901, ALL)
      expect(r.mismatches).toEqual([])
      expect(r.constant).not.toContain('elimination_ready')
      expect(r.constant).not.toContain('income_stable_months')
    },
    TIMEOUT,
  )
})
