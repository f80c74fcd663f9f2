/**
 * Dates as the platform counts them: the day in China (the server's `chinaDate`), whatever the browser's own time
 * zone. The server dates records and counts legal time limits by this day, so a form's default date and its "not in
 * the future" check use it too; a browser on UTC would otherwise offer yesterday between 00:00 and 08:00 in China.
 */
import { chinaDate } from '@xianjie/server/clock'
import dayjs, { type Dayjs } from 'dayjs'

/** Today in China as a dayjs date (midnight in the browser's zone, as a date picker holds dates). */
export function chinaToday(now: Date = new Date()): Dayjs {
  return dayjs(chinaDate(now))
}

/** This month in China, `YYYY-MM`. */
export function chinaMonth(now: Date = new Date()): string {
  return chinaDate(now).slice(0, 7)
}
