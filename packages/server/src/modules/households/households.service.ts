/**
 * The household registry: create and edit households and members with validation, optimistic concurrency, a version
 * per change (for `asOf` and the timeline) and an audit row in the same transaction; member moves, splits, merges and
 * natural decrease; search in the actor's region.
 */
import { randomUUID } from 'node:crypto'
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely'
import type { z } from 'zod'
import { type Clock, chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { validateRegionCode } from '../regions/regions.service.ts'
import * as repo from './households.repository.ts'
import type {
  AddMember,
  CreateHousehold,
  HouseholdQuery,
  MergeHouseholds,
  MoveMember,
  NaturalDecrease,
  PersonFields,
  SplitHousehold,
  UpdateHousehold,
  UpdatePerson,
} from './households.schema.ts'
import {
  diffSnapshots,
  docCacheStats,
  loadCurrent,
  loadSnapshot,
  maskChanges,
  type Snapshot,
} from './households.snapshot.ts'
import type { HouseholdRow, PersonTable } from './households.table.ts'
import {
  checkOneHead,
  duplicateIdIssues,
  type Issue,
  type NormalisedPerson,
  normalisePerson,
  throwIfIssues,
} from './households.validate.ts'
import { pinyinOf } from './pinyin.ts'
import type { HouseholdSearchIndex } from './search-index.ts'

export interface HouseholdDeps {
  db: Kysely<Database>
  clock: Clock
}

type Trx = Transaction<Database>
type ZodDate = string

const notFound = () => new AppError('NOT_FOUND', { what: '农户', whatEn: 'Household' })

/** The person row for a validated member of household `h` (shared with imports). */
export function personRow(
  n: NormalisedPerson,
  h: { id: string; county_code: string; region_code: string },
  now: Date,
  id: string = randomUUID(),
) {
  const f = n.fields
  const py = pinyinOf(f.name)
  const row: Insertable<PersonTable> = {
    id,
    household_id: h.id,
    county_code: h.county_code,
    region_code: h.region_code,
    name: f.name,
    name_pinyin: py.full,
    name_initials: py.initials,
    id_type: f.idType,
    id_number: n.idNumber,
    gender: n.gender,
    birth_date: n.birthDate,
    ethnicity: f.ethnicity ?? null,
    political_status: null,
    relation_to_head: f.relationToHead,
    education: f.education ?? null,
    school_status: f.schoolStatus ?? null,
    dropout_reason: f.dropoutReason ?? null,
    health: f.health,
    labour_skill: f.labourSkill,
    disability_cert_no: f.disabilityCertNo ?? null,
    disability_category: n.disabilityCategory,
    disability_level: n.disabilityLevel,
    work_status: f.workStatus ?? null,
    work_place: f.workPlace ?? null,
    work_months: f.workMonths ?? null,
    insurance: JSON.stringify(f.insurance ?? {}),
    assistance_flags: JSON.stringify({}),
    phone: f.phone ?? null,
    bank_account: f.bankAccount ?? null,
    created_at: now,
    updated_at: now,
  }
  return row
}

async function assertIdsFree(trx: Trx, ids: Array<{ idNumber: string; path: string }>, except: string[] = []) {
  const taken = (
    await repo.findActiveByIdNumbers(
      trx,
      ids.map((i) => i.idNumber),
    )
  ).filter((p) => !except.includes(p.id))
  const issues: Issue[] = []
  for (const t of taken) {
    const path = ids.find((i) => i.idNumber === t.id_number)?.path ?? 'idNumber'
    issues.push({
      field: path,
      code: 'ID_IN_USE',
      message: '该身份证号已登记在另一户的在册成员中（一人只能属于一户）',
      messageEn: 'this ID number already belongs to an active member of another household',
    })
  }
  throwIfIssues(issues)
}

/** Search text of a household: head name, its pinyin and initials, household number. */
export function searchText(h: { household_no: string }, headName: string | undefined): string {
  if (!headName) return h.household_no.toLowerCase()
  const py = pinyinOf(headName)
  return `${headName} ${py.full} ${py.initials} ${h.household_no}`.toLowerCase()
}

/** Writes the pre-change state as the first version when a household has none yet (bulk-loaded households). */
export async function baseline(trx: Trx, row: HouseholdRow): Promise<Snapshot> {
  const snap = await loadSnapshot(trx, row)
  const has = await trx
    .selectFrom('household_version')
    .select('id')
    .where('household_id', '=', row.id)
    .limit(1)
    .executeTakeFirst()
  if (!has) {
    await trx
      .insertInto('household_version')
      .values({
        id: randomUUID(),
        household_id: row.id,
        version: row.version,
        county_code: row.county_code,
        region_code: row.region_code,
        at: row.created_at,
        actor_id: row.created_by,
        actor_name: null,
        action: 'baseline',
        changes: JSON.stringify([]),
        snapshot: JSON.stringify(snap),
      })
      .execute()
  }
  return snap
}

/**
 * Bumps the version, stores the new snapshot with its changes, and audits; all in the caller's transaction. `facts`
 * are added to the audit row's after-image (e.g. the case that changed the household).
 */
export async function commitVersion(
  trx: Trx,
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  action: string,
  before: Snapshot | null,
  facts: Record<string, unknown> = {},
): Promise<{ version: number; changes: ReturnType<typeof diffSnapshots> }> {
  const now = deps.clock.now()
  const head = await trx
    .selectFrom('person')
    .select('name')
    .where('household_id', '=', householdId)
    .where('relation_to_head', '=', 'HEAD')
    .where('status', '=', 'ACTIVE')
    .executeTakeFirst()
  const current = await trx.selectFrom('household').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow()
  const version = before ? current.version + 1 : current.version
  const row = await trx
    .updateTable('household')
    .set({ version, updated_at: now, updated_by: actor.userId, search_text: searchText(current, head?.name) })
    .where('id', '=', householdId)
    .returningAll()
    .executeTakeFirstOrThrow()
  const after = await loadSnapshot(trx, row)
  const changes = diffSnapshots(before, after)
  await trx
    .insertInto('household_version')
    .values({
      id: randomUUID(),
      household_id: householdId,
      version,
      county_code: row.county_code,
      region_code: row.region_code,
      at: now,
      actor_id: actor.userId,
      actor_name: actor.username,
      action,
      changes: JSON.stringify(changes),
      snapshot: JSON.stringify(after),
    })
    .execute()
  await recordAudit(trx, deps, actor, {
    action: `household.${action}`,
    subjectType: 'household',
    subjectId: householdId,
    regionCode: row.region_code,
    before: before ? Object.fromEntries(maskChanges(changes).map((c) => [c.path, c.before])) : null,
    after: { ...Object.fromEntries(maskChanges(changes).map((c) => [c.path, c.after])), ...facts },
  })
  return { version, changes }
}

/**
 * A change of household fields decided elsewhere (a monitoring status, a low-income group): locks the row inside the
 * actor's scope before its before-image is read (as `lockForEdit`), applies `change` to it (null = nothing to
 * change), and commits the new version with its audit row `household.<action>` carrying `facts`, in the caller's
 * transaction. True when it changed.
 */
export async function changeHousehold(
  ctx: { trx: Trx; deps: HouseholdDeps; actor: Actor },
  householdId: string,
  action: string,
  change: (row: HouseholdRow) => Partial<Pick<HouseholdRow, 'monitoring_status' | 'low_income_groups'>> | null,
  facts: Record<string, unknown>,
): Promise<boolean> {
  const row = await repo.lockHousehold(ctx.trx, ctx.actor.scope, householdId)
  if (!row) throw notFound()
  const set = change(row)
  if (!set) return false
  const before = await baseline(ctx.trx, row)
  await ctx.trx.updateTable('household').set(set).where('id', '=', householdId).execute()
  await commitVersion(ctx.trx, ctx.deps, ctx.actor, householdId, action, before, facts)
  return true
}

/** Locks a household in scope and checks the version the client edited. */
export async function lockForEdit(trx: Trx, actor: Actor, id: string, version: number): Promise<HouseholdRow> {
  const row = await repo.lockHousehold(trx, actor.scope, id)
  if (!row) throw notFound()
  if (row.status !== 'ACTIVE') {
    throw new AppError('CONFLICT', { what: `该户状态为 ${row.status}`, whatEn: `household is ${row.status}` })
  }
  if (row.version !== version) {
    const since = await trx
      .selectFrom('household_version')
      .select(['version', 'actor_name', 'at', 'changes'])
      .where('household_id', '=', id)
      .where('version', '>', version)
      .orderBy('version')
      .execute()
    throw new AppError('CONFLICT', {
      what: `您编辑的是第 ${version} 版，当前为第 ${row.version} 版`,
      whatEn: `you edited version ${version}; the household is now at version ${row.version}`,
      currentVersion: row.version,
      changedSince: since.map((s) => ({
        version: s.version,
        by: s.actor_name,
        at: s.at,
        changes: maskChanges(s.changes),
      })),
    })
  }
  return row
}

/**
 * Locks two households for one change, in id order so that two opposite changes cannot deadlock, checking the
 * version the client edited of each; returns them in the order asked.
 */
async function lockPair(
  trx: Trx,
  actor: Actor,
  [aId, aVersion]: [string, number],
  [bId, bVersion]: [string, number],
): Promise<[HouseholdRow, HouseholdRow]> {
  const [first, second] =
    aId < bId
      ? ([
          [aId, aVersion],
          [bId, bVersion],
        ] as const)
      : ([
          [bId, bVersion],
          [aId, aVersion],
        ] as const)
  const x = await lockForEdit(trx, actor, first[0], first[1])
  const y = await lockForEdit(trx, actor, second[0], second[1])
  return x.id === aId ? [x, y] : [y, x]
}

export async function createHousehold(
  deps: HouseholdDeps,
  actor: Actor,
  input: CreateHousehold,
): Promise<HouseholdRow> {
  const region = await validateRegionCode(deps.db, input.regionCode, { level: 5 })
  if (!region.code.startsWith(actor.scope)) throw new AppError('NOT_FOUND', { what: '区划', whatEn: 'Region' })
  const today = chinaDate(deps.clock.now())
  const issues: Issue[] = []
  const members = input.members.map((m, i) => normalisePerson(m, `members[${i}]`, today, issues))
  checkOneHead(
    input.members.map((m) => m.relationToHead),
    issues,
  )
  const idList = members.flatMap((m, i) => (m ? [{ idNumber: m.idNumber, path: `members[${i}].idNumber` }] : []))
  duplicateIdIssues(idList, issues)
  throwIfIssues(issues)
  return deps.db.transaction().execute(async (trx) => {
    await assertIdsFree(trx, idList)
    const now = deps.clock.now()
    let householdNo = input.householdNo
    if (householdNo) {
      const dup = await trx
        .selectFrom('household')
        .select('id')
        .where('household_no', '=', householdNo)
        .executeTakeFirst()
      if (dup)
        throw new AppError('ALREADY_EXISTS', {
          what: `户编号 ${householdNo}`,
          whatEn: `Household number ${householdNo}`,
        })
    } else {
      householdNo = `${region.code}${String(await repo.nextHouseholdSeq(trx, region.code)).padStart(4, '0')}`
    }
    const id = randomUUID()
    const h = { id, county_code: region.code.slice(0, 6), region_code: region.code }
    await repo.insertHousehold(trx, {
      ...h,
      household_no: householdNo,
      natural_village: input.naturalVillage ?? null,
      address: input.address ?? null,
      phone: input.phone ?? null,
      head_person_id: null,
      household_type: input.householdType,
      is_formerly_poor: input.isFormerlyPoor || input.householdType === 'TUOPIN',
      tuopin_year: input.tuopinYear ?? null,
      relocated: input.relocated,
      resettlement_site: input.resettlementSite ?? null,
      military_family: input.militaryFamily,
      whole_household_no_labour: false,
      monitor_contact_name: input.monitorContactName ?? null,
      monitor_contact_phone: input.monitorContactPhone ?? null,
      land: JSON.stringify(input.land ?? {}),
      living_conditions: JSON.stringify(input.livingConditions ?? {}),
      housing: JSON.stringify(input.housing ?? {}),
      assets: JSON.stringify({}),
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    })
    let headId: string | null = null
    for (const m of members) {
      if (!m) continue
      const row = personRow(m, h, now)
      await repo.insertPerson(trx, row)
      await insertMembership(trx, row.id, h, m.fields.relationToHead, today, 'CREATE')
      if (m.fields.relationToHead === 'HEAD') headId = row.id
    }
    await refreshDerived(trx, id, headId)
    await commitVersion(trx, deps, actor, id, 'create', null)
    return trx.selectFrom('household').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  })
}

/** Opens a membership of a person in a household. */
export async function insertMembership(
  trx: Trx,
  personId: string,
  h: { id: string; county_code: string },
  relation: string,
  date: string,
  reason: string,
) {
  await trx
    .insertInto('membership')
    .values({
      id: randomUUID(),
      person_id: personId,
      household_id: h.id,
      county_code: h.county_code,
      relation_to_head: relation,
      start_date: date,
      end_date: null,
      start_reason: reason,
      end_reason: null,
    })
    .execute()
}

async function endMembership(trx: Trx, personId: string, date: string, reason: string) {
  await trx
    .updateTable('membership')
    .set({ end_date: date, end_reason: reason })
    .where('person_id', '=', personId)
    .where('end_date', 'is', null)
    .execute()
}

/** Moves a person to another household: closes the open membership, re-homes the person, opens a new membership. */
async function transferPerson(
  trx: Trx,
  personId: string,
  from: { household_no: string },
  to: { id: string; household_no: string; region_code: string; county_code: string },
  relation: string,
  date: string,
  kind: 'MOVE' | 'SPLIT' | 'MERGE',
  now: Date,
) {
  const out = { MOVE: 'MOVE_TO', SPLIT: 'SPLIT_TO', MERGE: 'MERGE_INTO' }[kind]
  await endMembership(trx, personId, date, `${out}:${to.household_no}`)
  await trx
    .updateTable('person')
    .set({
      household_id: to.id,
      region_code: to.region_code,
      county_code: to.county_code,
      relation_to_head: relation,
      updated_at: now,
    })
    .where('id', '=', personId)
    .execute()
  await insertMembership(trx, personId, to, relation, date, `${kind}_FROM:${from.household_no}`)
}

/** Head pointer and the 整户无劳动能力 flag (data rule 1111_07) follow the members. */
export async function refreshDerived(trx: Trx, householdId: string, headId?: string | null) {
  const members = await repo.listMembers(trx, householdId, false)
  const head = headId ?? members.find((m) => m.relation_to_head === 'HEAD')?.id ?? null
  const noLabour = members.length > 0 && members.every((m) => m.labour_skill === 'LOST' || m.labour_skill === 'NONE')
  await trx
    .updateTable('household')
    .set({ head_person_id: head, whole_household_no_labour: noLabour })
    .where('id', '=', householdId)
    .execute()
}

export async function updateHousehold(deps: HouseholdDeps, actor: Actor, id: string, input: UpdateHousehold) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockForEdit(trx, actor, id, input.version)
    const before = await baseline(trx, row)
    const { version: _v, land, housing, livingConditions, ...rest } = input
    const set: Record<string, unknown> = {}
    const map: Record<string, string> = {
      naturalVillage: 'natural_village',
      address: 'address',
      phone: 'phone',
      householdType: 'household_type',
      isFormerlyPoor: 'is_formerly_poor',
      tuopinYear: 'tuopin_year',
      relocated: 'relocated',
      resettlementSite: 'resettlement_site',
      militaryFamily: 'military_family',
      monitorContactName: 'monitor_contact_name',
      monitorContactPhone: 'monitor_contact_phone',
    }
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && map[k]) set[map[k]] = v
    if (land) set.land = JSON.stringify(land)
    if (housing) set.housing = JSON.stringify({ ...(row.housing ?? {}), ...housing })
    if (livingConditions) set.living_conditions = JSON.stringify(livingConditions)
    if (Object.keys(set).length) await trx.updateTable('household').set(set).where('id', '=', id).execute()
    return commitVersion(trx, deps, actor, id, 'update', before)
  })
}

const personColumns: Record<string, string> = {
  name: 'name',
  idType: 'id_type',
  ethnicity: 'ethnicity',
  relationToHead: 'relation_to_head',
  education: 'education',
  schoolStatus: 'school_status',
  dropoutReason: 'dropout_reason',
  health: 'health',
  labourSkill: 'labour_skill',
  workStatus: 'work_status',
  workPlace: 'work_place',
  workMonths: 'work_months',
  phone: 'phone',
  bankAccount: 'bank_account',
}

export async function updatePerson(
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  personId: string,
  input: UpdatePerson,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockForEdit(trx, actor, householdId, input.version)
    const person = await trx
      .selectFrom('person')
      .selectAll()
      .where('id', '=', personId)
      .where('household_id', '=', householdId)
      .executeTakeFirst()
    if (!person) throw new AppError('NOT_FOUND', { what: '成员', whatEn: 'Member' })
    const before = await baseline(trx, row)
    const merged: PersonFields = {
      name: input.name ?? person.name,
      idType: (input.idType ?? person.id_type) as PersonFields['idType'],
      idNumber: input.idNumber ?? person.id_number,
      relationToHead: (input.relationToHead ?? person.relation_to_head) as PersonFields['relationToHead'],
      health: (input.health ?? person.health) as PersonFields['health'],
      labourSkill: (input.labourSkill ?? person.labour_skill) as PersonFields['labourSkill'],
      ...(input.gender !== undefined ? { gender: input.gender } : {}),
      ...(input.birthDate ? { birthDate: input.birthDate } : {}),
      ...((input.disabilityCertNo ?? person.disability_cert_no)
        ? { disabilityCertNo: input.disabilityCertNo ?? person.disability_cert_no ?? undefined }
        : {}),
    }
    const issues: Issue[] = []
    const n = normalisePerson(merged, 'person', chinaDate(deps.clock.now()), issues)
    if (input.relationToHead && input.relationToHead !== person.relation_to_head) {
      const others = (await repo.listMembers(trx, householdId, false)).filter((m) => m.id !== personId)
      checkOneHead([...others.map((m) => m.relation_to_head), input.relationToHead], issues, 'person.relationToHead')
    }
    throwIfIssues(issues)
    if (!n) return { version: row.version, changes: [] }
    if (n.idNumber !== person.id_number)
      await assertIdsFree(trx, [{ idNumber: n.idNumber, path: 'person.idNumber' }], [personId])
    const set: Record<string, unknown> = {
      id_number: n.idNumber,
      birth_date: n.birthDate,
      gender: n.gender,
      disability_cert_no: merged.disabilityCertNo ?? null,
      disability_category: n.disabilityCategory,
      disability_level: n.disabilityLevel,
      updated_at: deps.clock.now(),
      version: person.version + 1,
    }
    for (const [k, v] of Object.entries(input)) if (v !== undefined && personColumns[k]) set[personColumns[k]] = v
    if (input.insurance) set.insurance = JSON.stringify(input.insurance)
    if (input.name) {
      const py = pinyinOf(input.name)
      set.name_pinyin = py.full
      set.name_initials = py.initials
    }
    await trx.updateTable('person').set(set).where('id', '=', personId).execute()
    if (input.relationToHead) {
      await trx
        .updateTable('membership')
        .set({ relation_to_head: input.relationToHead })
        .where('person_id', '=', personId)
        .where('end_date', 'is', null)
        .execute()
    }
    await refreshDerived(trx, householdId)
    return commitVersion(trx, deps, actor, householdId, 'member.update', before)
  })
}

export async function addMember(
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  input: z.infer<typeof AddMember>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockForEdit(trx, actor, householdId, input.version)
    const issues: Issue[] = []
    const n = normalisePerson(input.person, 'person', chinaDate(deps.clock.now()), issues)
    if (input.person.relationToHead === 'HEAD') {
      issues.push({
        field: 'person.relationToHead',
        code: 'ONE_HEAD',
        message: '该户已有户主',
        messageEn: 'the household already has a head',
      })
    }
    throwIfIssues(issues)
    if (!n) throw new AppError('VALIDATION_FAILED')
    await assertIdsFree(trx, [{ idNumber: n.idNumber, path: 'person.idNumber' }])
    const before = await baseline(trx, row)
    const p = personRow(n, row, deps.clock.now())
    await repo.insertPerson(trx, p)
    await insertMembership(trx, p.id, row, n.fields.relationToHead, input.date, input.reason)
    await refreshDerived(trx, householdId)
    return commitVersion(trx, deps, actor, householdId, 'member.add', before)
  })
}

export async function naturalDecrease(
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  personId: string,
  input: z.infer<typeof NaturalDecrease>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockForEdit(trx, actor, householdId, input.version)
    const person = await trx
      .selectFrom('person')
      .selectAll()
      .where('id', '=', personId)
      .where('household_id', '=', householdId)
      .where('status', '=', 'ACTIVE')
      .executeTakeFirst()
    if (!person) throw new AppError('NOT_FOUND', { what: '在册成员', whatEn: 'Active member' })
    if (person.relation_to_head === 'HEAD') {
      const others = await repo.listMembers(trx, householdId, false)
      if (others.length > 1) {
        throw new AppError('VALIDATION_FAILED', {
          summary: '户主减少前须先指定新户主 / name a new head before the head leaves',
          issues: [
            { field: 'personId', code: 'HEAD_LEAVING', message: '请先变更户主', messageEn: 'change the head first' },
          ],
        })
      }
    }
    const before = await baseline(trx, row)
    await trx
      .updateTable('person')
      .set({
        status: 'NATURAL_DECREASE',
        decrease_reason: input.reason,
        decrease_date: input.date,
        updated_at: deps.clock.now(),
      })
      .where('id', '=', personId)
      .execute()
    await endMembership(trx, personId, input.date, input.reason)
    await refreshDerived(trx, householdId)
    return commitVersion(trx, deps, actor, householdId, 'member.decrease', before)
  })
}

export async function moveMember(
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  personId: string,
  input: z.infer<typeof MoveMember>,
) {
  if (input.toHouseholdId === householdId)
    throw new AppError('VALIDATION_FAILED', { summary: 'toHouseholdId is the same household' })
  return deps.db.transaction().execute(async (trx) => {
    const [from, to] = await lockPair(trx, actor, [householdId, input.version], [input.toHouseholdId, input.toVersion])
    const person = await trx
      .selectFrom('person')
      .selectAll()
      .where('id', '=', personId)
      .where('household_id', '=', householdId)
      .where('status', '=', 'ACTIVE')
      .executeTakeFirst()
    if (!person) throw new AppError('NOT_FOUND', { what: '在册成员', whatEn: 'Active member' })
    if (person.relation_to_head === 'HEAD')
      throw new AppError('VALIDATION_FAILED', { summary: '户主不能直接迁出 / change the head first' })
    if (input.relationToHead === 'HEAD')
      throw new AppError('VALIDATION_FAILED', { summary: '目标户已有户主 / the target household has a head' })
    const beforeFrom = await baseline(trx, from)
    const beforeTo = await baseline(trx, to)
    await transferPerson(trx, personId, from, to, input.relationToHead, input.date, 'MOVE', deps.clock.now())
    await refreshDerived(trx, from.id)
    await refreshDerived(trx, to.id)
    const a = await commitVersion(trx, deps, actor, from.id, 'member.move_out', beforeFrom)
    const b = await commitVersion(trx, deps, actor, to.id, 'member.move_in', beforeTo)
    return { fromVersion: a.version, toVersion: b.version }
  })
}

export async function splitHousehold(
  deps: HouseholdDeps,
  actor: Actor,
  householdId: string,
  input: z.infer<typeof SplitHousehold>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockForEdit(trx, actor, householdId, input.version)
    const members = await repo.listMembers(trx, householdId, false)
    const moving = members.filter((m) => input.personIds.includes(m.id))
    const staying = members.filter((m) => !input.personIds.includes(m.id))
    const issues: Issue[] = []
    if (moving.length !== input.personIds.length) {
      issues.push({
        field: 'personIds',
        code: 'NOT_MEMBER',
        message: '所选人员不全是本户在册成员',
        messageEn: 'not all chosen persons are active members',
      })
    }
    if (!input.personIds.includes(input.newHeadId)) {
      issues.push({
        field: 'newHeadId',
        code: 'NOT_MOVING',
        message: '新户主须在分出人员中',
        messageEn: 'the new head must be among those leaving',
      })
    }
    if (staying.length === 0)
      issues.push({
        field: 'personIds',
        code: 'EMPTY',
        message: '原户不能没有成员',
        messageEn: 'the old household cannot be left empty',
      })
    checkOneHead(
      staying.map((m) => m.relation_to_head),
      issues,
      'personIds',
    )
    const newRelations = moving.map((m) => (m.id === input.newHeadId ? 'HEAD' : (input.relations[m.id] ?? 'OTHER')))
    checkOneHead(newRelations, issues, 'relations')
    throwIfIssues(issues)
    const regionCode = input.regionCode ?? row.region_code
    if (input.regionCode) {
      await validateRegionCode(deps.db, input.regionCode, { level: 5 })
      if (!input.regionCode.startsWith(actor.scope)) throw new AppError('NOT_FOUND', { what: '区划', whatEn: 'Region' })
    }
    const before = await baseline(trx, row)
    const now = deps.clock.now()
    const newId = randomUUID()
    const householdNo = `${regionCode}${String(await repo.nextHouseholdSeq(trx, regionCode)).padStart(4, '0')}`
    const {
      id: _i,
      household_no: _n,
      version: _v,
      created_at: _c,
      updated_at: _u,
      head_person_id: _h,
      search_text: _s,
      ...copy
    } = row
    await repo.insertHousehold(trx, {
      ...copy,
      id: newId,
      household_no: householdNo,
      region_code: regionCode,
      county_code: regionCode.slice(0, 6),
      land: JSON.stringify({}),
      living_conditions: JSON.stringify(row.living_conditions),
      housing: JSON.stringify({}),
      assets: JSON.stringify({}),
      low_income_groups: [],
      monitoring_status: 'NONE',
      head_person_id: input.newHeadId,
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    })
    const target = {
      id: newId,
      household_no: householdNo,
      region_code: regionCode,
      county_code: regionCode.slice(0, 6),
    }
    for (const [i, m] of moving.entries()) {
      const relation = newRelations[i] ?? 'OTHER'
      await transferPerson(trx, m.id, row, target, relation, input.date, 'SPLIT', now)
    }
    await refreshDerived(trx, householdId)
    await refreshDerived(trx, newId, input.newHeadId)
    await commitVersion(trx, deps, actor, householdId, 'split', before)
    await commitVersion(trx, deps, actor, newId, 'create', null)
    return { newHouseholdId: newId, householdNo }
  })
}

export async function mergeHouseholds(
  deps: HouseholdDeps,
  actor: Actor,
  intoId: string,
  input: z.infer<typeof MergeHouseholds>,
) {
  if (input.fromHouseholdId === intoId)
    throw new AppError('VALIDATION_FAILED', { summary: 'cannot merge a household into itself' })
  return deps.db.transaction().execute(async (trx) => {
    const [into, from] = await lockPair(trx, actor, [intoId, input.version], [input.fromHouseholdId, input.fromVersion])
    const moving = await repo.listMembers(trx, from.id, false)
    const issues: Issue[] = []
    for (const m of moving) {
      const rel = input.relations[m.id]
      if (!rel)
        issues.push({
          field: `relations.${m.id}`,
          code: 'REQUIRED',
          message: `请为 ${m.name} 指定与户主关系`,
          messageEn: `give ${m.name}'s relation to the head`,
        })
      else if (rel === 'HEAD')
        issues.push({
          field: `relations.${m.id}`,
          code: 'ONE_HEAD',
          message: '保留户已有户主',
          messageEn: 'the remaining household has a head',
        })
    }
    throwIfIssues(issues)
    const beforeInto = await baseline(trx, into)
    const beforeFrom = await baseline(trx, from)
    const now = deps.clock.now()
    for (const m of moving) {
      const rel = input.relations[m.id] ?? 'OTHER'
      await transferPerson(trx, m.id, from, into, rel, input.date, 'MERGE', now)
    }
    await trx
      .updateTable('household')
      .set({ status: 'MERGED', head_person_id: null })
      .where('id', '=', from.id)
      .execute()
    await refreshDerived(trx, into.id)
    await commitVersion(trx, deps, actor, from.id, 'merged_away', beforeFrom)
    return commitVersion(trx, deps, actor, into.id, 'merge', beforeInto)
  })
}

/** Counts of the detail cache's answers since start (hits, misses) and its size: no household is named. */
export function detailCacheStats() {
  return docCacheStats()
}

/** The household now, or as it stood at the end of `asOf` (China time). */
export async function getSnapshot(
  deps: HouseholdDeps,
  actor: Actor,
  id: string,
  asOf?: ZodDate,
): Promise<Snapshot & { version: number }> {
  if (!asOf) {
    const current = await loadCurrent(deps.db, actor.scope, id)
    if (!current) throw notFound()
    return current
  }
  const row = await repo.findHousehold(deps.db, actor.scope, id)
  if (!row) throw notFound()
  const cutoff = new Date(`${asOf}T23:59:59.999+08:00`)
  if (row.created_at > cutoff) throw notFound()
  const v = await deps.db
    .selectFrom('household_version')
    .select(['version', 'snapshot'])
    .where('household_id', '=', id)
    .where('at', '<=', cutoff)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (v) return { ...(v.snapshot as Snapshot), version: v.version }
  const any = await deps.db
    .selectFrom('household_version')
    .select('id')
    .where('household_id', '=', id)
    .limit(1)
    .executeTakeFirst()
  if (any) throw notFound()
  return { ...(await loadSnapshot(deps.db, row)), version: row.version }
}

export async function timeline(deps: HouseholdDeps, actor: Actor, id: string) {
  const row = await repo.findHousehold(deps.db, actor.scope, id)
  if (!row) throw notFound()
  return deps.db
    .selectFrom('household_version')
    .leftJoin('app_user', 'app_user.id', 'household_version.actor_id')
    .select([
      'household_version.version',
      'household_version.at',
      // who changed it as officials know them: the display name, the login name only for a removed user
      sql<string | null>`coalesce(app_user.display_name, household_version.actor_name)`.as('actor_name'),
      'household_version.action',
      'household_version.changes',
    ])
    .where('household_version.household_id', '=', id)
    .orderBy('household_version.version', 'desc')
    .execute()
}

/** The list: from the in-memory index when it can answer (the same rows), else from the database. */
export async function searchHouseholds(
  deps: HouseholdDeps & { searchIndex?: HouseholdSearchIndex | undefined },
  actor: Actor,
  q: HouseholdQuery,
) {
  const today = chinaDate(deps.clock.now())
  return (
    (await deps.searchIndex?.search(actor.scope, q, today)) ?? repo.searchHouseholds(deps.db, actor.scope, q, today)
  )
}
