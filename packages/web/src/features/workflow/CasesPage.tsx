/** `/cases`: cases of every type the user may read, in the user's area, with type and open/closed filters. */
import { SolutionOutlined } from '@ant-design/icons'
import { Card, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { InlineError } from '../../ui/PageState.tsx'
import { TimeCell } from '../../ui/TimeCell.tsx'
import { type CaseFilter, type CaseSummary, tx, useCases, useCaseTypes } from './workflowApi.ts'

export default function CasesPage() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const [filter, setFilter] = useState<CaseFilter>({
    type: params.get('type') ?? undefined,
    open: 'true',
    page: 1,
    pageSize: 20,
  })
  const types = useCaseTypes()
  const cases = useCases(filter)
  const def = (type: string) => types.data?.find((x) => x.type === type)
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('workflow.subject'),
      dataIndex: 'subjectName',
      render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v || '—'}</Link>,
    },
    { title: t('workflow.type'), key: 'type', render: (_, r) => tx(def(r.type)?.label) || r.type },
    {
      title: t('workflow.state'),
      key: 'state',
      render: (_, r) => (
        <Tag color={r.closedAt ? 'default' : 'processing'}>{tx(def(r.type)?.states[r.state]?.label) || r.state}</Tag>
      ),
    },
    { title: t('workflow.openedOn'), dataIndex: 'openedOn' },
    { title: t('workflow.caseDueOn'), dataIndex: 'dueOn', render: (v: string | null) => v ?? '—' },
    { title: t('workflow.region'), dataIndex: 'regionCode', responsive: ['lg'] },
    { title: t('workflow.closed'), dataIndex: 'closedAt', render: (v: string | null) => <TimeCell iso={v} /> },
  ]
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <SolutionOutlined /> {t('workflow.cases')}
      </Typography.Title>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<string>
            data-test="cases-filter-type"
            style={{ width: 220 }}
            value={filter.type ?? ''}
            onChange={(v) => setFilter({ ...filter, type: v || undefined, page: 1 })}
            options={[
              { value: '', label: t('workflow.allTypes') },
              ...(types.data ?? []).map((x) => ({ value: x.type, label: tx(x.label) })),
            ]}
          />
          <Select<string>
            style={{ width: 140 }}
            value={filter.open ?? ''}
            onChange={(v) => setFilter({ ...filter, open: (v || undefined) as CaseFilter['open'], page: 1 })}
            options={[
              { value: 'true', label: t('workflow.onlyOpen') },
              { value: 'false', label: t('workflow.closed') },
              { value: '', label: t('workflow.all') },
            ]}
          />
        </Space>
        {cases.error ? (
          <InlineError error={cases.error} onRetry={() => void cases.refetch()} />
        ) : (
          <Table<CaseSummary>
            data-test="cases-table"
            rowKey="id"
            size="middle"
            loading={cases.isFetching}
            columns={columns}
            dataSource={cases.data?.data ?? []}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: cases.data?.page.total ?? 0,
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }),
            }}
          />
        )}
      </Card>
    </Space>
  )
}
