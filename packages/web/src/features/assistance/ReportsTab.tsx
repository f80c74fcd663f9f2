/** Social-assistance statistics of a month (§10.2): funds by programme (chart), 特困, temporary relief, registry, 代缴. */
import { Card, Col, Input, Row, Space, Table } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BarChart } from '../../ui/BarChart.tsx'
import { yuan } from '../../ui/format.ts'
import { InlineError, PageLoading } from '../../ui/PageState.tsx'
import { nextMonth, useReport } from './assistanceApi.ts'

export function ReportsTab() {
  const { t } = useTranslation()
  const [month, setMonth] = useState(nextMonth())
  const valid = /^\d{4}(0[1-9]|1[0-2])$/.test(month)
  const q = useReport(valid ? month : nextMonth())
  const tr = (k: string, v: string | null) =>
    v ? t(`assistance.${k}.${v}` as 'assistance.programmes.DIBAO', { defaultValue: v }) : '—'
  const r = q.data
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        {t('assistance.reportMonth')}
        <Input
          style={{ width: 120 }}
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          placeholder="YYYYMM"
          data-test="report-month"
        />
      </Space>
      {q.error ? <InlineError error={q.error} /> : null}
      {q.isPending || !r ? (
        <PageLoading minHeight={200} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('assistance.fundsByProgramme')} data-test="report-funds">
              <BarChart
                bars={r.programmes.map((p) => ({
                  label: tr('programmes', p.programme),
                  value: Math.round(p.amount / 100),
                }))}
                seriesName={t('assistance.chartSeries')}
                ariaLabel={t('assistance.fundsByProgramme')}
                dataTest="report-funds-chart"
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('assistance.caseload')}>
              <Table
                size="small"
                pagination={false}
                rowKey="programme"
                dataSource={r.programmes}
                columns={[
                  {
                    title: t('assistance.programme'),
                    dataIndex: 'programme',
                    render: (v: string) => tr('programmes', v),
                  },
                  { title: t('assistance.households'), dataIndex: 'households', align: 'right' },
                  { title: t('assistance.persons'), dataIndex: 'persons', align: 'right' },
                  {
                    title: t('assistance.amount'),
                    dataIndex: 'amount',
                    align: 'right',
                    render: (v: number) => yuan(v),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('assistance.tekunByMode')}>
              <Table
                size="small"
                pagination={false}
                rowKey={(x) => `${x.supportMode}-${x.careTier}`}
                dataSource={r.tekun}
                columns={[
                  {
                    title: t('assistance.supportMode'),
                    dataIndex: 'supportMode',
                    render: (v: string | null) => tr('supportModes', v),
                  },
                  {
                    title: t('assistance.careTier'),
                    dataIndex: 'careTier',
                    render: (v: string | null) => tr('careTiers', v),
                  },
                  { title: t('assistance.persons'), dataIndex: 'persons', align: 'right' },
                  {
                    title: t('assistance.amount'),
                    dataIndex: 'amount',
                    align: 'right',
                    render: (v: number) => yuan(v),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('assistance.tempRelief')}>
              <Table
                size="small"
                pagination={false}
                rowKey={(x) => String(x.reliefType)}
                dataSource={r.tempRelief}
                columns={[
                  {
                    title: t('assistance.kind'),
                    dataIndex: 'reliefType',
                    render: (v: string | null) => tr('reliefTypes', v),
                  },
                  { title: t('assistance.cases'), dataIndex: 'cases', align: 'right' },
                  { title: t('assistance.fastTrack'), dataIndex: 'fastTrack', align: 'right' },
                  {
                    title: t('assistance.fastShare'),
                    dataIndex: 'fastTrackShare',
                    align: 'right',
                    render: (v: number) => `${Math.round(v * 100)}%`,
                  },
                  {
                    title: t('assistance.amount'),
                    dataIndex: 'amount',
                    align: 'right',
                    render: (v: number) => yuan(v),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('assistance.registryCounts')}>
              <BarChart
                bars={r.registry.map((x) => ({ label: tr('groups', x.group), value: x.persons }))}
                seriesName={t('assistance.persons')}
                ariaLabel={t('assistance.registryCounts')}
                dataTest="report-registry-chart"
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('assistance.daijiao')}>
              <Table
                size="small"
                pagination={false}
                rowKey={(x) => String(x.group)}
                dataSource={r.daijiao}
                columns={[
                  { title: t('assistance.group'), dataIndex: 'group', render: (v: string | null) => tr('groups', v) },
                  { title: t('assistance.persons'), dataIndex: 'persons', align: 'right' },
                  {
                    title: t('assistance.amount'),
                    dataIndex: 'amount',
                    align: 'right',
                    render: (v: number) => yuan(v),
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  )
}
