/** Types and helpers shared by the identifier parsers: bilingual messages, positions, ISO dates. */

/** A message in Chinese (shown to officials) and English (logs, developers). */
export interface Bilingual {
  /** Chinese. */
  zh: string
  /** English. */
  en: string
}

/** 1-based character index, or an inclusive range of them (`from` ≤ `to`). */
export type Position = number | { from: number; to: number }

/** One problem found in an identifier: a stable code, where it is, and what is wrong. */
export interface Issue<Code extends string> {
  /** Stable code, e.g. `CHECKSUM`. */
  code: Code
  /** Character(s) concerned, counted from 1 in the normalised input. */
  position: Position
  /** What is wrong and, where possible, what was expected. */
  message: Bilingual
}

/** Outcome of a parser: the normalised value, or every error found. Warnings never block. */
export type ParseResult<V, E, W = never> =
  | { ok: true; value: V; warnings: W[] }
  | { ok: false; errors: E[]; warnings: W[] }

/** Position formatted for messages: `第5位` / `character 5`, `第7-14位` / `characters 7-14`. */
export function where(p: Position): Bilingual {
  if (typeof p === 'number') return { zh: `第${p}位`, en: `character ${p}` }
  if (p.from === p.to) return { zh: `第${p.from}位`, en: `character ${p.from}` }
  return { zh: `第${p.from}-${p.to}位`, en: `characters ${p.from}-${p.to}` }
}

/** Full-width digits and letters (common with Chinese input methods) to ASCII; trims surrounding whitespace. */
export function normaliseInput(input: string): string {
  return input
    .trim()
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}

/** True for a Gregorian leap year. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/** Days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Splits a valid `YYYY-MM-DD` date into numbers; undefined when the string is not a real calendar date. */
export function splitISODate(s: string): { y: number; m: number; d: number } | undefined {
  const match = ISO_RE.exec(s)
  if (!match) return undefined
  const y = Number(match[1])
  const m = Number(match[2])
  const d = Number(match[3])
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined
  return { y, m, d }
}

/** Like {@link splitISODate} but throws a `RangeError` naming the argument (a programming error, not bad data). */
export function requireISODate(s: string, name: string): { y: number; m: number; d: number } {
  const parts = typeof s === 'string' ? splitISODate(s) : undefined
  if (!parts) throw new RangeError(`${name} must be a calendar date YYYY-MM-DD; got ${JSON.stringify(s)}.`)
  return parts
}
