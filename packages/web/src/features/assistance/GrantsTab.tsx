/** Special assistance grants (§6.11): list in scope; record one with its department and justifying low-income group. */
import { useQueryClient } from '@tanstack/react-query'
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import { useRegion } from '../../app/region.tsx'
import { regionPrefix } from '../../app/types.ts'
import { yuan } from '../../ui/format.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { GRANT_TYPES, GROUPS, type Grant, recordGrant, useGrants } from './assistanceApi.ts'

interface GrantForm {
  householdNo: string
  grantType: (typeof GRANT_TYPES)[number]
  amountYuan: number
  periodFrom: string
  periodTo?: string
  department: string
  lowIncomeGroup: (typeof GROUPS)[number]
  note?: string
}

export function GrantsTab() {
  const { t } = useTranslation()
  const me = useMe()
  const qc = useQueryClient()
  const { message } = App.useApp()
  const [page, setPage] = useState(1)
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [form] = Form.useForm<GrantForm>()
  const { region } = useRegion()
  const q = useGrants(page, regionPrefix(region) || undefined)
  const save = async () => {
    const v = await form.validateFields()
    setError(null)
    try {
      const { amountYuan, ...rest } = v
      await recordGrant({
        ...Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined && x !== '')),
        amount: Math.round(amountYuan * 100),
      })
      void message.success(t('assistance.saved'))
      setOpen(false)
      form.resetFields()
      await qc.invalidateQueries({ queryKey: ['assistance', 'grants'] })
    } catch (e) {
      setError(e)
    }
  }
  const columns: TableColumnsType<Grant> = [
    {
      title: t('assistance.grantType'),
      dataIndex: 'grantType',
      render: (x: string) => t(`assistance.grantTypes.${x}` as 'assistance.grantTypes.MEDICAL'),
    },
    { title: t('assistance.name'), dataIndex: 'name' },
    { title: t('assistance.householdNo'), dataIndex: 'householdNo' },
    { title: t('assistance.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => yuan(v) },
    { title: t('assistance.period'), key: 'period', render: (_, g) => `${g.periodFrom} ~ ${g.periodTo ?? ''}` },
    { title: t('assistance.department'), dataIndex: 'department' },
    {
      title: t('assistance.justifyingGroup'),
      dataIndex: 'lowIncomeGroup',
      render: (x: string) => t(`assistance.groups.${x}` as 'assistance.groups.DIBAO'),
    },
  ]
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can(me, 'grant.record') ? (
        <Button type="primary" onClick={() => setOpen(true)} data-test="grant-new">
          {t('assistance.recordGrant')}
        </Button>
      ) : null}
      {q.error ? <InlineError error={q.error} /> : null}
      <Table<Grant>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        columns={columns}
        dataSource={q.data?.data ?? []}
        data-test="grants-table"
        pagination={{
          current: page,
          pageSize: 20,
          total: q.data?.page.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
      />
      <Modal
        open={open}
        title={t('assistance.recordGrant')}
        onCancel={() => setOpen(false)}
        onOk={() => void save()}
        destroyOnHidden
      >
        {error ? <InlineError error={error} /> : null}
        <Form form={form} layout="vertical" initialValues={{ grantType: 'MEDICAL', lowIncomeGroup: 'DIBAO' }}>
          <Form.Item name="householdNo" label={t('assistance.householdNo')} rules={[{ required: true }]}>
            <Input data-test="grant-household-no" />
          </Form.Item>
          <Form.Item name="grantType" label={t('assistance.grantType')} rules={[{ required: true }]}>
            <Select options={GRANT_TYPES.map((x) => ({ value: x, label: t(`assistance.grantTypes.${x}`) }))} />
          </Form.Item>
          <Form.Item name="amountYuan" label={t('assistance.amount')} rules={[{ required: true }]}>
            <InputNumber min={0.01} step={100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="periodFrom"
            label={t('assistance.since')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
          >
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="periodTo" label={t('assistance.until')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="department" label={t('assistance.department')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="lowIncomeGroup" label={t('assistance.justifyingGroup')} rules={[{ required: true }]}>
            <Select options={GROUPS.map((x) => ({ value: x, label: t(`assistance.groups.${x}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  )
}
