/**
 * The parameter catalogue (`packages/rules/parameters/**\/*.json`, one file per domain.md §13 parameter, money in
 * yuan, values as a list of `{ region, cell, from, value, legal }`) converted into the engine's `ParameterFiles`
 * (money in fen, values by region scope, cell and date). Pure: the caller reads the files.
 */
import type { LegalRef } from '../engine/ir.ts'
import type { BreakdownDim, DatedValues, ParameterFile, ParameterFiles } from '../engine/parameters-validate.ts'

/** One catalogue file as stored on disk. */
export interface CatalogueFile {
  code: string
  description: { zh: string; en: string }
  unit: string
  valueType: string
  breakdown?: BreakdownDim[]
  legal: LegalRef[]
  options?: unknown
  values: Array<{
    region: string
    cell: string
    from: string
    value: number | null
    legal?: LegalRef[]
    publishedOn?: string
  }>
}

/** Value types whose numbers are amounts of money in yuan in the files and integer fen in the engine. */
const MONEY = new Set(['money_yuan'])

/** Dotted path of a file path relative to the catalogue folder: `dibao/standard_rural.json` → `dibao.standard_rural`. */
export function pathOf(relativeFile: string): string {
  return relativeFile
    .replace(/\\/g, '/')
    .replace(/\.json$/, '')
    .split('/')
    .join('.')
}

/** Converts catalogue files (keyed by dotted path) into engine parameter files. */
export function fromCatalogue(files: Readonly<Record<string, CatalogueFile>>): ParameterFiles {
  const out: Record<string, ParameterFile> = {}
  for (const [path, f] of Object.entries(files)) {
    const money = MONEY.has(f.valueType)
    const file: ParameterFile = {
      description: f.description.zh,
      label: f.description,
      unit: money ? f.unit.replace(/^yuan/, 'fen') : f.unit,
      legal: f.legal,
      ...(f.breakdown?.length ? { breakdown: f.breakdown } : {}),
    }
    for (const v of f.values) {
      const value = v.value === null ? null : money ? Math.round(v.value * 100) : v.value
      const dated = {
        value,
        ...(v.legal ? { legal: v.legal } : {}),
        ...(v.publishedOn ? { publishedOn: v.publishedOn } : {}),
      }
      let cells: Record<string, DatedValues>
      if (v.region === '') {
        file.values ??= {}
        cells = file.values
      } else {
        file.regions ??= {}
        file.regions[v.region] ??= { values: {} }
        cells = file.regions[v.region]!.values
      }
      cells[v.cell] ??= {}
      ;(cells[v.cell] as DatedValues)[v.from] = dated as DatedValues[string]
    }
    out[path] = file
  }
  return out
}

/** The catalogue's code (e.g. `DIBAO_STD_RURAL`) of each dotted path. */
export function codesOf(files: Readonly<Record<string, CatalogueFile>>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([p, f]) => [p, f.code]))
}
