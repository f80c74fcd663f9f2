/** Columnar populations: typed arrays on SharedArrayBuffers, persons sorted by household (CSR offsets). */
import { BatchInputError } from '../errors.ts'
import type { HouseholdInput, MemberInput } from '../evaluate.ts'
import { ROLES, type Role } from '../ir.ts'
import type { Model } from '../model.ts'
import { fromInternal } from '../values.ts'

/** Any typed array usable as an input column. */
export type Column =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array

/**
 * A population in columnar form. Column keys are a variable name (a constant for every period) or
 * `name@2026-03` (that period only). Household columns have `households` rows, person columns `persons` rows.
 * Bools are 0/1, enums are codes (index in the variable's `enum`), dates are days since 1970-01-01.
 */
export interface ColumnarPopulation {
  /** Number of households. */
  households: number
  /** Number of persons. */
  persons: number
  /** CSR offsets: the persons of household h are rows [off[h], off[h+1]). Length households + 1. */
  memberOffsets: Int32Array
  /** Role code per person (index in `ROLES`). */
  roleCodes: Uint8Array
  /** Region code per household (index in `dictionaries.region`). */
  regionCodes: Uint16Array
  /** Input columns. */
  columns: Record<string, Column>
  /** Survey weights (1 for administrative data). */
  weights?: Float64Array
  /** Code dictionaries; `region` maps region codes to division codes such as `370203`. */
  dictionaries: Record<string, readonly string[]> & { region: readonly string[] }
  /** Household ids (defaults to `h<index>`). */
  householdIds?: readonly string[]
}

/** Constructor of an input column type. */
export type ArenaCtor = (new (
  buffer: ArrayBufferLike,
  byteOffset?: number,
  length?: number,
) => Column) & {
  BYTES_PER_ELEMENT: number
}

type Ctor<T> = new (buffer: SharedArrayBuffer, byteOffset?: number, length?: number) => T

/** A typed array of `length` elements backed by a SharedArrayBuffer (readable by workers without copying). */
export function sharedArray<T extends Column>(ctor: Ctor<T> & { BYTES_PER_ELEMENT: number }, length: number): T {
  return new ctor(new SharedArrayBuffer(Math.max(1, length) * ctor.BYTES_PER_ELEMENT), 0, length)
}

/** Copies an array onto shared memory if it is not already there. */
export function toShared<T extends Column>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a
  const ctor = a.constructor as Ctor<T> & { BYTES_PER_ELEMENT: number }
  const out = sharedArray(ctor, a.length)
  out.set(a as never)
  return out
}

/**
 * Column storage in arenas: one SharedArrayBuffer per element type holding all columns of that type, end to end.
 * A batch kernel reads columns that share a buffer through one view of it (run.ts, `arenaViews`), which saves V8's
 * per-array checks on every read. `lengths` gives each column's rows and type; the arrays come back zeroed.
 * @example
 * const cols = arenaColumns({ income: [Float64Array, households], age: [Uint8Array, persons] })
 */
export function arenaColumns<K extends string>(lengths: Record<K, readonly [ArenaCtor, number]>): Record<K, Column> {
  const bytes = new Map<ArenaCtor, number>()
  for (const [ctor, n] of Object.values(lengths) as Array<readonly [ArenaCtor, number]>) {
    bytes.set(ctor, (bytes.get(ctor) ?? 0) + n * ctor.BYTES_PER_ELEMENT)
  }
  const buffers = new Map(
    [...bytes].map(([ctor, b]) => [
      ctor,
      { buffer: new SharedArrayBuffer(Math.max(ctor.BYTES_PER_ELEMENT, b)), at: 0 },
    ]),
  )
  const out = {} as Record<K, Column>
  for (const [name, [ctor, n]] of Object.entries(lengths) as Array<[K, readonly [ArenaCtor, number]]>) {
    const a = buffers.get(ctor)!
    out[name] = new ctor(a.buffer, a.at, n)
    a.at += n * ctor.BYTES_PER_ELEMENT
  }
  return out
}

/** Copies of `columns` in arenas (`arenaColumns`), with the same names, types and values. */
export function copyToArenas(columns: Record<string, Column>): Record<string, Column> {
  const entries = Object.entries(columns)
  const out = arenaColumns(
    Object.fromEntries(entries.map(([k, c]) => [k, [c.constructor as ArenaCtor, c.length] as const])),
  )
  for (const [k, c] of entries) out[k]!.set(c as never)
  return out
}

/** The same population with its input columns copied into arenas. */
export function inArenas(pop: ColumnarPopulation): ColumnarPopulation {
  return { ...pop, columns: copyToArenas(pop.columns) }
}

/** Checks shapes: offsets, lengths of role/region columns and that codes are in range. */
export function validatePopulation(pop: ColumnarPopulation): void {
  const off = pop.memberOffsets
  if (off.length !== pop.households + 1 || off[0] !== 0 || off[pop.households] !== pop.persons) {
    throw new BatchInputError(
      `memberOffsets must have households + 1 = ${pop.households + 1} entries from 0 to persons = ${pop.persons}.`,
    )
  }
  if (pop.roleCodes.length !== pop.persons) throw new BatchInputError('roleCodes must have one entry per person.')
  if (pop.regionCodes.length !== pop.households) throw new BatchInputError('regionCodes needs one entry per household.')
  if (!pop.dictionaries.region?.length) throw new BatchInputError('dictionaries.region must list the region codes.')
}

/**
 * Rebuilds the scalar input of household `h`, so a flagged household can be re-run with a full trace.
 * @example
 * for (const h of flaggedHouseholds(result.reasons!)) model.evaluate(householdInput(model, pop, h), { ...q, trace: 'full' })
 */
export function householdInput(model: Model, pop: ColumnarPopulation, h: number): HouseholdInput {
  const m0 = pop.memberOffsets[h]!
  const m1 = pop.memberOffsets[h + 1]!
  const members: MemberInput[] = []
  for (let i = m0; i < m1; i++) members.push({ id: `p${i}`, role: ROLES[pop.roleCodes[i]!] as Role })
  const hh: HouseholdInput = {
    id: pop.householdIds?.[h] ?? `h${h}`,
    region: pop.dictionaries.region[pop.regionCodes[h]!] ?? '',
    members,
  }
  const target = hh as Record<string, unknown>
  for (const [key, col] of Object.entries(pop.columns)) {
    const at = key.indexOf('@')
    const name = at < 0 ? key : key.slice(0, at)
    const v = model.variables.get(name)
    if (!v) continue
    const rows: Record<string, unknown>[] = v.entity === 'household' ? [target] : members
    const first = v.entity === 'household' ? h : m0
    rows.forEach((row, k) => {
      const value = fromInternal(col[first + k]!, v.valueType)
      if (at < 0) row[name] = value
      else {
        row[name] ??= {}
        const per = row[name] as Record<string, unknown>
        per[key.slice(at + 1)] = value
      }
    })
  }
  return hh
}

/** Indices of households whose reason mask has any bit of `mask` set (all flags by default). */
export function flaggedHouseholds(reasons: Uint32Array, mask = 0xffffffff): Int32Array {
  let n = 0
  for (let h = 0; h < reasons.length; h++) if ((reasons[h]! & mask) !== 0) n++
  const out = new Int32Array(n)
  n = 0
  for (let h = 0; h < reasons.length; h++) if ((reasons[h]! & mask) !== 0) out[n++] = h
  return out
}
