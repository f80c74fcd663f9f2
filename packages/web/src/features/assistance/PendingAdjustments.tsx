/**
 * The adjustments of an approved roster that wait for approval: who added them, why, how much (元). They are not paid
 * — not in the totals, no bank file — until an officer other than their author approves them; that officer gets
 * 批准 / 退回 (a rejection asks for a reason). The author sees that someone else must act (the API refuses it too).
 */
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Input, Modal, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { yuan } from '../../ui/format.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { type RosterLine, reviewAdjustment, usePendingAdjustments } from './assistanceApi.ts'

export function PendingAdjustments({
  rosterId,
  mayReview,
  meId,
}: {
  rosterId: string
  mayReview: boolean
  meId: string
}) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const pending = usePendingAdjustments(rosterId)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [rejecting, setRejecting] = useState<RosterLine | null>(null)
  const [reason, setReason] = useState('')
  const rows = pending.data?.data ?? []
  if (!pending.isPending && !pending.error && rows.length === 0) return null
  const act = async (line: RosterLine, verb: 'approve' | 'reject', note?: string) => {
    setBusy(line.id)
    setError(null)
    try {
      await reviewAdjustment(rosterId, line.id, verb, note)
      await qc.invalidateQueries({ queryKey: ['assistance', 'rosters'] })
      setRejecting(null)
      setReason('')
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }
  const prog = (p: string) => t(`assistance.programmes.${p}` as 'assistance.programmes.DIBAO', { defaultValue: p })
  const columns: TableColumnsType<RosterLine> = [
    { title: t('assistance.name'), dataIndex: 'name' },
    { title: t('assistance.village'), dataIndex: 'villageName' },
    { title: t('assistance.programme'), dataIndex: 'programme', render: (p: string) => prog(p) },
    {
      title: t('assistance.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (v: number) => <span data-test="pending-amount">{yuan(v)}</span>,
    },
    { title: t('assistance.adjustReason'), dataIndex: 'note' },
    { title: t('assistance.addedBy'), dataIndex: 'createdByName', render: (v: string | null) => v ?? '—' },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, l: RosterLine) =>
        l.createdBy === meId ? (
          <Tag>{t('assistance.ownAdjustment')}</Tag>
        ) : mayReview ? (
          <Space size={4}>
            <Popconfirm title={t('assistance.approveAdjustmentConfirm')} onConfirm={() => void act(l, 'approve')}>
              <Button size="small" type="primary" loading={busy === l.id} data-test="adjustment-approve">
                {t('assistance.approveAdjustment')}
              </Button>
            </Popconfirm>
            <Button size="small" danger onClick={() => setRejecting(l)} data-test="adjustment-reject">
              {t('assistance.rejectAdjustment')}
            </Button>
          </Space>
        ) : null,
    },
  ]
  return (
    <Card title={t('assistance.pendingTitle')} data-test="roster-pending">
      <Alert type="warning" showIcon message={t('assistance.pendingHint')} style={{ marginBottom: 12 }} />
      {error ? <InlineError error={error} /> : null}
      {pending.error ? <InlineError error={pending.error} onRetry={() => void pending.refetch()} /> : null}
      <Table<RosterLine>
        rowKey="id"
        size="small"
        loading={pending.isFetching}
        columns={columns}
        dataSource={rows}
        pagination={false}
        data-test="roster-pending-table"
      />
      <Modal
        open={rejecting !== null}
        title={rejecting ? `${t('assistance.rejectAdjustment')}：${rejecting.name} ${yuan(rejecting.amount)}` : ''}
        onCancel={() => setRejecting(null)}
        onOk={() => rejecting && void act(rejecting, 'reject', reason.trim())}
        okButtonProps={{ disabled: reason.trim().length < 2, danger: true }}
        confirmLoading={busy !== null}
        destroyOnHidden
      >
        <Input.TextArea
          rows={2}
          placeholder={t('assistance.rejectReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-test="adjustment-reject-note"
        />
      </Modal>
    </Card>
  )
}
