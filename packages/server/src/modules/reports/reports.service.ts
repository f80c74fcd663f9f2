/**
 * 防返贫动态监测月报 (domain.md §10.1): stock and flow figures of the monitoring targets under a region, as of the end
 * of a month, aggregated in one SQL statement scoped by region prefix. A household's monitoring status at a date is
 * read from the workflow history (the last transition of its identification / elimination cases into ACTIVE,
 * ELIMINATED or CLOSED on or before the date), so any past month can be reported; category, risks and channel come
 * from the identification case that made it a target.
 */
import { sql } from 'kysely'
import type { z } from 'zod'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import type { Actor } from '../auth/actor.ts'
import { exportScope } from '../imports/exports.service.ts'
import { CATEGORIES, CHANNELS, RISKS } from '../monitoring/monitoring.ident.ts'
import { dayLimit, parametersAt } from '../policy/parameters.service.ts'
import type { MonitoringReport as MonitoringReportSchema } from './reports.schema.ts'

/** Region-code prefix lengths of the five levels (province … village). */
const LEVELS = [2, 4, 6, 9, 12] as const

/** Per-capita income bands, as multiples of the monitoring threshold (presentation, not policy). */
export const INCOME_BANDS = [0.5, 1, 1.5, 2] as const

/** Age bands of the §10.1 age structure (whole years at month end): lower edges of 18–35, 36–59, 60+ (presentation). */
export const AGE_BANDS = [18, 36, 60] as const

/** Places of work of the registry's `work_status` (domain.md §5.2 employment), in report order. */
export const WORK_PLACES = ['OUT_OF_PROVINCE', 'IN_PROVINCE', 'IN_COUNTY'] as const

export type MonitoringReport = z.infer<typeof MonitoringReportSchema>
export type Count = MonitoringReport['stock']['total']
export type ChildRegionRow = MonitoringReport['children'][number]
export type MeasureCategoryRow = MonitoringReport['coverage']['byMeasureCategory'][number]

/** First and last day of `YYYY-MM`. */
export function monthBounds(month: string): { start: string; end: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  const y = Number(m?.[1])
  const mo = Number(m?.[2])
  if (!m || mo < 1 || mo > 12) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'month', message: '月份格式应为 YYYY-MM', messageEn: 'month must be YYYY-MM' }],
    })
  }
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` }
}

/** Prefix length of the level below `prefix` (a village reports on itself). */
export function childLength(prefix: string): number {
  return LEVELS.find((l) => l > prefix.length) ?? 12
}

const n = (v: unknown): number => Number(v ?? 0)
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const pct = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 1000) / 10 : null)

type Agg = Record<string, unknown>

/** The report for `region` (the actor's scope when absent; outside it → NOT_FOUND) as of the end of `month`. */
export async function monitoringReport(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  q: { region?: string | undefined; month?: string | undefined },
): Promise<MonitoringReport> {
  const prefix = exportScope(actor, q.region)
  const today = chinaDate(deps.clock.now())
  const month = q.month ?? today.slice(0, 7)
  const { start, end } = monthBounds(month)
  const code = prefix.padEnd(12, '0')
  const threshold = parametersAt(end).get('monitoring.threshold', undefined, code)
  const limit = dayLimit('monitoring.ident_max_days', code, end)
  // money parameters resolve to fen
  const thresholdFen = Math.round(Number(threshold.value))
  const childLen = childLength(prefix)
  const like = `${prefix}%`
  const endTs = `${end}T23:59:59.999+08:00`
  const startTs = `${start}T00:00:00+08:00`
  const bandEdges = INCOME_BANDS.map((b) => Math.round(b * thresholdFen))

  const { rows } = await sql<{ r: Agg }>`
    with ev as (
      select c.household_id, c.case_type, c.id as case_id, c.opened_on, t.on_date, t.at,
             case when t.to_state in ('ELIMINATED', 'RISK_ELIMINATED') then 'ELIMINATED'
                  when t.to_state like 'CLOSED%' then 'CLOSED' else 'ACTIVE' end as st
      from wf_transition t join wf_case c on c.id = t.case_id
      where c.region_code like ${like} and c.household_id is not null and t.on_date <= ${end}::date
        and t.to_state <> t.from_state
        and ((c.case_type = 'MONITORING_IDENT' and t.to_state = 'ACTIVE')
          or (c.case_type = 'MONITORING_ELIM'
              and t.to_state in ('ACTIVE', 'ELIMINATED', 'RISK_ELIMINATED', 'CLOSED', 'CLOSED_NATURAL_DECREASE')))
      union all
      -- 风险消除回退 is a household status change (modules/monitoring rollback), known from its audit row
      select a.subject_id::uuid, 'ROLLBACK', null::uuid, null::date, (a.at at time zone 'Asia/Shanghai')::date, a.at,
             'ACTIVE'
      from audit_event a
      where a.action = 'household.monitoring.rollback' and a.subject_type = 'household'
        and a.region_code like ${like} and a.at <= ${endTs}::timestamptz
    ),
    evs as (
      select ev.*, lag(st) over (partition by household_id order by at) as prev_st from ev
    ),
    -- one row per household with history: every per-household fact in one pass (no joins between CTEs, whose row
    -- estimates would make the planner pick nested loops over thousands of targets)
    hh as (
      select household_id,
             (array_agg(st order by at desc))[1] as st,
             (array_agg(case_id order by at desc) filter (where case_type = 'MONITORING_IDENT'))[1] as ident_case,
             (array_agg(case_id order by at desc) filter (where st = 'ELIMINATED'))[1] as elim_case,
             bool_or(st = 'ACTIVE' and prev_st = 'ELIMINATED') as rolled_back,
             bool_or(case_type = 'MONITORING_IDENT' and on_date >= ${start}::date) as identified_m,
             bool_or(st = 'ELIMINATED' and on_date >= ${start}::date) as eliminated_m,
             bool_or(st = 'ACTIVE' and prev_st = 'ELIMINATED' and on_date >= ${start}::date) as rolled_back_m
      from evs group by household_id
    ),
    tg as (
      select h.id, h.region_code, h.household_type, h.low_income_groups, x.st, x.rolled_back,
             x.identified_m, x.eliminated_m,
             left(h.region_code, ${childLen}) as child,
             c.data ->> 'category' as category,
             coalesce(c.data -> 'risks', '[]'::jsonb) as risks,
             coalesce(c.data ->> 'channel', 'OTHER') as channel,
             case when x.st = 'ELIMINATED'
                  then coalesce(ec.data ->> 'eliminationMethod', ec.data ->> 'method', 'ASSISTED') end as method,
             pl.id as plan_id, pl.status as plan_status,
             exists (select 1 from monitoring_measure mm where mm.plan_id = pl.id and mm.status <> 'CANCELLED'
                     and mm.start_date <= ${end}::date) as has_measure,
             exists (select 1 from monitoring_measure mm
                     join monitoring_measure_category mc on mc.code = mm.category and mc.developmental
                     where mm.plan_id = pl.id and mm.status <> 'CANCELLED' and mm.start_date <= ${end}::date)
               as has_dev_measure,
             coalesce(mem.persons, 0) as persons, coalesce(mem.labour, 0) > 0 as has_labour, mem.labour,
             mem.a0, mem.a1, mem.a2, mem.a3, mem.w_oop, mem.w_ip, mem.w_ic, mem.w_pp, mem.w_nw, mem.w_unrec,
             a.id is not null as assessed,
             coalesce(a.per_capita_net, round((c.data ->> 'perCapitaNet')::numeric * 100)::bigint) as pcn, -- case data: yuan
             a.wage / greatest(a.household_size, 1) as wage_pc, a.business / greatest(a.household_size, 1) as business_pc,
             a.property / greatest(a.household_size, 1) as property_pc,
             a.transfer / greatest(a.household_size, 1) as transfer_pc,
             g.id is not null as checked,
             not g.food_clothing_ok as food_bad, not g.compulsory_education_ok as edu_bad,
             not g.medical_insurance_ok as med_bad, not g.housing_safety_ok as house_bad,
             not g.drinking_water_ok as water_bad,
             not (g.food_clothing_ok and g.compulsory_education_ok and g.medical_insurance_ok and g.housing_safety_ok
                  and g.drinking_water_ok) as unresolved
      from hh x
      join household h on h.id = x.household_id
      join wf_case c on c.id = x.ident_case
      left join wf_case ec on ec.id = x.elim_case
      left join lateral (
        select mp.id, mp.status from monitoring_plan mp where mp.case_id = x.ident_case limit 1
      ) pl on true
      -- members as of month end (membership history, not today's members), every per-person figure in one lateral:
      -- persons, age bands (whole years at month end), labour capacity (domain.md §5.2: SKILLED / ORDINARY / WEAK)
      -- and its work status
      left join lateral (
        select count(*)::int as persons, count(*) filter (where labour)::int as labour,
               count(*) filter (where age < ${AGE_BANDS[0]})::int as a0,
               count(*) filter (where age >= ${AGE_BANDS[0]} and age < ${AGE_BANDS[1]})::int as a1,
               count(*) filter (where age >= ${AGE_BANDS[1]} and age < ${AGE_BANDS[2]})::int as a2,
               count(*) filter (where age >= ${AGE_BANDS[2]})::int as a3,
               count(*) filter (where labour and ws = 'OUT_OF_PROVINCE')::int as w_oop,
               count(*) filter (where labour and ws = 'IN_PROVINCE')::int as w_ip,
               count(*) filter (where labour and ws = 'IN_COUNTY')::int as w_ic,
               count(*) filter (where labour and ws = 'PUBLIC_POST')::int as w_pp,
               count(*) filter (where labour and ws = 'NOT_WORKING')::int as w_nw,
               count(*) filter (where labour and ws is null)::int as w_unrec
        from (
          select p.work_status as ws, p.labour_skill in ('SKILLED', 'ORDINARY', 'WEAK') as labour,
                 extract(year from age(${end}::date, p.birth_date)) as age
          from (
            -- persons still registered to the household (by its index, not one key lookup per member) …
            select p.birth_date, p.labour_skill, p.work_status from person p
            where p.household_id = h.id and p.id in (
              select m.person_id from membership m where m.household_id = h.id and m.start_date <= ${end}::date
                and (m.end_date is null or m.end_date > ${end}::date))
            union all
            -- … and those who moved to another household after the month end
            select p.birth_date, p.labour_skill, p.work_status from membership m join person p on p.id = m.person_id
            where m.household_id = h.id and m.start_date <= ${end}::date and m.end_date > ${end}::date
              and p.household_id <> h.id
          ) p
        ) mp
      ) mem on true
      left join lateral (
        select * from income_assessment ia where ia.household_id = h.id and ia.period_end <= ${end}::date
        order by ia.period_end desc, ia.created_at desc limit 1
      ) a on true
      left join lateral (
        select * from guarantee_check gc where gc.household_id = h.id and gc.checked_on <= ${end}::date
        order by gc.checked_on desc, gc.created_at desc limit 1
      ) g on true
      where x.st in ('ACTIVE', 'ELIMINATED') and h.region_code like ${like}
    ),
    -- measures in place at month end on the plans of active targets
    ms as (
      select mm.category, mm.household_id
      from tg join monitoring_measure mm on mm.plan_id = tg.plan_id
      where tg.st = 'ACTIVE' and mm.status <> 'CANCELLED' and mm.start_date <= ${end}::date
    ),
    risk_rows as (
      select tg.id, tg.persons, r.risk, r.ord from tg, jsonb_array_elements_text(tg.risks) with ordinality as r(risk, ord)
    )
    select json_build_object(
      'total', (select json_build_object('h', count(*), 'p', coalesce(sum(persons), 0)) from tg),
      'byCategory', (select coalesce(json_object_agg(category, json_build_object('h', h, 'p', p)), '{}')
                     from (select coalesce(category, 'UNKNOWN') as category, count(*) h, sum(persons) p from tg group by 1) x),
      'byStatus', (select json_build_object(
          'ACTIVE', json_build_object('h', count(*) filter (where st = 'ACTIVE'), 'p', coalesce(sum(persons) filter (where st = 'ACTIVE'), 0)),
          'ELIMINATED', json_build_object('h', count(*) filter (where st = 'ELIMINATED'), 'p', coalesce(sum(persons) filter (where st = 'ELIMINATED'), 0)),
          'ASSISTED', json_build_object('h', count(*) filter (where method = 'ASSISTED'), 'p', coalesce(sum(persons) filter (where method = 'ASSISTED'), 0)),
          'NATURAL', json_build_object('h', count(*) filter (where method = 'NATURAL'), 'p', coalesce(sum(persons) filter (where method = 'NATURAL'), 0)),
          'ROLLED_BACK', json_build_object('h', count(*) filter (where rolled_back and st = 'ACTIVE'), 'p', coalesce(sum(persons) filter (where rolled_back and st = 'ACTIVE'), 0))
        ) from tg),
      'byHouseholdType', (select coalesce(json_object_agg(household_type, json_build_object('h', h, 'p', p)), '{}')
                          from (select household_type, count(*) h, sum(persons) p from tg group by 1) x),
      'byChannel', (select coalesce(json_object_agg(channel, c), '{}') from (select channel, count(*) c from tg group by 1) x),
      'risks', (select coalesce(json_object_agg(risk, json_build_object('h', h, 'p', p, 'm', m)), '{}') from (
                  select risk, count(distinct id) h, sum(persons) p, count(*) filter (where ord = 1) m
                  from risk_rows group by risk) x),
      'newClues', (select coalesce(json_object_agg(channel, c), '{}') from (
                     select coalesce(data ->> 'channel', 'OTHER') channel, count(*) c from wf_case
                     where case_type = 'MONITORING_IDENT' and region_code like ${like}
                       and opened_on between ${start}::date and ${end}::date group by 1) x),
      'warnings', (select json_build_object(
          'received', count(*) filter (where opened_on between ${start}::date and ${end}::date),
          'closed', count(*) filter (where closed_at between ${startTs}::timestamptz and ${endTs}::timestamptz),
          'converted', count(*) filter (where outcome = 'CONVERTED' and closed_at between ${startTs}::timestamptz and ${endTs}::timestamptz),
          'dismissed', count(*) filter (where outcome in ('NO_RISK', 'ALREADY_MONITORED') and closed_at between ${startTs}::timestamptz and ${endTs}::timestamptz),
          'referred', count(*) filter (where outcome like 'REFERRED%' and closed_at between ${startTs}::timestamptz and ${endTs}::timestamptz))
        from warning where region_code like ${like} and (opened_on <= ${end}::date)),
      'moved', (select json_build_object(
          'identified', count(*) filter (where identified_m), 'eliminated', count(*) filter (where eliminated_m),
          'rolledBack', count(*) filter (where rolled_back_m)) from hh),
      'timeliness', (select json_build_object(
          'approved', count(*), 'within', count(*) filter (where d <= ${limit.days}),
          'median', percentile_cont(0.5) within group (order by d), 'max', max(d))
        from (select (e.on_date - e.opened_on) as d from evs e
              where e.case_type = 'MONITORING_IDENT' and e.on_date >= ${start}::date) x),
      'overdueTasks', (select count(*) from wf_task
          where region_code like ${like} and case_type like 'MONITORING%' and due_on < ${end}::date
            and created_at <= ${endTs}::timestamptz and (done_at is null or done_at > ${endTs}::timestamptz)),
      'coverage', (select json_build_object(
          'active', count(*) filter (where tg.st = 'ACTIVE'),
          'plan', count(*) filter (where tg.st = 'ACTIVE' and plan_status is not null),
          'planInEffect', count(*) filter (where tg.st = 'ACTIVE' and plan_status = 'ACTIVE'),
          'measures', count(*) filter (where tg.st = 'ACTIVE' and has_measure),
          'dibao', count(*) filter (where 'DIBAO' = any(tg.low_income_groups)),
          'tekun', count(*) filter (where 'TEKUN' = any(tg.low_income_groups)),
          'labour', count(*) filter (where tg.st = 'ACTIVE' and has_labour),
          'labourDev', count(*) filter (where tg.st = 'ACTIVE' and has_labour and has_dev_measure))
        from tg),
      'measureCategories', (select coalesce(json_agg(json_build_object(
            'category', coalesce(mc.code, x.category), 'zh', mc.zh, 'en', mc.en, 'dev', mc.developmental,
            'm', x.m, 'h', x.h) order by mc.sort nulls last, x.category), '[]')
          from monitoring_measure_category mc
          full join (select category, count(*) m, count(distinct household_id) h from ms group by 1) x
            on x.category = mc.code),
      'employment', (select json_build_object('labour', coalesce(sum(labour), 0),
          'places', json_build_object('OUT_OF_PROVINCE', coalesce(sum(w_oop), 0), 'IN_PROVINCE', coalesce(sum(w_ip), 0),
            'IN_COUNTY', coalesce(sum(w_ic), 0), 'PUBLIC_POST', coalesce(sum(w_pp), 0),
            'NOT_WORKING', coalesce(sum(w_nw), 0), 'UNRECORDED', coalesce(sum(w_unrec), 0)))
        from tg),
      'ages', (select json_build_object('n', coalesce(sum(persons), 0), 'a0', coalesce(sum(a0), 0),
          'a1', coalesce(sum(a1), 0), 'a2', coalesce(sum(a2), 0), 'a3', coalesce(sum(a3), 0)) from tg),
      'income', (select json_build_object(
          'n', count(pcn), 'mean', avg(pcn), 'median', percentile_cont(0.5) within group (order by pcn),
          'min', min(pcn), 'max', max(pcn), 'below', count(*) filter (where pcn < ${thresholdFen}),
          'b0', count(*) filter (where pcn < ${bandEdges[0]}),
          'b1', count(*) filter (where pcn >= ${bandEdges[0]} and pcn < ${bandEdges[1]}),
          'b2', count(*) filter (where pcn >= ${bandEdges[1]} and pcn < ${bandEdges[2]}),
          'b3', count(*) filter (where pcn >= ${bandEdges[2]} and pcn < ${bandEdges[3]}),
          'b4', count(*) filter (where pcn >= ${bandEdges[3]}))
        from tg),
      'components', (select json_build_object('wage', avg(wage_pc), 'business', avg(business_pc),
          'property', avg(property_pc), 'transfer', avg(transfer_pc)) from tg where assessed),
      'guarantees', (select json_build_object('n', count(*),
          'food', count(*) filter (where food_bad), 'edu', count(*) filter (where edu_bad),
          'med', count(*) filter (where med_bad), 'house', count(*) filter (where house_bad),
          'water', count(*) filter (where water_bad), 'any', count(*) filter (where unresolved)) from tg where checked),
      'children', (select coalesce(json_agg(x order by x.child), '[]') from (
          select child, count(*) h, sum(persons) p,
                 count(*) filter (where st = 'ACTIVE') active, count(*) filter (where st = 'ELIMINATED') elim,
                 count(*) filter (where identified_m) ident_m, count(*) filter (where eliminated_m) elim_m,
                 count(*) filter (where pcn < ${thresholdFen}) below, count(*) filter (where unresolved) unresolved
          from tg group by child) x),
      'regionNames', (select coalesce(json_object_agg(code, name), '{}') from (
          select distinct on (code) code, name from region
          where prefix like ${like} and (code = ${code} or length(prefix) = ${childLen})
          order by code, valid_from desc) x)
    ) as r
  `.execute(deps.db)
  const r = rows[0]?.r ?? {}
  return present(r, { prefix, code, month, end, thresholdYuan: thresholdFen / 100, limitDays: limit.days })
}

type CountJson = { h: unknown; p: unknown }
const count = (c: CountJson | undefined): Count => ({ households: n(c?.h), persons: n(c?.p) })
const fenToYuan = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v)) / 100)

function present(
  r: Agg,
  o: { prefix: string; code: string; month: string; end: string; thresholdYuan: number; limitDays: number },
): MonitoringReport {
  const names = (r.regionNames ?? {}) as Record<string, string>
  const byStatus = r.byStatus as Record<string, CountJson>
  const byCat = (r.byCategory ?? {}) as Record<string, CountJson>
  const byType = (r.byHouseholdType ?? {}) as Record<string, CountJson>
  const risks = (r.risks ?? {}) as Record<string, { h: unknown; p: unknown; m: unknown }>
  const warnings = (r.warnings ?? {}) as Agg
  const moved = (r.moved ?? {}) as Agg
  const tl = (r.timeliness ?? {}) as Agg
  const cov = (r.coverage ?? {}) as Agg
  const total = count(r.total as CountJson)
  const emp = (r.employment ?? {}) as Agg
  const places = (emp.places ?? {}) as Agg
  const employed = [...WORK_PLACES, 'PUBLIC_POST'].reduce((a, k) => a + n(places[k]), 0)
  const ages = (r.ages ?? {}) as Agg
  const inc = (r.income ?? {}) as Agg
  const comp = (r.components ?? {}) as Agg
  const g = (r.guarantees ?? {}) as Agg
  const children = (r.children ?? []) as Agg[]
  const edges = INCOME_BANDS.map((b) => b * o.thresholdYuan)
  return {
    region: { code: o.code, prefix: o.prefix, name: names[o.code] ?? o.code },
    month: o.month,
    asOf: o.end,
    threshold: { yuan: o.thresholdYuan, parameter: 'monitoring.threshold' },
    stock: {
      total,
      byCategory: Object.fromEntries(
        [...CATEGORIES.map((c) => c.value), ...Object.keys(byCat)].map((k) => [k, count(byCat[k])]),
      ),
      byStatus: {
        ACTIVE: count(byStatus.ACTIVE),
        ELIMINATED: count(byStatus.ELIMINATED),
        ASSISTED: count(byStatus.ASSISTED),
        NATURAL: count(byStatus.NATURAL),
        ROLLED_BACK: count(byStatus.ROLLED_BACK),
      },
      byHouseholdType: Object.fromEntries(
        [...new Set(['TUOPIN', 'GENERAL', ...Object.keys(byType)])].map((k) => [k, count(byType[k])]),
      ),
      byChannel: Object.fromEntries(
        [...new Set([...CHANNELS.map((c) => c.value), ...Object.keys((r.byChannel ?? {}) as Agg)])].map((k) => [
          k,
          n((r.byChannel as Agg | undefined)?.[k]),
        ]),
      ),
    },
    risks: Object.fromEntries(
      [...new Set([...RISKS.map((x) => x.value), ...Object.keys(risks)])].map((k) => [
        k,
        { households: n(risks[k]?.h), persons: n(risks[k]?.p), main: n(risks[k]?.m) },
      ]),
    ),
    flow: {
      newClues: Object.fromEntries(
        [...new Set([...CHANNELS.map((c) => c.value), ...Object.keys((r.newClues ?? {}) as Agg)])].map((k) => [
          k,
          n((r.newClues as Agg | undefined)?.[k]),
        ]),
      ),
      warnings: {
        received: n(warnings.received),
        closed: n(warnings.closed),
        converted: n(warnings.converted),
        dismissed: n(warnings.dismissed),
        referred: n(warnings.referred),
      },
      identified: n(moved.identified),
      eliminated: n(moved.eliminated),
      rolledBack: n(moved.rolledBack),
    },
    timeliness: {
      limitDays: o.limitDays,
      approved: n(tl.approved),
      withinLimit: n(tl.within),
      withinLimitPct: pct(n(tl.within), n(tl.approved)),
      medianDays: nn(tl.median),
      maxDays: nn(tl.max),
      overdueTasks: n(r.overdueTasks),
    },
    coverage: {
      activeHouseholds: n(cov.active),
      withPlan: n(cov.plan),
      withPlanInEffect: n(cov.planInEffect),
      withPlanPct: pct(n(cov.plan), n(cov.active)),
      withMeasures: n(cov.measures),
      withMeasuresPct: pct(n(cov.measures), n(cov.active)),
      dibao: n(cov.dibao),
      dibaoPct: pct(n(cov.dibao), total.households),
      tekun: n(cov.tekun),
      tekunPct: pct(n(cov.tekun), total.households),
      withLabour: n(cov.labour),
      withLabourDevelopmental: n(cov.labourDev),
      withLabourDevelopmentalPct: pct(n(cov.labourDev), n(cov.labour)),
      byMeasureCategory: ((r.measureCategories ?? []) as Agg[]).map((c) => ({
        category: String(c.category),
        label: { zh: String(c.zh ?? c.category), en: String(c.en ?? c.category) },
        developmental: c.dev === true,
        measures: n(c.m),
        households: n(c.h),
      })),
    },
    employment: {
      labour: n(emp.labour),
      employed,
      employedPct: pct(employed, n(emp.labour)),
      byPlace: {
        OUT_OF_PROVINCE: n(places.OUT_OF_PROVINCE),
        IN_PROVINCE: n(places.IN_PROVINCE),
        IN_COUNTY: n(places.IN_COUNTY),
      },
      publicPost: n(places.PUBLIC_POST),
      notWorking: n(places.NOT_WORKING),
      unrecorded: n(places.UNRECORDED),
    },
    ageStructure: {
      persons: n(ages.n),
      bands: [0, 1, 2, 3].map((i) => ({
        from: i === 0 ? 0 : (AGE_BANDS[i - 1] ?? 0),
        to: i === 3 ? null : (AGE_BANDS[i] ?? 0) - 1,
        persons: n(ages[`a${i}`]),
      })),
    },
    income: {
      assessed: n(inc.n),
      meanYuan: fenToYuan(inc.mean),
      medianYuan: fenToYuan(inc.median),
      minYuan: fenToYuan(inc.min),
      maxYuan: fenToYuan(inc.max),
      components: {
        wage: fenToYuan(comp.wage),
        business: fenToYuan(comp.business),
        property: fenToYuan(comp.property),
        transfer: fenToYuan(comp.transfer),
      },
      belowThreshold: n(inc.below),
      bands: [0, 1, 2, 3, 4].map((i) => ({
        from: i === 0 ? null : (edges[i - 1] ?? null),
        to: i === 4 ? null : (edges[i] ?? null),
        households: n(inc[`b${i}`]),
      })),
    },
    guarantees: {
      checked: n(g.n),
      foodClothing: n(g.food),
      compulsoryEducation: n(g.edu),
      medicalInsurance: n(g.med),
      housingSafety: n(g.house),
      drinkingWater: n(g.water),
      anyUnresolved: n(g.any),
    },
    children: [
      ...children,
      // child regions without targets, with zeros
      ...Object.keys(names)
        .filter((k) => k !== o.code || o.prefix.length === 12)
        .map((k) => k.slice(0, childLength(o.prefix)))
        .filter((k) => !children.some((c) => String(c.child) === k))
        .map((k): Agg => ({ child: k })),
    ]
      .sort((a, b) => String(a.child).localeCompare(String(b.child)))
      .map((c) => {
        const child = String(c.child)
        const cc = child.padEnd(12, '0')
        return {
          code: cc,
          name: names[cc] ?? cc,
          households: n(c.h),
          persons: n(c.p),
          active: n(c.active),
          eliminated: n(c.elim),
          identifiedInMonth: n(c.ident_m),
          eliminatedInMonth: n(c.elim_m),
          belowThreshold: n(c.below),
          unresolvedGuarantees: n(c.unresolved),
        }
      }),
  }
}
