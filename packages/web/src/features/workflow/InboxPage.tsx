/**
 * `/inbox`: the open tasks of the user's office, soonest deadline first, the overdue report of the user's area and the
 * publicity board (notices being publicised now, with their printable pages).
 */
import { InboxOutlined } from '@ant-design/icons'
import { Card, Space, Table, type TableColumnsType, Tabs, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { BarChart } from '../../ui/BarChart.tsx'
import { InlineError } from '../../ui/PageState.tsx'
import { TimeCell } from '../../ui/TimeCell.tsx'
import { DueTag } from './DueTag.tsx'
import {
  type InboxItem,
  type OverdueReport,
  type PublicityBoardItem,
  tx,
  useCaseTypes,
  useInbox,
  useOverdue,
  usePublicityBoard,
} from './workflowApi.ts'

function InboxTable() {
  const { t } = useTranslation()
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const inbox = useInbox(page.page, page.pageSize)
  const today = inbox.data?.today ?? ''
  const columns: TableColumnsType<InboxItem> = [
    {
      title: t('workflow.subject'),
      dataIndex: 'subjectName',
      render: (v: string, r) => (
        <Link to={`/cases/${r.caseId}`} data-test="inbox-open">
          {v || '—'}
        </Link>
      ),
    },
    { title: t('workflow.type'), key: 'type', render: (_, r) => tx(r.typeLabel) },
    { title: t('workflow.state'), key: 'state', render: (_, r) => tx(r.stateLabel) },
    {
      title: t('workflow.dueOn'),
      key: 'due',
      render: (_, r) => <DueTag dueOn={r.dueOn} today={today} calendarMissing={r.calendarMissing} />,
    },
    {
      title: t('workflow.caseDueOn'),
      key: 'caseDue',
      responsive: ['md'],
      render: (_, r) =>
        r.caseDueOn ? <DueTag dueOn={r.caseDueOn} today={today} calendarMissing={r.calendarMissing} /> : '—',
    },
    { title: t('workflow.region'), dataIndex: 'regionCode', responsive: ['lg'] },
    { title: t('workflow.since'), dataIndex: 'since', responsive: ['lg'], render: (v: string) => <TimeCell iso={v} /> },
  ]
  if (inbox.error) return <InlineError error={inbox.error} onRetry={() => void inbox.refetch()} />
  return (
    <Table<InboxItem>
      data-test="inbox-table"
      rowKey="taskId"
      size="middle"
      loading={inbox.isFetching}
      columns={columns}
      dataSource={inbox.data?.data ?? []}
      scroll={{ x: 'max-content' }}
      pagination={{
        current: page.page,
        pageSize: page.pageSize,
        total: inbox.data?.page.total ?? 0,
        showTotal: (total) => t('common.total', { total }),
        onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
      }}
    />
  )
}

function OverdueView() {
  const { t } = useTranslation()
  const report = useOverdue()
  const types = useCaseTypes()
  const label = (type: string) => tx(types.data?.find((x) => x.type === type)?.label) || type
  const stateLabel = (type: string, state: string) =>
    tx(types.data?.find((x) => x.type === type)?.states[state]?.label) || state
  if (report.error) return <InlineError error={report.error} onRetry={() => void report.refetch()} />
  const data = report.data
  const counts = new Map<string, number>()
  for (const x of [...(data?.tasks ?? []), ...(data?.cases ?? [])]) counts.set(x.type, (counts.get(x.type) ?? 0) + 1)
  const caseColumns: TableColumnsType<OverdueReport['cases'][number]> = [
    {
      title: t('workflow.subject'),
      key: 's',
      render: (_, r) => <Link to={`/cases/${r.caseId}`}>{r.subjectName}</Link>,
    },
    { title: t('workflow.type'), key: 'type', render: (_, r) => label(r.type) },
    { title: t('workflow.state'), key: 'state', render: (_, r) => stateLabel(r.type, r.state) },
    { title: t('workflow.openedOn'), dataIndex: 'openedOn' },
    {
      title: t('workflow.caseDueOn'),
      key: 'due',
      render: (_, r) => <DueTag dueOn={r.dueOn} today={data?.today ?? ''} />,
    },
    { title: t('workflow.region'), dataIndex: 'regionCode' },
  ]
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {counts.size > 0 ? (
        <Card size="small" title={t('workflow.byType')}>
          <BarChart
            bars={[...counts].map(([type, value]) => ({ label: label(type), value }))}
            seriesName={t('workflow.overdue')}
            ariaLabel={t('workflow.byType')}
            dataTest="overdue-chart"
          />
        </Card>
      ) : null}
      <Card size="small" title={t('workflow.overdueTasks')}>
        <Table
          rowKey={(r) => `${r.caseId}-${r.state}`}
          size="small"
          loading={report.isFetching}
          dataSource={data?.tasks ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('workflow.subject'),
              key: 's',
              render: (_, r) => <Link to={`/cases/${r.caseId}`}>{r.subjectName}</Link>,
            },
            { title: t('workflow.type'), key: 'type', render: (_, r) => label(r.type) },
            { title: t('workflow.state'), key: 'state', render: (_, r) => stateLabel(r.type, r.state) },
            {
              title: t('workflow.dueOn'),
              key: 'due',
              render: (_, r) => <DueTag dueOn={r.dueOn} today={data?.today ?? ''} />,
            },
            { title: t('workflow.region'), dataIndex: 'office' },
          ]}
        />
      </Card>
      <Card size="small" title={t('workflow.overdueCases')}>
        <Table
          rowKey="caseId"
          size="small"
          dataSource={data?.cases ?? []}
          columns={caseColumns}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <Card size="small" title={t('workflow.breaches')}>
        <Table
          rowKey="caseId"
          size="small"
          dataSource={data?.breaches ?? []}
          columns={caseColumns}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Space>
  )
}

function PublicityBoard() {
  const { t } = useTranslation()
  const board = usePublicityBoard()
  const types = useCaseTypes()
  const label = (type: string) => tx(types.data?.find((x) => x.type === type)?.label) || type
  if (board.error) return <InlineError error={board.error} onRetry={() => void board.refetch()} />
  const columns: TableColumnsType<PublicityBoardItem> = [
    {
      title: t('workflow.subject'),
      key: 's',
      render: (_, r) => <Link to={`/cases/${r.caseId}`}>{r.subjectName}</Link>,
    },
    { title: t('workflow.type'), key: 'type', render: (_, r) => label(r.type) },
    { title: t('workflow.boardPlace'), dataIndex: 'place', responsive: ['md'] },
    {
      title: t('workflow.boardPeriod'),
      key: 'period',
      render: (_, r) => `${r.startOn} ~ ${r.endOn}`,
    },
    { title: t('workflow.boardDaysLeft'), dataIndex: 'daysLeft' },
    { title: t('workflow.objections'), dataIndex: 'objections' },
    { title: t('workflow.region'), dataIndex: 'regionCode', responsive: ['lg'] },
    {
      title: t('workflow.boardNotice'),
      key: 'notice',
      render: (_, r) => (
        <Space wrap>
          <Link to={`/cases/${r.caseId}/notices/${r.round}`} data-test="board-notice">
            {t('workflow.printNotice')}
          </Link>
          <Link
            to={`/inbox/publicity?${new URLSearchParams({ regionCode: r.regionCode, type: r.type, startOn: r.startOn })}`}
            data-test="board-batch"
          >
            {t('paper.batch.open')}
          </Link>
        </Space>
      ),
    },
  ]
  return (
    <Table<PublicityBoardItem>
      data-test="publicity-board"
      rowKey={(r) => `${r.caseId}:${r.round}`}
      size="middle"
      loading={board.isFetching}
      columns={columns}
      dataSource={board.data?.items ?? []}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
    />
  )
}

export default function InboxPage() {
  const { t } = useTranslation()
  // `?tab=overdue|publicity` opens a tab directly (the home page's figures link here)
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') ?? 'inbox'
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <InboxOutlined /> {t('workflow.inbox')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('workflow.inboxHint')}</Typography.Text>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'inbox' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'inbox', label: t('workflow.inbox'), children: <InboxTable /> },
            { key: 'overdue', label: t('workflow.overdue'), children: <OverdueView /> },
            { key: 'publicity', label: t('workflow.publicityBoard'), children: <PublicityBoard /> },
          ]}
        />
      </Card>
    </Space>
  )
}
