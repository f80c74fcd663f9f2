import { describe, expect, test } from 'vitest'
import { resolveParameters } from '../engine/parameters.ts'
import { validateParameterFiles } from '../engine/parameters-validate.ts'
import { loadParameterFiles, readCatalogue } from './load.node.ts'

describe('parameter catalogue → engine', () => {
  const files = loadParameterFiles()

  test('every catalogue file converts and validates in the engine', () => {
    expect(Object.keys(files).length).toBe(Object.keys(readCatalogue()).length)
    expect(validateParameterFiles(files)).toEqual([])
  })

  test('money moves from yuan to fen and regional values win over national ones', () => {
    const qingdao = resolveParameters(files, { asOf: '2026-01-01', region: '370200000000' })
    const v = qingdao.get('dibao.standard_rural')
    expect(v.value).toBe(78_400)
    expect(v.region).toBe('3702')
    expect(v.legal.length).toBeGreaterThan(0)
  })

  test('the demo county resolves the 甘肃 2025 monitoring threshold of the file, in fen, with its citation', () => {
    const s = resolveParameters(files, { asOf: '2026-06-01', region: '622926100202' })
    const t = s.get('monitoring.threshold')
    // the file's province row for 甘肃 (62) from 2025 wins over the national row, which ends in 2022
    const row = readCatalogue()['monitoring.threshold']?.values.find(
      (v) => v.region === '62' && v.from === '2025-01-01',
    )
    expect(row?.value).toBe(8700)
    expect(t).toMatchObject({ value: 870_000, region: '62', since: '2025-01-01' })
    expect(t.legal).toEqual(row?.legal)
  })
})
