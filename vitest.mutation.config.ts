/**
 * The vitest configuration that mutation testing runs (`npm run test:mutation`, `stryker.config.mjs`): the rules
 * project alone, as in `vitest.config.ts`, so that a mutant of the rules package never starts the server's tests.
 * Instrumented code is several times slower: the check of every NBS division code (regionCode.test.ts, 10 s plain)
 * needs more than vitest's default limit.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'rules',
    root: 'packages/rules',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 600_000,
  },
})
