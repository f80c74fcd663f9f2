import { type ExpressionBuilder, type Insertable, type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { HouseholdQuery } from './households.schema.ts'
import type {
  GuaranteeCheckRow,
  HouseholdRow,
  HouseholdTable,
  IncomeAssessmentRow,
  PersonRow,
  PersonTable,
} from './households.table.ts'

type Db = Kysely<Database> | Transaction<Database>

/** A household inside a scope prefix, or undefined (outside the scope is the same as absent). */
export function findHousehold(db: Db, scope: string, id: string): Promise<HouseholdRow | undefined> {
  return db
    .selectFrom('household')
    .selectAll()
    .where('id', '=', id)
    .where('region_code', 'like', `${scope}%`)
    .executeTakeFirst()
}

export function lockHousehold(
  trx: Transaction<Database>,
  scope: string,
  id: string,
): Promise<HouseholdRow | undefined> {
  return trx
    .selectFrom('household')
    .selectAll()
    .where('id', '=', id)
    .where('region_code', 'like', `${scope}%`)
    .forUpdate()
    .executeTakeFirst()
}

/** Members of a household; `all` includes naturally decreased persons. */
export function listMembers(db: Db, householdId: string, all = true): Promise<PersonRow[]> {
  let q = db.selectFrom('person').selectAll().where('household_id', '=', householdId)
  if (!all) q = q.where('status', '=', 'ACTIVE')
  return q.orderBy(sql`relation_to_head = 'HEAD'`, 'desc').orderBy('birth_date').execute()
}

export function latestAssessment(db: Db, householdId: string): Promise<IncomeAssessmentRow | undefined> {
  return db
    .selectFrom('income_assessment')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('period_end', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function latestGuarantee(db: Db, householdId: string): Promise<GuaranteeCheckRow | undefined> {
  return db
    .selectFrom('guarantee_check')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('checked_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function listHelpers(db: Db, householdId: string) {
  return db
    .selectFrom('household_helper')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('start_date')
    .execute()
}

/** Active persons holding one of these ID numbers (for uniqueness checks). */
export function findActiveByIdNumbers(db: Db, idNumbers: string[]): Promise<PersonRow[]> {
  if (idNumbers.length === 0) return Promise.resolve([])
  return db
    .selectFrom('person')
    .selectAll()
    .where('status', '=', 'ACTIVE')
    .where('id_number', 'in', idNumbers)
    .execute()
}

export async function insertHousehold(db: Db, row: Insertable<HouseholdTable>): Promise<void> {
  await db.insertInto('household').values(row).execute()
}

export async function insertPerson(db: Db, row: Insertable<PersonTable>): Promise<void> {
  await db.insertInto('person').values(row).execute()
}

export async function nextHouseholdSeq(db: Db, regionCode: string): Promise<number> {
  const row = await db
    .selectFrom('household')
    .select(sql<string | null>`max(household_no)`.as('max'))
    .where('household_no', 'like', `${regionCode}%`)
    .executeTakeFirst()
  const tail = row?.max?.slice(regionCode.length)
  return tail && /^\d+$/.test(tail) ? Number(tail) + 1 : 1
}

/** The columns of a household the list shows, with the head's name. */
export type HouseholdListRow = Pick<
  HouseholdRow,
  | 'id'
  | 'household_no'
  | 'region_code'
  | 'household_type'
  | 'phone'
  | 'monitoring_status'
  | 'low_income_groups'
  | 'whole_household_no_labour'
  | 'version'
  | 'updated_at'
> & { head_name: string | null }

const REGION_NAME_TTL_MS = 10 * 60_000
const regionNames = new Map<string, { name: string; at: number }>()

/**
 * Names of current regions by code, for lists (villages and their townships). Region names change only with the
 * yearly division updates, so they are kept in memory for ten minutes.
 */
export async function regionNamesOf(db: Db, codes: Iterable<string>): Promise<Map<string, string>> {
  const now = Date.now()
  const out = new Map<string, string>()
  const missing: string[] = []
  for (const c of new Set(codes)) {
    const hit = regionNames.get(c)
    if (hit && now - hit.at < REGION_NAME_TTL_MS) out.set(c, hit.name)
    else missing.push(c)
  }
  if (missing.length) {
    const rows = await db
      .selectFrom('region')
      .select(['code', 'name'])
      .where('code', 'in', missing)
      .where('valid_to', 'is', null)
      .execute()
    if (regionNames.size > 50_000) regionNames.clear()
    for (const r of rows) {
      regionNames.set(r.code, { name: r.name, at: now })
      out.set(r.code, r.name)
    }
  }
  return out
}

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * What a search term is: a household number (village code + sequence, or a dashed national number), a full ID number,
 * a mobile phone, the last 4–6 characters of an ID number (stars allowed in front), pinyin initials or full pinyin,
 * or else the start of a name. The SQL search and the in-memory index (search-index.ts) both read terms with this.
 */
export type SearchTerm =
  | { kind: 'householdNo'; value: string }
  | { kind: 'idNumber'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'idSuffix'; value: string }
  | { kind: 'letters'; value: string }
  | { kind: 'name'; value: string }

export function readTerm(term: string): SearchTerm {
  if (/^\d{16}$|^[0-9A-Za-z]+-[0-9A-Za-z-]+$/.test(term)) return { kind: 'householdNo', value: term }
  if (/^\d{17}[\dXx]$|^\d{15}$/.test(term)) return { kind: 'idNumber', value: term.toUpperCase() }
  if (/^1\d{10}$/.test(term)) return { kind: 'phone', value: term }
  if (/^\*+[\dXx]{4,6}$|^[\dXx]{4,6}$/.test(term))
    return { kind: 'idSuffix', value: term.replace(/^\*+/, '').toUpperCase() }
  if (/^[a-z]+$/i.test(term)) return { kind: 'letters', value: term.toLowerCase() }
  return { kind: 'name', value: term }
}

/**
 * The birth dates of a member aged `ageMin`…`ageMax` on `today`: born on or before `latest` and after `after`
 * (YYYY-MM-DD; absent when the bound is not asked for).
 */
export function birthBounds(today: string, ageMin?: number, ageMax?: number): { latest?: string; after?: string } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const shift = (years: number) =>
    `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  return {
    ...(ageMin !== undefined ? { latest: shift(ageMin) } : {}),
    ...(ageMax !== undefined ? { after: shift(ageMax + 1) } : {}),
  }
}

/** The risks named by the household `h`'s latest assistance plan (the list's risk-type filter). */
export const latestPlanRisks = sql<string[] | null>`(select mp.risks from monitoring_plan mp
  where mp.household_id = h.id order by mp.created_at desc limit 1)`

/** The columns of `household as h` a list row has (with `head_name`, below). */
export const LIST_COLUMNS = [
  'h.id',
  'h.household_no',
  'h.region_code',
  'h.household_type',
  'h.phone',
  'h.monitoring_status',
  'h.low_income_groups',
  'h.whole_household_no_labour',
  'h.version',
  'h.updated_at',
] as const

/** The name of the household `h`'s head while active, as `head_name`. */
export function headName(eb: ExpressionBuilder<Database & { h: HouseholdTable }, 'h'>) {
  return eb
    .selectFrom('person as hp')
    .select('hp.name')
    .whereRef('hp.id', '=', 'h.head_person_id')
    .where('hp.status', '=', 'ACTIVE')
    .as('head_name')
}

/**
 * One page of households inside `scope` matching the query. Person-level criteria use EXISTS over the indexed
 * person table, so a county of a million persons answers from indexes.
 */
export async function searchHouseholds(
  db: Db,
  scope: string,
  q: HouseholdQuery,
  today: string,
  opts: { broadAt?: number; countCap?: number } = {},
): Promise<{ rows: HouseholdListRow[]; total: number; capped: boolean }> {
  const broadAt = opts.broadAt ?? BROAD_AT
  const cap = opts.countCap ?? COUNT_CAP
  const region = q.region?.startsWith(scope) ? q.region : scope
  // A village is an equality (the planner estimates it from the column statistics and walks the index); a shorter
  // prefix is a range over the same text_pattern_ops index.
  let base = db
    .selectFrom('household as h')
    .where('h.region_code', region.length === 12 ? '=' : 'like', region.length === 12 ? region : `${region}%`)
    .where('h.status', '=', 'ACTIVE')
  if (region.length >= 6) base = base.where('h.county_code', '=', region.slice(0, 6))
  if (q.householdType) base = base.where('h.household_type', '=', q.householdType)
  if (q.monitoringStatus) base = base.where('h.monitoring_status', '=', q.monitoringStatus)
  if (q.lowIncomeGroup) base = base.where(sql<boolean>`${q.lowIncomeGroup} = any(h.low_income_groups)`)
  if (q.noLabour) base = base.where('h.whole_household_no_labour', '=', q.noLabour === 'true')
  if (q.riskType) base = base.where(sql<boolean>`${latestPlanRisks} ? ${q.riskType}`)
  const personCond = (p: ReturnType<typeof db.selectFrom<'person as p'>>) =>
    p.select(sql`1`.as('one')).where('p.household_id', '=', sql<string>`h.id`).where('p.status', '=', 'ACTIVE')
  if (q.disabled) {
    const has = personCond(db.selectFrom('person as p')).where('p.disability_level', 'is not', null)
    base = base.where((eb) => (q.disabled === 'true' ? eb.exists(has) : eb.not(eb.exists(has))))
  }
  if (q.ageMin !== undefined || q.ageMax !== undefined) {
    let p = personCond(db.selectFrom('person as p'))
    const { latest, after } = birthBounds(today, q.ageMin, q.ageMax)
    if (latest) p = p.where('p.birth_date', '<=', latest)
    if (after) p = p.where('p.birth_date', '>', after)
    base = base.where((eb) => eb.exists(p))
  }
  let personTerm = false
  /** A name, pinyin or initials term matching more than `broadAt` persons: see below. */
  let broad: ReturnType<typeof db.selectFrom<'person as p'>> | undefined
  if (q.q) {
    const term = readTerm(q.q.trim())
    const county = region.length >= 6 ? region.slice(0, 6) : undefined
    if (term.kind === 'householdNo') {
      base = base.where('h.household_no', '=', term.value)
    } else {
      const v = term.value
      let p = db.selectFrom('person as p').select('p.household_id').where('p.status', '=', 'ACTIVE')
      if (county) p = p.where('p.county_code', '=', county)
      if (term.kind === 'idNumber') p = p.where('p.id_number', '=', v)
      else if (term.kind === 'phone') p = p.where('p.phone', '=', v)
      else if (term.kind === 'idSuffix')
        p = p.where(sql`right(p.id_number, 4)`, '=', v.slice(-4)).where('p.id_number', 'like', `%${v}`)
      else if (term.kind === 'letters')
        p = p.where((eb) =>
          eb.or([eb('p.name_initials', 'like', `${escapeLike(v)}%`), eb('p.name_pinyin', 'like', `${escapeLike(v)}%`)]),
        )
      else p = p.where('p.name', 'like', `${escapeLike(v)}%`)
      const byName = term.kind === 'letters' || term.kind === 'name'
      // The matching persons first, then their households by primary key: otherwise, for a common prefix (马牙:
      // 3,769 persons) the planner walks the household-number index probing each household's members (150 ms
      // instead of 15 ms, measured at 1 M persons). A name term is probed first, at most `broadAt` + 1 persons:
      // when they are all, their households are the match (exact total); when there are more (马哈 matches 19,667
      // persons in 东乡), fetching and sorting every match costs 150 ms, so such a term walks the households in
      // page order instead and reports "COUNT_CAP or more" (below).
      let matched = sql<string>`any(array(${p}))`
      // only for a plain search of a county (or wider) by term: any other filter or a smaller region may leave
      // fewer than COUNT_CAP households, and then the total must be counted
      const plain =
        region.length <= 6 &&
        !q.householdType &&
        !q.monitoringStatus &&
        !q.lowIncomeGroup &&
        !q.noLabour &&
        !q.riskType &&
        !q.disabled &&
        q.ageMin === undefined &&
        q.ageMax === undefined
      if (byName && plain && q.sort === 'householdNo') {
        const probe = await sql<{ persons: number; households: string[] }>`
          select count(*)::int as persons, coalesce(array_agg(distinct x.household_id), '{}') as households
          from (${p.limit(broadAt + 1)}) as x`.execute(db)
        const { persons, households } = probe.rows[0] ?? { persons: 0, households: [] }
        // a broad term's first persons already span COUNT_CAP households, so "COUNT_CAP or more" is true
        if (persons > broadAt && households.length >= cap) broad = p
        // (as an InitPlan: a plain array parameter of some hundred ids plans as a scan of every household)
        else if (persons <= broadAt) matched = sql<string>`any(array(select unnest(${households}::uuid[])))`
      }
      personTerm = true
      if (broad) {
        const members = broad.select(sql`1`.as('one')).where('p.household_id', '=', sql<string>`h.id`)
        base = base.where((eb) => eb.exists(members))
      } else
        base = base.where((eb) =>
          term.kind === 'phone' ? eb.or([eb('h.id', '=', matched), eb('h.phone', '=', v)]) : eb('h.id', '=', matched),
        )
    }
  }
  // Inside a township or a village (a few thousand households at most) fetching the region's rows and sorting them
  // is cheaper than walking the whole household-number index backwards until enough of them turn up (75–90 ms →
  // 5–15 ms at 224,000 households, measured), but the planner guesses otherwise; so there the sort key gets a
  // collation no index has (the same order for the ASCII digits and letters of a 户编号).
  const byNumber = region.length >= 9 ? sql`h.household_no collate "C"` : sql.ref('h.household_no')
  const sortCol =
    q.sort === 'updatedAt' ? sql.ref('h.updated_at') : q.sort === 'region' ? sql.ref('h.region_code') : byNumber
  // Narrow searches (a person term, a township or a village: at most some thousands of matches, all fetched for the
  // sort anyway) count in the same statement; a broad list counts separately, up to COUNT_CAP.
  const narrow = (personTerm && !broad) || region.length >= 9
  const found = await base
    .select(LIST_COLUMNS)
    .select(headName)
    .$if(narrow, (qb) => qb.select(sql<number>`count(*) over ()`.as('total_count')))
    .orderBy(sortCol, q.order)
    .orderBy('h.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute()
  const rows: HouseholdListRow[] = found.map(
    ({ total_count: _t, ...r }: { total_count?: number } & HouseholdListRow) => r,
  )
  if (narrow && found[0]) return { rows, total: Number(found[0].total_count), capped: false }
  if (broad) return { rows, total: cap, capped: true }
  // A first page that is not full is the whole result: no count needed.
  if (q.page === 1 && rows.length < q.pageSize) return { rows, total: rows.length, capped: false }
  // Counting stops at COUNT_CAP: past it the exact number is not worth a scan of the county.
  const count = await db
    .selectFrom(
      base
        .select(sql`1`.as('one'))
        .limit(cap + 1)
        .as('c'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const total = Number(count.n)
  return { rows, total: Math.min(total, cap), capped: total > cap }
}

/** Largest exact total a household search reports; beyond it the total is "COUNT_CAP or more". */
export const COUNT_CAP = 1_000

/** Persons a name, pinyin or initials term may match before the search walks households in page order instead. */
export const BROAD_AT = 2_000
