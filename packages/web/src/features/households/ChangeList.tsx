/**
 * The changes of a household version as sentences an official reads: "马某某的 务工收入 由 36,334.88 元 改为
 * 39,684.00 元", "添加家庭成员 马某（之子）", "帮扶责任人 改为 张三". Fields are named by their labels, codes by their
 * meanings, money in 元, times as dates; record keys and who-wrote-it columns (ids, creators, creation times) are not
 * shown, and identifying numbers are masked.
 */
import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { codeLabel } from '../../i18n/index.ts'
import { yuan } from '../../ui/format.ts'
import type { Change } from './householdsApi.ts'

/** Column name in a change path → message key of its label. */
const labels = {
  name: 'members.name',
  id_number: 'members.idNumber',
  id_type: 'members.idType',
  gender: 'members.gender',
  birth_date: 'members.birthDate',
  relation_to_head: 'members.relation',
  health: 'members.health',
  labour_skill: 'members.labour',
  education: 'members.education',
  school_status: 'members.school',
  work_status: 'members.work',
  work_place: 'members.workPlace',
  work_months: 'members.workMonths',
  disability_cert_no: 'members.disabilityCertNo',
  phone: 'households.phone',
  status: 'members.status',
  address: 'household.address',
  natural_village: 'household.naturalVillage',
  household_type: 'households.householdType',
  monitoring_status: 'households.monitoringStatus',
  low_income_groups: 'households.lowIncomeGroup',
  whole_household_no_labour: 'households.noLabour',
  net_income: 'income.netIncome',
  per_capita_net: 'income.perCapitaNet',
  reference_income: 'income.referenceIncome',
  per_capita_reference: 'income.perCapitaReference',
  household_size: 'income.householdSize',
  claim_income: 'income.claimIncome',
  compliant_self_paid: 'income.compliantSelfPaid',
  wage: 'income.groups.wage',
  business: 'income.groups.business',
  property: 'income.groups.property',
  transfer: 'income.groups.transfer',
  business_costs: 'income.groups.business_costs',
  assessment_type: 'history.assessmentType',
  period_start: 'history.periodStart',
  period_end: 'history.periodEnd',
  checked_on: 'history.checkedOn',
  food_clothing_ok: 'history.foodClothing',
  compulsory_education_ok: 'history.education',
  medical_insurance_ok: 'history.medical',
  housing_safety_ok: 'history.housing',
  drinking_water_ok: 'history.water',
  housing_damaged: 'history.housingDamaged',
  water_facility_damaged: 'history.waterDamaged',
} as const
type LabelKey = (typeof labels)[keyof typeof labels]
const labelOf = (column: string): LabelKey | undefined => (labels as Record<string, LabelKey | undefined>)[column]

/** Code group of the values of a column, so `SON` reads 之子. */
const valueGroups: Record<string, Parameters<typeof codeLabel>[0]> = {
  relation_to_head: 'relation',
  health: 'health',
  labour_skill: 'labourSkill',
  education: 'education',
  school_status: 'schoolStatus',
  work_status: 'workStatus',
  household_type: 'householdType',
  monitoring_status: 'monitoringStatus',
  id_type: 'idType',
  status: 'memberStatus',
  gender: 'gender',
  low_income_groups: 'lowIncomeGroup',
  assessment_type: 'assessmentType',
}

/** Assessment columns held in fen. */
const money = new Set([
  'net_income',
  'per_capita_net',
  'reference_income',
  'per_capita_reference',
  'claim_income',
  'compliant_self_paid',
  'wage',
  'business',
  'property',
  'transfer',
  'business_costs',
])

/** Record keeping, not facts: which row, who wrote it, when, where it is filed. */
const bookkeeping = /(^|\.)(id|household_id|county_code|region_code|created_by|created_at|details)$|_id$/

const sensitive = new Set(['id_number', 'phone', 'bank_account', 'monitor_contact_phone'])

function mask(v: string): string {
  return v.length <= 7 ? '****' : `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`
}

interface Sentence {
  path: string
  subject: string
  before: string | null
  after: string | null
}

export function ChangeList({ changes }: { changes: Change[] }) {
  const { t } = useTranslation()
  const show = (column: string, v: unknown, inMoney: boolean): string | null => {
    if (v === null || v === undefined || v === '') return null
    if (typeof v === 'string' && sensitive.has(column)) return mask(v)
    if (typeof v === 'number' && inMoney) return t('income.yuan', { value: yuan(v) })
    const group = valueGroups[column]
    if (group && (typeof v === 'string' || typeof v === 'number')) return codeLabel(group, v)
    if (typeof v === 'boolean') return v ? t('households.yes') : t('households.no')
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T|$)/.test(v)) return v.slice(0, 10)
    if (Array.isArray(v)) {
      if (v.length === 0) return null
      if (group) return v.map((x) => codeLabel(group, x as string)).join('、')
      // helpers: their names
      const names = v.map((x) => (x && typeof x === 'object' ? (x as { name?: unknown }).name : x))
      if (names.every((x) => typeof x === 'string')) return names.join('、')
      return t('history.items', { count: v.length })
    }
    if (v && typeof v === 'object') {
      // a whole record (the household or a member when created or removed): who it is, not every column
      const r = v as Record<string, unknown>
      if (typeof r.name === 'string') {
        const relation = r.relation ?? r.relation_to_head
        return typeof relation === 'string' ? `${r.name}（${codeLabel('relation', relation)}）` : r.name
      }
      if (typeof r.household_no === 'string') return t('history.record', { no: r.household_no })
      if ('per_capita_net' in r && typeof r.per_capita_net === 'number')
        return t('history.assessmentRecord', { value: yuan(r.per_capita_net) })
      return t('history.recorded')
    }
    return String(v)
  }

  const sentences: Sentence[] = changes.flatMap((c): Sentence[] => {
    if (bookkeeping.test(c.path)) return []
    const m = /^(?:household|(members)\[([^\]]+)\]|(assessment|guarantee|helpers))\.?(.*)$/.exec(c.path)
    if (!m) return []
    const [, isMember, memberName, section, rest = ''] = m
    const parts = rest.split('.').filter(Boolean)
    const column = parts.at(-1) ?? ''
    const inItems = section === 'assessment' && parts[0] === 'items'
    let subject: string
    if (!rest) {
      subject = isMember
        ? t('history.member')
        : section
          ? t(`history.${section as 'assessment'}`)
          : t('history.household')
    } else if (inItems) {
      subject = codeLabel('incomeItem', column)
    } else {
      const key = labelOf(column)
      subject = key ? t(key) : t('history.otherField')
    }
    if (isMember && rest) subject = t('history.whose', { name: memberName, field: subject })
    const inMoney = inItems || (section === 'assessment' && money.has(column))
    const before = show(column, c.before, inMoney)
    const after = show(column, c.after, inMoney)
    if (before === after) return [] // e.g. no helpers before and an empty list after
    return [{ path: c.path, subject, before, after }]
  })

  return (
    <ul data-test="change-list" style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
      {sentences.map((s) => (
        <li key={s.path} data-test="change" data-path={s.path}>
          {s.before === null ? (
            <Typography.Text>{t('history.set', { field: s.subject, after: s.after })}</Typography.Text>
          ) : s.after === null ? (
            <Typography.Text>{t('history.cleared', { field: s.subject, before: s.before })}</Typography.Text>
          ) : (
            <Typography.Text>
              {t('history.changed', { field: s.subject, before: s.before, after: s.after })}
            </Typography.Text>
          )}
        </li>
      ))}
    </ul>
  )
}
