/**
 * Rules engine benchmark (issue 3): monitoring + 低保 + 特困 over a synthetic 甘肃 population.
 *
 * Run: npm run bench:rules [-- --households 10000000 --sql-households 1000000 --workers 2 --no-sql]
 * Prints one JSON object (progress goes to stderr). Its headline is the real model (`buildPolicyModel()`, every
 * programme): `meetsTarget` is its median with fresh output columns, as a run that allocates its outputs makes it;
 * the same runs writing into the previous run's columns (`reusedOutputColumns`) stand beside it. The 48-variable
 * representative programme (`representativeProgramme`, bench/program.ts) comes after it. The SQL comparison meets
 * its target only when the query and the engine agree on every total. The engine and column-at-a-time measurements run in separate
 * child processes so that each peak RSS is its own; the SQL comparison runs in this process against a throwaway
 * PostgreSQL 15 cluster.
 */
import { spawn } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { type Cluster, startCluster, stopCluster } from '../../../scripts/pg-cluster.mjs'
import { loadParameterFiles } from '../src/catalogue/load.node.ts'
import {
  type BatchResult,
  type ColumnarPopulation,
  closeWorkerPool,
  householdInput,
  type Model,
  type ParameterSnapshot,
  type Reform,
  resolveParameters,
  simulateReform,
} from '../src/index.ts'
import { buildPolicyModel, PROGRAM_OUTPUTS } from '../src/programs/index.ts'
import { BENCH_SIZE_SHARES, generatePopulation } from '../test/generate.ts'
import { ALL_OUTPUTS, benchModel, benchParameters, benchPopulation, MONITORING_DIBAO_OUTPUTS } from './program.ts'

const { values: args } = parseArgs({
  options: {
    households: { type: 'string', default: '10000000' },
    'sql-households': { type: 'string', default: '1000000' },
    workers: { type: 'string', default: '2' },
    decisions: { type: 'string', default: '10000' },
    repeat: { type: 'string', default: '3' },
    'no-sql': { type: 'boolean', default: false },
    part: { type: 'string' },
    sizes: { type: 'string', default: 'spec' },
  },
})
const N = Number(args.households)
const N_SQL = Number(args['sql-households'])
const WORKERS = Number(args.workers)
const DECISIONS = Number(args.decisions)
const REPEAT = Number(args.repeat)
const PERIOD = '2026-03'
const AS_OF = '2026-03-01'

const log = (msg: string) => process.stderr.write(`[bench:rules] ${msg}\n`)
const secs = (ms: number) => Number((ms / 1000).toFixed(3))
const mb = (bytes: number) => Math.round(bytes / 2 ** 20)
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024)
const rssMB = () => mb(process.memoryUsage().rss)
const gc = () => (globalThis as { gc?: () => void }).gc?.()
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const now = () => performance.now()
/** Wall times (ms) and CPU seconds of repeated runs, as reported. */
const runStats = (runs: number[], cpu: number[]) => ({
  runsSeconds: runs.map(secs),
  cpuSeconds: cpu.map((x) => Number(x.toFixed(2))),
  medianSeconds: secs(median(runs)),
  bestSeconds: secs(Math.min(...runs)),
})
/** CPU seconds of this process (main thread + worker threads) since `c0`: a measure that other load does not inflate. */
const cpuSince = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1e6
}

/** Bytes of the population's columns (inputs only). */
function populationBytes(pop: ColumnarPopulation): number {
  let b = pop.memberOffsets.byteLength + pop.roleCodes.byteLength + pop.regionCodes.byteLength
  for (const c of Object.values(pop.columns)) b += c.byteLength
  return b
}

function snapshot(): ParameterSnapshot {
  return resolveParameters(benchParameters(), { asOf: AS_OF })
}

/** 低保 standard +10% (rural and urban) in every region scope that sets it. */
function dibaoPlus10(snap: ParameterSnapshot): Reform {
  const parameters: NonNullable<Reform['parameters']> = []
  for (const path of ['dibao.standard_rural', 'dibao.standard_urban']) {
    for (const region of snap.scopes(path)) {
      const v = snap.tryGet(path, undefined, region)
      if (!v || (region !== '' && v.region !== region)) continue
      parameters.push({ path, region, from: '2026-01-01', value: Math.round(v.value * 1.1) })
    }
  }
  return {
    id: 'dibao-std-plus-10pct',
    label: '低保标准提高10%',
    legal: [{ id: 'ASSUMPTION', title: 'Benchmark reform: raise the 低保 standard by 10%', status: 'ASSUMPTION' }],
    parameters,
  }
}

// ---------------------------------------------------------------- engine (child process)
async function partEngine() {
  const snap = snapshot()
  let t = now()
  const pop = benchPopulation(N)
  const generateSeconds = secs(now() - t)
  log(`engine: generated ${pop.households} households / ${pop.persons} persons in ${generateSeconds} s`)
  gc()
  const rssBefore = rssMB()
  t = now()
  const plan = benchModel.compileBatch({ period: PERIOD, outputs: [...ALL_OUTPUTS], snapshot: snap })
  const compileMs = now() - t
  await plan.run(benchPopulation(20_000, 7), { workers: WORKERS }) // warm the worker pool and its JIT
  const runs: number[] = []
  const cpu: number[] = []
  let res: BatchResult | undefined
  let fusedPeak = 0
  for (let r = 0; r < REPEAT; r++) {
    res = undefined
    gc()
    const c0 = process.cpuUsage()
    t = now()
    res = await plan.run(pop, { workers: WORKERS })
    runs.push(now() - t)
    cpu.push(cpuSince(c0))
    if (r === 0) fusedPeak = peakRssMB()
    log(`engine: fused, ${WORKERS} workers: ${secs(runs.at(-1)!)} s`)
  }
  t = now()
  const single = await plan.run(pop, { workers: 0 })
  const singleMs = now() - t
  log(`engine: fused, main thread: ${secs(singleMs)} s`)
  let mismatches = 0
  for (const o of ALL_OUTPUTS) {
    const a = res!.columns[o]!
    const b = single.columns[o]!
    for (let h = 0; h < a.length; h++) if (!Object.is(a[h], b[h])) mismatches++
  }
  const totals = aggregates(res!)

  // ---- reform: baseline first (with the columns the reform reuses), then the reform after it
  const reform = dibaoPlus10(snap)
  const impact = {
    period: PERIOD,
    cost: 'total_assistance',
    eligible: 'dibao_eligible',
    income: 'household_net_income',
  }
  const probe = await simulateReform(benchModel, benchPopulation(2_000, 9), snap, reform, impact, { workers: 0 })
  const baselineOutputs = [...new Set([...ALL_OUTPUTS, impact.cost, impact.eligible, impact.income, ...probe.reused])]
  t = now()
  const baseline = await benchModel
    .compileBatch({ period: PERIOD, outputs: baselineOutputs, snapshot: snap })
    .run(pop, { workers: WORKERS })
  const baselineMs = now() - t
  log(`reform: baseline ${secs(baselineMs)} s`)
  const reformTimes = await timeReform(benchModel, pop, snap, reform, impact, baseline, benchPopulation(20_000, 7))
  const report = reformTimes.report
  const reformMs = reformTimes.kernelMs
  // cost of the reform kernel alone (without the comparison pass)
  const reformPop: ColumnarPopulation = { ...pop, columns: { ...pop.columns } }
  for (const name of report.reused) reformPop.columns[`${name}@${PERIOD}`] = baseline.columns[name]!
  const reformPlan = benchModel.compileBatch({
    period: PERIOD,
    outputs: [impact.cost, impact.eligible],
    snapshot: snap.withReform(reform),
    reuse: report.reused,
  })
  t = now()
  await reformPlan.run(reformPop, { workers: WORKERS })
  const reformKernelMs = now() - t
  const fullReformPlan = benchModel.compileBatch({
    period: PERIOD,
    outputs: [impact.cost, impact.eligible],
    snapshot: snap.withReform(reform),
  })
  t = now()
  await fullReformPlan.run(pop, { workers: WORKERS })
  const reformFullRecomputeMs = now() - t

  // ---- single decisions with a full trace
  const q = { period: PERIOD, outputs: [...ALL_OUTPUTS], snapshot: snap, trace: 'full' as const }
  for (let k = 0; k < 200; k++) benchModel.evaluate(householdInput(benchModel, pop, k), q) // warm-up
  const times: number[] = []
  let traceBytes = 0
  let traceNodes = 0
  let decisionMismatches = 0
  for (let k = 0; k < DECISIONS; k++) {
    const h = (k * 999_983) % pop.households
    const input = householdInput(benchModel, pop, h)
    const s = now()
    const d = benchModel.evaluate(input, q)
    const json = JSON.stringify(d)
    times.push(now() - s)
    if (k === 0) {
      traceBytes = json.length
      traceNodes = (json.match(/"variable":/g) ?? []).length
    }
    for (const o of ALL_OUTPUTS) {
      const v = d.outputs[o]
      if ((typeof v === 'boolean' ? Number(v) : v) !== res!.columns[o]![h]) decisionMismatches++
    }
  }
  times.sort((a, b) => a - b)
  const pct = (p: number) => Number(times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(3))
  await closeWorkerPool()
  return {
    population: {
      households: pop.households,
      persons: pop.persons,
      regions: pop.dictionaries.region.length,
      inputColumnsMB: mb(populationBytes(pop)),
      generateSeconds,
    },
    fused: {
      outputs: ALL_OUTPUTS,
      variables: benchModel.order.length,
      kernelLines: plan.source.split('\n').length,
      compileMs: Number(compileMs.toFixed(1)),
      workers: WORKERS,
      ...runStats(runs, cpu),
      mainThreadSeconds: secs(singleMs),
      rssBeforeRunMB: rssBefore,
      peakRssMB: fusedPeak,
      mismatchesWorkersVsMainThread: mismatches,
      totals,
    },
    reform: {
      id: reform.id,
      parameters: reform.parameters,
      baselineSeconds: secs(baselineMs),
      seconds: secs(reformMs),
      runsSeconds: reformTimes.kernelRuns.map(secs),
      oldPathSeconds: secs(reformTimes.columnsMs),
      oldPathRunsSeconds: reformTimes.columnsRuns.map(secs),
      cpuSeconds: reformTimes.kernelCpu,
      oldPathCpuSeconds: reformTimes.columnsCpu,
      reportsAgree: reformTimes.agree,
      kernelOnlySeconds: secs(reformKernelMs),
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
      fullRecomputeSeconds: secs(reformFullRecomputeMs),
      changedParameters: report.changedParameters,
      recomputed: report.recomputed,
      reused: report.reused,
      budget: report.budget,
      eligibility: report.eligibility,
    },
    singleDecision: {
      decisions: times.length,
      trace: 'full',
      outputs: ALL_OUTPUTS.length,
      p50_ms: pct(0.5),
      p99_ms: pct(0.99),
      max_ms: pct(1),
      traceJsonBytes: traceBytes,
      traceNodes,
      mismatchesVsBatch: decisionMismatches,
    },
  }
}

/**
 * Times `simulateReform` after the baseline, alternating the in-kernel comparison (new) and the column comparison on
 * the main thread (old, `comparison: 'columns'`), REPEAT times each; medians, and whether both reports agree.
 */
async function timeReform(
  model: Model,
  pop: ColumnarPopulation,
  snap: ParameterSnapshot,
  reform: Reform,
  impact: { period: string; cost: string; eligible: string; income: string },
  baseline: BatchResult,
  warm: ColumnarPopulation,
) {
  // warm both paths' kernels on the workers (a small population of the same shape)
  for (const comparison of ['columns', 'kernel'] as const) {
    await simulateReform(model, warm, snap, reform, impact, { workers: WORKERS, comparison })
  }
  const kernelRuns: number[] = []
  const columnsRuns: number[] = []
  const kernelCpu: number[] = []
  const columnsCpu: number[] = []
  let report: Awaited<ReturnType<typeof simulateReform>> | undefined
  let old: Awaited<ReturnType<typeof simulateReform>> | undefined
  for (let r = 0; r < REPEAT; r++) {
    gc()
    let c0 = process.cpuUsage()
    let t = now()
    old = await simulateReform(model, pop, snap, reform, impact, { workers: WORKERS, baseline, comparison: 'columns' })
    columnsRuns.push(now() - t)
    columnsCpu.push(cpuSince(c0))
    gc()
    c0 = process.cpuUsage()
    t = now()
    report = await simulateReform(model, pop, snap, reform, impact, { workers: WORKERS, baseline })
    kernelRuns.push(now() - t)
    kernelCpu.push(cpuSince(c0))
    log(`reform: in-kernel ${secs(kernelRuns.at(-1)!)} s, old path ${secs(columnsRuns.at(-1)!)} s after the baseline`)
  }
  const strip = ({ baseline: _b, ...x }: NonNullable<typeof report>) => JSON.stringify(x)
  return {
    report: report!,
    kernelRuns,
    columnsRuns,
    kernelCpu: kernelCpu.map((x) => Number(x.toFixed(2))),
    columnsCpu: columnsCpu.map((x) => Number(x.toFixed(2))),
    kernelMs: median(kernelRuns),
    columnsMs: median(columnsRuns),
    agree: strip(report!) === strip(old!),
  }
}

function aggregates(r: BatchResult) {
  const c = r.columns
  let monitored = 0
  let dibao = 0
  let benefit = 0
  let marginal = 0
  let tekunPersons = 0
  let total = 0
  for (let h = 0; h < r.stats.households; h++) {
    monitored += c.monitored![h]!
    dibao += c.dibao_eligible![h]!
    benefit += c.dibao_benefit![h]!
    if (c.dibao_marginal) marginal += c.dibao_marginal[h]!
    if (c.tekun_persons) tekunPersons += c.tekun_persons[h]!
    if (c.total_assistance) total += c.total_assistance[h]!
  }
  return {
    monitored,
    dibaoEligible: dibao,
    dibaoBenefitFen: benefit,
    marginal,
    tekunPersons,
    totalAssistanceFen: total,
  }
}

// ---------------------------------------------------------------- the real policy model (child process)
/** Outputs that look back 24 months (`previous()`), timed separately. */
const HISTORY_OUTPUTS = ['income_stable_months', 'elimination_ready']
/** Monitoring + 低保 + 特困 outputs of `buildPolicyModel()` (PROGRAM_OUTPUTS), without the 24-month history. */
export const POLICY_OUTPUTS = [
  ...PROGRAM_OUTPUTS.monitoring,
  ...PROGRAM_OUTPUTS.dibao,
  ...PROGRAM_OUTPUTS.tekun,
].filter((o) => !HISTORY_OUTPUTS.includes(o))
/** Every program's main outputs (PROGRAM_OUTPUTS: income, 三保障, monitoring, 低保, 边缘, 特困, 临时救助, 代缴, 公益岗位, warnings). */
export const ALL_POLICY_OUTPUTS = Object.values(PROGRAM_OUTPUTS)
  .flat()
  .filter((o) => !HISTORY_OUTPUTS.includes(o))

/** The first `n` households of a population (views, no copy). */
function firstHouseholds(pop: ColumnarPopulation, n: number): ColumnarPopulation {
  const persons = pop.memberOffsets[n]!
  const columns: ColumnarPopulation['columns'] = {}
  for (const [k, c] of Object.entries(pop.columns)) {
    columns[k] = c.subarray(0, c.length === pop.households ? n : persons) as typeof c
  }
  return {
    ...pop,
    households: n,
    persons,
    memberOffsets: pop.memberOffsets.subarray(0, n + 1),
    roleCodes: pop.roleCodes.subarray(0, persons),
    regionCodes: pop.regionCodes.subarray(0, n),
    columns,
  }
}

/** Fresh-output runs, then runs writing into the previous run's columns, of one output set (kernel warmed first). */
async function timePolicyRuns(
  model: ReturnType<typeof buildPolicyModel>,
  snap: ParameterSnapshot,
  pop: ColumnarPopulation,
  outputs: readonly string[],
  label: string,
) {
  let t = now()
  const plan = model.compileBatch({ period: PERIOD, outputs, snapshot: snap })
  const compileMs = now() - t
  // warm on the same column types as the measured population (compact), so the workers' JIT sees those types
  await plan.run(generatePopulation(20_000, 7, { compact: true }), { workers: WORKERS })
  const runs: number[] = []
  const cpu: number[] = []
  let res: BatchResult | undefined
  for (let r = 0; r < REPEAT; r++) {
    res = undefined
    gc()
    const c0 = process.cpuUsage()
    t = now()
    res = await plan.run(pop, { workers: WORKERS })
    runs.push(now() - t)
    cpu.push(cpuSince(c0))
    log(`policy: ${label}, ${outputs.length} outputs, ${WORKERS} workers: ${secs(runs.at(-1)!)} s`)
  }
  // The same runs writing into the previous run's columns (`into`): no fresh output memory to fault in.
  const intoRuns: number[] = []
  const intoCpu: number[] = []
  for (let r = 0; r < REPEAT; r++) {
    gc()
    const c0 = process.cpuUsage()
    t = now()
    res = await plan.run(pop, { workers: WORKERS, into: res })
    intoRuns.push(now() - t)
    intoCpu.push(cpuSince(c0))
    log(`policy: ${label}, into the previous columns: ${secs(intoRuns.at(-1)!)} s`)
  }
  const stats = {
    outputs: [...outputs],
    kernelLines: plan.source.split('\n').length,
    inputColumns: plan.columns.length,
    compileMs: Number(compileMs.toFixed(1)),
    workers: WORKERS,
    ...runStats(runs, cpu),
    intoPreviousColumns: runStats(intoRuns, intoCpu),
  }
  return { stats, res: res! }
}

async function partPolicy() {
  const model = buildPolicyModel()
  const snap = resolveParameters(loadParameterFiles(), { asOf: AS_OF })
  let t = now()
  // the issue's population: 10 M households, ~18 M persons (BENCH_SIZE_SHARES); `--sizes wide`: ≈ 2.46 per household
  const sizes = args.sizes === 'wide' ? {} : { sizeShares: BENCH_SIZE_SHARES }
  const pop = generatePopulation(N, 2026, { compact: true, ...sizes })
  const generateSeconds = secs(now() - t)
  log(`policy: generated ${pop.households} households / ${pop.persons} persons in ${generateSeconds} s`)
  gc()
  const rssBefore = rssMB()
  const all = (await timePolicyRuns(model, snap, pop, ALL_POLICY_OUTPUTS, 'all programmes')).stats
  gc()
  const { stats, res: last } = await timePolicyRuns(model, snap, pop, POLICY_OUTPUTS, 'monitoring + 低保 + 特困')
  let res: BatchResult | undefined = last
  const peak = peakRssMB()
  const c = res!.columns
  const sum = (name: string) => {
    let x = 0
    for (const v of c[name]!) x += v || 0
    return x
  }
  const totals = {
    monitoringEligible: sum('monitoring_eligible'),
    dibaoEligible: sum('dibao_eligible'),
    dibaoBenefitFen: sum('dibao_benefit'),
    tekunPersons: sum('tekun_eligible'),
    tekunHouseholdTotalFen: sum('tekun_household_total'),
    conflicts: res!.conflicts.reduce((n, x) => n + (x ? 1 : 0), 0),
  }
  res = undefined
  gc()
  // the 24-month elimination history on top (one run)
  const histPlan = model.compileBatch({
    period: PERIOD,
    outputs: [...POLICY_OUTPUTS, ...HISTORY_OUTPUTS],
    snapshot: snap,
  })
  await histPlan.run(generatePopulation(20_000, 7, { compact: true }), { workers: WORKERS })
  gc()
  const histPop = firstHouseholds(pop, Math.min(N, 1_000_000))
  t = now()
  await histPlan.run(histPop, { workers: WORKERS })
  const historyMs = now() - t
  log(`policy: with the 24-month history, ${histPop.households} households: ${secs(historyMs)} s`)
  gc()
  // reform 低保 standard +10 % on the real model
  const reform = dibaoPlus10(snap)
  const impact = { period: PERIOD, cost: 'dibao_benefit', eligible: 'dibao_eligible', income: 'per_capita_net' }
  const probe = await simulateReform(model, generatePopulation(2_000, 9, { compact: true }), snap, reform, impact, {
    workers: 0,
  })
  t = now()
  const baseline = await model
    .compileBatch({
      period: PERIOD,
      outputs: [...new Set([impact.cost, impact.eligible, impact.income, ...probe.reused])],
      snapshot: snap,
    })
    .run(pop, { workers: WORKERS })
  const baselineMs = now() - t
  const warm = generatePopulation(20_000, 7, { compact: true })
  const rt = await timeReform(model, pop, snap, reform, impact, baseline, warm)
  await closeWorkerPool()
  return {
    model: 'buildPolicyModel() (packages/rules/src/programs)',
    variables: model.order.length,
    allocator: process.env.GLIBC_TUNABLES ?? 'default',
    population: {
      households: pop.households,
      persons: pop.persons,
      regions: pop.dictionaries.region,
      inputColumns: Object.keys(pop.columns).length,
      inputColumnsMB: mb(populationBytes(pop)),
      generateSeconds,
    },
    allPrograms: all,
    ...stats,
    withHistory: { households: histPop.households, seconds: secs(historyMs) },
    rssBeforeRunMB: rssBefore,
    peakRssMB: peak,
    totals,
    reform: {
      baselineSeconds: secs(baselineMs),
      seconds: secs(rt.kernelMs),
      runsSeconds: rt.kernelRuns.map(secs),
      oldPathSeconds: secs(rt.columnsMs),
      oldPathRunsSeconds: rt.columnsRuns.map(secs),
      cpuSeconds: rt.kernelCpu,
      oldPathCpuSeconds: rt.columnsCpu,
      reportsAgree: rt.agree,
      recomputed: rt.report.recomputed,
      reused: rt.report.reused,
      budget: rt.report.budget,
      eligibility: rt.report.eligibility,
    },
    loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
  }
}

// ---------------------------------------------------------------- column-at-a-time (child process)
async function partColumnar() {
  const snap = snapshot()
  const pop = benchPopulation(N)
  gc()
  const rssBefore = rssMB()
  const plan = benchModel.compileBatch({
    period: PERIOD,
    outputs: [...ALL_OUTPUTS],
    snapshot: snap,
    strategy: 'columnar',
  })
  const intermediates = plan.source.match(/new Float64Array\((h1 - h0|p1 - p0)\)/g)?.length ?? 0
  await plan.run(benchPopulation(20_000, 7), { workers: 0 })
  let t = now()
  const res = await plan.run(pop, { workers: 0 })
  const mainMs = now() - t
  const peakMain = peakRssMB()
  log(`columnar: main thread ${secs(mainMs)} s, peak RSS ${peakMain} MB`)
  // Two workers, each given one half of the population as a single chunk (still one full array per variable).
  await plan.run(benchPopulation(20_000, 7), { workers: WORKERS })
  t = now()
  await plan.run(pop, { workers: WORKERS, chunk: Math.ceil(pop.households / WORKERS) })
  const workersMs = now() - t
  log(`columnar: ${WORKERS} workers ${secs(workersMs)} s`)
  await closeWorkerPool()
  return {
    households: pop.households,
    intermediateArrays: intermediates,
    mainThreadSeconds: secs(mainMs),
    workersSeconds: secs(workersMs),
    workers: WORKERS,
    rssBeforeRunMB: rssBefore,
    peakRssMB: peakMain,
    peakRssAfterWorkersMB: peakRssMB(),
    totals: aggregates(res),
  }
}

// ---------------------------------------------------------------- SQL comparison (this process)
/**
 * Half away from zero to a whole fen, as `round(x, 'half_up', 1)` in the engine. `floor(|x| + 0.5)` is exact here: the
 * rounded values are integers divided by a household size ≤ 7, never within one ulp of a half.
 */
const rhu = (e: string) => `(sign(${e}) * floor(abs(${e}) + 0.5))`

/** Monitoring (§6.1–6.2) + 低保 (§6.4) eligibility and benefit as one query, the same arithmetic as the programme. */
export const SQL = `
WITH members AS (
  SELECT household_id,
         count(*)::float8 AS size,
         sum(wage_income + business_income + property_income + transfer_income + basic_pension) AS net,
         sum(wage_income + business_income + property_income + transfer_income) AS counted,
         coalesce(sum(wage_income) FILTER (WHERE wage_income > 0 AND age >= 16), 0) AS emp_earnings,
         count(*) FILTER (WHERE wage_income > 0 AND age >= 16)::float8 AS emp_count
  FROM bench_person
  GROUP BY household_id
), hh AS (
  SELECT h.household_id, h.has_risk, h.was_tuopin, h.guarantee_problem, h.has_vehicle, h.financial_assets,
         h.rigid_expenditure, m.size, m.net, m.counted, m.emp_earnings, m.emp_count, r.threshold,
         r.employment_cost_rule, r.employment_cost_rate, r.asset_months, r.single_min_ratio,
         CASE WHEN h.area = 1 THEN r.std_urban ELSE r.std_rural END AS std
  FROM bench_household h
  JOIN members m USING (household_id)
  JOIN bench_region_param r USING (region)
), income AS (
  SELECT *,
         ${rhu('net * 12 / greatest(size, 1)')} AS pc_year,
         ${rhu('(net - rigid_expenditure) * 12 / greatest(size, 1)')} AS ref_year,
         ${rhu(`greatest(counted - CASE employment_cost_rule
                  WHEN 1 THEN floor(emp_earnings * employment_cost_rate)
                  WHEN 2 THEN floor(emp_count * std * employment_cost_rate)
                  ELSE 0 END - rigid_expenditure, 0) / greatest(size, 1)`)} AS pc_month
  FROM hh
), flags AS (
  SELECT *,
         has_risk AND (pc_year < threshold OR ref_year < threshold OR guarantee_problem) AS monitored,
         pc_month < std AND financial_assets <= std * size * asset_months AND NOT has_vehicle AS dibao_eligible
  FROM income
)
SELECT count(*) AS households,
       count(*) FILTER (WHERE monitored) AS monitored,
       count(*) FILTER (WHERE dibao_eligible) AS dibao_eligible,
       coalesce(sum(CASE WHEN NOT dibao_eligible THEN 0
                         WHEN size = 1 THEN ceil(greatest(std - pc_month, std * single_min_ratio) / 100) * 100
                         ELSE ceil(greatest(std - pc_month, 0) * size / 100) * 100 END), 0) AS dibao_benefit_fen
FROM flags`

async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  n: number,
  row: (i: number) => string,
) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
  async function* chunks() {
    const step = 20_000
    for (let i0 = 0; i0 < n; i0 += step) {
      let s = ''
      for (let i = i0; i < Math.min(n, i0 + step); i++) s += `${row(i)}\n`
      yield s
    }
  }
  await pipeline(Readable.from(chunks()), stream)
}

async function partSql() {
  const snap = snapshot()
  const pop = benchPopulation(N_SQL)
  log(`sql: population ${pop.households} households / ${pop.persons} persons`)
  let cluster: Cluster | undefined
  const pool = { current: undefined as pg.Pool | undefined }
  try {
    cluster = await startCluster()
    pool.current = new pg.Pool({ connectionString: cluster.url, max: 1 })
    const db = pool.current
    const version = (await db.query('SHOW server_version')).rows[0].server_version as string
    await db.query(`
      CREATE UNLOGGED TABLE bench_region_param (region smallint PRIMARY KEY, division text NOT NULL,
        threshold float8, std_rural float8, std_urban float8, employment_cost_rule smallint,
        employment_cost_rate float8, asset_months float8, single_min_ratio float8);
      CREATE UNLOGGED TABLE bench_household (household_id int PRIMARY KEY, region smallint NOT NULL,
        area smallint NOT NULL, financial_assets float8 NOT NULL, has_vehicle boolean NOT NULL,
        was_tuopin boolean NOT NULL, has_risk boolean NOT NULL, guarantee_problem boolean NOT NULL,
        rigid_expenditure float8 NOT NULL);
      CREATE UNLOGGED TABLE bench_person (household_id int NOT NULL, age smallint NOT NULL,
        wage_income float8 NOT NULL, business_income float8 NOT NULL, property_income float8 NOT NULL,
        transfer_income float8 NOT NULL, basic_pension float8 NOT NULL);`)
    const regions = pop.dictionaries.region
    const get = (path: string, region: string) => snap.get(path, undefined, region).value
    for (const [k, r] of regions.entries()) {
      await db.query('INSERT INTO bench_region_param VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        k,
        r,
        get('monitoring.threshold', r),
        get('dibao.standard_rural', r),
        get('dibao.standard_urban', r),
        get('dibao.employment_cost_rule', r),
        get('dibao.employment_cost_rate', r),
        get('dibao.fin_asset_limit_months', r),
        get('dibao.single_min_ratio', r),
      ])
    }
    const c = pop.columns
    const b = (v: number) => (v ? 't' : 'f')
    const client = await db.connect()
    let t = now()
    try {
      await copyRows(
        client,
        'bench_household',
        [
          'household_id',
          'region',
          'area',
          'financial_assets',
          'has_vehicle',
          'was_tuopin',
          'has_risk',
          'guarantee_problem',
          'rigid_expenditure',
        ],
        pop.households,
        (h) =>
          `${h}\t${pop.regionCodes[h]}\t${c.area![h]}\t${c.financial_assets![h]}\t${b(c.has_vehicle![h]!)}\t${b(c.was_tuopin![h]!)}\t${b(c.has_risk![h]!)}\t${b(c.guarantee_problem![h]!)}\t${c.rigid_expenditure![h]}`,
      )
      const hhOf = new Int32Array(pop.persons)
      for (let h = 0; h < pop.households; h++) hhOf.fill(h, pop.memberOffsets[h]!, pop.memberOffsets[h + 1]!)
      await copyRows(
        client,
        'bench_person',
        [
          'household_id',
          'age',
          'wage_income',
          'business_income',
          'property_income',
          'transfer_income',
          'basic_pension',
        ],
        pop.persons,
        (i) =>
          `${hhOf[i]}\t${c.age![i]}\t${c.wage_income![i]}\t${c.business_income![i]}\t${c.property_income![i]}\t${c.transfer_income![i]}\t${c.basic_pension![i]}`,
      )
    } finally {
      client.release()
    }
    const copySeconds = secs(now() - t)
    t = now()
    await db.query('CREATE INDEX ON bench_person (household_id)')
    await db.query('VACUUM ANALYZE bench_region_param, bench_household, bench_person')
    const indexSeconds = secs(now() - t)
    log(`sql: COPY ${copySeconds} s, index + VACUUM ANALYZE ${indexSeconds} s`)
    const sizes = (
      await db.query(
        `SELECT pg_size_pretty(pg_total_relation_size('bench_household')) AS household,
                pg_size_pretty(pg_total_relation_size('bench_person')) AS person,
                current_setting('shared_buffers') AS shared_buffers, current_setting('jit') AS jit`,
      )
    ).rows[0]
    // The planner's choice depends on work_mem and parallelism: try a few settings and keep the fastest, so the
    // comparison is against the best plan PostgreSQL finds, not an unlucky one.
    const variants = [
      { work_mem: '4MB', max_parallel_workers_per_gather: 2 },
      { work_mem: '256MB', max_parallel_workers_per_gather: 2 },
      { work_mem: '256MB', max_parallel_workers_per_gather: 0 },
    ]
    const tried: Array<{ settings: (typeof variants)[number]; runsSeconds: number[]; bestSeconds: number }> = []
    let sqlResult: Record<string, string> = {}
    let best = { ms: Number.POSITIVE_INFINITY, k: 0 }
    for (const [k, v] of variants.entries()) {
      await db.query(`SET work_mem = '${v.work_mem}'`)
      await db.query(`SET max_parallel_workers_per_gather = ${v.max_parallel_workers_per_gather}`)
      const runs: number[] = []
      for (let r = 0; r < REPEAT + 1; r++) {
        t = now()
        sqlResult = (await db.query(SQL)).rows[0]
        if (r > 0) runs.push(now() - t) // the first run warms the cache
      }
      const b = Math.min(...runs)
      if (b < best.ms) best = { ms: b, k }
      tried.push({ settings: v, runsSeconds: runs.map(secs), bestSeconds: secs(b) })
      log(`sql: ${JSON.stringify(v)}: ${runs.map(secs).join(', ')} s`)
    }
    const chosen = variants[best.k]!
    await db.query(`SET work_mem = '${chosen.work_mem}'`)
    await db.query(`SET max_parallel_workers_per_gather = ${chosen.max_parallel_workers_per_gather}`)
    const sqlRuns = tried[best.k]!.runsSeconds.map((x) => x * 1000)
    const plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${SQL}`)).rows.map((x) => x['QUERY PLAN'] as string)

    // the engine on the same data: compile + run + the same SUM/COUNT
    const outs = [...MONITORING_DIBAO_OUTPUTS]
    await benchModel
      .compileBatch({ period: PERIOD, outputs: outs, snapshot: snap })
      .run(benchPopulation(20_000, 7), { workers: WORKERS })
    const engineRuns: number[] = []
    let engineTotals: ReturnType<typeof aggregates> | undefined
    for (let r = 0; r < REPEAT; r++) {
      t = now()
      const res = await benchModel.compileBatch({ period: PERIOD, outputs: outs, snapshot: snap }).run(pop, {
        workers: WORKERS,
      })
      engineTotals = aggregates(res)
      engineRuns.push(now() - t)
    }
    const allPlan = benchModel.compileBatch({ period: PERIOD, outputs: [...ALL_OUTPUTS], snapshot: snap })
    const allRuns: number[] = []
    for (let r = 0; r < REPEAT; r++) {
      t = now()
      aggregates(await allPlan.run(pop, { workers: WORKERS }))
      allRuns.push(now() - t)
    }
    await closeWorkerPool()
    const sqlBest = Math.min(...sqlRuns)
    const engBest = Math.min(...engineRuns)
    const agree =
      Number(sqlResult.monitored) === engineTotals!.monitored &&
      Number(sqlResult.dibao_eligible) === engineTotals!.dibaoEligible &&
      Number(sqlResult.dibao_benefit_fen) === engineTotals!.dibaoBenefitFen
    return {
      households: pop.households,
      persons: pop.persons,
      postgres: version,
      settings: sizes,
      copySeconds,
      indexAndAnalyzeSeconds: indexSeconds,
      settingsTried: tried,
      chosenSettings: chosen,
      sqlRunsSeconds: sqlRuns.map(secs),
      sqlBestSeconds: secs(sqlBest),
      engineRunsSeconds: engineRuns.map(secs),
      engineBestSeconds: secs(engBest),
      engineAllProgramsBestSeconds: secs(Math.min(...allRuns)),
      engineSpeedup: Number((sqlBest / engBest).toFixed(1)),
      sqlResult,
      engineResult: engineTotals,
      resultsAgree: agree,
      query: SQL.trim(),
      plan,
    }
  } finally {
    await pool.current?.end()
    if (cluster) stopCluster(cluster)
  }
}

// ---------------------------------------------------------------- orchestration
/**
 * glibc's allocator asked to back its large (mmap) blocks with transparent huge pages: 2 MB pages instead of 4 KB
 * ones, so fresh output columns cost ~512× fewer page faults (the machine's THP mode is `madvise`). A deployment
 * setting for the batch process, not a code path: measured with and without.
 */
const HUGE_PAGES = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }

function child(part: string, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const file = fileURLToPath(import.meta.url)
  const argv = [
    ...process.execArgv,
    '--expose-gc',
    '--max-old-space-size=8192',
    file,
    '--part',
    part,
    '--households',
    String(N),
    '--workers',
    String(WORKERS),
    '--decisions',
    String(DECISIONS),
    '--repeat',
    String(REPEAT),
  ]
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...argv, '--sizes', String(args.sizes)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    })
    let out = ''
    p.stdout.on('data', (d) => {
      out += d
    })
    p.on('error', reject)
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`part ${part} exited with ${code}`))
      resolve(JSON.parse(out.trim().split('\n').at(-1)!))
    })
  })
}

async function main() {
  if (args.part) {
    const out =
      args.part === 'engine' ? await partEngine() : args.part === 'policy' ? await partPolicy() : await partColumnar()
    process.stdout.write(`${JSON.stringify(out)}\n`)
    return
  }
  const started = new Date().toISOString()
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  }
  log(`machine ${JSON.stringify(machine)}`)
  const engine = (await child('engine')) as Awaited<ReturnType<typeof partEngine>>
  const policy = (await child('policy')) as Awaited<ReturnType<typeof partPolicy>>
  const policyHuge = (await child('policy', HUGE_PAGES)) as Awaited<ReturnType<typeof partPolicy>>
  const columnar = (await child('columnar')) as Awaited<ReturnType<typeof partColumnar>>
  const sql = args['no-sql'] ? undefined : await partSql()
  const fused = engine.fused
  const real = policy.allPrograms
  const result = {
    benchmark: 'rules engine (issue 3)',
    date: started,
    command: 'npm run bench:rules',
    machine,
    // The headline: the real model over every programme, fresh output columns beside reused ones.
    target: '≤ 2 s wall on 2 cores: the real model (buildPolicyModel(), all programmes), fresh output columns',
    realModel: {
      model: policy.model,
      variables: policy.variables,
      households: policy.population.households,
      persons: policy.population.persons,
      outputs: real.outputs.length,
      freshOutputColumns: { medianSeconds: real.medianSeconds, runsSeconds: real.runsSeconds },
      reusedOutputColumns: {
        medianSeconds: real.intoPreviousColumns.medianSeconds,
        runsSeconds: real.intoPreviousColumns.runsSeconds,
      },
      hugePages: {
        allocator: HUGE_PAGES.GLIBC_TUNABLES,
        freshMedianSeconds: policyHuge.allPrograms.medianSeconds,
        reusedMedianSeconds: policyHuge.allPrograms.intoPreviousColumns.medianSeconds,
      },
    },
    meetsTarget: real.medianSeconds <= 2,
    meetsTargetReusedColumns: real.intoPreviousColumns.medianSeconds <= 2,
    workload: {
      population: 'synthetic, generatePopulation(households, 2026) (test/generate.ts), compact columns, in memory',
      period: PERIOD,
      runs: `${REPEAT} runs with fresh output columns, then ${REPEAT} writing into the previous run's columns (\`into\`)`,
      cached:
        'the compiled kernel (compiled once, warmed on 20,000 other households); reused runs also reuse the output ' +
        'memory (no page faults); nothing else is kept between runs',
    },
    policyModel: {
      target: '≤ 2 s wall on 2 cores (all programmes)',
      ...policy,
      meetsTarget: policy.allPrograms.medianSeconds <= 2,
      // the same target for runs that write into the previous run's columns (no fresh output memory to fault in)
      meetsTargetIntoColumns: policy.allPrograms.intoPreviousColumns.medianSeconds <= 2,
    },
    policyModelHugePages: {
      target: '≤ 2 s wall on 2 cores (all programmes)',
      ...policyHuge,
      meetsTarget: policyHuge.allPrograms.medianSeconds <= 2,
      // the same target for runs that write into the previous run's columns (no fresh output memory to fault in)
      meetsTargetIntoColumns: policyHuge.allPrograms.intoPreviousColumns.medianSeconds <= 2,
    },
    // Not the real model: the 48-variable representative programme of bench/program.ts (the figure reported as
    // the headline before issue 24).
    representativeProgramme: {
      source: 'packages/rules/bench/program.ts (representative monitoring + 低保 + 特困, domain.md §6.1–6.6)',
      variables: benchModel.order.length,
      outputs: ALL_OUTPUTS,
      period: PERIOD,
      parameters: 'packages/rules/parameters catalogue (+ benchmark-only employment-cost overlay for 甘肃)',
      population: engine.population,
      target: '≤ 2 s wall on 2 cores',
      seconds: fused.medianSeconds,
      bestSeconds: fused.bestSeconds,
      runsSeconds: fused.runsSeconds,
      workers: fused.workers,
      mainThreadSeconds: fused.mainThreadSeconds,
      compileMs: fused.compileMs,
      kernelLines: fused.kernelLines,
      peakRssMB: fused.peakRssMB,
      rssBeforeRunMB: fused.rssBeforeRunMB,
      totals: fused.totals,
      mismatchesWorkersVsMainThread: fused.mismatchesWorkersVsMainThread,
      meetsTarget: fused.medianSeconds <= 2,
    },
    sql: sql && {
      target: 'engine ≥ 5× faster than one SQL query (monitoring + 低保 eligibility), with the same totals',
      workload: 'the representative programme (bench/program.ts) and one query over the same rows, both warmed',
      ...sql,
      meetsTarget: sql.resultsAgree && sql.engineSpeedup >= 5,
    },
    columnAtATime: {
      ...columnar,
      fusedMainThreadSeconds: fused.mainThreadSeconds,
      ratioMainThread: Number((columnar.mainThreadSeconds / fused.mainThreadSeconds).toFixed(2)),
      ratioWorkers: Number((columnar.workersSeconds / fused.medianSeconds).toFixed(2)),
      fusedPeakRssMB: fused.peakRssMB,
      totalsAgree: JSON.stringify(columnar.totals) === JSON.stringify(fused.totals),
    },
    singleDecision: { target: 'p99 ≤ 5 ms', ...engine.singleDecision, meetsTarget: engine.singleDecision.p99_ms <= 5 },
    reform: { target: '≤ 1 s after the baseline', ...engine.reform, meetsTarget: engine.reform.seconds <= 1 },
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
}

await main()
