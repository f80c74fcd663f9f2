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

  test('the demo county resolves a monitoring threshold with a citation', () => {
    const s = resolveParameters(files, { asOf: '2026-06-01', region: '622926100202' })
    const t = s.get('monitoring.threshold')
    expect(t.value).toBeGreaterThan(0)
    expect(t.legal[0]?.status).toBeDefined()
  })
})
