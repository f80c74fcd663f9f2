/**
 * The low-income registry view (domain.md §5.8 LowIncomeRegistry, "衔接并轨"): per person the six groups with
 * since/until, filtered by group and region, always within the actor's scope; and the social-assistance reports of
 * §10.2 (caseload and funds by programme, 特困 by support mode and care tier, temporary relief by type and fast-track
 * share, registry counts by group, 代缴 by group).
 */
import { sql } from 'kysely'
import { maskers } from '../../platform/privacy.ts'
import { type Actor, requirePermission, scopeCondition } from '../auth/actor.ts'
import { LOW_INCOME_GROUPS } from './assistance.table.ts'
import { monthRange, type RosterDeps } from './rosters.ts'

export interface RegistryQuery {
  group?: (typeof LOW_INCOME_GROUPS)[number] | undefined
  region?: string | undefined
  /** Only entries current on this date (default: today); `all` = history too. */
  current: boolean
  asOf: string
  page: number
  pageSize: number
}

export async function listRegistry(deps: RosterDeps, actor: Actor, q: RegistryQuery) {
  requirePermission(actor, 'assistance.read')
  const filtered = deps.db
    .selectFrom('low_income_entry as e')
    .where(scopeCondition(actor, 'e.region_code'))
    .$if(!!q.region, (b) => b.where('e.region_code', 'like', `${q.region}%`))
    .$if(!!q.group, (b) => b.where('e.group_code', '=', q.group!))
    .$if(q.current, (b) =>
      b.where('e.since', '<=', q.asOf).where((eb) => eb.or([eb('e.until', 'is', null), eb('e.until', '>=', q.asOf)])),
    )
  const [persons, count] = await Promise.all([
    filtered
      .select('e.person_id')
      .distinct()
      .orderBy('e.person_id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    filtered.select(sql<string>`count(distinct e.person_id)`.as('n')).executeTakeFirstOrThrow(),
  ])
  const ids = persons.map((p) => p.person_id)
  if (ids.length === 0) return { data: [], page: { page: q.page, pageSize: q.pageSize, total: Number(count.n) } }
  const [people, entries] = await Promise.all([
    deps.db
      .selectFrom('person as p')
      .innerJoin('household as h', 'h.id', 'p.household_id')
      .leftJoin('region as v', 'v.code', 'p.region_code')
      .select([
        'p.id',
        'p.name',
        'p.id_number',
        'p.region_code',
        'p.household_id',
        'h.household_no',
        'v.name as village_name',
      ])
      .where('p.id', 'in', ids)
      .where(scopeCondition(actor, 'p.region_code'))
      .execute(),
    deps.db
      .selectFrom('low_income_entry')
      .select(['person_id', 'group_code', 'since', 'until', 'source'])
      .where('person_id', 'in', ids)
      .where(scopeCondition(actor, 'region_code'))
      .orderBy('since')
      .execute(),
  ])
  const byPerson = new Map(people.map((p) => [p.id, p]))
  const data = ids.flatMap((id) => {
    const p = byPerson.get(id)
    if (!p) return []
    const mine = entries.filter((e) => e.person_id === id)
    return [
      {
        personId: id,
        name: p.name,
        idNumber: maskers.idNumber(p.id_number),
        regionCode: p.region_code,
        villageName: p.village_name,
        householdId: p.household_id,
        householdNo: p.household_no,
        groups: LOW_INCOME_GROUPS.map((g) => {
          const es = mine.filter((e) => e.group_code === g)
          const active = es.find((e) => e.since <= q.asOf && (e.until === null || e.until >= q.asOf))
          return {
            group: g,
            active: !!active,
            since: es[0]?.since ?? null,
            until: es.length ? (es.some((e) => e.until === null) ? null : es[es.length - 1]!.until) : null,
            periods: es.map((e) => ({ since: e.since, until: e.until, source: e.source })),
          }
        }),
      },
    ]
  })
  return { data, page: { page: q.page, pageSize: q.pageSize, total: Number(count.n) } }
}

/** Social-assistance figures of a month for the actor's area (domain.md §10.2). */
export async function assistanceReport(deps: RosterDeps, actor: Actor, q: { month: string; year: number }) {
  requirePermission(actor, 'assistance.read')
  const { from, to } = monthRange(q.month)
  const active = sql<boolean>`(
    (d.programme in ('DIBAO', 'TEKUN', 'DIBAO_MARGINAL', 'RIGID_EXPENDITURE') and d.status in ('PAYING', 'GRADUAL_EXIT')
      and d.since <= ${to}::date and (d.until is null or d.until >= ${from}::date))
    or (d.programme = 'TEMP_RELIEF' and d.pay_month = ${q.month} and d.status <> 'TERMINATED'))`
  const base = () => deps.db.selectFrom('sa_decision as d').where(scopeCondition(actor, 'd.region_code')).where(active)
  const [byProgramme, tekun, temp, registry, daijiao] = await Promise.all([
    base()
      .select([
        'd.programme',
        sql<string>`count(distinct d.household_id)`.as('households'),
        sql<string>`sum(d.covered_persons)`.as('persons'),
        sql<string>`sum(case when d.programme = 'TEMP_RELIEF' then d.one_off_amount else d.monthly_amount end)`.as(
          'amount',
        ),
      ])
      .groupBy('d.programme')
      .orderBy('d.programme')
      .execute(),
    base()
      .where('d.programme', '=', 'TEKUN')
      .select([
        'd.support_mode',
        'd.care_tier',
        sql<string>`count(*)`.as('persons'),
        sql<string>`sum(d.monthly_amount)`.as('amount'),
      ])
      .groupBy(['d.support_mode', 'd.care_tier'])
      .orderBy('d.support_mode')
      .orderBy('d.care_tier')
      .execute(),
    base()
      .where('d.programme', '=', 'TEMP_RELIEF')
      .select([
        'd.relief_type',
        sql<string>`count(*)`.as('cases'),
        sql<string>`count(*) filter (where coalesce((d.inputs ->> 'fastTrack')::boolean, (d.computed ->> 'fastTrack')::boolean, false))`.as(
          'fast',
        ),
        sql<string>`sum(d.one_off_amount)`.as('amount'),
      ])
      .groupBy('d.relief_type')
      .orderBy('d.relief_type')
      .execute(),
    deps.db
      .selectFrom('low_income_entry as e')
      .where(scopeCondition(actor, 'e.region_code'))
      .where('e.since', '<=', to)
      .where((eb) => eb.or([eb('e.until', 'is', null), eb('e.until', '>=', to)]))
      .select(['e.group_code', sql<string>`count(distinct e.person_id)`.as('persons')])
      .groupBy('e.group_code')
      .orderBy('e.group_code')
      .execute(),
    deps.db
      .selectFrom('daijiao_line as l')
      .innerJoin('daijiao_roster as r', 'r.id', 'l.roster_id')
      .where('r.year', '=', q.year)
      .where(scopeCondition(actor, 'l.region_code'))
      .select([
        'l.group_applied',
        sql<string>`count(distinct l.person_id) filter (where l.kind = 'REGULAR')`.as('persons'),
        sql<string>`sum(l.amount)`.as('amount'),
      ])
      .groupBy('l.group_applied')
      .orderBy('l.group_applied')
      .execute(),
  ])
  return {
    month: q.month,
    year: q.year,
    programmes: byProgramme.map((r) => ({
      programme: r.programme,
      households: Number(r.households),
      persons: Number(r.persons),
      amount: Number(r.amount),
    })),
    tekun: tekun.map((r) => ({
      supportMode: r.support_mode,
      careTier: r.care_tier,
      persons: Number(r.persons),
      amount: Number(r.amount),
    })),
    tempRelief: temp.map((r) => ({
      reliefType: r.relief_type,
      cases: Number(r.cases),
      fastTrack: Number(r.fast),
      fastTrackShare: Number(r.cases) ? Number(r.fast) / Number(r.cases) : 0,
      amount: Number(r.amount),
    })),
    registry: registry.map((r) => ({ group: r.group_code, persons: Number(r.persons) })),
    daijiao: daijiao.map((r) => ({ group: r.group_applied, persons: Number(r.persons), amount: Number(r.amount) })),
  }
}
