/**
 * `/households`: the household registry of the header region, searched and filtered on the server (name, pinyin or
 * initials, ID number or its last digits, 户编号, phone), paged and sorted on the server. A row opens the household.
 * Editors get "new household" and "import"; everyone with read access can export the current region to Excel.
 */
import { CloudUploadOutlined, DownloadOutlined, FilterOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons'
import { Button, Card, Grid, Input, Space, Table, type TableColumnsType, Tag, Typography } from 'antd'
import { type HTMLAttributes, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { queryString } from '../../app/api.ts'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import { useRegion } from '../../app/region.tsx'
import { regionPrefix } from '../../app/types.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { TimeCell } from '../../ui/TimeCell.tsx'
import { HouseholdFilters } from './HouseholdFilters.tsx'
import { GroupTags, MonitoringTag, TypeTag } from './HouseholdTags.tsx'
import { type HouseholdFilter, type HouseholdPaging, type HouseholdSummary, useHouseholds } from './householdsApi.ts'

const firstPage: HouseholdPaging = { page: 1, pageSize: 20, sort: 'householdNo', order: 'asc' }

export default function HouseholdsPage() {
  const { t } = useTranslation()
  const me = useMe()
  const navigate = useNavigate()
  const { region } = useRegion()
  const [filter, setFilter] = useState<HouseholdFilter>({})
  const [paging, setPaging] = useState<HouseholdPaging>(firstPage)
  const [search, setSearch] = useState('')
  const mobile = Grid.useBreakpoint().md === false
  const [filtersOpen, setFiltersOpen] = useState(false)
  const scope = filter.region ?? regionPrefix(region)
  const households = useHouseholds({ ...filter, region: scope }, paging)
  const activeFilters = Object.entries(filter).filter(([k, v]) => k !== 'q' && v !== undefined).length

  // A new region in the header restarts the list on that region.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the region code matters here
  useEffect(() => {
    setFilter((f) => ({ ...f, region: undefined }))
    setPaging((p) => ({ ...p, page: 1 }))
  }, [region.code])

  const apply = (f: HouseholdFilter) => {
    setFilter(f)
    setPaging((p) => ({ ...p, page: 1 }))
  }

  const sortOrder = (key: HouseholdPaging['sort']) =>
    paging.sort === key ? (paging.order === 'asc' ? 'ascend' : 'descend') : null

  const columns: TableColumnsType<HouseholdSummary> = [
    {
      title: t('households.householdNo'),
      dataIndex: 'householdNo',
      key: 'householdNo',
      sorter: true,
      sortOrder: sortOrder('householdNo'),
      render: (no: string, h) => (
        <Link to={`/households/${h.id}`} data-test="household-link" onClick={(e) => e.stopPropagation()}>
          {no}
        </Link>
      ),
    },
    {
      title: t('households.head'),
      dataIndex: 'headName',
      render: (n: string | null) => <Typography.Text strong>{n ?? '—'}</Typography.Text>,
    },
    {
      title: t('households.regionColumn'),
      dataIndex: 'regionCode',
      key: 'region',
      sorter: true,
      sortOrder: sortOrder('region'),
      render: (c: string, h) => (
        <span data-test="household-region" title={c}>
          {h.villageName ? (
            <>
              {h.townshipName ? <Typography.Text type="secondary">{h.townshipName} · </Typography.Text> : null}
              {h.villageName}
            </>
          ) : (
            c
          )}
        </span>
      ),
    },
    { title: t('households.householdType'), dataIndex: 'householdType', render: (v: string) => <TypeTag type={v} /> },
    {
      title: t('households.monitoringStatus'),
      dataIndex: 'monitoringStatus',
      render: (v: string) => <MonitoringTag status={v} />,
    },
    {
      title: t('households.lowIncomeGroup'),
      dataIndex: 'lowIncomeGroups',
      responsive: ['lg'],
      render: (g: string[], h) => (
        <>
          <GroupTags groups={g} />
          {h.wholeHouseholdNoLabour ? <Tag color="volcano">{t('household.wholeNoLabour')}</Tag> : null}
        </>
      ),
    },
    { title: t('households.phone'), dataIndex: 'phone', responsive: ['md'], render: (p: string | null) => p ?? '—' },
    {
      title: t('households.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      width: 110,
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      responsive: ['md'],
      render: (v: string) => <TimeCell iso={v} />,
    },
  ]

  const exportHref = `/api/exports/households.xlsx${queryString({ region: scope })}`

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          <TeamOutlined /> {t('households.title')}
        </Typography.Title>
        <Space wrap>
          <Button data-test="household-export" icon={<DownloadOutlined />} href={exportHref} download>
            {t('households.export')}
          </Button>
          {can(me, 'household.edit') ? (
            <>
              <Button data-test="household-import" icon={<CloudUploadOutlined />} onClick={() => navigate('/imports')}>
                {t('households.import')}
              </Button>
              <Button
                data-test="household-new"
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/households/new')}
              >
                {t('households.new')}
              </Button>
            </>
          ) : null}
        </Space>
      </div>
      <Card>
        <div style={{ display: 'flex', gap: 8, marginBottom: 16, flexWrap: 'wrap' }}>
          <Input.Search
            data-test="household-search"
            aria-label={t('households.searchLabel')}
            placeholder={t('households.searchPlaceholder')}
            allowClear
            enterButton
            value={search}
            onChange={(e) => {
              setSearch(e.target.value)
              if (e.target.value === '' && filter.q) apply({ ...filter, q: undefined })
            }}
            onSearch={(q) => apply({ ...filter, q: q.trim() || undefined })}
            style={{ flex: '1 1 320px', maxWidth: 640 }}
          />
          {mobile ? (
            <Button
              data-test="household-filters-toggle"
              icon={<FilterOutlined />}
              aria-expanded={filtersOpen}
              onClick={() => setFiltersOpen((o) => !o)}
            >
              {t('households.showFilters')}
              {activeFilters > 0 ? ` (${activeFilters})` : ''}
            </Button>
          ) : null}
        </div>
        {!mobile || filtersOpen ? <HouseholdFilters value={filter} onChange={apply} /> : null}
        {households.error ? (
          <InlineError error={households.error} onRetry={() => void households.refetch()} />
        ) : (
          <Table<HouseholdSummary>
            data-test="household-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={households.data?.data ?? []}
            loading={households.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(h) =>
              ({
                'data-test': 'household-row',
                'data-id': h.id,
                style: { cursor: 'pointer' },
                onClick: () => navigate(`/households/${h.id}`),
              }) as HTMLAttributes<HTMLElement>
            }
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: households.data?.page.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) =>
                (households.data?.page as { capped?: boolean } | undefined)?.capped
                  ? t('households.totalCapped', { total })
                  : t('common.total', { total }),
            }}
            onChange={(p, _filters, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter
              const key = (s?.order ? (s.columnKey as HouseholdPaging['sort']) : undefined) ?? 'householdNo'
              const order = s?.order === 'descend' ? 'desc' : 'asc'
              const sortChanged = key !== paging.sort || order !== paging.order
              setPaging({ page: sortChanged ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? 20, sort: key, order })
            }}
          />
        )}
      </Card>
    </Space>
  )
}
