/** Shared zod building blocks for route schemas: error body, paging, region codes. */
import { z } from 'zod'
import { errorCodes } from './errors.ts'

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
