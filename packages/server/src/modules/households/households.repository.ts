import { type Insertable, type Kysely, sql, type Transaction } from 'kysely'
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

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`)
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
): Promise<{ rows: HouseholdRow[]; total: number; capped: boolean }> {
  const region = q.region?.startsWith(scope) ? q.region : scope
  let base = db
    .selectFrom('household as h')
    .where('h.region_code', 'like', `${region}%`)
    .where('h.status', '=', 'ACTIVE')
  if (region.length >= 6) base = base.where('h.county_code', '=', region.slice(0, 6))
  if (q.householdType) base = base.where('h.household_type', '=', q.householdType)
  if (q.monitoringStatus) base = base.where('h.monitoring_status', '=', q.monitoringStatus)
  if (q.lowIncomeGroup) base = base.where(sql<boolean>`${q.lowIncomeGroup} = any(h.low_income_groups)`)
  if (q.noLabour) base = base.where('h.whole_household_no_labour', '=', q.noLabour === 'true')
  const personCond = (p: ReturnType<typeof db.selectFrom<'person as p'>>) =>
    p.select(sql`1`.as('one')).where('p.household_id', '=', sql<string>`h.id`).where('p.status', '=', 'ACTIVE')
  if (q.disabled) {
    const has = personCond(db.selectFrom('person as p')).where('p.disability_level', 'is not', null)
    base = base.where((eb) => (q.disabled === 'true' ? eb.exists(has) : eb.not(eb.exists(has))))
  }
  if (q.ageMin !== undefined || q.ageMax !== undefined) {
    let p = personCond(db.selectFrom('person as p'))
    const [y, m, d] = today.split('-').map(Number) as [number, number, number]
    const shift = (years: number) =>
      `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    if (q.ageMin !== undefined) p = p.where('p.birth_date', '<=', shift(q.ageMin))
    if (q.ageMax !== undefined) p = p.where('p.birth_date', '>', shift(q.ageMax + 1))
    base = base.where((eb) => eb.exists(p))
  }
  if (q.q) {
    const term = q.q.trim()
    const lower = term.toLowerCase()
    const county = region.length >= 6 ? region.slice(0, 6) : undefined
    if (/^\d{16}$|^[0-9A-Za-z]+-[0-9A-Za-z-]+$/.test(term)) {
      // A household number (village code + sequence, or a dashed national number).
      base = base.where('h.household_no', '=', term)
    } else {
      let p = db.selectFrom('person as p').select('p.household_id').where('p.status', '=', 'ACTIVE')
      if (county) p = p.where('p.county_code', '=', county)
      if (/^\d{17}[\dXx]$|^\d{15}$/.test(term)) {
        p = p.where('p.id_number', '=', term.toUpperCase())
      } else if (/^1\d{10}$/.test(term)) {
        p = p.where('p.phone', '=', term)
      } else if (/^\*+[\dXx]{4,6}$|^[\dXx]{4,6}$/.test(term)) {
        const suffix = term.replace(/^\*+/, '').toUpperCase()
        p = p.where(sql`right(p.id_number, 4)`, '=', suffix.slice(-4)).where('p.id_number', 'like', `%${suffix}`)
      } else if (/^[a-z]+$/i.test(term)) {
        p = p.where((eb) =>
          eb.or([
            eb('p.name_initials', 'like', `${escapeLike(lower)}%`),
            eb('p.name_pinyin', 'like', `${escapeLike(lower)}%`),
          ]),
        )
      } else {
        p = p.where('p.name', 'like', `${escapeLike(term)}%`)
      }
      base = base.where((eb) =>
        /^1\d{10}$/.test(term) ? eb.or([eb('h.id', 'in', p), eb('h.phone', '=', term)]) : eb('h.id', 'in', p),
      )
    }
  }
  const sortCol = q.sort === 'updatedAt' ? 'h.updated_at' : q.sort === 'region' ? 'h.region_code' : 'h.household_no'
  const [rows, count] = await Promise.all([
    base
      .selectAll('h')
      .orderBy(sortCol, q.order)
      .orderBy('h.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    // Counting stops at COUNT_CAP: past it the exact number is not worth a scan of the county.
    db
      .selectFrom(
        base
          .select(sql`1`.as('one'))
          .limit(COUNT_CAP + 1)
          .as('c'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  const total = Number(count.n)
  return { rows, total: Math.min(total, COUNT_CAP), capped: total > COUNT_CAP }
}

/** Largest exact total a household search reports; beyond it the total is "COUNT_CAP or more". */
export const COUNT_CAP = 1_000
