/**
 * `/assistance`: tiered social assistance — monthly payment rosters (generate next month's as a job, open one for its
 * township totals, approval and bank-file export), the low-income registry (six groups per person with since/until),
 * referrals between monitoring and civil affairs, special grants, and the §10.2 statistics with charts.
 */
import { AuditOutlined, FileDoneOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Space, Table, type TableColumnsType, Tabs, Tag, Tooltip, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import { yuan } from '../../ui/format.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { TimeCell } from '../../ui/TimeCell.tsx'
import { type RaiseResult, raiseReviews } from '../applications/applicationsApi.ts'
import { useJob } from '../jobs/jobsApi.ts'
import { generateRoster, nextMonth, type Roster, useRosters } from './assistanceApi.ts'
import { DaijiaoTab } from './DaijiaoTab.tsx'
import { GrantsTab } from './GrantsTab.tsx'
import { ReferralsTab } from './ReferralsTab.tsx'
import { RegistryTab } from './RegistryTab.tsx'
import { ReportsTab } from './ReportsTab.tsx'

const STATUS_COLOR = { GENERATING: 'processing', DRAFT: 'gold', APPROVED: 'green' } as const

export function RosterStatus({ status }: { status: Roster['status'] }) {
  const { t } = useTranslation()
  return (
    <Tag color={STATUS_COLOR[status]} data-test={`roster-status-${status}`}>
      {t(`assistance.statuses.${status}`)}
    </Tag>
  )
}

function RostersTab() {
  const { t } = useTranslation()
  const me = useMe()
  const qc = useQueryClient()
  const rosters = useRosters()
  const [jobId, setJobId] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const job = useJob(jobId)
  const month = nextMonth()
  const county = me.regionCode.slice(0, 6)
  const countyLevel = /^\d{6}000000$/.test(me.regionCode)
  const mayGenerate = can(me, 'roster.generate') && countyLevel
  const mayRaise = can(me, 'assistance.reviews') && countyLevel
  const [raised, setRaised] = useState<RaiseResult | null>(null)
  const [raising, setRaising] = useState(false)
  const running = jobId !== null && (!job.data || job.data.status === 'queued' || job.data.status === 'running')
  const finished = jobId !== null && !!job.data && !running
  useEffect(() => {
    if (finished) void qc.invalidateQueries({ queryKey: ['assistance', 'rosters'] })
  }, [finished, qc])
  const generate = async () => {
    setError(null)
    try {
      setJobId((await generateRoster(county, month)).data.jobId)
    } catch (e) {
      setError(e)
    }
  }
  const raise = async () => {
    setError(null)
    setRaising(true)
    try {
      setRaised((await raiseReviews(county)).data)
    } catch (e) {
      setError(e)
    } finally {
      setRaising(false)
    }
  }
  const columns: TableColumnsType<Roster> = [
    { title: t('assistance.month'), dataIndex: 'month', render: (m: string) => `${m.slice(0, 4)}-${m.slice(4)}` },
    {
      title: t('assistance.status'),
      dataIndex: 'status',
      render: (s: Roster['status']) => <RosterStatus status={s} />,
    },
    { title: t('assistance.lines'), dataIndex: 'lineCount', align: 'right' },
    { title: t('assistance.total'), dataIndex: 'totalAmount', align: 'right', render: (v: number) => yuan(v) },
    { title: t('assistance.generatedAt'), dataIndex: 'generatedAt', render: (v: string) => <TimeCell iso={v} /> },
    {
      title: '',
      key: 'open',
      render: (_, r) => (
        <Link to={`/assistance/rosters/${r.id}`} data-test={`roster-open-${r.month}`}>
          {t('assistance.open')}
        </Link>
      ),
    },
  ]
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {mayGenerate || mayRaise ? (
        <Space>
          {mayGenerate ? (
            <Button
              type="primary"
              icon={<FileDoneOutlined />}
              loading={running}
              onClick={() => void generate()}
              data-test="roster-generate"
            >
              {t('assistance.generate', { month: `${month.slice(0, 4)}-${month.slice(4)}` })}
            </Button>
          ) : null}
          {jobId && job.data?.status === 'succeeded' ? (
            <Tag color="green" data-test="roster-generated">
              {t('assistance.generated')}
            </Tag>
          ) : null}
          {jobId && job.data?.status === 'failed' ? <Alert type="error" showIcon message={job.data.error} /> : null}
          {mayRaise ? (
            <Tooltip title={t('assistance.raiseReviewsHint')}>
              <Button icon={<AuditOutlined />} loading={raising} onClick={() => void raise()} data-test="reviews-raise">
                {t('assistance.raiseReviews')}
              </Button>
            </Tooltip>
          ) : null}
        </Space>
      ) : null}
      {raised ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setRaised(null)}
          data-test="reviews-raised"
          message={t('assistance.raised', { ...raised })}
          action={<Link to="/cases?type=DIBAO_REVIEW">{t('assistance.raisedCases')}</Link>}
        />
      ) : null}
      {error ? <InlineError error={error} /> : null}
      {rosters.error ? <InlineError error={rosters.error} onRetry={() => void rosters.refetch()} /> : null}
      <Table<Roster>
        rowKey="id"
        size="middle"
        data-test="rosters-table"
        loading={rosters.isPending}
        columns={columns}
        dataSource={rosters.data?.rosters ?? []}
        pagination={false}
        locale={{ emptyText: t('assistance.noRosters') }}
      />
    </Space>
  )
}

export default function AssistancePage() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') ?? 'rosters'
  return (
    <Card
      title={
        <Space direction="vertical" size={0}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('assistance.title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('assistance.hint')}
          </Typography.Text>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        destroyOnHidden
        items={[
          {
            key: 'rosters',
            label: <span data-test="tab-rosters">{t('assistance.tabs.rosters')}</span>,
            children: <RostersTab />,
          },
          {
            key: 'daijiao',
            label: <span data-test="tab-daijiao">{t('assistance.tabs.daijiao')}</span>,
            children: <DaijiaoTab />,
          },
          {
            key: 'registry',
            label: <span data-test="tab-registry">{t('assistance.tabs.registry')}</span>,
            children: <RegistryTab />,
          },
          {
            key: 'referrals',
            label: <span data-test="tab-referrals">{t('assistance.tabs.referrals')}</span>,
            children: <ReferralsTab />,
          },
          {
            key: 'grants',
            label: <span data-test="tab-grants">{t('assistance.tabs.grants')}</span>,
            children: <GrantsTab />,
          },
          {
            key: 'reports',
            label: <span data-test="tab-reports">{t('assistance.tabs.reports')}</span>,
            children: <ReportsTab />,
          },
        ]}
      />
    </Card>
  )
}
