/**
 * Engine benchmark: a synthetic ~50-variable means test over 10 M households (~18 M persons).
 * Run: npx tsx packages/rules/bench/engine.bench.ts [households] [workers]
 * Prints one JSON line per measurement.
 */
import { mulberry32 } from '../src/engine/__fixtures__/population.ts'
import {
  buildModel,
  type ColumnarPopulation,
  defineVariable,
  householdInput,
  type LegalRef,
  type ParameterFiles,
  resolveParameters,
  sharedArray,
  type Variable,
} from '../src/index.ts'

const HOUSEHOLDS = Number(process.argv[2] ?? 10_000_000)
const WORKERS = Number(process.argv[3] ?? 2)
const legal: LegalRef[] = [{ id: 'bench', title: 'Synthetic benchmark rule', status: 'ASSUMPTION' }]
const lab = (en: string) => ({ zh: en, en })
const V = (from = '2021-01-01' as const) => ({ from, legal })

// ---------- parameters ----------
const params: ParameterFiles = {
  'bench.standard': {
    description: 'standard by area',
    unit: 'fen',
    legal,
    breakdown: [{ dim: 'area', values: ['rural', 'urban'] }],
    values: { rural: { '2021-01-01': 70_000 }, urban: { '2021-01-01': 90_000 } },
    regions: { '37': { values: { rural: { '2021-01-01': 78_400 }, urban: { '2021-01-01': 99_500 } } } },
  },
  'bench.rate': { description: 'rate', unit: 'ratio', legal, values: { _default: { '2021-01-01': 0.1 } } },
  'bench.size_factor': {
    description: 'size factor',
    unit: 'ratio',
    legal,
    breakdown: [{ dim: 'size', values: { range: [1, 5] } }],
    values: Object.fromEntries([1, 2, 3, 4, 5].map((s) => [String(s), { '2021-01-01': 1.3 - s * 0.07 }])),
  },
  'bench.tax': {
    description: 'scale',
    unit: 'rate',
    legal,
    scale: [
      { threshold: { '2021-01-01': 0 }, rate: { '2021-01-01': 0 } },
      { threshold: { '2021-01-01': 500_000 }, rate: { '2021-01-01': 0.03 } },
      { threshold: { '2021-01-01': 2_000_000 }, rate: { '2021-01-01': 0.1 } },
    ],
  },
}

// ---------- variables ----------
const AREA = { enum: ['rural', 'urban'] } as const
const wage = defineVariable({
  name: 'wage',
  entity: 'person',
  valueType: 'money',
  period: 'month',
  input: true,
  default: 0,
  label: lab('wage'),
})
const age = defineVariable({
  name: 'age',
  entity: 'person',
  valueType: 'int',
  period: 'eternity',
  input: true,
  label: lab('age'),
})
const disability = defineVariable({
  name: 'disability',
  entity: 'person',
  valueType: 'int',
  period: 'eternity',
  input: true,
  default: 0,
  label: lab('disability'),
})
const area = defineVariable({
  name: 'area',
  entity: 'household',
  valueType: AREA,
  period: 'eternity',
  input: true,
  label: lab('area'),
})
const other = defineVariable({
  name: 'other_income',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  input: true,
  default: 0,
  label: lab('other'),
})
const assets = defineVariable({
  name: 'assets',
  entity: 'household',
  valueType: 'money',
  period: 'eternity',
  input: true,
  default: 0,
  label: lab('assets'),
})

const pv = <T extends 'money' | 'bool'>(
  name: string,
  t: T,
  f: Parameters<typeof defineVariable<T, 'person'>>[0]['versions'],
) => defineVariable({ name, entity: 'person', valueType: t, period: 'month', label: lab(name), versions: f })
const adult = pv('adult', 'bool', [{ ...V(), formula: (x) => x.ge(x.v(age), 18) }])
const elder = pv('elder', 'bool', [{ ...V(), formula: (x) => x.ge(x.v(age), 65) }])
const disabled = pv('disabled', 'bool', [
  { ...V(), formula: (x) => x.and(x.ge(x.v(disability), 1), x.le(x.v(disability), 2)) },
])
const earner = pv('earner', 'bool', [{ ...V(), formula: (x) => x.and(x.gt(x.v(wage), 0), x.v(adult)) }])
const netWage = pv('net_wage', 'money', [{ ...V(), formula: (x) => x.round(x.mul(x.v(wage), 0.92), 'half_up', 1) }])
const workCost = pv('work_cost', 'money', [
  { ...V(), formula: (x) => x.where(x.v(earner), x.round(x.mul(x.v(netWage), x.p('bench.rate')), 'down', 1), 0) },
])
const countable = pv('countable', 'money', [{ ...V(), formula: (x) => x.max(x.sub(x.v(netWage), x.v(workCost)), 0) }])
const careNeed = pv('care_need', 'bool', [
  { ...V(), formula: (x) => x.or(x.v(disabled), x.and(x.v(elder), x.not(x.v(earner)))) },
])

const hv = <T extends 'money' | 'int' | 'bool' | 'number'>(
  name: string,
  t: T,
  formula: NonNullable<Parameters<typeof defineVariable<T, 'household'>>[0]['versions']>[number]['formula'],
) =>
  defineVariable({
    name,
    entity: 'household',
    valueType: t,
    period: 'month',
    label: lab(name),
    versions: [{ ...V(), formula }],
  })
const size = hv('size', 'int', (x) => x.count())
const adults = hv('adults', 'int', (x) => x.count({ where: adult }))
const elders = hv('elders', 'int', (x) => x.count({ where: elder }))
const children = hv('children', 'int', (x) => x.count({ role: ['child', 'grandchild'] }))
const anyDisabled = hv('any_disabled', 'bool', (x) => x.any(disabled))
const anyCare = hv('any_care', 'bool', (x) => x.any(careNeed))
const earners = hv('earners', 'int', (x) => x.sum<'int'>(earner))
const earnings = hv('earnings', 'money', (x) => x.sum(countable))
const maxWage = hv('max_wage', 'money', (x) => x.maxOf(wage))
const income = hv('income', 'money', (x) => x.add(x.v(earnings), x.v(other)))
const perCapita = hv('per_capita', 'money', (x) => x.round(x.div(x.v(income), x.max(x.v(size), 1)), 'half_up', 1))
const standard = hv('standard', 'money', (x) =>
  x.round(
    x.mul(x.p<'money'>('bench.standard', { area: x.v(area) }), x.p('bench.size_factor', { size: x.v(size) })),
    'half_up',
    100,
  ),
)
const tax = hv('tax', 'money', (x) => x.round(x.scale('bench.tax', x.v(income), 'marginal_rate'), 'half_up', 1))
// A chain of 25 intermediate adjustments, as real programmes stack deductions and caps.
let prev: Variable<'money', 'household'> = perCapita
const chain: Variable<'money', 'household'>[] = []
for (let k = 0; k < 25; k++) {
  const before = prev
  const v = hv(`adj_${k}`, 'money', (x) =>
    x.round(
      x.where(
        x.gt(x.v(before), x.mul(x.v(standard), 0.5 + (k % 5) * 0.1)),
        x.sub(x.v(before), x.mul(x.v(elders), 1_000 + k * 10)),
        x.add(x.v(before), x.where(x.v(anyCare), 500 + k, k)),
      ),
      k % 2 ? 'down' : 'half_up',
      1,
    ),
  )
  chain.push(v)
  prev = v
}
const adjusted = prev
const eligible = hv('eligible', 'bool', (x) =>
  x.cases('eligible', { value: x.lt(x.v(adjusted), x.v(standard)), legal }, [
    { label: 'assets', when: x.gt(x.v(assets), x.mul(x.v(standard), 24)), value: x.bool(false), legal },
    {
      label: 'disabled_single',
      exceptionTo: 'assets',
      when: x.and(x.v(anyDisabled), x.eq(x.v(size), 1)),
      value: x.bool(true),
      legal,
    },
  ]),
)
const benefit = hv('benefit', 'money', (x) =>
  x.round(x.where(x.v(eligible), x.mul(x.max(x.sub(x.v(standard), x.v(adjusted)), 0), x.v(size)), 0), 'up', 100),
)
const screenA = hv('screen_a', 'bool', (x) => x.and(x.v(anyDisabled), x.gt(x.v(maxWage), 500_000)))
const screenB = hv('screen_b', 'bool', (x) =>
  x.and(x.eq(x.v(earners), 0), x.gt(x.v(adults), 1), x.ge(x.v(children), 0)),
)
const net = hv('net', 'money', (x) => x.sub(x.add(x.v(income), x.v(benefit)), x.v(tax)))
const model = buildModel([benefit, net, screenA, screenB], { version: 'bench' })

// ---------- population ----------
function population(n: number): ColumnarPopulation {
  const rnd = mulberry32(2026)
  const off = sharedArray(Int32Array, n + 1)
  let persons = 0
  for (let h = 0; h < n; h++) {
    off[h] = persons
    const r = rnd()
    persons += r < 0.45 ? 1 : r < 0.85 ? 2 : r < 0.95 ? 3 : 4 + Math.floor(rnd() * 2)
  }
  off[n] = persons
  const role = sharedArray(Uint8Array, persons)
  const ageC = sharedArray(Uint8Array, persons)
  const dis = sharedArray(Uint8Array, persons)
  const w = sharedArray(Float64Array, persons)
  const reg = sharedArray(Uint16Array, n)
  const ar = sharedArray(Uint8Array, n)
  const oth = sharedArray(Float64Array, n)
  const ass = sharedArray(Float64Array, n)
  for (let h = 0; h < n; h++) {
    reg[h] = Math.floor(rnd() * 4)
    ar[h] = rnd() < 0.6 ? 0 : 1
    oth[h] = rnd() < 0.5 ? 0 : Math.floor(rnd() * 200_000)
    ass[h] = Math.floor(rnd() * 3_000_000)
    for (let i = off[h]!, k = 0; i < off[h + 1]!; i++, k++) {
      role[i] = k === 0 ? 0 : k === 1 ? 1 : 2
      ageC[i] = k >= 2 ? Math.floor(rnd() * 25) : 18 + Math.floor(rnd() * 70)
      dis[i] = rnd() < 0.06 ? 1 + Math.floor(rnd() * 4) : 0
      w[i] = rnd() < 0.5 ? Math.floor(rnd() * 800_000) : 0
    }
  }
  return {
    households: n,
    persons,
    memberOffsets: off,
    roleCodes: role,
    regionCodes: reg,
    columns: { age: ageC, disability: dis, wage: w, area: ar, other_income: oth, assets: ass },
    dictionaries: { region: ['370203', '440103', '110105', '510104'] },
  }
}

const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024)
const snapshot = resolveParameters(params, { asOf: '2026-03-01' })
const query = {
  period: '2026-03',
  outputs: ['benefit', 'net', 'eligible'],
  snapshot,
  screens: ['screen_a', 'screen_b'],
}
const t0 = performance.now()
const pop = population(HOUSEHOLDS)
const genSeconds = (performance.now() - t0) / 1000
const report = (label: string, seconds: number, extra: Record<string, unknown> = {}) =>
  console.log(
    JSON.stringify({
      label,
      households: pop.households,
      persons: pop.persons,
      variables: model.order.length,
      seconds: Number(seconds.toFixed(3)),
      perHousehold_ns: Math.round((seconds * 1e9) / pop.households),
      peakRssMB: rssMB(),
      ...extra,
    }),
  )
report('generate population', genSeconds)

const fused = model.compileBatch(query)
if (process.env.SHOW_SOURCE) {
  console.log(fused.source)
  process.exit(0)
}
if (process.env.REPEAT) {
  for (let r = 0; r < Number(process.env.REPEAT); r++) {
    const s = performance.now()
    await fused.run(pop, {
      workers: WORKERS,
      ...(process.env.CHUNK ? { chunk: Number(process.env.CHUNK) } : {}),
    })
    report(`repeat ${r}`, (performance.now() - s) / 1000)
  }
  process.exit(0)
}
await fused.run(population(10_000), { workers: WORKERS }) // warm the worker code path once
let t = performance.now()
const res = await fused.run(pop, { workers: WORKERS })
report(`fused, ${WORKERS} workers`, (performance.now() - t) / 1000, {
  workers: WORKERS,
  sourceLines: fused.source.split('\n').length,
})
t = performance.now()
const single = await fused.run(pop, { workers: 0 })
report('fused, main thread', (performance.now() - t) / 1000, { workers: 0 })
let diff = 0
for (let h = 0; h < pop.households; h++) if (!Object.is(single.columns.benefit![h], res.columns.benefit![h])) diff++
const columnar = model.compileBatch({ ...query, strategy: 'columnar' })
t = performance.now()
const col = await columnar.run(pop, { workers: 0 })
report('column-at-a-time, main thread', (performance.now() - t) / 1000, {
  workers: 0,
  intermediateArrays: model.order.length,
})
for (let h = 0; h < pop.households; h++) if (!Object.is(col.columns.benefit![h], res.columns.benefit![h])) diff++

// ---------- single decisions with a full trace ----------
const sample = Array.from({ length: 10_000 }, (_, k) => householdInput(model, pop, k * 97))
const times: number[] = []
let bytes = 0
for (const [k, hh] of sample.entries()) {
  const s = performance.now()
  const d = model.evaluate(hh, { ...query, trace: 'full' })
  const json = JSON.stringify(d)
  times.push(performance.now() - s)
  if (k === 0) bytes = json.length
}
times.sort((a, b) => a - b)
console.log(
  JSON.stringify({
    label: 'single decision, full trace + JSON',
    decisions: times.length,
    p50_ms: Number(times[Math.floor(times.length * 0.5)]!.toFixed(4)),
    p99_ms: Number(times[Math.floor(times.length * 0.99)]!.toFixed(4)),
    traceJsonBytes: bytes,
    mismatchesAcrossBackends: diff,
  }),
)
