/**
 * `/monitoring/suggestions`: the configurable risk → measure suggestions of domain.md §7.2 ("缺什么补什么") that every
 * assistance plan offers from its risks. Everyone who plans assistance can read the table; a province administrator
 * edits one risk's list at a time (in order; the server audits the replacement).
 */
import { ArrowDownOutlined, ArrowLeftOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { App as AntApp, Button, Card, Col, Input, Modal, Row, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { api } from '../../app/api.ts'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import type { Single } from '../../app/types.ts'
import { errorMessage, InlineError } from '../../ui/PageState.tsx'
import { type Label, useCodes } from './monitoringApi.ts'

interface Suggestion {
  risk: string
  category: string
  item: string
  priority: number
}
type Line = { category: string; item: string }

function useSuggestions() {
  return useQuery({
    queryKey: ['monitoring', 'suggestions'],
    queryFn: async () => (await api<Single<Suggestion[]>>('/monitoring/suggestions')).data,
  })
}

export default function SuggestionsPage() {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const codes = useCodes()
  const q = useSuggestions()
  const [editing, setEditing] = useState<{ risk: string; rows: Line[] } | null>(null)
  const canEdit = can(me, 'suggestions.edit')
  const en = i18n.language === 'en-US'
  const label = (l: Label | undefined, v: string) => (l ? (en ? l.en : l.zh) : v)
  const category = (v: string) => label(codes.data?.categories.find((c) => c.value === v)?.label, v)
  const save = useMutation({
    mutationFn: (e: { risk: string; rows: Line[] }) =>
      api(`/monitoring/suggestions/${e.risk}`, {
        method: 'PUT',
        body: { items: e.rows.map((r) => ({ category: r.category, item: r.item.trim() })) },
      }),
    onSuccess: () => {
      setEditing(null)
      void message.success(t('monitoring.suggestionsSaved'))
      void qc.invalidateQueries({ queryKey: ['monitoring', 'suggestions'] })
    },
    onError: (e) => void message.error(errorMessage(e, t('common.unknownError'))),
  })
  const byRisk = new Map<string, Suggestion[]>()
  for (const s of q.data ?? []) byRisk.set(s.risk, [...(byRisk.get(s.risk) ?? []), s])
  const rows = editing?.rows ?? []
  const setRows = (next: Line[]) => editing && setEditing({ ...editing, rows: next })
  const move = (i: number, d: -1 | 1) => {
    const next = [...rows]
    const [x] = next.splice(i, 1)
    if (x) next.splice(i + d, 0, x)
    setRows(next)
  }
  const invalid = rows.some((r) => !r.category || !r.item.trim())
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-test="suggestions-page">
      <Link to="/monitoring">
        <ArrowLeftOutlined /> {t('monitoring.title')}
      </Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('monitoring.suggestionsTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t(canEdit ? 'monitoring.suggestionsHintEdit' : 'monitoring.suggestionsHint')}
      </Typography.Paragraph>
      {q.error ? <InlineError error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Row gutter={[16, 16]}>
        {(codes.data?.risks ?? []).map((r) => (
          <Col xs={24} md={12} xl={8} key={r.value}>
            <Card
              size="small"
              loading={q.isLoading}
              title={label(r.label, r.value)}
              data-test={`suggestions-${r.value}`}
              extra={
                canEdit ? (
                  <Button
                    size="small"
                    data-test={`suggestions-edit-${r.value}`}
                    onClick={() =>
                      setEditing({
                        risk: r.value,
                        rows: (byRisk.get(r.value) ?? []).map((s) => ({ category: s.category, item: s.item })),
                      })
                    }
                  >
                    {t('monitoring.edit')}
                  </Button>
                ) : null
              }
            >
              {(byRisk.get(r.value) ?? []).length ? (
                <ol style={{ margin: 0, paddingLeft: 20 }}>
                  {(byRisk.get(r.value) ?? []).map((s) => (
                    <li key={`${s.category}|${s.item}`} style={{ marginBottom: 4 }}>
                      <Tag>{category(s.category)}</Tag>
                      {s.item}
                    </li>
                  ))}
                </ol>
              ) : (
                <Typography.Text type="secondary">{t('monitoring.noSuggestions')}</Typography.Text>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      {editing ? (
        <Modal
          open
          width={720}
          title={`${t('monitoring.suggestionsTitle')} · ${label(
            codes.data?.risks.find((r) => r.value === editing.risk)?.label,
            editing.risk,
          )}`}
          onCancel={() => setEditing(null)}
          onOk={() => save.mutate(editing)}
          okButtonProps={{ disabled: invalid, loading: save.isPending, ...{ 'data-test': 'suggestions-save' } }}
        >
          <Space orientation="vertical" style={{ width: '100%' }} data-test="suggestions-form">
            {rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in an ordered list being edited
              <Space key={i} wrap align="start" data-test={`suggestion-row-${i}`}>
                <Typography.Text type="secondary">{i + 1}.</Typography.Text>
                <Select
                  style={{ width: 180 }}
                  value={row.category || undefined}
                  placeholder={t('monitoring.measureCategory')}
                  status={row.category ? undefined : 'error'}
                  options={(codes.data?.categories ?? []).map((c) => ({
                    value: c.value,
                    label: label(c.label, c.value),
                  }))}
                  onChange={(v: string) => setRows(rows.map((x, j) => (j === i ? { ...x, category: v } : x)))}
                />
                <Input
                  style={{ width: 260 }}
                  maxLength={100}
                  value={row.item}
                  status={row.item.trim() ? undefined : 'error'}
                  placeholder={t('monitoring.item')}
                  onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, item: e.target.value } : x)))}
                />
                <Button
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  data-test={`suggestion-up-${i}`}
                />
                <Button icon={<ArrowDownOutlined />} disabled={i === rows.length - 1} onClick={() => move(i, 1)} />
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                  data-test={`suggestion-remove-${i}`}
                />
              </Space>
            ))}
            <Button
              icon={<PlusOutlined />}
              disabled={rows.length >= 30}
              onClick={() => setRows([...rows, { category: '', item: '' }])}
              data-test="suggestion-add"
            >
              {t('monitoring.addSuggestion')}
            </Button>
            {invalid ? <Typography.Text type="danger">{t('monitoring.suggestionIncomplete')}</Typography.Text> : null}
          </Space>
        </Modal>
      ) : null}
    </Space>
  )
}
