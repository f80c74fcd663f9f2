/** Scalar and batch back-ends agree: a second sample of DIFF_N households (another seed). */
import { describe, expect, it } from 'vitest'
import { CONSTANT_BY_DESIGN, compare, DIFF_N, OUTPUTS, TIMEOUT } from './differential.ts'

describe('scalar vs batch (2/2)', () => {
  it(
    `agree on ${DIFF_N} more generated households, each output exercised`,
    async () => {
      const r = await compare(DIFF_N, 19491001, OUTPUTS)
      expect(r.mismatches).toEqual([])
      expect(r.constant).toEqual(CONSTANT_BY_DESIGN)
    },
    TIMEOUT,
  )
})
