/** The yearly 城乡居保代缴 roster (§6.8): generate (after export: adjustment lines), totals by group, agency file. */
import { DownloadOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Button, Card, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import { chinaToday } from '../../ui/dates.ts'
import { yuan } from '../../ui/format.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { type DaijiaoRoster, daijiaoExportUrl, generateDaijiao, useDaijiao, useDaijiaoTotals } from './assistanceApi.ts'

export function DaijiaoTab() {
  const { t } = useTranslation()
  const me = useMe()
  const qc = useQueryClient()
  const list = useDaijiao()
  const [selected, setSelected] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const current = selected ?? list.data?.[0]?.id ?? null
  const totals = useDaijiaoTotals(current)
  const year = chinaToday().year()
  const mayGenerate = can(me, 'daijiao.generate') && /^\d{6}000000$/.test(me.regionCode)
  const generate = async () => {
    setBusy(true)
    setError(null)
    try {
      await generateDaijiao(me.regionCode.slice(0, 6), year)
      await qc.invalidateQueries({ queryKey: ['assistance', 'daijiao'] })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const g = (v: string | null) =>
    v ? t(`assistance.groups.${v}` as 'assistance.groups.DIBAO', { defaultValue: v }) : '—'
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {mayGenerate ? (
        <Button type="primary" loading={busy} onClick={() => void generate()} data-test="daijiao-generate">
          {t('assistance.daijiaoGenerate', { year })}
        </Button>
      ) : null}
      {error || list.error ? <InlineError error={error ?? list.error} /> : null}
      <Table<DaijiaoRoster>
        rowKey="id"
        size="small"
        loading={list.isPending}
        data-test="daijiao-table"
        dataSource={list.data ?? []}
        pagination={false}
        onRow={(r) => ({ onClick: () => setSelected(r.id) })}
        rowClassName={(r) => (r.id === current ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('assistance.year'), dataIndex: 'year' },
          {
            title: t('assistance.status'),
            dataIndex: 'status',
            render: (s: DaijiaoRoster['status']) => (
              <Tag color={s === 'EXPORTED' ? 'green' : 'gold'}>{t(`assistance.daijiaoStatuses.${s}`)}</Tag>
            ),
          },
          { title: t('assistance.persons'), dataIndex: 'lineCount', align: 'right' },
          { title: t('assistance.total'), dataIndex: 'totalAmount', align: 'right', render: (v: number) => yuan(v) },
          {
            title: '',
            key: 'export',
            render: (_, r) =>
              can(me, 'daijiao.generate') ? (
                <Button size="small" icon={<DownloadOutlined />} href={daijiaoExportUrl(r.id)} download>
                  {t('assistance.daijiaoExport')}
                </Button>
              ) : null,
          },
        ]}
      />
      {current ? (
        <Card size="small" title={t('assistance.daijiao')}>
          <Table
            size="small"
            pagination={false}
            rowKey={(x) => String(x.group)}
            loading={totals.isFetching}
            data-test="daijiao-totals"
            dataSource={totals.data ?? []}
            columns={[
              { title: t('assistance.group'), dataIndex: 'group', render: g },
              { title: t('assistance.persons'), dataIndex: 'persons', align: 'right' },
              { title: t('assistance.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => yuan(v) },
              {
                title: t('assistance.adjustments'),
                dataIndex: 'adjustments',
                align: 'right',
                render: (v: number) => (v ? yuan(v) : ''),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  )
}
