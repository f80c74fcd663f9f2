/**
 * `/`: the first screen of every official — the figures of the region in view and what waits for them: their
 * office's tasks (overdue, due within two working days), households and targets, this month's identifications and
 * eliminations, visits past due, warnings waiting, open cases by stage, assistance paid and publicity ending. Each
 * figure links to the page that lists it. Blocks the user's roles may not read are not shown.
 */
import { Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../app/auth.tsx'
import { useRegion } from '../../app/region.tsx'
import { codeLabel } from '../../i18n/index.ts'
import { BarChart } from '../../ui/BarChart.tsx'
import { yuan } from '../../ui/format.ts'
import { InlineError, PageLoading } from '../../ui/PageState.tsx'
import { InboxCard } from '../workflow/InboxCard.tsx'
import { tx } from '../workflow/workflowApi.ts'
import { type HomeSummary, useHomeSummary } from './homeApi.ts'

const RED = '#cf1322'

function Figure(props: {
  title: string
  value: number | string
  to?: string
  alert?: boolean
  note?: ReactNode
  test: string
}) {
  const body = (
    <Card size="small" hoverable={Boolean(props.to)} data-test={props.test} style={{ height: '100%' }}>
      <Statistic
        title={props.title}
        value={props.value}
        styles={{ content: { color: props.alert ? RED : undefined } }}
      />
      {props.note ? <Typography.Text type="secondary">{props.note}</Typography.Text> : null}
    </Card>
  )
  return (
    <Col xs={12} md={8} xl={6}>
      {props.to ? <Link to={props.to}>{body}</Link> : body}
    </Col>
  )
}

function Figures({ s }: { s: HomeSummary }) {
  const { t } = useTranslation()
  const open = s.cases?.reduce((a, c) => a + c.open, 0) ?? 0
  const overdueCases = s.cases?.reduce((a, c) => a + c.overdue, 0) ?? 0
  return (
    <Row gutter={[12, 12]} data-test="home-figures">
      <Figure
        test="home-tasks"
        title={t('home.tasks')}
        value={s.tasks.open}
        to="/inbox"
        alert={s.tasks.overdue > 0}
        note={t('home.tasksNote', { overdue: s.tasks.overdue, soon: s.tasks.dueSoon })}
      />
      {s.monitoring ? (
        <Figure
          test="home-targets"
          title={t('home.targets')}
          value={s.monitoring.targets}
          to="/monitoring"
          note={t('home.flowNote', {
            identified: s.monitoring.identifiedThisMonth,
            eliminated: s.monitoring.eliminatedThisMonth,
          })}
        />
      ) : null}
      {s.monitoring ? (
        <Figure
          test="home-visits"
          title={t('home.visitsOverdue')}
          value={s.monitoring.visitsOverdue}
          to="/monitoring"
          alert={s.monitoring.visitsOverdue > 0}
          note={t('home.visitsNote')}
        />
      ) : null}
      {s.warnings ? (
        <Figure
          test="home-warnings"
          title={t('home.warnings')}
          value={s.warnings.open}
          to="/warnings"
          alert={s.warnings.overdue > 0}
          note={t('home.warningsNote', { overdue: s.warnings.overdue })}
        />
      ) : null}
      {s.cases ? (
        <Figure
          test="home-cases"
          title={t('home.cases')}
          value={open}
          to="/cases"
          alert={overdueCases > 0}
          note={t('home.casesNote', { overdue: overdueCases })}
        />
      ) : null}
      {s.households ? (
        <Figure
          test="home-households"
          title={t('home.households')}
          value={s.households.households}
          to="/households"
          note={t('home.personsNote', { persons: s.households.persons.toLocaleString() })}
        />
      ) : null}
      {s.assistance ? (
        <Figure
          test="home-paid"
          title={t('home.paidThisMonth')}
          value={s.assistance.roster ? `${yuan(s.assistance.roster.totalFen)} ${t('home.yuan')}` : '—'}
          to="/assistance"
          note={
            s.assistance.roster
              ? t(s.assistance.roster.status === 'APPROVED' ? 'home.rosterApproved' : 'home.rosterDraft', {
                  lines: s.assistance.roster.lines,
                })
              : t('home.noRoster')
          }
        />
      ) : null}
      {s.publicity ? (
        <Figure
          test="home-publicity"
          title={t('home.publicity')}
          value={s.publicity.open}
          to="/inbox?tab=publicity"
          note={t('home.publicityNote', { ending: s.publicity.endingSoon })}
        />
      ) : null}
    </Row>
  )
}

function CasesByStage({ s }: { s: HomeSummary }) {
  const { t } = useTranslation()
  const rows = s.cases ?? []
  if (rows.length === 0) return null
  return (
    <Card title={t('home.casesByStage')} data-test="home-cases-by-stage">
      <BarChart
        bars={rows.map((c) => ({ label: `${tx(c.typeLabel)} · ${tx(c.stateLabel)}`, value: c.open }))}
        seriesName={t('home.openCases')}
        ariaLabel={t('home.casesByStage')}
        dataTest="home-cases-chart"
      />
    </Card>
  )
}

function Paying({ s }: { s: HomeSummary }) {
  const { t } = useTranslation()
  const rows = s.assistance?.paying ?? []
  if (!s.assistance || rows.length === 0) return null
  return (
    <Card title={t('home.paying')} data-test="home-paying">
      <Table
        size="small"
        pagination={false}
        rowKey="programme"
        dataSource={rows}
        columns={[
          {
            title: t('assistance.programme'),
            dataIndex: 'programme',
            render: (p: string) =>
              t(`assistance.programmes.${p}` as 'assistance.programmes.DIBAO', { defaultValue: p }),
          },
          { title: t('assistance.households'), dataIndex: 'households', align: 'right' },
          {
            title: t('home.monthly'),
            dataIndex: 'monthlyFen',
            align: 'right',
            render: (f: number) => `${yuan(f)} ${t('home.yuan')}`,
          },
        ]}
      />
    </Card>
  )
}

export default function HomePage() {
  const { t } = useTranslation()
  const me = useMe()
  const { region } = useRegion()
  const summary = useHomeSummary(region.code)
  const path = me.regionPath.map((r) => r.name).join(' / ')

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }} data-test="home-welcome">
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Space size={[8, 4]} wrap style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" data-test="home-region-path" title={me.regionCode}>
            {path}
          </Typography.Text>
          {me.roles.map((r) => (
            <Tag key={r} color="blue" data-test={`role-${r}`}>
              {codeLabel('roles', r)}
            </Tag>
          ))}
          {summary.data ? (
            <Typography.Text type="secondary" data-test="home-as-of">
              {t('home.asOf', { region: summary.data.region.name, date: summary.data.asOf })}
            </Typography.Text>
          ) : null}
        </Space>
      </div>
      {summary.isPending ? (
        <PageLoading minHeight={160} />
      ) : summary.error ? (
        <InlineError error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <Figures s={summary.data} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <InboxCard />
        </Col>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {summary.data ? <CasesByStage s={summary.data} /> : null}
            {summary.data ? <Paying s={summary.data} /> : null}
          </Space>
        </Col>
      </Row>
    </Space>
  )
}
