import type { Kysely } from 'kysely'
import type { HouseholdSearchIndex } from '../modules/households/search-index.ts'
import type { Clock } from './clock.ts'
import type { Config } from './config.ts'
import type { Database } from './database.ts'
import type { DbKind } from './db.ts'
import type { JobQueue } from './jobs.ts'

/** What services need from the platform, passed explicitly (no container). */
export interface AppDeps {
  db: Kysely<Database>
  dbKind: DbKind
  config: Config
  clock: Clock
  jobs: JobQueue
  version: string
  /** The household search from memory; absent in scripts that open the database without a server. */
  searchIndex?: HouseholdSearchIndex
}
