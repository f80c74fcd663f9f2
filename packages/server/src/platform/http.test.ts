import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../test/harness.ts'

const t = useTestPlatform()

function expectErrorBody(body: string, code: string) {
  const parsed = JSON.parse(body)
  expect(parsed.error.code).toBe(code)
  expect(typeof parsed.error.message).toBe('string')
  expect(parsed.error.message.length).toBeGreaterThan(0)
  expect(body).not.toMatch(/at .*\.ts:\d+/) // never a stack trace
}

describe('API conventions and bad input', () => {
  test('health answers with the database kind and version', async () => {
    await t.deps.searchIndex!.settled() // start-up has chosen the counties to read (none: the database is empty)
    const res = await t.call('GET', '/api/health')
    expect(res.json()).toEqual({
      status: 'ok',
      db: t.deps.dbKind,
      version: t.deps.version,
      searchIndex: { ready: 0, building: 0, starting: false },
      detailCache: { hits: expect.any(Number), misses: expect.any(Number), size: expect.any(Number), capacity: 5000 },
    })
    expect(res.headers['x-request-id']).toBeTruthy()
  })

  test('malformed JSON gets MALFORMED_JSON, not a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    })
    expect(res.statusCode).toBe(400)
    expectErrorBody(res.body, 'MALFORMED_JSON')
  })

  test('unknown fields are rejected with the field named', async () => {
    const res = await t.call('POST', '/api/auth/login', { json: { username: 'a', password: 'b', admin: true } })
    expect(res.statusCode).toBe(400)
    expectErrorBody(res.body, 'VALIDATION_FAILED')
    expect(res.body).toContain('admin')
  })

  test('an oversized body gets PAYLOAD_TOO_LARGE', async () => {
    const res = await t.call('POST', '/api/auth/login', { json: { username: 'a', password: 'x'.repeat(2_000_000) } })
    expect(res.statusCode).toBe(413)
    expectErrorBody(res.body, 'PAYLOAD_TOO_LARGE')
  })

  test('messages follow Accept-Language', async () => {
    const zh = await t.call('GET', '/api/auth/me')
    const en = await t.call('GET', '/api/auth/me', { headers: { 'accept-language': 'en-US,en;q=0.9' } })
    expectErrorBody(zh.body, 'UNAUTHENTICATED')
    expect(zh.json().error.message).toMatch(/登录/)
    expect(en.json().error.message).toMatch(/sign in/i)
  })

  test('an invalid region code in the URL is a validation error naming the rule', async () => {
    const s = await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const res = await t.call('GET', '/api/regions/12ab/children', { as: s })
    expect(res.statusCode).toBe(400)
    expectErrorBody(res.body, 'VALIDATION_FAILED')
    expect(res.body).toContain('12 digits')
  })

  test('unknown API routes get the error body with 404', async () => {
    const res = await t.call('GET', '/api/nothing-here')
    expect(res.statusCode).toBe(404)
    expectErrorBody(res.body, 'NOT_FOUND')
  })

  test('the OpenAPI 3.1 document lists the routes with their schemas', async () => {
    const res = await t.call('GET', '/api/openapi.json')
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/auth/login', '/api/regions/{code}/children', '/api/audit']),
    )
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeTruthy()
  })
})
