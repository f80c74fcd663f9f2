/**
 * The monthly monitoring report (§10.1) as a workbook: 汇总 (totals: stock, risks, flow, timeliness, coverage and
 * measures by category, employment, age structure, income, 三保障) and 分区域 (one row per child region). Chinese
 * sheet and column titles, as officials file it.
 */
import ExcelJS from 'exceljs'
import { CATEGORIES, CHANNELS, RISKS } from '../monitoring/monitoring.ident.ts'
import type { MonitoringReport } from './reports.service.ts'

const HEADER = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } } as const
const zh = (list: Array<{ value: string; label: { zh: string } }>, v: string) =>
  list.find((x) => x.value === v)?.label.zh ?? v

export const SHEET_TOTALS = '汇总'
export const SHEET_REGIONS = '分区域'

export async function reportWorkbook(r: MonitoringReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'xianjie'
  const ws = wb.addWorksheet(SHEET_TOTALS, { views: [{ state: 'frozen', ySplit: 3 }] })
  ws.columns = [{ width: 16 }, { width: 34 }, { width: 12 }, { width: 12 }, { width: 12 }]
  ws.addRow([`防返贫动态监测月报（${r.region.name}，${r.month}，截至 ${r.asOf}）`]).font = { bold: true, size: 14 }
  ws.mergeCells(1, 1, 1, 5)
  ws.addRow([`监测范围 ${r.threshold.yuan} 元/人/年；识别时限 ${r.timeliness.limitDays} 天`])
  const head = ws.addRow(['分组', '指标', '户数', '人数', '备注'])
  head.font = { bold: true }
  head.eachCell((c) => {
    c.fill = HEADER
  })
  const row = (group: string, name: string, h: number | null, p?: number | null, note?: string | number | null) =>
    ws.addRow([group, name, h, p ?? null, note ?? null])

  row('存量', '监测对象合计', r.stock.total.households, r.stock.total.persons)
  for (const [k, c] of Object.entries(r.stock.byCategory)) row('按类别', zh(CATEGORIES, k), c.households, c.persons)
  row('按状态', '风险未消除', r.stock.byStatus.ACTIVE.households, r.stock.byStatus.ACTIVE.persons)
  row('按状态', '风险已消除', r.stock.byStatus.ELIMINATED.households, r.stock.byStatus.ELIMINATED.persons)
  row('按状态', '其中：帮扶消除', r.stock.byStatus.ASSISTED.households, r.stock.byStatus.ASSISTED.persons)
  row('按状态', '其中：自然消除', r.stock.byStatus.NATURAL.households, r.stock.byStatus.NATURAL.persons)
  row('按状态', '风险消除回退', r.stock.byStatus.ROLLED_BACK.households, r.stock.byStatus.ROLLED_BACK.persons)
  const types: Record<string, string> = { TUOPIN: '脱贫户', GENERAL: '一般农户' }
  for (const [k, c] of Object.entries(r.stock.byHouseholdType)) row('按户类型', types[k] ?? k, c.households, c.persons)
  for (const [k, v] of Object.entries(r.stock.byChannel)) row('按识别渠道', zh(CHANNELS, k), v)
  for (const [k, v] of Object.entries(r.risks))
    row('按风险类型', zh(RISKS, k), v.households, v.persons, `主要风险 ${v.main} 户`)
  for (const [k, v] of Object.entries(r.flow.newClues)) row('本月流量', `新增线索：${zh(CHANNELS, k)}`, v)
  row('本月流量', '部门预警：收到', r.flow.warnings.received)
  row('本月流量', '部门预警：办结', r.flow.warnings.closed)
  row('本月流量', '部门预警：转为识别', r.flow.warnings.converted)
  row('本月流量', '部门预警：排除', r.flow.warnings.dismissed)
  row('本月流量', '部门预警：转介', r.flow.warnings.referred)
  row('本月流量', '新识别纳入', r.flow.identified)
  row('本月流量', '风险消除', r.flow.eliminated)
  row('本月流量', '风险消除回退', r.flow.rolledBack)
  row('时效', '本月审定纳入', r.timeliness.approved)
  row(
    '时效',
    `${r.timeliness.limitDays} 天内完成识别`,
    r.timeliness.withinLimit,
    null,
    pctText(r.timeliness.withinLimitPct),
  )
  row('时效', '线索到审定天数（中位数）', null, null, r.timeliness.medianDays)
  row('时效', '线索到审定天数（最长）', null, null, r.timeliness.maxDays)
  row('时效', '月末超期任务', r.timeliness.overdueTasks)
  row('帮扶覆盖', '风险未消除户', r.coverage.activeHouseholds)
  row('帮扶覆盖', '已制定帮扶计划', r.coverage.withPlan, null, pctText(r.coverage.withPlanPct))
  row('帮扶覆盖', '帮扶计划已生效', r.coverage.withPlanInEffect)
  row('帮扶覆盖', '已落实帮扶措施', r.coverage.withMeasures, null, pctText(r.coverage.withMeasuresPct))
  row('帮扶覆盖', '享受低保', r.coverage.dibao, null, shareText(r.coverage.dibaoPct))
  row('帮扶覆盖', '特困供养', r.coverage.tekun, null, shareText(r.coverage.tekunPct))
  row('帮扶覆盖', '有劳动能力的风险未消除户', r.coverage.withLabour)
  row(
    '帮扶覆盖',
    '其中：落实开发式帮扶措施',
    r.coverage.withLabourDevelopmental,
    null,
    pctText(r.coverage.withLabourDevelopmentalPct),
  )
  for (const c of r.coverage.byMeasureCategory) {
    row(
      '帮扶措施（按类别）',
      c.label.zh,
      c.households,
      null,
      `措施 ${c.measures} 项${c.developmental ? '；开发式' : ''}`,
    )
  }
  row('务工就业', '有劳动能力人数', null, r.employment.labour)
  row('务工就业', '务工就业人数', null, r.employment.employed, pctText(r.employment.employedPct))
  row('务工就业', '其中：省外务工', null, r.employment.byPlace.OUT_OF_PROVINCE)
  row('务工就业', '其中：省内县外务工', null, r.employment.byPlace.IN_PROVINCE)
  row('务工就业', '其中：县内务工', null, r.employment.byPlace.IN_COUNTY)
  row('务工就业', '其中：公益性岗位', null, r.employment.publicPost)
  row('务工就业', '未务工', null, r.employment.notWorking)
  row('务工就业', '务工状态未登记', null, r.employment.unrecorded)
  for (const b of r.ageStructure.bands) row('年龄结构', ageText(b.from, b.to), null, b.persons)
  row('收入', '有收入数据户数', r.income.assessed)
  row('收入', '人均纯收入平均（元）', null, null, r.income.meanYuan)
  row('收入', '人均纯收入中位数（元）', null, null, r.income.medianYuan)
  row('收入', '人均纯收入最低（元）', null, null, r.income.minYuan)
  row('收入', '人均纯收入最高（元）', null, null, r.income.maxYuan)
  row('收入', '人均工资性收入（元）', null, null, r.income.components.wage)
  row('收入', '人均生产经营性收入（元）', null, null, r.income.components.business)
  row('收入', '人均财产性收入（元）', null, null, r.income.components.property)
  row('收入', '人均转移性收入（元）', null, null, r.income.components.transfer)
  row('收入', '低于监测范围', r.income.belowThreshold)
  for (const b of r.income.bands) row('收入分组', bandText(b.from, b.to), b.households)
  row('三保障', '已核查户数', r.guarantees.checked)
  row('三保障', '吃穿未保障', r.guarantees.foodClothing)
  row('三保障', '义务教育未保障', r.guarantees.compulsoryEducation)
  row('三保障', '基本医疗未保障', r.guarantees.medicalInsurance)
  row('三保障', '住房安全未保障', r.guarantees.housingSafety)
  row('三保障', '饮水安全未保障', r.guarantees.drinkingWater)
  row('三保障', '存在未解决问题', r.guarantees.anyUnresolved)

  const rs = wb.addWorksheet(SHEET_REGIONS, { views: [{ state: 'frozen', ySplit: 1 }] })
  rs.columns = [
    { header: '区划代码', width: 16 },
    { header: '区划名称', width: 16 },
    { header: '监测户数', width: 10 },
    { header: '监测人数', width: 10 },
    { header: '风险未消除户', width: 12 },
    { header: '风险已消除户', width: 12 },
    { header: '本月新识别', width: 10 },
    { header: '本月消除', width: 10 },
    { header: '低于监测范围', width: 12 },
    { header: '三保障问题户', width: 12 },
  ]
  rs.getRow(1).font = { bold: true }
  for (const c of r.children) {
    rs.addRow([
      c.code,
      c.name,
      c.households,
      c.persons,
      c.active,
      c.eliminated,
      c.identifiedInMonth,
      c.eliminatedInMonth,
      c.belowThreshold,
      c.unresolvedGuarantees,
    ])
  }
  const sum = (k: keyof (typeof r.children)[number]) => r.children.reduce((a, c) => a + Number(c[k]), 0)
  rs.addRow([
    '合计',
    r.region.name,
    sum('households'),
    sum('persons'),
    sum('active'),
    sum('eliminated'),
    sum('identifiedInMonth'),
    sum('eliminatedInMonth'),
    sum('belowThreshold'),
    sum('unresolvedGuarantees'),
  ]).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function pctText(v: number | null): string | null {
  return v === null ? null : `${v}%`
}

function shareText(v: number | null): string | null {
  return v === null ? null : `占监测户 ${v}%`
}

function ageText(from: number, to: number | null): string {
  return to === null ? `${from} 岁及以上` : `${from}–${to} 岁`
}

function bandText(from: number | null, to: number | null): string {
  if (from === null) return `低于 ${to} 元`
  if (to === null) return `${from} 元及以上`
  return `${from}–${to} 元`
}
