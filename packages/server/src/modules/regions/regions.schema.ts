import { z } from 'zod'
import { Line, RegionCode } from '../../platform/schema.ts'

export const Region = z.object({
  code: RegionCode,
  name: z.string(),
  level: z.number().int().min(1).max(5).describe('1 province, 2 city, 3 county, 4 township, 5 village'),
  parentCode: z.string().nullable(),
  urbanRuralClass: z.string().nullable().describe('城乡分类代码'),
  childCount: z.number().int(),
})
export type Region = z.infer<typeof Region>

export const RegionParams = z.object({ code: RegionCode })
export const RegionSearchQuery = z.strictObject({
  q: Line(40, 1).describe('Part of a name, or the leading digits of a code'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
