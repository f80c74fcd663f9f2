/** Filter form of the audit log: time range, action, actor, region code prefix, subject type. */
import { SearchOutlined } from '@ant-design/icons'
import { Button, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd'
import type { Dayjs } from 'dayjs'
import dayjs from 'dayjs'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { codeLabel } from '../../i18n/index.ts'
import type { AuditFilter } from './auditApi.ts'

/** Actions the server records today; the field also accepts any other text and `prefix*`. */
/** Kinds of action, as the prefixes the API filters by (`auth.*`). */
const actionKinds = [
  'auth.*',
  'user.*',
  'pii.*',
  'household.*',
  'case.*',
  'monitoring.*',
  'warning.*',
  'feed.*',
  'decision.*',
  'grant.*',
  'referral.*',
  'roster.*',
  'daijiao.*',
  'calendar.*',
  'regions.*',
] as const
const knownSubjects = [
  'user',
  'region',
  'household',
  'person',
  'case',
  'warning',
  'feed_batch',
  'sa_decision',
  'special_grant',
  'sa_referral',
  'pay_roster',
  'daijiao_roster',
  'household_export',
  'monitoring_target_export',
  'calendar_day',
]

interface FormValues {
  range?: [Dayjs | null, Dayjs | null] | null
  action?: string
  actor?: string
  region?: string
  subjectType?: string
}

function toForm(f: AuditFilter): FormValues {
  return {
    range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null,
    action: f.action,
    actor: f.actor,
    region: f.region,
    subjectType: f.subjectType,
  }
}

function toFilter(v: FormValues): AuditFilter {
  const [from, to] = v.range ?? [null, null]
  const s = (x: string | undefined) => x?.trim() || undefined
  return {
    from: from?.toISOString(),
    to: to?.toISOString(),
    action: s(v.action),
    actor: s(v.actor),
    region: s(v.region),
    subjectType: s(v.subjectType),
  }
}

export function AuditFilters({ value, onChange }: { value: AuditFilter; onChange: (f: AuditFilter) => void }) {
  const { t } = useTranslation()
  const [form] = Form.useForm<FormValues>()

  useEffect(() => {
    form.setFieldsValue(toForm(value))
  }, [form, value])

  return (
    <Form<FormValues>
      form={form}
      name="audit-filter"
      layout="vertical"
      data-test="audit-filters"
      aria-label={t('audit.filters')}
      onFinish={(v) => onChange(toFilter(v))}
    >
      <Row gutter={12}>
        <Col xs={24} md={12} xl={8}>
          <Form.Item label={t('audit.from')} name="range">
            <DatePicker.RangePicker
              data-test="audit-filter-range"
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              allowEmpty={[true, true]}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6} xl={4}>
          <Form.Item label={t('audit.action')} name="action">
            <Select
              data-test="audit-filter-action"
              placeholder={t('audit.actionPlaceholder')}
              options={actionKinds.map((a) => ({ value: a, label: codeLabel('auditActionKind', a) }))}
              allowClear
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6} xl={4}>
          <Form.Item label={t('audit.actor')} name="actor">
            <Input data-test="audit-filter-actor" placeholder={t('audit.actorPlaceholder')} allowClear />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6} xl={4}>
          <Form.Item
            label={t('audit.region')}
            name="region"
            rules={[{ pattern: /^\d{1,12}$/, message: t('audit.regionInvalid') }]}
          >
            <Input
              data-test="audit-filter-region"
              placeholder={t('audit.regionPlaceholder')}
              inputMode="numeric"
              allowClear
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6} xl={4}>
          <Form.Item label={t('audit.subjectType')} name="subjectType">
            <Select
              data-test="audit-filter-subject"
              placeholder={t('audit.subjectTypePlaceholder')}
              options={knownSubjects.map((s) => ({ value: s, label: codeLabel('subjectType', s) }))}
              allowClear
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={24} style={{ display: 'flex', alignItems: 'flex-end', marginBottom: 24 }}>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-test="audit-filter-submit">
              {t('common.search')}
            </Button>
            <Button
              data-test="audit-filter-reset"
              onClick={() => {
                form.resetFields()
                onChange({})
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Col>
      </Row>
    </Form>
  )
}
