/** Every golden case file runs through the scalar evaluator with a full trace. */
import { describe, expect, it } from 'vitest'
import { buildPolicyModel, runCase } from '../src/programs/index.ts'
import { parameterFiles, readCases } from './load-cases.ts'

const model = buildPolicyModel()
const cases = readCases()

describe('golden cases (packages/rules/cases)', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0)
  })
  it.each(cases.map((c) => [`${c.file}: ${c.case.name}`, c.case] as const))('%s', (_, c) => {
    expect(runCase(model, parameterFiles, c).failures).toEqual([])
  })
})
