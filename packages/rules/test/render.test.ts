/** Rendering: every variable and parameter of the policy model is documented with labels and citations. */
import { describe, expect, it } from 'vitest'
import { resolveParameters } from '../src/engine/parameters.ts'
import { renderModel } from '../src/engine/render.ts'
import { buildPolicyModel } from '../src/programs/index.ts'
import { parameterFiles } from './load-cases.ts'

const model = buildPolicyModel()
const doc = renderModel(model, resolveParameters(parameterFiles, { asOf: '2026-03-01' }))

describe('renderModel over the policy model', () => {
  it('lists every variable of the model', () => {
    expect(doc.variables.map((v) => v.name).sort()).toEqual([...model.variables.keys()].sort())
  })
  it('no variable lacks a label in both languages or a citation', () => {
    const bad = doc.variables.filter(
      (v) =>
        !v.label.zh ||
        !v.label.en ||
        (v.legal.length === 0 && !v.versions.some((ver) => ver.legal.length > 0)) ||
        v.versions.some((ver) => ver.legal.length === 0),
    )
    expect(bad.map((v) => v.name)).toEqual([])
  })
  it('every parameter the model reads is rendered with a citation', () => {
    const read = new Set([...model.variables.values()].flatMap((v) => v.params))
    const rendered = new Map(doc.parameters.map((p) => [p.path, p]))
    const missing = [...read].filter((p) => !rendered.has(p) || rendered.get(p)!.legal.length === 0)
    expect(missing).toEqual([])
  })
})
