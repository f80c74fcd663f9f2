/**
 * `/households/new`: registers a household with its members. The same inline checks as the server (ID numbers, one
 * head, phone format); what the server still rejects lands on the field it names (`members[1].idNumber`).
 */
import { DeleteOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useRegion } from '../../app/region.tsx'
import type { Region } from '../../app/types.ts'
import { errorMessage } from '../../ui/PageState.tsx'
import { useRegionChildren, useRegionSearch } from '../regions/regionsApi.ts'
import { cleanValues } from './EditModal.tsx'
import { HouseholdFields, type HouseholdValues, householdFieldNames, toHouseholdBody } from './HouseholdFields.tsx'
import { createHousehold } from './householdsApi.ts'
import { MemberFields, memberFieldNames } from './MemberFields.tsx'
import { applyServerErrors, issueText, type ServerIssue } from './serverErrors.ts'

interface NewValues extends HouseholdValues {
  regionCode: string
  householdNo?: string
  members: Array<Record<string, unknown>>
}

function VillageSelect({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation()
  const { region } = useRegion()
  const [q, setQ] = useState('')
  const children = useRegionChildren(region.code)
  const search = useRegionSearch(q.trim())
  const own: Region[] = region.level === 5 ? [region] : []
  const pool = q.trim() ? (search.data ?? []) : [...own, ...(children.data ?? [])]
  return (
    <Select
      data-test="household-village"
      value={value}
      onChange={onChange}
      placeholder={t('householdForm.villagePlaceholder')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={children.isPending || search.isFetching}
      options={pool.filter((r) => r.level === 5).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
      style={{ width: '100%' }}
    />
  )
}

export default function NewHouseholdPage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const { region } = useRegion()
  const [form] = Form.useForm<NewValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [unmapped, setUnmapped] = useState<ServerIssue[]>([])

  const onFinish = async (v: NewValues) => {
    setBusy(true)
    setError(null)
    setUnmapped([])
    try {
      const { regionCode, householdNo, members, ...rest } = v
      const created = await createHousehold({
        ...toHouseholdBody(rest),
        regionCode,
        ...(householdNo?.trim() ? { householdNo: householdNo.trim() } : {}),
        householdType: rest.householdType ?? 'GENERAL',
        members: members.map((m) => cleanValues(m)) as Parameters<typeof createHousehold>[0]['members'],
      })
      message.success(t('householdForm.created', { no: created.householdNo }))
      navigate(`/households/${created.id}`)
    } catch (e) {
      setError(e)
      setUnmapped(
        applyServerErrors(
          form,
          e,
          [...householdFieldNames, ...memberFieldNames, 'regionCode', 'householdNo'],
          ['body'],
        ),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <UserAddOutlined /> {t('householdForm.newTitle')}
      </Typography.Title>
      {error ? (
        <Alert
          data-test="new-household-error"
          role="alert"
          type="error"
          showIcon
          title={t('memberForm.failed')}
          description={
            unmapped.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {unmapped.map((i) => (
                  <li key={`${i.field}-${i.code}`}>{issueText(i)}</li>
                ))}
              </ul>
            ) : (
              errorMessage(error, t('common.unknownError'))
            )
          }
        />
      ) : null}
      <Form<NewValues>
        form={form}
        layout="vertical"
        data-test="new-household-form"
        onFinish={onFinish}
        scrollToFirstError
        initialValues={{
          regionCode: region.level === 5 ? region.code : undefined,
          householdType: 'GENERAL',
          members: [{ relationToHead: 'HEAD', idType: 'RESIDENT_ID', health: 'HEALTHY', labourSkill: 'ORDINARY' }],
        }}
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                label={t('householdForm.village')}
                name="regionCode"
                rules={[{ required: true, message: t('householdForm.villageRequired') }]}
              >
                <VillageSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label={t('households.householdNo')}
                name="householdNo"
                extra={t('householdForm.householdNoHint')}
                rules={[{ pattern: /^[0-9A-Za-z-]{6,30}$/, message: t('householdForm.householdNoInvalid') }]}
              >
                <Input data-test="household-no-input" maxLength={30} />
              </Form.Item>
            </Col>
          </Row>
          <HouseholdFields />
        </Card>
        <Form.List
          name="members"
          rules={[
            {
              validator: async (_, members: Array<{ relationToHead?: string }> | undefined) => {
                const heads = (members ?? []).filter((m) => m?.relationToHead === 'HEAD').length
                if (heads !== 1) throw new Error(t('householdForm.oneHead', { count: heads }))
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  title={t('householdForm.member', { n: i + 1 })}
                  data-test="new-member"
                  extra={
                    fields.length > 1 ? (
                      <Button size="small" danger type="link" icon={<DeleteOutlined />} onClick={() => remove(f.name)}>
                        {t('householdForm.removeMember')}
                      </Button>
                    ) : null
                  }
                >
                  <MemberFields prefix={[f.name]} listName="members" testPrefix={`new-member-${i}`} />
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                icon={<PlusOutlined />}
                data-test="new-member-add"
                onClick={() => add({ idType: 'RESIDENT_ID', health: 'HEALTHY', labourSkill: 'ORDINARY' })}
              >
                {t('householdForm.addMember')}
              </Button>
            </Space>
          )}
        </Form.List>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, marginTop: 16 }}>
          <Button onClick={() => navigate('/households')}>{t('memberForm.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-test="new-household-submit">
            {t('householdForm.create')}
          </Button>
        </div>
      </Form>
    </Space>
  )
}
