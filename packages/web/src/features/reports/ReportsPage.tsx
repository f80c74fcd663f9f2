/**
 * `/reports`: the monitoring dashboard (防返贫动态监测月报) of the header region for a chosen month — key figures,
 * category pie, status bars, risk bars, the last six months' flows, income bands, measures by category with the
 * developmental and 低保/特困 shares, the age structure, the employment of target labour and the by-region table — with the
 * monthly report download and the checked export of targets in the national layout (the §9 check report is shown when
 * blocking problems are found, with an "export anyway" link that attaches the checks sheet).
 */
import { BarChartOutlined, DownloadOutlined, ExportOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Modal,
  Row,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useRegion } from '../../app/region.tsx'
import { regionPrefix } from '../../app/types.ts'
import { codeLabel } from '../../i18n/index.ts'
import { chinaMonth } from '../../ui/dates.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { Chart } from './Chart.tsx'
import {
  type CheckFinding,
  type ChildRegionRow,
  exportTargets,
  monthsBefore,
  reportHref,
  targetsHref,
  useMonitoringReport,
  useTrend,
} from './reportsApi.ts'

type Checks = { blocking: number; warnings: number; findings: CheckFinding[] }

export default function ReportsPage() {
  const { t, i18n } = useTranslation()
  const { region } = useRegion()
  const scope = regionPrefix(region)
  const [month, setMonth] = useState(() => chinaMonth())
  const report = useMonitoringReport(scope, month)
  const trend = useTrend(scope, month)
  const [checks, setChecks] = useState<Checks | null>(null)
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<unknown>(null)
  const r = report.data
  const en = i18n.language === 'en-US'

  const cat = (k: string) => t(`reports.category.${k}` as 'reports.category.MARGINAL', { defaultValue: k })
  const risk = (k: string) => codeLabel('riskType', k)

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const options = useMemo(() => {
    if (!r) return null
    const pie = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          label: { formatter: '{b}\n{c}' },
          data: Object.entries(r.stock.byCategory)
            .filter(([, c]) => c.households > 0)
            .map(([k, c]) => ({ name: cat(k), value: c.households })),
        },
      ],
    }
    const status = {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: [t('reports.active'), t('reports.eliminated'), t('reports.rolledBack')] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('reports.households'),
          type: 'bar',
          data: [
            r.stock.byStatus.ACTIVE.households,
            r.stock.byStatus.ELIMINATED.households,
            r.stock.byStatus.ROLLED_BACK.households,
          ],
          label: { show: true, position: 'top' },
        },
        {
          name: t('reports.persons'),
          type: 'bar',
          data: [
            r.stock.byStatus.ACTIVE.persons,
            r.stock.byStatus.ELIMINATED.persons,
            r.stock.byStatus.ROLLED_BACK.persons,
          ],
          label: { show: true, position: 'top' },
        },
      ],
    }
    const risks = Object.entries(r.risks).filter(([, v]) => v.households > 0)
    const riskBars = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: risks.map(([k]) => risk(k)) },
      series: [{ type: 'bar', data: risks.map(([, v]) => v.households), label: { show: true, position: 'right' } }],
    }
    const band = (b: { from: number | null; to: number | null }) =>
      b.from === null
        ? t('reports.bandBelow', { to: b.to })
        : b.to === null
          ? t('reports.bandAbove', { from: b.from })
          : t('reports.bandBetween', { from: b.from, to: b.to })
    const income = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: r.income.bands.map(band), axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: r.income.bands.map((b, i) => ({
            value: b.households,
            itemStyle: { color: i < 2 ? '#fa8c16' : '#52c41a' },
          })),
          label: { show: true, position: 'top' },
        },
      ],
    }
    const cats = r.coverage.byMeasureCategory.filter((c) => c.measures > 0).reverse()
    const measures = {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 32, top: 8, bottom: 32, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: cats.map((c) => `${en ? c.label.en : c.label.zh}${c.developmental ? ' ★' : ''}`),
      },
      series: [
        {
          name: t('reports.households'),
          type: 'bar',
          data: cats.map((c) => ({
            value: c.households,
            itemStyle: { color: c.developmental ? '#52c41a' : '#5470c6' },
          })),
          label: { show: true, position: 'right' },
        },
        {
          name: t('reports.measures'),
          type: 'bar',
          data: cats.map((c) => c.measures),
          itemStyle: { color: '#bfbfbf' },
          label: { show: true, position: 'right' },
        },
      ],
    }
    const age = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: r.ageStructure.bands.map((b) =>
          b.to === null ? t('reports.ageAbove', { from: b.from }) : t('reports.ageBand', { from: b.from, to: b.to }),
        ),
        axisLabel: { interval: 0, fontSize: 11 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('reports.persons'),
          type: 'bar',
          data: r.ageStructure.bands.map((b) => b.persons),
          itemStyle: { color: '#13c2c2' },
          label: { show: true, position: 'top' },
        },
      ],
    }
    return { pie, status, riskBars, income, measures, age }
  }, [r, i18n.language])

  const months = monthsBefore(month, 6)
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when any month arrives
  const flow = useMemo(() => {
    const data = trend.map((q) => q.data)
    const series = (name: string, pick: (x: NonNullable<(typeof data)[number]>) => number) => ({
      name,
      type: 'line',
      smooth: true,
      data: data.map((x) => (x ? pick(x) : null)),
    })
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        series(t('reports.newClues'), (x) => Object.values(x.flow.newClues).reduce((a, b) => a + b, 0)),
        series(t('reports.identified'), (x) => x.flow.identified),
        series(t('reports.eliminatedFlow'), (x) => x.flow.eliminated),
        series(t('reports.rolledBack'), (x) => x.flow.rolledBack),
      ],
    }
  }, [trend.map((q) => q.dataUpdatedAt).join(','), i18n.language, month])

  const doExport = async () => {
    setExporting(true)
    setExportError(null)
    try {
      const res = await exportTargets(scope)
      if (res.ok) {
        const url = URL.createObjectURL(res.blob)
        const a = document.createElement('a')
        a.href = url
        a.download = res.name
        a.click()
        setTimeout(() => URL.revokeObjectURL(url), 10_000)
      } else setChecks(res)
    } catch (e) {
      setExportError(e)
    } finally {
      setExporting(false)
    }
  }

  const columns: TableColumnsType<ChildRegionRow> = [
    { title: t('reports.region'), dataIndex: 'name', key: 'name', render: (v: string, c) => v || c.code },
    { title: t('reports.households'), dataIndex: 'households', key: 'households', align: 'right' },
    { title: t('reports.persons'), dataIndex: 'persons', key: 'persons', align: 'right' },
    { title: t('reports.active'), dataIndex: 'active', key: 'active', align: 'right', responsive: ['md'] },
    { title: t('reports.eliminated'), dataIndex: 'eliminated', key: 'eliminated', align: 'right', responsive: ['md'] },
    { title: t('reports.identifiedInMonth'), dataIndex: 'identifiedInMonth', key: 'im', align: 'right' },
    {
      title: t('reports.eliminatedInMonth'),
      dataIndex: 'eliminatedInMonth',
      key: 'em',
      align: 'right',
      responsive: ['md'],
    },
    { title: t('reports.belowThreshold'), dataIndex: 'belowThreshold', key: 'bt', align: 'right', responsive: ['lg'] },
    {
      title: t('reports.unresolvedGuarantees'),
      dataIndex: 'unresolvedGuarantees',
      key: 'ug',
      align: 'right',
      responsive: ['lg'],
    },
  ]
  type WorkRow = { key: string; persons: number }
  const workRows: WorkRow[] = r
    ? [
        { key: 'OUT_OF_PROVINCE', persons: r.employment.byPlace.OUT_OF_PROVINCE },
        { key: 'IN_PROVINCE', persons: r.employment.byPlace.IN_PROVINCE },
        { key: 'IN_COUNTY', persons: r.employment.byPlace.IN_COUNTY },
        { key: 'PUBLIC_POST', persons: r.employment.publicPost },
        { key: 'NOT_WORKING', persons: r.employment.notWorking },
        { key: 'UNRECORDED', persons: r.employment.unrecorded },
      ]
    : []
  const share = (v: number, of: number) => (of > 0 ? `${Math.round((v / of) * 1000) / 10}%` : '—')
  const workColumns: TableColumnsType<WorkRow> = [
    {
      title: t('reports.workPlace'),
      dataIndex: 'key',
      key: 'place',
      render: (k: string) => t(`reports.work.${k}` as 'reports.work.IN_COUNTY'),
    },
    { title: t('reports.persons'), dataIndex: 'persons', key: 'persons', align: 'right' },
    {
      title: '%',
      key: 'share',
      align: 'right',
      render: (_: unknown, w) => share(w.persons, r?.employment.labour ?? 0),
    },
  ]
  const pctValue = (v: number | null) => ({ value: v ?? '—', suffix: v === null ? undefined : '%' })
  const findingColumns: TableColumnsType<CheckFinding> = [
    { title: t('reports.row'), dataIndex: 'row', key: 'row', width: 60 },
    { title: t('reports.householdNo'), dataIndex: 'householdNo', key: 'no', width: 150 },
    { title: t('reports.rule'), dataIndex: 'code', key: 'code', width: 90 },
    { title: t('reports.member'), dataIndex: 'member', key: 'member', width: 80 },
    { title: t('reports.reason'), key: 'reason', render: (_: unknown, f) => (en ? f.en : f.zh) },
  ]

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-test="reports-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            <BarChartOutlined /> {t('reports.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('reports.hint')}</Typography.Text>
        </div>
        <Space wrap>
          <DatePicker
            picker="month"
            allowClear={false}
            aria-label={t('reports.month')}
            data-test="report-month"
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          />
          <Button data-test="report-download" icon={<DownloadOutlined />} href={reportHref(scope, month)} download>
            {t('reports.downloadReport')}
          </Button>
          <Button data-test="targets-export" icon={<ExportOutlined />} loading={exporting} onClick={doExport}>
            {t('reports.exportTargets')}
          </Button>
        </Space>
      </div>
      {exportError ? <InlineError error={exportError} /> : null}
      {report.error ? <InlineError error={report.error} onRetry={() => report.refetch()} /> : null}
      {r ? (
        <>
          <Typography.Text type="secondary" data-test="report-as-of">
            {r.region.name} · {t('reports.asOf', { date: r.asOf })} ·{' '}
            {t('reports.threshold', { yuan: r.threshold.yuan })}
          </Typography.Text>
          <Row gutter={[12, 12]}>
            {[
              {
                k: 'total',
                title: t('reports.total'),
                v: r.stock.total.households,
                s: `${r.stock.total.persons} ${t('reports.persons')}`,
              },
              { k: 'active', title: t('reports.active'), v: r.stock.byStatus.ACTIVE.households },
              { k: 'eliminated', title: t('reports.eliminated'), v: r.stock.byStatus.ELIMINATED.households },
              { k: 'identified', title: t('reports.identifiedInMonth'), v: r.flow.identified },
              {
                k: 'within',
                title: t('reports.withinLimit', { days: r.timeliness.limitDays }),
                v: r.timeliness.withinLimitPct ?? '—',
                suffix: r.timeliness.withinLimitPct === null ? undefined : '%',
              },
              { k: 'overdue', title: t('reports.overdueTasks'), v: r.timeliness.overdueTasks },
              {
                k: 'plan',
                title: t('reports.withPlan'),
                v: r.coverage.withPlanPct ?? '—',
                suffix: r.coverage.withPlanPct === null ? undefined : '%',
              },
              {
                k: 'measures',
                title: t('reports.withMeasures'),
                v: r.coverage.withMeasuresPct ?? '—',
                suffix: r.coverage.withMeasuresPct === null ? undefined : '%',
              },
              { k: 'guarantees', title: t('reports.unresolvedGuarantees'), v: r.guarantees.anyUnresolved },
            ].map((x) => (
              <Col key={x.k} xs={12} md={8} xl={{ flex: '11.11%' }}>
                <Card size="small" data-test={`stat-${x.k}`}>
                  <Statistic title={x.title} value={x.v} suffix={x.suffix} />
                  {x.s ? <Typography.Text type="secondary">{x.s}</Typography.Text> : null}
                </Card>
              </Col>
            ))}
          </Row>
          {options ? (
            <Row gutter={[12, 12]}>
              <Col xs={24} lg={8}>
                <Card size="small" title={t('reports.byCategory')}>
                  {r.stock.total.households > 0 ? (
                    <Chart option={options.pie} ariaLabel={t('reports.byCategory')} dataTest="chart-category" />
                  ) : (
                    <Empty data-test="chart-category-empty" description={t('reports.empty')} />
                  )}
                </Card>
              </Col>
              <Col xs={24} lg={8}>
                <Card size="small" title={t('reports.byStatus')}>
                  <Chart option={options.status} ariaLabel={t('reports.byStatus')} dataTest="chart-status" />
                </Card>
              </Col>
              <Col xs={24} lg={8}>
                <Card size="small" title={t('reports.byRisk')}>
                  {r.stock.total.households > 0 ? (
                    <Chart option={options.riskBars} ariaLabel={t('reports.byRisk')} dataTest="chart-risk" />
                  ) : (
                    <Empty data-test="chart-risk-empty" description={t('reports.empty')} />
                  )}
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('reports.flowTrend')}>
                  <Chart option={flow} ariaLabel={t('reports.flowTrend')} dataTest="chart-flow" />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('reports.incomeBands')}>
                  <Chart option={options.income} ariaLabel={t('reports.incomeBands')} dataTest="chart-income" />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('reports.byMeasureCategory')} data-test="report-measures">
                  {options.measures.yAxis.data.length > 0 ? (
                    <Chart
                      option={options.measures}
                      ariaLabel={t('reports.byMeasureCategory')}
                      dataTest="chart-measures"
                      height={Math.max(200, 40 * options.measures.yAxis.data.length + 60)}
                    />
                  ) : (
                    <Empty data-test="chart-measures-empty" description={t('reports.empty')} />
                  )}
                  <Row gutter={12}>
                    <Col span={10}>
                      <Statistic
                        data-test="stat-developmental"
                        title={t('reports.withLabourDevelopmental')}
                        {...pctValue(r.coverage.withLabourDevelopmentalPct)}
                      />
                      <Typography.Text type="secondary">
                        ★ {t('reports.developmental')} ·{' '}
                        {t('reports.withLabourDevelopmentalHint', {
                          n: r.coverage.withLabourDevelopmental,
                          of: r.coverage.withLabour,
                        })}
                      </Typography.Text>
                    </Col>
                    <Col span={7}>
                      <Statistic
                        data-test="stat-dibao"
                        title={t('reports.dibaoShare')}
                        {...pctValue(r.coverage.dibaoPct)}
                      />
                    </Col>
                    <Col span={7}>
                      <Statistic
                        data-test="stat-tekun"
                        title={t('reports.tekunShare')}
                        {...pctValue(r.coverage.tekunPct)}
                      />
                    </Col>
                  </Row>
                </Card>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Card size="small" title={t('reports.ageStructure')}>
                  {r.ageStructure.persons > 0 ? (
                    <Chart option={options.age} ariaLabel={t('reports.ageStructure')} dataTest="chart-age" />
                  ) : (
                    <Empty data-test="chart-age-empty" description={t('reports.empty')} />
                  )}
                </Card>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Card size="small" title={t('reports.employment')}>
                  <Typography.Text type="secondary">
                    {t('reports.employmentHint', { labour: r.employment.labour, employed: r.employment.employed })}
                  </Typography.Text>
                  <Table<WorkRow>
                    data-test="report-employment"
                    rowKey="key"
                    size="small"
                    pagination={false}
                    columns={workColumns}
                    dataSource={workRows}
                  />
                </Card>
              </Col>
            </Row>
          ) : null}
          <Card size="small" title={t('reports.children')}>
            <Table<ChildRegionRow>
              data-test="report-children"
              rowKey="code"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={r.children}
            />
          </Card>
        </>
      ) : (
        <Card loading />
      )}
      <Modal
        open={checks !== null}
        title={t('reports.checksTitle')}
        width={900}
        onCancel={() => setChecks(null)}
        footer={[
          <Button key="close" onClick={() => setChecks(null)}>
            {t('reports.close')}
          </Button>,
          <Button key="force" type="primary" danger href={targetsHref(scope, true)} download data-test="targets-force">
            {t('reports.forceExport')}
          </Button>,
        ]}
      >
        {checks ? (
          <Space orientation="vertical" style={{ width: '100%' }} data-test="targets-checks">
            <Alert
              type="error"
              showIcon
              message={t('reports.checksHint', { blocking: checks.blocking, warnings: checks.warnings })}
            />
            <Table<CheckFinding>
              rowKey={(f) => `${f.row}-${f.code}-${f.member}`}
              size="small"
              columns={findingColumns}
              dataSource={checks.findings}
              pagination={{ pageSize: 10 }}
            />
          </Space>
        ) : null}
      </Modal>
    </Space>
  )
}
