/**
 * `xianjie rules …`: run golden case files, explain one decision with its trace, list resolved parameters.
 * No database: the rules package is pure; this module reads YAML case files and the parameter catalogue.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import {
  buildPolicyModel,
  type CaseFile,
  type CaseResult,
  evaluateCase,
  type LegalRef,
  loadCaseObject,
  type Model,
  type ParameterFiles,
  runCase,
  type TraceNode,
} from '@xianjie/rules'
import { loadParameterFiles } from '@xianjie/rules/catalogue-node'
import { parse } from 'yaml'
import { chinaDate } from '../../platform/clock.ts'
import { parametersDoc } from './policy.service.ts'

const USAGE = `usage:
  rules test <file-or-folder>                      run case files; exit 1 on any failure
  rules explain <case-file> [--output name] [--json]  the decision and its trace, Chinese first
  rules params [--region code] [--date YYYY-MM-DD]    resolved parameters with citations`

/** Case files under a path (a file or a folder, recursively), with the cases each holds. */
export function readCaseFiles(path: string): Array<{ file: string; cases: CaseFile[] }> {
  const files: string[] = []
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e))
    } else if (/\.ya?ml$/.test(p)) files.push(p)
  }
  walk(path)
  return files.map((f) => ({ file: f, cases: loadCaseObject(parse(readFileSync(f, 'utf8')), f) }))
}

/** Runs every case under `path`; returns the printable lines and the counts. */
export function testCases(
  model: Model,
  params: ParameterFiles,
  path: string,
): { lines: string[]; passed: number; failed: number } {
  const lines: string[] = []
  let passed = 0
  let failed = 0
  for (const { file, cases } of readCaseFiles(path)) {
    for (const c of cases) {
      const r = runCase(model, params, c)
      if (r.failures.length === 0) passed++
      else {
        failed++
        lines.push(`FAIL ${relative(process.cwd(), file)}: ${c.name} — ${r.failures.join('; ')}`)
      }
    }
  }
  lines.push(`${passed} passed, ${failed} failed`)
  return { lines, passed, failed }
}

const cite = (legal: readonly LegalRef[]): string =>
  legal.map((l) => `${l.title}${l.article ? ` ${l.article}` : ''}${l.status ? ` [${l.status}]` : ''}`).join('；')

const fmt = (model: Model, name: string, value: unknown): string => {
  const v = model.variables.get(name)
  const one = (x: unknown) =>
    v?.valueType === 'money' && typeof x === 'number' ? `${(x / 100).toFixed(2)} 元` : String(x)
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([k, x]) => `${k}: ${one(x)}`)
      .join(', ')
  }
  return one(value)
}

/** Readable, Chinese-first explanation of one case's decision. */
export function explainText(model: Model, c: CaseFile, r: CaseResult, outputs: readonly string[]): string {
  const d = r.decision
  if (!d) return `无法计算 / could not evaluate: ${r.failures.join('; ')}`
  const lines = [
    `案例 Case: ${c.name}`,
    `期间 Period: ${d.period}　地区 Region: ${c.region}　模型 Model: ${d.modelVersion}　参数摘要 Params: ${d.paramDigest}`,
    '',
    '结论 Decision:',
  ]
  for (const o of outputs) {
    const v = model.variable(o)
    lines.push(`  ${v.label.zh}（${v.label.en}）= ${fmt(model, o, d.outputs[o])}`)
  }
  lines.push('', '依据 Trace:')
  const seen = new Set<string>()
  const visit = (n: TraceNode, depth: number) => {
    const v = model.variable(n.variable)
    const pad = '  '.repeat(depth + 1)
    const key = `${n.variable}@${n.entity}@${n.period}`
    const again = n.cached || seen.has(key)
    const fired = n.caseFired
      ? `　适用 case: ${n.caseFired.label}${n.caseFired.legal.length ? `（${cite(n.caseFired.legal)}）` : ''}`
      : ''
    lines.push(
      `${pad}${v.label.zh} ${n.variable}<${n.period}>@${n.entity} = ${fmt(model, n.variable, n.value)}${n.input ? '　[输入 input]' : ''}${again ? '　(见上 see above)' : fired}`,
    )
    if (again) return
    seen.add(key)
    if (!n.input && n.version) lines.push(`${pad}  公式 formula since ${n.version.from}: ${cite(n.version.legal)}`)
    for (const p of n.params ?? []) {
      lines.push(
        `${pad}  · 参数 ${p.path}[${p.cell}] = ${p.value}　地区 ${p.region || '全国'}　自 ${p.since}　${cite(p.legal)}`,
      )
    }
    for (const ch of n.children) visit(ch, depth + 1)
  }
  for (const t of d.trace ?? []) visit(t, 0)
  if (d.errors.length) {
    lines.push('', '规则冲突 Rule conflicts:')
    for (const e of d.errors) lines.push(`  ${e.variable}: ${e.labels.join(' / ')} — ${cite(e.legal)}`)
  }
  if (r.failures.length)
    lines.push('', '与预期不符 Differs from the expected values:', ...r.failures.map((f) => `  ${f}`))
  return lines.join('\n')
}

/** Resolved parameters for a region and date, one line each with citation. */
export function paramsText(region: string, date: string): string {
  const doc = parametersDoc(date, region)
  const lines = [`参数 Parameters — 地区 region ${region || '全国'}，日期 date ${date}，摘要 digest ${doc.digest}`]
  for (const p of doc.parameters) {
    const label = p.label?.zh ?? p.description
    for (const v of p.values) {
      const where = v.cell === '_default' ? '' : `[${v.cell}]`
      lines.push(
        v.value === null
          ? `  ${p.path}${where}　${label}：— （无值 no value）`
          : `  ${p.path}${where}　${label}：${v.value} ${p.unit}　地区 ${v.region || '全国'}　自 ${v.since}　${cite(v.legal)}`,
      )
    }
  }
  return lines.join('\n')
}

/** Entry point for `xianjie rules …`; returns the exit code. */
export async function rulesCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'params') {
    // the server's parameter catalogue (policy.service.ts), not the model
    const { values } = parseArgs({ args: rest, options: { region: { type: 'string' }, date: { type: 'string' } } })
    console.log(paramsText(values.region ?? '', values.date ?? chinaDate(new Date())))
    return 0
  }
  const model = buildPolicyModel()
  const params = loadParameterFiles()
  if (sub === 'test') {
    const target = rest[0]
    if (!target) return usage()
    const r = testCases(model, params, target)
    for (const l of r.lines) console.log(l)
    return r.failed > 0 ? 1 : 0
  }
  if (sub === 'explain') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { output: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    })
    const file = positionals[0]
    if (!file) return usage()
    const [c] = readCaseFiles(file).flatMap((f) => f.cases)
    if (!c) return usage()
    const outputs = values.output?.length ? values.output : Object.keys(c.expect)
    const checked = runCase(model, params, c)
    const decision: CaseResult = values.output?.length
      ? { ...checked, failures: [], decision: evaluateCase(model, params, c, outputs) }
      : checked
    if (values.json) console.log(JSON.stringify(decision.decision, null, 2))
    else console.log(explainText(model, c, decision, outputs))
    return 0
  }
  return usage()
}

function usage(): number {
  console.error(USAGE)
  return 2
}
