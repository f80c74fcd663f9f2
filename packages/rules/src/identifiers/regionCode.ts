/**
 * Statistical division codes (统计用区划代码, NBS): 12 digits `PP CC DD TTT VVV` = the 6-digit GB/T 2260 code
 * (province, prefecture, county) + 3-digit township (GB/T 10114 rule) + 3-digit village. Shorter forms keep only the
 * significant segments (2/4/6/9 digits) and are padded with zeros. Shape only: whether a code exists, and which code
 * replaced it, is reference data kept outside this package. Source: domain.md §4.3 [S43].
 */
import { type Bilingual, type Issue, normaliseInput, type ParseResult, type Position, where } from './shared.ts'

/** 1 province, 2 prefecture, 3 county, 4 township, 5 village. */
export type RegionLevel = 1 | 2 | 3 | 4 | 5

/** Segment names, from the top. */
export type RegionSegment = 'province' | 'prefecture' | 'county' | 'township' | 'village'

/** Kind of a township-level unit by its segment range (GB/T 10114). */
export type TownshipKind = 'subdistrict' | 'town' | 'township' | 'combined_unit' | 'unassigned'

/** Kind of a village-level unit by its segment range (NBS; 400–599 is an ASSUMPTION in domain.md §4.3). */
export type VillageKind = 'neighbourhood' | 'village' | 'similar_unit' | 'unassigned'

/** A valid statistical code, normalised. */
export interface RegionCodeInfo {
  /** The 12-digit form. */
  code12: string
  /** Significant digits (2, 4, 6, 9 or 12): the scope prefix of this unit. */
  prefix: string
  /** Level of the unit the code names. */
  level: RegionLevel
  /** The five segments of the 12-digit form. */
  segments: Readonly<Record<RegionSegment, string>>
  /** Kind of the township segment (level ≥ 4). */
  townshipKind?: TownshipKind
  /** Kind of the village segment (level 5). */
  villageKind?: VillageKind
}

/** Error codes of {@link parseRegionCode}. */
export type RegionErrorCode = 'EMPTY' | 'LENGTH' | 'CHARACTER' | 'PROVINCE_INVALID' | 'SEGMENT_GAP'
/** Warning codes of {@link parseRegionCode}: unusual but possibly valid (old or newly created codes). */
export type RegionWarningCode = 'PROVINCE_UNASSIGNED' | 'TOWNSHIP_RANGE_UNASSIGNED' | 'VILLAGE_RANGE_UNASSIGNED'
/** A blocking problem in a region code. */
export type RegionError = Issue<RegionErrorCode>
/** A non-blocking remark on a region code. */
export type RegionWarning = Issue<RegionWarningCode>

/** Significant lengths of a code at levels 1..5. */
export const REGION_PREFIX_LENGTHS = [2, 4, 6, 9, 12] as const

/** Province-level codes of GB/T 2260 (71 台湾, 81 香港, 82 澳门 included for ID numbers). */
export const PROVINCES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
})

/**
 * Prefecture-level cities without counties (不设区的地级市), whose townships sit directly under the city with county
 * segment `00`: 东莞 4419, 中山 4420, 儋州 4604 (the only such prefixes in the NBS village table).
 */
export const CITIES_WITHOUT_COUNTIES: ReadonlySet<string> = new Set(['4419', '4420', '4604'])

const SEGMENTS: ReadonlyArray<{ name: RegionSegment; from: number; to: number; label: Bilingual }> = [
  { name: 'province', from: 1, to: 2, label: { zh: '省级段', en: 'province segment' } },
  { name: 'prefecture', from: 3, to: 4, label: { zh: '地级段', en: 'prefecture segment' } },
  { name: 'county', from: 5, to: 6, label: { zh: '县级段', en: 'county segment' } },
  { name: 'township', from: 7, to: 9, label: { zh: '乡级段', en: 'township segment' } },
  { name: 'village', from: 10, to: 12, label: { zh: '村级段', en: 'village segment' } },
]

const isZero = (s: string) => /^0+$/.test(s)

/** Kind of a township segment: 001–099 街道, 100–199 镇, 200–399 乡, 400–599 政企合一单位 (farms, forestry bureaus). */
export function townshipKind(segment: string | number): TownshipKind {
  const n = Number(segment)
  if (n >= 1 && n <= 99) return 'subdistrict'
  if (n >= 100 && n <= 199) return 'town'
  if (n >= 200 && n <= 399) return 'township'
  if (n >= 400 && n <= 599) return 'combined_unit'
  return 'unassigned'
}

/** Kind of a village segment: 001–199 居委会, 200–399 村委会, 400–599 similar units (ASSUMPTION). */
export function villageKind(segment: string | number): VillageKind {
  const n = Number(segment)
  if (n >= 1 && n <= 199) return 'neighbourhood'
  if (n >= 200 && n <= 399) return 'village'
  if (n >= 400 && n <= 599) return 'similar_unit'
  return 'unassigned'
}

/**
 * Checks a region code of 2, 4, 6, 9 or 12 digits and normalises it. Errors name the segment: province out of range,
 * or a segment present under a zero segment (e.g. a township with county `00`, allowed only for
 * {@link CITIES_WITHOUT_COUNTIES}).
 * @example
 * parseRegionCode('622926')            // ok: level 3, code12 '622926000000', prefix '622926'
 * parseRegionCode('622900101000')      // error SEGMENT_GAP at characters 5-6 (county 00 above a township)
 */
export function parseRegionCode(input: string): ParseResult<RegionCodeInfo, RegionError, RegionWarning> {
  const code = typeof input === 'string' ? normaliseInput(input) : ''
  const errors: RegionError[] = []
  const warnings: RegionWarning[] = []
  const err = (c: RegionErrorCode, position: Position, message: Bilingual) =>
    errors.push({ code: c, position, message })
  if (code === '') {
    err('EMPTY', 1, { zh: '区划代码为空', en: 'the region code is empty' })
    return { ok: false, errors, warnings }
  }
  for (let i = 0; i < code.length; i++) {
    const ch = code[i]!
    if (ch < '0' || ch > '9') {
      const w = where(i + 1)
      err('CHARACTER', i + 1, { zh: `${w.zh}应为数字，实为 ${ch}`, en: `${w.en} should be a digit, found ${ch}` })
    }
  }
  if (!(REGION_PREFIX_LENGTHS as readonly number[]).includes(code.length)) {
    err(
      'LENGTH',
      { from: 1, to: code.length },
      {
        zh: `区划代码应为2、4、6、9或12位，实为${code.length}位`,
        en: `a region code has 2, 4, 6, 9 or 12 digits, found ${code.length}`,
      },
    )
  }
  if (errors.length) return { ok: false, errors, warnings }
  const code12 = code.padEnd(12, '0')
  const parts = SEGMENTS.map((s) => code12.slice(s.from - 1, s.to))
  const province = parts[0]!
  const p = Number(province)
  if (p < 11 || p > 82) {
    err(
      'PROVINCE_INVALID',
      { from: 1, to: 2 },
      {
        zh: `第1-2位省级段应在11至82之间，实为 ${province}`,
        en: `characters 1-2: the province segment should be between 11 and 82, found ${province}`,
      },
    )
  } else if (!(province in PROVINCES)) {
    warnings.push({
      code: 'PROVINCE_UNASSIGNED',
      position: { from: 1, to: 2 },
      message: {
        zh: `第1-2位省级段 ${province} 不是现行省级代码（可能为旧代码）`,
        en: `characters 1-2: province segment ${province} is not a current province code (perhaps an old code)`,
      },
    })
  }
  for (let i = 1; i < SEGMENTS.length; i++) {
    const seg = SEGMENTS[i]!
    const above = SEGMENTS[i - 1]!
    if (isZero(parts[i]!) || !isZero(parts[i - 1]!)) continue
    if (seg.name === 'township' && CITIES_WITHOUT_COUNTIES.has(code12.slice(0, 4))) continue
    const ws = where({ from: seg.from, to: seg.to })
    const wa = where({ from: above.from, to: above.to })
    err(
      'SEGMENT_GAP',
      { from: above.from, to: above.to },
      {
        zh: `${ws.zh}${seg.label.zh}为 ${parts[i]}，但${wa.zh}${above.label.zh}为 ${parts[i - 1]}`,
        en: `${ws.en}: the ${seg.label.en} is ${parts[i]} but the ${above.label.en} (${wa.en}) is ${parts[i - 1]}`,
      },
    )
  }
  if (errors.length) return { ok: false, errors, warnings }
  let levelIndex = 0
  for (let i = 0; i < parts.length; i++) if (!isZero(parts[i]!)) levelIndex = i
  const level = (levelIndex + 1) as RegionLevel
  const info: RegionCodeInfo = {
    code12,
    prefix: code12.slice(0, REGION_PREFIX_LENGTHS[levelIndex]),
    level,
    segments: Object.freeze({
      province,
      prefecture: parts[1]!,
      county: parts[2]!,
      township: parts[3]!,
      village: parts[4]!,
    }),
  }
  if (level >= 4) {
    info.townshipKind = townshipKind(parts[3]!)
    if (info.townshipKind === 'unassigned') {
      warnings.push({
        code: 'TOWNSHIP_RANGE_UNASSIGNED',
        position: { from: 7, to: 9 },
        message: {
          zh: `第7-9位乡级段 ${parts[3]} 不在编码规则的001-599范围内`,
          en: `characters 7-9: township segment ${parts[3]} is outside the ranges 001-599 of the coding rule`,
        },
      })
    }
  }
  if (level === 5) {
    info.villageKind = villageKind(parts[4]!)
    if (info.villageKind === 'unassigned') {
      warnings.push({
        code: 'VILLAGE_RANGE_UNASSIGNED',
        position: { from: 10, to: 12 },
        message: {
          zh: `第10-12位村级段 ${parts[4]} 不在001-599范围内`,
          en: `characters 10-12: village segment ${parts[4]} is outside the ranges 001-599`,
        },
      })
    }
  }
  return { ok: true, value: info, warnings }
}

/** True when {@link parseRegionCode} finds no error (warnings allowed). */
export function isValidRegionCode(input: string): boolean {
  return parseRegionCode(input).ok
}

function required(code: string): RegionCodeInfo {
  const r = parseRegionCode(code)
  if (r.ok) return r.value
  throw new RangeError(
    `Invalid region code ${JSON.stringify(code)}: ${r.errors.map((e) => e.message.en).join('; ')}. ` +
      'Validate untrusted input with parseRegionCode first.',
  )
}

/**
 * Pads a code of 2/4/6/9/12 digits to 12 digits. Throws `RangeError` on an invalid code.
 * @example toRegionCode12('3702') // '370200000000'
 */
export function toRegionCode12(code: string): string {
  return required(code).code12
}

/** Level of the unit a code names (1 province … 5 village), from its last non-zero segment. Throws on invalid codes. */
export function regionLevel(code: string): RegionLevel {
  return required(code).level
}

/**
 * The significant digits of a code (2, 4, 6, 9 or 12), i.e. its scope prefix. Throws on invalid codes.
 * @example regionPrefix('622926100000') // '622926100'
 */
export function regionPrefix(code: string): string {
  return required(code).prefix
}

/**
 * The 6-digit GB/T 2260 county-level code of a unit at county level or below; undefined above county level
 * (for 东莞/中山/儋州 townships, the city's own code such as `441900`). Throws on invalid codes.
 */
export function countyCodeOf(code: string): string | undefined {
  const info = required(code)
  return info.level >= 3 ? info.code12.slice(0, 6) : undefined
}

/**
 * True when `code` lies in the scope of `scopePrefix` ("" = whole country; otherwise any valid code, whose significant
 * digits are the scope). Returns false for an invalid code or scope, so a bad value never widens access.
 * @example
 * isWithinScope('622926100201', '6229')  // true
 * isWithinScope('622926100201', '622900') // true: same scope as '6229'
 * isWithinScope('530102000000', '62')    // false
 */
export function isWithinScope(code: string, scopePrefix: string): boolean {
  const c = parseRegionCode(code)
  if (!c.ok) return false
  if (scopePrefix === '') return true
  const s = parseRegionCode(scopePrefix)
  return s.ok && c.value.code12.startsWith(s.value.prefix)
}
