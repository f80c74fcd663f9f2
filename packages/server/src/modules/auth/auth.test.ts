import { describe, expect, test } from 'vitest'
import { R, TEST_PASSWORD, useTestPlatform } from '../../../test/harness.ts'
import { assertNotSameActor, systemActor } from './actor.ts'
import { actorFromUser, setUserStatus } from './auth.service.ts'

const t = useTestPlatform()

describe('login and sessions', () => {
  test('login sets an HttpOnly session cookie and a readable CSRF cookie; me returns the region path', async () => {
    const user = await t.user({ role: 'VILLAGE_CADRE', region: R.village })
    const res = await t.call('POST', '/api/auth/login', { json: { username: user.username, password: TEST_PASSWORD } })
    expect(res.statusCode).toBe(200)
    const set = ([] as string[]).concat(res.headers['set-cookie'] as string[])
    expect(set.find((c) => c.startsWith('xj_session='))).toMatch(/HttpOnly/i)
    expect(set.find((c) => c.startsWith('xj_csrf='))).not.toMatch(/HttpOnly/i)
    const s = await t.login(user)
    const me = (await t.call('GET', '/api/auth/me', { as: s })).json()
    expect(me.data.user.regionPath.map((r: { name: string }) => r.name)).toEqual([
      '甘肃省',
      '临夏回族自治州',
      '东乡族自治县',
      '锁南镇',
      '巴牙村委会',
    ])
  })

  test('an unknown account and a wrong password get the same answer, code and message', async () => {
    const user = await t.user({ role: 'TOWN_RR_OFFICER', region: R.township })
    const ask = (username: string, ip: string) =>
      t.call('POST', '/api/auth/login', {
        json: { username, password: 'Wrong-Passw0rd!' },
        headers: { 'x-forwarded-for': ip, 'accept-language': 'en-US' },
      })
    const known = await ask(user.username, '198.51.100.1')
    const unknown = await ask('no_such_officer', '198.51.100.1')
    expect(known.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(known.json()).toEqual(unknown.json())
    expect(known.json().error).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong username or password.',
      details: {},
    })
    // the throttle answers alike too: the same failures for a real and a made-up name, the same wait
    for (let i = 1; i < t.deps.config.login.freeFailures; i++) {
      await ask(user.username, '198.51.100.1')
      await ask('no_such_officer', '198.51.100.1')
    }
    const a = await ask(user.username, '198.51.100.1')
    const b = await ask('no_such_officer', '198.51.100.1')
    expect(a.statusCode).toBe(423)
    expect(a.json()).toEqual(b.json())
  })

  test('failures from one client slow and then shut out that client only; the officer still signs in elsewhere', async () => {
    const cfg = t.deps.config.login
    const user = await t.user({ role: 'COUNTY_CA_ADMIN', region: R.county })
    const from = (ip: string, password = 'Wrong-Passw0rd!') =>
      t.call('POST', '/api/auth/login', {
        json: { username: user.username, password },
        headers: { 'x-forwarded-for': ip },
      })
    // a stranger: the free tries, then a wait that doubles, then a lock of that client
    const stranger = '203.0.113.66'
    for (let i = 1; i <= cfg.freeFailures; i++)
      expect((await from(stranger)).json().error.code).toBe('INVALID_CREDENTIALS')
    const waiting = await from(stranger, TEST_PASSWORD)
    expect(waiting.json().error.code).toBe('ACCOUNT_LOCKED') // even the right password waits
    expect(waiting.json().error.details.retryAfterSeconds).toBe(cfg.backoffSeconds)
    let failures = cfg.freeFailures
    while (failures < cfg.lockFailures) {
      t.clock.advance(cfg.lockMinutes * 30_000) // long enough for any backoff, shorter than the lock window
      expect((await from(stranger)).json().error.code).toBe('INVALID_CREDENTIALS')
      failures++
    }
    const locked = await from(stranger, TEST_PASSWORD)
    expect(locked.statusCode).toBe(423)
    expect(locked.json().error.details.retryAfterSeconds).toBe(cfg.lockMinutes * 60)
    // the officer, from the office: not locked
    expect((await from('192.0.2.10', TEST_PASSWORD)).statusCode).toBe(200)
    // five failures from five places lock nothing (the old account-wide lock)
    const other = await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county })
    for (let i = 0; i < 5; i++) {
      await t.call('POST', '/api/auth/login', {
        json: { username: other.username, password: 'Wrong-Passw0rd!' },
        headers: { 'x-forwarded-for': `198.18.0.${i + 1}` },
      })
    }
    const ok = await t.call('POST', '/api/auth/login', {
      json: { username: other.username, password: TEST_PASSWORD },
      headers: { 'x-forwarded-for': '198.18.0.1' },
    })
    expect(ok.statusCode).toBe(200)
    // the lock of the stranger's client ends
    t.clock.advance(cfg.lockMinutes * 60_000 + 1000)
    expect((await from(stranger, TEST_PASSWORD)).statusCode).toBe(200)
  })

  test('changing the password ends the other sessions at once, and keeps the one that changed it', async () => {
    const user = await t.user({ role: 'VILLAGE_CADRE', region: R.village })
    const here = await t.login(user)
    const stolen = await t.login(user)
    const me = (s: typeof here) => t.call('GET', '/api/auth/me', { as: s })
    expect((await me(stolen)).statusCode).toBe(200) // now in the session cache too
    const changed = await t.call('POST', '/api/auth/password', {
      as: here,
      json: { currentPassword: TEST_PASSWORD, newPassword: 'Xj-other-pass-2026' },
    })
    expect(changed.statusCode).toBe(200)
    expect((await me(stolen)).statusCode).toBe(401)
    expect((await me(here)).statusCode).toBe(200)
    const audit = await t.deps.db
      .selectFrom('audit_event')
      .select('after')
      .where('subject_id', '=', user.id)
      .where('action', '=', 'user.password_change')
      .executeTakeFirstOrThrow()
    expect(audit.after).toMatchObject({ sessions_ended: 1 })
  })

  test('state-changing requests without the CSRF token are refused', async () => {
    const s = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const missing = await t.call('POST', '/api/auth/logout', { as: s, headers: { 'x-csrf-token': '' } })
    expect(missing.statusCode).toBe(403)
    expect(missing.json().error.code).toBe('CSRF_FAILED')
    const wrong = await t.call('POST', '/api/auth/logout', { as: s, headers: { 'x-csrf-token': 'forged' } })
    expect(wrong.json().error.code).toBe('CSRF_FAILED')
    const ok = await t.call('POST', '/api/auth/logout', { as: s })
    expect(ok.statusCode).toBe(200)
    const afterLogout = await t.call('GET', '/api/auth/me', { as: s })
    expect(afterLogout.json().error.code).toBe('UNAUTHENTICATED')
  })

  test('a resolved session is reused for a few seconds; logout, disabling and a password change apply at once', async () => {
    const ttl = t.deps.config.sessionCacheSeconds
    expect(ttl).toBeGreaterThan(0)
    const user = await t.user({ role: 'VILLAGE_CADRE', region: R.village })
    const s = await t.login(user)
    const me = () => t.call('GET', '/api/auth/me', { as: s })
    expect((await me()).statusCode).toBe(200)
    // revoked behind the server's back (another process, or SQL): honoured once the cached copy is older than ttl
    const row = await t.deps.db
      .selectFrom('session')
      .select('id')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow()
    await t.deps.db.updateTable('session').set({ revoked_at: t.clock.now() }).where('id', '=', row.id).execute()
    expect((await me()).statusCode).toBe(200)
    t.clock.advance(ttl * 1000)
    expect((await me()).statusCode).toBe(401)
    // through this process: at once
    const s2 = await t.login(user)
    expect((await t.call('GET', '/api/auth/me', { as: s2 })).statusCode).toBe(200)
    await setUserStatus(t.deps, systemActor, user.username, 'disabled')
    expect((await t.call('GET', '/api/auth/me', { as: s2 })).statusCode).toBe(401)
    await setUserStatus(t.deps, systemActor, user.username, 'active')
    const s3 = await t.login(user)
    expect((await t.call('GET', '/api/auth/me', { as: s3 })).statusCode).toBe(200)
    expect((await t.call('POST', '/api/auth/logout', { as: s3 })).statusCode).toBe(200)
    expect((await t.call('GET', '/api/auth/me', { as: s3 })).statusCode).toBe(401)
    // a password change ends the user's other sessions at once, cached or not; the changing one goes on
    const fresh = await t.user({ role: 'VILLAGE_CADRE', region: R.village, mustChange: true })
    const a = await t.login(fresh)
    const b = await t.login(fresh)
    const region = () => t.call('GET', `/api/regions/${R.village}`, { as: b })
    expect((await region()).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED')
    const changed = await t.call('POST', '/api/auth/password', {
      as: a,
      json: { currentPassword: TEST_PASSWORD, newPassword: 'Xj-new-pass-2026' },
    })
    expect(changed.statusCode).toBe(200)
    expect((await region()).statusCode).toBe(401)
    expect((await t.call('GET', `/api/regions/${R.village}`, { as: a })).statusCode).toBe(200)
  })

  test('an idle session expires', async () => {
    const s = await t.login(await t.user({ role: 'COUNTY_CA_ADMIN', region: R.county }))
    expect((await t.call('GET', '/api/auth/me', { as: s })).statusCode).toBe(200)
    t.clock.advance((t.deps.config.sessionIdleMinutes + 1) * 60_000)
    const res = await t.call('GET', '/api/auth/me', { as: s })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('SESSION_EXPIRED')
  })

  test('a new account must change its password first; the policy rejects weak passwords', async () => {
    const user = await t.user({ role: 'GRID_MEMBER', region: R.village, mustChange: true })
    const s = await t.login(user)
    const blocked = await t.call('GET', `/api/regions/${R.village}`, { as: s })
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED')
    const weak = await t.call('POST', '/api/auth/password', {
      as: s,
      json: { currentPassword: TEST_PASSWORD, newPassword: 'abcdefghij' },
    })
    expect(weak.json().error.code).toBe('PASSWORD_POLICY')
    const good = await t.call('POST', '/api/auth/password', {
      as: s,
      json: { currentPassword: TEST_PASSWORD, newPassword: 'Xj-new-pass-2026' },
    })
    expect(good.statusCode).toBe(200)
    expect((await t.call('GET', `/api/regions/${R.village}`, { as: s })).statusCode).toBe(200)
  })

  test('a disabled account cannot sign in', async () => {
    const user = await t.user({ role: 'HELPER', region: R.village })
    await t.deps.db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', user.id).execute()
    const res = await t.call('POST', '/api/auth/login', { json: { username: user.username, password: TEST_PASSWORD } })
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED')
  })

  test('login is rate limited per client: the attempt after the configured limit gets 429', async () => {
    let n = 0
    // a new name each time, so the per-account throttle (login-throttle.ts) does not answer first
    const attempt = (ip: string) =>
      t.call('POST', '/api/auth/login', {
        json: { username: `nobody${n++}`, password: 'x' },
        headers: { 'x-forwarded-for': ip },
      })
    const first = await attempt('203.0.113.9')
    // the limit as the route is configured (auth.routes.ts), announced by the rate limiter on every answer
    const limit = Number(first.headers['x-ratelimit-limit'])
    expect(Number.isInteger(limit) && limit > 1, String(first.headers['x-ratelimit-limit'])).toBe(true)
    const answers = [first]
    for (let i = 1; i < limit + 2; i++) answers.push(await attempt('203.0.113.9'))
    const statuses = answers.map((r) => r.statusCode)
    expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(first.statusCode))
    expect(first.statusCode).not.toBe(429)
    expect(statuses.slice(limit)).toEqual([429, 429])
    expect(answers[limit]?.json().error.code).toBe('RATE_LIMITED')
    expect(Number(answers[limit - 1]?.headers['x-ratelimit-remaining'])).toBe(0)
    // another client is counted on its own
    expect((await attempt('203.0.113.10')).statusCode).toBe(first.statusCode)
  })

  test('separation of duties: the recorder cannot approve', async () => {
    const user = await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county })
    const actor = actorFromUser(user)
    expect(() => assertNotSameActor(actor, user.id, { zh: '录入人不能审批', en: 'recorder cannot approve' })).toThrow(
      expect.objectContaining({ code: 'SEPARATION_OF_DUTY' }),
    )
    expect(() => assertNotSameActor(actor, 'someone-else', { zh: 'x', en: 'x' })).not.toThrow()
  })
})
