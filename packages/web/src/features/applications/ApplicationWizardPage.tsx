/**
 * `/applications`: the application wizard. Choose the programme, find the household in the registry (and the member,
 * for 特困 or a single-person 低保 application), say whether the application is entrusted, tick the materials
 * received; the missing ones become the one-time notice. Opening the case goes to the generic case page.
 */
import { FileDoneOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Steps,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useRegion } from '../../app/region.tsx'
import { regionPrefix } from '../../app/types.ts'
import { codeLabel } from '../../i18n/index.ts'
import { errorMessage, InlineError } from '../../ui/PageState.tsx'
import { type HouseholdSummary, useHousehold, useHouseholds } from '../households/householdsApi.ts'
import { FieldInput, toValues } from '../workflow/CasePage.tsx'
import { type CaseSummary, type Text, tx, useCases, useCaseTypes } from '../workflow/workflowApi.ts'
import { actOn, openCase, PROGRAMMES, type Programme, useCoverage } from './applicationsApi.ts'

const MATERIALS: Record<Programme, Array<'id' | 'application' | 'consent' | 'income' | 'disability' | 'expense'>> = {
  DIBAO_APPLY: ['id', 'application', 'consent', 'income'],
  TEKUN_APPLY: ['id', 'application', 'consent', 'disability'],
  TEMP_RELIEF: ['id', 'application', 'expense'],
  TEKUN_REASSESS: ['application'],
  DIBAO_REVIEW: ['application'],
}
const PERSON_REQUIRED = new Set<Programme>(['TEKUN_APPLY', 'TEKUN_REASSESS'])

function Coverage({ householdId }: { householdId: string }) {
  const { t } = useTranslation()
  const q = useCoverage(householdId)
  if (!q.data) return q.error ? <InlineError error={q.error} /> : null
  return q.data.length ? (
    <Alert
      type="warning"
      showIcon
      data-test="wizard-coverage"
      title={t('applications.coverage')}
      description={q.data.map((c) => (
        <div key={`${c.personId}-${c.group}`}>
          {t('applications.covered', { name: c.name, group: codeLabel('lowIncomeGroup', c.group), since: c.since })}
        </div>
      ))}
    />
  ) : (
    <Alert type="success" showIcon data-test="wizard-coverage" title={t('applications.noCoverage')} />
  )
}

/** The members of the chosen household (loaded only once one is chosen). */
function MemberPicker({
  householdId,
  value,
  onChange,
}: {
  householdId: string
  value: string | undefined
  onChange: (v: string | undefined) => void
}) {
  const detail = useHousehold(householdId)
  const members = (detail.data?.members ?? []).filter((m) => m.status === 'ACTIVE')
  return (
    <Select
      allowClear
      value={value}
      onChange={onChange}
      loading={detail.isLoading}
      data-test="wizard-person"
      style={{ maxWidth: 360 }}
      options={members.map((m) => ({
        value: m.id,
        label: `${m.name}（${codeLabel('relation', m.relationToHead)}，${m.age}）`,
      }))}
    />
  )
}

function Decisions({ type, states }: { type: Programme; states: Record<string, { label: Text }> | undefined }) {
  const { t } = useTranslation()
  const q = useCases({ type, open: 'false', page: 1, pageSize: 10 })
  const columns: TableColumnsType<CaseSummary> = [
    { title: t('workflow.subject'), dataIndex: 'subjectName', key: 'subject' },
    { title: t('workflow.state'), key: 'state', render: (_, c) => tx(states?.[c.state]?.label) || c.state },
    { title: t('workflow.openedOn'), dataIndex: 'openedOn', key: 'openedOn' },
    {
      title: t('applications.decision'),
      key: 'decision',
      render: (_, c) => (
        <Link to={`/applications/${c.id}/decision`} data-test="decision-link">
          <FileDoneOutlined /> {t('applications.decision')}
        </Link>
      ),
    },
  ]
  return (
    <Card size="small" title={t('applications.decisions')}>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={q.data?.data ?? []}
        loading={q.isLoading}
        pagination={false}
      />
    </Card>
  )
}

export default function ApplicationWizardPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { region } = useRegion()
  const types = useCaseTypes()
  const [form] = Form.useForm()
  const [step, setStep] = useState(0)
  const [programme, setProgramme] = useState<Programme>('DIBAO_APPLY')
  const [q, setQ] = useState('')
  const [household, setHousehold] = useState<HouseholdSummary | null>(null)
  const [personId, setPersonId] = useState<string | undefined>()
  const [entrusted, setEntrusted] = useState(false)
  const [received, setReceived] = useState<string[]>([])
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const list = useHouseholds(
    { q: q || undefined, region: regionPrefix(region) },
    {
      page: 1,
      pageSize: 8,
      sort: 'householdNo',
      order: 'asc',
    },
  )
  const type = types.data?.find((x) => x.type === programme)
  const openable = useMemo(
    () => PROGRAMMES.filter((p) => types.data?.some((x) => x.type === p && x.canOpen)),
    [types.data],
  )
  const extraFields = (type?.openFields ?? []).filter((f) => f.name !== 'entrusted')
  const hasEntrusted = (type?.openFields ?? []).some((f) => f.name === 'entrusted')
  const missing = MATERIALS[programme].filter((m) => !received.includes(m))

  const open = async () => {
    setError(null)
    const raw = (await form.validateFields()) as Record<string, unknown>
    if (!household) return
    setBusy(true)
    try {
      const values = toValues(extraFields, raw)
      if (hasEntrusted) values.entrusted = entrusted
      const missingText = missing.map((m) => t(`applications.material.${m}`))
      let c = await openCase({
        type: programme,
        householdId: household.id,
        personId,
        values,
        comment: missingText.length ? `${t('applications.missingNotice')}：${missingText.join('；')}` : null,
      })
      if (missingText.length && c.actions.some((a) => a.event === 'NOTIFY_MISSING' && !a.blocked)) {
        c = await actOn(c.case.id, {
          event: 'NOTIFY_MISSING',
          version: c.case.version,
          values: { missingItems: missingText.join('\n') },
        })
      }
      navigate(`/cases/${c.case.id}`)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<HouseholdSummary> = [
    { title: t('households.householdNo'), dataIndex: 'householdNo', key: 'no' },
    { title: t('applications.head'), dataIndex: 'headName', key: 'head' },
    { title: t('applications.village'), dataIndex: 'villageName', key: 'village' },
    {
      title: '',
      key: 'choose',
      render: (_, h) =>
        household?.id === h.id ? (
          <Tag color="green">{t('applications.chosen')}</Tag>
        ) : (
          <Button
            size="small"
            data-test="choose-household"
            onClick={() => {
              setHousehold(h)
              setPersonId(undefined)
            }}
          >
            {t('applications.choose')}
          </Button>
        ),
    },
  ]

  const canNext =
    step === 0 ? !!type : step === 1 ? !!household && (!PERSON_REQUIRED.has(programme) || !!personId) : true

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-test="application-wizard">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('applications.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('applications.hint')}</Typography.Text>
      <Steps
        current={step}
        items={[
          { title: t('applications.stepProgramme') },
          { title: t('applications.stepSubject') },
          { title: t('applications.stepMaterials') },
        ]}
      />
      <Card size="small">
        {step === 0 ? (
          <Radio.Group
            value={programme}
            onChange={(e) => {
              setProgramme(e.target.value as Programme)
              setReceived([])
            }}
          >
            <Space orientation="vertical">
              {openable.map((p) => (
                <Radio key={p} value={p} data-test={`programme-${p}`}>
                  <Typography.Text strong>{t(`applications.programme.${p}`)}</Typography.Text>{' '}
                  <Typography.Text type="secondary">{t(`applications.programmeHint.${p}`)}</Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        ) : null}
        {step === 1 ? (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Input.Search
              allowClear
              placeholder={t('applications.search')}
              onSearch={(v) => setQ(v.trim())}
              data-test="wizard-search"
              enterButton
            />
            {list.error ? <InlineError error={list.error} /> : null}
            <Table
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={list.data?.data ?? []}
              loading={list.isFetching}
              pagination={false}
              data-test="wizard-households"
            />
            {household ? (
              <>
                <Coverage householdId={household.id} />
                <Form.Item
                  label={t('applications.person')}
                  extra={
                    PERSON_REQUIRED.has(programme) ? t('applications.personRequired') : t('applications.personOptional')
                  }
                  style={{ marginBottom: 0 }}
                >
                  <MemberPicker householdId={household.id} value={personId} onChange={setPersonId} />
                </Form.Item>
                {hasEntrusted ? (
                  <Checkbox
                    checked={entrusted}
                    onChange={(e) => setEntrusted(e.target.checked)}
                    data-test="wizard-entrusted"
                  >
                    {t('applications.entrusted')}
                  </Checkbox>
                ) : null}
              </>
            ) : null}
          </Space>
        ) : null}
        {step === 2 ? (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Text data-test="wizard-summary">
              {t(`applications.programme.${programme}`)} · {t('applications.household')}：{household?.headName ?? ''}（
              {household?.householdNo ?? ''}）{entrusted ? ` · ${t('applications.entrusted')}` : ''}
            </Typography.Text>
            <Typography.Text strong>{t('applications.materials')}</Typography.Text>
            <Checkbox.Group
              value={received}
              onChange={(v) => setReceived(v as string[])}
              data-test="wizard-materials"
              options={MATERIALS[programme].map((m) => ({ value: m, label: t(`applications.material.${m}`) }))}
            />
            {missing.length ? (
              <Alert
                type="info"
                showIcon
                data-test="wizard-missing"
                title={t('applications.missingNotice')}
                description={missing.map((m) => t(`applications.material.${m}`)).join('；')}
              />
            ) : (
              <Alert type="success" showIcon title={t('applications.complete')} />
            )}
            <Form form={form} layout="vertical" data-test="wizard-fields">
              {extraFields.map((f) => (
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
            </Form>
            {error ? (
              <Alert
                type="error"
                showIcon
                data-test="wizard-error"
                title={errorMessage(error, t('common.unknownError'))}
              />
            ) : null}
          </Space>
        ) : null}
      </Card>
      <Space>
        {step > 0 ? <Button onClick={() => setStep(step - 1)}>{t('applications.back')}</Button> : null}
        {step < 2 ? (
          <Button type="primary" disabled={!canNext} onClick={() => setStep(step + 1)} data-test="wizard-next">
            {t('applications.next')}
          </Button>
        ) : (
          <Button type="primary" loading={busy} onClick={() => void open()} data-test="wizard-open">
            {t('applications.open')}
          </Button>
        )}
      </Space>
      <Decisions type={programme} states={type?.states} />
    </Space>
  )
}
