/**
 * `/assistance/rosters/:id`: one payment roster — totals by township (chart and table), the lines (ID numbers and
 * accounts masked, each with its decision), approval by someone other than the generator, the adjustments waiting
 * for approval by someone other than their author, and the bank-file exports.
 */
import { CheckOutlined, DownloadOutlined, LockOutlined, PrinterOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Table, type TableColumnsType, Tag, Tooltip } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import { BarChart } from '../../ui/BarChart.tsx'
import { formatTime, yuan } from '../../ui/format.ts'
import { InlineError, PageLoading } from '../../ui/PageState.tsx'
import { AdjustModal } from './AdjustModal.tsx'
import { RosterStatus } from './AssistancePage.tsx'
import {
  approveRoster,
  exportUrl,
  type RosterLine,
  useRosterLines,
  useRosters,
  useRosterTotals,
} from './assistanceApi.ts'
import { PendingAdjustments } from './PendingAdjustments.tsx'

interface TownshipRow {
  townshipCode: string
  townshipName: string
  persons: number
  amount: number
  adjustments: number
  byProgramme: Record<string, number>
}

export default function RosterPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const me = useMe()
  const qc = useQueryClient()
  const totals = useRosterTotals(id)
  const rosters = useRosters()
  const [page, setPage] = useState(1)
  const lines = useRosterLines(id, page, 20)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [adjusting, setAdjusting] = useState<RosterLine | null>(null)
  if (totals.isPending) return <PageLoading />
  if (totals.error) return <InlineError error={totals.error} onRetry={() => void totals.refetch()} />
  const { roster, rows, total, pending } = totals.data
  const prog = (p: string) => t(`assistance.programmes.${p}` as 'assistance.programmes.DIBAO', { defaultValue: p })
  const byTownship = new Map<string, number>()
  for (const r of rows) byTownship.set(r.townshipName, (byTownship.get(r.townshipName) ?? 0) + r.amount)
  const approve = async () => {
    setBusy(true)
    setError(null)
    try {
      await approveRoster(id)
      await qc.invalidateQueries({ queryKey: ['assistance', 'rosters'] })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  // one row per township, one amount column per programme present, then persons and the township's total
  const programmes = [...new Set(rows.map((r) => r.programme))]
  const pivot = new Map<string, TownshipRow>()
  for (const r of rows) {
    const row = pivot.get(r.townshipCode) ?? {
      townshipCode: r.townshipCode,
      townshipName: r.townshipName,
      persons: 0,
      amount: 0,
      adjustments: 0,
      byProgramme: {},
    }
    row.persons += r.persons
    row.amount += r.amount
    row.adjustments += r.adjustments
    row.byProgramme[r.programme] = (row.byProgramme[r.programme] ?? 0) + r.amount
    pivot.set(r.townshipCode, row)
  }
  const totalColumns: TableColumnsType<TownshipRow> = [
    { title: t('assistance.township'), dataIndex: 'townshipName' },
    ...programmes.map((p) => ({
      title: prog(p),
      key: p,
      align: 'right' as const,
      render: (_: unknown, r: TownshipRow) => (r.byProgramme[p] ? yuan(r.byProgramme[p]) : ''),
    })),
    { title: t('assistance.persons'), dataIndex: 'persons', align: 'right' },
    {
      title: t('assistance.adjustments'),
      dataIndex: 'adjustments',
      align: 'right',
      render: (v: number) => (v ? yuan(v) : ''),
    },
    { title: t('assistance.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <b>{yuan(v)}</b> },
  ]
  const lineColumns: TableColumnsType<RosterLine> = [
    { title: t('assistance.name'), dataIndex: 'name' },
    { title: t('assistance.idNumber'), dataIndex: 'idNumber' },
    {
      title: t('assistance.bankAccount'),
      dataIndex: 'bankAccount',
      render: (v: string | null) =>
        v ?? (
          <Tag color="error" data-test="no-bank-account">
            {t('assistance.noBankAccount')}
          </Tag>
        ),
    },
    { title: t('assistance.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => yuan(v) },
    { title: t('assistance.township'), dataIndex: 'townshipName' },
    { title: t('assistance.village'), dataIndex: 'villageName' },
    {
      title: t('assistance.programme'),
      dataIndex: 'programme',
      render: (p: string, l) => (
        <Space size={4}>
          {prog(p)}
          {l.kind === 'ADJUSTMENT' ? <Tag color="orange">{t('assistance.ADJUSTMENT')}</Tag> : null}
          {l.reviewStatus && l.reviewStatus !== 'APPROVED' ? (
            <Tag color={l.reviewStatus === 'PENDING' ? 'gold' : 'default'}>
              {t(`assistance.reviewStatuses.${l.reviewStatus}`)}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('assistance.decision'),
      dataIndex: 'traceRef',
      render: (ref: string | null, l) =>
        ref?.startsWith('case:') ? (
          <a href={`/cases/${ref.slice(5)}`} title={l.decisionId ?? ''}>
            {ref.slice(5, 13)}
          </a>
        ) : (
          (ref ?? '—')
        ),
    },
    ...(can(me, 'roster.adjust') && roster.status === 'APPROVED'
      ? [
          {
            title: '',
            key: 'adjust',
            render: (_: unknown, l: RosterLine) =>
              l.kind === 'REGULAR' ? (
                <Button size="small" onClick={() => setAdjusting(l)} data-test="line-adjust">
                  {t('assistance.adjust')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ]
  // separation of duties: the generator does not get the button (the API refuses it too)
  const mayApprove = can(me, 'roster.approve') && roster.status === 'DRAFT' && roster.generatedBy !== me.id
  const mayFull = (rosters.data?.mayExportFull ?? false) && roster.status === 'APPROVED'
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={`${t('assistance.tabs.rosters')} ${roster.month.slice(0, 4)}-${roster.month.slice(4)}`}
        extra={
          <Space wrap>
            {mayApprove ? (
              <Popconfirm title={t('assistance.approveConfirm')} onConfirm={() => void approve()}>
                <Button type="primary" icon={<CheckOutlined />} loading={busy} data-test="roster-approve">
                  {t('assistance.approve')}
                </Button>
              </Popconfirm>
            ) : null}
            <Link to={`/assistance/rosters/${id}/print`} data-test="roster-print-link">
              <Button icon={<PrinterOutlined />}>{t('paper.roster.open')}</Button>
            </Link>
            {/* no bank file while an adjustment waits: the server refuses it too */}
            <Tooltip title={pending.count ? t('assistance.exportBlocked') : undefined}>
              <Button
                icon={<DownloadOutlined />}
                href={pending.count ? undefined : exportUrl(id, false)}
                disabled={pending.count > 0}
                download
                data-test="roster-export"
              >
                {t('assistance.export')}
              </Button>
            </Tooltip>
            {mayFull ? (
              <Tooltip title={pending.count ? t('assistance.exportBlocked') : t('assistance.exportFullHint')}>
                <Button
                  icon={<LockOutlined />}
                  href={pending.count ? undefined : exportUrl(id, true)}
                  disabled={pending.count > 0}
                  download
                  data-test="roster-export-full"
                >
                  {t('assistance.exportFull')}
                </Button>
              </Tooltip>
            ) : null}
          </Space>
        }
      >
        {error ? <InlineError error={error} /> : null}
        {roster.status === 'APPROVED' ? (
          <Alert
            type="success"
            showIcon
            message={t('assistance.approved')}
            style={{ marginBottom: 12 }}
            data-test="roster-approved"
          />
        ) : null}
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('assistance.status')}>
            <RosterStatus status={roster.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('assistance.lines')}>{roster.lineCount}</Descriptions.Item>
          <Descriptions.Item label={t('assistance.total')}>
            <span data-test="roster-total">{yuan(total)}</span>
          </Descriptions.Item>
          {pending.count ? (
            <Descriptions.Item label={t('assistance.pendingTitle')}>
              <span data-test="roster-pending-summary">
                {t('assistance.pendingSummary', { count: pending.count, amount: yuan(pending.amount) })}
              </span>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('assistance.generatedAt')}>{formatTime(roster.generatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('assistance.approvedAt')}>{formatTime(roster.approvedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {roster.status === 'APPROVED' ? (
        <PendingAdjustments rosterId={id} mayReview={can(me, 'roster.approve')} meId={me.id} />
      ) : null}
      <Card title={t('assistance.byTownship')} data-test="roster-totals">
        {byTownship.size ? (
          <BarChart
            bars={[...byTownship].map(([label, v]) => ({ label, value: Math.round(v / 100) }))}
            seriesName={t('assistance.chartSeries')}
            ariaLabel={t('assistance.byTownship')}
            dataTest="roster-township-chart"
          />
        ) : null}
        <Table<TownshipRow>
          rowKey="townshipCode"
          size="small"
          columns={totalColumns}
          dataSource={[...pivot.values()]}
          pagination={false}
          data-test="roster-totals-table"
        />
      </Card>
      <Card title={t('assistance.lines')}>
        {lines.error ? <InlineError error={lines.error} /> : null}
        <Table<RosterLine>
          rowKey="id"
          size="small"
          loading={lines.isFetching}
          columns={lineColumns}
          dataSource={lines.data?.data ?? []}
          data-test="roster-lines"
          pagination={{
            current: page,
            pageSize: 20,
            total: lines.data?.page.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
        />
      </Card>
      <AdjustModal rosterId={id} line={adjusting} onClose={() => setAdjusting(null)} />
    </Space>
  )
}
