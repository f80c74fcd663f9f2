/**
 * A journey on its own server (fresh embedded database, 300 demo persons, a clock the journey can move) with a browser:
 * sign-in pages per demo user and JSON calls as that user. Registers its own beforeAll/afterAll.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { launch, login } from './browser.ts'
import { type RunningServer, startServer } from './server.ts'

export interface OwnServer {
  readonly baseUrl: string
  /** Moves the server's clock to `days` after its start. */
  travelTo(days: number): Promise<void>
  /** A new page signed in as the demo user. */
  page(username: string): Promise<Page>
  /** GET as the page's user; expects 200 and returns `data`. */
  get<T>(p: Page, path: string): Promise<T>
  /** POST as the page's user (with the CSRF header); expects 200 and returns `data`. */
  post<T>(p: Page, path: string, data: unknown): Promise<T>
}

export function useOwnServer(): OwnServer {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startServer({ persons: 300, clock: true })
    browser = await launch()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  const csrf = async (p: Page) => (await p.context().cookies()).find((c) => c.name === 'xj_csrf')?.value ?? ''
  const data = async <T>(res: { status(): number; json(): Promise<unknown> }): Promise<T> => {
    const body = (await res.json()) as { data: T }
    expect(res.status(), JSON.stringify(body)).toBe(200)
    return body.data
  }
  const own: OwnServer = {
    get baseUrl() {
      if (!server) throw new Error('the server starts in beforeAll')
      return server.baseUrl
    },
    travelTo: (days) => server!.travel(days),
    async page(username) {
      const p = await browser!.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
      await login(p, own.baseUrl, username)
      return p
    },
    get: async (p, path) => data(await p.request.get(`${own.baseUrl}${path}`)),
    post: async (p, path, body) =>
      data(await p.request.post(`${own.baseUrl}${path}`, { headers: { 'x-csrf-token': await csrf(p) }, data: body })),
  }
  return own
}
