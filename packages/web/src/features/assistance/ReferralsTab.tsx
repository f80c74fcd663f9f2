/** Referrals between monitoring and civil affairs: scan a county, accept or decline with a note (audited). */
import { useQueryClient } from '@tanstack/react-query'
import { App, Button, Input, Select, Space, Table, type TableColumnsType, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import { yuan } from '../../ui/format.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { type Referral, resolveReferral, scanReferrals, useReferrals } from './assistanceApi.ts'

export function ReferralsTab() {
  const { t } = useTranslation()
  const me = useMe()
  const qc = useQueryClient()
  const { message } = App.useApp()
  const [status, setStatus] = useState<string | undefined>('OPEN')
  const [note, setNote] = useState('')
  const [error, setError] = useState<unknown>(null)
  const q = useReferrals(status)
  const mayHandle = can(me, 'referral.handle')
  const run = async (fn: () => Promise<unknown>) => {
    setError(null)
    try {
      await fn()
      await qc.invalidateQueries({ queryKey: ['assistance', 'referrals'] })
    } catch (e) {
      setError(e)
    }
  }
  const columns: TableColumnsType<Referral> = [
    { title: t('assistance.householdNo'), dataIndex: 'householdNo' },
    { title: t('assistance.name'), dataIndex: 'headName' },
    {
      title: t('assistance.direction'),
      dataIndex: 'direction',
      render: (d: Referral['direction']) => (
        <Tag color={d === 'TO_CIVIL_AFFAIRS' ? 'blue' : 'red'}>{t(`assistance.directions.${d}`)}</Tag>
      ),
    },
    {
      title: t('assistance.reason'),
      dataIndex: 'reason',
      render: (r: Referral['reason']) =>
        r.perCapitaNet !== undefined && r.limit !== undefined ? `${yuan(r.perCapitaNet)} < ${yuan(r.limit)}` : '',
    },
    {
      title: t('assistance.status'),
      dataIndex: 'status',
      render: (s: Referral['status']) => t(`assistance.referralStatuses.${s}`),
    },
    {
      title: '',
      key: 'act',
      render: (_, r) =>
        mayHandle && r.status === 'OPEN' ? (
          <Space>
            <Button
              size="small"
              type="primary"
              disabled={note.length < 2}
              onClick={() => void run(() => resolveReferral(r.id, 'ACCEPTED', note))}
            >
              {t('assistance.accept')}
            </Button>
            <Button
              size="small"
              disabled={note.length < 2}
              onClick={() => void run(() => resolveReferral(r.id, 'DECLINED', note))}
            >
              {t('assistance.decline')}
            </Button>
          </Space>
        ) : (
          r.note
        ),
    },
  ]
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={(['OPEN', 'ACCEPTED', 'DECLINED'] as const).map((s) => ({
            value: s,
            label: t(`assistance.referralStatuses.${s}`),
          }))}
        />
        {mayHandle ? (
          <Input
            style={{ width: 280 }}
            placeholder={t('assistance.notePrompt')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        ) : null}
        {mayHandle && /^\d{6}000000$/.test(me.regionCode) ? (
          <Button
            onClick={() =>
              void run(async () => {
                const r = await scanReferrals(me.regionCode.slice(0, 6))
                void message.success(t('assistance.scanned', { n: r.data.created }))
              })
            }
          >
            {t('assistance.scan')}
          </Button>
        ) : null}
      </Space>
      {error || q.error ? <InlineError error={error ?? q.error} /> : null}
      <Table<Referral>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        columns={columns}
        dataSource={q.data?.data ?? []}
        pagination={false}
      />
    </Space>
  )
}
