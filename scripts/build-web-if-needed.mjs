#!/usr/bin/env node
// Builds the web app when packages/web/dist is missing or older than any source file, so `npm start` is quick on
// later runs and never serves a stale build.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const web = new URL('../packages/web/', import.meta.url).pathname
const built = join(web, 'dist', 'index.html')

function newest(path) {
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let max = st.mtimeMs
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)))
  return max
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(web, p)).filter(existsSync)
const stale = !existsSync(built) || sources.some((p) => newest(p) > statSync(built).mtimeMs)
if (!stale) process.exit(0)
console.log('building the web app (packages/web) …')
const res = spawnSync('npm', ['run', 'build', '-w', '@xianjie/web'], { stdio: 'inherit' })
process.exit(res.status ?? 1)
