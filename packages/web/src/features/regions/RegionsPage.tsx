/**
 * `/regions`: the selected region's subdivisions as a table (code, name, level, urban-rural class, child count), a
 * search box over the user's scope, a breadcrumb from the path endpoint; a row click drills down.
 */
import { ClusterOutlined, RightOutlined } from '@ant-design/icons'
import { Breadcrumb, Button, Card, Input, Space, Table, type TableColumnsType, Tag, Typography } from 'antd'
import { type HTMLAttributes, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useRegion } from '../../app/region.tsx'
import type { Region } from '../../app/types.ts'
import { codeLabel } from '../../i18n/index.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { useRegionChildren, useRegionPath, useRegionSearch } from './regionsApi.ts'

const levelColors: Record<number, string> = { 1: 'magenta', 2: 'purple', 3: 'blue', 4: 'cyan', 5: 'green' }

function RegionPath({ code }: { code: string }) {
  const { t } = useTranslation()
  const { inScope, setRegion } = useRegion()
  const path = useRegionPath(code)
  if (path.error) return <InlineError error={path.error} />
  const items = (path.data ?? []).map((r, i, all) => {
    const last = i === all.length - 1
    const clickable = !last && inScope(r)
    return {
      key: r.code,
      title: clickable ? (
        <a
          href={`#${r.code}`}
          data-test={`crumb-${r.code}`}
          onClick={(e) => {
            e.preventDefault()
            setRegion(r)
          }}
        >
          {r.name}
        </a>
      ) : (
        <span data-test={`crumb-${r.code}`}>{r.name}</span>
      ),
    }
  })
  return (
    <nav aria-label={t('regions.breadcrumb')} data-test="region-breadcrumb">
      <Breadcrumb items={items} />
    </nav>
  )
}

export default function RegionsPage() {
  const { t } = useTranslation()
  const { region, setRegion } = useRegion()
  const [q, setQ] = useState('')
  const children = useRegionChildren(region.code)
  const search = useRegionSearch(q)
  const searching = q.length > 0
  const active = searching ? search : children

  const columns: TableColumnsType<Region> = [
    {
      title: t('regions.code'),
      dataIndex: 'code',
      width: 150,
      render: (code: string) => <Typography.Text copyable={{ text: code }}>{code}</Typography.Text>,
    },
    { title: t('regions.name'), dataIndex: 'name', render: (name: string) => <strong>{name}</strong> },
    {
      title: t('regions.level'),
      dataIndex: 'level',
      width: 110,
      render: (level: number) => <Tag color={levelColors[level]}>{codeLabel('level', level)}</Tag>,
    },
    {
      title: t('regions.urbanRural'),
      dataIndex: 'urbanRuralClass',
      width: 160,
      responsive: ['md'],
      render: (c: string | null) => (c ? `${codeLabel('urbanRural', c)} (${c})` : '—'),
    },
    { title: t('regions.childCount'), dataIndex: 'childCount', width: 110, align: 'right' },
    {
      key: 'open',
      width: 56,
      render: (_: unknown, r: Region) =>
        r.childCount > 0 || searching ? (
          <Button
            type="text"
            size="small"
            icon={<RightOutlined />}
            aria-label={`${t('regions.drillDown')} ${r.name}`}
            onClick={(e) => {
              e.stopPropagation()
              open(r)
            }}
          />
        ) : null,
    },
  ]

  function open(r: Region) {
    setQ('')
    setRegion(r)
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <ClusterOutlined /> {t('regions.title')}
      </Typography.Title>
      <RegionPath code={region.code} />
      <Card
        title={
          searching
            ? t('regions.searchResults', { count: search.data?.length ?? 0 })
            : `${region.name} · ${codeLabel('level', region.level)}`
        }
        extra={
          searching ? (
            <Button size="small" onClick={() => setQ('')} data-test="region-search-clear">
              {t('regions.clearSearch')}
            </Button>
          ) : null
        }
      >
        <Input.Search
          data-test="region-search"
          aria-label={t('regions.searchLabel')}
          placeholder={t('regions.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(v) => setQ(v.trim())}
          style={{ maxWidth: 420, marginBottom: 16 }}
        />
        {active.error ? (
          <InlineError error={active.error} onRetry={() => void active.refetch()} />
        ) : (
          <Table<Region>
            data-test="regions-table"
            rowKey="code"
            size="middle"
            columns={columns}
            dataSource={active.data ?? []}
            loading={active.isFetching}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: searching ? t('common.empty') : t('regions.noChildren') }}
            scroll={{ x: 'max-content' }}
            onRow={(r) =>
              ({
                'data-test': 'region-row',
                onClick: () => (r.childCount > 0 || searching ? open(r) : undefined),
                style: { cursor: r.childCount > 0 || searching ? 'pointer' : 'default' },
              }) as HTMLAttributes<HTMLElement>
            }
          />
        )}
      </Card>
    </Space>
  )
}
