/** Launches Debian's Chromium through playwright-core and keeps screenshots under e2e/artifacts/. */
import { mkdirSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

export const artifacts = new URL('./artifacts/', import.meta.url).pathname

export async function launch(): Promise<Browser> {
  mkdirSync(artifacts, { recursive: true })
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // The users are in China, and so is the browser's clock (screenshots show China's times). Forms date by the
    // day in China in any zone: the households journey checks that in a context on another zone (timezoneId).
    env: { ...process.env, TZ: 'Asia/Shanghai' },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * A Chromium for the calling test file: launched before its tests and closed after them. Call it at the file's top
 * level, `const chrome = useBrowser()`, and open pages with `chrome.browser.newPage(…)` inside the tests.
 */
export function useBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll')
      return browser
    },
  }
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true })
}

/** The demo users' password (README). */
export const DEMO_PASSWORD = 'Xianjie@2026'

/** Signs a demo user in through the login page and waits for the shell. */
export async function login(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.locator('[data-test=login-username]').fill(username)
  await page.locator('[data-test=login-password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
  // The side menu on a wide screen, its toggle on a phone: either means the shell is up.
  await page.locator('[data-test=nav], [data-test=nav-toggle]').first().waitFor()
}
