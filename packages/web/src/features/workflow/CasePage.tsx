/**
 * `/cases/:id`: one case of any type: where it stands, its deadlines, the publicity rounds with objections, the history,
 * and the actions the user may take now, each as a form built from the fields the case type declares.
 */
import { ArrowLeftOutlined, PaperClipOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons'
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ApiError, csrfToken } from '../../app/api.ts'
import { codeLabel, currentLanguage } from '../../i18n/index.ts'
import { formatTime, yuan } from '../../ui/format.ts'
import { errorMessage, PageError, PageLoading } from '../../ui/PageState.tsx'
import { RegionName } from '../../ui/RegionName.tsx'
import { useFormatValue } from '../policy/formatValue.ts'
import { constantGroups } from '../policy/formulaWords.ts'
import { DueTag } from './DueTag.tsx'
import { type CaseAction, type CaseDetail, type FieldSpec, type Text, tx, useAct, useCase } from './workflowApi.ts'

/**
 * The control of one declared field. Form.Item passes `id`, `value`/`checked` and `onChange` to its child; they are
 * handed on to the control so the form sees what is typed.
 */
export function FieldInput({ f, ...control }: { f: FieldSpec } & Record<string, unknown>) {
  const options = (f.options ?? []).map((o) => ({ value: o.value, label: tx(o.label) }))
  switch (f.kind) {
    case 'textarea':
      return <Input.TextArea rows={3} maxLength={5000} showCount {...control} />
    case 'integer':
      return <InputNumber style={{ width: '100%' }} precision={0} min={f.min} max={f.max} {...control} />
    case 'number':
      return <InputNumber style={{ width: '100%' }} min={f.min} max={f.max} {...control} />
    case 'money':
      return (
        <InputNumber
          style={{ width: '100%' }}
          precision={2}
          min={f.min ?? 0}
          max={f.max}
          addonAfter="元"
          {...control}
        />
      )
    case 'date':
      return <DatePicker style={{ width: '100%' }} {...control} />
    case 'boolean':
      return <Checkbox {...control} />
    case 'select':
      return <Select options={options} allowClear={!f.required} {...control} />
    case 'multiselect':
      return <Select mode="multiple" options={options} maxCount={f.maxItems} {...control} />
    default:
      return <Input maxLength={200} {...control} />
  }
}

/** Form values → API values (dates as YYYY-MM-DD, empty optional fields left out). */
export function toValues(fields: FieldSpec[], raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const v = raw[f.name]
    if (v === undefined || v === null || v === '') {
      if (f.kind === 'boolean') out[f.name] = false
      continue
    }
    out[f.name] = f.kind === 'date' && dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v
  }
  return out
}

/** The action's prefilled values (e.g. the registry's current figures) as form values (dates as dayjs). */
export function initialValues(action: CaseAction): Record<string, unknown> | undefined {
  if (!action.initial) return undefined
  const out: Record<string, unknown> = {}
  for (const f of action.fields) {
    const v = action.initial[f.name]
    if (v === undefined || v === null) continue
    out[f.name] = f.kind === 'date' && typeof v === 'string' ? dayjs(v) : v
  }
  return out
}

function ActionModal({ detail, action, onClose }: { detail: CaseDetail; action: CaseAction; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = AntApp.useApp()
  const [form] = Form.useForm()
  const act = useAct(detail.case.id)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    const raw = (await form.validateFields()) as Record<string, unknown>
    setError(null)
    try {
      await act.mutateAsync({
        event: action.event,
        version: detail.case.version,
        values: toValues(action.fields, raw),
        comment: (raw.__comment as string | undefined) ?? null,
      })
      message.success(t('workflow.done', { label: tx(action.label) }))
      onClose()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && Array.isArray(e.details.issues)) {
        const issues = e.details.issues as Array<{ field: string; message: string; messageEn?: string }>
        const known = new Set(action.fields.map((f) => f.name))
        form.setFields(
          issues
            .filter((i) => known.has(i.field) || i.field === 'comment')
            .map((i) => ({
              name: i.field === 'comment' ? '__comment' : i.field,
              errors: [currentLanguage() === 'en-US' ? (i.messageEn ?? i.message) : i.message],
            })),
        )
        const rest = issues.filter((i) => !known.has(i.field) && i.field !== 'comment')
        if (rest.length) setError(rest.map((i) => i.message).join('；'))
      } else if (e instanceof ApiError && e.code === 'CONFLICT') {
        message.warning(t('workflow.conflict'))
        await act.reset()
        onClose()
      } else setError(errorMessage(e, t('common.unknownError')))
    }
  }
  return (
    <Modal
      open
      title={`${tx(action.label)} → ${tx(action.toLabel)}`}
      okText={t('workflow.submit')}
      cancelText={t('workflow.cancel')}
      confirmLoading={act.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-test': 'action-submit' } as Record<`data-${string}`, string>}
    >
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-test="action-error" />
      ) : null}
      <Form form={form} layout="vertical" data-test="action-form" initialValues={initialValues(action)}>
        {action.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={tx(f.label)}
            extra={f.help ? tx(f.help) : undefined}
            valuePropName={f.kind === 'boolean' ? 'checked' : 'value'}
            rules={f.required && f.kind !== 'boolean' ? [{ required: true, message: tx(f.label) }] : []}
          >
            <FieldInput f={f} />
          </Form.Item>
        ))}
        <Form.Item
          name="__comment"
          label={t('workflow.comment')}
          rules={action.comment === 'required' ? [{ required: true, message: t('workflow.commentRequired') }] : []}
        >
          <Input.TextArea rows={2} maxLength={2000} data-test="action-comment" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** One line of a rules-engine explanation kept on a case (`data.engine`), as any case type may carry one. */
interface ExplanationLine {
  variable: string
  label: string
  labelEn: string
  value: unknown
  depth: number
  /** The member the line is about, by name. */
  member?: string
  /** Money in fen. */
  money?: boolean
  ruleLabel?: Text
  /** Parameters read (older cases kept them as text, which is not shown). */
  params?: Array<{ path: string; label: Text; value: number; unit: string; documents: Text[] } | string>
}

/** A code value (`FULL_CARE`) by its meaning, when a code group knows it. */
function codeWords(v: string): string {
  for (const g of constantGroups) {
    const label = codeLabel(g, v)
    if (label !== v) return label
  }
  return v
}

function formatEngineValue(
  v: unknown,
  money: boolean | undefined,
  t: (key: 'workflow.yes' | 'workflow.no' | 'policy.units.yuan') => string,
): string {
  const one = (x: unknown) => {
    if (money && typeof x === 'number') return `${yuan(x)} ${t('policy.units.yuan')}`
    if (typeof x === 'string' && /^[A-Z][A-Z0-9_]+$/.test(x)) return codeWords(x)
    return x === null || x === undefined ? '—' : formatValue(x, t)
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return Object.values(v as Record<string, unknown>)
      .map(one)
      .join(' / ')
  }
  return one(v)
}

/** A line that carries nothing to read: a zero amount or an empty value below the outputs. */
const quiet = (x: ExplanationLine) =>
  x.depth > 0 && (x.value === 0 || x.value === null || x.value === false || x.value === '') && !x.params?.length

/**
 * The engine's result as a 测算说明: each output with what it was computed from, every member's lines under the
 * member's name, the rule that decided a value by its name, and each parameter by its name, value and unit with the
 * documents it rests on. Lines that carry nothing (zero amounts below the outputs) wait behind 全部展开.
 */
function ExplanationPanel({ engine }: { engine: unknown }) {
  const { t } = useTranslation()
  const format = useFormatValue()
  const [all, setAll] = useState(false)
  const e = engine as { explanation?: ExplanationLine[]; period?: string; paramDigest?: string } | null
  if (!e || !Array.isArray(e.explanation) || !e.explanation.length) return null
  const en = currentLanguage() === 'en-US'
  const hidden = e.explanation.filter(quiet).length
  const lines = all ? e.explanation : e.explanation.filter((x) => !quiet(x))
  return (
    <Card
      title={t('explanation.title')}
      size="small"
      style={{ marginTop: 16 }}
      data-test="case-explanation"
      extra={
        hidden > 0 ? (
          <Button size="small" type="link" onClick={() => setAll((a) => !a)} data-test="explanation-all">
            {all ? t('explanation.fewer') : t('explanation.all', { count: hidden })}
          </Button>
        ) : null
      }
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('explanation.period', { period: e.period ?? '' })}
      </Typography.Text>
      {lines.map((x) => (
        <div
          key={`${x.variable}-${x.member ?? ''}-${x.depth}`}
          style={{ paddingLeft: x.depth * 16, marginTop: 6 }}
          data-test={`explain-${x.variable}`}
        >
          <Typography.Text strong={x.depth === 0}>
            {x.member ? `${x.member} · ` : ''}
            {en ? x.labelEn : x.label}
          </Typography.Text>
          {'：'}
          <Typography.Text code>{formatEngineValue(x.value, x.money, t)}</Typography.Text>
          {x.ruleLabel ? <Tag style={{ marginLeft: 6 }}>{tx(x.ruleLabel)}</Tag> : null}
          {x.params?.map((p) =>
            typeof p === 'string' ? null : (
              <div key={p.path} style={{ fontSize: 12, opacity: 0.75 }} data-test="explain-param">
                {tx(p.label)}：{format(p.value, p.unit)}
                {p.documents.length ? `（${p.documents.map(tx).join('；')}）` : ''}
              </div>
            ),
          )}
        </div>
      ))}
    </Card>
  )
}

/** A record's key (a warning's, an assessment's): what links records, not something an official reads. */
const isRecordId = (v: unknown) =>
  typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)

function formatValue(v: unknown, t: (k: 'workflow.yes' | 'workflow.no') => string): string {
  if (typeof v === 'boolean') return v ? t('workflow.yes') : t('workflow.no')
  if (Array.isArray(v)) return v.join('、')
  if (v !== null && typeof v === 'object') return JSON.stringify(v)
  return String(v ?? '')
}

/** A recorded value under its field's label, a choice under its option's label (the key and value when unknown). */
function fieldEntry(
  d: CaseDetail,
  key: string,
  v: unknown,
  t: (k: 'workflow.yes' | 'workflow.no') => string,
): [string, string] {
  const f = d.fields[key]
  const option = (x: unknown) => (typeof x === 'string' && f?.options?.[x] ? tx(f.options[x]) : undefined)
  const value = Array.isArray(v)
    ? v.map((x) => option(x) ?? formatValue(x, t)).join('、')
    : (option(v) ?? formatValue(v, t))
  return [f ? tx(f.label) : key, value]
}

export default function CasePage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const q = useCase(id)
  const [action, setAction] = useState<CaseAction | null>(null)
  const { message } = AntApp.useApp()
  if (q.isLoading) return <PageLoading />
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => void q.refetch()} />
  const d = q.data
  const c = d.case
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-test="case-page">
      <Space wrap>
        <Link to="/inbox">
          <ArrowLeftOutlined /> {t('workflow.inbox')}
        </Link>
      </Space>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {tx(d.typeLabel)} · {c.subjectName || '—'}{' '}
        <Tag color={c.closedAt ? 'default' : 'processing'} data-test="case-state">
          {tx(d.stateLabel)}
        </Tag>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('workflow.actions')} size="small">
            {d.actions.length === 0 ? (
              <Typography.Text type="secondary">{t('workflow.noActions')}</Typography.Text>
            ) : (
              <Space wrap>
                {d.actions.map((a) => (
                  <Button
                    key={a.event}
                    type={a.event === 'RETURN' || a.event === 'OBJECT' ? 'default' : 'primary'}
                    danger={a.event === 'RETURN'}
                    disabled={!!a.blocked}
                    title={a.blocked ? t('workflow.blocked', { reason: tx(a.blocked) }) : undefined}
                    data-test={`action-${a.event}`}
                    onClick={() => setAction(a)}
                  >
                    {tx(a.label)}
                  </Button>
                ))}
              </Space>
            )}
            {d.actions
              .filter((a) => a.blocked)
              .slice(0, 1)
              .map((a) => (
                <Alert
                  key="blocked"
                  type="info"
                  showIcon
                  style={{ marginTop: 12 }}
                  title={t('workflow.blocked', { reason: tx(a.blocked) })}
                />
              ))}
          </Card>
          <Card title={t('workflow.history')} size="small" style={{ marginTop: 16 }}>
            <Timeline
              data-test="case-history"
              items={d.transitions.map((tr) => ({
                color: tr.event === 'RETURN' || tr.event === 'OBJECT' ? 'red' : 'blue',
                content: (
                  <div>
                    <Typography.Text strong>{tx(tr.label)}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {tr.actor} · {formatTime(tr.at)}
                    </Typography.Text>
                    {tr.comment ? <div>{tr.comment}</div> : null}
                    {Object.keys(tr.values).length ? (
                      <div style={{ fontSize: 12, opacity: 0.8 }}>
                        {Object.entries(tr.values)
                          .filter(([, v]) => v !== null && v !== undefined && v !== '' && !isRecordId(v))
                          .map(([k, v]) => fieldEntry(d, k, v, t).join(': '))
                          .join('；')}
                      </div>
                    ) : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('workflow.state')}>{tx(d.stateLabel)}</Descriptions.Item>
              <Descriptions.Item label={t('workflow.dueOn')}>
                {c.closedAt ? '—' : <DueTag dueOn={c.stateDueOn} today={d.today} calendarMissing={c.calendarMissing} />}
              </Descriptions.Item>
              <Descriptions.Item label={t('workflow.caseDueOn')}>
                {c.dueOn ? (
                  c.closedAt ? (
                    c.dueOn
                  ) : (
                    <DueTag dueOn={c.dueOn} today={d.today} calendarMissing={c.calendarMissing} />
                  )
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('workflow.openedOn')}>{c.openedOn}</Descriptions.Item>
              <Descriptions.Item label={t('workflow.region')}>
                <RegionName code={c.regionCode} full />
              </Descriptions.Item>
              {c.householdId ? (
                <Descriptions.Item label={t('nav.households')}>
                  <Link to={`/households/${c.householdId}`}>{c.subjectName || c.householdId}</Link>
                </Descriptions.Item>
              ) : null}
              {c.closedAt ? (
                <Descriptions.Item label={t('workflow.closed')}>{formatTime(c.closedAt)}</Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card title={t('workflow.attachments')} size="small" style={{ marginTop: 16 }} data-test="case-attachments">
            {d.attachments.map((a) => (
              <div key={a.id}>
                <a href={`/api/cases/${c.id}/attachments/${a.id}`} download={a.name}>
                  <PaperClipOutlined /> {a.name}
                </a>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {(a.size / 1024).toFixed(1)} KB · {a.uploadedBy ?? ''} · {formatTime(a.uploadedAt)}
                </Typography.Text>
              </div>
            ))}
            {c.closedAt ? null : (
              <Upload
                name="file"
                action={`/api/cases/${c.id}/attachments`}
                headers={{ 'x-csrf-token': csrfToken() ?? '' }}
                withCredentials
                accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
                showUploadList={false}
                onChange={(info) => {
                  if (info.file.status === 'done') void q.refetch()
                  if (info.file.status === 'error') {
                    const body = info.file.response as { error?: { message?: string } } | undefined
                    void message.error(body?.error?.message ?? t('common.unknownError'))
                  }
                }}
              >
                <Button size="small" icon={<UploadOutlined />} style={{ marginTop: 8 }} data-test="attach">
                  {t('workflow.attach')}
                </Button>
              </Upload>
            )}
          </Card>
          {d.publicity.length ? (
            <Card title={t('workflow.publicity')} size="small" style={{ marginTop: 16 }} data-test="case-publicity">
              {d.publicity.map((p) => (
                <div key={p.round} style={{ marginBottom: 12 }}>
                  <Space wrap>
                    <Typography.Text strong>{t('workflow.publicityRound', { round: p.round })}</Typography.Text>
                    {p.closedReason ? <Tag>{t(`workflow.closedReason.${p.closedReason}`)}</Tag> : null}
                    <Link to={`/cases/${c.id}/notices/${p.round}`} data-test={`notice-${p.round}`}>
                      <PrinterOutlined /> {t('workflow.printNotice')}
                    </Link>
                  </Space>
                  <div>{t('workflow.publicityPeriod', { place: p.place, start: p.startOn, end: p.endOn })}</div>
                  {p.objections.length ? (
                    p.objections.map((o) => (
                      <Alert
                        key={`${o.receivedOn}-${o.content}`}
                        type="warning"
                        style={{ marginTop: 6 }}
                        title={`${o.receivedOn} ${o.objector ?? ''}`}
                        description={o.content}
                      />
                    ))
                  ) : (
                    <Typography.Text type="secondary">{t('workflow.noObjections')}</Typography.Text>
                  )}
                </div>
              ))}
            </Card>
          ) : null}
          <ExplanationPanel engine={c.data.engine} />
          {Object.keys(c.data).length ? (
            <Card title={t('workflow.values')} size="small" style={{ marginTop: 16 }}>
              <Descriptions column={1} size="small">
                {Object.entries(c.data)
                  .filter(([, v]) => v !== null && typeof v !== 'object' && !isRecordId(v))
                  .map(([k, v]) => {
                    const [label, value] = fieldEntry(d, k, v, t)
                    return (
                      <Descriptions.Item key={k} label={label}>
                        {value}
                      </Descriptions.Item>
                    )
                  })}
              </Descriptions>
            </Card>
          ) : null}
        </Col>
      </Row>
      {action ? <ActionModal detail={d} action={action} onClose={() => setAction(null)} /> : null}
    </Space>
  )
}
