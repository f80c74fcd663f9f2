/**
 * Export of the monitoring targets (防止返贫监测对象) under a region in the national monitoring system's layout: the
 * household sheet of modules/imports extended with the target columns of domain.md §5.6 (category, identification
 * month, risks 1–5, eliminated?, method, month), then the member sheet. The §9 data-quality checks run first: with
 * blocking findings the export is refused with the check report (row, field, reason zh/en) unless `force` is set,
 * and then the workbook carries a 校验结果 sheet. ID numbers and phones are masked unless the role may reveal them;
 * an unmasked export is audited as `pii.export`.
 */
import type { Writable } from 'node:stream'
import {
  checkHousehold,
  type PostElimination,
  type QualityAssessment,
  type QualityHousehold,
  qualityLimits,
} from '@xianjie/rules/quality'
import { sql } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, can } from '../auth/actor.ts'
import type { HouseholdRow, PersonRow } from '../households/households.table.ts'
import { cellOf, exportScope, householdValues, memberValues } from '../imports/exports.service.ts'
import { type Column, householdLayout, type Layout, memberLayout, yesNo } from '../imports/imports.layout.ts'
import { exportWriter } from '../imports/imports.xlsx.ts'
import { CATEGORIES, RISKS } from '../monitoring/monitoring.ident.ts'
import { parametersAt } from '../policy/parameters.service.ts'

const codes = (l: typeof RISKS) => l.map((x) => ({ code: x.value, zh: x.label.zh, en: x.label.en }))
const riskCodes = codes(RISKS)
const methods = [
  { code: 'ASSISTED', zh: '帮扶消除', en: 'Assisted' },
  { code: 'NATURAL', zh: '自然消除', en: 'Natural' },
]

const targetColumns: Column[] = [
  { header: '监测对象类别', field: 'category', kind: 'code', codes: codes(CATEGORIES), width: 14 },
  { header: '识别监测时间', field: 'identifiedMonth', kind: 'text', width: 10 },
  ...[1, 2, 3, 4, 5].map(
    (i): Column => ({ header: `致贫/返贫风险${i}`, field: `risk${i}`, kind: 'code', codes: riskCodes, width: 12 }),
  ),
  { header: '风险是否已消除', field: 'eliminated', kind: 'bool', codes: yesNo, width: 10 },
  { header: '风险消除方式', field: 'eliminationMethod', kind: 'code', codes: methods, width: 10 },
  { header: '消除监测时间', field: 'eliminatedMonth', kind: 'text', width: 10 },
  { header: '人均纯收入（元）', field: 'perCapitaNet', kind: 'int', width: 12 },
]

/** The 监测对象 sheet: the national household columns plus the target columns. */
export const targetLayout: Layout = {
  sheet: '监测对象',
  sheetEn: 'Monitoring targets',
  columns: [...householdLayout.columns, ...targetColumns],
}

export interface CheckFinding {
  /** Row of the household in the 监测对象 sheet (header = row 1). */
  row: number
  householdNo: string
  code: string
  severity: 'B' | 'W'
  field: string
  member: string
  zh: string
  en: string
}

interface Target {
  h: HouseholdRow
  members: PersonRow[]
  category: string | null
  risks: string[]
  identifiedMonth: string | null
  eliminated: boolean
  method: string | null
  eliminatedMonth: string | null
  pcnFen: number | null
  atIdentification: QualityAssessment | null
  atElimination: QualityAssessment | null
  postElimination: PostElimination | null
}

interface AssessmentRow {
  household_id: string
  assessment_type: string
  wage: string
  transfer: string
  compliant_self_paid: string
  per_capita_net: string
}

/** An assessment as the checks read it (yuan). */
function quality(a: AssessmentRow | undefined): QualityAssessment | null {
  if (!a) return null
  return {
    type: a.assessment_type,
    wage: Number(a.wage) / 100,
    transfer: Number(a.transfer) / 100,
    compliantSelfPaid: Number(a.compliant_self_paid) / 100,
    perCapitaNet: Number(a.per_capita_net) / 100,
  }
}

const ELIMINATED = ['ELIMINATED', 'RISK_ELIMINATED']

async function loadTargets(deps: Pick<AppDeps, 'db'>, prefix: string): Promise<Target[]> {
  const { rows } = await sql<{
    household_id: string
    data: Record<string, unknown>
    approved_on: string
    elim_data: Record<string, unknown> | null
    elim_on: string | null
  }>`
    with ident as (
      select distinct on (c.household_id) c.household_id, c.data, t.on_date::text as approved_on
      from wf_case c join wf_transition t on t.case_id = c.id and t.to_state = 'ACTIVE' and t.from_state <> 'ACTIVE'
      where c.case_type = 'MONITORING_IDENT' and c.state = 'ACTIVE' and c.region_code like ${`${prefix}%`}
      order by c.household_id, t.at desc
    ), elim as (
      select distinct on (c.household_id) c.household_id, c.data, t.on_date::text as elim_on
      from wf_case c join wf_transition t on t.case_id = c.id and t.to_state in ('ELIMINATED', 'RISK_ELIMINATED')
      where c.case_type = 'MONITORING_ELIM' and c.region_code like ${`${prefix}%`}
      order by c.household_id, t.at desc
    )
    select i.household_id, i.data, i.approved_on, e.data as elim_data, e.elim_on
    from ident i join household h on h.id = i.household_id
    left join elim e on e.household_id = i.household_id
    where h.status = 'ACTIVE' and h.monitoring_status <> 'NONE' and h.region_code like ${`${prefix}%`}
  `.execute(deps.db)
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.household_id)
  const hs = await deps.db.selectFrom('household').selectAll().where('id', 'in', ids).execute()
  const ps = await deps.db
    .selectFrom('person')
    .selectAll()
    .where('household_id', 'in', ids)
    .where('status', '=', 'ACTIVE')
    .orderBy('household_id')
    .orderBy(({ eb }) => eb('relation_to_head', '=', 'HEAD'), 'desc')
    .orderBy('birth_date')
    .execute()
  const { rows: inc } = await sql<AssessmentRow>`
    select distinct on (household_id, assessment_type) household_id, assessment_type, wage, transfer,
           compliant_self_paid, per_capita_net
    from income_assessment where household_id = any(${ids}::uuid[])
    order by household_id, assessment_type, period_end desc, created_at desc`.execute(deps.db)
  const { rows: checks } = await sql<{
    household_id: string
    checked_on: string
    compulsory_education_ok: boolean
    medical_insurance_ok: boolean
    housing_damaged: boolean
    water_facility_damaged: boolean
  }>`select distinct on (household_id) household_id, checked_on::text as checked_on, compulsory_education_ok,
           medical_insurance_ok, housing_damaged, water_facility_damaged
     from guarantee_check where household_id = any(${ids}::uuid[])
     order by household_id, checked_on desc, created_at desc`.execute(deps.db)
  const byH = new Map(hs.map((h) => [h.id, h]))
  const members = new Map<string, PersonRow[]>()
  for (const p of ps) members.set(p.household_id, [...(members.get(p.household_id) ?? []), p])
  const incomes = new Map<string, AssessmentRow[]>()
  for (const a of inc) incomes.set(a.household_id, [...(incomes.get(a.household_id) ?? []), a])
  const guarantee = new Map(checks.map((g) => [g.household_id, g]))
  const out: Target[] = []
  for (const r of rows) {
    const h = byH.get(r.household_id)
    if (!h) continue
    const list = incomes.get(h.id) ?? []
    const a =
      list.find((x) => x.assessment_type === 'ELIMINATION') ??
      list.find((x) => x.assessment_type === 'IDENTIFICATION') ??
      list[0]
    const eliminated = ELIMINATED.includes(h.monitoring_status)
    const g = guarantee.get(h.id)
    // case data holds yuan (a money field); assessments hold fen
    const identPcn = typeof r.data.perCapitaNet === 'number' ? Math.round(r.data.perCapitaNet * 100) : null
    out.push({
      h,
      members: members.get(h.id) ?? [],
      category: typeof r.data.category === 'string' ? r.data.category : null,
      risks: Array.isArray(r.data.risks) ? (r.data.risks as string[]).slice(0, 5) : [],
      identifiedMonth: r.approved_on.slice(0, 7).replace('-', ''),
      eliminated,
      method: eliminated ? String(r.elim_data?.eliminationMethod ?? r.elim_data?.method ?? 'ASSISTED') : null,
      eliminatedMonth: eliminated && r.elim_on ? r.elim_on.slice(0, 7).replace('-', '') : null,
      pcnFen: a ? Number(a.per_capita_net) : identPcn,
      atIdentification: quality(list.find((x) => x.assessment_type === 'IDENTIFICATION')),
      atElimination: quality(list.find((x) => x.assessment_type === 'ELIMINATION')),
      postElimination:
        eliminated && g && r.elim_on && g.checked_on >= r.elim_on
          ? {
              dropout: !g.compulsory_education_ok,
              membersWithoutInsurance: !g.medical_insurance_ok,
              housingDamaged: g.housing_damaged,
              waterFacilityDamaged: g.water_facility_damaged,
            }
          : null,
    })
  }
  out.sort((a, b) => (a.h.household_no < b.h.household_no ? -1 : 1))
  return out
}

function qualityRecord(t: Target): QualityHousehold {
  const h = t.h
  return {
    householdNo: h.household_no,
    householdType: h.household_type,
    wholeHouseholdNoLabour: h.whole_household_no_labour,
    monitorContactName: h.monitor_contact_name,
    monitorContactPhone: h.monitor_contact_phone,
    monitoringStatus: h.monitoring_status,
    lowIncomeGroups: h.low_income_groups,
    members: t.members.map((p) => ({
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
    case: {
      category: t.category ?? '',
      status: t.eliminated ? 'RISK_ELIMINATED' : 'ACTIVE',
      risks: t.risks,
      eliminationMethod: t.method,
      identifiedMonth: t.identifiedMonth ? `${t.identifiedMonth.slice(0, 4)}-${t.identifiedMonth.slice(4)}` : null,
      eliminatedMonth: t.eliminatedMonth ? `${t.eliminatedMonth.slice(0, 4)}-${t.eliminatedMonth.slice(4)}` : null,
      incomeAtIdentification: t.atIdentification,
      incomeAtElimination: t.atElimination,
      postElimination: t.postElimination,
    },
  }
}

export interface TargetsExport {
  prefix: string
  targets: number
  members: number
  blocking: number
  warnings: number
  findings: CheckFinding[]
  masked: boolean
  write(out: Writable): Promise<void>
}

/** Maximum findings returned in the refusal body (the workbook lists all). */
const MAX_REPORTED = 500

/**
 * Loads the targets under `region`, runs the §9 checks and either refuses (blocking findings, no `force`) with the
 * report or returns a writer of the workbook. A revealing export is audited before anything is written.
 */
export async function prepareTargetsExport(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  q: { region?: string | undefined; force?: boolean | undefined },
): Promise<TargetsExport> {
  const prefix = exportScope(actor, q.region)
  const today = chinaDate(deps.clock.now())
  // money parameters resolve to fen; the checks read yuan
  const threshold =
    Number(parametersAt(today).get('monitoring.threshold', undefined, prefix.padEnd(12, '0')).value) / 100
  const targets = await loadTargets(deps, prefix)
  const findings: CheckFinding[] = []
  targets.forEach((t, i) => {
    const limits = qualityLimits(parametersAt(today), t.h.region_code)
    for (const f of checkHousehold(qualityRecord(t), { today, threshold, limits })) {
      findings.push({
        row: i + 2,
        householdNo: t.h.household_no,
        code: f.code,
        severity: f.severity,
        field: f.field ?? '',
        member: f.member !== undefined ? (t.members[f.member]?.name ?? '') : '',
        zh: f.message.zh,
        en: f.message.en,
      })
    }
  })
  const blocking = findings.filter((f) => f.severity === 'B').length
  if (blocking > 0 && !q.force) {
    throw new AppError('PRECONDITION_FAILED', {
      reason: `数据质量校验发现 ${blocking} 条阻断性问题，请先修正；如确需导出，请加 force=1（导出文件附校验结果）`,
      reasonEn: `the data-quality checks found ${blocking} blocking problems; correct them first, or add force=1 to export with a checks sheet`,
      blocking,
      warnings: findings.length - blocking,
      findings: findings.slice(0, MAX_REPORTED),
      truncated: findings.length > MAX_REPORTED,
      force: 'force=1',
    })
  }
  const reveal = can(actor, 'pii.reveal')
  if (reveal) {
    await deps.db.transaction().execute((trx) =>
      recordAudit(trx, deps, actor, {
        action: 'pii.export',
        subjectType: 'monitoring_target_export',
        subjectId: null,
        regionCode: prefix.padEnd(12, '0'),
        after: {
          region: prefix,
          targets: targets.length,
          fields: ['idNumber', 'phone', 'bankAccount'],
          forced: !!q.force,
        },
      }),
    )
  }
  const names = new Map(
    (
      await deps.db
        .selectFrom('region')
        .select(['code', 'name'])
        .where('code', 'like', `${prefix}%`)
        .where('level', '=', 5)
        .execute()
    ).map((r) => [r.code, r.name]),
  )
  const memberCount = targets.reduce((a, t) => a + t.members.length, 0)
  return {
    prefix,
    targets: targets.length,
    members: memberCount,
    blocking,
    warnings: findings.length - blocking,
    findings,
    masked: !reveal,
    async write(out) {
      const { wb, households, members } = exportWriter(out, targetLayout)
      for (const t of targets) {
        const head = t.members.find((p) => p.relation_to_head === 'HEAD')
        const v: Record<string, unknown> = {
          ...householdValues(t.h, head, names.get(t.h.region_code) ?? ''),
          category: t.category,
          identifiedMonth: t.identifiedMonth,
          risk1: t.risks[0],
          risk2: t.risks[1],
          risk3: t.risks[2],
          risk4: t.risks[3],
          risk5: t.risks[4],
          eliminated: t.eliminated,
          eliminationMethod: t.method,
          eliminatedMonth: t.eliminatedMonth,
          perCapitaNet: t.pcnFen === null ? null : Math.round(t.pcnFen / 100),
        }
        households.addRow(targetLayout.columns.map((c) => cellOf(c, v[c.field], reveal))).commit()
        for (const p of t.members) {
          const mv = memberValues(t.h, p)
          members.addRow(memberLayout.columns.map((c) => cellOf(c, mv[c.field], reveal))).commit()
        }
      }
      households.commit()
      members.commit()
      const checks = wb.addWorksheet('校验结果', { views: [{ state: 'frozen', ySplit: 1 }] })
      checks.columns = [
        { header: '行号', width: 6 },
        { header: '户编号', width: 20 },
        { header: '规则', width: 12 },
        { header: '级别', width: 6 },
        { header: '字段', width: 24 },
        { header: '成员', width: 10 },
        { header: '问题', width: 60 },
        { header: 'Finding', width: 60 },
      ]
      checks
        .addRow([
          '',
          `共 ${targets.length} 户 ${memberCount} 人`,
          '',
          '',
          '',
          '',
          `阻断性问题 ${blocking} 条，提示 ${findings.length - blocking} 条${q.force && blocking ? '（强制导出）' : ''}`,
          `${blocking} blocking, ${findings.length - blocking} warnings`,
        ])
        .commit()
      for (const f of findings) {
        checks
          .addRow([f.row, f.householdNo, f.code, f.severity === 'B' ? '阻断' : '提示', f.field, f.member, f.zh, f.en])
          .commit()
      }
      checks.commit()
      await wb.commit()
    },
  }
}
