/**
 * `/monitoring/:householdId`: the household's assistance plan (measures, suggestions from its risks, the §9 checks),
 * helper visits with the next due date, the rules engine's risk-elimination conditions and rollback.
 */
import { useQueryClient } from '@tanstack/react-query'
import { chinaDate } from '@xianjie/server/clock'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ApiError } from '../../app/api.ts'
import { errorMessage, PageError, PageLoading } from '../../ui/PageState.tsx'
import { useFormatValue } from '../policy/formatValue.ts'
import { tx } from '../workflow/workflowApi.ts'
import {
  activatePlan,
  addMeasure,
  type Measure,
  type MeasureInput,
  openElimination,
  type PlanView,
  type Readiness,
  readiness,
  recordVisit,
  rollback,
  updateMeasure,
  useCodes,
  usePlan,
} from './monitoringApi.ts'

const STATUSES = ['PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const
const yuan = (fen: number | null) => (fen === null ? '—' : `¥${(fen / 100).toLocaleString('zh-CN')}`)

interface MeasureForm {
  personId?: string
  category: string
  item: string
  startDate: string
  endDate?: string
  amount?: number
  fundSource?: string
  responsibleDept?: string
  status?: string
  transport?: number
}

export default function PlanPage() {
  const { householdId = '' } = useParams()
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en-US'
  const format = useFormatValue()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const q = usePlan(householdId)
  const codes = useCodes()
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState<{ measure?: Measure; initial: Partial<MeasureForm> } | null>(null)
  const [form] = Form.useForm<MeasureForm>()
  const [visitForm] = Form.useForm<{
    visitedOn: string
    incomeChange?: string
    progress?: string
    wage?: number
  }>()
  const [rbForm] = Form.useForm<{ reason: string; risks: string[] }>()
  const [resolved, setResolved] = useState(false)
  const [ready, setReady] = useState<Readiness | null>(null)
  const [busy, setBusy] = useState(false)

  if (q.isLoading) return <PageLoading />
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => void q.refetch()} />
  const p = q.data
  const label = (l?: { zh: string; en: string }, fallback = '') => (l ? (en ? l.en : l.zh) : fallback)
  const risk = (v: string) => label(codes.data?.risks.find((r) => r.value === v)?.label, v)
  const cat = (v: string) => label(codes.data?.categories.find((r) => r.value === v)?.label, v)
  const st = (v: string) => t(`monitoring.${v}` as 'monitoring.ACTIVE', { defaultValue: v })
  const person = (id: string | null) => p.members.find((m) => m.id === id)?.name ?? '—'
  const set = (next: PlanView) => qc.setQueryData(['monitoring', 'plan', householdId], next)

  const run = async (f: () => Promise<unknown>) => {
    setError(null)
    setBusy(true)
    try {
      await f()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        setError(t('monitoring.conflict'))
        await q.refetch()
      } else setError(errorMessage(e, t('common.unknownError')))
    } finally {
      setBusy(false)
    }
  }

  const openMeasure = (initial: Partial<MeasureForm>, measure?: Measure) => {
    form.resetFields()
    form.setFieldsValue({ startDate: chinaDate(new Date()), status: 'PLANNED', ...initial })
    setEditing({ measure, initial })
  }
  const saveMeasure = async () => {
    const v = await form.validateFields()
    const body: MeasureInput = {
      personId: v.personId ?? null,
      category: v.category,
      item: v.item,
      startDate: v.startDate,
      endDate: v.endDate || null,
      amountFen: v.amount === undefined || v.amount === null ? null : Math.round(v.amount * 100),
      fundSource: v.fundSource || null,
      responsibleDept: v.responsibleDept || null,
      status: v.status ?? 'PLANNED',
      transportAllowanceFen: v.transport === undefined || v.transport === null ? null : Math.round(v.transport * 100),
    }
    await run(async () => {
      const next = editing?.measure
        ? await updateMeasure(editing.measure.id, editing.measure.version, body)
        : await addMeasure(p.plan.id, p.plan.version, body)
      set(next)
      setEditing(null)
    })
  }

  const columns: TableColumnsType<Measure> = [
    { title: t('monitoring.person'), dataIndex: 'personId', render: (v: string | null) => person(v) },
    { title: t('monitoring.measureCategory'), dataIndex: 'category', render: cat },
    { title: t('monitoring.item'), dataIndex: 'item' },
    {
      title: `${t('monitoring.startDate')} – ${t('monitoring.endDate')}`,
      key: 'dates',
      render: (_, m) => `${m.startDate} – ${m.endDate ?? ''}`,
    },
    { title: t('monitoring.amount'), dataIndex: 'amountFen', render: yuan },
    { title: t('monitoring.transport'), dataIndex: 'transportAllowanceFen', render: yuan },
    { title: t('monitoring.fundSource'), dataIndex: 'fundSource' },
    { title: t('monitoring.dept'), dataIndex: 'responsibleDept' },
    { title: t('monitoring.measureStatus'), dataIndex: 'status', render: (v: string) => <Tag>{st(v)}</Tag> },
    {
      title: '',
      key: 'edit',
      render: (_, m) =>
        p.plan.status === 'CLOSED' ? null : (
          <Button
            size="small"
            data-test="measure-edit"
            onClick={() =>
              openMeasure(
                {
                  personId: m.personId ?? undefined,
                  category: m.category,
                  item: m.item,
                  startDate: m.startDate,
                  endDate: m.endDate ?? undefined,
                  amount: m.amountFen === null ? undefined : m.amountFen / 100,
                  fundSource: m.fundSource ?? undefined,
                  responsibleDept: m.responsibleDept ?? undefined,
                  status: m.status,
                  transport: m.transportAllowanceFen === null ? undefined : m.transportAllowanceFen / 100,
                },
                m,
              )
            }
          >
            ✎
          </Button>
        ),
    },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-test="plan-page">
      <Link to="/monitoring">← {t('monitoring.back')}</Link>
      {error ? (
        <Alert type="error" showIcon title={error} data-test="plan-error" closable onClose={() => setError(null)} />
      ) : null}
      <Card
        title={`${t('monitoring.plan')} · ${p.household.headName ?? ''}（${p.household.householdNo}）`}
        extra={
          p.plan.status === 'DRAFT' ? (
            <Button
              type="primary"
              loading={busy}
              data-test="plan-activate"
              onClick={() => void run(async () => set(await activatePlan(p.plan.id, p.plan.version)))}
            >
              {t('monitoring.activate')}
            </Button>
          ) : null
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('monitoring.status')}>
            <Tag data-test="monitoring-status">{st(p.household.monitoringStatus)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.planStatus')}>
            <Tag color={p.plan.status === 'ACTIVE' ? 'green' : 'gold'} data-test="plan-status">
              {st(p.plan.status)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.category')}>
            {label(codes.data?.targetCategories.find((c) => c.value === p.plan.category)?.label, p.plan.category)}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.risks')}>{p.plan.risks.map(risk).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('monitoring.dueOn')}>{p.plan.dueOn}</Descriptions.Item>
          <Descriptions.Item label={t('monitoring.developmental')}>
            {p.plan.developmental ? t('monitoring.yes') : t('monitoring.no')}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('monitoring.checks')} size="small" data-test="plan-checks">
        {p.checks.length ? (
          <List
            size="small"
            dataSource={p.checks}
            renderItem={(c) => (
              <List.Item>
                <Space>
                  <Tag color={c.severity === 'BLOCKING' ? 'red' : 'orange'}>
                    {c.severity === 'BLOCKING' ? t('monitoring.blocking') : t('monitoring.warning')}
                  </Tag>
                  {en ? c.en : c.zh}
                  <Typography.Text type="secondary">{c.rule}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Alert type="success" showIcon title={t('monitoring.checksOk')} />
        )}
      </Card>

      <Card
        title={t('monitoring.measures')}
        size="small"
        extra={
          p.plan.status === 'CLOSED' ? null : (
            <Button data-test="measure-add" onClick={() => openMeasure({})}>
              {t('monitoring.addMeasure')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={p.measures}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-test="measures-table"
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('monitoring.suggestions')}
        </Typography.Title>
        <Space wrap data-test="suggestions">
          {p.suggestions.map((s) => (
            <Tag key={`${s.risk}-${s.category}-${s.item}`} color={s.taken ? 'green' : 'blue'}>
              {risk(s.risk)} → {cat(s.category)} · {s.item}{' '}
              {s.taken || p.plan.status === 'CLOSED' ? (
                `✓ ${t('monitoring.taken')}`
              ) : (
                <Button
                  size="small"
                  type="link"
                  data-test={`suggestion-use-${s.item}`}
                  onClick={() => openMeasure({ category: s.category, item: s.item })}
                >
                  {t('monitoring.use')}
                </Button>
              )}
            </Tag>
          ))}
        </Space>
      </Card>

      <Card title={t('monitoring.visits')} size="small" data-test="visits">
        {p.nextVisit ? (
          <Alert
            style={{ marginBottom: 12 }}
            type={p.nextVisit.overdue ? 'error' : 'info'}
            showIcon
            title={
              <Space>
                {t('monitoring.visitEvery', { n: p.nextVisit.intervalDays, due: p.nextVisit.due })}
                {p.nextVisit.overdue ? (
                  <Tag color="red" data-test="visit-overdue">
                    {t('monitoring.overdueTag')}
                  </Tag>
                ) : null}
              </Space>
            }
          />
        ) : null}
        <Form
          form={visitForm}
          layout="inline"
          initialValues={{ visitedOn: chinaDate(new Date()) }}
          onFinish={(v) =>
            void run(async () => {
              const { wage, ...rest } = v
              set(
                await recordVisit(householdId, {
                  ...rest,
                  ...(wage ? { incomeItems: { migrant_work: Math.round(wage * 100) } } : {}),
                }),
              )
              visitForm.resetFields()
            })
          }
        >
          <Form.Item name="visitedOn" label={t('monitoring.visitedOn')} rules={[{ required: true }]}>
            <Input type="date" data-test="visit-date" />
          </Form.Item>
          <Form.Item name="incomeChange" label={t('monitoring.incomeChange')}>
            <Input data-test="visit-income" />
          </Form.Item>
          <Form.Item name="progress" label={t('monitoring.progress')}>
            <Input data-test="visit-progress" />
          </Form.Item>
          <Form.Item name="wage" label={t('monitoring.visitWage')} tooltip={t('monitoring.visitWageHint')}>
            <InputNumber min={0} precision={2} data-test="visit-wage" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={busy} data-test="visit-submit">
              {t('monitoring.addVisit')}
            </Button>
          </Form.Item>
        </Form>
        <Table
          rowKey="id"
          size="small"
          style={{ marginTop: 12 }}
          pagination={false}
          dataSource={p.visits}
          columns={[
            { title: t('monitoring.visitedOn'), dataIndex: 'visitedOn' },
            { title: t('monitoring.visitor'), dataIndex: 'visitorName' },
            { title: t('monitoring.incomeChange'), dataIndex: 'incomeChange' },
            { title: t('monitoring.progress'), dataIndex: 'progress' },
            {
              title: t('monitoring.newRisks'),
              dataIndex: 'newRisks',
              render: (v: string[]) => v.map(risk).join('、'),
            },
          ]}
        />
      </Card>

      {p.household.monitoringStatus === 'ACTIVE' ? (
        <Card title={t('monitoring.readiness')} size="small" data-test="readiness">
          <Typography.Paragraph type="secondary">{t('monitoring.readinessHint')}</Typography.Paragraph>
          <Space wrap>
            <Checkbox checked={resolved} onChange={(e) => setResolved(e.target.checked)} data-test="readiness-resolved">
              {t('monitoring.risksResolved')}
            </Checkbox>
            <Button
              data-test="readiness-check"
              loading={busy}
              onClick={() => void run(async () => setReady(await readiness(householdId, resolved)))}
            >
              {t('monitoring.check')}
            </Button>
            <Button
              type="primary"
              data-test="elimination-open"
              onClick={() =>
                void run(async () => {
                  const c = await openElimination(householdId, en ? 'Risk considered gone' : '风险已稳定消除')
                  navigate(`/cases/${c.case.id}`)
                })
              }
            >
              {t('monitoring.propose')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('monitoring.proposeHint')}
          </Typography.Paragraph>
          {ready ? (
            <div data-test="readiness-result">
              <Alert
                type={ready.ready ? 'success' : 'warning'}
                showIcon
                title={ready.ready ? t('monitoring.ready') : t('monitoring.notReady')}
                style={{ marginBottom: 8 }}
              />
              <List
                size="small"
                dataSource={ready.conditions}
                renderItem={(c) => (
                  <List.Item data-test={`condition-${c.code}`}>
                    <Space direction="vertical" size={0}>
                      <Space>
                        <Tag color={c.met ? 'green' : 'red'}>{c.met ? t('monitoring.met') : t('monitoring.unmet')}</Tag>
                        {en ? c.en : c.zh}
                      </Space>
                      {c.params.map((x) => (
                        <Typography.Text key={x.path} type="secondary" style={{ fontSize: 12 }}>
                          {tx(x.label)}：{format(x.value, x.unit)}
                          {x.documents.length ? `（${x.documents.map(tx).join('；')}）` : ''}
                        </Typography.Text>
                      ))}
                    </Space>
                  </List.Item>
                )}
              />
            </div>
          ) : null}
        </Card>
      ) : null}

      {p.household.monitoringStatus === 'ELIMINATED' ? (
        <Card title={t('monitoring.rollback')} size="small" data-test="rollback">
          <Form
            form={rbForm}
            layout="vertical"
            onFinish={(v) =>
              void run(async () => set(await rollback(householdId, { version: p.household.version, ...v })))
            }
          >
            <Form.Item name="risks" label={t('monitoring.rollbackRisks')} rules={[{ required: true }]}>
              <Select
                mode="multiple"
                options={(codes.data?.risks ?? []).map((r) => ({ value: r.value, label: label(r.label) }))}
              />
            </Form.Item>
            <Form.Item name="reason" label={t('monitoring.rollbackReason')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button htmlType="submit" danger loading={busy}>
              {t('monitoring.rollback')}
            </Button>
          </Form>
        </Card>
      ) : null}

      <Modal
        open={editing !== null}
        title={t('monitoring.addMeasure')}
        onCancel={() => setEditing(null)}
        onOk={() => void saveMeasure()}
        okText={t('monitoring.save')}
        cancelText={t('monitoring.cancel')}
        okButtonProps={{ loading: busy, ...({ 'data-test': 'measure-save' } as Record<string, string>) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" data-test="measure-form">
          <Form.Item name="personId" label={t('monitoring.person')}>
            <Select
              allowClear
              options={p.members.map((m) => ({ value: m.id, label: m.name }))}
              data-test="measure-person"
            />
          </Form.Item>
          <Form.Item name="category" label={t('monitoring.measureCategory')} rules={[{ required: true }]}>
            <Select options={(codes.data?.categories ?? []).map((c) => ({ value: c.value, label: label(c.label) }))} />
          </Form.Item>
          <Form.Item name="item" label={t('monitoring.item')} rules={[{ required: true }]}>
            <Input data-test="measure-item" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="startDate" label={t('monitoring.startDate')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="endDate" label={t('monitoring.endDate')}>
              <Input type="date" />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="amount" label={t('monitoring.amount')}>
              <InputNumber min={0} precision={2} data-test="measure-amount" />
            </Form.Item>
            <Form.Item name="transport" label={t('monitoring.transport')}>
              <InputNumber min={0} precision={2} data-test="measure-transport" />
            </Form.Item>
          </Space>
          <Form.Item name="fundSource" label={t('monitoring.fundSource')}>
            <Input data-test="measure-fund" />
          </Form.Item>
          <Form.Item name="responsibleDept" label={t('monitoring.dept')}>
            <Input data-test="measure-dept" />
          </Form.Item>
          <Form.Item name="status" label={t('monitoring.measureStatus')}>
            <Select options={STATUSES.map((s) => ({ value: s, label: st(s) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  )
}
