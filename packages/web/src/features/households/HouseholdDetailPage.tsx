/**
 * `/households/:id`: a household's header card and tabs (members, income assessment, 三保障 and water, housing and
 * land, helpers, history). `?asOf=YYYY-MM-DD` shows the household as it stood at the end of that day, read-only.
 */
import { ArrowLeftOutlined, EditOutlined, HomeOutlined, PrinterOutlined } from '@ant-design/icons'
import { Alert, Button, Card, DatePicker, Descriptions, Grid, Space, Tabs, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useMe } from '../../app/auth.tsx'
import { can } from '../../app/permissions.ts'
import { codeLabel } from '../../i18n/index.ts'
import { chinaToday } from '../../ui/dates.ts'
import { PageError, PageLoading } from '../../ui/PageState.tsx'
import { useRegionPath } from '../regions/regionsApi.ts'
import { AssessmentModal, GuaranteeModal } from './AssessmentForms.tsx'
import { GuaranteeTab, HelpersTab, HousingTab } from './DetailTabs.tsx'
import { EditModal } from './EditModal.tsx'
import { HistoryTimeline } from './HistoryTimeline.tsx'
import { HouseholdFields, type HouseholdValues, householdFieldNames, toHouseholdBody } from './HouseholdFields.tsx'
import { GroupTags, MonitoringTag, TypeTag } from './HouseholdTags.tsx'
import { type HouseholdDetail, updateHousehold, useHousehold } from './householdsApi.ts'
import { IncomeTab } from './IncomeTab.tsx'
import { MembersTab } from './MembersTab.tsx'

function RegionPath({ code }: { code: string }) {
  const path = useRegionPath(code)
  // Below the county is what officials read; the province and city are the same for everyone in a deployment.
  const names = (path.data ?? []).filter((r) => r.level >= 3).map((r) => r.name)
  return <span data-test="household-region-path">{names.length > 0 ? names.join(' / ') : code}</span>
}

function householdInitial(h: HouseholdDetail): HouseholdValues {
  const housing = h.housing as { area?: number; dangerGrade?: HouseholdValues['dangerGrade']; renovated?: boolean }
  return {
    householdType: h.householdType as HouseholdValues['householdType'],
    naturalVillage: h.naturalVillage ?? undefined,
    address: h.address ?? undefined,
    isFormerlyPoor: h.isFormerlyPoor,
    tuopinYear: h.tuopinYear ?? undefined,
    relocated: h.relocated,
    militaryFamily: h.militaryFamily,
    monitorContactName: h.monitorContactName ?? undefined,
    area: housing.area,
    dangerGrade: housing.dangerGrade,
    renovated: housing.renovated,
  }
}

function HeaderCard({ h, asOf, onEdit }: { h: HouseholdDetail; asOf?: string; onEdit?: () => void }) {
  const { t } = useTranslation()
  const active = h.members.filter((m) => m.status === 'ACTIVE').length
  return (
    <Card data-test="household-header">
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12, marginBottom: 12 }}>
        <Space wrap size={8} align="center">
          <Typography.Title level={3} style={{ margin: 0 }} data-test="household-head">
            <HomeOutlined /> {h.headName ?? '—'}
          </Typography.Title>
          <Typography.Text type="secondary">{t('household.memberCount', { count: active })}</Typography.Text>
          <TypeTag type={h.householdType} />
          <MonitoringTag status={h.monitoringStatus} />
          {h.lowIncomeGroups.length > 0 ? <GroupTags groups={h.lowIncomeGroups} /> : null}
          {h.status !== 'ACTIVE' ? <Tag color="red">{codeLabel('householdStatus', h.status)}</Tag> : null}
          {h.isFormerlyPoor ? (
            <Tag>
              {h.tuopinYear ? t('household.formerlyPoor', { year: h.tuopinYear }) : t('household.formerlyPoorNoYear')}
            </Tag>
          ) : null}
          {h.relocated ? <Tag>{t('household.relocated')}</Tag> : null}
          {h.militaryFamily ? <Tag>{t('household.militaryFamily')}</Tag> : null}
          {h.wholeHouseholdNoLabour ? <Tag color="volcano">{t('household.wholeNoLabour')}</Tag> : null}
        </Space>
        <Space wrap>
          <Link to={`/households/${h.id}/card`} data-test="household-card-link">
            <Button icon={<PrinterOutlined />}>{t('paper.card.open')}</Button>
          </Link>
          {onEdit ? (
            <Button icon={<EditOutlined />} onClick={onEdit} data-test="household-edit" disabled={Boolean(asOf)}>
              {t('household.edit')}
            </Button>
          ) : null}
        </Space>
      </div>
      <Descriptions size="small" column={{ xs: 1, md: 2, xxl: 3 }}>
        <Descriptions.Item label={t('households.householdNo')}>
          <Typography.Text copyable data-test="household-no">
            {h.householdNo}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('household.regionPath')}>
          <RegionPath code={h.regionCode} />
          {h.naturalVillage ? ` · ${h.naturalVillage}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('households.phone')}>{h.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('household.address')}>{h.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('households.status')}>{codeLabel('householdStatus', h.status)}</Descriptions.Item>
        <Descriptions.Item label={t('households.version')}>
          <span data-test="household-version">{h.version}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  )
}

export default function HouseholdDetailPage() {
  const { t } = useTranslation()
  const me = useMe()
  const navigate = useNavigate()
  const { id = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const asOf = params.get('asOf') ?? undefined
  const tab = params.get('tab') ?? 'members'
  const [editing, setEditing] = useState(false)
  const [recording, setRecording] = useState<'assessment' | 'guarantee' | null>(null)
  const mobile = Grid.useBreakpoint().md === false
  const household = useHousehold(id, asOf)

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setParams(next, { replace: key === 'tab' })
  }

  if (household.isPending) return <PageLoading />
  if (household.error) return <PageError error={household.error} onRetry={() => void household.refetch()} />
  const h = household.data
  const editable = can(me, 'household.edit') && !asOf && h.status === 'ACTIVE'

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-test="household-detail" data-id={h.id}>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/households')} data-test="household-back">
          {t('household.back')}
        </Button>
        <Space wrap>
          <Typography.Text type="secondary">{t('household.asOf')}</Typography.Text>
          <DatePicker
            data-test="household-as-of"
            value={asOf ? dayjs(asOf) : null}
            placeholder={t('household.asOfPlaceholder')}
            disabledDate={(d) => d.isAfter(chinaToday(), 'day')}
            onChange={(d) => setParam('asOf', d ? d.format('YYYY-MM-DD') : undefined)}
            style={{ width: mobile ? 180 : 220 }}
          />
        </Space>
      </div>
      {asOf ? (
        <Alert
          data-test="as-of-banner"
          type="info"
          showIcon
          title={t('household.asOfBanner', { date: asOf })}
          action={
            <Button size="small" onClick={() => setParam('asOf', undefined)} data-test="as-of-clear">
              {t('household.asOfBack')}
            </Button>
          }
        />
      ) : null}
      <HeaderCard h={h} asOf={asOf} onEdit={editable ? () => setEditing(true) : undefined} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          data-test="household-tabs"
          activeKey={tab}
          onChange={(k) => setParam('tab', k)}
          items={[
            {
              key: 'members',
              label: <span data-test="tab-members">{t('household.tabs.members')}</span>,
              children: <MembersTab household={h} readOnly={Boolean(asOf)} />,
            },
            {
              key: 'income',
              label: <span data-test="tab-income">{t('household.tabs.income')}</span>,
              children: <IncomeTab a={h.assessment} onNew={editable ? () => setRecording('assessment') : undefined} />,
            },
            {
              key: 'guarantee',
              label: <span data-test="tab-guarantee">{t('household.tabs.guarantee')}</span>,
              children: <GuaranteeTab g={h.guarantee} onNew={editable ? () => setRecording('guarantee') : undefined} />,
            },
            {
              key: 'housing',
              label: <span data-test="tab-housing">{t('household.tabs.housing')}</span>,
              children: <HousingTab h={h} />,
            },
            {
              key: 'helpers',
              label: <span data-test="tab-helpers">{t('household.tabs.helpers')}</span>,
              children: <HelpersTab helpers={h.helpers} />,
            },
            {
              key: 'history',
              label: <span data-test="tab-history">{t('household.tabs.history')}</span>,
              children: <HistoryTimeline id={h.id} onAsOf={(d) => setParam('asOf', d)} />,
            },
          ]}
        />
      </Card>
      {recording === 'assessment' ? <AssessmentModal h={h} onClose={() => setRecording(null)} /> : null}
      {recording === 'guarantee' ? <GuaranteeModal h={h} onClose={() => setRecording(null)} /> : null}
      {editing ? (
        <EditModal<HouseholdValues>
          open
          dataTest="household-form"
          title={t('householdForm.editTitle')}
          household={h}
          fields={householdFieldNames}
          initialValues={householdInitial(h)}
          onClose={() => setEditing(false)}
          submit={(v) => updateHousehold(h.id, { ...toHouseholdBody(v), version: h.version })}
        >
          {() => (
            <HouseholdFields
              phoneHint={h.phone ? t('members.idKeepHint', { masked: h.phone }) : undefined}
              contactHint={
                h.monitorContactPhone ? t('members.idKeepHint', { masked: h.monitorContactPhone }) : undefined
              }
            />
          )}
        </EditModal>
      ) : null}
    </Space>
  )
}
