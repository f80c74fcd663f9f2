/**
 * Second-generation disability certificate numbers (第二代残疾人证号): exactly 20 characters = the holder's 18-character
 * ID number + 1 digit disability category (1–7) + 1 digit disability level (1–4, 1 = most severe). No suffixes: the
 * China Disabled Persons' Federation format is "一律实行20位编码". Source: domain.md §4.2 [S7][MEM].
 */
import { type IdErrorCode, type IdNumberInfo, type IdWarning, parseIdNumber } from './idNumber.ts'
import { type Bilingual, type Issue, normaliseInput, type ParseResult, type Position } from './shared.ts'

/** Category digit: 1 视力, 2 听力, 3 言语, 4 肢体, 5 智力, 6 精神, 7 多重. */
export type DisabilityCategory = 1 | 2 | 3 | 4 | 5 | 6 | 7
/** Level digit: 1 (most severe) to 4. */
export type DisabilityLevel = 1 | 2 | 3 | 4
/** Stable names of the categories. */
export type DisabilityCategoryKey =
  | 'visual'
  | 'hearing'
  | 'speech'
  | 'physical'
  | 'intellectual'
  | 'mental'
  | 'multiple'

/** Category digit → key and bilingual name. */
export const DISABILITY_CATEGORIES: Readonly<
  Record<DisabilityCategory, { key: DisabilityCategoryKey; name: Bilingual }>
> = Object.freeze({
  1: { key: 'visual', name: { zh: '视力残疾', en: 'visual' } },
  2: { key: 'hearing', name: { zh: '听力残疾', en: 'hearing' } },
  3: { key: 'speech', name: { zh: '言语残疾', en: 'speech' } },
  4: { key: 'physical', name: { zh: '肢体残疾', en: 'physical' } },
  5: { key: 'intellectual', name: { zh: '智力残疾', en: 'intellectual' } },
  6: { key: 'mental', name: { zh: '精神残疾', en: 'mental' } },
  7: { key: 'multiple', name: { zh: '多重残疾', en: 'multiple' } },
})

/** A valid certificate number, normalised. */
export interface DisabilityCertInfo {
  /** The 20 characters, check character of the ID upper case. */
  certNo: string
  /** The holder's 18-character ID number. */
  idNumber: string
  /** Parts of the ID number. */
  id: IdNumberInfo
  /** Category digit. */
  category: DisabilityCategory
  /** Category key, e.g. `intellectual`. */
  categoryKey: DisabilityCategoryKey
  /** Level digit, 1 = most severe. */
  level: DisabilityLevel
  /** 重度残疾 per {@link isSevereDisability}. */
  severe: boolean
}

/** Error codes: those of the embedded ID number plus the category and level digits. */
export type DisabilityCertErrorCode = IdErrorCode | 'CATEGORY' | 'LEVEL'
/** A blocking problem in a certificate number. */
export type DisabilityCertError = Issue<DisabilityCertErrorCode>

/**
 * 重度残疾: level 1–2, or level 3 for intellectual (5) and mental (6) disability, the reading many rules use
 * (domain.md §4.2, §6.4.6 [S18][S25]).
 * @example isSevereDisability(5, 3) // true
 */
export function isSevereDisability(category: DisabilityCategory, level: DisabilityLevel): boolean {
  return level <= 2 || (level === 3 && (category === 5 || category === 6))
}

/**
 * Checks a 20-character certificate number: the ID part with every GB 11643 check (positions 1–18 as in the ID), the
 * category digit (position 19) and the level digit (position 20).
 * @example
 * parseDisabilityCert('11010519491231002X53', { today: '2026-03-01' })
 * // ok: category 5 (intellectual), level 3, severe true
 */
export function parseDisabilityCert(
  input: string,
  options: { today: string; isKnownAddressCode?: (code: string) => boolean },
): ParseResult<DisabilityCertInfo, DisabilityCertError, IdWarning> {
  const cert = typeof input === 'string' ? normaliseInput(input).toUpperCase() : ''
  const errors: DisabilityCertError[] = []
  const err = (code: DisabilityCertErrorCode, position: Position, message: Bilingual) =>
    errors.push({ code, position, message })
  if (cert === '') {
    err('EMPTY', 1, { zh: '残疾人证号为空', en: 'the disability certificate number is empty' })
    return { ok: false, errors, warnings: [] }
  }
  if (cert.length !== 20) {
    err('LENGTH', cert.length < 20 ? cert.length + 1 : { from: 21, to: cert.length }, {
      zh: `残疾人证号应为20位（18位身份证号+类别+等级），实为${cert.length}位`,
      en: `a disability certificate number has 20 characters (18-character ID + category + level), found ${cert.length}`,
    })
    return { ok: false, errors, warnings: [] }
  }
  const id = parseIdNumber(cert.slice(0, 18), { ...options, allow15: false })
  if (!id.ok) errors.push(...id.errors)
  const c = cert[18]!
  const l = cert[19]!
  if (!/[1-7]/.test(c)) {
    err('CATEGORY', 19, {
      zh: `第19位残疾类别应为1-7，实为 ${c}`,
      en: `character 19: disability category should be 1-7, found ${c}`,
    })
  }
  if (!/[1-4]/.test(l)) {
    err('LEVEL', 20, {
      zh: `第20位残疾等级应为1-4，实为 ${l}`,
      en: `character 20: disability level should be 1-4, found ${l}`,
    })
  }
  if (!id.ok || errors.length) return { ok: false, errors, warnings: id.warnings }
  const category = Number(c) as DisabilityCategory
  const level = Number(l) as DisabilityLevel
  return {
    ok: true,
    value: {
      certNo: cert,
      idNumber: id.value.id18,
      id: id.value,
      category,
      categoryKey: DISABILITY_CATEGORIES[category].key,
      level,
      severe: isSevereDisability(category, level),
    },
    warnings: id.warnings,
  }
}
