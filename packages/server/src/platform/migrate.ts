import { readdir } from 'node:fs/promises'
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely'
import type { Database } from './database.ts'

const folder = new URL('../migrations/', import.meta.url)

/** Loads every `src/migrations/*.ts` file, ordered by its timestamped name. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    const files = (await readdir(folder)).filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_.+\.ts$/.test(f)).sort()
    const out: Record<string, Migration> = {}
    for (const f of files) out[f.replace(/\.ts$/, '')] = (await import(new URL(f, folder).href)) as Migration
    return out
  },
}

/** Brings the schema to the latest version; throws naming the migration that failed. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error)
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String((error as Error).message ?? error)}`)
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
