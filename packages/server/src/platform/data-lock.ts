/**
 * The lock of an embedded data dir: a file `<dir>.lock` beside the PGlite folder, created exclusively by whoever opens
 * the folder (server or CLI) and holding its pid, host, start time and the Unix socket its database answers on. A
 * second process that finds the lock held by a live process does not open the folder (two PGlite instances on one
 * folder lose writes: issue 17 finding 4): the CLI talks to the running server's database through that socket
 * instead, and a restore refuses. A lock left by a killed process (pid gone, or reused by another program) is stale
 * and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { AppError } from './errors.ts'

export interface LockInfo {
  pid: number
  host: string
  /** When the holder took the lock (ISO). */
  startedAt: string
  /** Start time of the holder's process in clock ticks since boot (`/proc/<pid>/stat` field 22), to tell pid reuse. */
  procStart: string | null
  /** Folder of the Unix socket the holder's database answers on (PostgreSQL wire protocol), once it is listening. */
  socketDir: string | null
}

export interface DataLock {
  readonly path: string
  /** Records the socket folder of the database the holder serves. */
  setSocketDir(dir: string): void
  release(): void
}

/** Path of the lock file of a data folder. */
export const lockPath = (dataDir: string) => `${dataDir}.lock`

function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // fields after the command name (which may hold spaces) start after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Reads the lock of `dataDir`; `null` when there is none or it is stale (its process has ended). */
export function liveHolder(dataDir: string): LockInfo | null {
  let info: LockInfo
  try {
    info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    return null // half-written or garbage: the writer died between create and write
  }
  if (info.host !== hostname()) return info // another machine on a shared disk: we cannot tell, so it holds
  if (info.pid === process.pid) return info
  if (!alive(info.pid)) return null
  const now = procStart(info.pid)
  if (info.procStart && now && now !== info.procStart) return null // the pid now belongs to another process
  return info
}

/** The coded error for a data folder held by another process, saying who holds it and what to do. */
export function lockedError(dataDir: string, holder: LockInfo, doing: { zh: string; en: string }): AppError {
  return new AppError('DATA_DIR_LOCKED', {
    dir: dataDir,
    pid: holder.pid,
    host: holder.host,
    since: holder.startedAt,
    doing: doing.zh,
    doingEn: doing.en,
  })
}

/**
 * Takes the lock of `dataDir` or returns the live holder's record. Creation is exclusive (`wx`), so of two processes
 * racing only one wins; a stale lock is removed once and the creation retried.
 */
export function acquireDataLock(dataDir: string): DataLock | { heldBy: LockInfo } {
  const path = lockPath(dataDir)
  mkdirSync(dirname(path), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number
    try {
      fd = openSync(path, 'wx', 0o600)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = liveHolder(dataDir)
      if (holder) return { heldBy: holder }
      rmSync(path, { force: true })
      continue
    }
    const info: LockInfo = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      procStart: procStart(process.pid),
      socketDir: null,
    }
    writeSync(fd, JSON.stringify(info))
    closeSync(fd)
    let released = false
    const release = () => {
      if (released) return
      released = true
      process.off('exit', release)
      // only our own lock: never remove one a later holder took over
      if (liveHolder(dataDir)?.pid === process.pid) rmSync(path, { force: true })
    }
    process.on('exit', release)
    return {
      path,
      setSocketDir(dir) {
        info.socketDir = dir
        writeFileSync(path, JSON.stringify(info))
      },
      release,
    }
  }
  const holder = liveHolder(dataDir)
  if (holder) return { heldBy: holder }
  throw new Error(`could not take the lock ${path}`)
}
