/**
 * A deadline as a countdown tag: red when overdue, orange when two days or less are left. A working-day deadline
 * counted over a year whose holiday schedule is not loaded carries a second tag saying so (`calendarMissing`).
 */
import { Tag, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'

const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000

export function DueTag({
  dueOn,
  today,
  calendarMissing = [],
}: {
  dueOn: string | null
  today: string
  calendarMissing?: readonly number[] | undefined
}) {
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
  const missing = t('workflow.calendarMissing', { years: calendarMissing.join('、') })
  return (
    <>
      <Tag color={color} data-test="due-tag" title={dueOn}>
        {dueOn} · {text}
      </Tag>
      {calendarMissing.length > 0 && (
        <Tooltip title={missing}>
          <Tag color="warning" data-test="calendar-missing">
            {missing}
          </Tag>
        </Tooltip>
      )}
    </>
  )
}
