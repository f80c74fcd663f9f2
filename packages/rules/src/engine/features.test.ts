/** Engine features asked for by the policy model: scalar and batch agree on each, and the trace explains them. */
import { describe, expect, it } from 'vitest'
import { fixtureParameters } from './__fixtures__/parameters.ts'
import { generatePopulation } from './__fixtures__/population.ts'
import { fixtureModel, WAGE_BAND } from './__fixtures__/program.ts'
import { householdInput } from './batch/columnar.ts'
import type { HouseholdInput } from './evaluate.ts'
import { buildModel, defineVariable } from './model.ts'
import { resolveParameters } from './parameters.ts'
import { daysFromISO } from './period.ts'
import { monthsBetween } from './runtime.ts'
import { findTrace } from './trace.ts'
import { toInternal } from './values.ts'

const snapshot = resolveParameters(fixtureParameters, { asOf: '2026-03-01' })
const OUT = ['window_wages', 'oldest_months', 'wage_band', 'urban_bonus', 'urban_bonus_set']
const wages = { '2025-12': 100, '2026-01': 1_000, '2026-02': 10_000, '2026-03': 100_000 }
const hh = (region: string, area = 'urban'): HouseholdInput => ({
  id: 'h',
  region,
  area,
  assets: 0,
  other_income: 0,
  members: [
    { id: 'a', role: 'head', birth_date: '1980-05-31', wage: wages },
    { id: 'b', role: 'child', birth_date: '2026-02-01' },
  ],
})
const run = (h: HouseholdInput) =>
  fixtureModel.evaluate(h, { period: '2026-03', outputs: OUT, snapshot, trace: 'full' })

describe('engine features', () => {
  it('sumMonths over a window set per region by a parameter', () => {
    expect(run(hh('110105')).outputs.window_wages).toBe(111_000) // national: 3 months
    expect(run(hh('370203')).outputs.window_wages).toBe(110_000) // 山东 (37): 2 months
    expect(run(hh('360702')).outputs.window_wages).toBe(100_000) // 江西 (36): 1 month
    const t = findTrace(run(hh('370203')).trace!, 'wage_window')!
    expect(t.params).toContainEqual(expect.objectContaining({ path: 'dibao.wage_window', value: 2, region: '37' }))
  })
  it('months between dates (day of month ignored) and yyyymm months', () => {
    expect(run(hh('110105')).outputs.oldest_months).toBe((2026 - 1980) * 12 + (3 - 5))
    expect(monthsBetween(daysFromISO('2026-02-28'), 1, daysFromISO('2026-03-01'), 1)).toBe(1)
    expect(monthsBetween(202401, 0, daysFromISO('2026-03-01'), 1)).toBe(26)
    expect(monthsBetween(202412, 0, 202501, 0)).toBe(1)
  })
  it('enum literals: typed constants, unknown members rejected when the model is built', () => {
    expect(run(hh('110105')).outputs.wage_band).toBe('SOME')
    expect(() =>
      buildModel([
        defineVariable({
          name: 'bad_band',
          entity: 'household',
          valueType: WAGE_BAND,
          period: 'month',
          label: { zh: 'x', en: 'x' },
          versions: [
            {
              from: '2021-01-01',
              legal: [{ id: 'x', title: 'x', status: 'ASSUMPTION' }],
              formula: (x) => x.enumLit(WAGE_BAND, 'HUGE' as 'HIGH'),
            },
          ],
        }),
      ]),
    ).toThrow(/"HUGE" is not one of NONE, SOME, HIGH/)
  })
  it('a parameter read with a fallback: the value where set, else the fallback, marked in the trace', () => {
    const gz = run(hh('440103'))
    expect(gz.outputs).toMatchObject({ urban_bonus: 5000, urban_bonus_set: 5000 })
    const qd = run(hh('370203'))
    expect(qd.errors).toEqual([])
    expect(qd.outputs.urban_bonus).toBe(0)
    expect(qd.outputs.urban_bonus_set).toBeUndefined()
    expect(findTrace(qd.trace!, 'urban_bonus')!.params).toEqual([
      expect.objectContaining({ path: 'dibao.urban_bonus', value: 0, fallback: true }),
    ])
    expect(run(hh('370203', 'rural')).outputs.urban_bonus).toBe(0)
  })
  it('scalar and batch agree on every feature output, and each output varies over the sample', async () => {
    const pop = generatePopulation(3_000, 77)
    const res = await fixtureModel.compileBatch({ period: '2026-03', outputs: OUT, snapshot }).run(pop, { workers: 2 })
    const seen = new Map(OUT.map((o) => [o, new Set<number>()]))
    const mismatches: string[] = []
    for (let h = 0; h < pop.households; h++) {
      const d = fixtureModel.evaluate(householdInput(fixtureModel, pop, h), {
        period: '2026-03',
        outputs: OUT,
        snapshot,
      })
      for (const o of OUT) {
        const v = fixtureModel.variable(o)
        const s = d.outputs[o] === undefined ? Number.NaN : toInternal(d.outputs[o], v.valueType)!
        const b = res.columns[o]![h]!
        if (!Object.is(s, b)) mismatches.push(`h${h} ${o}: scalar ${s} batch ${b}`)
        seen.get(o)!.add(b)
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([])
    for (const o of OUT) expect(seen.get(o)!.size, o).toBeGreaterThan(1)
    expect(seen.get('wage_band')!.size).toBe(3)
  })
})
