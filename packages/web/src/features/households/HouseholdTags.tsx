/** Small tags shared by the list and the detail: household type, monitoring status, low-income groups. */
import { Tag } from 'antd'
import { codeLabel } from '../../i18n/index.ts'

export function TypeTag({ type }: { type: string }) {
  return <Tag color={type === 'TUOPIN' ? 'orange' : 'default'}>{codeLabel('householdType', type)}</Tag>
}

const monitoringColor: Record<string, string> = {
  NONE: 'default',
  CLUE: 'gold',
  IDENT_IN_PROGRESS: 'processing',
  ACTIVE: 'red',
  ELIM_IN_PROGRESS: 'processing',
  RISK_ELIMINATED: 'green',
}

export function MonitoringTag({ status }: { status: string }) {
  return <Tag color={monitoringColor[status] ?? 'default'}>{codeLabel('monitoringStatus', status)}</Tag>
}

export function GroupTags({ groups }: { groups: string[] }) {
  if (groups.length === 0) return <span>—</span>
  return (
    <>
      {groups.map((g) => (
        <Tag key={g} color="purple">
          {codeLabel('lowIncomeGroup', g)}
        </Tag>
      ))}
    </>
  )
}
