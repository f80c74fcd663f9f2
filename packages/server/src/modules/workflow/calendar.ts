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
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, requirePermission } from '../auth/actor.ts'

export type DayKind = 'holiday' | 'workday'

export interface CalendarException {
  date: string
  kind: DayKind
  name: string
}

export class WorkCalendar {
  private readonly exceptions: ReadonlyMap<string, DayKind>
  /** Years with an official schedule; undefined = every year (a calendar built by hand, in tests). */
  readonly loadedYears: ReadonlySet<number> | undefined

  constructor(exceptions: Iterable<Pick<CalendarException, 'date' | 'kind'>>, loadedYears?: Iterable<number>) {
    const m = new Map<string, DayKind>()
    for (const e of exceptions) m.set(e.date, e.kind)
    this.exceptions = m
    this.loadedYears = loadedYears ? new Set(loadedYears) : undefined
  }

  /**
   * Years from the day after `from` to `to` without an official schedule: a working-day count over them took every
   * weekday as a working day, which the holiday notice (usually published in November) may change.
   */
  missingYears(from: string, to: string): number[] {
    if (!this.loadedYears || to <= from) return []
    const out: number[] = []
    for (let y = Number(this.addDays(from, 1).slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      if (!this.loadedYears.has(y)) out.push(y)
    }
    return out
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
  const years = await via.selectFrom('calendar_year').select('year').execute()
  const calendar = new WorkCalendar(
    rows.map((r) => ({ date: r.date, kind: r.kind })),
    years.map((y) => y.year),
  )
  cache.set(db, { at: Date.now(), calendar })
  return calendar
}

export function invalidateCalendar(db: Kysely<Database>): void {
  cache.delete(db)
}

/** A year's schedule as the State Council notice gives it: its holidays and its make-up working days. */
export interface YearSchedule {
  year: number
  /** Citation, e.g. 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕x号）. */
  notice: string
  holidays: Array<{ date: string; name: string }>
  workdays: Array<{ date: string; name: string }>
}

/** What is wrong with a schedule (dates outside its year, a day listed twice, a holiday on a weekend), or []. */
export function scheduleProblems(s: YearSchedule): Array<{ field: string; message: string; messageEn: string }> {
  const out: Array<{ field: string; message: string; messageEn: string }> = []
  const seen = new Set<string>()
  for (const [list, kind] of [
    [s.holidays, 'holidays'],
    [s.workdays, 'workdays'],
  ] as const) {
    list.forEach((d, i) => {
      const field = `${kind}[${i}].date`
      if (!d.date.startsWith(`${s.year}-`))
        out.push({ field, message: `${d.date} 不在 ${s.year} 年`, messageEn: `${d.date} is not in ${s.year}` })
      if (seen.has(d.date)) out.push({ field, message: `${d.date} 重复出现`, messageEn: `${d.date} is listed twice` })
      seen.add(d.date)
      const weekday = (daysFromISO(d.date) + 4) % 7
      if (kind === 'workdays' && weekday !== 0 && weekday !== 6)
        out.push({
          field,
          message: `调休上班日 ${d.date} 不是周末`,
          messageEn: `make-up working day ${d.date} is not on a weekend`,
        })
    })
  }
  return out
}

/** The years with an official schedule, oldest first, with where each came from. */
export async function loadedYears(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('calendar_year')
    .select(['year', 'source', 'notice', 'loaded_at'])
    .orderBy('year')
    .execute()
  return rows.map((r) => ({
    year: r.year,
    source: r.source,
    notice: r.notice,
    loadedAt: r.loaded_at.toISOString(),
  }))
}

/**
 * Loads a year's official schedule (`calendar.edit`): the year's holidays and make-up working days from the notice
 * replace the ones loaded before; days an administrator set by hand stay as set. The year then counts as loaded, so
 * deadlines into it are no longer marked provisional. Audited; all or nothing.
 */
export async function loadYearSchedule(deps: AppDeps, actor: Actor, s: YearSchedule) {
  requirePermission(actor, 'calendar.edit')
  const issues = scheduleProblems(s)
  if (issues.length)
    throw new AppError('VALIDATION_FAILED', {
      issues,
      summary: issues.map((i) => `${i.field} ${i.message}`).join('；'),
      summaryEn: issues.map((i) => `${i.field} ${i.messageEn}`).join('; '),
    })
  const from = `${s.year}-01-01`
  const to = `${s.year}-12-31`
  const result = await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('calendar_year')
      .select(['source', 'notice'])
      .where('year', '=', s.year)
      .executeTakeFirst()
    await trx
      .deleteFrom('calendar_day')
      .where('date', '>=', from)
      .where('date', '<=', to)
      .where('source', '<>', 'manual')
      .execute()
    const now = deps.clock.now()
    const rows = [
      ...s.holidays.map((d) => ({ date: d.date, kind: 'holiday' as const, name: d.name })),
      ...s.workdays.map((d) => ({ date: d.date, kind: 'workday' as const, name: d.name })),
    ].map((d) => ({ ...d, source: 'notice' as const, updated_by: actor.userId, updated_at: now }))
    const inserted = rows.length
      ? await trx
          .insertInto('calendar_day')
          .values(rows)
          .onConflict((oc) => oc.column('date').doNothing())
          .returning('date')
          .execute()
      : []
    const year = { source: 'notice' as const, notice: s.notice, loaded_at: now, loaded_by: actor.userId }
    await trx
      .insertInto('calendar_year')
      .values({ year: s.year, ...year })
      .onConflict((oc) => oc.column('year').doUpdateSet(year))
      .execute()
    const summary = {
      year: s.year,
      holidays: s.holidays.length,
      workdays: s.workdays.length,
      keptManual: rows.length - inserted.length,
    }
    await recordAudit(trx, deps, actor, {
      action: 'calendar.load_year',
      subjectType: 'calendar_year',
      subjectId: null,
      regionCode: null,
      before: before ?? null,
      after: { ...summary, notice: s.notice },
    })
    return summary
  })
  invalidateCalendar(deps.db)
  return result
}
