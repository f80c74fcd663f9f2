/**
 * The commit of an import batch: every valid household of the batch in one transaction, so a crash or a restart
 * leaves the whole batch or nothing of it. New households are written set-based — on PostgreSQL by `COPY … FROM
 * STDIN` into the tables (households, persons, memberships, version 1 of each household) on the transaction's own
 * connection, on the embedded database by multi-row `INSERT … SELECT FROM json_populate_recordset`; their audit rows
 * are appended to the hash chain in bulk. Existing households are compared with the file: unchanged ones are
 * skipped (a re-import changes nothing), changed ones go through the households module's version and audit functions.
 */
import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sql, type Transaction } from 'kysely'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { type Clock, chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { type AuditEventValues, type AuditInput, recordAudits } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import type { PersonFields } from '../households/households.schema.ts'
import {
  baseline,
  commitVersion,
  insertMembership,
  personRow,
  refreshDerived,
  searchText,
} from '../households/households.service.ts'
import { type Change, diffSnapshots, type Snapshot } from '../households/households.snapshot.ts'
import type { HouseholdRow, PersonRow } from '../households/households.table.ts'
import { pinyinOf } from '../households/pinyin.ts'
import { copyValue, type Value } from '../population/rows.ts'
import { bulkInsert } from './imports.bulk.ts'
import type { FileHousehold, MemberRecord } from './imports.validate.ts'

type Trx = Transaction<Database>

export interface CommitResult {
  created: number
  updated: number
  skipped: number
}

/** Where the new rows go: COPY on a PostgreSQL connection, or JSON multi-row inserts. */
export interface RowSink {
  kind: 'copy' | 'insert'
  write(table: keyof Database, columns: readonly string[], rows: Iterable<Value[]>): Promise<void>
}

/** COPY text of one value; a non-empty array of objects (a jsonb list such as `changes`) is JSON, not a text[]. */
const copyCell = (v: Value): string =>
  Array.isArray(v) && v.length > 0 && typeof v[0] !== 'string' ? copyValue(JSON.stringify(v)) : copyValue(v)

/** COPY text format into `table` on `client` (which must be the connection of the open transaction). */
export function copySink(client: pg.ClientBase): RowSink {
  return {
    kind: 'copy',
    async write(table, columns, rows) {
      const t0 = performance.now()
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
      const lines = function* () {
        let s = ''
        let n = 0
        for (const r of rows) {
          for (let i = 0; i < r.length; i++) {
            if (i > 0) s += '\t'
            s += copyCell(r[i] as Value)
          }
          s += '\n'
          if (++n === 1000) {
            yield s
            s = ''
            n = 0
          }
        }
        if (s) yield s
      }
      await pipeline(Readable.from(lines()), stream)
      if (process.env.XIANJIE_TRACE) process.stderr.write(`COPY ${table}: ${Math.round(performance.now() - t0)} ms\n`)
    },
  }
}

/** Multi-row `INSERT … SELECT FROM json_populate_recordset` in the transaction (the embedded database). */
export function insertSink(trx: Trx): RowSink {
  return {
    kind: 'insert',
    async write(table, columns, rows) {
      let batch: Record<string, unknown>[] = []
      const flush = async () => {
        if (batch.length) await bulkInsert(trx, table, batch, batch.length)
        batch = []
      }
      for (const r of rows) {
        const o: Record<string, unknown> = {}
        for (let i = 0; i < columns.length; i++) {
          const v = r[i]
          o[columns[i] as string] = v instanceof Date ? v.toISOString() : v
        }
        batch.push(o)
        if (batch.length === 2000) await flush()
      }
      await flush()
    },
  }
}

const HOUSEHOLD_COLUMNS = [
  'id',
  'household_no',
  'county_code',
  'region_code',
  'natural_village',
  'address',
  'phone',
  'head_person_id',
  'household_type',
  'is_formerly_poor',
  'tuopin_year',
  'relocated',
  'resettlement_site',
  'military_family',
  'whole_household_no_labour',
  'monitor_contact_name',
  'monitor_contact_phone',
  'land',
  'living_conditions',
  'housing',
  'assets',
  'monitoring_status',
  'low_income_groups',
  'status',
  'search_text',
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const satisfies ReadonlyArray<keyof HouseholdRow>

const PERSON_COLUMNS = [
  'id',
  'household_id',
  'county_code',
  'region_code',
  'name',
  'name_pinyin',
  'name_initials',
  'id_type',
  'id_number',
  'gender',
  'birth_date',
  'ethnicity',
  'political_status',
  'relation_to_head',
  'education',
  'school_status',
  'dropout_reason',
  'health',
  'labour_skill',
  'disability_cert_no',
  'disability_category',
  'disability_level',
  'work_status',
  'work_place',
  'work_months',
  'insurance',
  'assistance_flags',
  'phone',
  'bank_account',
  'status',
  'decrease_reason',
  'decrease_date',
  'version',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof PersonRow>

const MEMBERSHIP_COLUMNS = [
  'id',
  'person_id',
  'household_id',
  'county_code',
  'relation_to_head',
  'start_date',
  'end_date',
  'start_reason',
  'end_reason',
] as const

const VERSION_COLUMNS = [
  'id',
  'household_id',
  'version',
  'county_code',
  'region_code',
  'at',
  'actor_id',
  'actor_name',
  'action',
  'changes',
  'snapshot',
] as const

/** The fields of a member row as `PersonFields` for the households module's row builder. */
function personFields(m: MemberRecord): PersonFields {
  return {
    name: m.name,
    idType: m.idType as PersonFields['idType'],
    idNumber: m.idNumber,
    relationToHead: m.relationToHead as PersonFields['relationToHead'],
    health: m.health as PersonFields['health'],
    labourSkill: m.labourSkill as PersonFields['labourSkill'],
    ...(m.ethnicity ? { ethnicity: m.ethnicity } : {}),
    ...(m.education ? { education: m.education as PersonFields['education'] } : {}),
    ...(m.schoolStatus ? { schoolStatus: m.schoolStatus as PersonFields['schoolStatus'] } : {}),
    ...(m.disabilityCertNo ? { disabilityCertNo: m.disabilityCertNo } : {}),
    ...(m.workStatus ? { workStatus: m.workStatus as PersonFields['workStatus'] } : {}),
    ...(m.workPlace ? { workPlace: m.workPlace } : {}),
    ...(m.workMonths !== null ? { workMonths: m.workMonths } : {}),
    ...(m.phone ? { phone: m.phone } : {}),
    ...(m.bankAccount ? { bankAccount: m.bankAccount } : {}),
  }
}

function newPerson(
  m: MemberRecord,
  h: { id: string; county_code: string; region_code: string },
  now: Date,
  id?: string,
) {
  return personRow(
    {
      fields: personFields(m),
      idNumber: m.idNumber,
      birthDate: m.birthDate,
      gender: m.gender,
      disabilityCategory: m.disabilityCategory,
      disabilityLevel: m.disabilityLevel,
    },
    h,
    now,
    id,
  )
}

/** Person columns an import row may set, from the member record (only columns the file had). */
function personSet(m: MemberRecord): Record<string, unknown> {
  const all: Record<string, [string, unknown]> = {
    name: ['name', m.name],
    idType: ['id_type', m.idType],
    gender: ['gender', m.gender],
    birthDate: ['birth_date', m.birthDate],
    ethnicity: ['ethnicity', m.ethnicity],
    relationToHead: ['relation_to_head', m.relationToHead],
    education: ['education', m.education],
    schoolStatus: ['school_status', m.schoolStatus],
    health: ['health', m.health],
    labourSkill: ['labour_skill', m.labourSkill],
    disabilityCertNo: ['disability_cert_no', m.disabilityCertNo],
    workStatus: ['work_status', m.workStatus],
    workPlace: ['work_place', m.workPlace],
    workMonths: ['work_months', m.workMonths],
    phone: ['phone', m.phone],
    bankAccount: ['bank_account', m.bankAccount],
  }
  const out: Record<string, unknown> = {}
  for (const [f, [col, v]] of Object.entries(all))
    if (m.present.has(f) || f === 'gender' || f === 'birthDate') out[col] = v
  if (m.present.has('disabilityCertNo')) {
    out.disability_category = m.disabilityCategory
    out.disability_level = m.disabilityLevel
  }
  return out
}

function householdSet(h: FileHousehold): Record<string, unknown> {
  const r = h.household
  if (!r) return {}
  const all: Record<string, [string, unknown]> = {
    naturalVillage: ['natural_village', r.naturalVillage],
    householdType: ['household_type', r.householdType],
    phone: ['phone', r.phone],
    address: ['address', r.address],
    tuopinYear: ['tuopin_year', r.tuopinYear],
    militaryFamily: ['military_family', r.militaryFamily],
    relocated: ['relocated', r.relocated],
    resettlementSite: ['resettlement_site', r.resettlementSite],
    monitorContactName: ['monitor_contact_name', r.monitorContactName],
    monitorContactPhone: ['monitor_contact_phone', r.monitorContactPhone],
  }
  const out: Record<string, unknown> = {}
  for (const [f, [col, v]] of Object.entries(all)) if (r.present.has(f)) out[col] = v
  return out
}

const differs = (row: Record<string, unknown>, set: Record<string, unknown>) =>
  Object.entries(set).some(([k, v]) => (row[k] ?? null) !== (v ?? null))

/** A new household of the file, with the rows it becomes. */
interface NewHousehold {
  household: HouseholdRow
  members: PersonRow[]
}

/** Ids given to a new household and its members before any row is written (rows are rebuilt per table pass). */
interface Planned {
  file: FileHousehold
  id: string
  personIds: string[]
}

/**
 * The rows of a new household as stored (database defaults filled in), so its version 1 needs no read back. Built
 * again for each table instead of kept: a million members' row objects held at once push the heap into constant
 * garbage collection.
 */
function buildNew(plan: Planned, actor: Actor, now: Date): NewHousehold {
  const { file: h, id } = plan
  const r = h.household as NonNullable<FileHousehold['household']>
  const place = { id, county_code: r.regionCode.slice(0, 6), region_code: r.regionCode }
  let headId: string | null = null
  let headName: string | undefined
  const members: PersonRow[] = h.members.map((m, i) => {
    const p = newPerson(m, place, now, plan.personIds[i])
    if (m.relationToHead === 'HEAD') {
      headId = p.id
      headName = m.name
    }
    return {
      ...p,
      political_status: null,
      ethnicity: p.ethnicity ?? null,
      insurance: {},
      assistance_flags: {},
      status: 'ACTIVE',
      decrease_reason: null,
      decrease_date: null,
      version: 1,
    } as PersonRow
  })
  // The order the snapshot reads members in: head first, then by birth date.
  members.sort(
    (a, b) =>
      Number(b.relation_to_head === 'HEAD') - Number(a.relation_to_head === 'HEAD') ||
      (a.birth_date < b.birth_date ? -1 : a.birth_date > b.birth_date ? 1 : a.id < b.id ? -1 : 1),
  )
  const household: HouseholdRow = {
    ...place,
    household_no: h.householdNo,
    natural_village: r.naturalVillage,
    address: r.address,
    phone: r.phone,
    head_person_id: headId,
    household_type: r.householdType,
    is_formerly_poor: r.householdType === 'TUOPIN',
    tuopin_year: r.tuopinYear,
    relocated: r.relocated,
    resettlement_site: r.resettlementSite,
    military_family: r.militaryFamily,
    whole_household_no_labour:
      h.members.length > 0 && h.members.every((m) => m.labourSkill === 'LOST' || m.labourSkill === 'NONE'),
    monitor_contact_name: r.monitorContactName,
    monitor_contact_phone: r.monitorContactPhone,
    land: {},
    living_conditions: {},
    housing: {},
    assets: {},
    monitoring_status: 'NONE',
    low_income_groups: [],
    status: 'ACTIVE',
    search_text: searchText({ household_no: h.householdNo }, headName),
    version: 1,
    created_at: now,
    created_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
  }
  return { household, members }
}

/** Version 1 of a new household: the document `loadSnapshot` would read, and its changes from nothing. */
function firstVersion(n: NewHousehold): { snapshot: Snapshot; changes: Change[] } {
  const { search_text: _s, created_at, updated_at, ...h } = n.household
  const snapshot: Snapshot = {
    household: { ...h, created_at: created_at.toISOString(), updated_at: updated_at.toISOString() },
    members: n.members.map(({ created_at: _c, updated_at: _u, name_pinyin: _p, name_initials: _i, ...m }) => m),
    assessment: null,
    guarantee: null,
    helpers: [],
  }
  return { snapshot, changes: diffSnapshots(null, snapshot) }
}

const pick = <T extends object>(row: T, columns: readonly string[]): Value[] =>
  columns.map((c) => (row as Record<string, Value>)[c] ?? null)

/**
 * The rows of `items`, made as the sink reads them: on PostgreSQL the COPY stream pulls them, so building a slice's
 * member and version rows overlaps the server's work on the rows already sent instead of preceding it.
 */
function* rowsOf<T>(items: readonly T[], rows: (item: T) => Value[][]): Generator<Value[]> {
  for (const item of items) yield* rows(item)
}

/** New households built and written per COPY round. */
const SLICE = 20_000
/** Audit rows per chain append. */
const AUDIT_SLICE = 2_000

export interface CommitHooks {
  /** Called after the new rows are written and before versions and audit rows (tests simulate a crash here). */
  afterRows?: () => Promise<void>
  progress?: (fraction: number, message: string) => Promise<void>
}

/** Commits `list` (valid households of the batch) in the caller's transaction. */
export async function commitHouseholds(
  trx: Trx,
  deps: { clock: Clock },
  actor: Actor,
  list: readonly FileHousehold[],
  sink: RowSink,
  hooks: CommitHooks = {},
): Promise<CommitResult> {
  const now = deps.clock.now()
  const today = chinaDate(now)
  const res: CommitResult = { created: 0, updated: 0, skipped: 0 }
  // Existing households of the file, locked, with their persons.
  const existing = new Map<string, HouseholdRow>()
  const persons = new Map<string, PersonRow[]>()
  for (let i = 0; i < list.length; i += 20_000) {
    const nos = JSON.stringify(list.slice(i, i + 20_000).map((h) => ({ no: h.householdNo })))
    const rows = (
      await sql<HouseholdRow>`select h.* from household h join json_to_recordset(${nos}::json) as s(no text)
        on h.household_no = s.no order by h.id for update of h`.execute(trx)
    ).rows
    for (const r of rows) existing.set(r.household_no, r)
    if (rows.length) {
      const ids = rows.map((r) => r.id)
      const ps = await sql<PersonRow>`select * from person where household_id = any(${ids}::uuid[])`.execute(trx)
      for (const p of ps.rows) {
        const l = persons.get(p.household_id) ?? []
        l.push(p)
        persons.set(p.household_id, l)
      }
    }
  }
  await hooks.progress?.(0.2, `已锁定 ${existing.size} 个已登记户 / ${existing.size} registered households locked`)
  const planned: Planned[] = []
  for (const h of list) {
    const ex = existing.get(h.householdNo)
    if (!ex) {
      if (h.household) planned.push({ file: h, id: randomUUID(), personIds: h.members.map(() => randomUUID()) })
      continue
    }
    if (await updateExisting(trx, deps, actor, h, ex, persons.get(ex.id) ?? [], now, today)) res.updated++
    else res.skipped++
  }
  existing.clear()
  persons.clear()
  res.created = planned.length
  if (planned.length === 0) return res
  // In slices of SLICE households: each slice's rows are built once and go in by one COPY per table, so memory
  // stays bounded by the slice while the whole batch is still one transaction.
  for (let start = 0; start < planned.length; start += SLICE) {
    const slice = planned.slice(start, start + SLICE).map((p) => buildNew(p, actor, now))
    await hooks.progress?.(
      0.3 + (0.6 * start) / planned.length,
      `写入第 ${start + 1}–${start + slice.length} 户（共 ${planned.length} 户）/ writing households ${start + 1}–${start + slice.length} of ${planned.length}`,
    )
    await sink.write(
      'household',
      HOUSEHOLD_COLUMNS,
      slice.map((n) => pick(n.household, HOUSEHOLD_COLUMNS)),
    )
    await sink.write(
      'person',
      PERSON_COLUMNS,
      rowsOf(slice, (n) => n.members.map((p) => pick(p, PERSON_COLUMNS))),
    )
    await sink.write(
      'membership',
      MEMBERSHIP_COLUMNS,
      rowsOf(slice, (n) =>
        n.members.map((p) => [
          randomUUID(),
          p.id,
          p.household_id,
          p.county_code,
          p.relation_to_head,
          today,
          null,
          'IMPORT',
          null,
        ]),
      ),
    )
    if (start === 0) await hooks.afterRows?.()
    await sink.write(
      'household_version',
      VERSION_COLUMNS,
      rowsOf(slice, (n) => {
        const { snapshot, changes } = firstVersion(n)
        const h = n.household
        return [
          [
            randomUUID(),
            h.id,
            1,
            h.county_code,
            h.region_code,
            now,
            actor.userId,
            actor.username,
            'import',
            changes as unknown as Value,
            snapshot as unknown as Value,
          ],
        ]
      }),
    )
  }
  await hooks.progress?.(0.92, '写入审计记录 / audit rows')
  // One audit row per new household. Its image is the household's key facts (masked); the full first version is
  // the household_version row written above. Appended in slices, through the same COPY (or INSERT) sink as the rows.
  for (let start = 0; start < planned.length; start += AUDIT_SLICE) {
    const audits: AuditInput[] = planned.slice(start, start + AUDIT_SLICE).map((p) => {
      const r = p.file.household as NonNullable<FileHousehold['household']>
      return {
        action: 'household.import',
        subjectType: 'household',
        subjectId: p.id,
        regionCode: r.regionCode,
        before: null,
        after: {
          household_no: p.file.householdNo,
          region_code: r.regionCode,
          household_type: r.householdType,
          phone: r.phone,
          members: p.file.members.map((m) => ({ name: m.name, relation: m.relationToHead })),
          version: 1,
        },
      }
    })
    // COPY takes before/after as the JSON text recordAudits builds; the INSERT sink would store that text as a
    // jsonb string, so without COPY (PGlite) recordAudits inserts the rows itself
    const copy =
      sink.kind === 'copy'
        ? (rows: readonly AuditEventValues[]) => {
            const columns = Object.keys(rows[0] ?? {}) as Array<keyof AuditEventValues>
            return sink.write(
              'audit_event',
              columns,
              rows.map((r) => columns.map((c) => r[c] as Value)),
            )
          }
        : undefined
    await recordAudits(trx, deps, actor, audits, copy)
  }
  return res
}

/** Updates an existing household from the file; false when nothing differs (skipped). */
async function updateExisting(
  trx: Trx,
  deps: { clock: Clock },
  actor: Actor,
  h: FileHousehold,
  ex: HouseholdRow,
  current: readonly PersonRow[],
  now: Date,
  today: string,
): Promise<boolean> {
  const byId = new Map(current.map((p) => [p.id_number, p]))
  const hSet = householdSet(h)
  const pUpdates: Array<{ id: string; set: Record<string, unknown> }> = []
  const pNew: MemberRecord[] = []
  for (const m of h.members) {
    const p = byId.get(m.idNumber)
    if (!p) pNew.push(m)
    else {
      const set = personSet(m)
      if (differs(p as unknown as Record<string, unknown>, set)) pUpdates.push({ id: p.id, set })
    }
  }
  if (!differs(ex as unknown as Record<string, unknown>, hSet) && pUpdates.length === 0 && pNew.length === 0)
    return false
  const before = await baseline(trx, ex)
  if (Object.keys(hSet).length) await trx.updateTable('household').set(hSet).where('id', '=', ex.id).execute()
  for (const u of pUpdates) {
    const set: Record<string, unknown> = { ...u.set, updated_at: now }
    if (typeof set.name === 'string') {
      const py = pinyinOf(set.name)
      Object.assign(set, { name_pinyin: py.full, name_initials: py.initials })
    }
    await trx.updateTable('person').set(set).where('id', '=', u.id).execute()
    const rel = set.relation_to_head
    if (typeof rel === 'string')
      await trx
        .updateTable('membership')
        .set({ relation_to_head: rel })
        .where('person_id', '=', u.id)
        .where('end_date', 'is', null)
        .execute()
  }
  for (const m of pNew) {
    const p = newPerson(m, ex, now)
    await trx.insertInto('person').values(p).execute()
    await insertMembership(trx, p.id, ex, m.relationToHead, today, 'IMPORT')
  }
  await refreshDerived(trx, ex.id)
  await commitVersion(trx, { db: trx, clock: deps.clock }, actor, ex.id, 'import', before)
  return true
}
