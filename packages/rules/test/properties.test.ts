/** Invariants over generated households: non-negative benefits, monotone 低保, citations, no rule conflicts. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { HouseholdInput } from '../src/engine/evaluate.ts'
import { resolveParameters } from '../src/engine/parameters.ts'
import { findTrace, flattenTrace } from '../src/engine/trace.ts'
import { buildPolicyModel, PROGRAM_OUTPUTS } from '../src/programs/index.ts'
import { generatePopulation, scalarHouseholds } from './generate.ts'
import { parameterFiles } from './load-cases.ts'

const model = buildPolicyModel()
const snapshot = resolveParameters(parameterFiles, { asOf: '2026-03-01' })
const OUTPUTS = [...new Set(Object.values(PROGRAM_OUTPUTS).flat())].filter(
  (o) => !['income_stable_months', 'elimination_ready'].includes(o),
)
const MONEY_OUTPUTS = OUTPUTS.filter((o) => model.variable(o).valueType === 'money' && o !== 'net_income')
const pool = scalarHouseholds(model, generatePopulation(2_000, 7))
const household = fc.integer({ min: 0, max: pool.length - 1 }).map((i) => pool[i]!)
const run = (h: HouseholdInput, outputs = OUTPUTS, trace: 'none' | 'full' = 'none') =>
  model.evaluate(h, { period: '2026-03', outputs, snapshot, trace })

describe('policy invariants', () => {
  it('benefits, caps and standards are never negative (excluding net income, which may be a loss)', () => {
    fc.assert(
      fc.property(household, (h) => {
        const d = run(
          h,
          MONEY_OUTPUTS.filter((o) => !o.startsWith('per_capita') && o !== 'reference_income'),
        )
        for (const [name, v] of Object.entries(d.outputs)) {
          const vals = typeof v === 'object' && v !== null ? Object.values(v) : [v]
          for (const x of vals) expect(x as number, name).toBeGreaterThanOrEqual(0)
        }
      }),
      { numRuns: 500 },
    )
  })
  it('the 低保 benefit never rises when counted income rises', () => {
    fc.assert(
      fc.property(household, fc.integer({ min: 1, max: 2_000_000 }), (h, extra) => {
        const more = { ...h, transfer_other: Number(h.transfer_other ?? 0) + extra }
        const a = run(h, ['dibao_benefit']).outputs.dibao_benefit as number
        const b = run(more, ['dibao_benefit']).outputs.dibao_benefit as number
        expect(b).toBeLessThanOrEqual(a)
      }),
      { numRuns: 500 },
    )
  })
  it('no rule conflicts across generated households', () => {
    const conflicts = pool.flatMap((h) => run(h).errors)
    expect(conflicts).toEqual([])
  })
  it("every output's trace cites at least one provision", () => {
    fc.assert(
      fc.property(household, (h) => {
        const d = run(h, OUTPUTS, 'full')
        for (const root of d.trace ?? []) {
          const first = findTrace(d.trace ?? [], root.variable)!
          const cited = flattenTrace([first]).some(
            (n) => (n.version?.legal.length ?? 0) > 0 || (n.caseFired?.legal.length ?? 0) > 0,
          )
          expect(cited, root.variable).toBe(true)
        }
      }),
      { numRuns: 100 },
    )
  })
})
