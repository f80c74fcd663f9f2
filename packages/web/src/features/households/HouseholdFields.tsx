/** The household-level fields of the edit and new-household forms (names are the API's). */
import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd'
import { useTranslation } from 'react-i18next'
import { codeOptions } from '../../i18n/index.ts'
import { phoneRule } from './serverErrors.ts'

export const householdFieldNames = [
  'householdType',
  'naturalVillage',
  'address',
  'phone',
  'isFormerlyPoor',
  'tuopinYear',
  'relocated',
  'resettlementSite',
  'militaryFamily',
  'monitorContactName',
  'monitorContactPhone',
  'area',
  'dangerGrade',
  'renovated',
] as const

export function HouseholdFields({ phoneHint, contactHint }: { phoneHint?: string; contactHint?: string }) {
  const { t } = useTranslation()
  const col = { xs: 24, sm: 12, lg: 8 }
  const formerlyPoor = Form.useWatch('isFormerlyPoor') as boolean | undefined
  const relocated = Form.useWatch('relocated') as boolean | undefined
  return (
    <Row gutter={12}>
      <Col {...col}>
        <Form.Item
          label={t('households.householdType')}
          name="householdType"
          rules={[{ required: true, message: t('memberForm.required', { field: t('households.householdType') }) }]}
        >
          <Select data-test="household-type" options={codeOptions('householdType')} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('household.naturalVillage')} name="naturalVillage">
          <Input data-test="household-natural-village" maxLength={60} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('households.phone')} name="phone" extra={phoneHint} rules={[phoneRule()]}>
          <Input data-test="household-phone" inputMode="tel" maxLength={16} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item label={t('household.address')} name="address">
          <Input data-test="household-address" maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label={t('household.formerlyPoorNoYear')} name="isFormerlyPoor" valuePropName="checked">
          <Switch data-test="household-formerly-poor" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label={t('householdForm.tuopinYear')} name="tuopinYear">
          <InputNumber min={2014} max={2020} precision={0} disabled={!formerlyPoor} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label={t('household.relocated')} name="relocated" valuePropName="checked">
          <Switch data-test="household-relocated" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={6}>
        <Form.Item label={t('householdForm.resettlementSite')} name="resettlementSite">
          <Input maxLength={100} disabled={!relocated} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={6}>
        <Form.Item label={t('household.militaryFamily')} name="militaryFamily" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('household.monitorContact')} name="monitorContactName">
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item
          label={t('householdForm.monitorContactPhone')}
          name="monitorContactPhone"
          extra={contactHint}
          rules={[phoneRule()]}
        >
          <Input inputMode="tel" maxLength={16} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label={t('housing.area')} name="area">
          <InputNumber min={0} addonAfter="m²" style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label={t('housing.grade')} name="dangerGrade">
          <Select options={codeOptions('housingGrade')} allowClear />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label={t('housing.renovated')} name="renovated" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
    </Row>
  )
}

export interface HouseholdValues {
  householdType?: 'TUOPIN' | 'GENERAL'
  naturalVillage?: string
  address?: string
  phone?: string
  isFormerlyPoor?: boolean
  tuopinYear?: number
  relocated?: boolean
  resettlementSite?: string
  militaryFamily?: boolean
  monitorContactName?: string
  monitorContactPhone?: string
  area?: number
  dangerGrade?: 'A' | 'B' | 'C' | 'D'
  renovated?: boolean
}

/** Form values → API fields (housing nested); blanks left out. */
export function toHouseholdBody(v: HouseholdValues) {
  const { area, dangerGrade, renovated, ...rest } = v
  const clean = Object.fromEntries(
    Object.entries(rest)
      .filter(([, x]) => x !== undefined && x !== null && x !== '')
      .map(([k, x]) => [k, typeof x === 'string' ? x.trim() : x]),
  )
  const housing = Object.fromEntries(
    Object.entries({ area, dangerGrade, renovated }).filter(([, x]) => x !== undefined && x !== null),
  )
  return { ...clean, ...(Object.keys(housing).length > 0 ? { housing } : {}) }
}
