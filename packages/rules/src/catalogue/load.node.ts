/**
 * Reads the parameter catalogue from disk (Node only). Kept out of the pure engine: import it from
 * `@xianjie/rules/catalogue-node` in the server, CLI and tests.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ParameterFiles } from '../engine/parameters-validate.ts'
import { type CatalogueFile, fromCatalogue, pathOf } from './catalogue.ts'

/** The catalogue folder shipped with the package. */
export const catalogueDir = fileURLToPath(new URL('../../parameters/', import.meta.url))

/** Every `*.json` under `dir`, keyed by dotted path. */
export function readCatalogue(dir: string = catalogueDir): Record<string, CatalogueFile> {
  const out: Record<string, CatalogueFile> = {}
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.json')) {
        out[pathOf(relative(dir, full))] = JSON.parse(readFileSync(full, 'utf8')) as CatalogueFile
      }
    }
  }
  walk(dir)
  return out
}

/** The catalogue as engine parameter files (money in fen). */
export function loadParameterFiles(dir: string = catalogueDir): ParameterFiles {
  return fromCatalogue(readCatalogue(dir))
}
