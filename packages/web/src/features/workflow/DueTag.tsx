/** A deadline as a countdown tag: red when overdue, orange when two days or less are left. */
import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'

const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000

export function DueTag({ dueOn, today }: { dueOn: string | null; today: string }) {
  const { t } = useTranslation()
  if (!dueOn) return <Tag>{t('workflow.noDeadline')}</Tag>
  const left = day(dueOn) - day(today)
  const color = left < 0 ? 'error' : left <= 2 ? 'warning' : 'success'
  const text =
    left < 0
      ? t('workflow.overdueN', { n: -left })
      : left === 0
        ? t('workflow.dueToday')
        : t('workflow.daysLeftN', { n: left })
  return (
    <Tag color={color} data-test="due-tag" title={dueOn}>
      {dueOn} · {text}
    </Tag>
  )
}
