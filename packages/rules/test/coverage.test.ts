/**
 * Coverage of legal periods (Catala's tests_couverture_temporelle): every dated value of every parameter the model
 * reads, in force for a demo region the cases use, is read by at least one golden case; every formula version too.
 */
import { describe, expect, it } from 'vitest'
import { readCatalogue } from '../src/catalogue/load.node.ts'
import { flattenTrace } from '../src/engine/trace.ts'
import { buildPolicyModel, runCase } from '../src/programs/index.ts'
import { parameterFiles, readCases } from './load-cases.ts'

const model = buildPolicyModel()
const results = readCases().map((c) => ({ c: c.case, r: runCase(model, parameterFiles, c.case) }))
const read = new Set(results.flatMap(({ r }) => r.paramsRead.map((p) => `${p.path}@${p.region}@${p.since}@${p.cell}`)))
const modelParams = new Set([...model.variables.values()].flatMap((v) => v.params))
/** Region scopes the golden cases live in: the national scope and the 甘肃 demo scopes (plus 赣州, 云南). */
const SCOPES = new Set(['', '62', '622926', '3607', '53'])

/** Values not exercised by any case: `path@region@from@cell`. */
function unexercised(): string[] {
  const out: string[] = []
  for (const [path, f] of Object.entries(readCatalogue())) {
    if (!modelParams.has(path)) continue
    for (const v of f.values) {
      if (!SCOPES.has(v.region) || v.value === null) continue
      const key = `${path}@${v.region}@${v.from}@${v.cell}`
      // a value is superseded for the demo region by a more specific scope: not reachable from these cases
      const shadowed = f.values.some(
        (o) => o.region.length > v.region.length && SCOPES.has(o.region) && o.cell === v.cell && o.value !== null,
      )
      if (!read.has(key) && !shadowed) out.push(key)
    }
  }
  return out.sort()
}

describe('coverage of parameter dates and formula versions', () => {
  it('every parameter value in force for the case regions is read by some case', () => {
    expect(unexercised()).toEqual([])
  })
  it('every formula version is used by some case', () => {
    const used = new Set(
      results.flatMap(({ r }) =>
        flattenTrace(r.decision?.trace ?? []).flatMap((n) => (n.version ? [`${n.variable}@${n.version.from}`] : [])),
      ),
    )
    const missing = [...model.variables.values()]
      .flatMap((v) => v.versions.map((ver) => `${v.name}@${ver.from}`))
      .filter((k) => !used.has(k))
    expect(missing).toEqual([])
  })
})
