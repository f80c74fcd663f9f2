/** Kernel code generation from the IR. Mirrors evaluate.ts operation by operation so results agree bit-for-bit. */
import { ModelError } from '../errors.ts'
import { type Node, walk } from '../ir.ts'
import type { CompiledVariable, Model } from '../model.ts'
import type { ParameterSnapshot } from '../parameters.ts'
import type { BreakdownDim } from '../parameters-validate.ts'
import { numberKey, numberStartDay, type Period, periodNumber } from '../period.ts'
import type { AggInst, ColumnNeed, Inst, InstanceGraph, TableNeed } from './compile.ts'
import { impactEpilogue, impactHousehold, impactPrelude } from './impact.ts'

interface EmitArgs {
  model: Model
  graph: InstanceGraph
  snapshot: ParameterSnapshot
  period: Period
  outputs: readonly string[]
  screens: readonly string[]
  strategy: 'fused' | 'columnar'
  /** Compare with the baseline inside the loop instead of writing outputs (see impact.ts). */
  impact?: { cost: string; eligible: string } | undefined
  /** Longest window of a parameter-driven `sumMonths` (over every region of the snapshot). */
  windows: (path: string, max: number) => number
}
interface Ctx {
  v: CompiledVariable
  pk: number
  stage: number
  pre: string[]
}

/** Days covered by an age table (`ageTable` in run.ts): 200 years; ages up to 200 fit a Uint8Array. */
export const AGE_DAYS = 73_050

/** Placeholder for the row width of the regional tables, replaced once every table is known. */
const TABLE_WIDTH = '$TABLE_WIDTH$'

/** JS literal for a number (exact round trip). */
export function lit(x: number): string {
  if (Number.isNaN(x)) return 'NAN'
  if (x === Number.POSITIVE_INFINITY) return 'INF'
  if (x === Number.NEGATIVE_INFINITY) return '(-INF)'
  if (Object.is(x, -0)) return '(-0)'
  return x < 0 ? `(${x})` : String(x)
}

/** Cell keys of a breakdown in row-major index order (last dimension fastest). */
export function cellsOf(dims: readonly BreakdownDim[]): string[] {
  if (!dims.length) return ['_default']
  let cells = ['']
  for (const d of dims) {
    const m = members(d)
    cells = cells.flatMap((c) => m.map((x) => (c ? `${c}|${x}` : x)))
  }
  return cells
}

function members(d: BreakdownDim): string[] {
  if (Array.isArray(d.values)) return [...(d.values as string[])]
  const [lo, hi] = (d.values as { range: [number, number] }).range
  return Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i))
}

/** Emits the kernel body and the columns/tables it binds. */
export function emitKernel(a: EmitArgs): {
  body: string
  columns: ColumnNeed[]
  tables: TableNeed[]
  ages: number[]
} {
  const fused = a.strategy === 'fused'
  if (a.impact && (!fused || a.screens.length)) {
    throw new ModelError('An impact kernel is fused and has no screens.')
  }
  const pre: string[] = []
  const columns = new Map<string, { need: ColumnNeed; name: string }>()
  const tables: TableNeed[] = []
  const scratch = new Set<number>()
  const ageTables = new Set<string>()
  let tmp = 0
  let nconst = 0
  // Fused kernels read an input cell used more than once in a row, and each region-constant parameter cell, once per
  // row: a local declared at the top of the household body (household columns, parameter cells) or of the member loop
  // (person columns), instead of a typed-array access, with its type and bounds checks, at every use. A cell read
  // once stays where it is read, so a short-circuited condition still skips it.
  const rowLocals = new Map<string, { name: string; read: string; uses: number; eager: boolean }>()
  const rowLocal = (read: string, entity: 'person' | 'household', stage: number, eager = false): string => {
    if (!fused) return read
    const member = entity === 'person'
    const inMemberLoop = stage % 2 === 1 && Number.isFinite(stage)
    if (member && !inMemberLoop) return read
    const key = member ? `${stage}:${read}` : `h:${read}`
    let r = rowLocals.get(key)
    if (!r) {
      r = { name: `u${rowLocals.size}`, read, uses: 0, eager }
      rowLocals.set(key, r)
    }
    // a household cell read in a member loop is read once, before the loop, rather than once per member
    if (!member && inMemberLoop) r.eager = true
    r.uses++
    return r.name
  }
  /** Declarations of the row locals of one scope (`h:` household, `<stage>:` a member loop), in first-use order. */
  const rowDecls = (scope: string): string[] =>
    [...rowLocals.entries()].flatMap(([k, r]) =>
      k.startsWith(scope) && (r.eager || r.uses > 1) ? [`const ${r.name} = ${r.read};`] : [],
    )
  /** Puts single-use reads back in place. */
  const inlineSingles = (code: string): string => {
    const singles = new Map(
      [...rowLocals.values()].filter((r) => !r.eager && r.uses === 1).map((r) => [r.name, r.read]),
    )
    return singles.size ? code.replace(/\bu\d+\b/g, (m) => singles.get(m) ?? m) : code
  }

  const column = (v: CompiledVariable, pk: number, optional: boolean): string => {
    const keys = [`${v.name}@${numberKey(v.period, pk)}`, v.name]
    if (v.period === 'eternity') keys.shift()
    const id = keys.join(',')
    let c = columns.get(id)
    if (!c) {
      c = { need: { variable: v.name, keys, optional, entity: v.entity }, name: `c${columns.size}` }
      pre.push(`const ${c.name} = ${keys.map((k) => `C[${JSON.stringify(k)}]`).join(' ?? ')} ?? null;`)
      columns.set(id, c)
    } else if (!optional) c.need.optional = false
    return c.name
  }
  const row = (v: CompiledVariable) => (v.entity === 'household' ? 'h' : 'i')
  const constant = (init: string): string => {
    const name = `K${nconst++}`
    pre.push(`const ${name} = ${init};`)
    return name
  }
  const ref = (d: Inst, c: Ctx): string => {
    if (d.kind === 'default') return lit(d.v.default!)
    if (d.kind === 'input') {
      const col = column(d.v, d.pk, d.v.default !== undefined)
      const read =
        d.v.default !== undefined
          ? `(${col} === null ? ${lit(d.v.default)} : ${col}[${row(d.v)}])`
          : `${col}[${row(d.v)}]`
      return rowLocal(read, d.v.entity, c.stage)
    }
    if (!fused) return d.v.entity === 'household' ? `A${d.id}[h - h0]` : `A${d.id}[i - p0]`
    if (d.v.entity === 'household') return `h${d.id}`
    if (d.stage === c.stage) return `p${d.id}`
    scratch.add(d.id)
    return `S${d.id}[j]`
  }
  const inst = (name: string, pk: number) => a.graph.inst(name, pk)
  const pureNodes = new WeakMap<Node, boolean>()
  /** True when a node calls no external function, so all of its operands may be evaluated. */
  const pure = (n: Node): boolean => {
    let p = pureNodes.get(n)
    if (p === undefined) {
      p = true
      walk(n, (x) => {
        if (x.k === 'external') p = false
      })
      pureNodes.set(n, p)
    }
    return p
  }
  const cmpOp = (op: string) => (op === '==' ? '===' : op === '!=' ? '!==' : op)
  /**
   * Fused-kernel locals (`h12`, `p7`) whose value is a test's bit `(+…)`: always 0 or 1, never NaN, so a later test
   * of their truthiness is the local itself rather than `(v !== 0) & (v === v)`.
   */
  const bitLocals = new Set<string>()
  const truthy = (v: string) => (bitLocals.has(v) ? v : `((${v} !== 0) & (${v} === ${v}))`)
  /**
   * A boolean or 0/1 expression with the truthiness of `ex(n, c)` (pure `n`), without branches: both sides of and/or
   * are evaluated and combined with `&` and `|`. The synthetic and real data make such tests unpredictable, and a
   * mispredicted jump costs more than evaluating a comparison.
   */
  const bit = (n: Node, c: Ctx): string => {
    switch (n.k) {
      case 'cmp':
        return `(${ex(n.a, c)} ${cmpOp(n.op)} ${ex(n.b, c)})`
      case 'logic':
        return `(${n.args.map((x) => bit(x, c)).join(n.op === 'and' ? ' & ' : ' | ')})`
      case 'not':
        return `(!${bit(n.a, c)})`
      case 'role':
        return `(${n.roles.map((r) => `(ROLE[i] === ${r})`).join(' | ')})`
      default: {
        // truthy: neither 0 nor NaN
        let v = ex(n, c)
        if (!/^([hpa]\d+|\d+)$/.test(v)) {
          const id = tmp++
          c.pre.push(`const bv${id} = ${v};`)
          v = `bv${id}`
        }
        return truthy(v)
      }
    }
  }
  /** An expression with the same truthiness as `ex(n, c)`, without turning comparisons into 0/1 first. */
  const cond = (n: Node, c: Ctx): string => {
    if (pure(n)) return bit(n, c)
    switch (n.k) {
      case 'cmp':
        return `(${ex(n.a, c)} ${n.op === '==' ? '===' : n.op === '!=' ? '!==' : n.op} ${ex(n.b, c)})`
      case 'logic':
        return `(${n.args.map((x) => cond(x, c)).join(n.op === 'and' ? ' && ' : ' || ')})`
      case 'not':
        return `(!${cond(n.a, c)})`
      case 'role':
        return `(${n.roles.map((r) => `ROLE[i] === ${r}`).join(' || ')})`
      default:
        return ex(n, c)
    }
  }
  const pkOf = (name: string, pk: number) => (a.model.variable(name).period === 'eternity' ? 0 : pk)

  const ex = (n: Node, c: Ctx): string => {
    switch (n.k) {
      case 'const':
        return lit(n.value)
      case 'var':
      case 'household':
        return ref(inst(n.name, pkOf(n.name, c.pk)), c)
      case 'yearOf':
        return ref(inst(n.name, Math.floor(c.pk / 12)), c)
      case 'sumMonths': {
        const last = c.v.period === 'year' ? c.pk * 12 + 11 : c.pk
        const parts: string[] = []
        if (!n.nParam) {
          for (let m = last - n.n + 1; m <= last; m++) parts.push(ref(inst(n.name, m), c))
          return `(0 + ${parts.join(' + ')})`
        }
        // Window per region: every month up to the longest window in the snapshot, oldest first, each added only
        // when inside this household's window (adding 0 leaves a sum unchanged, so the order matches the scalar loop).
        const id = tmp++
        const w = param({ k: 'param', t: 'int', path: n.nParam, by: [] }, c)
        c.pre.push(`const sw${id} = Math.min(${n.n}, Math.max(0, Math.trunc(${w})));`)
        const longest = a.windows(n.nParam, n.n)
        for (let m = last - longest + 1; m <= last; m++) {
          parts.push(`(${last - m} < sw${id} ? ${ref(inst(n.name, m), c)} : 0)`)
        }
        return `(0 + ${parts.join(' + ')})`
      }
      case 'previous': {
        const r = a.model.variable(n.name)
        const base = ex(n.base, c)
        const d = a.graph.inst(n.name, c.pk - 1)
        if (r.input || d?.kind === 'input') {
          const col = column(r, c.pk - 1, true)
          return `(${col} === null ? ${base} : ${col}[${row(r)}])`
        }
        if (a.graph.anchor(r.period) - (c.pk - 1) > n.horizon) return base
        return ref(d!, c)
      }
      case 'param':
        return param(n, c)
      case 'scale': {
        // Unrolled over the constant brackets; same operations, in the same order, as scaleMarginal/scaleSingle.
        const br = a.snapshot.scale(n.path).brackets
        const id = tmp++
        const base = `sb${id}`
        const acc = `sv${id}`
        let code = ''
        for (let k = br.length - 1; k >= 0; k--) {
          const b = br[k]!
          const hi = k + 1 < br.length ? lit(br[k + 1]!.threshold) : 'INF'
          const step =
            n.kind === 'marginal_rate'
              ? `${acc} += (Math.min(${base}, ${hi}) - ${lit(b.threshold)}) * ${lit(b.rate ?? 0)};`
              : `${acc} = ${lit(b.amount ?? 0)};`
          code = `if (${base} ${n.kind === 'marginal_rate' ? '>' : '>='} ${lit(b.threshold)}) { ${step} ${code}}`
        }
        c.pre.push(`const ${base} = ${ex(n.base, c)}; let ${acc} = 0; ${code}`)
        return acc
      }
      case 'arith':
        return `(${n.args.map((x) => ex(x, c)).join(` ${n.op} `)})`
      case 'unary':
        return n.op === 'neg' ? `(-${ex(n.a, c)})` : `Math.abs(${ex(n.a, c)})`
      case 'minmax':
        return `Math.${n.op}(${n.args.map((x) => ex(x, c)).join(', ')})`
      case 'round': {
        // Same arithmetic as roundTo, specialised per mode so the JIT sees small monomorphic code.
        const x = ex(n.x, c)
        const step = lit(n.step)
        if (n.mode === 'up') return `(Math.ceil(${x} / ${step}) * ${step})`
        if (n.mode === 'down') return `(Math.floor(${x} / ${step}) * ${step})`
        // Inlined (not a call): large kernels exhaust the JIT's inlining budget and calls box doubles.
        const id = tmp++
        const [rx, ra, rq, rn] = [`rx${id}`, `ra${id}`, `rq${id}`, `rn${id}`]
        if (n.mode === 'half_up' && n.step === 1) {
          // Whole units: for a ≥ 0 (or -0, NaN, Infinity), floor(a) + 1 when the fraction is ≥ ½ is exactly
          // Math.round(a) (ties toward +∞), without the integer speculation and checks of the general form.
          c.pre.push(`const ${rx} = ${x}; const ${rn} = Math.round(${rx} < 0 ? -${rx} : ${rx});`)
          return `(${rx} < 0 ? -${rn} : ${rn})`
        }
        const twice = `(${ra} - ${rq} * ${step}) * 2`
        const half =
          n.mode === 'half_up'
            ? `${twice} >= ${step}`
            : `${twice} > ${step} || (${twice} === ${step} && ${rq} % 2 === 1)`
        c.pre.push(
          `const ${rx} = ${x}; const ${ra} = ${rx} < 0 ? -${rx} : ${rx}; const ${rq} = Math.floor(${ra} / ${step});`,
          `const ${rn} = ${half} ? ${rq} + 1 : ${rq};`,
        )
        return `((${rx} < 0 ? -${rn} : ${rn}) * ${step})`
      }
      case 'cmp':
      case 'logic':
      case 'role':
        return pure(n) ? `(+${bit(n, c)})` : `(${cond(n, c)} ? 1 : 0)`
      case 'not':
        return pure(n) ? `(+!${bit(n.a, c)})` : `(${cond(n.a, c)} ? 0 : 1)`
      case 'where': {
        // where(test, 1, 0) and where(test, 0, 1): the test's bit itself
        const one = (x: Node) => x.k === 'const' && x.value === 1
        const zero = (x: Node) => x.k === 'const' && Object.is(x.value, 0)
        if (pure(n.c) && one(n.a) && zero(n.b)) return `(+${bit(n.c, c)})`
        if (pure(n.c) && zero(n.a) && one(n.b)) return `(+!${bit(n.c, c)})`
        return `(${cond(n.c, c)} ? ${ex(n.a, c)} : ${ex(n.b, c)})`
      }
      case 'cases':
        return cases(n, c)
      case 'agg': {
        const g = a.graph.agg(n, c.pk)
        return fused ? `a${g.id}` : `A${g.id}[h - h0]`
      }
      case 'periodStart':
        return lit(numberStartDay(c.v.period, c.pk))
      case 'monthsBetween':
        return `monthsBetween(${ex(n.from, c)}, ${n.from.t === 'date' ? 1 : 0}, ${ex(n.to, c)}, ${n.to.t === 'date' ? 1 : 0})`
      case 'yearsBetween': {
        const from = ex(n.from, c)
        const to = ex(n.to, c)
        if (!/^\d+$/.test(to)) return `yearsBetween(${from}, ${to})`
        // Age on a constant date (the usual case: the period start): a table of yearsBetween(to - k, to) for the
        // last 200 years, built once per run and kept on the bindings; anything else falls back to the function.
        const table = `YB${to}`
        if (!ageTables.has(to)) {
          ageTables.add(to)
          // bound by the run (`ageTable`): a kernel that stored it on `B` itself would add a property to every
          // new bindings object, a store the optimised kernel has no feedback for, and deoptimise on every run
          pre.push(`const ${table} = B.ages[${to}];`)
        }
        const id = tmp++
        c.pre.push(`const yf${id} = ${from}; const yk${id} = ${to} - yf${id};`)
        return `(yk${id} >= 0 && yk${id} < ${AGE_DAYS} && (yk${id} | 0) === yk${id} ? ${table}[yk${id}] : yearsBetween(yf${id}, ${to}))`
      }
      case 'external': {
        const src = n.fn.toString()
        try {
          new Function(`return (${src})`)
        } catch {
          throw new ModelError(`external "${n.name}" must be an arrow or function expression without closures.`)
        }
        return `${constant(`(${src})`)}(${n.args.map((x) => ex(x, c)).join(', ')})`
      }
    }
  }

  const param = (n: Extract<Node, { k: 'param' }>, c: Ctx): string => {
    const info = a.snapshot.info(n.path)
    const cells = cellsOf(info.breakdown)
    let stride = cells.length
    let constCell = 0
    const parts: string[] = []
    for (const d of info.breakdown) {
      const m = members(d)
      stride /= m.length
      const key = n.by.find((b) => b.dim === d.dim)
      if (!key) throw new ModelError(`Parameter "${n.path}" lookup in "${c.v.name}" gives no "${d.dim}".`)
      const range = Array.isArray(d.values) ? undefined : (d.values as { range: [number, number] }).range
      const index = (s: string) =>
        range ? Math.min(range[1], Math.max(range[0], Math.trunc(Number(s)))) - range[0] : m.indexOf(s)
      if (key.literal !== undefined) {
        const k = index(key.literal)
        if (k < 0) throw new ModelError(`"${key.literal}" is not a member of ${n.path} dimension "${d.dim}".`)
        constCell += k * stride
        continue
      }
      const e = ex(key.node!, c)
      const t = key.node!.t
      let part: string
      if (typeof t === 'object')
        part = `${constant(`[${t.enum.map((s) => (range ? -1 : m.indexOf(s))).join(', ')}]`)}[${e}]`
      else if (range) part = `(Math.min(${range[1]}, Math.max(${range[0]}, Math.trunc(${e}))) - ${range[0]})`
      else part = `${constant(JSON.stringify(Object.fromEntries(m.map((s, i) => [s, i]))))}[${e}]`
      parts.push(stride === 1 ? part : `${part} * ${stride}`)
    }
    const cell = parts.length ? `(${constCell ? `${constCell} + ` : ''}${parts.join(' + ')})` : String(constCell)
    const scopes = a.snapshot.scopes(n.path)
    // Regional unless the only scope is national: a value set for one province alone must not read as national.
    const regional = scopes.length > 1 || (scopes.length === 1 && scopes[0] !== '')
    const fb = n.fallback
    if (!regional) {
      const values = cells.map((k) => a.snapshot.tryGet(n.path, k, '')?.value ?? fb ?? Number.NaN)
      if (!parts.length) return lit(values[constCell]!)
      return `${constant(`new Float64Array([${values.map(lit).join(', ')}])`)}[${cell}]`
    }
    // Every regional table lies in one array, a row of all tables' cells per region (`TB[rg * width + base + cell]`,
    // width known once all are found): one typed array's checks per row instead of one per table.
    let t = tables.findIndex((x) => x.path === n.path)
    if (t < 0) {
      t = tables.length
      tables.push({ path: n.path, cells })
      if (t === 0) pre.push('const TB = B.tables;')
    }
    const base = tables.slice(0, t).reduce((w, x) => w + x.cells.length, 0)
    const at = `TB[rg * ${TABLE_WIDTH} + ${parts.length ? `${base} + ${cell}` : base + constCell}]`
    const read = parts.length ? at : rowLocal(at, 'household', c.stage, true)
    if (fb === undefined || Number.isNaN(fb)) return read // missing values are NaN in the table already
    const id = tmp++
    c.pre.push(`const pv${id} = ${read};`)
    return `(pv${id} >= -INF ? pv${id} : ${lit(fb)})`
  }

  const cases = (n: Extract<Node, { k: 'cases' }>, c: Ctx): string => {
    const bit = c.v.conflictBit >= 0 ? 1 << c.v.conflictBit : 0
    const w = n.exceptions.map((e) => cond(e.when, c))
    const val = n.exceptions.map((e) => ex(e.value, c))
    const base = ex(n.base.value, c)
    const solve = (label: string, self: number): { d: string; x: string } => {
      const kids = n.exceptions.flatMap((e, i) => (e.exceptionTo === label ? [solve(e.label, i)] : []))
      const id = tmp++
      const d = `d${id}`
      const x = `x${id}`
      const own =
        self < 0
          ? { d: '1', x: base }
          : { d: pure(n.exceptions[self]!.when) ? `(+${w[self]})` : `(${w[self]} ? 1 : 0)`, x: val[self]! }
      if (!kids.length) {
        c.pre.push(`const ${d} = ${own.d}, ${x} = ${own.x};`)
        return { d, x }
      }
      if (kids.length === 1) {
        // One exception (flags are 0/1): it applies or the rule's own value does; no conflict is possible.
        const [k] = kids as [{ d: string; x: string }]
        c.pre.push(
          `let ${d}, ${x}; if (${k.d}) { ${d} = 1; ${x} = ${k.x}; } else { ${d} = ${own.d}; ${x} = ${own.x}; }`,
        )
        return { d, x }
      }
      const pick = kids.map((k) => `${k.d} ? ${k.x} : `).join('')
      c.pre.push(
        `let ${d}, ${x}; const n${id} = ${kids.map((k) => k.d).join(' + ')};`,
        `if (n${id} > 1) { cf |= ${bit}; ${d} = 1; ${x} = NAN; } else if (n${id} === 1) { ${d} = 1; ${x} = ${pick}NAN; } else { ${d} = ${own.d}; ${x} = ${own.x}; }`,
      )
      return { d, x }
    }
    return solve(n.label, -1).x
  }

  const body = fused ? emitFused() : emitColumnar()
  return {
    body: inlineSingles([...headerLines(), ...pre, ...body].join('\n')).replaceAll(
      TABLE_WIDTH,
      String(tables.reduce((w, x) => w + x.cells.length, 0)),
    ),
    columns: [...columns.values()].map((c) => c.need),
    tables,
    ages: [...ageTables].map(Number),
  }

  function headerLines(): string[] {
    return [
      'const OFF = B.off, ROLE = B.role, REG = B.reg, C = B.cols, O = B.out, CF = B.cf, RS = B.rs, MAXM = B.maxm;',
      'const p0 = OFF[h0], p1 = OFF[h1];',
      // Local constants: a global NaN or Infinity read in a branch that never ran has no feedback and deoptimizes.
      'const NAN = 0 / 0, INF = 1 / 0;',
    ]
  }

  function outputLines(final: (d: Inst, mask: number, column: string) => string[]): string[] {
    const lines: string[] = []
    a.outputs.forEach((name, k) => {
      const v = a.model.variable(name)
      const d = inst(name, periodNumber(a.period, v.period))
      pre.push(`const O${k} = O[${JSON.stringify(name)}];`)
      lines.push(...final(d, v.conflictMask, `O${k}`).map((l) => l.replaceAll('$O', `O${k}`)))
    })
    const bits = a.screens.map((name, k) => {
      const v = a.model.variable(name)
      const d = inst(name, periodNumber(a.period, v.period))
      const c = { v, pk: d.pk, stage: Number.POSITIVE_INFINITY, pre: [] }
      return `(${ref(d, c)} && (cf & ${v.conflictMask}) === 0 ? ${2 ** k} : 0)`
    })
    if (bits.length) lines.push(`RS[h] = (${bits.join(' | ')}) >>> 0;`)
    return lines
  }

  function emitFused(): string[] {
    const items = [...a.graph.order].sort((x, y) => x.stage - y.stage)
    const maxStage = Math.max(0, ...items.map((x) => x.stage))
    // A person output computed in a member loop is written there; a conflict found later in the household
    // overwrites the household's rows with NaN (rare), so there is no second pass over the members.
    const memberWrites = new Map<number, string[]>()
    const out = (d: Inst, mask: number, column: string): string[] => {
      const c = { v: d.v, pk: d.pk, stage: Number.POSITIVE_INFINITY, pre: [] }
      if (d.v.entity === 'household')
        return [mask ? `$O[h] = (cf & ${mask}) !== 0 ? NAN : ${ref(d, c)};` : `$O[h] = ${ref(d, c)};`]
      if (d.kind === 'computed') {
        memberWrites.set(d.stage, [...(memberWrites.get(d.stage) ?? []), `${column}[i] = p${d.id};`])
        return mask ? [`if ((cf & ${mask}) !== 0) for (let i = m0; i < m1; i++) $O[i] = NAN;`] : []
      }
      return [`for (let i = m0, j = 0; i < m1; i++, j++) $O[i] = (cf & ${mask}) !== 0 ? NAN : ${ref(d, c)};`]
    }
    const tail = a.impact ? impactLines(a.impact) : outputLines(out)
    const loop: string[] = [
      'for (let h = h0; h < h1; h++) {',
      'const m0 = OFF[h], m1 = OFF[h + 1], rg = REG[h];',
      'let cf = 0;',
    ]
    for (let s = 0; s <= maxStage; s++) {
      const here = items.filter((x) => x.stage === s && (!('v' in x) || x.kind === 'computed'))
      if (s % 2 === 0) {
        for (const d of here as Inst[]) loop.push(...computeLine(d, `const h${d.id} =`))
        continue
      }
      if (!here.length) continue
      const inner: string[] = []
      const after: string[] = []
      for (const x of here) {
        if ('v' in x) {
          inner.push(...computeLine(x, `const p${x.id} =`), `S${x.id}[j] = p${x.id}; //scratch:${x.id}`)
        } else {
          const g = aggLines(x, s)
          loop.push(g.init)
          inner.push(g.update)
          after.push(g.done)
        }
      }
      inner.push(...(memberWrites.get(s) ?? []))
      loop.push('for (let i = m0, j = 0; i < m1; i++, j++) {', ...rowDecls(`${s}:`), ...inner, '}', ...after)
    }
    loop.push(...tail, 'CF[h] = cf;', '}')
    loop.splice(3, 0, ...rowDecls('h:'))
    if (a.impact) loop.push(...impactEpilogue())
    const kept = loop.filter((l) => {
      const m = /\/\/scratch:(\d+)$/.exec(l)
      return !m || scratch.has(Number(m[1]))
    })
    return [...[...scratch].map((id) => `const S${id} = new Float64Array(MAXM);`), ...kept]
  }

  function impactLines(imp: { cost: string; eligible: string }): string[] {
    const value = (name: string) => {
      const v = a.model.variable(name)
      const d = inst(name, periodNumber(a.period, v.period))
      const c = { v, pk: d.pk, stage: Number.POSITIVE_INFINITY, pre: [] }
      return `((cf & ${v.conflictMask}) !== 0 ? NAN : ${ref(d, c)})`
    }
    pre.push(...impactPrelude())
    return impactHousehold(value(imp.cost), value(imp.eligible))
  }

  function computeLine(d: Inst, lhs: string): string[] {
    const c: Ctx = { v: d.v, pk: d.pk, stage: d.stage, pre: [] }
    const e = ex(d.node!, c)
    // `(+` opens only a test's bit (an arithmetic sum starts with its first operand)
    if (e.startsWith('(+')) bitLocals.add(lhs.split(' ')[1]!)
    return [...c.pre, `${lhs} ${e};`]
  }

  function aggLines(g: AggInst, stage: number): { init: string; update: string; done: string } {
    const n = g.node
    const owner = n.name ? inst(n.name, pkOf(n.name, g.pk)) : undefined
    const v = owner?.v ?? a.model.variable(n.filter ?? a.model.order[0]!)
    const c: Ctx = { v, pk: g.pk, stage, pre: [] }
    const val = owner ? ref(owner, c) : '1'
    const conds: string[] = []
    if (n.filter) conds.push(ref(inst(n.filter, pkOf(n.filter, g.pk)), c))
    if (n.roles) conds.push(`(${n.roles.map((r) => `ROLE[i] === ${r}`).join(' || ')})`)
    const init = n.op === 'max' ? '-INF' : n.op === 'min' ? 'INF' : '0'
    const acc = `g${g.id}`
    const op =
      n.op === 'sum' || n.op === 'count'
        ? `${acc} = ${acc} + v`
        : n.op === 'any'
          ? `${acc} = ${acc} | ${bitLocals.has(val) ? 'v' : truthy('v')}`
          : `${acc} = Math.${n.op}(v, ${acc})`
    const res = fused ? `const a${g.id} =` : `A${g.id}[h - h0] =`
    return {
      init: `let ${acc} = ${init}, s${g.id} = 0;`,
      update: `{ const v = ${val}; if (${conds.length ? conds.join(' && ') : '1'}) { s${g.id} = 1; ${op}; } }`,
      done: `${res} ${n.op === 'max' || n.op === 'min' ? `s${g.id} ? ${acc} : 0` : acc};`,
    }
  }

  function emitColumnar(): string[] {
    const lines: string[] = ['for (let h = h0; h < h1; h++) CF[h] = 0;']
    for (const x of a.graph.order) {
      if ('v' in x && x.kind !== 'computed') continue
      if (!('v' in x)) {
        const g = aggLines(x, x.stage)
        lines.push(`const A${x.id} = new Float64Array(h1 - h0);`)
        lines.push(
          `for (let h = h0; h < h1; h++) { ${g.init} for (let i = OFF[h]; i < OFF[h + 1]; i++) ${g.update} ${g.done} }`,
        )
        continue
      }
      const household = x.v.entity === 'household'
      lines.push(`const A${x.id} = new Float64Array(${household ? 'h1 - h0' : 'p1 - p0'});`)
      const head = household
        ? 'for (let h = h0; h < h1; h++) { const rg = REG[h]; let cf = 0;'
        : 'for (let h = h0; h < h1; h++) { const rg = REG[h]; let cf = 0; for (let i = OFF[h]; i < OFF[h + 1]; i++) {'
      const c: Ctx = { v: x.v, pk: x.pk, stage: x.stage, pre: [] }
      const e = ex(x.node!, c)
      lines.push(
        head,
        ...c.pre,
        `A${x.id}[${household ? 'h - h0' : 'i - p0'}] = ${e};`,
        household ? 'if (cf) CF[h] |= cf; }' : '} if (cf) CF[h] |= cf; }',
      )
    }
    const out = (d: Inst, mask: number): string[] => {
      const c = { v: d.v, pk: d.pk, stage: 0, pre: [] }
      if (d.v.entity === 'household') return [`$O[h] = (cf & ${mask}) !== 0 ? NAN : ${ref(d, c)};`]
      return [`for (let i = OFF[h]; i < OFF[h + 1]; i++) $O[i] = (cf & ${mask}) !== 0 ? NAN : ${ref(d, c)};`]
    }
    lines.push('for (let h = h0; h < h1; h++) {', 'const cf = CF[h];', ...outputLines(out), '}')
    return lines
  }
}
