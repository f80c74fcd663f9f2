/**
 * A small ECharts host for the dashboard: pie, bar and line series with the canvas renderer only, resized with its
 * container. The option is set whole on every change.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([PieChart, BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export function Chart({
  option,
  ariaLabel,
  dataTest,
  height = 260,
}: {
  option: echarts.EChartsCoreOption
  ariaLabel: string
  dataTest: string
  height?: number
}) {
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
    chart.current?.setOption(option, true)
    chart.current?.resize()
  }, [option])

  return <div ref={ref} data-test={dataTest} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />
}
