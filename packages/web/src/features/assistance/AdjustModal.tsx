/**
 * Correction of one roster line: a new ADJUSTMENT line (amount ±, reason), the only change an approved roster takes.
 * It waits for approval by another officer before it is paid (PendingAdjustments).
 */
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Form, Input, InputNumber, Modal } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { yuan } from '../../ui/format.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { addAdjustment, type RosterLine } from './assistanceApi.ts'

export function AdjustModal({
  rosterId,
  line,
  onClose,
}: {
  rosterId: string
  line: RosterLine | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const [form] = Form.useForm<{ amountYuan: number; note: string }>()
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const save = async () => {
    if (!line) return
    const v = await form.validateFields()
    setSaving(true)
    setError(null)
    try {
      await addAdjustment(rosterId, { adjustsLineId: line.id, amount: Math.round(v.amountYuan * 100), note: v.note })
      await qc.invalidateQueries({ queryKey: ['assistance', 'rosters'] })
      form.resetFields()
      onClose()
    } catch (e) {
      setError(e)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={line !== null}
      title={line ? `${t('assistance.adjust')}：${line.name} ${yuan(line.amount)}` : ''}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('assistance.adjustPendingHint')} style={{ marginBottom: 12 }} />
      {error ? <InlineError error={error} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item name="amountYuan" label={t('assistance.adjustAmount')} rules={[{ required: true }]}>
          <InputNumber step={10} style={{ width: '100%' }} data-test="adjust-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('assistance.notePrompt')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={2} data-test="adjust-note" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
