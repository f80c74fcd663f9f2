/**
 * Data contracts of the department feeds (domain.md §8.2, §12.1): per source its fields, the Chinese headers of
 * its file template (the JSON push uses the field names), and how a row becomes a screening signal. Every row is
 * about one person, identified by the 18-digit ID number.
 */

export type FieldKind = 'id' | 'text' | 'date' | 'money' | 'int' | 'enum'

export interface Code {
  code: string
  zh: string
  en: string
}

export interface FeedField {
  field: string
  header: string
  en: string
  kind: FieldKind
  required: boolean
  codes?: readonly Code[]
  min?: number
  max?: number
}

export interface FeedSource {
  key: string
  dept: { zh: string; en: string }
  title: { zh: string; en: string }
  fields: readonly FeedField[]
  /** The screening signal and its amount for one validated row (null: kept as evidence, no signal). */
  signal(row: Record<string, string | number | null>): { signal: string; amount: number | null } | null
}

const id: FeedField = { field: 'idNumber', header: '身份证号', en: 'ID number', kind: 'id', required: true }
const name: FeedField = { field: 'name', header: '姓名', en: 'Name', kind: 'text', required: false }
const date = (header: string, en: string): FeedField => ({
  field: 'dataDate',
  header,
  en,
  kind: 'date',
  required: true,
})
const money = (field: string, header: string, en: string, required = false): FeedField => ({
  field,
  header,
  en,
  kind: 'money',
  required,
  min: 0,
})
const event = (header: string, codes: readonly Code[]): FeedField => ({
  field: 'event',
  header,
  en: 'Event',
  kind: 'enum',
  required: true,
  codes,
})
const ev = (code: string, zh: string, en: string): Code => ({ code, zh, en })
const when = (signal: string, amount: number | null = null) => ({ signal, amount })

export const FEED_SOURCES: readonly FeedSource[] = [
  {
    key: 'MEDICAL',
    dept: { zh: '医保局', en: 'Medical insurance bureau' },
    title: { zh: '医保结算', en: 'Medical settlements' },
    fields: [
      id,
      name,
      date('结算日期', 'Settlement date'),
      {
        field: 'visitType',
        header: '就诊类型',
        en: 'Visit type',
        kind: 'enum',
        required: false,
        codes: [ev('INPATIENT', '住院', 'Inpatient'), ev('OUTPATIENT', '门诊', 'Outpatient')],
      },
      money('totalCost', '总费用（元）', 'Total cost (yuan)'),
      money('basicReimbursed', '基本医保报销（元）', 'Basic insurance paid (yuan)'),
      money('seriousReimbursed', '大病保险报销（元）', 'Serious-illness insurance paid (yuan)'),
      money('medicalAssistance', '医疗救助（元）', 'Medical assistance paid (yuan)'),
      money('selfPaid', '个人负担（元）', 'Personal burden after 三重保障 (yuan)', true),
    ],
    signal: (r) => when('MED_OOP', Number(r.selfPaid ?? 0)),
  },
  {
    key: 'EDUCATION',
    dept: { zh: '教育局', en: 'Education bureau' },
    title: { zh: '学籍与辍学', en: 'Student status and dropouts' },
    fields: [
      id,
      name,
      date('日期', 'Date'),
      event('事件', [
        ev('DROPOUT', '疑似辍学', 'Suspected dropout'),
        ev('ENROLLED_NONCOMPULSORY', '非义务教育在读', 'Enrolled beyond compulsory education'),
        ev('RETURNED', '复学', 'Returned to school'),
      ]),
      { field: 'school', header: '学校', en: 'School', kind: 'text', required: false },
    ],
    signal: (r) =>
      r.event === 'DROPOUT'
        ? when('EDU_DROPOUT')
        : r.event === 'ENROLLED_NONCOMPULSORY'
          ? when('EDU_NONCOMPULSORY')
          : null,
  },
  {
    key: 'HOUSING',
    dept: { zh: '住建局', en: 'Housing bureau' },
    title: { zh: '住房安全等级', en: 'Housing safety grades' },
    fields: [
      id,
      name,
      date('鉴定日期', 'Assessment date'),
      {
        field: 'grade',
        header: '危房等级',
        en: 'Safety grade',
        kind: 'enum',
        required: true,
        codes: [ev('A', 'A', 'A'), ev('B', 'B', 'B'), ev('C', 'C', 'C'), ev('D', 'D', 'D')],
      },
      {
        field: 'disasterDamaged',
        header: '因灾受损',
        en: 'Damaged by disaster',
        kind: 'enum',
        required: false,
        codes: [ev('Y', '是', 'Yes'), ev('N', '否', 'No')],
      },
    ],
    signal: (r) => (r.grade === 'C' || r.grade === 'D' || r.disasterDamaged === 'Y' ? when('HOUSING_DANGER') : null),
  },
  {
    key: 'WATER',
    dept: { zh: '水利局', en: 'Water resources bureau' },
    title: { zh: '农村供水', en: 'Rural water supply' },
    fields: [
      id,
      name,
      date('日期', 'Date'),
      event('问题类型', [
        ev('OUTAGE', '停水', 'Supply interrupted'),
        ev('FACILITY_DAMAGE', '设施损坏', 'Facility damaged'),
        ev('QUALITY', '水质不达标', 'Water quality failure'),
      ]),
      {
        field: 'outageDays',
        header: '停水天数',
        en: 'Days without water',
        kind: 'int',
        required: false,
        min: 0,
        max: 366,
      },
    ],
    signal: (r) => (r.event === 'OUTAGE' ? when('WATER_OUTAGE', Number(r.outageDays ?? 0)) : when('WATER_FACILITY')),
  },
  {
    key: 'DISABILITY',
    dept: { zh: '残联', en: 'Disabled persons’ federation' },
    title: { zh: '残疾人证', en: 'Disability certificates' },
    fields: [
      id,
      name,
      date('日期', 'Date'),
      event('事件', [ev('NEW', '新办证', 'New certificate'), ev('LEVEL_CHANGE', '等级调整', 'Level changed')]),
      { field: 'category', header: '残疾类别', en: 'Category (1–7)', kind: 'int', required: true, min: 1, max: 7 },
      { field: 'level', header: '残疾等级', en: 'Level (1–4)', kind: 'int', required: true, min: 1, max: 4 },
    ],
    signal: (r) => (r.event === 'NEW' ? when('DISABILITY_NEW') : when('DISABILITY_LEVEL', Number(r.level))),
  },
  {
    key: 'CIVIL_AFFAIRS',
    dept: { zh: '民政局', en: 'Civil affairs bureau' },
    title: { zh: '社会救助状态', en: 'Social assistance status' },
    fields: [
      id,
      name,
      date('日期', 'Date'),
      event('事件', [
        ev('DIBAO_NEW', '新纳入低保', 'New dibao recipient'),
        ev('TEKUN_NEW', '新纳入特困', 'New tekun recipient'),
        ev('TEMP_RELIEF', '临时救助', 'Temporary relief'),
        ev('DIBAO_REJECTED', '低保申请未通过', 'Dibao application rejected'),
        ev('DIBAO_EXIT', '退出低保', 'Left dibao'),
      ]),
      money('amount', '金额（元）', 'Amount (yuan)'),
    ],
    signal: () => when('CA_CHANGE'),
  },
  {
    key: 'EMERGENCY',
    dept: { zh: '应急管理局', en: 'Emergency management bureau' },
    title: { zh: '灾害损失', en: 'Disaster losses' },
    fields: [
      id,
      name,
      date('灾害日期', 'Disaster date'),
      {
        field: 'disaster',
        header: '灾种',
        en: 'Disaster type',
        kind: 'enum',
        required: true,
        codes: [
          ev('FLOOD', '洪涝', 'Flood'),
          ev('DROUGHT', '干旱', 'Drought'),
          ev('TYPHOON', '台风', 'Typhoon'),
          ev('HAIL', '风雹', 'Wind and hail'),
          ev('FROST_SNOW', '低温冷冻和雪灾', 'Frost and snow'),
          ev('EARTHQUAKE', '地震', 'Earthquake'),
          ev('GEOLOGICAL', '地质灾害', 'Landslide or debris flow'),
          ev('FIRE', '森林草原火灾', 'Forest or grassland fire'),
          ev('BIOLOGICAL', '生物灾害', 'Biological disaster'),
          ev('OTHER', '其他', 'Other'),
        ],
      },
      money('houseLoss', '房屋损失（元）', 'House loss (yuan)'),
      money('cropLoss', '农作物损失（元）', 'Crop loss (yuan)'),
    ],
    signal: (r) => when('DISASTER_LOSS', Number(r.houseLoss ?? 0) + Number(r.cropLoss ?? 0)),
  },
  {
    key: 'POLICE',
    dept: { zh: '公安局', en: 'Public security bureau' },
    title: { zh: '户籍变动与事故', en: 'Registration events and accidents' },
    fields: [
      id,
      name,
      date('日期', 'Date'),
      event('事件', [
        ev('TRAFFIC_ACCIDENT', '交通事故', 'Traffic accident'),
        ev('CRIME_VICTIM', '刑事案件受害', 'Victim of a crime'),
        ev('DEATH', '死亡', 'Death'),
        ev('BIRTH', '出生', 'Birth'),
        ev('MIGRATION', '迁移', 'Migration'),
        ev('MARRIAGE', '婚姻', 'Marriage'),
      ]),
      {
        field: 'injury',
        header: '伤情',
        en: 'Injury',
        kind: 'enum',
        required: false,
        codes: [ev('INJURED', '受伤', 'Injured'), ev('DISABLED', '致残', 'Disabled'), ev('KILLED', '死亡', 'Killed')],
      },
    ],
    signal: (r) =>
      r.event === 'TRAFFIC_ACCIDENT' || r.event === 'CRIME_VICTIM' ? when('POLICE_ACCIDENT') : when('POLICE_HUKOU'),
  },
  {
    key: 'HRSS',
    dept: { zh: '人社局', en: 'Human resources and social security bureau' },
    title: { zh: '就业与失业', en: 'Employment and unemployment' },
    fields: [
      id,
      name,
      date('日期', 'Date'),
      event('事件', [
        ev('RETURNED_UNEMPLOYED', '返乡失业', 'Returned home unemployed'),
        ev('UNEMPLOYMENT_REGISTERED', '失业登记', 'Registered unemployed'),
        ev('WAGE_ARREARS', '欠薪', 'Wage arrears'),
        ev('EMPLOYED', '就业', 'Employed'),
      ]),
      money('amount', '金额（元）', 'Amount (yuan)'),
    ],
    signal: (r) => (r.event === 'EMPLOYED' ? null : when('HRSS_UNEMPLOYED')),
  },
  {
    key: 'AGRICULTURE',
    dept: { zh: '农业农村局', en: 'Agriculture and rural affairs bureau' },
    title: { zh: '产业损失', en: 'Industry losses' },
    fields: [
      id,
      name,
      date('日期', 'Date'),
      event('事件', [
        ev('PROJECT_FAILED', '帮扶产业项目失败', 'Assisted industry project failed'),
        ev('EPIDEMIC_LOSS', '动物疫病损失', 'Livestock epidemic loss'),
        ev('CROP_INSURANCE_CLAIM', '农业保险理赔', 'Crop insurance claim'),
      ]),
      money('loss', '损失金额（元）', 'Loss (yuan)'),
    ],
    signal: (r) => when('AGRI_LOSS', Number(r.loss ?? 0)),
  },
  {
    key: 'ASSETS',
    dept: { zh: '公安/不动产/市场监管/税务', en: 'Police, real-estate, market-regulation and tax bureaus' },
    title: { zh: '车辆、房产与经营主体登记', en: 'Vehicle, property and business registrations' },
    fields: [
      id,
      name,
      date('登记日期', 'Registration date'),
      {
        field: 'assetType',
        header: '登记类型',
        en: 'Registration type',
        kind: 'enum',
        required: true,
        codes: [
          ev('VEHICLE', '机动车', 'Motor vehicle'),
          ev('NON_RESIDENTIAL_PROPERTY', '非住宅房产', 'Non-residential property'),
          ev('BUSINESS', '经商办企业', 'Business registration'),
        ],
      },
      money('value', '价值（元）', 'Value (yuan)'),
    ],
    signal: (r) => when('ASSET_ACQUIRED', r.value === null || r.value === undefined ? null : Number(r.value)),
  },
]

export const feedSourceKeys = FEED_SOURCES.map((s) => s.key) as [string, ...string[]]

export function feedSource(key: string): FeedSource | undefined {
  return FEED_SOURCES.find((s) => s.key === key)
}
