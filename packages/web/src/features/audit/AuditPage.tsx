/**
 * `/audit`: the hash-chained audit log, paged and filtered on the server; a row expands to its before/after JSON.
 * Follows the header region: picking a region below one's own sets the region-prefix filter.
 */
import { AuditOutlined, FilterOutlined } from '@ant-design/icons'
import { Button, Card, Col, Grid, Row, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd'
import { type HTMLAttributes, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useRegion } from '../../app/region.tsx'
import { type AuditEvent, type PageQuery, regionPrefix } from '../../app/types.ts'
import { formatJson, formatTime } from '../../ui/format.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { RegionName } from '../../ui/RegionName.tsx'
import { isActive, useJob } from '../jobs/jobsApi.ts'
import { tx } from '../workflow/workflowApi.ts'
import { AuditFilters } from './AuditFilters.tsx'
import { type AuditFilter, useAuditEvents } from './auditApi.ts'
import { VerifyChainButton, VerifyChainResult } from './VerifyChain.tsx'

function Payload({ label, value }: { label: string; value: unknown }) {
  const { t } = useTranslation()
  return (
    <figure style={{ margin: 0 }} aria-label={label}>
      <figcaption>
        <Typography.Text strong>{label}</Typography.Text>
      </figcaption>
      <pre className="xj-json">{value === null || value === undefined ? t('audit.noPayload') : formatJson(value)}</pre>
    </figure>
  )
}

export default function AuditPage() {
  const { t } = useTranslation()
  const { region, home } = useRegion()
  const defaultFilter = (): AuditFilter => (region.code === home.code ? {} : { region: regionPrefix(region) })
  const [filter, setFilter] = useState<AuditFilter>(defaultFilter)
  const [paging, setPaging] = useState<PageQuery>({ page: 1, pageSize: 20, order: 'desc' })
  const [verifyJob, setVerifyJob] = useState<string | null>(null)
  const events = useAuditEvents(filter, paging)
  const verify = useJob(verifyJob)
  const verifyBusy = verifyJob !== null && (!verify.data || isActive(verify.data)) && !verify.error
  const mobile = Grid.useBreakpoint().md === false
  const [filtersOpen, setFiltersOpen] = useState(false)
  const activeFilters = Object.values(filter).filter(Boolean).length

  // A new region in the header restarts the list on that region.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the region code matters here
  useEffect(() => {
    setFilter(defaultFilter())
    setPaging((p) => ({ ...p, page: 1 }))
  }, [region.code])

  const columns: TableColumnsType<AuditEvent> = [
    {
      title: t('audit.time'),
      dataIndex: 'at',
      key: 'at',
      width: 170,
      sorter: true,
      sortOrder: paging.order === 'asc' ? 'ascend' : 'descend',
      sortDirections: ['descend', 'ascend', 'descend'],
      render: (at: string) => formatTime(at),
    },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 150,
      render: (_: unknown, e: AuditEvent) =>
        e.actorDisplayName ? (
          <Tooltip title={e.actorName}>{e.actorDisplayName}</Tooltip>
        ) : e.actorId ? (
          e.actorName
        ) : (
          t('audit.system')
        ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 180,
      render: (_: string, e: AuditEvent) => <Tag color="geekblue">{tx(e.actionLabel)}</Tag>,
    },
    {
      title: t('audit.subject'),
      key: 'subject',
      render: (_: unknown, e: AuditEvent) => <span>{tx(e.subjectLabel)}</span>,
    },
    {
      title: t('audit.regionColumn'),
      dataIndex: 'regionCode',
      width: 140,
      render: (c: string | null) => <RegionName code={c} />,
    },
  ]

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          <AuditOutlined /> {t('audit.title')}
        </Typography.Title>
        <VerifyChainButton onJob={setVerifyJob} busy={verifyBusy} />
      </div>
      {verifyJob ? <VerifyChainResult jobId={verifyJob} /> : null}
      <Card>
        {mobile ? (
          <Button
            data-test="audit-filters-toggle"
            icon={<FilterOutlined />}
            aria-expanded={filtersOpen}
            onClick={() => setFiltersOpen((o) => !o)}
            style={{ marginBottom: 12 }}
          >
            {t('audit.showFilters')}
            {activeFilters > 0 ? ` (${activeFilters})` : ''}
          </Button>
        ) : null}
        {!mobile || filtersOpen ? (
          <AuditFilters
            value={filter}
            onChange={(f) => {
              setFilter(f)
              setPaging((p) => ({ ...p, page: 1 }))
            }}
          />
        ) : null}
        {events.error ? (
          <InlineError error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <Table<AuditEvent>
            data-test="audit-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={events.data?.data ?? []}
            loading={events.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(e) => ({ 'data-test': 'audit-row', 'data-action': e.action }) as HTMLAttributes<HTMLElement>}
            expandable={{
              expandedRowRender: (e) => (
                <Row gutter={16} data-test="audit-detail">
                  <Col xs={24} style={{ marginBottom: 8 }}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('audit.seq')}: {e.chain} / {e.seq}
                      {e.requestId ? ` · ${t('audit.requestId')} ${e.requestId}` : ''}
                    </Typography.Text>
                  </Col>
                  <Col xs={24} md={12}>
                    <Payload label={t('audit.before')} value={e.before} />
                  </Col>
                  <Col xs={24} md={12}>
                    <Payload label={t('audit.after')} value={e.after} />
                  </Col>
                </Row>
              ),
            }}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: events.data?.page.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) => t('common.total', { total }),
            }}
            onChange={(p, _filters, sorter) => {
              const order = !Array.isArray(sorter) && sorter.order === 'ascend' ? 'asc' : 'desc'
              setPaging({ page: order === paging.order ? (p.current ?? 1) : 1, pageSize: p.pageSize ?? 20, order })
            }}
          />
        )}
      </Card>
    </Space>
  )
}
