import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { paramsText } from './policy.cli.ts'

const t = useTestPlatform()

interface Legal {
  title: string
  status?: string
}
interface Variable {
  name: string
  label: { zh: string; en: string }
  input: boolean
  legal: Legal[]
  versions: Array<{ formula: string; legal: Legal[]; cases: Array<{ label: string; when: string; legal: Legal[] }> }>
  dependsOn: string[]
}
interface Parameter {
  path: string
  scopes: string[]
  isScale: boolean
  values: Array<{ cell: string; value: number | null; region: string | null; since: string | null; legal: Legal[] }>
}

describe('policy: how a decision is computed', () => {
  test('the model: every computed variable with its formula as text, its labelled rules and their citations', async () => {
    const s = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const res = await t.call('GET', '/api/policy/model', { as: s })
    expect(res.statusCode).toBe(200)
    const { variables, programmes } = res.json().data as {
      variables: Variable[]
      programmes: Record<string, string[]>
    }
    expect(programmes.dibao).toContain('dibao_benefit')
    const byName = new Map(variables.map((v) => [v.name, v]))
    for (const outputs of Object.values(programmes)) for (const o of outputs) expect(byName.has(o), o).toBe(true)
    const benefit = byName.get('dibao_benefit')!
    expect(benefit.label.zh).toBe('低保金（月）')
    expect(benefit.versions[0]!.formula).toContain('dibao_eligible')
    expect(benefit.versions[0]!.cases.map((c) => c.label)).toEqual(
      expect.arrayContaining(['differential', 'single_person_minimum']),
    )
    expect(benefit.dependsOn).toContain('dibao_eligible')
    for (const v of variables) {
      if (v.input) continue
      const cited = v.legal.length + v.versions.reduce((n, x) => n + x.legal.length, 0)
      expect(cited, `${v.name} cites its source`).toBeGreaterThan(0)
    }
  })

  test('the parameters in force for a region on a date: the most specific scope wins, each value with its source', async () => {
    const s = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const at = async (query: string) => {
      const res = await t.call('GET', `/api/policy/parameters${query}`, { as: s })
      expect(res.statusCode, res.body).toBe(200)
      return res.json().data as { date: string; region: string; digest: string; parameters: Parameter[] }
    }
    const std = (d: { parameters: Parameter[] }) => d.parameters.find((p) => p.path === 'dibao.standard_rural')!

    // Default: the user's own region, today in China.
    const own = await at('')
    expect(own).toMatchObject({ date: '2026-11-28', region: R.county })
    expect(std(own).scopes).toEqual(expect.arrayContaining(['62', '3702']))
    expect(std(own).values).toEqual([expect.objectContaining({ cell: '_default', region: '62' })])
    expect(std(own).values[0]!.legal[0]!.status).toBe('ASSUMPTION')

    // 青岛 (3702): its own standard, with its local citation.
    const qingdao = await at('?region=370203000000&date=2026-03-01')
    const v = std(qingdao).values[0]!
    expect(v).toMatchObject({ value: 78400, region: '3702', since: '2024-01-01' })
    expect(v.legal[0]!.status).toBe('LOCAL')
    expect(qingdao.digest).toMatch(/^[0-9a-f]{16}$/)

    // Before any value took effect there is none, and the answer says so instead of inventing one.
    const early = await at('?region=370203000000&date=2000-01-01')
    expect(std(early).values).toEqual([{ cell: '_default', value: null, region: null, since: null, legal: [] }])
  })

  test('bad queries are refused with the field named; the routes need a session', async () => {
    const s = await t.login(await t.user({ role: 'TOWN_RR_OFFICER', region: R.township }))
    const badDate = await t.call('GET', '/api/policy/parameters?date=2026-02-30', { as: s })
    expect(badDate.statusCode).toBe(400)
    expect(JSON.stringify(badDate.json().error)).toContain('date')
    const badRegion = await t.call('GET', '/api/policy/parameters?region=62', { as: s })
    expect(badRegion.statusCode).toBe(400)
    expect(JSON.stringify(badRegion.json().error)).toContain('region')
    expect((await t.call('GET', '/api/policy/model')).statusCode).toBe(401)
    expect((await t.call('GET', '/api/policy/parameters')).statusCode).toBe(401)
  })

  test('`xianjie rules params` prints the same values, a line per cell', () => {
    const text = paramsText('370203', '2026-03-01')
    expect(text).toContain('地区 region 370203')
    expect(text).toMatch(
      /dibao\.standard_rural　农村最低生活保障标准：78400 fen\/person\/month　地区 3702　自 2024-01-01/,
    )
    expect(paramsText('370203', '2000-01-01')).toMatch(
      /dibao\.standard_rural　农村最低生活保障标准：— （无值 no value）/,
    )
  })
})
