import { sql, type Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'

type Trx = Transaction<Database>

/** Inserts plain objects (keys = columns) into `table`, `chunk` rows per statement. */
export async function bulkInsert(
  trx: Trx,
  table: keyof Database,
  rows: ReadonlyArray<Record<string, unknown>>,
  chunk = 5000,
): Promise<void> {
  if (rows.length === 0) return
  const cols = Object.keys(rows[0] as object)
  const list = sql.join(cols.map((c) => sql.ref(c)))
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(rows.slice(i, i + chunk))
    await sql`insert into ${sql.table(table)} (${list}) select ${list} from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`.execute(
      trx,
    )
  }
}
