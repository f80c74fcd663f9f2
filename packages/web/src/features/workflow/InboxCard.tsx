/** The home page's view of the inbox: how many tasks wait, how many are overdue, and the five due soonest. */
import { Card, List, Space, Statistic, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { DueTag } from './DueTag.tsx'
import { tx, useInbox } from './workflowApi.ts'

export function InboxCard() {
  const { t } = useTranslation()
  const inbox = useInbox(1, 5)
  const rows = inbox.data?.data ?? []
  const today = inbox.data?.today ?? ''
  const overdue = rows.filter((r) => r.daysLeft !== null && r.daysLeft < 0).length
  return (
    <Card
      title={t('workflow.inbox')}
      extra={<Link to="/inbox">{t('workflow.open')}</Link>}
      loading={inbox.isLoading}
      data-test="home-inbox"
    >
      <Space size={32} style={{ marginBottom: 12 }}>
        <Statistic title={t('workflow.inbox')} value={inbox.data?.page.total ?? 0} />
        <Statistic
          title={t('workflow.overdueTasks')}
          value={overdue}
          styles={{ content: { color: overdue ? '#cf1322' : undefined } }}
        />
      </Space>
      <List
        size="small"
        dataSource={rows}
        locale={{ emptyText: t('workflow.none') }}
        renderItem={(r) => (
          <List.Item
            extra={<DueTag dueOn={r.dueOn ?? r.caseDueOn} today={today} calendarMissing={r.calendarMissing} />}
          >
            <Link to={`/cases/${r.caseId}`}>{r.subjectName || '—'}</Link>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {tx(r.typeLabel)} · {tx(r.stateLabel)}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  )
}
