import { describe, expect, test } from 'vitest'
import { renderModel } from '../engine/render.ts'
import { buildPolicyModel } from './index.ts'
import { RULE_LABELS } from './rule-labels.ts'

describe('rule names', () => {
  test('every labelled rule of the model has a name in both languages', () => {
    const { variables } = renderModel(buildPolicyModel())
    const used = new Set<string>()
    for (const v of variables) for (const ver of v.versions) for (const c of ver.cases) used.add(c.label).add(c.cases)
    expect(used.size).toBeGreaterThan(30)
    expect([...used].filter((r) => !RULE_LABELS[r])).toEqual([])
    for (const l of Object.values(RULE_LABELS)) expect(l.zh).toMatch(/^[^a-z_]+$/)
  })
})
