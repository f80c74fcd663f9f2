/**
 * Column layouts of the national system's household (户) and member (家庭成员) sheets: the Chinese headers used in
 * its exports, the field each maps to, and the code table of coded columns (files carry the Chinese labels; codes
 * are accepted too). The same layouts drive the template, the import and the export.
 */
import {
  type CodeTable,
  educationLevels,
  genders,
  healthStates,
  householdTypes,
  idTypes,
  labourSkills,
  relations,
  schoolStatuses,
  workStatuses,
} from '../households/codes.ts'

/** GB/T 3304 ethnic groups (2-digit codes). */
export const ethnicities: CodeTable = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
].map((zh, i) => ({ code: String(i + 1).padStart(2, '0'), zh, en: zh }))

export const yesNo: CodeTable = [
  { code: 'true', zh: '是', en: 'Yes' },
  { code: 'false', zh: '否', en: 'No' },
]

export type Kind = 'text' | 'code' | 'date' | 'int' | 'bool' | 'region' | 'id' | 'phone'

export interface Column {
  /** Header in the national export. */
  header: string
  /** Other headers accepted on import. */
  aliases?: readonly string[]
  /** Field of the normalised record. */
  field: string
  kind: Kind
  required?: boolean
  codes?: CodeTable
  /** Written on export, ignored on import. */
  exportOnly?: boolean
  /** Column width in the template. */
  width?: number
  /** Holds personal data masked on export without `pii.reveal`. */
  sensitive?: 'idNumber' | 'phone' | 'bankAccount'
  note?: string
}

export interface Layout {
  sheet: string
  sheetEn: string
  columns: readonly Column[]
}

export const householdLayout: Layout = {
  sheet: '户',
  sheetEn: 'Households',
  columns: [
    { header: '户编号', field: 'householdNo', kind: 'text', required: true, width: 20, note: '6–30 位数字或字母' },
    {
      header: '行政区划代码',
      aliases: ['所在村代码', '区划代码', '村代码'],
      field: 'regionCode',
      kind: 'region',
      required: true,
      width: 16,
      note: '12 位村级统计用区划代码',
    },
    { header: '所在村', field: 'regionName', kind: 'text', exportOnly: true, width: 14 },
    { header: '自然村', field: 'naturalVillage', kind: 'text', width: 10 },
    { header: '户主姓名', field: 'headName', kind: 'text', required: true, width: 10 },
    {
      header: '户主证件号码',
      aliases: ['户主身份证号码', '户主身份证号'],
      field: 'headIdNumber',
      kind: 'id',
      width: 21,
      sensitive: 'idNumber',
      note: '家庭成员表无该户记录时，用于登记户主',
    },
    { header: '户类型', field: 'householdType', kind: 'code', codes: householdTypes, required: true, width: 10 },
    { header: '联系电话', field: 'phone', kind: 'phone', width: 14, sensitive: 'phone' },
    { header: '家庭住址', field: 'address', kind: 'text', width: 24 },
    { header: '脱贫年度', field: 'tuopinYear', kind: 'int', width: 8 },
    { header: '是否军烈属', field: 'militaryFamily', kind: 'bool', codes: yesNo, width: 8 },
    { header: '居住在易地扶贫搬迁集中安置区', field: 'relocated', kind: 'bool', codes: yesNo, width: 10 },
    { header: '安置区名称', field: 'resettlementSite', kind: 'text', width: 14 },
    { header: '监测联系人', field: 'monitorContactName', kind: 'text', width: 10 },
    {
      header: '监测联系人联系方式',
      aliases: ['联系方式'],
      field: 'monitorContactPhone',
      kind: 'phone',
      width: 14,
      sensitive: 'phone',
    },
    {
      header: '整户无劳动能力兜底保障户',
      field: 'wholeHouseholdNoLabour',
      kind: 'bool',
      codes: yesNo,
      exportOnly: true,
      width: 10,
    },
  ],
}

export const memberLayout: Layout = {
  sheet: '家庭成员',
  sheetEn: 'Members',
  columns: [
    { header: '户编号', field: 'householdNo', kind: 'text', required: true, width: 20 },
    { header: '姓名', field: 'name', kind: 'text', required: true, width: 10 },
    { header: '证件类型', field: 'idType', kind: 'code', codes: idTypes, width: 12, note: '空白按居民身份证' },
    {
      header: '证件号码',
      aliases: ['身份证号码', '身份证号'],
      field: 'idNumber',
      kind: 'id',
      required: true,
      width: 21,
      sensitive: 'idNumber',
    },
    { header: '性别', field: 'gender', kind: 'code', codes: genders, width: 6, note: '空白取自身份证号' },
    { header: '出生日期', field: 'birthDate', kind: 'date', width: 12, note: '空白取自身份证号' },
    { header: '民族', field: 'ethnicity', kind: 'code', codes: ethnicities, width: 8 },
    { header: '与户主关系', field: 'relationToHead', kind: 'code', codes: relations, required: true, width: 10 },
    { header: '文化程度', field: 'education', kind: 'code', codes: educationLevels, width: 12 },
    { header: '在校生情况', field: 'schoolStatus', kind: 'code', codes: schoolStatuses, width: 12 },
    { header: '健康状况', field: 'health', kind: 'code', codes: healthStates, width: 12, note: '空白按健康' },
    {
      header: '劳动技能',
      field: 'labourSkill',
      kind: 'code',
      codes: labourSkills,
      width: 14,
      note: '空白按普通劳动力',
    },
    {
      header: '残疾证号',
      field: 'disabilityCertNo',
      kind: 'id',
      width: 23,
      sensitive: 'idNumber',
      note: '20 位第二代残疾人证号',
    },
    { header: '务工状况', field: 'workStatus', kind: 'code', codes: workStatuses, width: 12 },
    { header: '务工所在地', field: 'workPlace', kind: 'text', width: 14 },
    { header: '务工时间(月)', aliases: ['务工时间（月）', '务工时间'], field: 'workMonths', kind: 'int', width: 8 },
    { header: '联系电话', field: 'phone', kind: 'phone', width: 14, sensitive: 'phone' },
    {
      header: '银行账号',
      aliases: ['一卡通账号'],
      field: 'bankAccount',
      kind: 'text',
      width: 22,
      sensitive: 'bankAccount',
    },
  ],
}

export const layouts = [householdLayout, memberLayout] as const

const squash = (s: string) =>
  s
    .replace(/[\s\u3000*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')

/** Maps a sheet's header row to columns of the layout: `[column index] → Column`; unknown headers are ignored. */
export function matchHeaders(layout: Layout, headers: readonly string[]): Map<number, Column> {
  const out = new Map<number, Column>()
  const byName = new Map<string, Column>()
  for (const c of layout.columns) {
    if (c.exportOnly) continue
    byName.set(squash(c.header), c)
    for (const a of c.aliases ?? []) byName.set(squash(a), c)
  }
  const used = new Set<string>()
  headers.forEach((h, i) => {
    const c = byName.get(squash(h ?? ''))
    if (c && !used.has(c.field)) {
      out.set(i, c)
      used.add(c.field)
    }
  })
  return out
}

/** Which layout a sheet holds, from its name or (CSV) its headers: members have 证件号码 + 与户主关系. */
export function detectLayout(sheetName: string, headers: readonly string[]): Layout | undefined {
  const name = squash(sheetName)
  if (name.includes('成员') || /member/i.test(name)) return memberLayout
  if (name === '户' || name.includes('户信息') || name.includes('农户') || /household/i.test(name))
    return householdLayout
  const hs = new Set(headers.map((h) => squash(h ?? '')))
  if (hs.has('与户主关系') && (hs.has('证件号码') || hs.has('身份证号码') || hs.has('姓名'))) return memberLayout
  if (hs.has('户编号') && (hs.has('户类型') || hs.has('户主姓名') || hs.has('行政区划代码'))) return householdLayout
  return undefined
}

/** Chinese label of a code (export). */
export function labelOf(c: Column, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return ''
  return c.codes?.find((v) => v.code === code)?.zh ?? code
}

const lookups = new WeakMap<CodeTable, Map<string, string>>()
/** Code of a file value: a Chinese label, a code, or a national numeric code. */
export function codeOf(table: CodeTable, value: string): string | undefined {
  let m = lookups.get(table)
  if (!m) {
    m = new Map()
    for (const v of table) {
      m.set(v.code.toUpperCase(), v.code)
      if (v.national) m.set(v.national, v.code)
      m.set(v.en.toUpperCase(), v.code)
    }
    for (const v of table) m.set(v.zh, v.code)
    lookups.set(table, m)
  }
  return m.get(value) ?? m.get(value.toUpperCase())
}
