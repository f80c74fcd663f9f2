import { describe, expect, it } from 'vitest'
import { fixtureParameters } from './__fixtures__/parameters.ts'
import { generatePopulation } from './__fixtures__/population.ts'
import { fixtureModel } from './__fixtures__/program.ts'
import { type Reform, resolveParameters } from './parameters.ts'
import { decileEdges, simulateReform } from './reform.ts'

const snapshot = resolveParameters(fixtureParameters, { asOf: '2026-03-01' })
const reform: Reform = {
  id: 'raise-standard',
  label: 'Raise the rural standard in Qingdao',
  legal: [{ id: 'draft-1', title: 'Draft notice', status: 'ASSUMPTION' }],
  parameters: [{ path: 'dibao.standard', cell: 'rural', region: '3702', from: '2026-01-01', value: 90_000 }],
}
const query = { period: '2026-03', cost: 'benefit', eligible: 'eligible', income: 'income' }

describe('reform simulation', () => {
  it('recomputes only the downstream closure and matches a full recomputation', async () => {
    const pop = generatePopulation(20_000, 11)
    const digest = snapshot.digest
    const report = await simulateReform(fixtureModel, pop, snapshot, reform, query)
    expect(report.changedParameters).toEqual(['dibao.standard'])
    expect(report.recomputed).toEqual(expect.arrayContaining(['standard', 'eligible', 'benefit', 'gap']))
    expect(report.recomputed).not.toContain('income')
    expect(report.reused).toEqual(expect.arrayContaining(['per_capita', 'size']))
    const full = await fixtureModel
      .compileBatch({ period: '2026-03', outputs: ['benefit'], snapshot: snapshot.withReform(reform) })
      .run(pop)
    let total = 0
    for (let h = 0; h < pop.households; h++) total += full.columns.benefit![h]! || 0
    expect(report.budget.reform).toBe(total)
    expect(report.budget.delta).toBeGreaterThan(0)
    expect(report.eligibility.newlyEligible).toBeGreaterThan(0)
    expect(report.eligibility.noLongerEligible).toBe(0)
    expect(Object.keys(report.byRegion)).toContain('370203')
    expect(report.byRegion['440103']?.delta).toBe(0) // other regions are untouched
    expect(report.deciles.reduce((s, d) => s + d.households, 0)).toBe(pop.households)
    expect(report.examples.newlyEligible.length).toBe(5)
    expect(snapshot.digest).toBe(digest)
    // the baseline can be reused for a second reform without recomputing it
    const again = await simulateReform(fixtureModel, pop, snapshot, reform, query, { baseline: report.baseline })
    expect(again.baseline).toBe(report.baseline)
    expect(again.budget).toEqual(report.budget)
  })
  it('the in-kernel comparison (workers or inline) equals the column comparison', async () => {
    const pop = generatePopulation(30_000, 5)
    const strip = ({ baseline: _b, ...r }: Awaited<ReturnType<typeof simulateReform>>) => r
    const cols = strip(await simulateReform(fixtureModel, pop, snapshot, reform, query, { comparison: 'columns' }))
    const inline = strip(await simulateReform(fixtureModel, pop, snapshot, reform, query))
    const workers = strip(
      await simulateReform(fixtureModel, pop, snapshot, reform, query, { workers: 2, chunk: 3_001 }),
    )
    expect(cols.eligibility.newlyEligible).toBeGreaterThan(0)
    expect(cols.examples.largestGain.length).toBe(1)
    expect(inline).toEqual(cols)
    expect(workers).toEqual(cols)
  })
  it('histogram deciles approximate exact quantiles', () => {
    const v = Float64Array.from({ length: 100_001 }, (_, i) => i)
    const e = decileEdges(v)
    expect(Math.abs(e[4]! - 50_000)).toBeLessThan(100_000 / 4096 + 1)
  })
})

describe('rendering', () => {
  it('renders every variable with labels, readable formulas, cases and citations', async () => {
    const { renderModel } = await import('./render.ts')
    const doc = renderModel(fixtureModel, snapshot)
    const elig = doc.variables.find((v) => v.name === 'eligible')!
    expect(elig.label).toEqual({ zh: 'Eligible', en: 'Eligible' })
    expect(elig.versions[0]!.cases.map((c) => c.label)).toEqual([
      'eligible',
      'assets_too_high',
      'disabled_single',
      'large_family',
    ])
    expect(elig.versions[0]!.cases[2]).toMatchObject({ exceptionTo: 'assets_too_high', legal: [{ article: 'art. 3' }] })
    const std = doc.variables.find((v) => v.name === 'standard')!
    expect(std.versions[0]!.formula).toBe(
      'round((param(dibao.standard; area: area) × param(dibao.size_factor; size: size)), half_up, 100)',
    )
    expect(doc.variables.find((v) => v.name === 'max_wage')!.versions[0]!.formula).toBe(
      'max(members.wage | role in {head, spouse, child})',
    )
    expect(doc.parameters.find((p) => p.path === 'dibao.standard')?.scopes).toEqual(['', '37', '3702'])
    expect(JSON.parse(JSON.stringify(doc)).variables.length).toBe(fixtureModel.order.length)
  })
})
