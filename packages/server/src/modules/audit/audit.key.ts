/**
 * The key that seals the audit log (HMAC-SHA256 of every row and of every anchor, ADR 0005). It never lives in the
 * database: it comes from `XIANJIE_AUDIT_KEY`, else from the file `XIANJIE_AUDIT_KEY_FILE` (default
 * `<XIANJIE_DATA_DIR>/audit.key`, beside the embedded database's `pglite/` directory, so a database backup does not
 * carry it). When that file does not exist it is made once, with 32 random bytes and mode 0600; a key file that other
 * users may read is refused. Whoever can change the database but not read this key cannot rewrite the log unseen.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type Config, loadConfig } from '../../platform/config.ts'

/** A loaded key and where it came from (shown by the CLI, never the key itself). */
export interface AuditKey {
  bytes: Buffer
  source: string
}

/** Reads (or on first use makes) the audit key that `settings` describe. */
export function loadAuditKey(settings: Config['audit']): AuditKey {
  if (settings.key !== undefined) return { bytes: Buffer.from(settings.key, 'utf8'), source: 'XIANJIE_AUDIT_KEY' }
  const file = settings.keyFile
  if (!existsSync(file)) createKeyFile(file)
  const mode = statSync(file).mode & 0o777
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(
      `audit key file ${file} can be read by other users (mode ${mode.toString(8)}): run chmod 600 ${file}`,
    )
  }
  const text = readFileSync(file, 'utf8').trim()
  if (text.length < 32) throw new Error(`audit key file ${file} holds fewer than 32 characters: not a usable key`)
  return { bytes: Buffer.from(text, 'utf8'), source: file }
}

/** Writes a new random key to `file` unless another process got there first (link() is atomic and never replaces). */
function createKeyFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 })
  try {
    linkSync(tmp, file)
    process.stderr.write(
      `xianjie: made a new audit key in ${file}. Keep a copy away from this machine: without it the audit log cannot be verified.\n`,
    )
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    rmSync(tmp, { force: true })
  }
}

let current: AuditKey | undefined

/** The key of this process: the configured one, loaded on first use. */
export function auditKey(): AuditKey {
  current ??= loadAuditKey(loadConfig().audit)
  return current
}
