/**
 * Resident identity numbers (公民身份号码, GB 11643-1999): `AAAAAA YYYYMMDD SSS C`, address code, birth date, sequence
 * (odd = male) and an ISO 7064 MOD 11-2 check character. Legacy 15-digit numbers (`AAAAAA YYMMDD SSS`) are converted
 * by inserting "19" and computing the check character. Source: domain.md §4.1 [S43][S7].
 */
import { CITIES_WITHOUT_COUNTIES, PROVINCES } from './regionCode.ts'
import {
  type Bilingual,
  type Issue,
  normaliseInput,
  type ParseResult,
  type Position,
  requireISODate,
  splitISODate,
  where,
} from './shared.ts'

/** Sex from the sequence number: odd = male, even = female. */
export type Sex = 'male' | 'female'

/** A valid ID number, normalised. */
export interface IdNumberInfo {
  /** The 18-character number, check character upper case (converted when the input had 15 digits). */
  id18: string
  /** GB/T 2260 code of the place of registration at issue time (may be obsolete). */
  addressCode: string
  /** `YYYY-MM-DD`. */
  birthDate: string
  /** The 3-digit sequence number. */
  sequence: string
  /** From the parity of the sequence. */
  sex: Sex
  /** True when the input was a legacy 15-digit number. */
  converted15: boolean
}

/** Error codes of {@link parseIdNumber}. */
export type IdErrorCode =
  | 'EMPTY'
  | 'LENGTH'
  | 'CHARACTER'
  | 'ADDRESS_PROVINCE'
  | 'BIRTH_MONTH'
  | 'BIRTH_DAY'
  | 'BIRTH_DATE_FUTURE'
  | 'BIRTH_DATE_TOO_EARLY'
  | 'CHECKSUM'
/** Warning codes: the address code looks unusual but may be an obsolete or unlisted code. */
export type IdWarningCode = 'ADDRESS_PROVINCE_UNASSIGNED' | 'ADDRESS_NOT_COUNTY_LEVEL' | 'ADDRESS_UNKNOWN'
/** A blocking problem in an ID number. */
export type IdError = Issue<IdErrorCode>
/** A non-blocking remark on an ID number. */
export type IdWarning = Issue<IdWarningCode>

/** Options of {@link parseIdNumber}. */
export interface IdParseOptions {
  /** Reference date `YYYY-MM-DD`: the birth date may not be later. */
  today: string
  /** Accept legacy 15-digit numbers (default true). */
  allow15?: boolean
  /** Lookup of known address codes (current and historical); when it returns false the result carries a warning. */
  isKnownAddressCode?: (code: string) => boolean
}

/** Weights W1..W17 of GB 11643. */
export const ID_WEIGHTS: readonly number[] = Object.freeze([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
const CHECK_CHARS = '10X98765432'
/** Earliest plausible birth date. */
export const EARLIEST_BIRTH_DATE = '1880-01-01'

/**
 * Check character of the first 17 digits: `"10X98765432"[Σ aᵢ·Wᵢ mod 11]`. Throws `RangeError` unless given 17 digits.
 * @example computeCheckChar('11010519491231002') // 'X'
 */
export function computeCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`computeCheckChar needs exactly 17 digits; got ${JSON.stringify(first17)}.`)
  }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

/** Sex from a sequence number (the 3 digits, or just its last digit): odd = male, even = female. */
export function sexFromSequence(sequence: string | number): Sex {
  return Number(sequence) % 2 === 1 ? 'male' : 'female'
}

/**
 * Checks an ID number and returns its parts, or every problem with its position and reason.
 * Input is trimmed, full-width digits are accepted and a lower-case `x` is upper-cased. Positions count characters
 * of the trimmed input (for a 15-digit number, of those 15 digits).
 * @example
 * parseIdNumber('11010519491231002x', { today: '2026-03-01' })
 * // { ok: true, value: { id18: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', ... }, warnings: [] }
 * parseIdNumber('110105194912310023', { today: '2026-03-01' })
 * // { ok: false, errors: [{ code: 'CHECKSUM', position: 18, message: { zh: '第18位校验码应为 X，实为 3', ... } }] }
 */
export function parseIdNumber(input: string, options: IdParseOptions): ParseResult<IdNumberInfo, IdError, IdWarning> {
  const today = options.today
  requireISODate(today, 'options.today')
  const id = typeof input === 'string' ? normaliseInput(input).toUpperCase() : ''
  const errors: IdError[] = []
  const warnings: IdWarning[] = []
  const err = (code: IdErrorCode, position: Position, message: Bilingual) => errors.push({ code, position, message })
  if (id === '') {
    err('EMPTY', 1, { zh: '身份证号为空', en: 'the ID number is empty' })
    return { ok: false, errors, warnings }
  }
  const allow15 = options.allow15 ?? true
  const legacy = id.length === 15 && allow15
  if (id.length !== 18 && !legacy) {
    err('LENGTH', id.length < 18 ? id.length + 1 : { from: 19, to: id.length }, {
      zh: `身份证号应为18位${allow15 ? '（或15位旧号码）' : ''}，实为${id.length}位`,
      en: `an ID number has 18 characters${allow15 ? ' (or 15 for a legacy number)' : ''}, found ${id.length}`,
    })
  }
  // Characters: digits, except an X in position 18 (or last, when the length is already wrong: no double report).
  const lengthWrong = errors.length > 0
  for (let i = 0; i < id.length; i++) {
    const ch = id[i]!
    if (ch >= '0' && ch <= '9') continue
    if (ch === 'X' && (i === 17 || (lengthWrong && i === id.length - 1))) continue
    const w = where(i + 1)
    const want = i === 17 && id.length === 18 ? { zh: '数字或 X', en: 'a digit or X' } : { zh: '数字', en: 'a digit' }
    err('CHARACTER', i + 1, {
      zh: `${w.zh}应为${want.zh}，实为 ${ch}`,
      en: `${w.en} should be ${want.en}, found ${ch}`,
    })
  }
  if (errors.length) return { ok: false, errors, warnings }

  const addressCode = id.slice(0, 6)
  checkAddress(addressCode, options, err, warnings)
  const yearDigits = legacy ? 2 : 4
  const year = legacy ? `19${id.slice(6, 8)}` : id.slice(6, 10)
  const month = id.slice(6 + yearDigits, 8 + yearDigits)
  const day = id.slice(8 + yearDigits, 10 + yearDigits)
  const birthDate = `${year}-${month}-${day}`
  const dateFrom = 7
  const dateTo = 10 + yearDigits
  const m = Number(month)
  if (m < 1 || m > 12) {
    const p = { from: 7 + yearDigits, to: 8 + yearDigits }
    const w = where(p)
    err('BIRTH_MONTH', p, {
      zh: `${w.zh}出生月份 ${month} 无效，应为01-12`,
      en: `${w.en}: birth month ${month} is not 01-12`,
    })
  } else if (!splitISODate(birthDate)) {
    const p = { from: 9 + yearDigits, to: 10 + yearDigits }
    const w = where(p)
    err('BIRTH_DAY', p, {
      zh: `${w.zh}出生日期 ${day} 无效：${year}年${m}月没有${Number(day)}日`,
      en: `${w.en}: birth day ${day} does not exist in ${year}-${month}`,
    })
  } else if (birthDate > today) {
    const w = where({ from: dateFrom, to: dateTo })
    err(
      'BIRTH_DATE_FUTURE',
      { from: dateFrom, to: dateTo },
      {
        zh: `${w.zh}出生日期 ${birthDate} 晚于参考日期 ${today}`,
        en: `${w.en}: birth date ${birthDate} is after the reference date ${today}`,
      },
    )
  } else if (birthDate < EARLIEST_BIRTH_DATE) {
    const w = where({ from: dateFrom, to: dateTo })
    err(
      'BIRTH_DATE_TOO_EARLY',
      { from: dateFrom, to: dateTo },
      {
        zh: `${w.zh}出生日期 ${birthDate} 早于 ${EARLIEST_BIRTH_DATE}，不可信`,
        en: `${w.en}: birth date ${birthDate} is before ${EARLIEST_BIRTH_DATE}, not plausible`,
      },
    )
  }
  const sequence = legacy ? id.slice(12, 15) : id.slice(14, 17)
  const first17 = legacy ? `${id.slice(0, 6)}19${id.slice(6, 15)}` : id.slice(0, 17)
  const check = computeCheckChar(first17)
  if (!legacy && id[17] !== check) {
    err('CHECKSUM', 18, {
      zh: `第18位校验码应为 ${check}，实为 ${id[17]}`,
      en: `character 18: check character should be ${check}, found ${id[17]}`,
    })
  }
  if (errors.length) return { ok: false, errors, warnings }
  return {
    ok: true,
    value: {
      id18: first17 + check,
      addressCode,
      birthDate,
      sequence,
      sex: sexFromSequence(sequence),
      converted15: legacy,
    },
    warnings,
  }
}

function checkAddress(
  code: string,
  options: IdParseOptions,
  err: (code: IdErrorCode, position: Position, message: Bilingual) => void,
  warnings: IdWarning[],
): void {
  const province = code.slice(0, 2)
  const p = Number(province)
  if (p < 11 || p > 82) {
    err(
      'ADDRESS_PROVINCE',
      { from: 1, to: 2 },
      {
        zh: `第1-2位地址码省级代码应在11至82之间，实为 ${province}`,
        en: `characters 1-2: the province part of the address code should be between 11 and 82, found ${province}`,
      },
    )
    return
  }
  const warn = (c: IdWarningCode, position: Position, message: Bilingual) =>
    warnings.push({ code: c, position, message })
  if (!(province in PROVINCES)) {
    warn(
      'ADDRESS_PROVINCE_UNASSIGNED',
      { from: 1, to: 2 },
      {
        zh: `第1-2位省级代码 ${province} 不是现行代码（可能为旧代码），请核实`,
        en: `characters 1-2: province code ${province} is not current (perhaps obsolete); please verify`,
      },
    )
  }
  const prefecture = code.slice(2, 4)
  const county = code.slice(4, 6)
  if (prefecture === '00' || (county === '00' && !CITIES_WITHOUT_COUNTIES.has(code.slice(0, 4)))) {
    warn(
      'ADDRESS_NOT_COUNTY_LEVEL',
      { from: 1, to: 6 },
      {
        zh: `第1-6位地址码 ${code} 不是县级代码，请核实`,
        en: `characters 1-6: address code ${code} is not a county-level code; please verify`,
      },
    )
  }
  if (options.isKnownAddressCode && !options.isKnownAddressCode(code)) {
    warn(
      'ADDRESS_UNKNOWN',
      { from: 1, to: 6 },
      {
        zh: `第1-6位地址码 ${code} 不在区划代码表中（可能为已撤销的旧代码），请核实`,
        en: `characters 1-6: address code ${code} is not in the division table (perhaps an obsolete code); please verify`,
      },
    )
  }
}

/** True when {@link parseIdNumber} finds no error (warnings allowed). */
export function isValidIdNumber(input: string, options: IdParseOptions): boolean {
  return parseIdNumber(input, options).ok
}

/**
 * Age in whole years (周岁) on `refDate`: the number of birthdays reached. A 29 February birthday is reached on
 * 1 March in common years. Throws `RangeError` on a malformed date or when `refDate` is before `birthDate`.
 * @example ageOn('1949-12-31', '2026-12-30') // 76
 */
export function ageOn(birthDate: string, refDate: string): number {
  const b = requireISODate(birthDate, 'birthDate')
  const r = requireISODate(refDate, 'refDate')
  if (refDate < birthDate) throw new RangeError(`refDate ${refDate} is before birthDate ${birthDate}.`)
  const before = r.m < b.m || (r.m === b.m && r.d < b.d)
  return r.y - b.y - (before ? 1 : 0)
}

/**
 * Masks an ID number for display: the first 3 and last 4 characters stay, the rest become `*`
 * (same rule as the server's privacy maskers). Inputs of 7 characters or fewer are masked entirely.
 * @example maskIdNumber('11010519491231002X') // '110***********002X'
 */
export function maskIdNumber(id: string): string {
  const v = id.trim()
  if (v.length <= 7) return '*'.repeat(v.length)
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4)
}
