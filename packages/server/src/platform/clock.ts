/** Time source; tests pass a fixed or movable clock instead of reading the system time. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** China Standard Time: UTC+8 all year (no daylight saving). Dates, deadlines and reporting months count by it. */
const CHINA_OFFSET_MS = 8 * 3600_000

/** `YYYY-MM-DD` of instant `d` in China. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** A clock tests can move forward. */
export function fixedClock(start: Date | string): Clock & { advance(ms: number): void; set(d: Date | string): void } {
  let t = new Date(start).getTime()
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms
    },
    set: (d) => {
      t = new Date(d).getTime()
    },
  }
}
