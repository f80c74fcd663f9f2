/**
 * Safe serving defaults (issue 17 finding 13): loopback while demo accounts exist, a loud warning when told to listen
 * further, and the web app's hashed assets sent precompressed with a year-long immutable cache while index.html is
 * revalidated.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../test/harness.ts'
import { systemActor } from '../modules/auth/actor.ts'
import { addUser, resolveSession, setUserStatus } from '../modules/auth/auth.service.ts'
import { activeDemoAccounts } from '../seed.ts'
import { listenHost } from './config.ts'
import { buildHttp } from './http.ts'

const t = useTestPlatform({ runJobs: false })
const web = mkdtempSync(join(tmpdir(), 'xianjie-web-'))
afterAll(() => rmSync(web, { recursive: true, force: true }))

describe('where the server listens', () => {
  test('loopback by default while active demo accounts exist, every interface when there are none', async () => {
    const before = await activeDemoAccounts(t.deps)
    expect(listenHost(undefined, 0)).toEqual({ host: '0.0.0.0' })
    const user = await addUser(t.deps, systemActor, {
      username: `demo_${Date.now()}`,
      password: 'Xianjie@2026',
      roles: ['COUNTY_RR_ADMIN'],
      regionCode: R.county,
      isDemo: true,
    })
    const demos = await activeDemoAccounts(t.deps)
    expect(demos).toBe(before + 1)
    expect(listenHost(undefined, demos)).toEqual({ host: '127.0.0.1' })
    expect(listenHost('127.0.0.1', demos).warning).toBeUndefined()
    // told to listen on every interface with demo accounts present: it does, and says so loudly
    const open = listenHost('0.0.0.0', demos)
    expect(open.host).toBe('0.0.0.0')
    expect(open.warning).toMatch(/WARNING: listening on 0\.0\.0\.0 while \d+ demo accounts/)
    expect(open.warning).toMatch(/演示账号/)
    await setUserStatus(t.deps, systemActor, user.username, 'disabled')
    expect(await activeDemoAccounts(t.deps)).toBe(before)
  })
})

describe('the web app', () => {
  const js = `console.log(${JSON.stringify('衔接'.repeat(2000))})`
  mkdirSync(join(web, 'assets'), { recursive: true })
  writeFileSync(join(web, 'index.html'), '<!doctype html><script src="/assets/index-B4x9_kQz.js"></script>')
  writeFileSync(join(web, 'assets', 'index-B4x9_kQz.js'), js)
  writeFileSync(join(web, 'assets', 'index-B4x9_kQz.js.br'), brotliCompressSync(js))
  writeFileSync(join(web, 'assets', 'index-B4x9_kQz.js.gz'), gzipSync(js))

  const build = () =>
    buildHttp(t.deps, { resolveSession: (token) => resolveSession(t.deps, token), routes: [], webDist: web })

  test('hashed assets are sent compressed and cached for a year; index.html is revalidated', async () => {
    const app = await build()
    try {
      const br = await app.inject({ url: '/assets/index-B4x9_kQz.js', headers: { 'accept-encoding': 'br, gzip' } })
      expect(br.statusCode).toBe(200)
      expect(br.headers['content-encoding']).toBe('br')
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(js)
      const gz = await app.inject({ url: '/assets/index-B4x9_kQz.js', headers: { 'accept-encoding': 'gzip' } })
      expect(gz.headers['content-encoding']).toBe('gzip')
      const plain = await app.inject({ url: '/assets/index-B4x9_kQz.js', headers: { 'accept-encoding': 'identity' } })
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body).toBe(js)
      for (const url of ['/', '/households/123']) {
        const page = await app.inject({ url })
        expect(page.statusCode).toBe(200)
        expect(page.headers['cache-control']).toBe('no-cache')
        expect(page.body).toContain('/assets/index-B4x9_kQz.js')
      }
    } finally {
      await app.close()
    }
  })
})
