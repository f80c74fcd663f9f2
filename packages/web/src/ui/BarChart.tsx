/**
 * Horizontal bar chart on ECharts, importing only the bar series, grid, tooltip and the canvas renderer so the chart
 * chunk stays small. Horizontal bars keep long Chinese place names readable, also on a phone.
 */
import { BarChart as EBarChart } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([EBarChart, GridComponent, TooltipComponent, CanvasRenderer])

export interface Bar {
  label: string
  value: number
}

interface BarChartProps {
  bars: Bar[]
  seriesName: string
  /** Accessible description of the chart for screen readers and browser tests. */
  ariaLabel: string
  dataTest?: string
}

export function BarChart({ bars, seriesName, ariaLabel, dataTest = 'bar-chart' }: BarChartProps) {
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
    // Largest first reads best; ECharts draws the category axis bottom-up, so reverse.
    const sorted = [...bars].sort((a, b) => a.value - b.value)
    chart.current?.setOption(
      {
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: {
          type: 'category',
          data: sorted.map((b) => b.label),
          axisLabel: { width: 120, overflow: 'truncate' },
        },
        series: [
          {
            name: seriesName,
            type: 'bar',
            data: sorted.map((b) => b.value),
            barMaxWidth: 22,
            itemStyle: { color: '#1677ff', borderRadius: [0, 4, 4, 0] },
            label: { show: true, position: 'right' },
          },
        ],
      },
      true,
    )
    chart.current?.resize()
  }, [bars, seriesName])

  const height = Math.max(200, bars.length * 30 + 40)
  return <div ref={ref} data-test={dataTest} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />
}
