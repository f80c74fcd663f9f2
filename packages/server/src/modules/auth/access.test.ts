/**
 * The route × role matrix, generated from the OpenAPI document: every operation says who may call it (`x-access`),
 * and each of the 15 demo accounts (inside the demo county), a user of another county and an anonymous caller is
 * sent to every operation. Not allowed → 403 FORBIDDEN (401 without a session); allowed → past the role check (a 400
 * for the missing body or a 404 for the made-up id counts as passed). Never a 500. The user of another county gets
 * 404 for the household and region of this county, never their data.
 */
import { computeCheckChar } from '@xianjie/rules/identifiers'
import { beforeAll, describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { buildHttp } from '../../platform/http.ts'
import { demoUsers } from '../../seed.ts'
import { type Permission, permissions, type Role } from './roles.ts'

const t = useTestPlatform()

type Access = { public: true } | { anySignedIn: true } | { permissions: Permission[] }
interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  access: Access
  roles: Role[] | undefined
  params: Array<{ name: string; in: string; schema?: { enum?: string[]; format?: string; pattern?: string } }>
}

interface Caller {
  name: string
  roles: Role[]
  session: Session | undefined
  /** Outside the demo county: the county's own household and region must answer 404. */
  outside?: boolean
}

const at = { village: R.village, township: R.township, county: R.county, province: R.province } as const
const XFF = (i: number) => ({ 'x-forwarded-for': `10.17.0.${i + 1}` })

let operations: Operation[] = []
const callers: Caller[] = []
let householdId = ''

function makeId(birth: string, seq: number): string {
  const first17 = `622926${birth}${String(seq).padStart(3, '0')}`
  return first17 + computeCheckChar(first17)
}

beforeAll(async () => {
  const doc = (await t.call('GET', '/api/openapi.json')).json() as {
    paths: Record<string, Record<string, Record<string, unknown>>>
  }
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        access: op['x-access'] as Access,
        roles: op['x-roles'] as Role[] | undefined,
        params: (op.parameters as Operation['params'] | undefined) ?? [],
      })
    }
  }
  // logging out ends the caller's session: last
  operations = [
    ...operations.filter((o) => o.path !== '/api/auth/logout'),
    ...operations.filter((o) => o.path === '/api/auth/logout'),
  ]
  for (const d of demoUsers) {
    const user = await t.user({ role: d.role, region: at[d.at] })
    callers.push({ name: `${d.username} (${d.role})`, roles: [d.role], session: await t.login(user) })
  }
  const outsideRoles: Role[] = ['COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN', 'HRSS_OFFICER', 'DEPT_DATA_PROVIDER', 'AUDITOR']
  const outsider = await t.user({ role: outsideRoles, region: R.otherCounty })
  callers.push({ name: 'other county', roles: outsideRoles, session: await t.login(outsider), outside: true })
  callers.push({ name: 'anonymous', roles: [], session: undefined })

  const editor = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
  const res = await t.call('POST', '/api/households', {
    as: editor,
    json: {
      regionCode: R.village,
      householdType: 'GENERAL',
      members: [{ name: '马哈麦', idNumber: makeId('19700315', 171), relationToHead: 'HEAD' }],
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  householdId = res.json().data.id
})

/** A URL for the operation: path parameters from their schema (enum, uuid) or a plausible value of this county. */
function urlOf(op: Operation, outside: boolean): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const p = op.params.find((x) => x.in === 'path' && x.name === name)
    if (p?.schema?.enum?.[0]) return p.schema.enum[0]
    if (name === 'id' && op.path.startsWith('/api/households/')) return householdId
    if (name === 'code') return op.path.startsWith('/api/public/') ? 'AB12CD34' : outside ? R.county : R.village
    if (name === 'source') return 'HRSS'
    if (name === 'ext') return 'csv'
    if (name === 'date') return '2026-12-01'
    if (name === 'round') return '1'
    return '00000000-0000-4000-8000-000000000017'
  })
}

function allowed(op: Operation, c: Caller): boolean {
  if ('public' in op.access) return true
  if (!c.session) return false
  if ('anySignedIn' in op.access) return true
  return op.access.permissions.some((p) => (permissions[p] as readonly Role[]).some((r) => c.roles.includes(r)))
}

describe('route × role matrix from the OpenAPI document', () => {
  test('every operation declares who may call it, and its roles are those of its permissions', () => {
    expect(operations.length).toBeGreaterThan(90)
    for (const op of operations) {
      expect(op.access, `${op.method} ${op.path}`).toBeDefined()
      if ('permissions' in op.access) {
        const roles = new Set(op.access.permissions.flatMap((p) => permissions[p]))
        expect(new Set(op.roles), `${op.method} ${op.path}`).toEqual(roles)
      }
    }
    // the two routes of finding 9 now require a read permission
    const coverage = operations.find((o) => o.path === '/api/applications/coverage')!
    expect(coverage.access).toEqual({ permissions: ['household.read', 'assistance.read'] })
  })

  test('a route that does not say who may call it stops the server from starting', async () => {
    const start = (config: Record<string, unknown>) =>
      buildHttp(t.deps, {
        resolveSession: async () => {
          throw new Error('not used')
        },
        routes: [(app) => app.get('/api/undeclared', { config }, async () => ({ ok: true }))],
      })
    await expect(start({})).rejects.toThrow(/GET \/api\/undeclared must declare exactly one/)
    await expect(start({ public: true, anySignedIn: true })).rejects.toThrow(/exactly one/)
    await expect(start({ permission: 'household.raed' })).rejects.toThrow(/unknown permission\(s\): household.raed/)
    const ok = await start({ permission: 'household.read' })
    await ok.close()
  })

  test('each caller gets exactly what the declaration allows, and the other county no data of this one', async () => {
    const wrong: string[] = []
    for (const op of operations) {
      for (const [i, c] of callers.entries()) {
        const url = urlOf(op, c.outside ?? false)
        const res = await t.call(op.method, url, {
          ...(c.session ? { as: c.session } : {}),
          headers: { ...XFF(i), 'accept-language': 'en-US' },
        })
        const code = res.headers['content-type']?.toString().includes('json') ? res.json()?.error?.code : undefined
        const ok = allowed(op, c)
        const line = `${op.method} ${url} as ${c.name}: ${res.statusCode} ${code ?? ''}`
        if (res.statusCode >= 500) wrong.push(`${line} (server error)`)
        else if (ok && (res.statusCode === 401 || code === 'FORBIDDEN')) wrong.push(`${line} (expected allowed)`)
        else if (!ok && c.session && !(res.statusCode === 403 && code === 'FORBIDDEN'))
          wrong.push(`${line} (expected 403 FORBIDDEN)`)
        else if (!ok && !c.session && res.statusCode !== 401) wrong.push(`${line} (expected 401)`)
        else if (ok && c.outside && res.statusCode === 200 && /households\/|regions\/\d/.test(url))
          wrong.push(`${line} (another county's data)`)
      }
    }
    expect(wrong).toEqual([])
  }, 240_000)

  test('a roster for a county outside the scope is refused at once; roster jobs are shown to roster roles only', async () => {
    const ca = await t.login(await t.user({ role: 'COUNTY_CA_ADMIN', region: R.county }))
    const other = await t.call('POST', '/api/assistance/rosters', {
      as: ca,
      json: { county: '622921', month: '202612' },
    })
    expect(other.statusCode).toBe(404)
    const town = await t.login(await t.user({ role: 'TOWN_CA_OFFICER', region: R.township }))
    const narrow = await t.call('POST', '/api/assistance/rosters', {
      as: town,
      json: { county: '622926', month: '202612' },
    })
    expect(narrow.statusCode).toBe(403)
    expect(
      await t.deps.db.selectFrom('job').select('id').where('name', '=', 'assistance.pay-roster').execute(),
    ).toEqual([])

    const own = await t.call('POST', '/api/assistance/rosters', { as: ca, json: { county: '622926', month: '202612' } })
    expect(own.statusCode, own.body).toBe(200)
    const jobId = own.json().data.jobId as string
    const listed = async (s: Session) =>
      ((await t.call('GET', '/api/jobs', { as: s })).json().data as Array<{ id: string }>).map((j) => j.id)
    expect(await listed(ca)).toContain(jobId)
    const rr = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    expect(await listed(rr)).not.toContain(jobId)
    expect((await t.call('GET', `/api/jobs/${jobId}`, { as: rr })).statusCode).toBe(404)
    expect((await t.call('GET', `/api/jobs/${jobId}`, { as: ca })).statusCode).toBe(200)
  })
})
