/**
 * The server: `npm start`. Migrates, seeds the demo county on first start (resumably), serves the API and the web app
 * on loopback while demo accounts exist, and on SIGTERM/SIGINT stops within `shutdownGraceMs` whatever is running.
 */
import { buildApp, openPlatform } from './app.ts'
import { listenHost, loadConfig } from './platform/config.ts'
import { activeDemoAccounts, seedDemo } from './seed.ts'

const started = Date.now()
const config = loadConfig()
let stop: ((signal: string) => void) | undefined
let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    // Whatever is still running (a slow query, a seeding step, a request) gets the grace period, then the process
    // exits: its embedded database recovers from its log on the next start, PostgreSQL rolls the session back.
    setTimeout(() => {
      console.error(`still busy ${config.shutdownGraceMs} ms after ${signal}: exiting without waiting`)
      process.exit(1)
    }, config.shutdownGraceMs).unref()
    if (stop) stop(signal)
    else process.exit(0) // nothing to close yet
  })
}

const platform = await openPlatform(config)
stop = async () => {
  await platform.close()
  process.exit(0)
}
if (config.seedDemo) {
  const seeded = await seedDemo(platform.deps, config.demoCounty, (line) => console.log(line))
  if (seeded) {
    console.log(
      `seeded demo county ${config.demoCounty}: ${seeded.regions} regions, ${seeded.users} users, ${seeded.households} households with ${seeded.persons} persons`,
    )
  }
}
const app = await buildApp(platform.deps, { logger: { level: config.logLevel } })
const { host, warning } = listenHost(config.host, await activeDemoAccounts(platform.deps))
if (warning) console.warn(`\n${'!'.repeat(80)}\n${warning}\n${'!'.repeat(80)}\n`)
stop = async () => {
  await app.close()
  await platform.close()
  process.exit(0)
}
await app.listen({ port: config.port, host })
const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
console.log(
  `xianjie ${platform.deps.version} listening on http://${shown}:${config.port} (db: ${platform.deps.dbKind}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
)
if (host === '127.0.0.1' && !config.host) {
  console.log('listening on 127.0.0.1 only while demo accounts exist: README, Operations, says how to expose it')
}
if (platform.deps.dbKind === 'pglite') {
  console.log(`embedded database in ${config.dataDir}: for trials and a single county; run production on PostgreSQL`)
}
