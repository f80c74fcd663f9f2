/**
 * The check that a page speaks officials' language: its visible text has no UUID, no upper-case enum code
 * (`ELIMINATED`, `MED_HIGH_OOP_GENERAL`), no dotted parameter or action key (`monitoring.threshold`, `auth.login`),
 * no `snake_case` identifier and no specification section number (`§7.1`). Journeys call it on every page they
 * open, in both languages.
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

const patterns: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, 'UUID'],
  [/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, 'enum code'],
  [
    /\b(?:ACTIVE|ELIMINATED|CLOSED|DRAFT|APPROVED|PAYING|RURAL|URBAN|PENDING|OPEN|GENERAL|MARGINAL|ASSUMPTION|LOCAL|SOURCED)\b/g,
    'enum code',
  ],
  [/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, 'snake_case identifier'],
  [/\b[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)*\b/g, 'dotted key'],
  [/§\s*\d/g, 'section number'],
]

/** Words that look like codes but are what officials write (login names shown on purpose are not among them). */
const allowed = new Set(['www.gov.cn', 'e.g'])

/** Problems found in a text: `kind: token`, at most one per token. */
export function codeLikeTokens(text: string): string[] {
  const found = new Set<string>()
  for (const [re, kind] of patterns) {
    for (const m of text.matchAll(re)) if (!allowed.has(m[0])) found.add(`${kind}: ${m[0]}`)
  }
  return [...found]
}

/** Fails the test when the page's visible text (inputs' values included) has code-like tokens. */
export async function expectOfficialText(page: Page, where: string): Promise<void> {
  // a string, not a function: this package is type-checked without the DOM library
  const text = await page.evaluate<string>(
    `document.body.innerText + '\\n' + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\\n')`,
  )
  expect(codeLikeTokens(text), `${where}: internal codes on screen`).toEqual([])
}
