/**
 * Builds one migrated database with the demo province's regions, once per test run: a PGlite dump that each test
 * file starts from, or (with DATABASE_URL) a PostgreSQL template database each test file clones.
 */
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { systemActor } from '../src/modules/auth/actor.ts'
import { importRegions } from '../src/modules/regions/regions.service.ts'
import { systemClock } from '../src/platform/clock.ts'
import { openDatabase } from '../src/platform/db.ts'
import { migrateToLatest } from '../src/platform/migrate.ts'

export const TEST_PROVINCE = '62'

declare module 'vitest' {
  interface ProvidedContext {
    pgliteTemplate: string
    pgTemplate: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL
  if (url) {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    const name = `xj_tpl_${process.pid}`
    await admin.query(`drop database if exists ${name}`)
    await admin.query(`create database ${name}`)
    const tplUrl = new URL(url)
    tplUrl.pathname = `/${name}`
    const h = await openDatabase({ url: tplUrl.toString(), poolSize: 2 })
    await migrateToLatest(h.db)
    await importRegions({ db: h.db, clock: systemClock }, systemActor, TEST_PROVINCE)
    await h.close()
    project.provide('pgTemplate', name)
    project.provide('pgliteTemplate', '')
    return async () => {
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    }
  }
  const h = await openDatabase({})
  await migrateToLatest(h.db)
  await importRegions({ db: h.db, clock: systemClock }, systemActor, TEST_PROVINCE)
  const file = join(tmpdir(), `xianjie-test-template-${process.pid}.tar.gz`)
  writeFileSync(file, await h.dump())
  await h.close()
  project.provide('pgliteTemplate', file)
  project.provide('pgTemplate', '')
  return async () => {}
}
