/**
 * The household list answered from memory: an index of each county's active households and members, kept current
 * from the database's change log, so a search costs no query (ADR 0003). `searchHouseholds` in the repository stays
 * the reference and the fallback: for a scope wider than one county, a county whose index is being built, or a
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
 * Layout per county: households in slots, the slots loaded at build time sorted by household number (so slot order is
 * list order) and the ones added since in a tail; members in slots grouped by household, the built ones also sorted
 * by name, full pinyin and initials for prefix searches; maps for ID numbers, their last four characters, phones and
 * household numbers. A changed household is a new slot; the old one is marked dead. A county whose tail grows past
 * `REBUILD_TAIL` slots is rebuilt.
 */
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { HouseholdListRow } from './households.repository.ts'
import type { HouseholdQuery } from './households.schema.ts'

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
/** A non-default sort over more matching households than this goes to SQL (sorting them here would cost more). */
const SORT_IN_MEMORY_MAX = 20_000
/** Rows of the change log kept (ms); a server that could not sync for half of it rebuilds everything. */
const RETENTION_MS = 60 * 60_000
const TIMER_MS = 1_000

interface HouseholdEntry extends HouseholdListRow {
  risks: string[] | null
  alive: boolean
  /** First member slot and member count. */
  p0: number
  pn: number
}

interface LoadedHousehold extends HouseholdListRow {
  status: string
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

function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const a = m.get(k)
  if (a) a.push(v)
  else m.set(k, [v])
}

/** Slots of `sorted` (an order of `keys`) whose key starts with `prefix`. */
function prefixRange(sorted: Int32Array, keys: Array<string | null>, prefix: string): Int32Array {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((keys[sorted[mid]!] ?? '') < prefix) lo = mid + 1
    else hi = mid
  }
  let end = lo
  while (end < sorted.length && (keys[sorted[end]!] ?? '').startsWith(prefix)) end++
  return sorted.subarray(lo, end)
}

function sortedBy(keys: Array<string | null>, n: number): Int32Array<ArrayBuffer> {
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  const k = keys.map((x) => x ?? '')
  return order.sort((a, b) => (k[a]! < k[b]! ? -1 : k[a]! > k[b]! ? 1 : 0))
}

/** One county's households and members. */
export class CountyIndex {
  readonly households: HouseholdEntry[] = []
  private readonly slotOf = new Map<string, number>()
  private readonly byRegion = new Map<string, number[]>()
  private readonly byNo = new Map<string, number[]>()
  private readonly byHouseholdPhone = new Map<string, number[]>()
  // members, one array per column
  private readonly pHousehold: number[] = []
  private readonly pName: string[] = []
  private readonly pPinyin: Array<string | null> = []
  private readonly pInitials: Array<string | null> = []
  private readonly pId: Array<string | null> = []
  private readonly pBirth: string[] = []
  private readonly pDisabled: boolean[] = []
  private readonly pInCounty: boolean[] = []
  private readonly byId = new Map<string, number[]>()
  private readonly bySuffix = new Map<string, number[]>()
  private readonly byPhone = new Map<string, number[]>()
  private byName = new Int32Array(0)
  private byPinyin = new Int32Array(0)
  private byInitials = new Int32Array(0)
  /** Slots loaded at build time (sorted); the ones after are the tail. */
  private baseHouseholds = 0
  private basePersons = 0
  alive = 0

  constructor(readonly county: string) {}

  get persons(): number {
    return this.pHousehold.length
  }
  get tail(): number {
    return this.households.length - this.baseHouseholds
  }

  /** Builds from households sorted by household number and their members. */
  static build(county: string, households: LoadedHousehold[], persons: LoadedPerson[]): CountyIndex {
    const ix = new CountyIndex(county)
    const members = new Map<string, LoadedPerson[]>()
    for (const p of persons) {
      const m = members.get(p.household_id)
      if (m) m.push(p)
      else members.set(p.household_id, [p])
    }
    for (const h of households) ix.add(h, members.get(h.id) ?? [])
    ix.baseHouseholds = ix.households.length
    ix.basePersons = ix.pHousehold.length
    ix.byName = sortedBy(ix.pName, ix.basePersons)
    ix.byPinyin = sortedBy(ix.pPinyin, ix.basePersons)
    ix.byInitials = sortedBy(ix.pInitials, ix.basePersons)
    return ix
  }

  /** Adds a household (a new slot) with its active members. */
  add(h: LoadedHousehold, members: LoadedPerson[]): void {
    const slot = this.households.length
    const p0 = this.pHousehold.length
    this.households.push({
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
      risks: h.risks,
      alive: true,
      p0,
      pn: members.length,
    })
    this.slotOf.set(h.id, slot)
    this.alive++
    push(this.byRegion, h.region_code, slot)
    push(this.byNo, h.household_no, slot)
    if (h.phone) push(this.byHouseholdPhone, h.phone, slot)
    for (const p of members) {
      const ps = this.pHousehold.length
      this.pHousehold.push(slot)
      this.pName.push(p.name)
      this.pPinyin.push(p.name_pinyin)
      this.pInitials.push(p.name_initials)
      this.pId.push(p.id_number)
      this.pBirth.push(p.birth_date)
      this.pDisabled.push(p.disabled)
      this.pInCounty.push(p.in_county)
      if (p.id_number) {
        push(this.byId, p.id_number, ps)
        push(this.bySuffix, p.id_number.slice(-4), ps)
      }
      if (p.phone) push(this.byPhone, p.phone, ps)
    }
  }

  /** Marks a household's slot dead (changed or gone). */
  remove(id: string): void {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return
    this.slotOf.delete(id)
    const h = this.households[slot]!
    if (h.alive) this.alive--
    h.alive = false
  }

  /** Households of members whose slots are in `slots` (base order) or, in the tail, pass `test`. */
  private membersMatching(sortedSlots: Int32Array[], test: (p: number) => boolean, out: Set<number>): void {
    for (const range of sortedSlots) for (const p of range) if (this.pInCounty[p]) out.add(this.pHousehold[p]!)
    for (let p = this.basePersons; p < this.pHousehold.length; p++)
      if (this.pInCounty[p] && test(p)) out.add(this.pHousehold[p]!)
  }

  private fromMap(m: Map<string, number[]>, key: string, out: Set<number>, test?: (p: number) => boolean): void {
    for (const p of m.get(key) ?? []) if (this.pInCounty[p] && (!test || test(p))) out.add(this.pHousehold[p]!)
  }

  /**
   * One page of `q` inside `region` (a prefix of at least the county), or undefined when SQL should answer it. The
   * same rules as the repository's `searchHouseholds`.
   */
  search(region: string, q: HouseholdQuery, today: string): SearchResult | undefined {
    let candidates: Iterable<number>
    let ordered = false // candidates come in slot order with no tail slot (already in household-number order)
    const term = q.q?.trim()
    if (term) {
      const set = new Set<number>()
      if (/^\d{16}$|^[0-9A-Za-z]+-[0-9A-Za-z-]+$/.test(term)) {
        for (const s of this.byNo.get(term) ?? []) set.add(s)
      } else if (/^\d{17}[\dXx]$|^\d{15}$/.test(term)) {
        this.fromMap(this.byId, term.toUpperCase(), set)
      } else if (/^1\d{10}$/.test(term)) {
        this.fromMap(this.byPhone, term, set)
        for (const s of this.byHouseholdPhone.get(term) ?? []) set.add(s)
      } else if (/^\*+[\dXx]{4,6}$|^[\dXx]{4,6}$/.test(term)) {
        const suffix = term.replace(/^\*+/, '').toUpperCase()
        this.fromMap(this.bySuffix, suffix.slice(-4), set, (p) => this.pId[p]!.endsWith(suffix))
      } else if (/^[a-z]+$/i.test(term)) {
        const lower = term.toLowerCase()
        this.membersMatching(
          [prefixRange(this.byInitials, this.pInitials, lower), prefixRange(this.byPinyin, this.pPinyin, lower)],
          (p) => !!this.pInitials[p]?.startsWith(lower) || !!this.pPinyin[p]?.startsWith(lower),
          set,
        )
      } else {
        this.membersMatching([prefixRange(this.byName, this.pName, term)], (p) => this.pName[p]!.startsWith(term), set)
      }
      candidates = set
    } else if (region.length >= 9) {
      const slots: number[] = []
      for (const [code, list] of this.byRegion) if (code.startsWith(region)) for (const s of list) slots.push(s)
      candidates = slots
    } else {
      candidates = { [Symbol.iterator]: () => this.households.keys() }
      ordered = this.tail === 0
    }

    const match = this.predicate(region, q, today)
    const found: number[] = []
    for (const s of candidates) if (match(s)) found.push(s)

    const hs = this.households
    const byId = (a: number, b: number) => (hs[a]!.id < hs[b]!.id ? -1 : hs[a]!.id > hs[b]!.id ? 1 : 0)
    const desc = q.order === 'desc'
    if (q.sort === 'householdNo') {
      // household numbers are unique: no tie
      if (!ordered)
        found.sort((a, b) =>
          a < this.baseHouseholds && b < this.baseHouseholds
            ? a - b
            : hs[a]!.household_no < hs[b]!.household_no
              ? -1
              : 1,
        )
      if (desc) found.reverse()
    } else {
      if (found.length > SORT_IN_MEMORY_MAX) return undefined
      const key =
        q.sort === 'updatedAt' ? (s: number) => hs[s]!.updated_at.getTime() : (s: number) => hs[s]!.region_code
      found.sort((a, b) => {
        const ka = key(a)
        const kb = key(b)
        if (ka !== kb) return (ka < kb ? -1 : 1) * (desc ? -1 : 1)
        return byId(a, b)
      })
    }
    const start = (q.page - 1) * q.pageSize
    const rows = found.slice(start, start + q.pageSize).map((s) => {
      const { risks: _r, alive: _a, p0: _p, pn: _n, ...row } = hs[s]!
      return row
    })
    return { rows, total: found.length, capped: false }
  }

  private predicate(region: string, q: HouseholdQuery, today: string): (slot: number) => boolean {
    const hs = this.households
    const tests: Array<(h: HouseholdEntry) => boolean> = []
    if (region.length > 6) tests.push((h) => h.region_code.startsWith(region))
    if (q.householdType) tests.push((h) => h.household_type === q.householdType)
    if (q.monitoringStatus) tests.push((h) => h.monitoring_status === q.monitoringStatus)
    const group = q.lowIncomeGroup
    if (group) tests.push((h) => h.low_income_groups.includes(group))
    if (q.noLabour) {
      const want = q.noLabour === 'true'
      tests.push((h) => h.whole_household_no_labour === want)
    }
    const risk = q.riskType
    if (risk) tests.push((h) => !!h.risks?.includes(risk))
    if (q.disabled) {
      const want = q.disabled === 'true'
      tests.push((h) => {
        for (let p = h.p0; p < h.p0 + h.pn; p++) if (this.pDisabled[p]) return want
        return !want
      })
    }
    if (q.ageMin !== undefined || q.ageMax !== undefined) {
      const [y, m, d] = today.split('-').map(Number) as [number, number, number]
      const shift = (years: number) =>
        `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
      const latest = q.ageMin !== undefined ? shift(q.ageMin) : undefined // born on or before
      const after = q.ageMax !== undefined ? shift(q.ageMax + 1) : undefined // born after
      tests.push((h) => {
        for (let p = h.p0; p < h.p0 + h.pn; p++) {
          const b = this.pBirth[p]!
          if ((latest === undefined || b <= latest) && (after === undefined || b > after)) return true
        }
        return false
      })
    }
    return (slot) => {
      const h = hs[slot]!
      if (!h.alive) return false
      for (const t of tests) if (!t(h)) return false
      return true
    }
  }
}

type CountyState =
  | { status: 'building'; pending: Set<string>; reload: boolean }
  | { status: 'ready'; index: CountyIndex }
  | { status: 'skipped' }

/** The indexes of every county this process searches, and their sync with the database. */
export class HouseholdSearchIndex {
  private readonly counties = new Map<string, CountyState>()
  private cursor: string | undefined
  private seen = new Set<string>()
  private writeEpoch = 0
  private syncedEpoch = 0
  private lastSync = 0
  private syncing: { promise: Promise<void>; epoch: number; at: number } | undefined
  private timer: NodeJS.Timeout | undefined
  private lastCleanup = 0
  private closed = false
  /** Builds started or finished (tests and the benchmark wait for them). */
  private builds: Promise<void>[] = []

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: SearchIndexOptions,
  ) {}

  /** Starts syncing and builds the indexes of the largest counties within the budget (in the background). */
  async start(): Promise<void> {
    await this.sync()
    if (this.opts.enabled) {
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
    this.timer = setInterval(() => {
      if (!this.syncing) void this.sync().catch(() => {})
    }, TIMER_MS)
    this.timer.unref()
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

  /** How many counties answer from memory, and how many are being read. */
  summary(): { ready: number; building: number } {
    let ready = 0
    let building = 0
    for (const st of this.counties.values()) {
      if (st.status === 'ready') ready++
      else if (st.status === 'building') building++
    }
    return { ready, building }
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
    if (epoch !== this.syncedEpoch || arrived - this.lastSync >= this.opts.lagMs) await this.syncAfter(epoch, arrived)
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
    const promise = this.runSync(epoch, at).finally(() => {
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
    const changed = new Map<string, Set<string> | null>()
    const fresh = new Set<string>()
    for (const [xid, county, household] of rows) {
      if (this.seen.has(xid)) continue
      fresh.add(xid)
      if (!this.counties.has(county)) continue
      const ids = changed.get(county)
      if (household === null) changed.set(county, null)
      else if (ids !== null) (ids ?? changed.set(county, new Set()).get(county)!).add(household)
    }
    const floor = BigInt(xmin)
    for (const x of this.seen) if (BigInt(x) < floor) this.seen.delete(x)
    for (const x of fresh) if (BigInt(x) >= floor) this.seen.add(x)
    this.cursor = xmin
    if (restart) for (const [c, st] of this.counties) if (st.status === 'ready') this.rebuild(c)
    const applying: Promise<void>[] = []
    for (const [county, ids] of changed) {
      const st = this.counties.get(county)!
      if (st.status === 'building') {
        if (ids === null) st.reload = true
        else for (const id of ids) st.pending.add(id)
      } else if (st.status === 'ready') {
        if (ids === null || st.index.tail + ids.size > REBUILD_TAIL) this.rebuild(county)
        else applying.push(this.apply(st.index, [...ids]))
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
    this.rebuild(county)
  }

  private rebuild(county: string): void {
    if (this.closed) return
    const st: CountyState = { status: 'building', pending: new Set(), reload: false }
    this.counties.set(county, st)
    const build = (async () => {
      try {
        for (;;) {
          st.reload = false
          st.pending.clear()
          const index = await this.load(county)
          if (!index) return void this.counties.set(county, { status: 'skipped' })
          while (st.pending.size && !st.reload) {
            const ids = [...st.pending]
            st.pending.clear()
            await this.apply(index, ids)
          }
          if (st.reload) continue
          if (this.counties.get(county) === st) this.counties.set(county, { status: 'ready', index })
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

  /** Reads a county in one snapshot; undefined when it would exceed the budget. */
  private async load(county: string): Promise<CountyIndex | undefined> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const count = await sql<{ n: number }>`
          select count(*)::int as n from person where county_code = ${county} and status = 'ACTIVE'`.execute(trx)
        if (count.rows[0]!.n + this.indexedPersons(county) > this.opts.maxPersons) return undefined
        const households = await loadHouseholds(trx, sql`h.county_code = ${county}`)
        const persons = await loadPersons(trx, county, sql`h.county_code = ${county}`)
        return CountyIndex.build(county, households, persons)
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
            await loadHouseholds(trx, sql`h.id = any(${ids}::uuid[])`),
            await loadPersons(trx, index.county, sql`h.id = any(${ids}::uuid[])`),
          ] as const,
      )
    const members = new Map<string, LoadedPerson[]>()
    for (const p of persons) {
      const m = members.get(p.household_id)
      if (m) m.push(p)
      else members.set(p.household_id, [p])
    }
    for (const id of ids) index.remove(id)
    for (const h of households)
      if (h.status === 'ACTIVE' && h.county_code === index.county) index.add(h, members.get(h.id) ?? [])
  }
}

async function loadHouseholds(db: Kysely<Database>, where: ReturnType<typeof sql>): Promise<LoadedHousehold[]> {
  const r = await sql<LoadedHousehold>`
    select h.id, h.household_no, h.region_code, h.household_type, h.phone, h.monitoring_status, h.low_income_groups,
           h.whole_household_no_labour, h.version, h.updated_at, h.status, h.county_code,
           (select hp.name from person hp where hp.id = h.head_person_id and hp.status = 'ACTIVE') as head_name,
           (select mp.risks from monitoring_plan mp where mp.household_id = h.id
            order by mp.created_at desc limit 1) as risks
    from household h where ${where} and h.status = 'ACTIVE'
    order by h.household_no collate "C"`.execute(db)
  return r.rows
}

async function loadPersons(
  db: Kysely<Database>,
  county: string,
  where: ReturnType<typeof sql>,
): Promise<LoadedPerson[]> {
  const r = await sql<LoadedPerson>`
    select p.household_id, p.name, p.name_pinyin, p.name_initials, p.id_number, p.phone, p.birth_date,
           p.disability_level is not null as disabled, p.county_code = ${county} as in_county
    from person p join household h on h.id = p.household_id
    where ${where} and h.status = 'ACTIVE' and p.status = 'ACTIVE'`.execute(db)
  return r.rows
}
