/**
 * Checks the parameter catalogue in `packages/rules/parameters/` (domain.md §13): shape, citations, regions, dates,
 * uniqueness, coverage of every catalogue code, and a few cross-file facts from the worked examples.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseRegionCode } from './identifiers/regionCode.ts'
import { SOURCE_TITLES as TITLES } from './programs/legal.ts'

const ROOT = fileURLToPath(new URL('../parameters/', import.meta.url))

/** Every code of domain.md §13, combined rows split (DIBAO_STD_RURAL/_URBAN, MICROLOAN_AGE → _MIN/_MAX, …). */
const EXPECTED_CODES = [
  'MON_THRESHOLD',
  'MON_THRESHOLD_RULE',
  'MON_THRESHOLD_RULE_K',
  'IDENT_MAX_DAYS',
  'MON_PUBLICITY_MIN_DAYS',
  'APP_ACCEPT_DAYS',
  'INCOME_PERIOD_MONTHS',
  'ELIM_STABLE_MONTHS',
  'ELIM_MIN_MONTH_GAP',
  'SUDDEN_DROP_RATIO',
  'PLAN_DUE_DAYS',
  'VISIT_INTERVAL_DAYS',
  'DIBAO_STD_RURAL',
  'DIBAO_STD_URBAN',
  'DIBAO_INCOME_MONTHS',
  'DIBAO_PUBLICITY_DAYS',
  'DIBAO_MAX_WD',
  'DIBAO_MAX_WD_EXT',
  'DIBAO_SINGLE_MIN_RATIO',
  'DIBAO_REVIEW_STABLE',
  'DIBAO_REVIEW_UNSTABLE',
  'GRADUAL_EXIT_MONTHS',
  'EMPLOYMENT_COST_RULE',
  'EMPLOYMENT_COST_RATE',
  'MARGINAL_MULTIPLIER',
  'FIN_ASSET_LIMIT_MONTHS',
  'TEKUN_BASIC_MULT',
  'TEKUN_CARE_RATIO',
  'TEKUN_PUBLICITY_DAYS',
  'SELF_CARE_REASSESS_WD',
  'TEMP_FAST_MAX_MULT',
  'TEMP_FAST_MAX_DAYS',
  'TEMP_MAX_MULT',
  'PENSION_MIN_TIER',
  'PENSION_DAIJIAO_RATE',
  'POST_MAX_AGE',
  'POST_MAX_AGE_RELAXED',
  'POST_ELDER_AGE_F',
  'POST_ELDER_AGE_M',
  'POST_TERM_MAX_MONTHS',
  'POST_MONTHLY_SUBSIDY',
  'WORKSHOP_MIN_WORKERS',
  'WORKSHOP_INSURANCE_MIN',
  'FACTORY_MIN_WORKERS',
  'FACTORY_MIN_WAGE',
  'FACTORY_MIN_REVENUE',
  'HIRING_BONUS',
  'WORK_RELIEF_LABOR_SHARE',
  'PROCUREMENT_RESERVE_SHARE',
  'MICROLOAN_MAX',
  'MICROLOAN_MAX_YEARS',
  'MICROLOAN_AGE_MIN',
  'MICROLOAN_AGE_MAX',
  'MICROLOAN_SUBSIDY_RATE',
  'YULU_AMOUNT',
  // MED_WARN_*: the thresholds of the §8.2 warning rules
  'MED_WARN_HIGH_OOP_LOWINC',
  'MED_WARN_HIGH_OOP_GENERAL',
  'MED_WARN_OOP_RATIO_TUOPIN',
  'MED_WARN_OOP_RATIO_GENERAL',
  'MED_WARN_OOP_ABS_ALL',
  'WATER_MIN_LPCD_RICH',
  'WATER_MIN_LPCD_SCARCE',
  'WATER_MAX_TRIP_MIN',
  'WATER_MAX_OUTAGE_DAYS',
  // Needed by programs though not a §13 row: minimum wage (特困 care, post cap), §8.1 dedup window, §5.4 distances…
  'LABOUR_MIN_WAGE_MONTHLY',
  'WARNING_DEDUP_DAYS',
  'MED_WARN_LOOKBACK_MONTHS',
  // the complaint telephone printed on public notices (§7.0 publicity)
  'COMPLAINT_PHONE',
]

const STATUSES = new Set(['SOURCED', 'LOCAL', 'MEM', 'ASSUMPTION'])
const VALUE_TYPES = new Set(['money_yuan', 'ratio', 'days', 'working_days', 'months', 'years', 'count', 'enum_rule'])
const INTEGER_TYPES = new Set(['days', 'working_days', 'months', 'years', 'count', 'enum_rule'])
const FILE_KEYS = ['code', 'description', 'unit', 'valueType', 'options', 'breakdown', 'legal', 'values']
const VALUE_KEYS = ['region', 'cell', 'from', 'value', 'legal']
const CITATION_KEYS = ['id', 'title', 'article', 'href', 'status', 'note', 'publishedOn']
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

interface Citation {
  id: string
  title: string
  article?: string
  status: string
  note?: string
}
interface Value {
  region: string
  cell: string
  from: string
  value: number | null
  legal: Citation[]
}
interface ParamFile {
  code: string
  description: { zh: string; en: string }
  unit: string
  valueType: string
  options?: Array<{ key: string; code: number; label: { zh: string; en: string } }>
  breakdown: Array<{ dim: string; values: string[] }>
  legal: Citation[]
  values: Value[]
}

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listJson(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : [],
  )
}

const files = listJson(ROOT).map((abs) => {
  const rel = relative(ROOT, abs)
  const path = rel.slice(0, -'.json'.length).split(sep).join('.')
  let data: unknown
  let parseError: string | undefined
  try {
    data = JSON.parse(readFileSync(abs, 'utf8'))
  } catch (e) {
    parseError = (e as Error).message
  }
  return { rel, path, data: data as ParamFile, parseError }
})
const byCode = new Map(files.map((f) => [f.data?.code, f.data]))

const isoValid = (s: string) => {
  if (!ISO_DATE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Every problem in one file, as "where: what" strings (empty when valid). */
function problems(f: (typeof files)[number]): string[] {
  const out: string[] = []
  const bad = (where: string, what: string) => out.push(`${f.rel} ${where}: ${what}`)
  if (f.parseError) return [`${f.rel}: invalid JSON (${f.parseError})`]
  const p = f.data
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return [`${f.rel}: not an object`]
  for (const k of Object.keys(p)) if (!FILE_KEYS.includes(k)) bad(k, 'unknown key')
  if (!/^[A-Z][A-Z0-9_]*$/.test(p.code ?? '')) bad('code', 'must be UPPER_SNAKE_CASE')
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(f.path)) bad('path', 'must be <group>/<snake_case>.json')
  if (!p.description?.zh || !p.description?.en) bad('description', 'needs { zh, en }')
  if (typeof p.unit !== 'string' || !p.unit) bad('unit', 'required')
  if (!VALUE_TYPES.has(p.valueType)) bad('valueType', `unknown "${p.valueType}"`)
  const optionCodes = new Set<number>()
  if (p.valueType === 'enum_rule') {
    if (!Array.isArray(p.options) || !p.options.length) bad('options', 'required for enum_rule')
    const keys = new Set<string>()
    for (const o of p.options ?? []) {
      if (!o.key || keys.has(o.key) || !Number.isInteger(o.code) || optionCodes.has(o.code) || !o.label?.zh) {
        bad(`options.${o.key}`, 'needs a unique key, a unique integer code and a { zh, en } label')
      }
      keys.add(o.key)
      optionCodes.add(o.code)
    }
  } else if (p.options !== undefined) bad('options', 'only for enum_rule')
  if (!Array.isArray(p.breakdown)) bad('breakdown', 'must be an array (empty without breakdown)')
  const dims = p.breakdown ?? []
  for (const d of dims) {
    if (
      !d.dim ||
      !Array.isArray(d.values) ||
      !d.values.length ||
      d.values.some((v) => typeof v !== 'string' || v.includes('|'))
    ) {
      bad(`breakdown.${d.dim}`, 'needs a dim name and non-empty string members without "|"')
    }
  }
  const validCell = (cell: string) => {
    if (!dims.length) return cell === '_default'
    const parts = cell.split('|')
    return parts.length === dims.length && parts.every((m, i) => dims[i]!.values.includes(m))
  }
  if (!Array.isArray(p.legal) || !p.legal.length) bad('legal', 'needs at least one citation')
  const checkCitation = (c: Citation, where: string) => {
    for (const k of Object.keys(c)) if (!CITATION_KEYS.includes(k)) bad(where, `unknown citation key ${k}`)
    if (!STATUSES.has(c.status)) bad(where, `status "${c.status}" is not SOURCED | LOCAL | MEM | ASSUMPTION`)
    const title = (TITLES as Record<string, string>)[c.id]
    if (title === undefined) bad(where, `unknown source id "${c.id}"`)
    else if (c.title !== title) bad(where, `title of ${c.id} must be the §16 title "${title}"`)
    if (c.id === 'MEM' && c.status !== 'MEM') bad(where, 'a MEM citation has status MEM')
    if (c.id === 'ASSUMPTION' && c.status !== 'ASSUMPTION') bad(where, 'an ASSUMPTION citation has status ASSUMPTION')
  }
  for (const [i, c] of (p.legal ?? []).entries()) checkCitation(c, `legal.${i}`)
  if (!Array.isArray(p.values) || !p.values.length) bad('values', 'needs at least one value')
  const seen = new Set<string>()
  const cited = new Set((p.legal ?? []).map((c) => `${c.id}|${c.status}`))
  ;(p.values ?? []).forEach((v, i) => {
    const where = `values.${i} (${v.region || 'national'} ${v.cell} ${v.from})`
    for (const k of Object.keys(v)) if (!VALUE_KEYS.includes(k)) bad(where, `unknown key ${k}`)
    if (v.region !== '' && !(/^(\d{2}|\d{4}|\d{6})$/.test(v.region) && parseRegionCode(v.region).ok)) {
      bad(where, 'region must be "" or a valid 2/4/6-digit GB/T 2260 prefix')
    }
    if (!validCell(v.cell)) bad(where, `cell must be ${dims.length ? dims.map((d) => d.dim).join('|') : '_default'}`)
    if (!isoValid(v.from)) bad(where, 'from must be a real date YYYY-MM-DD')
    const key = `${v.region}|${v.cell}|${v.from}`
    if (seen.has(key)) bad(where, 'duplicate (region, cell, from)')
    seen.add(key)
    if (v.value !== null) {
      if (typeof v.value !== 'number' || !Number.isFinite(v.value) || v.value < 0)
        bad(where, 'value must be ≥ 0 or null')
      else if (INTEGER_TYPES.has(p.valueType) && !Number.isInteger(v.value)) bad(where, `${p.valueType} must be whole`)
      else if (p.valueType === 'money_yuan' && Math.abs(Math.round(v.value * 100) - v.value * 100) > 1e-6) {
        bad(where, 'money must be whole fen (≤ 2 decimals of yuan)')
      } else if (p.valueType === 'enum_rule' && !optionCodes.has(v.value)) bad(where, 'not an option code')
    }
    if (!Array.isArray(v.legal) || !v.legal.length) bad(where, 'needs at least one citation')
    v.legal?.forEach((c, j) => {
      checkCitation(c, `${where} legal.${j}`)
      if (!cited.has(`${c.id}|${c.status}`)) bad(where, `${c.id} (${c.status}) missing from the file-level legal list`)
    })
  })
  // A null ends a value, so it must follow a value of the same (region, cell).
  const chains = new Map<string, Value[]>()
  for (const v of p.values ?? [])
    chains.set(`${v.region}|${v.cell}`, [...(chains.get(`${v.region}|${v.cell}`) ?? []), v])
  for (const [k, chain] of chains) {
    const sorted = [...chain].sort((a, b) => a.from.localeCompare(b.from))
    if (sorted[0]?.value === null) bad(`values ${k}`, 'starts with null; null only ends an earlier value')
  }
  return out
}

/** Most specific region wins (national "" → province → city → county); latest `from` ≤ asOf within a scope. */
function resolve(code: string, region: string, asOf: string, cell = '_default'): { value: number; region: string } {
  const p = byCode.get(code)
  if (!p) throw new Error(`no parameter ${code}`)
  for (const scope of [6, 4, 2, 0].map((n) => region.slice(0, n))) {
    const hit = p.values
      .filter((v) => v.region === scope && v.cell === cell && v.from <= asOf)
      .sort((a, b) => b.from.localeCompare(a.from))[0]
    if (hit && hit.value !== null) return { value: hit.value, region: scope }
  }
  throw new Error(`${code} has no value for ${region} ${cell} on ${asOf}`)
}

describe('parameter catalogue data (packages/rules/parameters)', () => {
  it('has files', () => {
    expect(files.length).toBeGreaterThanOrEqual(EXPECTED_CODES.length)
  })
  it.each(files.map((f) => [f.rel, f] as const))(
    '%s has the catalogue shape, valid regions, dates and citations',
    (_, f) => {
      expect(problems(f)).toEqual([])
    },
  )
  it('codes are unique', () => {
    const codes = files.map((f) => f.data?.code)
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([])
  })
  it('every code of domain.md §13 has a file', () => {
    expect(EXPECTED_CODES.filter((c) => !byCode.has(c))).toEqual([])
  })
  it('the demo province 甘肃 (62) has local numbers, all marked ASSUMPTION', () => {
    for (const code of ['MON_THRESHOLD', 'DIBAO_STD_RURAL', 'DIBAO_STD_URBAN', 'LABOUR_MIN_WAGE_MONTHLY']) {
      const mine = byCode.get(code)!.values.filter((v) => v.region === '62')
      expect(mine.length, code).toBeGreaterThan(0)
      for (const v of mine) expect(v.legal.map((c) => c.status)).toEqual(['ASSUMPTION'])
    }
    expect(resolve('MON_THRESHOLD', '622926', '2025-06-01')).toEqual({ value: 8700, region: '62' })
    expect(resolve('DIBAO_STD_RURAL', '622926', '2025-06-01')).toEqual({ value: 784, region: '62' })
  })
})

describe('worked examples and cross-file facts (domain.md §6, §14)', () => {
  it('monitoring thresholds: national floor 2021, province and county overrides, no national value after 2021', () => {
    expect(resolve('MON_THRESHOLD', '440103', '2021-06-01')).toEqual({ value: 6000, region: '' })
    expect(() => resolve('MON_THRESHOLD', '440103', '2023-06-01')).toThrow(/no value/)
    expect(resolve('MON_THRESHOLD', '530102', '2025-03-01')).toEqual({ value: 8700, region: '53' })
    expect(resolve('MON_THRESHOLD', '350121', '2023-03-01').value).toBe(10560)
  })
  it('德化 2024: threshold = k × rural 低保 standard × 12 (19,560 = 2 × 815 × 12)', () => {
    const k = resolve('MON_THRESHOLD_RULE_K', '350526', '2024-06-01').value
    const dibao = resolve('DIBAO_STD_RURAL', '350526', '2024-06-01').value
    expect(resolve('MON_THRESHOLD_RULE', '350526', '2024-06-01').value).toBe(1)
    expect(resolve('MON_THRESHOLD', '350526', '2024-06-01').value).toBe(k * dibao * 12)
  })
  it('§14.5–8: 青岛 784, single-person floor 0.6 × 784 = 470.4, 特困 basic ≥ 1.3 × 784, home 半护理 20% (Anhui rule)', () => {
    const std = resolve('DIBAO_STD_RURAL', '370203', '2025-01-01').value
    expect(std).toBe(784)
    expect(resolve('DIBAO_SINGLE_MIN_RATIO', '370203', '2025-01-01').value * std).toBeCloseTo(470.4)
    expect(resolve('TEKUN_BASIC_MULT', '370203', '2025-01-01').value * std).toBeCloseTo(1019.2)
    expect(resolve('TEKUN_CARE_RATIO', '341723', '2024-01-01', 'HOME|SEMI_CARE').value).toBe(0.2)
    expect(resolve('MARGINAL_MULTIPLIER', '370203', '2025-01-01').value * std).toBe(1176)
  })
  it('青阳 micro-credit subsidy: 100% to 2023, 70% in 2024–2025, none after', () => {
    expect(resolve('MICROLOAN_SUBSIDY_RATE', '341723', '2023-12-31').value).toBe(1)
    expect(resolve('MICROLOAN_SUBSIDY_RATE', '341723', '2025-12-31').value).toBe(0.7)
    expect(() => resolve('MICROLOAN_SUBSIDY_RATE', '341723', '2026-01-01')).toThrow(/no value/)
  })
  it('郑州 handles 低保 in 25/40 working days, elsewhere 30/45', () => {
    expect(resolve('DIBAO_MAX_WD', '410102', '2024-01-01').value).toBe(25)
    expect(resolve('DIBAO_MAX_WD_EXT', '410102', '2024-01-01').value).toBe(40)
    expect(resolve('DIBAO_MAX_WD', '622926', '2024-01-01').value).toBe(30)
  })
})
