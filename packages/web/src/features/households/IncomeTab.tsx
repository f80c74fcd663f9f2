/**
 * Income assessment of a household: the components as a stacked bar (each group split into its sub-items), the
 * per-capita figures, and a table of the sub-items. Amounts arrive in fen and show in yuan.
 */

import { PlusOutlined } from '@ant-design/icons'
import { incomeItems } from '@xianjie/server/codes'
import { Button, Card, Col, Empty, Row, Statistic, Switch, Table, Typography } from 'antd'
import { BarChart as EBarChart } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { codeLabel } from '../../i18n/index.ts'
import { yuan } from '../../ui/format.ts'
import type { HouseholdDetail } from './householdsApi.ts'

echarts.use([EBarChart, GridComponent, TooltipComponent, CanvasRenderer])

type Assessment = NonNullable<HouseholdDetail['assessment']>

/** Sub-items of each group (domain.md §5.3): the server's code table. */
export const incomeGroups = incomeItems
type Group = keyof typeof incomeGroups
const groups = Object.keys(incomeGroups) as Group[]

const palette = ['#1677ff', '#13c2c2', '#52c41a', '#faad14', '#eb2f96', '#722ed1', '#fa541c', '#2f54eb']

function IncomeChart({ a }: { a: Assessment }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    const el = ref.current
    if (!el) return
    const instance = echarts.init(el, undefined, { renderer: 'canvas' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(el)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    // Bottom-up on the category axis, so reverse to read wage income first.
    const order = [...groups].reverse()
    const series = groups.flatMap((g) =>
      incomeGroups[g]
        .filter((item) => (a.items[item] ?? 0) !== 0)
        .map((item) => ({
          name: codeLabel('incomeItem', item),
          type: 'bar' as const,
          stack: 'total',
          barMaxWidth: 24,
          data: order.map((og) => (og === g ? (a.items[item] ?? 0) / 100 : 0)),
        })),
    )
    chart.current?.setOption(
      {
        color: palette,
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'item',
          valueFormatter: (v: unknown) => t('income.yuan', { value: yuan(Math.round(Number(v) * 100)) }),
        },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: order.map((g) => t(`income.groups.${g}`)) },
        series,
      },
      true,
    )
    chart.current?.resize()
  }, [a, t])

  return (
    <div ref={ref} data-test="income-chart" role="img" aria-label={t('income.chartAria')} style={{ height: 240 }} />
  )
}

interface ItemRow {
  key: string
  group: Group
  item: string
  fen: number
}

/** The tab; `onNew` (for those who may edit the household) opens the new-assessment form. */
export function IncomeTab({ a, onNew }: { a: Assessment | null; onNew?: () => void }) {
  const { t } = useTranslation()
  const [showZero, setShowZero] = useState(false)
  const add = onNew ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={onNew} data-test="income-new">
      {t('assessmentForm.new')}
    </Button>
  ) : null
  if (!a)
    return (
      <Empty data-test="income-empty" description={t('income.none')}>
        {add}
      </Empty>
    )
  const rows: ItemRow[] = groups.flatMap((g) =>
    incomeGroups[g]
      .map((item) => ({ key: item, group: g, item, fen: a.items[item] ?? 0 }))
      .filter((r) => showZero || r.fen !== 0),
  )
  const money = (fen: number) => t('income.yuan', { value: yuan(fen) })
  return (
    <div data-test="income-tab">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Text type="secondary" data-test="income-period">
          {t('income.period', {
            from: a.periodStart,
            to: a.periodEnd,
            type: codeLabel('assessmentType', a.assessmentType),
          })}
        </Typography.Text>
        {add}
      </div>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('income.netIncome')} value={money(a.netIncome)} data-test="income-net" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('income.perCapitaNet')} value={money(a.perCapitaNet)} data-test="income-per-capita" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('income.referenceIncome')} value={money(a.referenceIncome)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('income.perCapitaReference')}
            value={money(a.perCapitaReference)}
            data-test="income-per-capita-reference"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('income.householdSize')} value={t('income.people', { count: a.householdSize })} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('income.claimIncome')} value={money(a.claimIncome)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('income.compliantSelfPaid')} value={money(a.compliantSelfPaid)} />
        </Col>
      </Row>
      <Card size="small" title={t('income.chartTitle')} style={{ marginBottom: 16 }}>
        <IncomeChart a={a} />
      </Card>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('income.showZero')}</Typography.Text>
        <Switch size="small" checked={showZero} onChange={setShowZero} data-test="income-show-zero" />
      </div>
      <Table<ItemRow>
        data-test="income-items"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('income.group'), dataIndex: 'group', render: (g: Group) => t(`income.groups.${g}`) },
          { title: t('income.item'), dataIndex: 'item', render: (i: string) => codeLabel('incomeItem', i) },
          {
            title: t('income.amount'),
            dataIndex: 'fen',
            align: 'right',
            render: (fen: number, r) => (
              <Typography.Text type={r.group === 'business_costs' ? 'danger' : undefined}>
                {r.group === 'business_costs' && fen ? `−${yuan(fen)}` : yuan(fen)}
              </Typography.Text>
            ),
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <Typography.Text strong>{t('income.netIncome')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <Typography.Text strong>{yuan(a.netIncome)}</Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </div>
  )
}
