import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { systemActor } from '../auth/actor.ts'
import { importRegions, scopeOf, validateRegionCode } from './regions.service.ts'

const t = useTestPlatform()

describe('regions', () => {
  test('the demo county has its real 24 townships and 208 villages', async () => {
    const s = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const towns = (await t.call('GET', `/api/regions/${R.county}/children`, { as: s })).json().data
    expect(towns).toHaveLength(24)
    expect(towns.reduce((n: number, r: { childCount: number }) => n + r.childCount, 0)).toBe(208)
    expect(towns[0]).toMatchObject({ code: '622926100000', name: '锁南镇', level: 4 })
  })

  test('a village cadre sees only their village, whatever the URL', async () => {
    const s = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    expect((await t.call('GET', `/api/regions/${R.village}`, { as: s })).statusCode).toBe(200)
    const other = await t.call('GET', `/api/regions/${R.otherVillage}`, { as: s })
    expect(other.statusCode).toBe(404)
    expect(other.json().error.code).toBe('NOT_FOUND')
    expect((await t.call('GET', `/api/regions/${R.otherVillage}/children`, { as: s })).statusCode).toBe(404)
    const siblings = (await t.call('GET', `/api/regions/${R.township}/children`, { as: s })).json().data
    expect(siblings.map((r: { code: string }) => r.code)).toEqual([R.village])
    const found = (await t.call('GET', `/api/regions/search?q=${encodeURIComponent('村委会')}`, { as: s })).json().data
    expect(found.map((r: { code: string }) => r.code)).toEqual([R.village])
  })

  test('the path runs from the province to the region', async () => {
    const s = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const path = (await t.call('GET', `/api/regions/${R.village}/path`, { as: s })).json().data
    expect(path.map((r: { level: number }) => r.level)).toEqual([1, 2, 3, 4, 5])
  })

  test('search by name and by code stays inside the scope', async () => {
    const s = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const byName = (await t.call('GET', `/api/regions/search?q=${encodeURIComponent('锁南')}`, { as: s })).json().data
    expect(byName[0]).toMatchObject({ name: '锁南镇' })
    const outside = (await t.call('GET', `/api/regions/search?q=622921`, { as: s })).json().data
    expect(outside).toEqual([])
  })

  test('code validation names the reason', async () => {
    await expect(validateRegionCode(t.deps.db, '62292610020')).rejects.toMatchObject({
      code: 'REGION_INVALID',
      details: { reasonEn: 'length must be 2, 4, 6, 9 or 12' },
    })
    await expect(validateRegionCode(t.deps.db, '622926999999')).rejects.toMatchObject({
      details: { reasonEn: 'no such current region' },
    })
    await expect(validateRegionCode(t.deps.db, R.township, { level: 5 })).rejects.toMatchObject({
      details: { reasonEn: 'expected a level-5 region, got level 4' },
    })
    await expect(validateRegionCode(t.deps.db, '622926')).resolves.toMatchObject({ code: R.county, level: 3 })
  })

  test('scope prefixes follow the level', () => {
    expect(scopeOf('620000000000')).toBe('62')
    expect(scopeOf('622900000000')).toBe('6229')
    expect(scopeOf(R.county)).toBe('622926')
    expect(scopeOf(R.township)).toBe('622926100')
    expect(scopeOf(R.village)).toBe(R.village)
  })

  test('re-importing a province changes nothing and is audited', async () => {
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('region')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('code', 'like', '62%')
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    const summary = await importRegions(t.deps, systemActor, '62')
    expect(summary.imported).toBe(before)
    expect(await count()).toBe(before)
    expect(summary.byLevel[5]).toBeGreaterThan(17000)
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'regions.import')
      .executeTakeFirst()
    expect(audit?.after).toEqual({ imported: before })
  })
})
