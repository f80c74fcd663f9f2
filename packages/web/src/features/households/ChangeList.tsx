/**
 * Field-level changes of a household version (`path: before → after`), with readable labels for the common fields and
 * identifying numbers masked: the timeline and conflict messages show what changed, not whole ID numbers.
 */
import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { codeLabel } from '../../i18n/index.ts'
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
} as const
const labelOf = (column: string) => (labels as Record<string, (typeof labels)[keyof typeof labels] | undefined>)[column]

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
}

/** Top-level sections of the household document whose changes are named as a whole. */
const sections: Record<string, 'history.helpers' | 'history.assessment' | 'history.guarantee'> = {
  helpers: 'history.helpers',
  assessment: 'history.assessment',
  guarantee: 'history.guarantee',
}

const sensitive = new Set(['id_number', 'phone', 'bank_account', 'monitor_contact_phone'])

function mask(v: string): string {
  return v.length <= 7 ? '****' : `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`
}

export function ChangeList({ changes }: { changes: Change[] }) {
  const { t } = useTranslation()
  const show = (column: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('history.empty')
    if (typeof v === 'string' && sensitive.has(column)) return mask(v)
    const group = valueGroups[column]
    if (group && (typeof v === 'string' || typeof v === 'number')) return codeLabel(group, v)
    if (typeof v === 'boolean') return v ? t('households.yes') : t('households.no')
    if (Array.isArray(v)) {
      if (v.length === 0) return t('history.empty')
      if (group) return v.map((x) => codeLabel(group, x as string)).join('、')
    } else if (v && typeof v === 'object') {
      // a whole record (the household or a member when created or removed): who it is, not every column
      const r = v as Record<string, unknown>
      if (typeof r.name === 'string') {
        const relation = r.relation ?? r.relation_to_head
        return typeof relation === 'string' ? `${r.name}（${codeLabel('relation', relation)}）` : r.name
      }
      if (typeof r.household_no === 'string') return t('history.record', { no: r.household_no })
    }
    return typeof v === 'string' ? v : JSON.stringify(v)
  }
  return (
    <ul data-test="change-list" style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
      {changes.flatMap((c) => {
        const m = /^(?:household|(members)\[([^\]]+)\])\.?(.*)$/.exec(c.path)
        const column = m?.[3]?.split('.').at(-1) ?? c.path
        const key = labelOf(column)
        const who = m?.[1] ? `${m[2]} · ` : ''
        // a whole record (`household`, `members[…]`) or section (`helpers`) is named, not shown as its path
        const whole = m && !m[3] ? (m[1] ? t('history.member') : t('history.household')) : undefined
        const section = sections[c.path]
        const label = whole ?? (section ? t(section) : m ? `${who}${key ? t(key) : m[3] || c.path}` : c.path)
        const before = show(column, c.before)
        const after = show(column, c.after)
        if (before === after) return [] // e.g. no helpers before and an empty list after
        return (
          <li key={c.path} data-test="change" data-path={c.path}>
            <Typography.Text strong>{label}</Typography.Text>
            {': '}
            <Typography.Text delete type="secondary">
              {before}
            </Typography.Text>
            {' → '}
            <Typography.Text>{after}</Typography.Text>
          </li>
        )
      })}
    </ul>
  )
}
