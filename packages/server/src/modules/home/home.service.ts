/**
 * The figures an official's first screen answers with, for one region in their scope: their office's open tasks
 * (overdue and due within two working days), the households and persons registered, the monitoring stock and this
 * month's flow, visits past due, warnings waiting, open cases by stage, social assistance paid, and publicity rounds
 * about to end. Each block is computed only for roles that may read its data (null otherwise), and every count is
 * read from the database for the day in China, so the page and the lists it links to agree.
 */

import { regionPrefix, toRegionCode12 } from '@xianjie/rules'
import { sql } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { type Actor, can } from '../auth/actor.ts'
import { countOverdueVisits } from '../monitoring/assistance.service.ts'
import { getRegion } from '../regions/regions.service.ts'
import { loadCalendar } from '../workflow/calendar.ts'
import { caseType } from '../workflow/definition.ts'
import type { HomeSummary } from './home.schema.ts'

/** Working days ahead that count as "due soon" on the home page (the reminder horizon of the inbox). */
const DUE_SOON_WORKING_DAYS = 2

const n = (v: unknown): number => Number(v ?? 0)

/** The scope prefix to summarise: the requested region when it lies in the actor's scope, else the actor's own. */
function summaryScope(actor: Actor, region: string | undefined): string {
  if (!region) return actor.scope
  const wanted = region.length === 12 ? regionPrefix(region) : region
  if (!wanted.startsWith(actor.scope))
    throw new AppError('NOT_FOUND', { what: `区划 ${region}`, whatEn: `Region ${region}` })
  return wanted
}

export async function homeSummary(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  q: { region?: string | undefined },
): Promise<HomeSummary> {
  const prefix = summaryScope(actor, q.region)
  const code = prefix ? toRegionCode12(prefix) : actor.regionCode
  const region = await getRegion(deps.db, actor, code)
  const today = chinaDate(deps.clock.now())
  const month = today.slice(0, 7)
  const monthStart = `${month}-01`
  const ym = month.replace('-', '')
  const like = `${prefix}%`
  const calendar = await loadCalendar(deps.db)
  const soon = calendar.addWorkingDays(today, DUE_SOON_WORKING_DAYS)
  const scoped: Actor = { ...actor, scope: prefix }
  const readsHouseholds = can(actor, 'household.read')
  const readsAssistance = can(actor, 'assistance.read')

  const tasksQ = sql<{ open: string; overdue: string; soon: string }>`
    select count(*) as open,
           count(*) filter (where coalesce(t.due_on, c.due_on) < ${today}::date) as overdue,
           count(*) filter (where coalesce(t.due_on, c.due_on) between ${today}::date and ${soon}::date) as soon
    from wf_task t join wf_case c on c.id = t.case_id
    where t.done_at is null and t.assignee_scope = ${actor.scope}
      and t.assignee_roles && ${sql.val([...actor.roles])}::text[]`.execute(deps.db)

  const householdsQ = readsHouseholds
    ? sql<{ households: string; persons: string; targets: string; eliminated: string }>`
        select count(*) as households,
               (select count(*) from person p where p.region_code like ${like} and p.status = 'ACTIVE') as persons,
               count(*) filter (where h.monitoring_status = 'ACTIVE') as targets,
               count(*) filter (where h.monitoring_status = 'ELIMINATED') as eliminated
        from household h where h.region_code like ${like} and h.status = 'ACTIVE'`.execute(deps.db)
    : undefined

  const flowQ = readsHouseholds
    ? sql<{ identified: string; eliminated: string }>`
        select count(distinct c.household_id) filter (where c.case_type = 'MONITORING_IDENT' and t.to_state = 'ACTIVE')
                 as identified,
               count(distinct c.household_id) filter (where c.case_type = 'MONITORING_ELIM'
                 and t.to_state in ('ELIMINATED', 'RISK_ELIMINATED')) as eliminated
        from wf_transition t join wf_case c on c.id = t.case_id
        where c.region_code like ${like} and t.on_date between ${monthStart}::date and ${today}::date
          and t.to_state <> t.from_state`.execute(deps.db)
    : undefined

  const warningsQ = can(actor, 'warning.read')
    ? sql<{ open: string; overdue: string }>`
        select count(*) as open, count(*) filter (where w.deadline < ${today}::date) as overdue
        from warning w where w.region_code like ${like} and w.status = 'OPEN'`.execute(deps.db)
    : undefined

  const casesQ =
    readsHouseholds || readsAssistance
      ? sql<{ case_type: string; state: string; open: string; overdue: string }>`
          select c.case_type, c.state, count(*) as open,
                 count(*) filter (where least(c.state_due_on, c.due_on) < ${today}::date) as overdue
          from wf_case c where c.region_code like ${like} and c.closed_at is null
          group by c.case_type, c.state order by c.case_type, count(*) desc`.execute(deps.db)
      : undefined

  const payingQ = readsAssistance
    ? sql<{ programme: string; households: string; monthly: string }>`
        select d.programme, count(distinct d.household_id) as households,
               coalesce(sum(d.monthly_amount), 0)
                 + coalesce(sum(d.one_off_amount) filter (where d.pay_month = ${ym}), 0) as monthly
        from sa_decision d
        where d.region_code like ${like}
          and (d.status in ('PAYING', 'GRADUAL_EXIT') or d.pay_month = ${ym})
        group by d.programme order by d.programme`.execute(deps.db)
    : undefined

  const rosterQ = readsAssistance
    ? sql<{ rosters: string; approved: string; lines: string; total: string }>`
        select count(distinct r.id) as rosters, count(distinct r.id) filter (where r.status = 'APPROVED') as approved,
               count(l.id) as lines, coalesce(sum(l.amount), 0) as total
        from pay_roster r join pay_roster_line l on l.roster_id = r.id
        where r.month = ${ym} and l.region_code like ${like}
          and (l.review_status is null or l.review_status = 'APPROVED')`.execute(deps.db)
    : undefined

  const publicityQ =
    readsHouseholds || readsAssistance
      ? sql<{ open: string; ending: string }>`
          select count(*) as open, count(*) filter (where p.end_on <= ${soon}::date) as ending
          from wf_publicity p join wf_case c on c.id = p.case_id
          where c.region_code like ${like} and p.closed_at is null`.execute(deps.db)
      : undefined

  // only for roles that may read monitoring plans (the list refuses others); its errors are the page's errors
  const visitsQ = can(actor, 'monitoring.read') ? countOverdueVisits(deps as AppDeps, scoped) : undefined

  const [tasks, households, flow, warnings, cases, paying, roster, publicity, visits] = await Promise.all([
    tasksQ,
    householdsQ,
    flowQ,
    warningsQ,
    casesQ,
    payingQ,
    rosterQ,
    publicityQ,
    visitsQ,
  ])
  const t = tasks.rows[0]
  const h = households?.rows[0]
  const f = flow?.rows[0]
  const w = warnings?.rows[0]
  const r = roster?.rows[0]
  const p = publicity?.rows[0]
  return {
    asOf: today,
    month,
    region: { code: region.code, name: region.name },
    tasks: { open: n(t?.open), overdue: n(t?.overdue), dueSoon: n(t?.soon) },
    households: h ? { households: n(h.households), persons: n(h.persons) } : null,
    monitoring: h
      ? {
          targets: n(h.targets),
          eliminated: n(h.eliminated),
          identifiedThisMonth: n(f?.identified),
          eliminatedThisMonth: n(f?.eliminated),
          visitsOverdue: visits ?? 0,
        }
      : null,
    warnings: w ? { open: n(w.open), overdue: n(w.overdue) } : null,
    cases: cases
      ? cases.rows.map((c) => {
          const def = caseType(c.case_type)
          return {
            caseType: c.case_type,
            typeLabel: def?.label ?? { zh: '其他事项', en: 'Other' },
            state: c.state,
            stateLabel: def?.states[c.state]?.label ?? { zh: '办理中', en: 'In progress' },
            open: n(c.open),
            overdue: n(c.overdue),
          }
        })
      : null,
    assistance: paying
      ? {
          paying: paying.rows.map((x) => ({
            programme: x.programme,
            households: n(x.households),
            monthlyFen: n(x.monthly),
          })),
          roster:
            r && n(r.rosters) > 0
              ? {
                  month,
                  status: n(r.approved) === n(r.rosters) ? 'APPROVED' : 'DRAFT',
                  lines: n(r.lines),
                  totalFen: n(r.total),
                }
              : null,
        }
      : null,
    publicity: p ? { open: n(p.open), endingSoon: n(p.ending) } : null,
  }
}
