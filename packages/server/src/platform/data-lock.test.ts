/**
 * The embedded data dir's lock (issue 17 finding 4): one holder at a time, a live holder is reported with its pid,
 * a lock left by a dead process (or a reused pid) is taken over, and a holder releases only its own lock.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { acquireDataLock, type LockInfo, liveHolder, lockPath } from './data-lock.ts'

const root = mkdtempSync(join(tmpdir(), 'xianjie-lock-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const info = (pid: number, procStart: string | null = null): LockInfo => ({
  pid,
  host: hostname(),
  startedAt: new Date().toISOString(),
  procStart,
  socketDir: null,
})

describe('the data-dir lock', () => {
  test('one holder at a time; released, the next one takes it', () => {
    const dir = join(root, 'a', 'pglite')
    const first = acquireDataLock(dir)
    if ('heldBy' in first) throw new Error('expected the lock')
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() })
    // the same process asking again (a second open in this process) is refused too: the holder is live
    const second = acquireDataLock(dir)
    expect('heldBy' in second && second.heldBy.pid).toBe(process.pid)
    first.setSocketDir('/tmp/sock')
    expect(liveHolder(dir)?.socketDir).toBe('/tmp/sock')
    first.release()
    expect(existsSync(lockPath(dir))).toBe(false)
    const third = acquireDataLock(dir)
    expect('heldBy' in third).toBe(false)
    if (!('heldBy' in third)) third.release()
  })

  test('a live other process holds it; a dead one, a reused pid or a garbled file do not', async () => {
    const dir = join(root, 'b', 'pglite')
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    mkdirSync(join(root, 'b'), { recursive: true })
    try {
      writeFileSync(lockPath(dir), JSON.stringify(info(child.pid!)))
      const held = acquireDataLock(dir)
      expect('heldBy' in held && held.heldBy.pid).toBe(child.pid)
      // the same pid but another process start time: the pid was reused after the holder died
      writeFileSync(lockPath(dir), JSON.stringify(info(child.pid!, '1')))
      expect(liveHolder(dir)).toBeNull()
    } finally {
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
    }
    // the holder is gone (kill -9 leaves its file behind): stale, taken over
    writeFileSync(lockPath(dir), JSON.stringify(info(child.pid!)))
    const taken = acquireDataLock(dir)
    if ('heldBy' in taken) throw new Error('a dead holder must not keep the lock')
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.pid)
    taken.release()
    writeFileSync(lockPath(dir), '{"pid": 1') // half-written by a process that died
    const again = acquireDataLock(dir)
    expect('heldBy' in again).toBe(false)
    if (!('heldBy' in again)) again.release()
  })

  test('a release never removes a lock another process took over', () => {
    const dir = join(root, 'c', 'pglite')
    const mine = acquireDataLock(dir)
    if ('heldBy' in mine) throw new Error('expected the lock')
    writeFileSync(lockPath(dir), JSON.stringify(info(process.ppid)))
    mine.release()
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.ppid)
  })
})
