import { describe, expect, it } from 'vitest'
import { fixtureParameters } from '../__fixtures__/parameters.ts'
import { generatePopulation } from '../__fixtures__/population.ts'
import { FIXTURE_OUTPUTS, fixtureModel } from '../__fixtures__/program.ts'
import { BatchInputError } from '../errors.ts'
import { buildModel, defineVariable } from '../model.ts'
import { resolveParameters } from '../parameters.ts'
import { findTrace } from '../trace.ts'
import { toInternal } from '../values.ts'
import { type ColumnarPopulation, flaggedHouseholds, householdInput, inArenas } from './columnar.ts'
import type { BatchResult } from './run.ts'

const snapshot = resolveParameters(fixtureParameters, { asOf: '2026-03-01' })
const screens = ['screen_disabled_low', 'screen_no_earner']
const query = { period: '2026-03', outputs: [...FIXTURE_OUTPUTS, 'age'], snapshot, screens }
/** 10,000 in `npm test`; 100,000 under `npm run bench:rules-differential` (XIANJIE_DIFF_N set). */
const N = process.env.XIANJIE_DIFF_N ? 100_000 : 10_000

/** Every output column, and the conflict and reason masks, of each of `others` equal those of `base`. */
function expectSameResults(base: BatchResult, ...others: BatchResult[]) {
  for (const o of others) {
    for (const name of Object.keys(base.columns)) expect(o.columns[name]).toEqual(base.columns[name])
    expect(o.conflicts).toEqual(base.conflicts)
    expect(o.reasons).toEqual(base.reasons)
  }
}

describe('batch kernel', () => {
  it(`agrees bit-for-bit with the scalar evaluator on ${N} generated households`, async () => {
    const pop = generatePopulation(N, 42)
    const res = await fixtureModel.compileBatch(query).run(pop)
    let conflicts = 0
    let flagged = 0
    const mismatches: string[] = []
    for (let h = 0; h < N && mismatches.length < 5; h++) {
      const d = fixtureModel.evaluate(householdInput(fixtureModel, pop, h), query)
      if (d.errors.length > 0 !== (res.conflicts[h] !== 0)) mismatches.push(`h${h}: conflict flag`)
      if (d.errors.length) conflicts++
      for (const name of FIXTURE_OUTPUTS) {
        const v = fixtureModel.variable(name)
        const s = d.outputs[name] === undefined ? Number.NaN : toInternal(d.outputs[name], v.valueType)!
        const b = res.columns[name]![h]!
        if (!Object.is(s, b)) mismatches.push(`h${h} ${name}: scalar ${s} batch ${b}`)
      }
      const ages = d.outputs.age as Record<string, number>
      let i = pop.memberOffsets[h]!
      for (const a of Object.values(ages)) if (res.columns.age![i++] !== a) mismatches.push(`h${h} age`)
      const bits = screens.reduce((m, s, k) => m | (d.outputs[s] === true ? 1 << k : 0), 0)
      if (bits !== res.reasons![h]) mismatches.push(`h${h} reasons ${bits} vs ${res.reasons![h]}`)
      if (bits) flagged++
    }
    expect(mismatches).toEqual([])
    expect(conflicts).toBeGreaterThan(0) // the generator does exercise rule conflicts
    expect(flagged).toBeGreaterThan(0)
  }, 300_000)

  it('reads a parameter set for one province only (no national value) from the region table', async () => {
    const { values: _national, regions: _r, ...rest } = fixtureParameters['dibao.employment_cost_rate']!
    const oneProvince = { ...rest, regions: { '37': { values: { _default: { '2021-01-01': 0.2 } } } } }
    const snap = resolveParameters(
      { ...fixtureParameters, 'dibao.employment_cost_rate': oneProvince },
      { asOf: '2026-03-01' },
    )
    const q = { ...query, snapshot: snap }
    const pop = generatePopulation(2_000, 11)
    const res = await fixtureModel.compileBatch(q).run(pop)
    const mismatches: string[] = []
    let compared = 0
    for (let h = 0; h < 2_000 && mismatches.length < 5; h++) {
      const input = householdInput(fixtureModel, pop, h)
      if (!String(input.region).startsWith('37')) continue // elsewhere the parameter is missing
      compared++
      const d = fixtureModel.evaluate(input, q)
      for (const name of FIXTURE_OUTPUTS) {
        const v = d.outputs[name]
        const s = v === undefined ? Number.NaN : toInternal(v, fixtureModel.variable(name).valueType)!
        const b = res.columns[name]![h]!
        if (!Object.is(s, b)) mismatches.push(`h${h} ${name}: scalar ${s} batch ${b}`)
      }
    }
    expect(compared).toBeGreaterThan(100)
    expect(mismatches).toEqual([])
  }, 30_000)

  it('column-at-a-time and worker-pool runs give identical columns', async () => {
    const pop = generatePopulation(20_000, 7)
    const fused = await fixtureModel.compileBatch(query).run(pop)
    const columnar = await fixtureModel.compileBatch({ ...query, strategy: 'columnar' }).run(pop)
    const pooled = await fixtureModel.compileBatch(query).run(pop, { workers: 2, chunk: 1_500 })
    expect(pooled.stats.chunks).toBe(14)
    expectSameResults(fused, columnar, pooled)
  }, 30_000)

  it('tests and/or/not/where without branches with the truthiness of the scalar evaluator (2, 0.5, -0, NaN)', async () => {
    const legal = [{ id: 'x', title: 'synthetic', status: 'ASSUMPTION' as const }]
    const label = { zh: '测试', en: 'test' }
    const from = '2021-01-01' as const
    const a = defineVariable({
      name: 'flag_a',
      entity: 'household',
      valueType: 'bool',
      period: 'eternity',
      input: true,
      label,
    })
    const b = defineVariable({
      name: 'flag_b',
      entity: 'household',
      valueType: 'bool',
      period: 'eternity',
      input: true,
      label,
    })
    const tested = { entity: 'household', valueType: 'bool', period: 'month', label } as const
    const tOr = defineVariable({
      ...tested,
      name: 't_or',
      versions: [{ from, legal, formula: (x) => x.or(x.v(a), x.v(b)) }],
    })
    const tWhere = defineVariable({
      ...tested,
      name: 't_where',
      versions: [{ from, legal, formula: (x) => x.where(x.v(a), 1, 0) }],
    })
    const model = buildModel([
      a,
      b,
      defineVariable({
        ...tested,
        name: 't_and',
        versions: [{ from, legal, formula: (x) => x.and(x.v(a), x.not(x.v(b))) }],
      }),
      tOr,
      tWhere,
      defineVariable({
        ...tested,
        name: 't_where_not',
        versions: [{ from, legal, formula: (x) => x.where(x.and(x.v(a), x.v(b)), 0, 1) }],
      }),
      defineVariable({
        ...tested,
        name: 't_chain',
        versions: [{ from, legal, formula: (x) => x.and(x.v(tOr), x.not(x.v(tWhere))) }],
      }),
    ])
    const values = [0, 1, 2, 0.5, -0, Number.NaN, -3]
    const n = values.length * values.length
    const fa = Float64Array.from({ length: n }, (_, h) => values[Math.floor(h / values.length)]!)
    const fb = Float64Array.from({ length: n }, (_, h) => values[h % values.length]!)
    const pop: ColumnarPopulation = {
      households: n,
      persons: n,
      memberOffsets: Int32Array.from({ length: n + 1 }, (_, h) => h),
      roleCodes: new Uint8Array(n),
      regionCodes: new Uint16Array(n),
      columns: { flag_a: fa, flag_b: fb },
      dictionaries: { region: ['110105'] },
    }
    const outputs = ['t_and', 't_or', 't_where', 't_where_not', 't_chain']
    const plan = model.compileBatch({ period: '2026-03', outputs, snapshot })
    // a test's bit (0 or 1, never NaN) is tested as is; an input still gets the full truthiness test
    expect(plan.source).not.toMatch(/\((h\d+) === \1\)/)
    expect(plan.source).toMatch(/\((bv\d+) === \1\)/)
    const res = await plan.run(pop)
    const t = (v: number) => (v ? 1 : 0) // JavaScript truthiness, as evaluate.ts applies it to and/or/not/where
    for (let h = 0; h < n; h++) {
      const [x, y] = [t(fa[h]!), t(fb[h]!)]
      const want = [h, x && !y ? 1 : 0, x || y ? 1 : 0, x, x && y ? 0 : 1, (x || y) && !x ? 1 : 0]
      expect([h, ...outputs.map((o) => res.columns[o]![h])]).toEqual(want)
    }
    // the same plan on Uint8 columns runs its own kernel (one per column-type layout) and gives the same answers
    const fit = (c: Float64Array) => Uint8Array.from(c, (v) => t(v))
    const res8 = await plan.run({ ...pop, columns: { flag_a: fit(fa), flag_b: fit(fb) } })
    for (const o of outputs) expect(res8.columns[o]).toEqual(res.columns[o])
  })

  it('writes into the columns of an earlier result when asked (every row overwritten)', async () => {
    const a = generatePopulation(3_000, 21)
    const doubled = Object.fromEntries(
      Object.entries(a.columns).map(([k, c]) => [k, c instanceof Float64Array ? c.map((x) => x * 2) : c]),
    )
    const b = { ...a, columns: doubled }
    const plan = fixtureModel.compileBatch(query)
    const fresh = await plan.run(b)
    const first = await plan.run(a)
    const again = await plan.run(b, { into: first, workers: 2, chunk: 700 })
    let differs = 0
    for (const name of Object.keys(fresh.columns)) {
      expect(again.columns[name]).toBe(first.columns[name]) // the same memory
      expect(again.columns[name]).toEqual(fresh.columns[name])
      if (!Object.is(fresh.columns[name]![0], (await plan.run(a)).columns[name]![0])) differs++
    }
    expect(differs).toBeGreaterThan(0) // the two populations do give different answers
    expect(again.conflicts).toBe(first.conflicts)
    expect(again.conflicts).toEqual(fresh.conflicts)
    expect(again.reasons).toEqual(fresh.reasons)
  })

  it('reads columns laid out in arenas through one view per buffer and type, with the same answers', async () => {
    const pop = generatePopulation(5_000, 17)
    const plan = fixtureModel.compileBatch(query)
    const apart = await plan.run(pop)
    // padding first, so that no column starts at offset 0 of its arena
    const pad = { pad_u8: new Uint8Array(7), pad_f64: new Float64Array(5), pad_i32: new Int32Array(3) }
    const packed = inArenas({ ...pop, columns: { ...pad, ...pop.columns } })
    expect(packed.columns.area!.byteOffset).toBeGreaterThan(0)
    expect(packed.columns.area!.buffer).toBe(packed.columns.pad_u8!.buffer)
    const inline = await plan.run(packed)
    const pooled = await plan.run(packed, { workers: 2, chunk: 800, into: inline })
    // separate arrays: the new output columns' arena, and `other_income`, one array read as three months' columns;
    // packed: the outputs' arena, the Uint8 inputs' and the Float64 inputs' (`birth_date`, the only Int32 column the
    // kernel reads, stays a plain array read)
    expect(apart.stats.views).toBe(2)
    expect(inline.stats.views).toBe(3)
    expectSameResults(apart, inline, pooled)
  })

  it('flags screened households and re-runs them through the scalar path for an explanation', async () => {
    const pop = generatePopulation(2_000, 3)
    const res = await fixtureModel.compileBatch(query).run(pop)
    const flagged = flaggedHouseholds(res.reasons!, 0b01)
    expect(flagged.length).toBeGreaterThan(0)
    const h = flagged[0]!
    const d = fixtureModel.evaluate(householdInput(fixtureModel, pop, h), { ...query, trace: 'full' })
    expect(d.outputs.screen_disabled_low).toBe(true)
    expect(findTrace(d.trace!, 'below_threshold')?.children.map((c) => c.variable)).toContain('annual_threshold')
  })

  it('keeps the generated source for review and checks inputs', async () => {
    const plan = fixtureModel.compileBatch({ period: '2026-03', outputs: ['standard'], snapshot })
    expect(plan.source).toMatch(/for \(let h = h0; h < h1; h\+\+\)/)
    expect(plan.tables.map((t) => t.path)).toEqual(['dibao.standard'])
    // regional tables are read from one array, a row of every table's cells per region
    expect(plan.source).toMatch(/TB\[rg \* 2 \+ 0 \+ \(K0\[c0\[h\]\]\)\]/)
    expect(plan.source).not.toMatch(/TABLE_WIDTH/)
    expect(plan.source).not.toMatch(/benefit/)
    // the kernel never writes to its bindings (a property added per run deoptimised it): age tables come bound
    const full = fixtureModel.compileBatch(query)
    expect(full.ages.length).toBeGreaterThan(0)
    expect(full.source).toMatch(/= B\.ages\[\d+\];/)
    expect(full.source).not.toMatch(/\bB\.[\w.[\]]+\s*(\?\?=|=(?!=))/)
    const pop = generatePopulation(10)
    delete pop.columns.area
    await expect(plan.run(pop)).rejects.toThrow(BatchInputError)
    await expect(plan.run(pop)).rejects.toThrow(/Missing input column\(s\): area/)
  })
})
