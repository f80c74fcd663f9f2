/**
 * Counts the CI test reports honestly (issue 24): a test is one file + full name, however many times it ran. The
 * server tests run on PGlite and again on PostgreSQL, so runs outnumber tests. Usage: node .ci/count.mjs <reports
 * dir>; it reads the vitest JSON reports named below, prints one line per suite and the summary, and writes
 * "<runs passed> <runs failed>" to <dir>/total for the final line that CI parses.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'

const dir = process.argv[2]
const suites = [
  ['pglite', 'PGlite'],
  ['postgres', 'PostgreSQL'],
  ['differential', 'rules differential'],
  ['e2e', 'browser journeys'],
]
const unique = new Set()
const uniqueFailed = new Set()
let passed = 0
let failed = 0
let missing = 0
for (const [name, label] of suites) {
  const file = `${dir}/${name}.json`
  if (!existsSync(file)) {
    console.log(`${label}: no report`)
    missing++
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  let p = 0
  let f = 0
  let s = 0
  for (const r of report.testResults ?? []) {
    const path = relative(process.cwd(), r.name)
    for (const a of r.assertionResults ?? []) {
      const key = `${path} > ${a.fullName}`
      if (a.status === 'passed') p++
      else if (a.status === 'failed') f++
      else {
        s++
        continue
      }
      unique.add(key)
      if (a.status === 'failed') uniqueFailed.add(key)
    }
  }
  console.log(`${label}: ${p + f} runs (${p} passed, ${f} failed), ${s} skipped`)
  passed += p
  failed += f
}
console.log(
  `${unique.size} tests (${uniqueFailed.size} failing), run ${passed + failed} times across PGlite and PostgreSQL, ` +
    'the rules differential and the browser journeys',
)
// a missing report is a failure of the run
writeFileSync(`${dir}/total`, `${passed} ${failed + missing}`)
