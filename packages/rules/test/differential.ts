/** Scalar/batch differential helper: both back-ends must agree exactly on generated households. */
import { householdInput } from '../src/engine/batch/columnar.ts'
import { resolveParameters } from '../src/engine/parameters.ts'
import { toInternal } from '../src/engine/values.ts'
import { buildPolicyModel, PROGRAM_OUTPUTS } from '../src/programs/index.ts'
import { generatePopulation } from './generate.ts'
import { parameterFiles } from './load-cases.ts'

const model = buildPolicyModel()
export const ALL = [...new Set(Object.values(PROGRAM_OUTPUTS).flat())]
/** Outputs that look back up to 24 months (previous()): ~25× the work per household, so checked on fewer. */
const HISTORY = ['income_stable_months', 'elimination_ready']
export const OUTPUTS = ALL.filter((o) => !HISTORY.includes(o))

/** Runs `n` seeded households through both back-ends; returns the first mismatches. */
export async function compare(n: number, seed: number, outputs: readonly string[]): Promise<string[]> {
  const snapshot = resolveParameters(parameterFiles, { asOf: '2026-03-01' })
  const pop = generatePopulation(n, seed)
  const res = await model.compileBatch({ period: '2026-03', outputs, snapshot }).run(pop, { workers: 2 })
  const mismatches: string[] = []
  for (let h = 0; h < n && mismatches.length < 10; h++) {
    const d = model.evaluate(householdInput(model, pop, h), { period: '2026-03', outputs, snapshot })
    if (d.errors.length > 0 !== (res.conflicts[h] !== 0)) mismatches.push(`h${h}: conflict flag`)
    for (const name of outputs) {
      const v = model.variable(name)
      const col = res.columns[name]!
      if (v.entity === 'household') {
        const s = d.outputs[name] === undefined ? Number.NaN : toInternal(d.outputs[name], v.valueType)!
        if (!Object.is(s, col[h])) mismatches.push(`h${h} ${name}: scalar ${s} batch ${col[h]}`)
      } else {
        let i = pop.memberOffsets[h]!
        for (const x of Object.values(d.outputs[name] as Record<string, unknown>)) {
          const s = x === undefined ? Number.NaN : toInternal(x, v.valueType)!
          if (!Object.is(s, col[i])) mismatches.push(`h${h} ${name}[${i}]: scalar ${s} batch ${col[i]}`)
          i++
        }
      }
    }
  }
  return mismatches
}
