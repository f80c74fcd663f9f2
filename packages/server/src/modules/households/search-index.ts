/**
 * The household list answered from memory: an index of each county's active households and members, kept current
 * from the database's change log, so a search costs no query (ADR 0003). `searchHouseholds` in the repository stays
 * the reference and the fallback: for a scope wider than one county, a county whose index is being built, or a deep page of a
 * non-default sort over very many rows, the search goes to PostgreSQL; the two give the same rows (tested on every
 * kind of query), except that the index counts every total exactly where the SQL reports "1,000 or more".
 *
 * Freshness. Triggers on `household`, `person` and `monitoring_plan` write the changed households to `search_change`
 * with their transaction id (migration 2026_11_29_1500). A sync reads the rows of transactions not seen yet, those
 * with an id at or above the snapshot's xmin at the last sync, so a transaction that commits late is still read; it
 * then reloads those households (a bulk change of more than 500 households is one row without a household: the
 * county is rebuilt, and searched in SQL meanwhile). A search syncs first when the last sync is older than `lagMs`
 * or when this process has answered a write since: a change made through this process is in its next search, one
 * made elsewhere within `lagMs`. A timer also syncs every second, and the change log keeps an hour of rows.
 *
 * A county is read in one snapshot; log entries of transactions that snapshot already saw are skipped.
 *
 * Layout per county: households in slots, the slots loaded at build time sorted by household number (so slot order is
 * list order) and the ones added since in a tail; what the filters test in typed columns; members in slots linked
 * per household, the built ones also sorted by name, full pinyin and initials for prefix searches; maps for ID
 * numbers, their last four characters, phones and household numbers. A changed household is a new slot; the old one
 * is marked dead. A county whose tail grows past `REBUILD_TAIL` slots is rebuilt.
 */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely'
import type { Database } from '../../platform/database.ts'
import { queryScope } from '../../platform/db-guard.ts'
import {
  birthBounds,
  type HouseholdListRow,
  headName,
  LIST_COLUMNS,
  latestPlanRisks,
  readTerm,
} from './households.repository.ts'
import type { HouseholdQuery } from './households.schema.ts'
import type { HouseholdTable } from './households.table.ts'

export interface SearchIndexOptions {
  enabled: boolean
  /** A search syncs first when the last sync started longer ago than this (ms); 0 = before every search. */
  lagMs: number
  /** Persons indexed in all counties together; a county past the budget is searched in SQL. */
  maxPersons: number
}

export interface SearchResult {
  rows: HouseholdListRow[]
  total: number
  capped: boolean
}

/** Tail slots (households changed since the county was built) past which the county is rebuilt. */
const REBUILD_TAIL = 20_000
/**
 * A non-default sort over more matching households than this does not sort them all: the first pages are selected
 * (`firstOf`, linear in the matches), which keeps a village of 100,000 households at milliseconds (issue 17).
 */
const SORT_IN_MEMORY_MAX = 20_000
/** Rows before the end of the asked page past which such a selection goes to SQL instead (page 500 of 20). */
const SELECT_IN_MEMORY_MAX = 10_000
/** Rows of the change log kept (ms); a server that could not sync for half of it rebuilds everything. */
const RETENTION_MS = 60 * 60_000
const TIMER_MS = 1_000

interface LoadedHousehold extends HouseholdListRow {
  county_code: string
  risks: string[] | null
}

interface LoadedPerson {
  household_id: string
  name: string
  name_pinyin: string | null
  name_initials: string | null
  id_number: string | null
  phone: string | null
  birth_date: string
  disabled: boolean
  in_county: boolean
}

/** A map from a key to one slot or, rarely (dead slots of a changed household), several. */
type Multi = Map<string, number | number[]>

function put(m: Multi, k: string, v: number): void {
  const e = m.get(k)
  if (e === undefined) m.set(k, v)
  else if (typeof e === 'number') m.set(k, [e, v])
  else e.push(v)
}

function each(m: Multi, k: string, f: (v: number) => void): void {
  const e = m.get(k)
  if (e === undefined) return
  if (typeof e === 'number') f(e)
  else for (const v of e) f(v)
}

/** Ordinal of a code in its dictionary, given on first sight. */
function ordinal(d: Map<string, number>, k: string): number {
  let o = d.get(k)
  if (o === undefined) {
    o = d.size
    d.set(k, o)
  }
  return o
}

/** Bits of codes (low-income groups, risks); a code past the 31st has none and its filter goes to SQL. */
function bits(d: Map<string, number>, codes: readonly string[] | null): number {
  let b = 0
  for (const c of codes ?? []) {
    const o = ordinal(d, c)
    if (o < 31) b |= 1 << o
  }
  return b
}

/** YYYY-MM-DD as the number YYYYMMDD (the same order). */
const dateNumber = (d: string) => Number(d.slice(0, 4)) * 10_000 + Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10))

type Column = Int32Array | Uint8Array | Float64Array
function grow<T extends Column>(a: T, need: number): T {
  if (need <= a.length) return a
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2 + 1024))
  b.set(a)
  return b
}

/**
 * The first `k` of `items[0…n)` in `order`, sorted: a bounded max-heap of the best `k` seen, so n·log k comparisons
 * instead of sorting all n.
 */
export function firstOf(items: Int32Array, n: number, k: number, order: (a: number, b: number) => number): number[] {
  const heap: number[] = []
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let top = i
      if (l < heap.length && order(heap[l]!, heap[top]!) > 0) top = l
      if (r < heap.length && order(heap[r]!, heap[top]!) > 0) top = r
      if (top === i) return
      ;[heap[i], heap[top]] = [heap[top]!, heap[i]!]
      i = top
    }
  }
  for (let j = 0; j < n && k > 0; j++) {
    const x = items[j]!
    if (heap.length < k) {
      heap.push(x)
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1
        if (order(heap[i]!, heap[parent]!) <= 0) break
        ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
        i = parent
      }
    } else if (order(x, heap[0]!) < 0) {
      heap[0] = x
      down(0)
    }
  }
  return heap.sort(order)
}

/** The positions [from, to) in `sorted` (an order of `keys`) of the keys that start with `prefix`. */
function prefixRange(sorted: Int32Array, keys: string[], prefix: string): [number, number] {
  const lowerBound = (key: string) => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (keys[sorted[mid]!]! < key) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  // every key that starts with the prefix sorts below prefix + U+FFFF
  return [lowerBound(prefix), lowerBound(`${prefix}\uffff`)]
}

/** Positions 0…n-1 ordered by their key (code-unit order, ties by position): the distinct keys sorted, then bucketed. */
function sortedBy(keys: string[], n: number): Int32Array<ArrayBuffer> {
  const buckets = new Map<string, number[]>()
  for (let i = 0; i < n; i++) {
    const k = keys[i]!
    const b = buckets.get(k)
    if (b) b.push(i)
    else buckets.set(k, [i])
  }
  const order = new Int32Array(n)
  let j = 0
  for (const k of [...buckets.keys()].sort()) for (const i of buckets.get(k)!) order[j++] = i
  return order
}

const HAS_NO_LABOUR = 1
const HAS_DISABLED = 2

/**
 * One county's households and members, in columns: typed arrays for what the filters test, the list rows as the
 * repository returns them, member strings for the term searches. Members of a household are a linked list (`first`,
 * `next`), so they can be added in any order.
 */
export class CountyIndex {
  private readonly rows: HouseholdListRow[] = []
  private hN = 0
  private hAlive = new Uint8Array(0)
  private hVillage = new Int32Array(0)
  private hType = new Int32Array(0)
  private hMon = new Int32Array(0)
  private hGroups = new Int32Array(0)
  private hRisks = new Int32Array(0)
  private hFlags = new Uint8Array(0)
  private hFirst = new Int32Array(0)
  private hUpdated = new Float64Array(0)
  private pN = 0
  private pHousehold = new Int32Array(0)
  private pNext = new Int32Array(0)
  private pBirth = new Int32Array(0)
  private pInCounty = new Uint8Array(0)
  private readonly pName: string[] = []
  private readonly pPinyin: string[] = []
  private readonly pInitials: string[] = []
  private readonly pId: Array<string | null> = []
  private readonly villages = new Map<string, number>()
  private readonly villageCodes: string[] = []
  private readonly vMin: number[] = []
  private readonly vMax: number[] = []
  private readonly types = new Map<string, number>()
  private readonly statuses = new Map<string, number>()
  private readonly groups = new Map<string, number>()
  private readonly risks = new Map<string, number>()
  private readonly slotOf = new Map<string, number>()
  private readonly byNo: Multi = new Map()
  private readonly byHouseholdPhone: Multi = new Map()
  private readonly byId: Multi = new Map()
  private readonly byPhone: Multi = new Map()
  private readonly bySuffix = new Map<string, number[]>()
  private byName = new Int32Array(0)
  private byPinyin = new Int32Array(0)
  private byInitials = new Int32Array(0)
  /** The household slot of each entry of `byName` … (-1: a member registered in another county). */
  private byNameHousehold = new Int32Array(0)
  private byPinyinHousehold = new Int32Array(0)
  private byInitialsHousehold = new Int32Array(0)
  /** Slots loaded at build time (households in household-number order); the ones after are the tail. */
  private baseHouseholds = 0
  private basePersons = 0
  private sealed = false
  private marks = new Uint32Array(0)
  private found = new Int32Array(0)

  constructor(readonly county: string) {}

  get persons(): number {
    return this.pN
  }
  get tail(): number {
    return this.hN - this.baseHouseholds
  }

  /** Adds a household (a new slot; members follow with `addPersons`). */
  addHousehold(h: LoadedHousehold): void {
    const s = this.hN++
    const n = this.hN
    this.hAlive = grow(this.hAlive, n)
    this.hVillage = grow(this.hVillage, n)
    this.hType = grow(this.hType, n)
    this.hMon = grow(this.hMon, n)
    this.hGroups = grow(this.hGroups, n)
    this.hRisks = grow(this.hRisks, n)
    this.hFlags = grow(this.hFlags, n)
    this.hFirst = grow(this.hFirst, n)
    this.hUpdated = grow(this.hUpdated, n)
    const v = ordinal(this.villages, h.region_code)
    if (v === this.villageCodes.length) {
      this.villageCodes.push(h.region_code)
      this.vMin.push(Number.POSITIVE_INFINITY)
      this.vMax.push(-1)
    }
    // the range of a village's built slots (a region's list scans it, then the tail)
    if (!this.sealed) {
      this.vMin[v] = Math.min(this.vMin[v]!, s)
      this.vMax[v] = Math.max(this.vMax[v]!, s)
    }
    this.hAlive[s] = 1
    this.hVillage[s] = v
    this.hType[s] = ordinal(this.types, h.household_type)
    this.hMon[s] = ordinal(this.statuses, h.monitoring_status)
    this.hGroups[s] = bits(this.groups, h.low_income_groups)
    this.hRisks[s] = bits(this.risks, h.risks)
    this.hFlags[s] = h.whole_household_no_labour ? HAS_NO_LABOUR : 0
    this.hFirst[s] = -1
    this.hUpdated[s] = h.updated_at.getTime()
    this.rows.push({
      id: h.id,
      household_no: h.household_no,
      region_code: h.region_code,
      household_type: h.household_type,
      phone: h.phone,
      monitoring_status: h.monitoring_status,
      low_income_groups: h.low_income_groups,
      whole_household_no_labour: h.whole_household_no_labour,
      version: h.version,
      updated_at: h.updated_at,
      head_name: h.head_name,
    })
    this.slotOf.set(h.id, s)
    put(this.byNo, h.household_no, s)
    if (h.phone) put(this.byHouseholdPhone, h.phone, s)
  }

  /** Adds active members of households already added (others are ignored). */
  addPersons(persons: LoadedPerson[]): void {
    for (const p of persons) {
      const h = this.slotOf.get(p.household_id)
      if (h === undefined) continue
      const s = this.pN++
      const n = this.pN
      this.pHousehold = grow(this.pHousehold, n)
      this.pNext = grow(this.pNext, n)
      this.pBirth = grow(this.pBirth, n)
      this.pInCounty = grow(this.pInCounty, n)
      this.pHousehold[s] = h
      this.pNext[s] = this.hFirst[h]!
      this.hFirst[h] = s
      this.pBirth[s] = dateNumber(p.birth_date)
      this.pInCounty[s] = p.in_county ? 1 : 0
      if (p.disabled) this.hFlags[h]! |= HAS_DISABLED
      this.pName.push(p.name)
      this.pPinyin.push(p.name_pinyin ?? '')
      this.pInitials.push(p.name_initials ?? '')
      this.pId.push(p.id_number)
      if (p.id_number) {
        put(this.byId, p.id_number, s)
        const k = p.id_number.slice(-4)
        const list = this.bySuffix.get(k)
        if (list) list.push(s)
        else this.bySuffix.set(k, [s])
      }
      if (p.phone) put(this.byPhone, p.phone, s)
    }
  }

  /** Ends the build: what was added so far is the base, sorted for prefix searches. */
  seal(): void {
    this.sealed = true
    this.baseHouseholds = this.hN
    this.basePersons = this.pN
    this.byName = sortedBy(this.pName, this.pN)
    this.byPinyin = sortedBy(this.pPinyin, this.pN)
    this.byInitials = sortedBy(this.pInitials, this.pN)
    const households = (order: Int32Array) => order.map((p) => (this.pInCounty[p] === 1 ? this.pHousehold[p]! : -1))
    this.byNameHousehold = households(this.byName)
    this.byPinyinHousehold = households(this.byPinyin)
    this.byInitialsHousehold = households(this.byInitials)
  }

  /**
   * Runs a few hundred searches of every kind over this county's own data, so that the first users after a start
   * do not wait for the code to be compiled (a few milliseconds; results are discarded).
   */
  warmUp(today: string): void {
    const step = Math.max(1, Math.floor(this.pN / 100))
    const q = { page: 1, pageSize: 20, order: 'desc', sort: 'householdNo' } as const
    for (let p = 0; p < this.pN; p += step) {
      const h = this.pHousehold[p]!
      const village = this.villageCodes[this.hVillage[h]!]!
      this.search(this.county, { ...q, q: this.pName[p]!.slice(0, 2) }, today)
      if (this.pInitials[p]) this.search(this.county, { ...q, q: this.pInitials[p]! }, today)
      if (this.pId[p]) this.search(village, { ...q, q: this.pId[p]!.slice(-4) }, today)
      this.search(this.county, { ...q, q: this.rows[h]!.household_no }, today)
      this.search(village.slice(0, 9), { ...q, householdType: this.rows[h]!.household_type }, today)
      this.search(village, { ...q, ageMin: 60, disabled: 'true' }, today)
    }
  }

  /** Marks a household's slot dead (changed or gone). */
  remove(id: string): void {
    const s = this.slotOf.get(id)
    if (s === undefined) return
    this.slotOf.delete(id)
    this.hAlive[s] = 0
  }

  /**
   * Marks the households whose own or a member's field matches the term, as the repository reads it: one bit per
   * slot in `marks`; returns the lowest and highest slot marked (hi < 0: none).
   */
  private markTerm(term: string): { lo: number; hi: number } {
    if (this.marks.length * 32 < this.hN) this.marks = new Uint32Array((this.hN >>> 5) + 1)
    const marks = this.marks
    const inCounty = this.pInCounty
    const household = this.pHousehold
    let lo = Number.POSITIVE_INFINITY
    let hi = -1
    const mark = (s: number) => {
      marks[s >>> 5]! |= 1 << (s & 31)
      if (s < lo) lo = s
      if (s > hi) hi = s
    }
    const member = (p: number) => {
      if (inCounty[p] === 1) mark(household[p]!)
    }
    // built members: a range of a sorted order, whose household slots are stored beside it; later ones: scanned
    const ranges = (
      sorted: Array<[Int32Array, string[], Int32Array]>,
      prefix: string,
      test: (p: number) => boolean,
    ) => {
      for (const [order, keys, slots] of sorted) {
        const [from, to] = prefixRange(order, keys, prefix)
        for (let i = from; i < to; i++) {
          const s = slots[i]!
          if (s >= 0) mark(s)
        }
      }
      for (let p = this.basePersons; p < this.pN; p++) if (test(p)) member(p)
    }
    const t = readTerm(term)
    const v = t.value
    if (t.kind === 'householdNo') each(this.byNo, v, mark)
    else if (t.kind === 'idNumber') each(this.byId, v, member)
    else if (t.kind === 'phone') {
      each(this.byPhone, v, member)
      each(this.byHouseholdPhone, v, mark)
    } else if (t.kind === 'idSuffix') {
      for (const p of this.bySuffix.get(v.slice(-4)) ?? []) if (this.pId[p]!.endsWith(v)) member(p)
    } else if (t.kind === 'letters')
      ranges(
        [
          [this.byInitials, this.pInitials, this.byInitialsHousehold],
          [this.byPinyin, this.pPinyin, this.byPinyinHousehold],
        ],
        v,
        (p) => this.pInitials[p]!.startsWith(v) || this.pPinyin[p]!.startsWith(v),
      )
    else ranges([[this.byName, this.pName, this.byNameHousehold]], v, (p) => this.pName[p]!.startsWith(v))
    return { lo, hi }
  }

  /**
   * One page of `q` inside `region` (a prefix of at least the county), or undefined when SQL should answer it. The
   * same rules as the repository's `searchHouseholds`.
   */
  search(region: string, q: HouseholdQuery, today: string): SearchResult | undefined {
    const test = this.test(region, q, today)
    if (!test) return undefined
    // matching slots, ascending, in a buffer kept between searches (a search runs to its end without yielding)
    if (this.found.length < this.hN) this.found = new Int32Array(this.hN + 1024)
    const found = this.found
    let n = 0
    const term = q.q?.trim()
    if (term) {
      const { lo, hi } = this.markTerm(term)
      const marks = this.marks
      for (let w = lo >>> 5; hi >= 0 && w <= hi >>> 5; w++) {
        let word = marks[w]!
        if (word === 0) continue
        marks[w] = 0
        while (word !== 0) {
          const s = (w << 5) + 31 - Math.clz32(word & -word)
          word &= word - 1
          if (test(s)) found[n++] = s
        }
      }
    } else if (region.length > 6) {
      // the region's built slots are one range (household numbers start with the village code), then the tail
      let lo = Number.POSITIVE_INFINITY
      let hi = -1
      for (let v = 0; v < this.villageCodes.length; v++)
        if (this.villageCodes[v]!.startsWith(region)) {
          lo = Math.min(lo, this.vMin[v]!)
          hi = Math.max(hi, this.vMax[v]!)
        }
      for (let s = lo; s <= hi; s++) if (test(s)) found[n++] = s
      for (let s = this.baseHouseholds; s < this.hN; s++) if (test(s)) found[n++] = s
    } else {
      for (let s = 0; s < this.hN; s++) if (test(s)) found[n++] = s
    }

    const rows = this.rows
    const desc = q.order === 'desc'
    const base = this.baseHouseholds
    const start = (q.page - 1) * q.pageSize
    const end = Math.min(n, start + q.pageSize)
    const page: HouseholdListRow[] = []
    if (q.sort === 'householdNo' && (n === 0 || found[n - 1]! < base)) {
      // base slots are in household-number order (and numbers are unique): the page is read off the buffer
      for (let i = start; i < end; i++) page.push(rows[found[desc ? n - 1 - i : i]!]!)
      return { rows: page, total: n, capped: false }
    }
    const selecting = q.sort !== 'householdNo' && n > SORT_IN_MEMORY_MAX
    if (selecting && end > SELECT_IN_MEMORY_MAX) return undefined
    const sign = desc ? -1 : 1
    const updated = this.hUpdated
    const village = this.hVillage
    const codes = this.villageCodes
    const byId = (a: number, b: number) => (rows[a]!.id < rows[b]!.id ? -1 : rows[a]!.id > rows[b]!.id ? 1 : 0)
    const order: (a: number, b: number) => number =
      q.sort === 'householdNo'
        ? (a, b) => sign * (a < base && b < base ? a - b : rows[a]!.household_no < rows[b]!.household_no ? -1 : 1)
        : q.sort === 'updatedAt'
          ? (a, b) => (updated[a] !== updated[b] ? (updated[a]! < updated[b]! ? -sign : sign) : byId(a, b))
          : (a, b) => {
              const ka = codes[village[a]!]!
              const kb = codes[village[b]!]!
              return ka !== kb ? (ka < kb ? -sign : sign) : byId(a, b)
            }
    const list = selecting ? firstOf(found, n, end, order) : Array.from(found.subarray(0, n)).sort(order)
    for (let i = start; i < end; i++) page.push(rows[list[i]!]!)
    return { rows: page, total: n, capped: false }
  }

  /** The filters of `q` as a test of a slot; undefined when one of them cannot be answered here. */
  private test(region: string, q: HouseholdQuery, today: string): ((s: number) => boolean) | undefined {
    const none = () => false
    const alive = this.hAlive
    const village = this.hVillage
    let villages: Uint8Array | undefined
    if (region.length > 6) {
      villages = new Uint8Array(this.villageCodes.length)
      for (let v = 0; v < villages.length; v++) villages[v] = this.villageCodes[v]!.startsWith(region) ? 1 : 0
    }
    const code = (d: Map<string, number>, c: string | undefined) => (c === undefined ? -1 : (d.get(c) ?? -2))
    const type = code(this.types, q.householdType)
    const status = code(this.statuses, q.monitoringStatus)
    if (type === -2 || status === -2) return none
    const bit = (d: Map<string, number>, c: string | undefined) => {
      if (c === undefined) return 0
      const o = d.get(c)
      return o === undefined ? -2 : o < 31 ? 1 << o : -1
    }
    const group = bit(this.groups, q.lowIncomeGroup)
    const risk = bit(this.risks, q.riskType)
    if (group === -1 || risk === -1) return undefined
    if (group === -2 || risk === -2) return none
    const hType = this.hType
    const hMon = this.hMon
    const hGroups = this.hGroups
    const hRisks = this.hRisks
    const flags = this.hFlags
    const flagMask = (q.noLabour ? HAS_NO_LABOUR : 0) | (q.disabled ? HAS_DISABLED : 0)
    const flagWant = (q.noLabour === 'true' ? HAS_NO_LABOUR : 0) | (q.disabled === 'true' ? HAS_DISABLED : 0)
    const byAge = q.ageMin !== undefined || q.ageMax !== undefined
    const bounds = birthBounds(today, q.ageMin, q.ageMax)
    const latest = bounds.latest ? dateNumber(bounds.latest) : Number.POSITIVE_INFINITY // born on or before
    const after = bounds.after ? dateNumber(bounds.after) : Number.NEGATIVE_INFINITY // born after
    const first = this.hFirst
    const next = this.pNext
    const birth = this.pBirth
    return (s) => {
      if (alive[s] === 0) return false
      if (villages !== undefined && villages[village[s]!] === 0) return false
      if (type >= 0 && hType[s] !== type) return false
      if (status >= 0 && hMon[s] !== status) return false
      if ((hGroups[s]! & group) !== group || (hRisks[s]! & risk) !== risk) return false
      if ((flags[s]! & flagMask) !== flagWant) return false
      if (byAge) {
        for (let p = first[s]!; p >= 0; p = next[p]!) if (birth[p]! <= latest && birth[p]! > after) return true
        return false
      }
      return true
    }
  }
}

/** A change read from the log: its transaction, and the household (null: the whole county). */
type Change = [xid: bigint, household: string | null]

type CountyState =
  | { status: 'building'; changes: Change[] }
  | { status: 'ready'; index: CountyIndex; snapshot: Snapshot | undefined }
  | { status: 'skipped' }

/** The snapshot a county was read in (`pg_current_snapshot()`): which transactions it saw. */
interface Snapshot {
  xmin: bigint
  xmax: bigint
  running: Set<bigint>
}

function parseSnapshot(text: string): Snapshot {
  const [xmin, xmax, xip] = text.split(':') as [string, string, string]
  return { xmin: BigInt(xmin), xmax: BigInt(xmax), running: new Set(xip ? xip.split(',').map(BigInt) : []) }
}

/** Whether a change was already in the data read with `snap` (committed before it was taken). */
const sawIt = (snap: Snapshot | undefined, xid: bigint) =>
  snap !== undefined && (xid < snap.xmin || (xid < snap.xmax && !snap.running.has(xid)))

/** The indexes of every county this process searches, and their sync with the database. */
export class HouseholdSearchIndex {
  private readonly counties = new Map<string, CountyState>()
  private cursor: string | undefined
  /** Transactions at or above the cursor whose log entries were read. */
  private seen = new Set<bigint>()
  private writeEpoch = 0
  private syncedEpoch = 0
  private lastSync = 0
  private syncing: { promise: Promise<void>; epoch: number; at: number } | undefined
  private timer: NodeJS.Timeout | undefined
  private lastCleanup = 0
  private closed = false
  /** The counties to read at start are still being chosen. */
  private starting = false
  /** Builds started or finished (tests and the benchmark wait for them). */
  private builds: Promise<void>[] = []

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: SearchIndexOptions,
  ) {}

  /** Starts syncing, and reads the largest counties within the budget in the background. */
  async start(): Promise<void> {
    await this.sync()
    // counting every county's members scans the person table: in the background, so start-up does not wait for it
    if (this.opts.enabled) {
      this.starting = true
      this.builds.push(
        this.preload()
          .catch(() => {})
          .finally(() => {
            this.starting = false
          }),
      )
    }
    this.timer = setInterval(() => {
      if (!this.syncing) void this.sync().catch(() => {})
    }, TIMER_MS)
    this.timer.unref()
  }

  private async preload(): Promise<void> {
    const sizes = await sql<{ county_code: string; n: number }>`
      select county_code, count(*)::int as n from person where status = 'ACTIVE' group by county_code
      order by n desc`.execute(this.db)
    let budget = this.opts.maxPersons
    for (const { county_code, n } of sizes.rows) {
      if (n > budget) continue
      budget -= n
      this.ensure(county_code)
    }
  }

  async stop(): Promise<void> {
    this.closed = true
    if (this.timer) clearInterval(this.timer)
    await Promise.allSettled([...this.builds, this.syncing?.promise])
  }

  /** This process answered a write: the next search syncs first. */
  noteWrite(): void {
    this.writeEpoch++
  }

  /** Resolves when every build started so far has finished (tests, benchmark). */
  async settled(): Promise<void> {
    for (;;) {
      const n = this.builds.length
      await Promise.allSettled(this.builds)
      if (this.builds.length === n) return
    }
  }

  /** What is indexed: county → persons, or the state it is in. */
  status(): Record<string, number | string> {
    const out: Record<string, number | string> = {}
    for (const [c, st] of this.counties) out[c] = st.status === 'ready' ? st.index.persons : st.status
    return out
  }

  /** How many counties answer from memory, how many are being read, and whether start-up is still choosing them. */
  summary(): { ready: number; building: number; starting: boolean } {
    let ready = 0
    let building = 0
    for (const st of this.counties.values()) {
      if (st.status === 'ready') ready++
      else if (st.status === 'building') building++
    }
    return { ready, building, starting: this.starting }
  }

  /** One page of the search from memory, or undefined when SQL must answer it. */
  async search(scope: string, q: HouseholdQuery, today: string): Promise<SearchResult | undefined> {
    if (!this.opts.enabled || q.asOf) return undefined
    const region = q.region?.startsWith(scope) ? q.region : scope
    if (region.length < 6) return undefined
    const county = region.slice(0, 6)
    if (this.counties.get(county)?.status !== 'ready') {
      this.ensure(county)
      return undefined
    }
    const epoch = this.writeEpoch
    const arrived = Date.now()
    if (epoch !== this.syncedEpoch || arrived - this.lastSync >= this.opts.lagMs) {
      try {
        await this.syncAfter(epoch, arrived)
      } catch {
        return undefined // the log could not be read: the database answers (and reports its own error if any)
      }
    }
    const st = this.counties.get(county)
    return st?.status === 'ready' ? st.index.search(region, q, today) : undefined
  }

  /** Waits for a sync that started at or after `at` with at least `epoch` writes noted. */
  private async syncAfter(epoch: number, at: number): Promise<void> {
    for (;;) {
      const s = this.syncing
      if (!s) return this.sync()
      if (s.epoch >= epoch && s.at >= at - this.opts.lagMs) return s.promise
      await s.promise.catch(() => {})
    }
  }

  private sync(): Promise<void> {
    if (this.syncing) return this.syncing.promise
    const epoch = this.writeEpoch
    const at = Date.now()
    // shared by every search waiting for it: not cancelled when the request that started it goes away
    const promise = queryScope
      .exit(() => this.runSync(epoch, at))
      .finally(() => {
        this.syncing = undefined
      })
    this.syncing = { promise, epoch, at }
    return promise
  }

  private async runSync(epoch: number, at: number): Promise<void> {
    // changes may have left the log since the last sync: read every county again (after the new cursor is taken, so
    // that a change the rebuild does not see is at or above it)
    const restart = this.cursor !== undefined && at - this.lastSync > RETENTION_MS / 2
    if (restart) this.cursor = undefined
    const r = await sql<{ xmin: string; rows: Array<[string, string, string | null]> }>`
      select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
             ${
               this.cursor === undefined
                 ? sql`'[]'::json`
                 : sql`(select coalesce(json_agg(json_build_array(xid::text, county_code, household_id)), '[]'::json)
                        from search_change where xid >= ${this.cursor}::xid8)`
             } as rows`.execute(this.db)
    const { xmin, rows } = r.rows[0]!
    const changed = new Map<string, Change[]>()
    const fresh = new Set<bigint>()
    for (const [text, county, household] of rows) {
      const xid = BigInt(text)
      if (this.seen.has(xid)) continue
      fresh.add(xid)
      if (!this.counties.has(county)) continue
      const list = changed.get(county)
      if (list) list.push([xid, household])
      else changed.set(county, [[xid, household]])
    }
    const floor = BigInt(xmin)
    for (const x of this.seen) if (x < floor) this.seen.delete(x)
    for (const x of fresh) if (x >= floor) this.seen.add(x)
    this.cursor = xmin
    if (restart) for (const [c, st] of this.counties) if (st.status === 'ready') this.rebuild(c)
    const applying: Promise<void>[] = []
    for (const [county, list] of changed) {
      const st = this.counties.get(county)!
      if (st.status === 'building') st.changes.push(...list)
      else if (st.status === 'ready') {
        // changes the county's build already saw are skipped (they commit before its snapshot was taken)
        const news = list.filter(([xid]) => !sawIt(st.snapshot, xid))
        if (st.snapshot && floor >= st.snapshot.xmax) st.snapshot = undefined
        if (news.length === 0) continue
        const ids = new Set(news.map(([, h]) => h))
        if (ids.has(null) || st.index.tail + ids.size > REBUILD_TAIL) this.rebuild(county)
        // the log has moved past these changes: if they cannot be read now, the county is read again
        else applying.push(this.apply(st.index, [...ids] as string[]).catch(() => this.rebuild(county)))
      }
    }
    await Promise.all(applying)
    this.lastSync = at
    this.syncedEpoch = epoch
    if (Date.now() - this.lastCleanup > RETENTION_MS / 12) {
      this.lastCleanup = Date.now()
      await sql`delete from search_change where at < now() - ${RETENTION_MS / 1000}::int * interval '1 second'`.execute(
        this.db,
      )
    }
  }

  /** Starts building a county's index unless it has one or is building it. */
  private ensure(county: string): void {
    if (!this.opts.enabled || this.closed || this.counties.has(county)) return
    queryScope.exit(() => this.rebuild(county)) // the county is read for every later search, not for this request
  }

  private rebuild(county: string): void {
    if (this.closed) return
    const st: CountyState = { status: 'building', changes: [] }
    this.counties.set(county, st)
    const build = (async () => {
      try {
        read: for (;;) {
          st.changes = []
          const loaded = await this.load(county)
          if (!loaded) return void this.counties.set(county, { status: 'skipped' })
          const { index, snapshot } = loaded
          // changes read from the log while the county was being read, and not in what was read
          while (st.changes.length) {
            const news = st.changes.filter(([xid]) => !sawIt(snapshot, xid))
            st.changes = []
            const ids = new Set(news.map(([, h]) => h))
            if (ids.has(null)) continue read
            if (ids.size) await this.apply(index, [...ids] as string[])
          }
          index.warmUp(new Date().toISOString().slice(0, 10))
          if (this.counties.get(county) === st) this.counties.set(county, { status: 'ready', index, snapshot })
          return
        }
      } catch {
        // the database went away or the county could not be read: searched in SQL, tried again on its next search
        if (this.counties.get(county) === st) this.counties.delete(county)
      }
    })()
    this.builds.push(build)
  }

  private indexedPersons(except: string): number {
    let n = 0
    for (const [c, st] of this.counties) if (c !== except && st.status === 'ready') n += st.index.persons
    return n
  }

  /** Reads a county in one snapshot, members by a cursor; undefined when it would exceed the budget. */
  private async load(county: string): Promise<{ index: CountyIndex; snapshot: Snapshot } | undefined> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        // the first statement takes the transaction's snapshot
        const count = await sql<{ n: number; snapshot: string }>`
          select pg_current_snapshot()::text as snapshot,
                 (select count(*)::int from person where county_code = ${county} and status = 'ACTIVE') as n`.execute(
          trx,
        )
        const { n, snapshot } = count.rows[0]!
        if (n + this.indexedPersons(county) > this.opts.maxPersons) return undefined
        const index = new CountyIndex(county)
        for (const h of await loadHouseholds(trx, (eb) => eb('h.county_code', '=', county))) index.addHousehold(h)
        await sql`declare search_index_persons no scroll cursor for ${personsQuery(county, sql`h.county_code = ${county}`)}`.execute(
          trx,
        )
        for (;;) {
          const r = await sql<LoadedPerson>`fetch 50000 from search_index_persons`.execute(trx)
          if (r.rows.length === 0) break
          index.addPersons(r.rows)
        }
        await sql`close search_index_persons`.execute(trx)
        index.seal()
        return { index, snapshot: parseSnapshot(snapshot) }
      })
  }

  /** Reloads some households of an index (changed since it was read). */
  private async apply(index: CountyIndex, ids: string[]): Promise<void> {
    const [households, persons] = await this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(
        async (trx) =>
          [
            await loadHouseholds(trx, () => sql<SqlBool>`h.id = any(${ids}::uuid[])`),
            (await personsQuery(index.county, sql`h.id = any(${ids}::uuid[])`).execute(trx)).rows,
          ] as const,
      )
    for (const id of ids) index.remove(id)
    for (const h of households) if (h.county_code === index.county) index.addHousehold(h)
    index.addPersons(persons)
  }
}

function loadHouseholds(
  db: Kysely<Database>,
  where: (eb: ExpressionBuilder<Database & { h: HouseholdTable }, 'h'>) => Expression<SqlBool>,
): Promise<LoadedHousehold[]> {
  return db
    .selectFrom('household as h')
    .select(LIST_COLUMNS)
    .select(['h.county_code', headName, latestPlanRisks.as('risks')])
    .where(where)
    .where('h.status', '=', 'ACTIVE')
    .orderBy(sql`h.household_no collate "C"`)
    .execute()
}

function personsQuery(county: string, where: ReturnType<typeof sql>) {
  return sql<LoadedPerson>`
    select p.household_id, p.name, p.name_pinyin, p.name_initials, p.id_number, p.phone, p.birth_date,
           p.disability_level is not null as disabled, p.county_code = ${county} as in_county
    from person p join household h on h.id = p.household_id
    where ${where} and h.status = 'ACTIVE' and p.status = 'ACTIVE'`
}
