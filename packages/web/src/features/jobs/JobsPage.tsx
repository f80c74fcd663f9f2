/** `/jobs`: background jobs, paged on the server, with status, progress and result; refreshes every 2 s while any runs. */
import { ScheduleOutlined, SyncOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Progress, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd'
import { type HTMLAttributes, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type Job, type JobStatus, jobStatuses } from '../../app/types.ts'
import { codeLabel } from '../../i18n/index.ts'
import { compactJson } from '../../ui/format.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { TimeCell } from '../../ui/TimeCell.tsx'
import { isActive, type JobFilter, useJobs } from './jobsApi.ts'

const statusColor: Record<JobStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
}

/** Coloured tag of a job status, localised. */
export function JobStatusTag({ status }: { status: JobStatus }) {
  return (
    <Tag color={statusColor[status]} icon={status === 'running' ? <SyncOutlined spin /> : undefined}>
      {codeLabel('jobStatus', status)}
    </Tag>
  )
}

function progressStatus(j: Job): 'active' | 'success' | 'exception' | 'normal' {
  if (j.status === 'running') return 'active'
  if (j.status === 'succeeded') return 'success'
  if (j.status === 'failed') return 'exception'
  return 'normal'
}

export default function JobsPage() {
  const { t } = useTranslation()
  const [filter, setFilter] = useState<JobFilter>({ page: 1, pageSize: 20 })
  const jobs = useJobs(filter)
  const polling = jobs.data?.data.some(isActive) ?? false

  const columns: TableColumnsType<Job> = [
    {
      title: t('jobs.name'),
      dataIndex: 'name',
      render: (name: string, j: Job) => (
        <span>
          {codeLabel('jobName', name)}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {name} v{j.version}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('jobs.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: JobStatus) => <JobStatusTag status={s} />,
    },
    {
      title: t('jobs.progress'),
      key: 'progress',
      width: 200,
      render: (_: unknown, j: Job) => (
        <div style={{ minWidth: 160 }}>
          <Progress percent={Math.round(j.progress * 100)} size="small" status={progressStatus(j)} />
          {j.progressMessage ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {j.progressMessage}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    { title: t('jobs.createdAt'), dataIndex: 'createdAt', width: 110, render: (v: string) => <TimeCell iso={v} /> },
    {
      title: t('jobs.startedAt'),
      dataIndex: 'startedAt',
      width: 110,
      render: (v: string | null) => <TimeCell iso={v} />,
    },
    {
      title: t('jobs.finishedAt'),
      dataIndex: 'finishedAt',
      width: 110,
      render: (v: string | null) => <TimeCell iso={v} />,
    },
    {
      title: t('jobs.result'),
      key: 'result',
      width: 260,
      render: (_: unknown, j: Job) =>
        j.error ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: j.error }} style={{ maxWidth: 260 }}>
            {j.error}
          </Typography.Text>
        ) : j.result !== null && j.result !== undefined ? (
          <Typography.Text code ellipsis={{ tooltip: compactJson(j.result) }} style={{ maxWidth: 260, fontSize: 12 }}>
            {compactJson(j.result)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ]

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <ScheduleOutlined /> {t('jobs.title')}
      </Typography.Title>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<JobStatus | 'all'>
            data-test="jobs-filter-status"
            aria-label={t('jobs.filterStatus')}
            style={{ width: 160 }}
            value={filter.status ?? 'all'}
            options={[
              { value: 'all', label: t('jobs.allStatuses') },
              ...jobStatuses.map((s) => ({ value: s, label: codeLabel('jobStatus', s) })),
            ]}
            onChange={(s) => setFilter((f) => ({ ...f, page: 1, status: s === 'all' ? undefined : s }))}
          />
          <Button icon={<SyncOutlined />} onClick={() => void jobs.refetch()} data-test="jobs-refresh">
            {t('common.refresh')}
          </Button>
          {polling ? <Alert type="info" showIcon title={t('jobs.polling')} style={{ padding: '2px 10px' }} /> : null}
        </Space>
        {jobs.error ? (
          <InlineError error={jobs.error} onRetry={() => void jobs.refetch()} />
        ) : (
          <Table<Job>
            data-test="jobs-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={jobs.data?.data ?? []}
            loading={jobs.isPending}
            scroll={{ x: 'max-content' }}
            onRow={(j) => ({ 'data-test': 'job-row', 'data-status': j.status }) as HTMLAttributes<HTMLElement>}
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: jobs.data?.page.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) => t('common.total', { total }),
            }}
            onChange={(p) => setFilter((f) => ({ ...f, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
          />
        )}
      </Card>
    </Space>
  )
}
