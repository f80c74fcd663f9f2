/**
 * The registry's forms for a new income assessment (items in yuan, prefilled from the latest assessment; the server's
 * rules engine computes net income, the household size for income and the per-capita figures) and for a new 两不愁三保障
 * and drinking-water check (prefilled from the latest check). Both are household edits on the version shown.
 */
import { assessedItems, incomeItems } from '@xianjie/server/codes'
import { Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Radio, Row, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { codeLabel } from '../../i18n/index.ts'
import { chinaToday } from '../../ui/dates.ts'
import { EditModal } from './EditModal.tsx'
import { type HouseholdDetail, recordAssessment, recordGuaranteeCheck } from './householdsApi.ts'

const groups = (Object.keys(incomeItems) as Array<keyof typeof incomeItems>).map((g) => ({
  group: g,
  items: incomeItems[g],
}))
const toFen = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? 0 : Math.round(yuan * 100))
const toYuan = (fen: number | undefined) => (fen === undefined ? undefined : fen / 100)

interface AssessmentValues {
  type: 'ANNUAL' | 'REVIEW'
  date: Dayjs
  items: Record<string, number | null | undefined>
  claimIncome?: number | null
  compliantSelfPaid?: number | null
}

const notFuture = (_: unknown, d: Dayjs | undefined) =>
  d?.isAfter(chinaToday(), 'day') ? Promise.reject() : Promise.resolve()

/** The required `date` of an assessment or check: today or earlier. */
function PastDateItem({ label, extra, test }: { label: string; extra?: string; test: string }) {
  const { t } = useTranslation()
  return (
    <Form.Item
      name="date"
      label={label}
      extra={extra}
      rules={[
        { required: true, message: t('assessmentForm.dateRequired') },
        { validator: notFuture, message: t('assessmentForm.dateFuture') },
      ]}
    >
      <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(chinaToday(), 'day')} data-test={test} />
    </Form.Item>
  )
}

export function AssessmentModal({ h, onClose }: { h: HouseholdDetail; onClose: () => void }) {
  const { t } = useTranslation()
  const a = h.assessment
  const initial: Partial<AssessmentValues> = {
    type: 'ANNUAL',
    date: chinaToday(),
    items: Object.fromEntries(assessedItems.map((i) => [i, toYuan(a?.items[i])])),
    claimIncome: toYuan(a?.claimIncome),
    compliantSelfPaid: toYuan(a?.compliantSelfPaid),
  }
  const money = (name: string | Array<string>, label: string, dataTest: string) => (
    <Form.Item name={name} label={label} style={{ marginBottom: 8 }}>
      <InputNumber
        style={{ width: '100%' }}
        min={0}
        precision={2}
        addonAfter={t('assessmentForm.yuan')}
        data-test={dataTest}
      />
    </Form.Item>
  )
  return (
    <EditModal<AssessmentValues>
      open
      dataTest="assessment-form"
      title={t('assessmentForm.title')}
      household={h}
      fields={['type', 'date', ...assessedItems, 'claimIncome', 'compliantSelfPaid']}
      initialValues={initial}
      onClose={onClose}
      submit={async (v) => {
        const r = await recordAssessment(h.id, {
          version: h.version,
          type: v.type,
          date: v.date.format('YYYY-MM-DD'),
          // filled items are sent; a cleared item the latest assessment had is removed (null)
          items: Object.fromEntries(
            assessedItems.flatMap((i): Array<[string, number | null]> => {
              const yuan = v.items[i]
              if (yuan !== null && yuan !== undefined) return [[i, toFen(yuan)]]
              return a?.items[i] !== undefined ? [[i, null]] : []
            }),
          ),
          claimIncome: toFen(v.claimIncome),
          compliantSelfPaid: toFen(v.compliantSelfPaid),
        })
        return { version: r.version, changes: [] }
      }}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary" data-test="assessment-form-hint">
            {a
              ? t('assessmentForm.prefilled', {
                  date: a.periodEnd,
                  type: codeLabel('assessmentType', a.assessmentType),
                })
              : t('assessmentForm.empty')}
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="type" label={t('assessmentForm.type')}>
                <Radio.Group
                  data-test="assessment-type"
                  options={(['ANNUAL', 'REVIEW'] as const).map((x) => ({
                    value: x,
                    label: codeLabel('assessmentType', x),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <PastDateItem
                label={t('assessmentForm.date')}
                extra={t('assessmentForm.window')}
                test="assessment-date"
              />
            </Col>
          </Row>
          {groups.map(({ group, items }) => (
            <div key={group}>
              <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
                {t(`income.groups.${group}`)}
              </Divider>
              <Row gutter={16}>
                {items.map((i) => (
                  <Col xs={24} sm={12} md={8} key={i}>
                    {money(['items', i], codeLabel('incomeItem', i), `assessment-item-${i}`)}
                  </Col>
                ))}
              </Row>
            </div>
          ))}
          <Divider style={{ margin: '8px 0' }} />
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              {money('claimIncome', t('income.claimIncome'), 'assessment-claim')}
            </Col>
            <Col xs={24} sm={12}>
              {money('compliantSelfPaid', t('income.compliantSelfPaid'), 'assessment-self-paid')}
            </Col>
          </Row>
          <Typography.Text type="secondary">{t('assessmentForm.engine')}</Typography.Text>
        </>
      )}
    </EditModal>
  )
}

const checks = [
  ['foodClothingOk', 'food_clothing_ok'],
  ['compulsoryEducationOk', 'compulsory_education_ok'],
  ['medicalInsuranceOk', 'medical_insurance_ok'],
  ['housingSafetyOk', 'housing_safety_ok'],
  ['drinkingWaterOk', 'drinking_water_ok'],
  ['housingDamaged', 'housing_damaged'],
  ['waterFacilityDamaged', 'water_facility_damaged'],
] as const

type GuaranteeValues = { date: Dayjs; note?: string } & Record<(typeof checks)[number][0], boolean>

export function GuaranteeModal({ h, onClose }: { h: HouseholdDetail; onClose: () => void }) {
  const { t } = useTranslation()
  const g = (h.guarantee ?? {}) as Record<string, unknown>
  const initial = {
    date: chinaToday(),
    ...Object.fromEntries(checks.map(([name, column], i) => [name, h.guarantee ? Boolean(g[column]) : i < 5])),
  } as Partial<GuaranteeValues>
  return (
    <EditModal<GuaranteeValues>
      open
      width={640}
      dataTest="guarantee-form"
      title={t('guaranteeForm.title')}
      household={h}
      fields={['date', ...checks.map(([name]) => name), 'note']}
      initialValues={initial}
      onClose={onClose}
      submit={async (v) => {
        const r = await recordGuaranteeCheck(h.id, {
          version: h.version,
          date: v.date.format('YYYY-MM-DD'),
          ...(Object.fromEntries(checks.map(([name]) => [name, Boolean(v[name])])) as Record<
            (typeof checks)[number][0],
            boolean
          >),
          ...(v.note?.trim() ? { details: { note: v.note.trim() } } : {}),
        })
        return { version: r.version, changes: [] }
      }}
    >
      {() => (
        <>
          <PastDateItem label={t('guaranteeForm.date')} test="guarantee-date" />
          <Row gutter={16}>
            {checks.map(([name, column]) => (
              <Col xs={24} sm={12} key={name}>
                <Form.Item name={name} valuePropName="checked" style={{ marginBottom: 8 }}>
                  <Checkbox data-test={`guarantee-check-${name}`}>{t(`guarantee.${column}`)}</Checkbox>
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Form.Item name="note" label={t('guaranteeForm.note')}>
            <Input.TextArea rows={2} maxLength={500} data-test="guarantee-note" />
          </Form.Item>
        </>
      )}
    </EditModal>
  )
}
