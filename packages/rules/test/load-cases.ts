/** Test helper: reads every YAML case file under `packages/rules/cases` (YAML parsing stays out of the package). */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { loadParameterFiles } from '../src/catalogue/load.node.ts'
import { type CaseFile, loadCaseObject } from '../src/programs/case-file.ts'

/** The case folder. */
export const CASES_DIR = fileURLToPath(new URL('../cases/', import.meta.url))

/** Every case with the file it came from. */
export function readCases(dir = CASES_DIR): Array<{ file: string; case: CaseFile }> {
  const out: Array<{ file: string; case: CaseFile }> = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, e.name)
      if (e.isDirectory()) walk(full)
      else if (/\.ya?ml$/.test(e.name)) {
        const file = relative(dir, full)
        for (const c of loadCaseObject(parse(readFileSync(full, 'utf8'), { schema: 'core' }), file)) {
          out.push({ file, case: c })
        }
      }
    }
  }
  walk(dir)
  return out
}

/** The parameter catalogue as engine files (loaded once). */
export const parameterFiles = loadParameterFiles()
