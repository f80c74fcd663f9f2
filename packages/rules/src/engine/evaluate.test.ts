import { describe, expect, it } from 'vitest'
import { fixtureParameters } from './__fixtures__/parameters.ts'
import { fixtureModel } from './__fixtures__/program.ts'
import { MissingInputError, RuleError } from './errors.ts'
import type { HouseholdInput } from './evaluate.ts'
import { buildModel, defineVariable } from './model.ts'
import { resolveParameters } from './parameters.ts'
import { roundTo } from './runtime.ts'
import { findTrace, flattenTrace } from './trace.ts'

const snapshot = resolveParameters(fixtureParameters, { asOf: '2026-03-01' })
const hh = (over: Partial<HouseholdInput> = {}): HouseholdInput => ({
  id: 'h1',
  region: '370203',
  area: 'rural',
  assets: 100_000,
  other_income: 20_000,
  received: { '2026-02': true },
  members: [
    { id: 'a', role: 'head', birth_date: '1980-05-01', wage: { '2026-01': 100_000, '2026-02': 90_000, '2026-03': 0 } },
    { id: 'b', role: 'child', birth_date: '2015-05-01', disability_level: 2 },
  ],
  ...over,
})
const run = (h: HouseholdInput, outputs: string[], trace: 'none' | 'values' | 'full' = 'full') =>
  fixtureModel.evaluate(h, { period: '2026-03', outputs, snapshot, trace })

describe('scalar evaluator', () => {
  it('computes outputs and stamps model version and parameter digest', () => {
    const d = run(hh(), ['benefit', 'eligible', 'per_capita', 'standard', 'months_on_benefit'])
    expect(d.outputs).toMatchObject({ eligible: true, per_capita: 41_666, standard: 86_200 })
    expect(d.outputs.benefit).toBe(89_100) // round up to whole yuan of (86200-41666)*2
    expect(d.outputs.months_on_benefit).toBe(3) // horizon 2: base case at 2025-12
    expect(d).toMatchObject({ modelVersion: 'fixture', paramDigest: snapshot.digest, errors: [] })
  })
  it('trace records formula version, case fired and parameter reads with citations', () => {
    const d = run(hh(), ['benefit'])
    const benefit = d.trace![0]!
    expect(benefit.version?.legal[0]?.id).toBe('benefit-v2')
    const elig = findTrace(d.trace!, 'eligible')!
    expect(elig.caseFired).toMatchObject({ cases: 'eligible', label: 'eligible' })
    const std = findTrace(d.trace!, 'standard')!
    expect(std.params).toContainEqual({
      path: 'dibao.standard',
      cell: 'rural',
      value: 78_400,
      region: '3702',
      since: '2025-07-01',
      legal: [expect.objectContaining({ id: 'qd-2025-notice', status: 'LOCAL' })],
    })
    expect(findTrace(d.trace!, 'coverage')).toBeUndefined()
    expect(findTrace(run(hh(), ['coverage']).trace!, 'coverage')?.externals).toEqual(['coverage_ratio'])
    expect(flattenTrace(d.trace!).some((n) => n.cached)).toBe(true)
  })
  it('an exception overrides the base and its own exception can override it back', () => {
    const rich = run(hh({ assets: 10_000_000 }), ['eligible'])
    expect(rich.outputs.eligible).toBe(false)
    expect(findTrace(rich.trace!, 'eligible')?.caseFired?.label).toBe('assets_too_high')
    const single = hh({
      assets: 10_000_000,
      members: [{ id: 'b', role: 'head', birth_date: '1990-01-01', disability_level: 1 }],
    })
    const d = run(single, ['eligible'])
    expect(findTrace(d.trace!, 'eligible')?.caseFired).toMatchObject({
      label: 'disabled_single',
      legal: [{ article: 'art. 3' }],
    })
  })
  it('two applicable exceptions are a conflict citing both, and dependent outputs are undefined', () => {
    const kids = [1, 2, 3].map((i) => ({ id: `c${i}`, role: 'child' as const, birth_date: '2018-01-01' }))
    const h = hh({ assets: 10_000_000, members: [...hh().members, ...kids] })
    const d = run(h, ['eligible', 'benefit', 'per_capita'])
    expect(d.errors).toEqual([
      expect.objectContaining({
        variable: 'eligible',
        cases: 'eligible',
        labels: ['assets_too_high', 'large_family'],
        legal: [expect.objectContaining({ article: 'art. 2' }), expect.objectContaining({ article: 'art. 4' })],
      }),
    ])
    expect(d.outputs.eligible).toBeUndefined()
    expect(d.outputs.benefit).toBeUndefined()
    expect(d.outputs.per_capita).toBe(16_667)
    expect(findTrace(d.trace!, 'eligible')?.caseFired?.label).toBe('!conflict')
  })
  it('returns person-level outputs by member id', () => {
    const d = run(hh(), ['age', 'countable_wage'], 'none')
    expect(d.outputs).toEqual({ age: { a: 45, b: 10 }, countable_wage: { a: 63_333, b: 0 } })
    expect(d.trace).toBeUndefined()
  })
  it('previous() uses the base case when no earlier input exists', () => {
    expect(run(hh(), ['newly_eligible']).outputs.newly_eligible).toBe(false)
    expect(run(hh({ received: {} }), ['newly_eligible']).outputs.newly_eligible).toBe(true)
  })
  it('missing inputs fail with what, why and how to fix', () => {
    const h = hh()
    delete (h as Record<string, unknown>).area
    const err = (() => {
      try {
        run(h, ['benefit'])
      } catch (e) {
        return e as MissingInputError
      }
    })()
    expect(err).toBeInstanceOf(MissingInputError)
    expect(err).toBeInstanceOf(RuleError)
    expect(err?.message).toMatch(
      /Input "area" has no value for ETERNITY on household h1.*needed by standard@2026-03.*default/,
    )
    expect(err?.ruleStack.slice(0, 2)).toEqual(['benefit@2026-03', 'eligible@2026-03'])
  })
  it('rejects invalid enum inputs and unknown outputs', () => {
    expect(() => run(hh({ area: 'suburban' }), ['standard'])).toThrow(/not a valid/)
    expect(() => run(hh(), ['benefitt'])).toThrow(/Did you mean "benefit"/)
  })
})

describe('money rounding', () => {
  it('avoids the .4999 trap and rounds halves away from zero', () => {
    expect(roundTo(0.49999999999999994, 0, 1)).toBe(0)
    expect(Math.floor(0.49999999999999994 + 0.5)).toBe(1) // the trap itself
    expect(roundTo(12_349, 0, 100)).toBe(12_300)
    expect(roundTo(12_350, 0, 100)).toBe(12_400)
    expect(roundTo(-12_350, 0, 100)).toBe(-12_400)
    expect(roundTo(12_350, 3, 100)).toBe(12_400)
    expect(roundTo(12_250, 3, 100)).toBe(12_200)
    expect(roundTo(12_301, 1, 100)).toBe(12_400)
    expect(roundTo(12_399, 2, 100)).toBe(12_300)
    expect(roundTo(1.005 * 100, 0, 1)).toBe(100) // 100.49999999999999 stays below the half
  })
  it('the 低保 worked example (domain §14.5): (784 − 500) × 3 = 852 yuan', () => {
    const pc = defineVariable({
      name: 'pc',
      entity: 'household',
      valueType: 'money',
      period: 'month',
      input: true,
      label: { zh: '人均', en: 'pc' },
    })
    const amt = defineVariable({
      name: 'amt',
      entity: 'household',
      valueType: 'money',
      period: 'month',
      label: { zh: '补助', en: 'amount' },
      versions: [
        {
          from: '2021-01-01',
          legal: [{ id: 'minfa-2021-57', title: '最低生活保障审核确认办法' }],
          formula: (x) => x.round(x.mul(x.max(x.sub(x.c<'money'>(78_400), x.v(pc)), 0), x.count()), 'up', 100),
        },
      ],
    })
    const m = buildModel([amt])
    const members = [0, 1, 2].map((i) => ({ id: `m${i}`, role: 'other' as const }))
    const d = m.evaluate(
      { id: 'q', region: '3702', pc: 50_000, members },
      { period: '2026-03', outputs: ['amt'], snapshot },
    )
    expect(d.outputs.amt).toBe(85_200)
  })
})
