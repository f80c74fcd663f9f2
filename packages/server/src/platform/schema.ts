/** Shared zod building blocks for route schemas: error body, paging, region codes. */
import { z } from 'zod'
import { AppError, errorCodes } from './errors.ts'

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(errorCodes as [string, ...string[]]).describe('Stable error code'),
      message: z.string().describe('What went wrong and how to fix it, in the request language'),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .describe('Error body of every failed request')

/** Responses every authenticated route can give besides its success. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
}

/** Paging query: `page` (1-based), `pageSize` (≤ 200), `sort`, `order`. */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('1-based page number'),
  pageSize: z.coerce.number().int().min(1).max(200).default(20).describe('Rows per page (≤ 200)'),
  order: z.enum(['asc', 'desc']).default('desc').describe('Sort direction'),
})

export const PageInfo = z.object({
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  capped: z.boolean().optional().describe('True when there are more than `total` rows (counting stopped there)'),
})

export function paged<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), page: PageInfo })
}

export function single<T extends z.ZodType>(item: T) {
  return z.object({ data: item })
}

export const RegionCode = z
  .string()
  .regex(/^\d{12}$/, 'a region code has 12 digits')
  .describe('12-digit statistical division code (NBS)')

// ── money ────────────────────────────────────────────────────────────────────────────────────────────────────────
// Amounts travel as whole fen (1 元 = 100 fen). The schema bound is a sanity range, not a policy cap: it keeps
// two's-power garbage (2^53 − 1, −10^15) out of every route; the policy caps (parameters) are checked in services.

/** Largest amount any route accepts: 10^10 fen = 1 亿元, far above any payment and far below 2^53. */
export const FEN_MAX = 10_000_000_000

/** A non-negative amount in fen. */
export const Fen = z
  .number()
  .int('an amount is a whole number of fen')
  .min(0, 'an amount cannot be negative')
  .max(FEN_MAX, `an amount is at most ${FEN_MAX} fen (1 亿元)`)
  .describe('Amount in fen (1 元 = 100 fen): a whole number from 0 to 10^10')

/** A signed amount in fen (a correction that adds or takes back); zero is not a correction. */
export const SignedFen = z
  .number()
  .int('an amount is a whole number of fen')
  .min(-FEN_MAX, `an amount is at least −${FEN_MAX} fen (−1 亿元)`)
  .max(FEN_MAX, `an amount is at most ${FEN_MAX} fen (1 亿元)`)
  .refine((v) => v !== 0, 'a correction of 0 changes nothing')
  .describe('Signed amount in fen: positive adds, negative takes back; not 0; |amount| ≤ 10^10')

// ── Field types of every input (issue 17): text, dates, codes and numbers, one definition each ──────────────────
// Routes, job payloads, feeds and household imports build their schemas from these, so the same value is accepted or
// refused with the same reason wherever it enters. `http.ts` adds the request-wide checks (control characters in any
// string, nesting depth of a JSON body) in front of every route; the checks that need the database (a region code
// exists and has the level the field expects) are `validateRegionCode` in modules/regions/regions.service.ts.

/** C0 control characters and DEL, except tab, line feed and carriage return (which multi-line text may hold). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
/** Every C0 control character and DEL: none belongs in a one-line field. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const LINE_CONTROL_CHARS = /[\u0000-\u001f\u007f]/
/** An unpaired UTF-16 surrogate: it cannot be stored as UTF-8 and comes only from broken or hostile clients. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Why a string is refused, in both languages, or null when it may be stored (`multiLine`: tab and line breaks allowed). */
export function textProblem(v: string, multiLine = true): { reason: string; reasonEn: string } | null {
  if (v.includes('\u0000')) return { reason: '含有空字符（NUL）', reasonEn: 'contains a NUL character' }
  if ((multiLine ? CONTROL_CHARS : LINE_CONTROL_CHARS).test(v))
    return multiLine
      ? { reason: '含有控制字符', reasonEn: 'contains a control character' }
      : { reason: '含有换行、制表符或控制字符', reasonEn: 'contains a line break, tab or control character' }
  if (LONE_SURROGATE.test(v))
    return { reason: '含有无效的字符编码', reasonEn: 'contains an invalid character encoding' }
  return null
}

function textCheck(multiLine: boolean) {
  return (v: string, ctx: z.core.$RefinementCtx<string>) => {
    const p = textProblem(v, multiLine)
    if (p) ctx.addIssue({ code: 'custom', message: `${p.reason} (${p.reasonEn})`, input: v })
  }
}

/** One line of text (a name, a title, a search term): trimmed, no control characters, at most `max` characters. */
export function Line(max: number, min = 0) {
  return z.string().trim().min(min).max(max).superRefine(textCheck(false))
}

/** Free text (a note, a reason): line breaks and tabs allowed, no other control characters, at most `max` characters. */
export function FreeText(max: number, min = 0) {
  return z.string().trim().min(min).max(max).superRefine(textCheck(true))
}

/** Earliest date any record may carry (a birth date of the oldest resident, a hukou record). */
export const DATE_MIN = '1900-01-01'
/** Latest date any record may carry; a date further out is a typo (year 2206, 9999). */
export const DATE_MAX = '2099-12-31'

/** A calendar day `YYYY-MM-DD` that exists (no 2026-02-30) between DATE_MIN and DATE_MAX. */
export const IsoDate = z.iso
  .date('日期应为存在的 YYYY-MM-DD 日期 (a real date as YYYY-MM-DD)')
  .refine(
    (d) => d >= DATE_MIN && d <= DATE_MAX,
    `日期应在 ${DATE_MIN} 至 ${DATE_MAX} 之间 (between ${DATE_MIN} and ${DATE_MAX})`,
  )
  .describe(`Date YYYY-MM-DD, ${DATE_MIN} … ${DATE_MAX}`)

/** A year of records (rosters, reports, holiday schedules): 2000 … the year of DATE_MAX. */
export const Year = z.coerce
  .number()
  .int()
  .min(2000)
  .max(Number(DATE_MAX.slice(0, 4)))
  .describe(`Year, 2000 … ${DATE_MAX.slice(0, 4)}`)

/**
 * A coded error for a period (a roster's month, a 代缴 year) later than `latest`: such rosters are typos (the year
 * 2100), and a payment period is at most the next one. `field` names the input, `shown`/`latestShown` as officials read them.
 */
export function periodTooLate(field: string, shown: string, latestShown: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    issues: [
      {
        field,
        message: `${shown} 晚于可办理的最晚期间 ${latestShown}`,
        messageEn: `${shown} is later than the latest period that can be handled, ${latestShown}`,
      },
    ],
    summary: `${field} ${shown} 晚于 ${latestShown}`,
    summaryEn: `${field} ${shown} is later than ${latestShown}`,
  })
}

/** A finite number between `min` and `max` (areas, counts, shares); never NaN, ±Infinity or 1e308. */
export function Quantity(min: number, max: number) {
  return z.number().min(min).max(max)
}

/** Largest area of one land type a household can hold, in mu (a county's arable land is a few hundred thousand). */
export const LAND_MU_MAX = 100_000
/** Largest floor area of a dwelling in square metres. */
export const HOUSING_M2_MAX = 10_000
/** Largest magnitude of a number field of a case form that sets no bounds of its own. */
export const FORM_NUMBER_MAX = 1e9
/** Key of a free-form map (land type, insurance, checklist item): a short code-like name. */
export const MapKey = Line(40, 1)
