import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fixtureParameters } from './__fixtures__/parameters.ts'
import { ParameterMissingError, ParameterValidationError } from './errors.ts'
import { resolveParameters } from './parameters.ts'
import { type ParameterFiles, validateParameterFiles } from './parameters-validate.ts'

const example = JSON.parse(readFileSync(new URL('./__fixtures__/dibao.standard.json', import.meta.url), 'utf8'))
const files: ParameterFiles = { 'dibao.standard': example }

describe('parameter resolution', () => {
  it('picks the latest value on or before asOf', () => {
    expect(resolveParameters(files, { asOf: '2025-12-31' }).get('dibao.standard', { area: 'rural' }).value).toBe(60000)
    const s = resolveParameters(files, { asOf: '2026-01-01' })
    expect(s.get('dibao.standard', { area: 'rural' })).toMatchObject({ value: 65000, since: '2026-01-01', region: '' })
    expect(s.get('dibao.standard', 'urban').publishedOn).toBe('2025-12-15')
    expect(() => resolveParameters(files, { asOf: '2023-12-31' }).get('dibao.standard', 'rural')).toThrow(
      ParameterMissingError,
    )
  })
  it('inherits by region prefix, most specific wins', () => {
    const s = resolveParameters(files, { asOf: '2026-03-01', region: '370203' })
    expect(s.get('dibao.standard', 'rural')).toMatchObject({ value: 78400, region: '3702' })
    expect(s.get('dibao.standard', 'rural', '370502')).toMatchObject({ value: 70000, region: '37' })
    expect(s.get('dibao.standard', 'rural', '440103')).toMatchObject({ value: 65000, region: '' })
    expect(s.get('dibao.standard', 'rural', '3702').legal[0]?.id).toBe('qd-2025-notice')
    expect(s.scopes('dibao.standard')).toEqual(['', '37', '3702'])
  })
  it('a null ends a regional override so the parent scope applies again', () => {
    const s = resolveParameters(files, { asOf: '2026-06-01', region: '370203' })
    expect(s.get('dibao.standard', 'urban')).toMatchObject({ value: 90000, region: '37' })
  })
  it('resolves breakdown cells, clamping integer ranges', () => {
    const s = resolveParameters(fixtureParameters, { asOf: '2026-03-01' })
    expect(s.get('dibao.size_factor', { size: 9 }).value).toBe(0.95)
    expect(s.get('dibao.size_factor', { size: 0 }).value).toBe(1.2)
    expect(s.cellKey('dibao.size_factor', { size: 3 })).toBe('3')
    expect(s.scale('tax.brackets').brackets.map((b) => b.rate)).toEqual([0, 0.03, 0.1])
  })
  it('requires a citation for every value and reports file, path and reason', () => {
    const bad: ParameterFiles = {
      'a.b': { description: 'x', unit: 'fen', legal: [], values: { _default: { '2026-01-01': 1 } } },
      'a.c': {
        description: 'x',
        unit: 'fen',
        legal: [{ id: 'i', title: 't' }],
        values: { rural: { '2026-13-01': 'x' as never } },
      },
    }
    const issues = validateParameterFiles(bad)
    expect(issues).toContainEqual({
      file: 'a.b',
      path: 'values._default.2026-01-01',
      reason: expect.stringMatching(/no citation/),
    })
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['values.rural', 'values.rural.2026-13-01']))
    expect(() => resolveParameters(bad, { asOf: '2026-03-01' })).toThrow(ParameterValidationError)
    expect(validateParameterFiles(files)).toEqual([])
    expect(validateParameterFiles(fixtureParameters)).toEqual([])
  })
  it('a reform overlay yields a new snapshot and never mutates the baseline', () => {
    const base = resolveParameters(files, { asOf: '2026-03-01', region: '370203' })
    const before = { digest: base.digest, v: base.get('dibao.standard', 'rural') }
    const reform = base.withReform({
      id: 'raise',
      label: 'Raise national rural standard',
      parameters: [
        { path: 'dibao.standard', cell: 'rural', region: '3702', from: '2026-01-01', value: 80000 },
        { path: 'dibao.standard', cell: 'urban', from: '2027-01-01', value: 1 },
      ],
    })
    expect(reform.get('dibao.standard', 'rural')).toMatchObject({ value: 80000, since: '2026-01-01', region: '3702' })
    expect(reform.get('dibao.standard', 'rural').legal[0]?.status).toBe('ASSUMPTION')
    expect(reform.get('dibao.standard', 'urban').value).toBe(99500) // not yet in force
    expect(reform.reformId).toBe('raise')
    expect(reform.digest).not.toBe(base.digest)
    expect(base.digest).toBe(before.digest)
    expect(base.get('dibao.standard', 'rural')).toEqual(before.v)
    expect(Object.isFrozen(base)).toBe(true)
    expect(resolveParameters(files, { asOf: '2026-03-01', region: '370203' }).digest).toBe(base.digest)
  })
  it('digest is stable and content-sensitive', () => {
    const a = resolveParameters(fixtureParameters, { asOf: '2026-03-01' }).digest
    expect(resolveParameters(fixtureParameters, { asOf: '2026-03-01' }).digest).toBe(a)
    expect(resolveParameters(fixtureParameters, { asOf: '2024-03-01' }).digest).not.toBe(a)
    expect(a).toMatch(/^[0-9a-f]{16}$/)
  })
})
