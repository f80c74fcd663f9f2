/** `/warnings`: warnings in the user's area with filters and deadline countdowns; a drawer shows the evidence and takes the outcome. */
import { AlertOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../app/api.ts'
import { useRegion } from '../../app/region.tsx'
import { Citations } from '../../ui/Citations.tsx'
import { chinaToday } from '../../ui/dates.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { useFormatValue } from '../policy/formatValue.ts'
import { usePolicyParameters } from '../policy/policyApi.ts'
import { tx } from '../workflow/workflowApi.ts'
import {
  closeWarning,
  formatThreshold,
  formatValue,
  OUTCOMES,
  type Outcome,
  useWarning,
  useWarnings,
  type WarningFilter,
  type WarningHit,
  type WarningSummary,
} from './warningsApi.ts'

const SEVERITY_COLOR = { HIGH: 'red', MEDIUM: 'orange', LOW: 'blue' } as const

function Countdown({ daysLeft, status }: { daysLeft: number; status: string }) {
  const { t } = useTranslation()
  if (status !== 'OPEN') return <Tag>{t('warnings.CLOSED')}</Tag>
  if (daysLeft < 0) return <Tag color="red">{t('warnings.overdue', { n: -daysLeft })}</Tag>
  if (daysLeft === 0) return <Tag color="orange">{t('warnings.dueToday')}</Tag>
  return <Tag color={daysLeft <= 2 ? 'gold' : 'green'}>{t('warnings.daysLeft', { n: daysLeft })}</Tag>
}

function WarningDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const qc = useQueryClient()
  const w = useWarning(id)
  const [form] = Form.useForm<{
    outcome: Outcome
    note: string
    visitedOn?: { format(f: string): string }
    visitedBy?: string
  }>()
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const rule = (code: string) => t(`warnings.rule.${code}` as 'warnings.rule.INCOME_DROP', { defaultValue: code })
  // parameters by their names (the catalogue in force for the user's region today)
  const { region } = useRegion()
  const params = usePolicyParameters(region.code, chinaToday().format('YYYY-MM-DD'))
  const format = useFormatValue()
  const paramLabel = (path: string) => {
    const p = params.data?.parameters.find((x) => x.path === path)
    return p ? tx(p.label) : t('policy.aParameter')
  }
  const paramValue = (path: string, value: number | null) => {
    if (value === null) return t('policy.noValue')
    const p = params.data?.parameters.find((x) => x.path === path)
    return p ? format(value, p.unit) : String(value)
  }
  const submit = async () => {
    if (!w.data) return
    const v = await form.validateFields()
    setSaving(true)
    setError(null)
    try {
      await closeWarning(w.data.id, {
        outcome: v.outcome,
        note: v.note,
        evidence: {
          ...(v.visitedOn ? { visitedOn: v.visitedOn.format('YYYY-MM-DD') } : {}),
          ...(v.visitedBy ? { visitedBy: v.visitedBy } : {}),
        },
        version: w.data.version,
      })
      await qc.invalidateQueries({ queryKey: ['warnings'] })
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? new Error(t('warnings.conflict')) : e)
      await qc.invalidateQueries({ queryKey: ['warnings'] })
    } finally {
      setSaving(false)
    }
  }
  const hitColumns: TableColumnsType<WarningHit> = [
    { title: t('warnings.rules'), dataIndex: 'rule', render: (v: string) => rule(v) },
    {
      title: t('warnings.member'),
      key: 'm',
      render: (_, h) => (h.personName ? `${h.personName} ${h.idNumber ?? ''}` : '—'),
    },
    { title: t('warnings.value'), key: 'v', render: (_, h) => formatValue(h.rule, h.value) },
    { title: t('warnings.threshold'), key: 't', render: (_, h) => formatThreshold(h.rule, h.threshold) },
    { title: t('warnings.dataDate'), dataIndex: 'dataDate' },
    {
      title: t('warnings.parameter'),
      key: 'p',
      render: (_, h) =>
        (h.evidence.parameters ?? []).map((p) => (
          <div key={p.path} title={p.path}>
            {paramLabel(p.path)}：{paramValue(p.path, p.value)} <Citations legal={p.legal} />
          </div>
        )),
    },
  ]
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={t('warnings.open')} destroyOnHidden>
      {w.error ? <InlineError error={w.error} /> : null}
      {w.data ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('warnings.household')}>
              {w.data.headName} · {w.data.householdNo}
            </Descriptions.Item>
            <Descriptions.Item label={t('warnings.severity')}>
              <Tag color={SEVERITY_COLOR[w.data.severity]}>{t(`warnings.${w.data.severity}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('warnings.deadline')}>
              {w.data.deadline}{' '}
              <Typography.Text type="secondary">
                （{paramLabel(w.data.deadlineLegal.parameter)}：
                {paramValue(w.data.deadlineLegal.parameter, w.data.deadlineLegal.days)}）
                <Citations legal={w.data.deadlineLegal.legal} />
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('warnings.evidence')}</Typography.Title>
          <Table<WarningHit>
            data-test="warning-hits"
            rowKey="id"
            size="small"
            pagination={false}
            columns={hitColumns}
            dataSource={w.data.hits}
            scroll={{ x: 'max-content' }}
          />
          {w.data.status === 'CLOSED' ? (
            <Alert
              type="info"
              showIcon
              title={t('warnings.closedAs', { outcome: t(`warnings.outcomes.${w.data.outcome ?? 'NO_RISK'}`) })}
              description={w.data.outcomeNote}
            />
          ) : (
            <Card size="small" title={t('warnings.outcome')}>
              {error ? <InlineError error={error} /> : null}
              <Form form={form} layout="vertical" data-test="warning-outcome-form">
                <Form.Item name="outcome" label={t('warnings.outcome')} rules={[{ required: true }]}>
                  <Select
                    data-test="warning-outcome"
                    options={OUTCOMES.map((o) => ({ value: o, label: t(`warnings.outcomes.${o}`) }))}
                  />
                </Form.Item>
                <Form.Item
                  name="note"
                  label={t('warnings.note')}
                  rules={[{ required: true, message: t('warnings.noteRequired') }]}
                >
                  <Input.TextArea rows={3} data-test="warning-note" />
                </Form.Item>
                <Space wrap>
                  <Form.Item name="visitedOn" label={t('warnings.visitedOn')}>
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name="visitedBy" label={t('warnings.visitedBy')}>
                    <Input />
                  </Form.Item>
                </Space>
                <Button type="primary" loading={saving} onClick={() => void submit()} data-test="warning-submit">
                  {t('warnings.submit')}
                </Button>
              </Form>
            </Card>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i18n.language.startsWith('en') ? 'Opened' : '预警日期'} {w.data.openedOn}
          </Typography.Text>
        </Space>
      ) : null}
    </Drawer>
  )
}

export default function WarningsPage() {
  const { t } = useTranslation()
  const [filter, setFilter] = useState<WarningFilter>({ status: 'OPEN', page: 1, pageSize: 20 })
  const [open, setOpen] = useState<string | null>(null)
  const list = useWarnings(filter)
  const rule = (code: string) => t(`warnings.rule.${code}` as 'warnings.rule.INCOME_DROP', { defaultValue: code })
  const columns: TableColumnsType<WarningSummary> = [
    {
      title: t('warnings.household'),
      key: 'h',
      render: (_, w) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(w.id)} data-test="warning-open">
          {w.headName ?? w.householdNo}
        </Button>
      ),
    },
    { title: t('warnings.village'), dataIndex: 'villageName', render: (v: string | null, w) => v ?? w.regionCode },
    {
      title: t('warnings.rules'),
      dataIndex: 'rules',
      render: (v: string[]) =>
        v.map((r) => (
          <Tag key={r} data-test={`warning-rule-${r}`}>
            {rule(r)}
          </Tag>
        )),
    },
    {
      title: t('warnings.severity'),
      dataIndex: 'severity',
      render: (v: WarningSummary['severity']) => <Tag color={SEVERITY_COLOR[v]}>{t(`warnings.${v}`)}</Tag>,
    },
    { title: t('warnings.deadline'), dataIndex: 'deadline' },
    { title: '', key: 'c', render: (_, w) => <Countdown daysLeft={w.daysLeft} status={w.status} /> },
    {
      title: t('warnings.outcome'),
      dataIndex: 'outcome',
      render: (v: Outcome | null) => (v ? t(`warnings.outcomes.${v}`) : '—'),
      responsive: ['lg'],
    },
  ]
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <AlertOutlined /> {t('warnings.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('warnings.hint')}
      </Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<string>
            style={{ width: 140 }}
            value={filter.status ?? ''}
            onChange={(v) => setFilter({ ...filter, status: (v || undefined) as WarningFilter['status'], page: 1 })}
            options={[
              { value: 'OPEN', label: t('warnings.OPEN') },
              { value: 'CLOSED', label: t('warnings.CLOSED') },
              { value: '', label: t('warnings.all') },
            ]}
          />
          <Select<string>
            style={{ width: 220 }}
            value={filter.rule ?? ''}
            onChange={(v) => setFilter({ ...filter, rule: v || undefined, page: 1 })}
            options={[
              { value: '', label: t('warnings.allRules') },
              ...Object.keys(t('warnings.rule', { returnObjects: true }) as Record<string, string>).map((r) => ({
                value: r,
                label: rule(r),
              })),
            ]}
          />
          <Select<string>
            style={{ width: 140 }}
            value={filter.overdue ?? ''}
            onChange={(v) => setFilter({ ...filter, overdue: (v || undefined) as WarningFilter['overdue'], page: 1 })}
            options={[
              { value: '', label: t('warnings.all') },
              { value: 'true', label: t('warnings.onlyOverdue') },
            ]}
          />
        </Space>
        {list.error ? (
          <InlineError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<WarningSummary>
            data-test="warnings-table"
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.data ?? []}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: list.data?.page.total ?? 0,
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }),
            }}
          />
        )}
      </Card>
      <WarningDrawer id={open} onClose={() => setOpen(null)} />
    </Space>
  )
}
