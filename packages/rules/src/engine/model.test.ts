import { describe, expect, expectTypeOf, it } from 'vitest'
import { fixtureModel } from './__fixtures__/program.ts'
import { CycleError, ModelError, PeriodMismatchError } from './errors.ts'
import { type Expr, NODE_KINDS, type Node, walk } from './ir.ts'
import { buildModel, defineVariable, type Variable } from './model.ts'

const legal = [{ id: 't', title: 'test' }]
const lab = { zh: 'x', en: 'x' }
const inc = defineVariable({
  name: 'inc',
  entity: 'person',
  valueType: 'money',
  period: 'month',
  input: true,
  label: lab,
})
const yearly = defineVariable({
  name: 'yearly',
  entity: 'household',
  valueType: 'money',
  period: 'year',
  input: true,
  label: lab,
})

describe('IR builder and model', () => {
  it('builds typed plain-data expressions', () => {
    const hh = defineVariable({
      name: 'hh',
      entity: 'household',
      valueType: 'money',
      period: 'month',
      label: lab,
      versions: [
        {
          from: '2020-01-01',
          legal,
          formula: (x) => {
            const s = x.sum(inc)
            expectTypeOf(s).toEqualTypeOf<Expr<'money', 'household'>>()
            expectTypeOf(x.gt(s, 0)).toEqualTypeOf<Expr<'bool', 'household'>>()
            // @ts-expect-error a person variable cannot be read directly in a household formula
            x.v(inc)
            // @ts-expect-error a bool is not a money amount
            x.where(x.gt(s, 0), s, x.gt(s, 1))
            return x.round(s, 'half_up', 100)
          },
        },
      ],
    })
    expectTypeOf(hh).toMatchTypeOf<Variable<'money', 'household'>>()
    expect(() => buildModel([hh])).toThrow(/person variable but is read as household/)
  })
  it('the synthetic programme uses every node kind', () => {
    const seen = new Set<string>()
    for (const v of fixtureModel.variables.values())
      for (const ver of v.versions) walk(ver.node, (n: Node) => seen.add(n.k))
    expect([...NODE_KINDS].filter((k) => !seen.has(k))).toEqual([])
    expect(JSON.parse(JSON.stringify(fixtureModel.variable('benefit').versions[1]!.node)).k).toBe('round')
  })
  it('orders variables topologically and exposes the static DAG', () => {
    const o = fixtureModel.order
    expect(o.indexOf('income')).toBeLessThan(o.indexOf('per_capita'))
    expect(fixtureModel.graph.deps('standard')).toEqual(
      expect.arrayContaining(['area', 'size', 'param:dibao.standard', 'param:dibao.size_factor']),
    )
    const down = fixtureModel.graph.downstream(['param:dibao.standard'])
    expect(down.has('benefit')).toBe(true)
    expect(down.has('income')).toBe(false)
    expect(fixtureModel.graph.upstream(['income']).has('wage')).toBe(true)
  })
  it('rejects cycles at build time and names the cycle', () => {
    const a: Variable<'money', 'household'> = defineVariable({
      name: 'a',
      entity: 'household',
      valueType: 'money',
      period: 'month',
      label: lab,
      versions: [{ from: '2020-01-01', legal, formula: (x) => x.add(x.v(b), 1) }],
    })
    const b: Variable<'money', 'household'> = defineVariable({
      name: 'b',
      entity: 'household',
      valueType: 'money',
      period: 'month',
      label: lab,
      versions: [{ from: '2020-01-01', legal, formula: (x) => x.sumMonths(a, 3) }],
    })
    const err = (() => {
      try {
        buildModel([a])
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(CycleError)
    expect((err as CycleError).cycle).toEqual(['a', 'b', 'a'])
    expect((err as Error).message).toMatch(/a → b → a.*previous/)
  })
  it('allows explicit previous-period recursion', () => {
    expect(fixtureModel.variable('months_on_benefit').prevDeps).toEqual(['months_on_benefit'])
  })
  it('rejects implicit period conversion with a fix', () => {
    const bad = defineVariable({
      name: 'bad',
      entity: 'household',
      valueType: 'money',
      period: 'month',
      label: lab,
      versions: [{ from: '2020-01-01', legal, formula: (x) => x.v(yearly) }],
    })
    expect(() => buildModel([bad])).toThrow(PeriodMismatchError)
    expect(() => buildModel([bad])).toThrow(/x\.yearOf/)
  })
  it('requires legal references and non-overlapping versions', () => {
    const mk = (versions: Parameters<typeof defineVariable<'int', 'household'>>[0]['versions']) =>
      buildModel([
        defineVariable({ name: 'z', entity: 'household', valueType: 'int', period: 'month', label: lab, versions }),
      ])
    expect(() => mk([{ from: '2020-01-01', legal: [], formula: (x) => x.count() }])).toThrow(/no legal reference/)
    expect(() =>
      mk([
        { from: '2020-01-01', legal, formula: (x) => x.count() },
        { from: '2019-01-01', to: '2021-01-01', legal, formula: (x) => x.count() },
      ]),
    ).toThrow(ModelError)
  })
})
