/**
 * The vitest configuration that mutation testing runs (`npm run test:mutation`, `stryker.config.mjs`): the rules
 * project alone, as in `vitest.config.ts`, so that a mutant of the rules package never starts the server's tests.
 * Instrumented code is several times slower, hence the longer limit; the check of every NBS division code is left
 * out (vitest.mutation.setup.mjs says why).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'rules',
    root: 'packages/rules',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: [fileURLToPath(new URL('./vitest.mutation.setup.mjs', import.meta.url))],
    testTimeout: 600_000,
  },
})
