/** The low-income registry: per person the six groups with since/until, filtered by group, history on demand. */
import { Checkbox, Select, Space, Table, type TableColumnsType, Tag, Tooltip } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useRegion } from '../../app/region.tsx'
import { regionPrefix } from '../../app/types.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { GROUPS, type Group, type RegistryPerson, useRegistry } from './assistanceApi.ts'

const COLOR: Record<Group, string> = {
  DIBAO: 'blue',
  TEKUN: 'purple',
  PREVENTION_TARGET: 'red',
  DIBAO_MARGINAL: 'cyan',
  RIGID_EXPENDITURE: 'orange',
  OTHER: 'default',
}

export function RegistryTab() {
  const { t } = useTranslation()
  const [group, setGroup] = useState<Group | undefined>()
  const [all, setAll] = useState(false)
  const [page, setPage] = useState(1)
  const { region } = useRegion()
  const q = useRegistry({ group, region: regionPrefix(region) || undefined, all, page, pageSize: 20 })
  const g = (x: string) => t(`assistance.groups.${x}` as 'assistance.groups.DIBAO')
  const columns: TableColumnsType<RegistryPerson> = [
    { title: t('assistance.name'), dataIndex: 'name' },
    { title: t('assistance.idNumber'), dataIndex: 'idNumber' },
    { title: t('assistance.village'), dataIndex: 'villageName' },
    { title: t('assistance.householdNo'), dataIndex: 'householdNo' },
    {
      title: t('assistance.group'),
      key: 'groups',
      render: (_, p) => (
        <Space size={[4, 4]} wrap>
          {p.groups
            .filter((x) => x.since)
            .map((x) => (
              <Tooltip key={x.group} title={`${x.since} — ${x.until ?? t('assistance.current')}`}>
                <Tag color={x.active ? COLOR[x.group] : 'default'} data-test={`registry-group-${x.group}`}>
                  {g(x.group)} {x.since} ~ {x.until ?? t('assistance.current')}
                </Tag>
              </Tooltip>
            ))}
        </Space>
      ),
    },
  ]
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('assistance.allGroups')}
          style={{ width: 200 }}
          value={group}
          onChange={(v) => {
            setGroup(v)
            setPage(1)
          }}
          options={GROUPS.map((x) => ({ value: x, label: g(x) }))}
          data-test="registry-group"
        />
        <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>
          {t('assistance.history')}
        </Checkbox>
      </Space>
      {q.error ? <InlineError error={q.error} /> : null}
      <Table<RegistryPerson>
        rowKey="personId"
        size="small"
        loading={q.isFetching}
        columns={columns}
        dataSource={q.data?.data ?? []}
        data-test="registry-table"
        pagination={{
          current: page,
          pageSize: 20,
          total: q.data?.page.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
      />
    </Space>
  )
}
