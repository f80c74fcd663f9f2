/** Card with the number of units under each child of `region` (the regions API `childCount`), as bars. */
import { Card, Empty, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Region } from '../../app/types.ts'
import { codeLabel } from '../../i18n/index.ts'
import { BarChart } from '../../ui/BarChart.tsx'
import { InlineError, PageLoading } from '../../ui/PageState.tsx'
import { useRegionChildren } from '../regions/regionsApi.ts'

export function ChildCountChart({ region }: { region: Region }) {
  const { t } = useTranslation()
  const children = useRegionChildren(region.code)
  const title = t('home.chartTitle', { region: region.name })
  const rows = children.data ?? []
  const total = rows.reduce((sum, r) => sum + r.childCount, 0)
  const childLevel = rows[0] ? codeLabel('level', rows[0].level) : ''

  return (
    <Card
      title={title}
      data-test="home-chart-card"
      extra={
        rows.length > 0 ? (
          <Typography.Text type="secondary" data-test="home-child-total">
            {t('home.childTotal', { count: rows.length, level: childLevel })}
          </Typography.Text>
        ) : null
      }
    >
      {children.isPending ? (
        <PageLoading minHeight={200} />
      ) : children.error ? (
        <InlineError error={children.error} onRetry={() => void children.refetch()} />
      ) : rows.length === 0 || total === 0 ? (
        <Empty
          data-test="home-chart-empty"
          description={
            rows.length === 0
              ? t('home.chartEmpty')
              : t('home.chartLeaves', { region: region.name, count: rows.length, level: childLevel })
          }
        />
      ) : (
        <BarChart
          bars={rows.map((r) => ({ label: r.name, value: r.childCount }))}
          seriesName={t('home.chartSeries')}
          ariaLabel={title}
          dataTest="home-chart"
        />
      )}
    </Card>
  )
}
