/** Scalar/batch differential helper: both back-ends must agree exactly on generated households. */
import { householdInput } from '../src/engine/batch/columnar.ts'
import { type ParameterSnapshot, resolveParameters } from '../src/engine/parameters.ts'
import { toInternal } from '../src/engine/values.ts'
import { buildPolicyModel, PROGRAM_OUTPUTS } from '../src/programs/index.ts'
import { generatePopulation } from './generate.ts'
import { parameterFiles } from './load-cases.ts'

const model = buildPolicyModel()
export const ALL = [...new Set(Object.values(PROGRAM_OUTPUTS).flat())]
/** Outputs that look back up to 24 months (previous()): ~25× the work per household, so checked on fewer. */
const HISTORY = ['income_stable_months', 'elimination_ready']
export const OUTPUTS = ALL.filter((o) => !HISTORY.includes(o))

/**
 * Households per differential test file: 5,000 by default (two files, 10,000 in `npm test`);
 * `npm run bench:rules-differential` sets XIANJIE_DIFF_N=50000 (100,000 households).
 */
export const DIFF_N = Number(process.env.XIANJIE_DIFF_N ?? 5_000)
/** Per-test timeout: ~1 ms per household on a shared 2-core machine, at least 2 minutes. */
export const TIMEOUT = Math.max(120_000, DIFF_N * 6)

/**
 * The catalogue at 2026-03-01 plus a test-only overlay (not a policy value: the catalogue gives no 甘肃 region an
 * employment-cost rule) so that both rule variants of `dibao.employment_cost_rule` run in the generated regions.
 */
export function differentialSnapshot(): ParameterSnapshot {
  return resolveParameters(parameterFiles, { asOf: '2026-03-01' }).withReform({
    id: 'differential-coverage',
    label: 'Test overlay: employment-cost rules in two generated regions',
    legal: [{ id: 'ASSUMPTION', title: 'Differential test coverage overlay', status: 'ASSUMPTION' }],
    parameters: [
      { path: 'dibao.employment_cost_rule', region: '622921', from: '2021-01-01', value: 1 },
      { path: 'dibao.employment_cost_rate', region: '622921', from: '2021-01-01', value: 0.1 },
      { path: 'dibao.employment_cost_rule', region: '620102', from: '2021-01-01', value: 2 },
      { path: 'dibao.employment_cost_rate', region: '620102', from: '2021-01-01', value: 0.3 },
    ],
  })
}

/** Outputs constant by design in the generated 甘肃 regions (one province-wide threshold). */
export const CONSTANT_BY_DESIGN = ['monitoring_threshold']

/** Outputs whose batch values take fewer than two distinct values (the sample does not exercise them). */
export function constantOutputs(columns: Record<string, Float64Array>, outputs: readonly string[]): string[] {
  return outputs.filter((o) => {
    const c = columns[o]!
    for (let i = 1; i < c.length; i++) if (!Object.is(c[i], c[0])) return false
    return true
  })
}

/** Runs `n` seeded households through both back-ends; returns the first mismatches and the constant outputs. */
export async function compare(
  n: number,
  seed: number,
  outputs: readonly string[],
): Promise<{ mismatches: string[]; constant: string[] }> {
  const snapshot = differentialSnapshot()
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
  return { mismatches, constant: constantOutputs(res.columns, outputs) }
}
