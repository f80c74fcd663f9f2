/**
 * The person fields of a member form, shared by "edit member", "add member" and the new-household form (inside a
 * `Form.List`, with `prefix` = the list item's name). Field names are the API's, so server issues land on them.
 */
import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { codeOptions } from '../../i18n/index.ts'
import { idNumberRule, phoneRule } from './serverErrors.ts'

/** Names of the fields this component renders (for mapping server issues). */
export const memberFieldNames = [
  'name',
  'idType',
  'idNumber',
  'gender',
  'birthDate',
  'relationToHead',
  'health',
  'labourSkill',
  'education',
  'schoolStatus',
  'workStatus',
  'workPlace',
  'workMonths',
  'disabilityCertNo',
  'phone',
] as const

interface MemberFieldsProps {
  /** Name prefix inside a `Form.List` (e.g. `[0]`); empty for a standalone form. */
  prefix?: Array<string | number>
  /** Editing an existing member: the ID number may stay blank (unchanged). */
  idOptional?: boolean
  /** Placeholder help under the ID field (e.g. the masked current number). */
  idHint?: string
  phoneHint?: string
  /** `data-test` prefix of the inputs. */
  testPrefix?: string
  /** Name of the enclosing `Form.List`, so cross-field reads use the full path. */
  listName?: string
}

export function MemberFields({
  prefix = [],
  idOptional,
  idHint,
  phoneHint,
  testPrefix = 'member',
  listName,
}: MemberFieldsProps) {
  const { t } = useTranslation()
  const form = Form.useFormInstance()
  const n = (name: string) => [...prefix, name]
  const required = (label: string) => ({ required: true, message: t('memberForm.required', { field: label }) })
  const col = { xs: 24, sm: 12, lg: 8 }
  const genderOptions = codeOptions('gender').map((o) => ({ ...o, value: Number(o.value) }))
  return (
    <Row gutter={12}>
      <Col {...col}>
        <Form.Item label={t('members.name')} name={n('name')} rules={idOptional ? [] : [required(t('members.name'))]}>
          <Input data-test={`${testPrefix}-name`} maxLength={40} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.idType')} name={n('idType')} initialValue={idOptional ? undefined : 'RESIDENT_ID'}>
          <Select data-test={`${testPrefix}-id-type`} options={codeOptions('idType')} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item
          label={t('members.idNumber')}
          name={n('idNumber')}
          extra={idHint}
          validateFirst
          rules={[
            ...(idOptional ? [] : [required(t('members.idNumber'))]),
            idNumberRule(
              () => form.getFieldValue([...(listName ? [listName] : []), ...n('idType')]) as string | undefined,
            ),
          ]}
        >
          <Input data-test={`${testPrefix}-id-number`} maxLength={30} autoComplete="off" inputMode="text" />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item
          label={t('members.relation')}
          name={n('relationToHead')}
          rules={idOptional ? [] : [required(t('members.relation'))]}
        >
          <Select
            data-test={`${testPrefix}-relation`}
            options={codeOptions('relation')}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.gender')} name={n('gender')}>
          <Select data-test={`${testPrefix}-gender`} options={genderOptions} allowClear />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.birthDate')} name={n('birthDate')}>
          <DatePicker data-test={`${testPrefix}-birth-date`} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.health')} name={n('health')}>
          <Select data-test={`${testPrefix}-health`} options={codeOptions('health')} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.labour')} name={n('labourSkill')}>
          <Select data-test={`${testPrefix}-labour`} options={codeOptions('labourSkill')} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.education')} name={n('education')}>
          <Select data-test={`${testPrefix}-education`} options={codeOptions('education')} allowClear />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.school')} name={n('schoolStatus')}>
          <Select data-test={`${testPrefix}-school`} options={codeOptions('schoolStatus')} allowClear />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.work')} name={n('workStatus')}>
          <Select data-test={`${testPrefix}-work`} options={codeOptions('workStatus')} allowClear />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.workPlace')} name={n('workPlace')}>
          <Input data-test={`${testPrefix}-work-place`} maxLength={100} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.workMonths')} name={n('workMonths')}>
          <InputNumber
            data-test={`${testPrefix}-work-months`}
            min={0}
            max={12}
            precision={0}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.disabilityCertNo')} name={n('disabilityCertNo')}>
          <Input data-test={`${testPrefix}-disability-cert`} maxLength={22} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item label={t('members.phone')} name={n('phone')} extra={phoneHint} rules={[phoneRule()]}>
          <Input data-test={`${testPrefix}-phone`} inputMode="tel" maxLength={16} autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  )
}
