// Preload for journeys that run their own server (e2e/server.ts with clock: true): shifts the process clock by the number of milliseconds written
// in the file named by XIANJIE_E2E_TIME_FILE (re-read at most every 100 ms), so a journey can let a 7-day publicity
// run out. Without the variable it changes nothing.
import { readFileSync } from 'node:fs'

const file = process.env.XIANJIE_E2E_TIME_FILE
if (file) {
  const RealDate = Date
  const realNow = RealDate.now.bind(RealDate)
  let offset = 0
  let checked = 0
  const off = () => {
    const n = realNow()
    if (n - checked > 100) {
      checked = n
      try {
        offset = Number(readFileSync(file, 'utf8')) || 0
      } catch {
        offset = 0
      }
    }
    return offset
  }
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + off())
      else super(...args)
    }
    static now() {
      return realNow() + off()
    }
  }
  globalThis.Date = ShiftedDate
}
