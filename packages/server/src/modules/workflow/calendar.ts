/**
 * The working-day calendar: weekends are rest days, except the official make-up working days (调休上班); official
 * holidays are rest days even on weekdays. The exceptions live in the `calendar_day` table, seeded from `chinese-days`
 * (State Council notices) and editable by administrators, so a new year's notice is data, not a release.
 *
 * Reckoning follows the usual rule for administrative periods: the day the period starts is not counted
 * (期间开始之日不计算在内), so a limit of N days from day S ends on S + N, and N working days end on the N-th working day
 * after S.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { daysFromISO, isoFromDays } from '@xianjie/rules'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/database.ts'

export type DayKind = 'holiday' | 'workday'

export interface CalendarException {
  date: string
  kind: DayKind
  name: string
}

export class WorkCalendar {
  private readonly exceptions: ReadonlyMap<string, DayKind>

  constructor(exceptions: Iterable<Pick<CalendarException, 'date' | 'kind'>>) {
    const m = new Map<string, DayKind>()
    for (const e of exceptions) m.set(e.date, e.kind)
    this.exceptions = m
  }

  isWorkingDay(date: string): boolean {
    const kind = this.exceptions.get(date)
    if (kind) return kind === 'workday'
    const weekday = (daysFromISO(date) + 4) % 7 // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday !== 0 && weekday !== 6
  }

  /** `date` plus `n` natural days. */
  addDays(date: string, n: number): string {
    return isoFromDays(daysFromISO(date) + n)
  }

  /** The `n`-th working day after `date` (`date` itself not counted); `n = 0` gives `date`. */
  addWorkingDays(date: string, n: number): string {
    let d = daysFromISO(date)
    let left = n
    while (left > 0) {
      d += 1
      if (this.isWorkingDay(isoFromDays(d))) left -= 1
    }
    return isoFromDays(d)
  }

  /** The deadline `n` days (natural or working) after `date`. */
  deadline(date: string, n: number, unit: 'days' | 'working_days'): string {
    return unit === 'working_days' ? this.addWorkingDays(date, n) : this.addDays(date, n)
  }

  /**
   * The last day of a period of `n` days that starts on (and counts) `start`, e.g. a publicity posted on the 1st for
   * 7 days runs to the 7th. Working-day periods count only working days.
   */
  lastDayOfPeriod(start: string, n: number, unit: 'days' | 'working_days'): string {
    return this.deadline(this.addDays(start, -1), n, unit)
  }

  /** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
  workingDaysBetween(from: string, to: string): number {
    const a = daysFromISO(from)
    const b = daysFromISO(to)
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1]
    let n = 0
    for (let d = lo + 1; d <= hi; d++) if (this.isWorkingDay(isoFromDays(d))) n++
    return n * sign
  }
}

/** The official holidays and make-up working days shipped with `chinese-days` (2004 → the latest notice). */
export function officialCalendar(): CalendarException[] {
  const require = createRequire(import.meta.url)
  const file = require.resolve('chinese-days/dist/chinese-days.json')
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    holidays: Record<string, string>
    workdays: Record<string, string>
  }
  const name = (v: string) => v.split(',')[1] ?? v
  return [
    ...Object.entries(data.holidays).map(([date, v]) => ({ date, kind: 'holiday' as const, name: name(v) })),
    ...Object.entries(data.workdays).map(([date, v]) => ({ date, kind: 'workday' as const, name: `${name(v)}调休` })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

const cache = new WeakMap<object, { at: number; calendar: WorkCalendar }>()
const TTL_MS = 60_000

/**
 * The calendar as stored (cached per database for a minute; edits call `invalidateCalendar`). Inside a transaction
 * pass it as `via`: the embedded database has one connection, so reading through the pool there would wait forever.
 */
export async function loadCalendar(db: Kysely<Database>, via: Kysely<Database> = db): Promise<WorkCalendar> {
  const hit = cache.get(db)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.calendar
  const rows = await via.selectFrom('calendar_day').select(['date', 'kind']).execute()
  const calendar = new WorkCalendar(rows.map((r) => ({ date: r.date, kind: r.kind })))
  cache.set(db, { at: Date.now(), calendar })
  return calendar
}

export function invalidateCalendar(db: Kysely<Database>): void {
  cache.delete(db)
}
