/**
 * The household as one document: what a version stores, what `asOf` returns, and what the timeline diffs.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import { maskers, maskSensitive, sensitiveFields } from '../../platform/privacy.ts'
import type { GuaranteeCheckRow, HouseholdRow, IncomeAssessmentRow, PersonRow } from './households.table.ts'

export interface Snapshot {
  household: Omit<HouseholdRow, 'search_text' | 'created_at' | 'updated_at'> & {
    created_at: string
    updated_at: string
  }
  members: Array<Omit<PersonRow, 'created_at' | 'updated_at' | 'name_pinyin' | 'name_initials'>>
  assessment: (Omit<IncomeAssessmentRow, 'created_at'> & { created_at: string }) | null
  guarantee: (Omit<GuaranteeCheckRow, 'created_at'> & { created_at: string }) | null
  helpers: Array<{
    name: string
    unit: string | null
    phone: string | null
    start_date: string
    end_date: string | null
  }>
}

const iso = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * SQL for the snapshot of the household aliased `h`, as one json value: the household row, its members (head first,
 * then by birth date), the latest income assessment and 三保障 check, and the helpers. One statement instead of one
 * query per part; the bulk import builds version 1 of every new household with the same expression.
 */
export const snapshotSql = (h = 'h') => `jsonb_build_object(
  'household', to_jsonb(${h}) - 'search_text' || jsonb_build_object('created_at', ${iso(`${h}.created_at`)}, 'updated_at', ${iso(`${h}.updated_at`)}),
  'members', coalesce((select jsonb_agg(to_jsonb(p) - array['created_at', 'updated_at', 'name_pinyin', 'name_initials']
      order by p.relation_to_head = 'HEAD' desc, p.birth_date, p.id) from person p where p.household_id = ${h}.id), '[]'::jsonb),
  'assessment', (select to_jsonb(a) || jsonb_build_object('created_at', ${iso('a.created_at')}) from income_assessment a
      where a.household_id = ${h}.id order by a.period_end desc, a.created_at desc limit 1),
  'guarantee', (select to_jsonb(g) || jsonb_build_object('created_at', ${iso('g.created_at')}) from guarantee_check g
      where g.household_id = ${h}.id order by g.checked_on desc limit 1),
  'helpers', coalesce((select jsonb_agg(jsonb_build_object('name', x.name, 'unit', x.unit, 'phone', x.phone,
      'start_date', x.start_date, 'end_date', x.end_date) order by x.start_date, x.id)
      from household_helper x where x.household_id = ${h}.id), '[]'::jsonb))`

const SNAPSHOT = sql.raw(snapshotSql('h'))

/** The household `id` as one document, read in one statement. */
export async function loadSnapshot(
  db: Kysely<Database> | Transaction<Database>,
  household: Pick<HouseholdRow, 'id'>,
): Promise<Snapshot> {
  const r = await sql<{ s: Snapshot }>`select ${SNAPSHOT} as s from household h where h.id = ${household.id}`.execute(
    db,
  )
  const row = r.rows[0]
  if (!row) throw new Error(`household ${household.id} not found`)
  return row.s
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

/** Documents read by `loadCurrent`, most recently used last, at most DOC_CACHE. */
const docs = new Map<string, Snapshot & { version: number }>()
/** Household documents kept in this process (≈ 5 KB each). */
export const DOC_CACHE = 5_000
/** Documents `loadCurrent` served from `docs` (hits) and read from the database (misses) since the process started. */
const docCounts = { hits: 0, misses: 0 }

/** How the detail cache has answered so far (counts only, no household), for `/api/health` and the benchmarks. */
export function docCacheStats(): { hits: number; misses: number; size: number; capacity: number } {
  return { hits: docCounts.hits, misses: docCounts.misses, size: docs.size, capacity: DOC_CACHE }
}

type Current = (Snapshot & { version: number }) | undefined
interface Waiting {
  id: string
  resolve: (doc: Current) => void
  reject: (err: unknown) => void
}
/** Reads asked for in this turn of the event loop, by database handle and scope. */
const waiting = new Map<Kysely<Database>, Map<string, Waiting[]>>()

/**
 * The household as it is now, with its version, when it lies inside `scope` (the detail page). Every change of the
 * document is a new version (`commitVersion`), so a document read earlier at the version the household still has
 * is served from this process's cache. The reads asked for in one turn of the event loop with the same scope go to
 * the database as one statement, which returns each household's version and, only where that is not the cached
 * one, its document (0.55 ms each at 1 M persons). Committed reads only: never call it inside a transaction that
 * changes the household (a rolled-back version number could be reused).
 */
export function loadCurrent(db: Kysely<Database>, scope: string, id: string): Promise<Current> {
  return new Promise((resolve, reject) => {
    let scopes = waiting.get(db)
    if (!scopes) {
      scopes = new Map()
      waiting.set(db, scopes)
      setImmediate(() => {
        waiting.delete(db)
        for (const [s, list] of scopes as Map<string, Waiting[]>) void readCurrent(db, s, list)
      })
    }
    const list = scopes.get(scope)
    if (list) list.push({ id, resolve, reject })
    else scopes.set(scope, [{ id, resolve, reject }])
  })
}

async function readCurrent(db: Kysely<Database>, scope: string, list: Waiting[]): Promise<void> {
  try {
    const ids = [...new Set(list.map((w) => w.id))]
    const r = await sql<{ id: string; version: number; s: Snapshot | null }>`
      select h.id, h.version, case when h.version = c.v then null else ${SNAPSHOT} end as s
        from unnest(${ids}::uuid[], ${ids.map((i) => docs.get(i)?.version ?? -1)}::int[]) as c(id, v)
        join household h on h.id = c.id
       where h.region_code like ${`${scope}%`}`.execute(db)
    const found = new Map<string, Current>()
    const again = new Set<string>()
    for (const row of r.rows) {
      const cached = docs.get(row.id)
      // frozen: callers share the cached document, so a change to it would change what others read
      const doc = row.s
        ? deepFreeze({ ...row.s, version: row.version })
        : cached?.version === row.version
          ? cached
          : null
      if (!doc) {
        again.add(row.id) // the cached version changed or was dropped while the statement ran: read it again
        continue
      }
      if (row.s) docCounts.misses++
      else docCounts.hits++
      docs.delete(row.id)
      docs.set(row.id, doc)
      found.set(row.id, doc)
    }
    while (docs.size > DOC_CACHE) docs.delete(docs.keys().next().value as string)
    for (const w of list) {
      if (again.has(w.id)) loadCurrent(db, scope, w.id).then(w.resolve, w.reject)
      else w.resolve(found.get(w.id))
    }
  } catch (err) {
    for (const w of list) w.reject(err)
  }
}

/** The snapshot of rows already loaded (bulk writers build versions without a query per household). */
export function toSnapshot(
  household: HouseholdRow,
  members: readonly PersonRow[],
  assessment: IncomeAssessmentRow | null,
  guarantee: GuaranteeCheckRow | null,
  helpers: ReadonlyArray<{
    name: string
    unit: string | null
    phone: string | null
    start_date: string
    end_date: string | null
  }>,
): Snapshot {
  const { search_text: _s, created_at, updated_at, ...h } = household
  return {
    household: { ...h, created_at: created_at.toISOString(), updated_at: updated_at.toISOString() },
    members: members.map(({ created_at: _c, updated_at: _u, name_pinyin: _p, name_initials: _i, ...m }) => m),
    assessment: assessment ? { ...assessment, created_at: assessment.created_at.toISOString() } : null,
    guarantee: guarantee ? { ...guarantee, created_at: guarantee.created_at.toISOString() } : null,
    helpers: helpers.map((x) => ({
      name: x.name,
      unit: x.unit,
      phone: x.phone,
      start_date: x.start_date,
      end_date: x.end_date,
    })),
  }
}

export interface Change {
  path: string
  before: unknown
  after: unknown
}

const IGNORED = new Set(['version', 'updated_at', 'updated_by'])

/** Field-level differences between two snapshots; members are matched by id, so a path reads `members[张三].phone`. */
export function diffSnapshots(before: Snapshot | null, after: Snapshot): Change[] {
  const out: Change[] = []
  const walk = (path: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return
    const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v)
    if (isObj(a) && isObj(b)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)])
      for (const k of keys) {
        if (IGNORED.has(k)) continue
        walk(path ? `${path}.${k}` : k, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
      }
      return
    }
    out.push({ path, before: a ?? null, after: b ?? null })
  }
  walk('household', before?.household ?? null, after.household)
  const prev = new Map((before?.members ?? []).map((m) => [m.id, m]))
  const next = new Map(after.members.map((m) => [m.id, m]))
  for (const [id, m] of next) {
    const old = prev.get(id)
    if (!old)
      out.push({ path: `members[${m.name}]`, before: null, after: { name: m.name, relation: m.relation_to_head } })
    else walk(`members[${m.name}]`, old, m)
  }
  for (const [id, m] of prev) {
    if (!next.has(id))
      out.push({ path: `members[${m.name}]`, before: { name: m.name, relation: m.relation_to_head }, after: null })
  }
  walk('assessment', before?.assessment ?? null, after.assessment)
  walk('guarantee', before?.guarantee ?? null, after.guarantee)
  walk('helpers', before?.helpers ?? null, after.helpers)
  return out
}

/** The same changes with personal data masked (ID numbers, phones, bank accounts), for API responses. */
export function maskChanges(changes: readonly Change[]): Change[] {
  return changes.map((c) => {
    const key = c.path.split('.').pop() ?? ''
    const kind = sensitiveFields[key]
    const mask = (v: unknown) => (kind && typeof v === 'string' ? maskers[kind](v) : maskSensitive(v))
    return { path: c.path, before: mask(c.before), after: mask(c.after) }
  })
}
