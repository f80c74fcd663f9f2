/** The server: `npm start`. Migrates, seeds the demo county on first start, serves the API and the web app. */
import { buildApp, openPlatform } from './app.ts'
import { loadConfig } from './platform/config.ts'
import { seedDemo } from './seed.ts'

const started = Date.now()
const config = loadConfig()
const platform = await openPlatform(config)
if (config.seedDemo) {
  const seeded = await seedDemo(platform.deps, config.demoCounty)
  if (seeded) {
    console.log(
      `seeded demo county ${config.demoCounty}: ${seeded.regions} regions, ${seeded.users} users, ${seeded.households} households with ${seeded.persons} persons`,
    )
  }
}
const app = await buildApp(platform.deps, { logger: { level: config.logLevel } })
await app.listen({ port: config.port, host: config.host })
console.log(
  `xianjie ${platform.deps.version} listening on http://localhost:${config.port} (db: ${platform.deps.dbKind}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
)
if (platform.deps.dbKind === 'pglite') {
  console.log(`embedded database in ${config.dataDir}: for trials and a single county; run production on PostgreSQL`)
}

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return
    closing = true
    await app.close()
    await platform.close()
    process.exit(0)
  })
}
