/**
 * Writers of generated rows. PostgreSQL: `COPY … FROM STDIN` (text format) on a dedicated connection. PGlite: one
 * multi-row `INSERT … SELECT FROM json_populate_recordset($1)` per table and batch (a single parameter, so no limit
 * on rows per statement); COPY FROM STDIN through the embedded database's socket loses protocol synchronisation and
 * kills the connection (tried with PGlite 0.5.17), so it is not attempted there.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sql, type Transaction } from 'kysely'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Database } from '../../platform/database.ts'
import { type Batch, COLUMNS, copyLine, jsonRows, TABLES } from './rows.ts'

export interface RowWriter {
  kind: 'copy' | 'insert'
  write(batch: Batch): Promise<void>
}

export function copyWriter(client: pg.ClientBase): RowWriter {
  return {
    kind: 'copy',
    async write(batch) {
      for (const table of TABLES) {
        const rows = batch[table]
        if (rows.length === 0) continue
        const stream = client.query(copyFrom(`COPY ${table} (${COLUMNS[table].join(', ')}) FROM STDIN`))
        // Chunks of ~1,000 lines keep memory flat without a write call per row.
        const chunks = function* () {
          for (let i = 0; i < rows.length; i += 1000) {
            let s = ''
            for (const r of rows.slice(i, i + 1000)) s += copyLine(r)
            yield s
          }
        }
        await pipeline(Readable.from(chunks()), stream)
      }
    },
  }
}

export function insertWriter(trx: Transaction<Database>): RowWriter {
  return {
    kind: 'insert',
    async write(batch) {
      for (const table of TABLES) {
        const rows = batch[table]
        if (rows.length === 0) continue
        const cols = sql.join(COLUMNS[table].map((c) => sql.ref(c)))
        await sql`insert into ${sql.table(table)} (${cols}) select ${cols} from json_populate_recordset(null::${sql.table(table)}, ${jsonRows(table, rows)}::json)`.execute(
          trx,
        )
      }
    },
  }
}
