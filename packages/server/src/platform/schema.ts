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
