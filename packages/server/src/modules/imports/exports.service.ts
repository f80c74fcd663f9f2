/**
 * Export of a region's households in the national layouts (户 and 家庭成员 sheets, then 校验结果 with the §9
 * findings), streamed chunk by chunk. Personal data is masked unless the role has `pii.reveal`; an unmasked export is
 * audited as `pii.export`.
 */
import type { Writable } from 'node:stream'
import { regionPrefix } from '@xianjie/rules/identifiers'
import { checkHousehold, type QualityHousehold, qualityLimits } from '@xianjie/rules/quality'
import type { Kysely } from 'kysely'
import { type Clock, chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { maskers, sensitiveFields } from '../../platform/privacy.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, can, requirePermission } from '../auth/actor.ts'
import type { HouseholdRow, PersonRow } from '../households/households.table.ts'
import { parametersAt } from '../policy/parameters.service.ts'
import { type Column, householdLayout, labelOf, memberLayout } from './imports.layout.ts'
import { exportWriter } from './imports.xlsx.ts'

export interface ExportDeps {
  db: Kysely<Database>
  clock: Clock
}

const CHUNK = 2000

/** One cell of a national-layout sheet: code labels, 是/否, masking without reveal. */
export function cellOf(c: Column, v: unknown, reveal: boolean): string | number | null {
  if (v === null || v === undefined || v === '') return null
  if (c.kind === 'bool') return v ? '是' : '否'
  if (c.codes) return labelOf(c, String(v))
  // a column the layout marks sensitive, or one privacy.ts names (the birth date: with a masked ID it rebuilds it)
  const sensitive = c.sensitive ?? sensitiveFields[c.field]
  if (sensitive && !reveal) return maskers[sensitive](String(v))
  if (c.kind === 'int') return Number(v)
  return String(v)
}

export function householdValues(
  h: HouseholdRow,
  head: PersonRow | undefined,
  regionName: string,
): Record<string, unknown> {
  return {
    householdNo: h.household_no,
    regionCode: h.region_code,
    regionName,
    naturalVillage: h.natural_village,
    headName: head?.name,
    headIdNumber: head?.id_number,
    householdType: h.household_type,
    phone: h.phone,
    address: h.address,
    tuopinYear: h.tuopin_year,
    militaryFamily: h.military_family,
    relocated: h.relocated,
    resettlementSite: h.resettlement_site,
    monitorContactName: h.monitor_contact_name,
    monitorContactPhone: h.monitor_contact_phone,
    wholeHouseholdNoLabour: h.whole_household_no_labour,
  }
}

export function memberValues(h: HouseholdRow, p: PersonRow): Record<string, unknown> {
  return {
    householdNo: h.household_no,
    name: p.name,
    idType: p.id_type,
    idNumber: p.id_number,
    gender: String(p.gender),
    birthDate: p.birth_date,
    ethnicity: p.ethnicity,
    relationToHead: p.relation_to_head,
    education: p.education,
    schoolStatus: p.school_status,
    health: p.health,
    labourSkill: p.labour_skill,
    disabilityCertNo: p.disability_cert_no,
    workStatus: p.work_status,
    workPlace: p.work_place,
    workMonths: p.work_months,
    phone: p.phone,
    bankAccount: p.bank_account,
  }
}

async function* householdChunks(db: Kysely<Database>, prefix: string) {
  let after = ''
  for (;;) {
    const hs = await db
      .selectFrom('household')
      .selectAll()
      .where('region_code', 'like', `${prefix}%`)
      .where('status', '=', 'ACTIVE')
      .where('household_no', '>', after)
      .orderBy('household_no')
      .limit(CHUNK)
      .execute()
    if (hs.length === 0) return
    after = hs[hs.length - 1]?.household_no ?? after
    const ps = await db
      .selectFrom('person')
      .selectAll()
      .where(
        'household_id',
        'in',
        hs.map((h) => h.id),
      )
      .where('status', '=', 'ACTIVE')
      .orderBy('household_id')
      .orderBy(({ eb }) => eb('relation_to_head', '=', 'HEAD'), 'desc')
      .orderBy('birth_date')
      .execute()
    const members = new Map<string, PersonRow[]>()
    for (const p of ps) {
      const l = members.get(p.household_id) ?? []
      l.push(p)
      members.set(p.household_id, l)
    }
    yield { hs, members }
  }
}

/** The region prefix an export covers: `region` narrowed to the actor's scope; outside it → NOT_FOUND. */
export function exportScope(actor: Actor, region: string | undefined): string {
  requirePermission(actor, 'household.read')
  let wanted = actor.scope
  if (region) {
    try {
      wanted = region.length === 12 ? regionPrefix(region) : region
    } catch {
      throw new AppError('NOT_FOUND', { what: `区划 ${region}`, whatEn: `Region ${region}` })
    }
  }
  if (!wanted.startsWith(actor.scope) && !actor.scope.startsWith(wanted))
    throw new AppError('NOT_FOUND', { what: `区划 ${region}`, whatEn: `Region ${region}` })
  return wanted.length >= actor.scope.length ? wanted : actor.scope
}

export interface ExportSummary {
  households: number
  members: number
  blocking: number
  warnings: number
  masked: boolean
}

/** Writes the workbook of the households under `region` (a prefix inside the actor's scope) to `out`. */
export async function exportHouseholds(
  deps: ExportDeps,
  actor: Actor,
  region: string | undefined,
  out: Writable,
): Promise<ExportSummary> {
  const effective = exportScope(actor, region)
  const reveal = can(actor, 'pii.reveal')
  if (reveal) {
    await deps.db.transaction().execute((trx) =>
      recordAudit(trx, deps, actor, {
        action: 'pii.export',
        subjectType: 'household_export',
        subjectId: null,
        regionCode: effective.padEnd(12, '0'),
        after: { region: effective, fields: ['idNumber', 'phone', 'bankAccount'] },
      }),
    )
  }
  const names = new Map(
    (
      await deps.db
        .selectFrom('region')
        .select(['code', 'name'])
        .where('code', 'like', `${effective}%`)
        .where('level', '=', 5)
        .execute()
    ).map((r) => [r.code, r.name]),
  )
  const today = chinaDate(deps.clock.now())
  const { wb, households, members } = exportWriter(out)
  const findings: Array<{
    householdNo: string
    code: string
    severity: string
    zh: string
    en: string
    member: string
  }> = []
  let nh = 0
  let nm = 0
  for await (const { hs, members: ms } of householdChunks(deps.db, effective)) {
    for (const h of hs) {
      const list = ms.get(h.id) ?? []
      const head = list.find((p) => p.relation_to_head === 'HEAD')
      const hv = householdValues(h, head, names.get(h.region_code) ?? '')
      households.addRow(householdLayout.columns.map((c) => cellOf(c, hv[c.field], reveal))).commit()
      nh++
      const record: QualityHousehold = {
        householdNo: h.household_no,
        householdType: h.household_type,
        wholeHouseholdNoLabour: h.whole_household_no_labour,
        monitorContactName: h.monitor_contact_name,
        monitorContactPhone: h.monitor_contact_phone,
        monitoringStatus: h.monitoring_status,
        lowIncomeGroups: h.low_income_groups,
        members: list.map((p) => ({
          name: p.name,
          idType: p.id_type,
          idNumber: p.id_number,
          disabilityCertNo: p.disability_cert_no,
          labourSkill: p.labour_skill,
          education: p.education,
          schoolStatus: p.school_status,
          workStatus: p.work_status,
          workMonths: p.work_months,
          status: p.status,
          decreaseDate: p.decrease_date,
        })),
      }
      const limits = qualityLimits(parametersAt(today), h.region_code)
      for (const f of checkHousehold(record, { today, limits })) {
        if (f.severity !== 'B') continue
        findings.push({
          householdNo: h.household_no,
          code: f.code,
          severity: f.severity,
          zh: f.message.zh,
          en: f.message.en,
          member: f.member !== undefined ? (list[f.member]?.name ?? '') : '',
        })
      }
      for (const p of list) {
        const mv = memberValues(h, p)
        members.addRow(memberLayout.columns.map((c) => cellOf(c, mv[c.field], reveal))).commit()
        nm++
      }
    }
  }
  households.commit()
  members.commit()
  const checks = wb.addWorksheet('校验结果', { views: [{ state: 'frozen', ySplit: 1 }] })
  checks.columns = [
    { header: '户编号', width: 20 },
    { header: '规则', width: 12 },
    { header: '级别', width: 6 },
    { header: '成员', width: 10 },
    { header: '问题', width: 60 },
    { header: 'Finding', width: 60 },
  ]
  checks
    .addRow([
      `共 ${nh} 户 ${nm} 人，阻断性问题 ${findings.length} 条`,
      '',
      '',
      '',
      '',
      `${nh} households, ${nm} members, ${findings.length} blocking findings`,
    ])
    .commit()
  for (const f of findings) checks.addRow([f.householdNo, f.code, '阻断', f.member, f.zh, f.en]).commit()
  checks.commit()
  await wb.commit()
  return { households: nh, members: nm, blocking: findings.length, warnings: 0, masked: !reveal }
}
