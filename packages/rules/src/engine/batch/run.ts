/** Runs a batch plan inline or on a small worker_threads pool over shared memory. */
import { Worker } from 'node:worker_threads'
import { BatchInputError } from '../errors.ts'
import { yearsBetween } from '../runtime.ts'
import { AGE_DAYS } from './codegen.ts'
import {
  type ArenaCtor,
  arenaColumns,
  type Column,
  type ColumnarPopulation,
  copyToArenas,
  sharedArray,
  toShared,
  validatePopulation,
} from './columnar.ts'
import type { BatchPlan } from './compile.ts'
import { type ImpactAccumulator, type ImpactInput, impactStride } from './impact.ts'

/** Run options. */
export interface RunOptions {
  /** Worker threads (0 = run on this thread). Default 0. */
  workers?: number
  /**
   * Households per chunk handed to a worker (default: about 16 chunks per worker, at least 20,000 households: the
   * last chunks are what one worker runs while the other has finished, so small ones keep both busy to the end).
   */
  chunk?: number
  /** Baseline columns for an impact plan (`BatchQuery.impact`); required by such plans, ignored otherwise. */
  impact?: ImpactInput
  /**
   * An earlier result whose columns this run overwrites instead of allocating new ones (a column of the wrong length,
   * or not on shared memory when workers run, is allocated anew). Fresh memory costs a page fault per 4 KB on first
   * write, which for 16 outputs over 10 M households is ~1.75 GB; a caller that re-runs (monthly, or one reform
   * after another) can keep the columns instead. The earlier result must no longer be needed.
   */
  into?: BatchResult
}

/** Batch outputs. Values are internal numbers (bool 0/1, enum codes, dates as days); NaN = undefined by a conflict. */
export interface BatchResult {
  /** One column per output (household or person rows). */
  columns: Record<string, Float64Array>
  /** Conflict bits per household (bit = variable's `conflictBit`); 0 when no rule conflict occurred. */
  conflicts: Uint32Array
  /** Screening reason mask per household (bit i = plan.screens[i]), when screens were requested. */
  reasons?: Uint32Array
  /** Per-chunk impact sums (impact plans only; combine with `combineImpact`). */
  impact?: ImpactAccumulator
  /** What ran. */
  stats: {
    households: number
    persons: number
    workers: number
    chunks: number
    /** Arena views the kernel addressed its columns through (see `arenaColumns`). */
    views: number
  }
}

const ages = new Map<number, Uint8Array>()
/**
 * Whole years from day `to - k` to day `to`, for k < AGE_DAYS (the kernel's age on a constant date), on shared
 * memory; built once per date per process.
 */
export function ageTable(to: number): Uint8Array {
  let t = ages.get(to)
  if (!t) {
    t = sharedArray(Uint8Array, AGE_DAYS)
    for (let k = 0; k < AGE_DAYS; k++) t[k] = yearsBetween(to - k, to)
    ages.set(to, t)
  }
  return t
}

type Kernel = (b: unknown, h0: number, h1: number, ck: number) => void
const kernels = new Map<string, Kernel>()
/** Compiles (once per source, so repeated runs keep the optimised code) the kernel for this thread. */
export function kernelOf(plan: BatchPlan | string): Kernel {
  const source = typeof plan === 'string' ? plan : plan.source
  let k = kernels.get(source)
  if (!k) {
    if (kernels.size > 16) kernels.clear()
    k = new Function(`return function batchKernel(B, h0, h1, ck) {\n${source}\n}`)() as Kernel
    kernels.set(source, k)
  }
  return k
}

/** Runs `plan` over `pop` (see `BatchPlan.run`). */
export async function runPlan(plan: BatchPlan, pop: ColumnarPopulation, opts: RunOptions = {}): Promise<BatchResult> {
  validatePopulation(pop)
  const workers = Math.max(0, Math.floor(opts.workers ?? 0))
  const shared = workers > 0
  const cols: Record<string, Column> = {}
  /** The population column each input `c<k>` reads. */
  const inputKeys: Array<[ref: string, key: string]> = []
  const missing: string[] = []
  let source = plan.source
  const types: string[] = []
  for (const [k, need] of plan.columns.entries()) {
    const key = need.keys.find((x) => pop.columns[x] !== undefined)
    // Optional column `c<k>`: the kernel tests it for null per row; this population decides the test once, so the
    // default (or base) is read directly when the column is absent, and the column directly when it is present.
    const test = new RegExp(`\\(c${k} === null \\? ([^:]+?) : (c${k}\\[[hi]\\])\\)`, 'g')
    if (!key) {
      if (!need.optional) missing.push(need.keys.join(' or '))
      else source = source.replace(test, '($1)')
      continue
    }
    if (need.optional) source = source.replace(test, '$2')
    const col = pop.columns[key]!
    const rows = need.entity === 'household' ? pop.households : pop.persons
    if (col.length !== rows) {
      throw new BatchInputError(`Column "${key}" has ${col.length} rows; ${need.entity} columns need ${rows}.`, {
        variable: need.variable,
      })
    }
    cols[key] = col
    inputKeys.push([`c${k}`, key])
    types.push(`c${k}:${col.constructor.name}`)
  }
  // One compiled kernel per layout of column types: kernels are cached by source, and a kernel warmed on Float64
  // columns and then run on Uint8/Int32 ones would keep slower polymorphic element reads.
  source += `\n// column types: ${types.join(' ')}`
  if (missing.length) {
    throw new BatchInputError(
      `Missing input column(s): ${missing.join(', ')}. Add them to the population or declare defaults on the variables.`,
    )
  }
  if (shared) {
    // workers read shared memory: columns elsewhere are copied, together, into arenas (see `arenaViews`)
    const elsewhere = Object.entries(cols).filter(([, c]) => !(c.buffer instanceof SharedArrayBuffer))
    Object.assign(cols, copyToArenas(Object.fromEntries(elsewhere)))
  }
  const regions = pop.dictionaries.region
  // one row per region of every table's cells, in the plan's order (codegen.ts, `TB`)
  const width = plan.tables.reduce((w, t) => w + t.cells.length, 0)
  const tables = new Float64Array(regions.length * width)
  regions.forEach((r, i) => {
    let at = i * width
    for (const t of plan.tables)
      for (const c of t.cells) tables[at++] = plan.snapshot.tryGet(t.path, c, r)?.value ?? Number.NaN
  })
  let maxm = 1
  for (let h = 0; h < pop.households; h++) maxm = Math.max(maxm, pop.memberOffsets[h + 1]! - pop.memberOffsets[h]!)
  // Every row of every output (and of the conflict and reason masks) is written by the kernel, so a reused column
  // needs no clearing.
  const fits = <T extends Float64Array | Uint32Array>(old: T | undefined, length: number): old is T =>
    old !== undefined && old.length === length && (!shared || old.buffer instanceof SharedArrayBuffer)
  const reuse = <T extends Float64Array | Uint32Array>(old: T | undefined, length: number, make: () => T): T =>
    fits(old, length) ? old : make()
  const out: Record<string, Float64Array> = {}
  const fresh: Record<string, readonly [ArenaCtor, number]> = {}
  if (!plan.impact)
    for (const name of plan.outputs) {
      const v = plan.model.variable(name)
      const rows = v.entity === 'household' ? pop.households : pop.persons
      const old = opts.into?.columns[name]
      if (fits(old, rows)) out[name] = old
      else fresh[name] = [Float64Array, rows]
    }
  // new output columns share one arena, so the kernel writes them through one view as it reads its inputs
  Object.assign(out, arenaColumns(fresh))
  const arena = arenaViews([
    ...inputKeys.map(([ref, key]) => ({ ref, col: cols[key]! })),
    ...plan.outputs.flatMap((name, k) => (out[name] ? [{ ref: `O${k}`, col: out[name] }] : [])),
  ])
  source = arena.source(source)
  const n = pop.households
  const size = shared ? Math.max(1, opts.chunk ?? Math.max(20_000, Math.ceil(n / (workers * 16)))) : Math.max(1, n)
  const chunks: Array<[number, number]> = []
  for (let h = 0; h < n; h += size) chunks.push([h, Math.min(n, h + size)])
  if (!chunks.length) chunks.push([0, 0])
  let impact: ImpactAccumulator | undefined
  let imp: object | undefined
  if (plan.impact) {
    const base = opts.impact
    if (!base) throw new BatchInputError('An impact plan needs the baseline columns (run option `impact`).')
    for (const c of [base.cost, base.eligible, base.income]) {
      if (c.length !== n) throw new BatchInputError(`Impact baseline columns need ${n} household rows.`)
    }
    const regions = pop.dictionaries.region.length + 1
    const k = Math.max(0, Math.floor(base.examples))
    const stride = impactStride(regions, k)
    impact = {
      acc: sharedArray(Float64Array, chunks.length * stride),
      chunks: chunks.length,
      stride,
      regions,
      examples: k,
    }
    const sh = <T extends Float64Array>(a: T) => (shared ? toShared(a) : a)
    imp = {
      cost: sh(base.cost),
      eligible: sh(base.eligible),
      income: sh(base.income),
      weights: pop.weights ? sh(pop.weights) : null,
      edges: Float64Array.from(base.edges),
      regions,
      examples: k,
      acc: impact.acc,
      stride,
    }
  }
  const cf = reuse(opts.into?.conflicts, pop.households, () => sharedArray(Uint32Array, pop.households))
  const rs = plan.screens.length
    ? reuse(opts.into?.reasons, pop.households, () => sharedArray(Uint32Array, pop.households))
    : undefined
  const bindings = {
    off: shared ? toShared(pop.memberOffsets) : pop.memberOffsets,
    role: shared ? toShared(pop.roleCodes) : pop.roleCodes,
    reg: shared ? toShared(pop.regionCodes) : pop.regionCodes,
    cols,
    views: arena.views,
    offsets: arena.offsets,
    tables,
    ages: Object.fromEntries(plan.ages.map((d) => [d, ageTable(d)])),
    out,
    cf,
    rs,
    maxm,
    imp,
  }
  const stats = {
    households: pop.households,
    persons: pop.persons,
    workers,
    chunks: chunks.length,
    views: arena.views.length,
  }
  if (!shared) kernelOf(source)(bindings, 0, pop.households, 0)
  else await runOnWorkers(source, bindings, chunks, workers)
  return { columns: out, conflicts: cf, ...(rs ? { reasons: rs } : {}), ...(impact ? { impact } : {}), stats }
}

/**
 * Arena addressing. A kernel reads each input column and writes each output through its own typed array, and V8
 * checks that array's map and length at every access of every row: about ten instructions an access, and the
 * all-programme kernel makes some 130 reads and 43 writes a household (benchmarks.md, rules Follow-ups 6 and 8).
 * Where several columns lie in one buffer (`arenaColumns`), the kernel addresses them as `V<g>[(offset + row) | 0]`
 * through one view of the whole buffer: one map check per row for all of them, with the view's length and data
 * pointer kept in registers. A column alone in its buffer is addressed as before. `ref` is the column's name in the
 * kernel (`c7`, `O3`).
 */
function arenaViews(entries: ReadonlyArray<{ ref: string; col: Column }>) {
  const groups: Array<{ view: Column; refs: Array<[string, number]> }> = []
  for (const { ref, col } of entries) {
    const ctor = col.constructor as ArenaCtor
    // offsets and rows must stay small integers (V8's Smi range) for the index to be a plain int32 addition
    if (col.buffer.byteLength / ctor.BYTES_PER_ELEMENT >= 2 ** 30) continue
    const offset = col.byteOffset / ctor.BYTES_PER_ELEMENT
    const g = groups.find((x) => x.view.buffer === col.buffer && x.view.constructor === ctor)
    if (g) g.refs.push([ref, offset])
    else {
      const view = new ctor(col.buffer, 0, Math.floor(col.buffer.byteLength / ctor.BYTES_PER_ELEMENT))
      groups.push({ view, refs: [[ref, offset]] })
    }
  }
  const views: Column[] = []
  const offsets: number[] = []
  /** The view each arena column is addressed through; its offset is `offsets[k]` in insertion order. */
  const viewOf = new Map<string, number>()
  for (const g of groups) {
    if (g.refs.length < 2) continue
    const v = views.push(g.view) - 1
    for (const [ref, offset] of g.refs) {
      viewOf.set(ref, v)
      offsets.push(offset)
    }
  }
  return {
    views,
    offsets: Int32Array.from(offsets),
    source: (src: string) => {
      if (!viewOf.size) return src
      // `c7[h]` becomes `V3[(oc7 + h) | 0]`. Offsets are bound, not written in, so the source (and the compiled
      // kernel, cached by source) stays the same for every population of the same layout, whatever its size; `| 0`
      // spares the overflow check of the addition (offset + row < 2^30, see above)
      const body = src.replace(/\b([cO]\d+)\[([hi])\]/g, (m, ref: string, row: string) => {
        const v = viewOf.get(ref)
        return v === undefined ? m : `V${v}[(o${ref} + ${row}) | 0]`
      })
      const nl = body.indexOf('\n')
      const decl = [
        ...views.map((_, v) => `const V${v} = B.views[${v}];`),
        ...[...viewOf.keys()].map((ref, k) => `const o${ref} = B.offsets[${k}];`),
      ].join(' ')
      return `${body.slice(0, nl + 1)}${decl}\n${body.slice(nl + 1)}`
    },
  }
}

const pool: Worker[] = []

/** Workers are kept (unref'd, so they never keep the process alive) and reused: their JIT stays warm. */
function workersFor(n: number): Worker[] {
  while (pool.length < n) {
    const w = new Worker(new URL('./worker.mjs', import.meta.url))
    w.unref()
    w.on('error', () => {
      const i = pool.indexOf(w)
      if (i >= 0) pool.splice(i, 1)
    })
    pool.push(w)
  }
  return pool.slice(0, n)
}

/** Terminates the shared worker pool (tests and shutdown). */
export async function closeWorkerPool(): Promise<void> {
  const all = pool.splice(0)
  await Promise.all(all.map((w) => w.terminate()))
}

async function runOnWorkers(source: string, bindings: object, chunks: Array<[number, number]>, workers: number) {
  const team = workersFor(Math.min(workers, chunks.length))
  let next = 0
  const cleanups: Array<() => void> = []
  try {
    await Promise.all(
      team.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const ck = next++
              const c = chunks[ck]
              if (!c) return resolve()
              w.postMessage({ type: 'run', h0: c[0], h1: c[1], ck })
            }
            const onMessage = (m: { type: string; error?: string }) => {
              if (m.type === 'error') reject(new Error(`Batch worker failed: ${m.error}`))
              else send()
            }
            const onError = (e: Error) => reject(e)
            w.on('message', onMessage)
            w.on('error', onError)
            cleanups.push(() => {
              w.off('message', onMessage)
              w.off('error', onError)
            })
            w.postMessage({ type: 'init', source, bindings })
          }),
      ),
    )
  } finally {
    for (const c of cleanups) c()
  }
}
