/**
 * `/calendar`: the working-day calendar deadlines are counted on: official holidays and make-up working days of a
 * year; a province administrator can mark a day (a local holiday, a newly announced make-up day) or reset it.
 */
import { CalendarOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { App as AntApp, Badge, Calendar, Card, Input, Modal, Radio, Space, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../app/api.ts'
import { useMe } from '../../app/auth.tsx'
import type { Single } from '../../app/types.ts'
import { chinaToday } from '../../ui/dates.ts'
import { errorMessage } from '../../ui/PageState.tsx'

interface CalendarDay {
  date: string
  kind: 'holiday' | 'workday'
  name: string
  source: string
}

export default function CalendarPage() {
  const { t } = useTranslation()
  const me = useMe()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const [year, setYear] = useState(() => chinaToday().year())
  const [editing, setEditing] = useState<{ date: string; kind: 'holiday' | 'workday' | 'reset'; name: string } | null>(
    null,
  )
  const canEdit = me.roles.includes('PROVINCE_ADMIN')
  const days = useQuery({
    queryKey: ['calendar', year],
    queryFn: async () => (await api<Single<CalendarDay[]>>('/calendar', { query: { year } })).data,
  })
  const save = useMutation({
    mutationFn: (e: NonNullable<typeof editing>) =>
      api(`/calendar/${e.date}`, {
        method: 'PUT',
        body: { kind: e.kind === 'reset' ? null : e.kind, name: e.name },
      }),
    onSuccess: () => {
      setEditing(null)
      void qc.invalidateQueries({ queryKey: ['calendar'] })
    },
    onError: (e) => void message.error(errorMessage(e, t('common.unknownError'))),
  })
  const byDate = new Map((days.data ?? []).map((d) => [d.date, d]))
  const cell = (d: Dayjs) => {
    const e = byDate.get(d.format('YYYY-MM-DD'))
    if (!e) return null
    return <Badge status={e.kind === 'holiday' ? 'error' : 'processing'} text={e.name} />
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <CalendarOutlined /> {t('workflow.calendar')}
      </Typography.Title>
      <Space>
        <Badge status="error" text={t('workflow.holiday')} />
        <Badge status="processing" text={t('workflow.workday')} />
      </Space>
      <Card loading={days.isLoading} data-test="calendar">
        <Calendar
          cellRender={(d, info) => (info.type === 'date' ? cell(d) : null)}
          onPanelChange={(d) => setYear(d.year())}
          onSelect={(d, info) => {
            if (!canEdit || info.source !== 'date') return
            const e = byDate.get(d.format('YYYY-MM-DD'))
            setEditing({ date: d.format('YYYY-MM-DD'), kind: e?.kind ?? 'holiday', name: e?.name ?? '' })
          }}
        />
      </Card>
      {editing ? (
        <Modal
          open
          title={editing.date}
          onCancel={() => setEditing(null)}
          onOk={() => save.mutate(editing)}
          confirmLoading={save.isPending}
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Radio.Group
              value={editing.kind}
              onChange={(e) => setEditing({ ...editing, kind: e.target.value as 'holiday' | 'workday' | 'reset' })}
              options={[
                { value: 'holiday', label: t('workflow.holiday') },
                { value: 'workday', label: t('workflow.workday') },
                { value: 'reset', label: t('common.reset') },
              ]}
            />
            <Input
              value={editing.name}
              maxLength={40}
              onChange={(e) => setEditing({ ...editing, name: e.target.value })}
            />
          </Space>
        </Modal>
      ) : null}
    </Space>
  )
}
