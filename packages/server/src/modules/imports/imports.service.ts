/**
 * Household imports in the national layouts: upload (the files are kept in the database), a validation job that
 * writes a report per row and column, and a commit job (all rows or only the valid households) that upserts by
 * 户编号 and 证件号码 in chunks, each chunk one transaction with a checkpoint, so a re-run skips what is done and a
 * re-import of the same file changes nothing.
 */
import { createHash, randomUUID } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import type { JobIo } from '../../platform/jobs.ts'
import { recordAudits } from '../audit/audit.service.ts'
import { type Actor, requirePermission } from '../auth/actor.ts'
import type { PersonFields } from '../households/households.schema.ts'
import {
  baseline,
  chinaDate,
  commitVersion,
  insertMembership,
  personRow,
  refreshDerived,
  searchText,
} from '../households/households.service.ts'
import { diffSnapshots, maskChanges, toSnapshot } from '../households/households.snapshot.ts'
import type { HouseholdRow, PersonRow } from '../households/households.table.ts'
import { pinyinOf } from '../households/pinyin.ts'
import { bulkInsert } from './imports.bulk.ts'
import { readFile } from './imports.read.ts'
import type { ImportBatchRow } from './imports.table.ts'
import {
  type FileHousehold,
  type MemberRecord,
  type ParsedFile,
  type RowIssue,
  validateSheets,
  validHouseholds,
} from './imports.validate.ts'

type Trx = Transaction<Database>
type Db = Kysely<Database> | Trx

export type CommitMode = 'all' | 'valid'

/** Households per commit transaction. */
export const CHUNK = 2000

const notFound = () => new AppError('NOT_FOUND', { what: '导入批次', whatEn: 'Import' })

export async function findBatch(db: Db, actor: Actor, id: string): Promise<ImportBatchRow> {
  const row = await db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row?.scope.startsWith(actor.scope)) throw notFound()
  return row
}

/** Stores the uploaded files as a new batch. The caller queues the validation. */
export async function createBatch(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  files: ReadonlyArray<{ name: string; content: Buffer }>,
): Promise<ImportBatchRow> {
  requirePermission(actor, 'household.edit')
  if (files.length === 0)
    throw new AppError('VALIDATION_FAILED', { summary: '请上传 .xlsx 或 .csv 文件 / upload an .xlsx or .csv file' })
  for (const f of files) {
    if (!/\.(xlsx|csv)$/i.test(f.name))
      throw new AppError('VALIDATION_FAILED', {
        summary: `${f.name}：只支持 .xlsx 和 .csv / only .xlsx and .csv files are accepted`,
      })
  }
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto('import_batch')
      .values({
        id: randomUUID(),
        county_code: actor.scope.length >= 6 ? actor.scope.slice(0, 6) : null,
        scope: actor.scope,
        file_name: files.map((f) => f.name).join(', '),
        status: 'uploaded',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    for (const f of files) {
      await trx
        .insertInto('import_file')
        .values({
          id: randomUUID(),
          batch_id: batch.id,
          name: f.name,
          content: f.content,
          sha256: createHash('sha256').update(f.content).digest('hex'),
        })
        .execute()
    }
    return batch
  })
}

export interface Analysis {
  parsed: ParsedFile
  /** Existing households by number. */
  existing: Map<string, HouseholdRow>
  valid: FileHousehold[]
}

const issue = (
  at: { sheet: string; rowNo: number },
  column: string | null,
  value: string | null,
  code: string,
  zh: string,
  en: string,
): RowIssue => ({ sheet: at.sheet, row: at.rowNo, column, value, code, severity: 'error', message: zh, messageEn: en })

function* chunks<T>(list: readonly T[], n: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += n) yield list.slice(i, i + n)
}

/** Parses and validates the batch's files, then checks them against the database (set-based, no query per row). */
export async function analyse(db: Db, batch: ImportBatchRow, today: string): Promise<Analysis> {
  const files = await db
    .selectFrom('import_file')
    .select(['name', 'content'])
    .where('batch_id', '=', batch.id)
    .execute()
  const sheets = (await Promise.all(files.map((f) => readFile(f.name, Buffer.from(f.content))))).flat()
  const parsed = validateSheets(sheets, { today })
  const push = (i: RowIssue) => {
    parsed.issues.push(i)
    parsed.invalidRows.add(`${i.sheet}:${i.row}`)
  }
  for (const name of parsed.unknownSheets) {
    parsed.issues.push({
      sheet: name,
      row: 1,
      column: null,
      value: null,
      code: 'SHEET_UNKNOWN',
      severity: 'warning',
      message: `工作表“${name}”的表头既不是户表也不是家庭成员表，已忽略`,
      messageEn: `sheet "${name}" matches neither the household nor the member layout and was ignored`,
    })
  }
  const households = [...parsed.households.values()]
  // Regions: village level, known, inside the uploader's scope.
  const codes = [...new Set(households.flatMap((h) => (h.household ? [h.household.regionCode] : [])))]
  const regions = new Map<string, number>()
  for (const part of chunks(codes, 5000)) {
    const rows = await db
      .selectFrom('region')
      .select(['code', 'level'])
      .where('code', 'in', part)
      .where('valid_to', 'is', null)
      .execute()
    for (const r of rows) regions.set(r.code, r.level)
  }
  // Existing households, joined on the file's numbers.
  const existing = new Map<string, HouseholdRow>()
  for (const part of chunks(households, 20000)) {
    const nos = JSON.stringify(part.map((h) => ({ no: h.householdNo })))
    const rows = await sql<HouseholdRow>`
      select h.* from household h join json_to_recordset(${nos}::json) as s(no text) on h.household_no = s.no`.execute(
      db,
    )
    for (const r of rows.rows) existing.set(r.household_no, r)
  }
  // ID numbers active in another household.
  const idOwner = new Map<string, string>()
  const members = households.flatMap((h) => h.members)
  for (const part of chunks(members, 20000)) {
    const ids = JSON.stringify(part.map((m) => ({ id: m.idNumber })))
    const rows = await sql<{ id_number: string; household_no: string }>`
      select p.id_number, h.household_no from person p
        join json_to_recordset(${ids}::json) as s(id text) on p.id_number = s.id
        join household h on h.id = p.household_id
      where p.status = 'ACTIVE'`.execute(db)
    for (const r of rows.rows) idOwner.set(r.id_number, r.household_no)
  }
  for (const h of households) {
    const hr = h.household
    const ex = existing.get(h.householdNo)
    const first = hr ?? h.members[0]
    if (!first) continue
    if (hr) {
      const level = regions.get(hr.regionCode)
      if (level === undefined)
        push(
          issue(
            hr,
            '行政区划代码',
            hr.regionCode,
            'REGION_UNKNOWN',
            `区划代码 ${hr.regionCode} 不存在或已撤销`,
            `region code ${hr.regionCode} does not exist or was abolished`,
          ),
        )
      else if (level !== 5)
        push(
          issue(
            hr,
            '行政区划代码',
            hr.regionCode,
            'REGION_NOT_VILLAGE',
            `区划代码 ${hr.regionCode} 不是村级（第5级）`,
            `region code ${hr.regionCode} is not a village (level 5)`,
          ),
        )
      else if (!hr.regionCode.startsWith(batch.scope))
        push(
          issue(
            hr,
            '行政区划代码',
            hr.regionCode,
            'REGION_OUT_OF_SCOPE',
            `区划 ${hr.regionCode} 不在您的管辖范围内`,
            `region ${hr.regionCode} is outside your area`,
          ),
        )
      if (ex && ex.region_code !== hr.regionCode && ex.region_code.startsWith(batch.scope))
        push(
          issue(
            hr,
            '行政区划代码',
            hr.regionCode,
            'REGION_CHANGED',
            `户 ${h.householdNo} 已登记在 ${ex.region_code}；跨村迁移请使用分户/迁移功能`,
            `household ${h.householdNo} is registered in ${ex.region_code}; move it with the transfer functions`,
          ),
        )
    }
    if (ex && !ex.region_code.startsWith(batch.scope))
      push(
        issue(
          first,
          '户编号',
          h.householdNo,
          'HOUSEHOLD_OUT_OF_SCOPE',
          `户编号 ${h.householdNo} 已被管辖范围外的户使用`,
          `household number ${h.householdNo} belongs to a household outside your area`,
        ),
      )
    else if (ex && ex.status !== 'ACTIVE')
      push(
        issue(
          first,
          '户编号',
          h.householdNo,
          'HOUSEHOLD_INACTIVE',
          `户 ${h.householdNo} 已注销或合并（${ex.status}）`,
          `household ${h.householdNo} is ${ex.status}`,
        ),
      )
    if (!ex && !hr) {
      for (const m of h.members)
        push(
          issue(
            m,
            '户编号',
            h.householdNo,
            'HOUSEHOLD_MISSING',
            `户编号 ${h.householdNo} 既不在户表中，也未登记`,
            `household ${h.householdNo} is neither in the household sheet nor registered`,
          ),
        )
    }
    for (const m of h.members) {
      const owner = idOwner.get(m.idNumber)
      if (owner && owner !== h.householdNo)
        push(
          issue(
            m,
            m.sheet === hr?.sheet ? '户主证件号码' : '证件号码',
            m.idNumber,
            'ID_IN_OTHER_HOUSEHOLD',
            `证件号码已登记在户 ${owner} 的在册成员中（一人只能属于一户）`,
            `this ID number belongs to an active member of household ${owner}`,
          ),
        )
    }
  }
  return { parsed, existing, valid: validHouseholds(parsed) }
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const

/** Validation job body: analyse, store the issues, update the counts. */
export async function runValidation(io: JobIo, batchId: string): Promise<ReturnType<typeof summarise>> {
  const { db } = io
  const batch = await db.selectFrom('import_batch').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow()
  await db
    .updateTable('import_batch')
    .set({ status: 'validating', job_id: io.jobId, updated_at: io.clock.now() })
    .where('id', '=', batchId)
    .execute()
  try {
    await io.progress(0.05, '读取文件 / reading')
    const a = await analyse(db, batch, chinaDate(io.clock.now()))
    await io.progress(0.7, '写入校验报告 / writing the report')
    const counts = summarise(a)
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('import_row_issue').where('batch_id', '=', batchId).execute()
      const sorted = [...a.parsed.issues].sort(
        (x, y) =>
          x.sheet.localeCompare(y.sheet) || x.row - y.row || SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity],
      )
      await bulkInsert(
        trx,
        'import_row_issue',
        sorted.map((i, seq) => ({
          batch_id: batchId,
          seq,
          sheet: i.sheet,
          row_no: i.row,
          column_name: i.column,
          value: i.value,
          code: i.code,
          severity: i.severity,
          message: i.message,
          message_en: i.messageEn,
        })),
        10000,
      )
      await trx
        .updateTable('import_batch')
        .set({
          status: 'validated',
          total_rows: counts.totalRows,
          valid_rows: counts.validRows,
          invalid_rows: counts.invalidRows,
          households: counts.households,
          valid_households: counts.validHouseholds,
          updated_at: io.clock.now(),
        })
        .where('id', '=', batchId)
        .execute()
    })
    return counts
  } catch (err) {
    await db
      .updateTable('import_batch')
      .set({ status: 'failed', error: (err as Error).message, updated_at: io.clock.now() })
      .where('id', '=', batchId)
      .execute()
    throw err
  }
}

function summarise(a: Analysis) {
  const invalid = a.parsed.allRows.filter((r) => a.parsed.invalidRows.has(r)).length
  return {
    totalRows: a.parsed.allRows.length,
    validRows: a.parsed.allRows.length - invalid,
    invalidRows: invalid,
    households: a.parsed.households.size,
    validHouseholds: a.valid.length,
  }
}

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

export interface ChunkResult {
  created: number
  updated: number
  skipped: number
}

/** Commits one chunk of valid households in the caller's transaction. */
export async function commitChunk(
  trx: Trx,
  deps: Pick<AppDeps, 'clock'>,
  actor: Actor,
  list: readonly FileHousehold[],
): Promise<ChunkResult> {
  const now = deps.clock.now()
  const today = chinaDate(now)
  const nos = JSON.stringify(list.map((h) => ({ no: h.householdNo })))
  const existing = new Map(
    (
      await sql<HouseholdRow>`select h.* from household h join json_to_recordset(${nos}::json) as s(no text) on h.household_no = s.no for update of h`.execute(
        trx,
      )
    ).rows.map((r) => [r.household_no, r]),
  )
  const ids = [...existing.values()].map((r) => r.id)
  const persons = new Map<string, PersonRow[]>()
  if (ids.length) {
    const rows = await trx.selectFrom('person').selectAll().where('household_id', 'in', ids).execute()
    for (const p of rows) {
      const l = persons.get(p.household_id) ?? []
      l.push(p)
      persons.set(p.household_id, l)
    }
  }
  const res: ChunkResult = { created: 0, updated: 0, skipped: 0 }
  const newHouseholds: Record<string, unknown>[] = []
  const newPersons: Record<string, unknown>[] = []
  const newMemberships: Record<string, unknown>[] = []
  const createdIds: string[] = []
  for (const h of list) {
    const ex = existing.get(h.householdNo)
    if (!ex) {
      const r = h.household
      if (!r) continue
      const id = randomUUID()
      const place = { id, county_code: r.regionCode.slice(0, 6), region_code: r.regionCode }
      let headId: string | null = null
      let headName: string | undefined
      for (const m of h.members) {
        const p = personRow(
          {
            fields: personFields(m),
            idNumber: m.idNumber,
            birthDate: m.birthDate,
            gender: m.gender,
            disabilityCategory: m.disabilityCategory,
            disabilityLevel: m.disabilityLevel,
          },
          place,
          now,
        )
        newPersons.push({
          ...p,
          insurance: {},
          assistance_flags: {},
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        newMemberships.push({
          id: randomUUID(),
          person_id: p.id,
          household_id: id,
          county_code: place.county_code,
          relation_to_head: m.relationToHead,
          start_date: today,
          end_date: null,
          start_reason: 'IMPORT',
          end_reason: null,
        })
        if (m.relationToHead === 'HEAD') {
          headId = p.id as string
          headName = m.name
        }
      }
      newHouseholds.push({
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
        created_at: now.toISOString(),
        created_by: actor.userId,
        updated_at: now.toISOString(),
        updated_by: actor.userId,
      })
      createdIds.push(id)
      res.created++
      continue
    }
    // Existing household: update what differs, add members not yet registered; unchanged → skipped.
    const current = persons.get(ex.id) ?? []
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
    if (!differs(ex as unknown as Record<string, unknown>, hSet) && pUpdates.length === 0 && pNew.length === 0) {
      res.skipped++
      continue
    }
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
      const p = personRow(
        {
          fields: personFields(m),
          idNumber: m.idNumber,
          birthDate: m.birthDate,
          gender: m.gender,
          disabilityCategory: m.disabilityCategory,
          disabilityLevel: m.disabilityLevel,
        },
        ex,
        now,
      )
      await trx.insertInto('person').values(p).execute()
      await insertMembership(trx, p.id, ex, m.relationToHead, today, 'IMPORT')
    }
    await refreshDerived(trx, ex.id)
    await commitVersion(trx, { db: trx, clock: deps.clock }, actor, ex.id, 'import', before)
    res.updated++
  }
  if (createdIds.length) {
    await bulkInsert(trx, 'household', newHouseholds, 2000)
    await bulkInsert(trx, 'person', newPersons, 2000)
    await bulkInsert(trx, 'membership', newMemberships, 5000)
    // Version 1 and the audit row of every new household, built from the rows as stored.
    const hs = await trx.selectFrom('household').selectAll().where('id', 'in', createdIds).execute()
    const ps = await trx
      .selectFrom('person')
      .selectAll()
      .where('household_id', 'in', createdIds)
      .orderBy(sql`relation_to_head = 'HEAD'`, 'desc')
      .orderBy('birth_date')
      .execute()
    const members = new Map<string, PersonRow[]>()
    for (const p of ps) {
      const l = members.get(p.household_id) ?? []
      l.push(p)
      members.set(p.household_id, l)
    }
    const versions: Record<string, unknown>[] = []
    const audits = []
    for (const row of hs) {
      const snap = toSnapshot(row, members.get(row.id) ?? [], null, null, [])
      const changes = diffSnapshots(null, snap)
      versions.push({
        id: randomUUID(),
        household_id: row.id,
        version: 1,
        county_code: row.county_code,
        region_code: row.region_code,
        at: now.toISOString(),
        actor_id: actor.userId,
        actor_name: actor.username,
        action: 'import',
        changes,
        snapshot: snap,
      })
      audits.push({
        action: 'household.import',
        subjectType: 'household',
        subjectId: row.id,
        regionCode: row.region_code,
        before: null,
        after: Object.fromEntries(maskChanges(changes).map((c) => [c.path, c.after])),
      })
    }
    await bulkInsert(trx, 'household_version', versions, 1000)
    await recordAudits(trx, deps, actor, audits)
  }
  return res
}

/** Commit job body: analyse again (the database may have changed), then chunk by chunk. */
export async function runCommit(
  io: JobIo,
  batchId: string,
  mode: CommitMode,
): Promise<ChunkResult & { chunks: number; householdIds?: string[] }> {
  const { db } = io
  const batch = await db.selectFrom('import_batch').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow()
  await db
    .updateTable('import_batch')
    .set({ status: 'committing', mode, job_id: io.jobId, updated_at: io.clock.now() })
    .where('id', '=', batchId)
    .execute()
  try {
    await io.progress(0.02, '校验 / validating')
    const a = await analyse(db, batch, chinaDate(io.clock.now()))
    const counts = summarise(a)
    if (mode === 'all' && counts.invalidRows > 0) {
      throw new AppError('VALIDATION_FAILED', {
        summary: `有 ${counts.invalidRows} 行未通过校验，“全部导入”未写入任何数据 / ${counts.invalidRows} rows are invalid; mode "all" committed nothing`,
      })
    }
    const list = a.valid.sort((x, y) => (x.householdNo < y.householdNo ? -1 : 1))
    const total: ChunkResult = { created: 0, updated: 0, skipped: 0 }
    const parts = [...chunks(list, CHUNK)]
    for (const [i, part] of parts.entries()) {
      await io.step(`chunk:${i}`, () =>
        db.transaction().execute(async (trx) => {
          const done = await trx
            .selectFrom('import_commit_chunk')
            .select('chunk')
            .where('batch_id', '=', batchId)
            .where('chunk', '=', i)
            .executeTakeFirst()
          if (done) return
          const r = await commitChunk(trx, io, io.actor, part)
          await trx
            .insertInto('import_commit_chunk')
            .values({ batch_id: batchId, chunk: i, ...r, committed_at: io.clock.now() })
            .execute()
        }),
      )
      await io.progress(
        0.1 + (0.9 * (i + 1)) / parts.length,
        `已提交 ${i + 1}/${parts.length} 批 / chunk ${i + 1} of ${parts.length}`,
      )
    }
    const sums = await db
      .selectFrom('import_commit_chunk')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('created'), sql<number>`0`).as('created'),
        eb.fn.coalesce(eb.fn.sum<number>('updated'), sql<number>`0`).as('updated'),
        eb.fn.coalesce(eb.fn.sum<number>('skipped'), sql<number>`0`).as('skipped'),
      ])
      .where('batch_id', '=', batchId)
      .executeTakeFirstOrThrow()
    Object.assign(total, {
      created: Number(sums.created),
      updated: Number(sums.updated),
      skipped: Number(sums.skipped),
    })
    const result = { ...total, chunks: parts.length, invalidRows: counts.invalidRows }
    await db
      .updateTable('import_batch')
      .set({ status: 'committed', result: JSON.stringify(result), error: null, updated_at: io.clock.now() })
      .where('id', '=', batchId)
      .execute()
    return result
  } catch (err) {
    const message = err instanceof AppError ? err.messageIn('zh-CN') : (err as Error).message
    await db
      .updateTable('import_batch')
      .set({ status: 'validated', error: message, updated_at: io.clock.now() })
      .where('id', '=', batchId)
      .execute()
    throw err
  }
}

/** The batch with its issues (first `limit`), for the API. */
export async function report(db: Db, actor: Actor, id: string, limit = 5000) {
  const batch = await findBatch(db, actor, id)
  const issues = await db
    .selectFrom('import_row_issue')
    .selectAll()
    .where('batch_id', '=', id)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return { batch, issues }
}

/** A job context for running the import steps in the calling process (CLI, benchmarks): no job row, progress to `log`. */
export function directIo(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  log: (message: string) => void = () => {},
): JobIo {
  return {
    jobId: randomUUID(),
    db: deps.db,
    clock: deps.clock,
    actor,
    progress: async (fraction, message) => log(`${Math.round(fraction * 100)}% ${message ?? ''}`),
    step: (_key, fn) => fn(),
  }
}
