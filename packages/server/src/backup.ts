/**
 * Backup and restore of the embedded database (`xianjie backup` / `restore`). A backup is a snapshot taken between
 * transactions after a checkpoint, through the running server when it holds the data dir (so it is consistent
 * whatever the server is doing), and it is written only after a copy opened from it shows the same row counts. A
 * restore opens the backup in a sibling folder, checks it, and swaps it in by renames; on any failure the data dir is
 * left exactly as it was. On PostgreSQL these are pg_dump and pg_restore.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { sql } from 'kysely'
import { acquireDataLock, lockedError } from './platform/data-lock.ts'
import { type DbHandle, openDatabase } from './platform/db.ts'
import { AppError } from './platform/errors.ts'

/** Tables whose row counts a backup is checked against. */
export const CHECKED_TABLES = ['kysely_migration', 'app_user', 'region', 'household', 'person', 'audit_event']

/** Row counts of the checked tables in a database opened from `bytes`; throws BACKUP_INVALID when it cannot open. */
async function countsOf(bytes: Uint8Array, file: string, dataDir?: string): Promise<Record<string, number>> {
  let copy: DbHandle
  try {
    copy = await openDatabase({ loadFrom: bytes, dataDir, prepareAfter: 0 })
  } catch (err) {
    throw new AppError('BACKUP_INVALID', {
      file,
      reason: `无法打开（${(err as Error).message.split('\n')[0]}）`,
      reasonEn: `it does not open (${(err as Error).message.split('\n')[0]})`,
    })
  }
  try {
    const counts: Record<string, number> = {}
    for (const table of CHECKED_TABLES) {
      const exists = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(copy.db)
      if (!exists.rows[0]?.t) continue
      const n = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(copy.db)
      counts[table] = n.rows[0]?.n ?? 0
    }
    return counts
  } finally {
    await copy.close()
  }
}

function sameCounts(expected: Record<string, number>, got: Record<string, number>, file: string): void {
  const diff = Object.keys(expected).filter((t) => expected[t] !== got[t])
  if (diff.length === 0 && (expected.kysely_migration ?? 0) > 0) return
  const what = diff.map((t) => `${t} ${expected[t]} → ${got[t] ?? '无/none'}`).join(', ') || 'kysely_migration 0'
  throw new AppError('BACKUP_INVALID', { file, reason: `内容与数据库不符：${what}`, reasonEn: `it differs: ${what}` })
}

export interface BackupResult {
  out: string
  bytes: number
  counts: Record<string, number>
  /** Pid of the running server the snapshot was taken through, if any. */
  throughServer: number | undefined
}

/**
 * Writes a checked snapshot of the embedded database in `pgliteDir` to `out` (through `out.partial`). A running server
 * takes the snapshot between transactions; after `waitSeconds` without such a moment the backup gives up.
 */
export async function backupEmbedded(pgliteDir: string, out: string, waitSeconds = 120): Promise<BackupResult> {
  const handle = await openDatabase({
    dataDir: pgliteDir,
    attach: true,
    purpose: { zh: '备份', en: 'be backed up' },
    prepareAfter: 0,
  })
  let snap: Awaited<ReturnType<DbHandle['snapshot']>>
  let timer: NodeJS.Timeout | undefined
  try {
    const waited = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AppError('PRECONDITION_FAILED', {
              reason: `服务器在 ${waitSeconds} 秒内一直有未结束的事务（如正在进行的导入、人口生成），未能取得一致的备份；请在其结束后重试`,
              reasonEn: `the server kept a transaction open for ${waitSeconds} s (an import or a population being written, for example), so no consistent backup could be taken; retry when it has finished`,
            }),
          ),
        waitSeconds * 1000,
      )
    })
    snap = await Promise.race([handle.snapshot(CHECKED_TABLES), waited])
  } finally {
    clearTimeout(timer)
    await handle.close()
  }
  sameCounts(snap.counts, await countsOf(snap.data, out), out)
  mkdirSync(dirname(out), { recursive: true })
  const partial = `${out}.partial`
  writeFileSync(partial, snap.data)
  renameSync(partial, out)
  return { out, bytes: snap.data.length, counts: snap.counts, throughServer: handle.attachedTo }
}

/**
 * Replaces the embedded database in `pgliteDir` with the backup `file`: refused while a server holds the folder;
 * the backup is opened in `<dir>.restoring`, checked, and renamed into place (the old folder is removed only after).
 */
export async function restoreEmbedded(
  pgliteDir: string,
  file: string,
  force: boolean,
): Promise<{ counts: Record<string, number> }> {
  const lock = acquireDataLock(pgliteDir)
  if ('heldBy' in lock) throw lockedError(pgliteDir, lock.heldBy, { zh: '恢复备份', en: 'be restored into' })
  const staging = `${pgliteDir}.restoring`
  const previous = `${pgliteDir}.previous`
  try {
    if (existsSync(pgliteDir) && !force) {
      throw new AppError('ALREADY_EXISTS', {
        what: `数据目录 ${pgliteDir}（确认要以备份替换时加 --force）`,
        whatEn: `The data dir ${pgliteDir} (add --force to replace it with the backup)`,
      })
    }
    rmSync(staging, { recursive: true, force: true })
    const counts = await countsOf(new Uint8Array(readFileSync(file)), file, staging)
    sameCounts(counts, counts, file) // a database without migrations is not a backup of this platform
    rmSync(previous, { recursive: true, force: true })
    const had = existsSync(pgliteDir)
    if (had) renameSync(pgliteDir, previous)
    try {
      renameSync(staging, pgliteDir)
    } catch (err) {
      if (had) renameSync(previous, pgliteDir)
      throw err
    }
    rmSync(previous, { recursive: true, force: true })
    return { counts }
  } finally {
    rmSync(staging, { recursive: true, force: true })
    rmSync(`${staging}.lock`, { force: true })
    lock.release()
  }
}
