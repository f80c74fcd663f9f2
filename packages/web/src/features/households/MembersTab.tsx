/**
 * Members of a household: masked ID numbers with an audited "show full number" for roles with `pii.reveal`, and for
 * editors the edit-member, add-member and natural-decrease forms (each sent with the household version).
 */
import { EditOutlined, EyeOutlined, UserAddOutlined, UserDeleteOutlined } from '@ant-design/icons'
import type { TableColumnsType } from 'antd'
import {
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Grid,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { type HTMLAttributes, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import { codeLabel, codeOptions } from '../../i18n/index.ts'
import { chinaToday } from '../../ui/dates.ts'
import { errorMessage } from '../../ui/PageState.tsx'
import { cleanValues, EditModal } from './EditModal.tsx'
import { addMember, type HouseholdDetail, type Member, recordDecrease, reveal, updateMember } from './householdsApi.ts'
import { MemberFields, memberFieldNames } from './MemberFields.tsx'

type MemberValues = Record<(typeof memberFieldNames)[number], unknown>

/** The member's current values as form values; ID number and phone are masked, so they start blank. */
function initialOf(m: Member): Partial<MemberValues> {
  return {
    name: m.name,
    idType: m.idType,
    gender: m.gender,
    relationToHead: m.relationToHead,
    health: m.health,
    labourSkill: m.labourSkill,
    education: m.education ?? undefined,
    schoolStatus: m.schoolStatus ?? undefined,
    workStatus: m.workStatus ?? undefined,
    workPlace: m.workPlace ?? undefined,
    workMonths: m.workMonths ?? undefined,
  }
}

/** Only what the user changed, so an edit never re-sends (or blanks) fields it did not touch. */
function changedOnly(values: Partial<MemberValues>, initial: Partial<MemberValues>): Partial<MemberValues> {
  const clean = cleanValues(values)
  const out: Partial<MemberValues> = {}
  for (const [k, v] of Object.entries(clean) as Array<[keyof MemberValues, unknown]>) {
    if (JSON.stringify(v) !== JSON.stringify(initial[k])) out[k] = v
  }
  return out
}

function IdCell({ household, m }: { household: HouseholdDetail; m: Member }) {
  const { t } = useTranslation()
  const me = useMe()
  const { message } = App.useApp()
  const [full, setFull] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (full) {
    return (
      <Typography.Text code data-test="member-id-full" copyable>
        {full}
      </Typography.Text>
    )
  }
  return (
    <Space size={4} wrap={false}>
      <Typography.Text code data-test="member-id">
        {m.idNumber}
      </Typography.Text>
      {can(me, 'pii.reveal') ? (
        <Popconfirm
          title={t('members.revealTitle')}
          description={<div style={{ maxWidth: 260 }}>{t('members.revealAudited')}</div>}
          okText={t('members.revealOk')}
          cancelText={t('memberForm.cancel')}
          okButtonProps={{ 'data-test': 'member-reveal-confirm' }}
          onConfirm={async () => {
            setBusy(true)
            try {
              setFull(await reveal(household.id, m.id, 'idNumber'))
              message.info(t('members.revealed'))
            } catch (e) {
              message.error(errorMessage(e, t('common.unknownError')))
            } finally {
              setBusy(false)
            }
          }}
        >
          {/* an icon with a tooltip, so the members' other columns fit beside the ID number */}
          <Tooltip title={t('members.reveal')}>
            <Button
              size="small"
              type="link"
              icon={<EyeOutlined />}
              loading={busy}
              data-test="member-reveal"
              aria-label={t('members.reveal')}
            />
          </Tooltip>
        </Popconfirm>
      ) : null}
    </Space>
  )
}

interface DecreaseValues {
  date: Dayjs
  reason: string
  note?: string
}

interface AddValues extends Partial<MemberValues> {
  date: Dayjs
  reason: string
}

export function MembersTab({ household, readOnly }: { household: HouseholdDetail; readOnly: boolean }) {
  const { t } = useTranslation()
  const me = useMe()
  const editable = can(me, 'household.edit') && !readOnly && household.status === 'ACTIVE'
  const mobile = Grid.useBreakpoint().md === false
  const [editing, setEditing] = useState<Member | null>(null)
  const [leaving, setLeaving] = useState<Member | null>(null)
  const [adding, setAdding] = useState(false)
  const members = [...household.members].sort(
    (a, b) => Number(a.status !== 'ACTIVE') - Number(b.status !== 'ACTIVE') || b.age - a.age,
  )

  const columns: TableColumnsType<Member> = [
    {
      title: t('members.name'),
      dataIndex: 'name',
      fixed: mobile ? undefined : 'left',
      render: (n: string, m) => (
        <Space size={4}>
          <Typography.Text strong={m.relationToHead === 'HEAD'}>{n}</Typography.Text>
          {m.relationToHead === 'HEAD' ? <Tag color="blue">{codeLabel('relation', 'HEAD')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('members.idNumber'), key: 'id', render: (_: unknown, m) => <IdCell household={household} m={m} /> },
    {
      title: t('members.age'),
      dataIndex: 'age',
      render: (a: number, m) => (
        <span title={m.birthDate ?? undefined}>
          {t('members.ageValue', { age: a })} · {codeLabel('gender', m.gender)}
        </span>
      ),
    },
    {
      title: t('members.relation'),
      dataIndex: 'relationToHead',
      render: (r: string) => codeLabel('relation', r),
    },
    {
      title: t('members.health'),
      dataIndex: 'health',
      render: (h: string) => <Tag color={h === 'HEALTHY' ? 'green' : 'orange'}>{codeLabel('health', h)}</Tag>,
    },
    { title: t('members.labour'), dataIndex: 'labourSkill', render: (l: string) => codeLabel('labourSkill', l) },
    {
      title: t('members.disability'),
      key: 'disability',
      render: (_: unknown, m) =>
        m.disabilityCategory
          ? t('members.disabilityValue', { category: m.disabilityCategory, level: m.disabilityLevel ?? '?' })
          : '—',
    },
    {
      title: t('members.activity'),
      key: 'activity',
      render: (_: unknown, m) => {
        const school =
          m.schoolStatus && m.schoolStatus !== 'NOT_IN_SCHOOL' ? codeLabel('schoolStatus', m.schoolStatus) : null
        const work = m.workStatus ? codeLabel('workStatus', m.workStatus) : null
        return [school, work].filter(Boolean).join(' · ') || '—'
      },
    },
    {
      title: t('members.status'),
      dataIndex: 'status',
      render: (s: string, m) =>
        s === 'ACTIVE' ? (
          <Tag color="green" style={{ whiteSpace: 'nowrap' }}>
            {codeLabel('memberStatus', s)}
          </Tag>
        ) : (
          <Tag>
            {t('members.decreased', {
              reason: codeLabel('decreaseReason', m.decreaseReason) || codeLabel('memberStatus', s),
              date: m.decreaseDate ?? '',
            })}
          </Tag>
        ),
    },
    ...(editable
      ? [
          {
            title: t('members.actions'),
            key: 'actions',
            fixed: mobile ? undefined : ('right' as const),
            render: (_: unknown, m: Member) =>
              m.status === 'ACTIVE' ? (
                <Space size={0}>
                  <Button
                    size="small"
                    type="link"
                    icon={<EditOutlined />}
                    data-test="member-edit"
                    onClick={() => setEditing(m)}
                  >
                    {t('members.edit')}
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    danger
                    icon={<UserDeleteOutlined />}
                    data-test="member-decrease"
                    onClick={() => setLeaving(m)}
                  >
                    {t('members.decrease')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ]

  return (
    <div data-test="members-tab">
      {editable ? (
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
          <Button icon={<UserAddOutlined />} data-test="member-add" onClick={() => setAdding(true)}>
            {t('members.add')}
          </Button>
        </div>
      ) : null}
      <Table<Member>
        data-test="members-table"
        rowKey="id"
        size="middle"
        pagination={false}
        columns={columns}
        dataSource={members}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('members.none') }}
        onRow={(m) =>
          ({ 'data-test': 'member-row', 'data-id': m.id, 'data-name': m.name }) as HTMLAttributes<HTMLElement>
        }
      />
      {editing ? (
        <EditModal<Partial<MemberValues>>
          open
          dataTest="member-form"
          title={t('memberForm.editTitle', { name: editing.name })}
          household={household}
          fields={memberFieldNames}
          initialValues={initialOf(editing)}
          onClose={() => setEditing(null)}
          submit={(v) =>
            updateMember(household.id, editing.id, {
              ...changedOnly(v, initialOf(editing)),
              version: household.version,
            } as Parameters<typeof updateMember>[2])
          }
        >
          {() => (
            <MemberFields
              idOptional
              idHint={t('members.idKeepHint', { masked: editing.idNumber })}
              phoneHint={editing.phone ? t('members.idKeepHint', { masked: editing.phone }) : undefined}
            />
          )}
        </EditModal>
      ) : null}
      {adding ? (
        <EditModal<AddValues>
          open
          dataTest="member-add-form"
          title={t('memberForm.addTitle')}
          household={household}
          fields={[...memberFieldNames, 'date', 'reason']}
          initialValues={{ date: chinaToday(), health: 'HEALTHY', labourSkill: 'ORDINARY' }}
          onClose={() => setAdding(false)}
          submit={({ date, reason, ...person }) =>
            addMember(household.id, {
              version: household.version,
              date: date.format('YYYY-MM-DD'),
              reason: reason.trim(),
              person: cleanValues(person) as Parameters<typeof addMember>[1]['person'],
            })
          }
        >
          {() => (
            <>
              <Row gutter={12}>
                <Col xs={24} sm={12} lg={8}>
                  <Form.Item
                    label={t('memberForm.date')}
                    name="date"
                    rules={[{ required: true, message: t('memberForm.required', { field: t('memberForm.date') }) }]}
                  >
                    <DatePicker data-test="member-add-date" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={8}>
                  <Form.Item
                    label={t('memberForm.addReason')}
                    name="reason"
                    rules={[
                      { required: true, message: t('memberForm.required', { field: t('memberForm.addReason') }) },
                    ]}
                  >
                    <Input data-test="member-add-reason" placeholder={t('memberForm.addReasonPlaceholder')} />
                  </Form.Item>
                </Col>
              </Row>
              <MemberFields testPrefix="member-add" />
            </>
          )}
        </EditModal>
      ) : null}
      {leaving ? (
        <EditModal<DecreaseValues>
          open
          width={520}
          dataTest="member-decrease-form"
          title={t('memberForm.decreaseTitle', { name: leaving.name })}
          household={household}
          fields={['date', 'reason', 'note']}
          initialValues={{ date: chinaToday() }}
          onClose={() => setLeaving(null)}
          submit={(v) =>
            recordDecrease(household.id, leaving.id, {
              version: household.version,
              date: v.date.format('YYYY-MM-DD'),
              reason: v.reason as Parameters<typeof recordDecrease>[2]['reason'],
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            })
          }
        >
          {() => (
            <>
              <Form.Item
                label={t('memberForm.date')}
                name="date"
                rules={[{ required: true, message: t('memberForm.required', { field: t('memberForm.date') }) }]}
              >
                <DatePicker data-test="member-decrease-date" style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                label={t('memberForm.decreaseReason')}
                name="reason"
                rules={[
                  { required: true, message: t('memberForm.required', { field: t('memberForm.decreaseReason') }) },
                ]}
              >
                <Select data-test="member-decrease-reason" options={codeOptions('decreaseReason')} />
              </Form.Item>
              <Form.Item label={t('memberForm.note')} name="note">
                <Input.TextArea data-test="member-decrease-note" maxLength={200} rows={2} />
              </Form.Item>
            </>
          )}
        </EditModal>
      ) : null}
    </div>
  )
}
