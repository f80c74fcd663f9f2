/** `/monitoring`: monitoring targets in the user's area with plan status and helper-visit due dates (overdue in red). */
import { Card, Segmented, Space, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { InlineError } from '../../ui/PageState.tsx'
import { type Target, useCodes, useTargets } from './monitoringApi.ts'

export default function TargetsPage() {
  const { t, i18n } = useTranslation()
  const [status, setStatus] = useState<string>('ACTIVE')
  const [onlyOverdue, setOnlyOverdue] = useState(false)
  const q = useTargets(status === 'ALL' ? undefined : status)
  const codes = useCodes()
  const en = i18n.language === 'en-US'
  const risk = (v: string) => {
    const l = codes.data?.risks.find((r) => r.value === v)?.label
    return l ? (en ? l.en : l.zh) : v
  }
  const st = (v: string) => t(`monitoring.${v}` as 'monitoring.ACTIVE', { defaultValue: v })
  const columns: TableColumnsType<Target> = [
    { title: t('monitoring.household'), dataIndex: 'householdNo' },
    { title: t('monitoring.head'), dataIndex: 'headName' },
    { title: t('monitoring.status'), dataIndex: 'monitoringStatus', render: (v: string) => <Tag>{st(v)}</Tag> },
    {
      title: t('monitoring.planStatus'),
      dataIndex: 'planStatus',
      render: (v: string) => <Tag color={v === 'ACTIVE' ? 'green' : v === 'DRAFT' ? 'gold' : 'default'}>{st(v)}</Tag>,
    },
    { title: t('monitoring.risks'), dataIndex: 'risks', render: (v: string[]) => v.map(risk).join('、') },
    { title: t('monitoring.measureCount'), dataIndex: 'measures' },
    { title: t('monitoring.lastVisit'), dataIndex: 'lastVisit', render: (v: string | null) => v ?? '—' },
    {
      title: t('monitoring.nextVisit'),
      dataIndex: 'nextVisitDue',
      render: (v: string | null, r) =>
        v ? (
          <Space>
            {v}
            {r.visitOverdue ? (
              <Tag color="red" data-test="visit-overdue">
                {t('monitoring.overdueTag')}
              </Tag>
            ) : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '',
      key: 'open',
      render: (_, r) => (
        <Link to={`/monitoring/${r.householdId}`} data-test="target-open">
          {t('monitoring.open')}
        </Link>
      ),
    },
  ]
  const rows = (q.data ?? []).filter((r) => !onlyOverdue || r.visitOverdue)
  return (
    <Card title={t('monitoring.title')} data-test="targets-page">
      <Typography.Paragraph type="secondary">{t('monitoring.hint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={status}
          onChange={(v) => setStatus(String(v))}
          options={[
            { value: 'ACTIVE', label: t('monitoring.ACTIVE') },
            { value: 'ELIMINATED', label: t('monitoring.ELIMINATED') },
            { value: 'ALL', label: t('monitoring.all') },
          ]}
        />
        <Space>
          <Switch checked={onlyOverdue} onChange={setOnlyOverdue} data-test="only-overdue" />
          {t('monitoring.onlyOverdue')}
        </Space>
        <Link to="/monitoring/suggestions" data-test="suggestions-link">
          {t('monitoring.suggestionsLink')}
        </Link>
      </Space>
      {q.error ? <InlineError error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Table
        rowKey="householdId"
        size="middle"
        loading={q.isLoading}
        columns={columns}
        dataSource={rows}
        data-test="targets-table"
        pagination={{ pageSize: 20 }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  )
}
