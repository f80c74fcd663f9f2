/**
 * The yearly pension-premium (城乡居保代缴) roster of domain.md §6.8: insured residents aged
 * pension.insured_age_min–max who at any time in the year belonged to a covered group (low-income registry entries
 * overlapping the year, active monitoring targets, severe disability), the government share of the lowest tier
 * (pension.min_tier) at the highest applicable group rate (pension.daijiao_rate) — one payment per person, never one
 * per group. Regenerating after export adds ADJUSTMENT lines for the differences instead of rewriting what was sent.
 * The year must lie within `pension.daijiao_year_window` of the current year and have a premium standard
 * (`pension.min_tier`) in force; otherwise the request is refused with a message that says which.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import { AppError } from '../../platform/errors.ts'
import { maskers } from '../../platform/privacy.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, can, requirePermission, scopeCondition } from '../auth/actor.ts'
import { parametersAt } from '../policy/parameters.service.ts'
import { type RosterDeps, xlsxBuffer } from './rosters.ts'

/** Parameter cells of pension.daijiao_rate and the registry groups that map onto them. */
export const DAIJIAO_GROUPS = [
  'DIBAO',
  'TEKUN',
  'RETURNED_TO_POVERTY',
  'MONITORING_TARGET',
  'SEVERE_DISABILITY',
] as const
export const DAIJIAO_GROUP_LABELS: Record<string, string> = {
  DIBAO: '低保对象',
  TEKUN: '特困人员',
  RETURNED_TO_POVERTY: '返贫致贫人口',
  MONITORING_TARGET: '监测对象',
  SEVERE_DISABILITY: '重度残疾人',
}

export interface DaijiaoParams {
  /** Fen per year (the catalogue resolves money in fen). */
  minTier: number
  minTierYuan: number
  ageMin: number
  ageMax: number
  rates: Record<string, number>
  digest: string
  legal: Record<string, unknown>
}

/**
 * Refuses a year outside `pension.daijiao_year_window` around the current year (read on `today`) or without a
 * premium standard (`pension.min_tier`) in force on its 1 January.
 */
export function assertDaijiaoYear(county: string, year: number, today: string): void {
  const snap = parametersAt(today)
  const region = `${county}000000`
  const current = Number(today.slice(0, 4))
  const past = snap.get('pension.daijiao_year_window', { side: 'PAST' }, region).value
  const future = snap.get('pension.daijiao_year_window', { side: 'FUTURE' }, region).value
  if (year < current - past || year > current + future)
    throw new AppError('PRECONDITION_FAILED', {
      reason: `代缴名册年度须在 ${current - past}–${current + future} 年之间（pension.daijiao_year_window），${year} 年不在范围内`,
      reasonEn: `a 代缴 roster year must be between ${current - past} and ${current + future} (pension.daijiao_year_window); ${year} is not`,
      from: current - past,
      to: current + future,
    })
  const tier = parametersAt(`${year}-01-01`).tryGet('pension.min_tier', undefined, region)
  if (!tier || tier.value === null)
    throw new AppError('PRECONDITION_FAILED', {
      reason: `${year} 年没有生效的城乡居保最低缴费档次（pension.min_tier），无法计算代缴金额；请先在政策参数中补充该年度标准`,
      reasonEn: `no lowest premium tier (pension.min_tier) is in force for ${year}, so no 代缴 amount can be computed; add that year's standard to the policy parameters first`,
    })
}

/** The 代缴 parameters of a county for a year (resolved on 1 January). */
export function daijiaoParams(county: string, year: number): DaijiaoParams {
  const snap = parametersAt(`${year}-01-01`)
  const region = `${county}000000`
  const tier = snap.get('pension.min_tier', undefined, region)
  const ageMin = snap.get('pension.insured_age_min', undefined, region)
  const ageMax = snap.get('pension.insured_age_max', undefined, region)
  const rates: Record<string, number> = {}
  const legal: Record<string, unknown> = { minTier: tier.legal.map((l) => l.id) }
  for (const g of DAIJIAO_GROUPS) {
    const v = snap.tryGet('pension.daijiao_rate', { group: g }, region)
    if (v && v.value !== null) {
      rates[g] = v.value
      legal[g] = v.legal.map((l) => l.id)
    }
  }
  return {
    minTier: tier.value,
    minTierYuan: tier.value / 100,
    ageMin: ageMin.value,
    ageMax: ageMax.value,
    rates,
    digest: snap.digest,
    legal,
  }
}

export interface DaijiaoSummary {
  id: string
  county: string
  year: number
  status: string
  lineCount: number
  totalAmount: number
  adjustments: number
}

/**
 * Generates the roster for `year`: a DRAFT is replaced; an EXPORTED roster keeps its lines and gains ADJUSTMENT lines
 * (per person: new amount − what the lines already sum to). All in one transaction.
 */
export async function generateDaijiao(
  deps: RosterDeps,
  actor: Actor,
  input: { county: string; year: number },
): Promise<DaijiaoSummary> {
  requirePermission(actor, 'daijiao.generate')
  if (!input.county.startsWith(actor.scope.slice(0, 6)) || actor.scope.length > 6)
    throw new AppError('FORBIDDEN', { reason: '只能生成本县的代缴名册', reasonEn: 'only your own county' })
  assertDaijiaoYear(input.county, input.year, chinaDate(deps.clock.now()))
  const p = daijiaoParams(input.county, input.year)
  if (Object.keys(p.rates).length === 0)
    throw new AppError('PRECONDITION_FAILED', {
      reason: `${input.county} 未配置代缴比例参数 pension.daijiao_rate`,
      reasonEn: `no pension.daijiao_rate parameter for ${input.county}`,
    })
  const now = deps.clock.now()
  const from = `${input.year}-01-01`
  const to = `${input.year}-12-31`
  const rates = JSON.stringify(p.rates)
  return deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`daijiao:${input.county}:${input.year}`}))`.execute(trx)
    const old = await trx
      .selectFrom('daijiao_roster')
      .selectAll()
      .where('county_code', '=', input.county)
      .where('year', '=', input.year)
      .executeTakeFirst()
    let id: string
    if (old && old.status === 'DRAFT') {
      await trx.deleteFrom('daijiao_line').where('roster_id', '=', old.id).execute()
      await trx.deleteFrom('daijiao_roster').where('id', '=', old.id).execute()
    }
    const adjusting = old?.status === 'EXPORTED'
    let added = 0
    if (adjusting) id = old.id
    else {
      id = randomUUID()
      await trx
        .insertInto('daijiao_roster')
        .values({
          id,
          county_code: input.county,
          year: input.year,
          status: 'DRAFT',
          generated_by: actor.userId,
          generated_at: now,
          total_amount: 0,
          param_digest: p.digest,
        })
        .execute()
    }
    // Who is due what this year: one row per person, groups from every source, the highest rate applied.
    const due = sql`
      with g as (
        select e.person_id, case e.group_code when 'PREVENTION_TARGET' then 'MONITORING_TARGET' else e.group_code end as grp
        from low_income_entry e
        where e.county_code = ${input.county} and e.since <= ${to}::date and (e.until is null or e.until >= ${from}::date)
        union
        select p.id, 'MONITORING_TARGET' from household h join person p on p.household_id = h.id
        where h.county_code = ${input.county} and h.monitoring_status = 'ACTIVE'
        union
        select p.id, 'SEVERE_DISABILITY' from person p
        where p.county_code = ${input.county} and p.disability_level in (1, 2)
      ), r as (
        select key as grp, value::numeric as rate from jsonb_each_text(${rates}::jsonb)
      ), per as (
        select g.person_id, array_agg(distinct g.grp order by g.grp) as groups,
          (array_agg(r.grp order by r.rate desc nulls last, r.grp))[1] as applied,
          coalesce(max(r.rate), 0) as rate
        from g left join r on r.grp = g.grp
        group by g.person_id
      )
      select per.person_id, per.groups, per.applied, per.rate, p.household_id, p.region_code,
        round(per.rate * ${p.minTier})::bigint as amount
      from per
      join person p on p.id = per.person_id
      where p.county_code = ${input.county}
        and (p.status = 'ACTIVE' or p.decrease_date >= ${from}::date)
        and coalesce((p.insurance ->> 'residentPension')::boolean, false)
        and not coalesce((p.insurance ->> 'employeePension')::boolean, false)
        and ${input.year} - extract(year from p.birth_date)::int between ${p.ageMin} and ${p.ageMax}
        and per.rate > 0
    `
    const calc = sql`jsonb_build_object('groups', d.groups, 'applied', d.applied, 'rate', d.rate,
      'minTier', ${p.minTier}::bigint, 'year', ${input.year}::int, 'paramDigest', ${p.digest}::text)`
    if (!adjusting) {
      await sql`
        insert into daijiao_line (id, roster_id, county_code, township_code, region_code, household_id, person_id,
          groups, group_applied, rate, min_tier, amount, kind, calc, created_at)
        select gen_random_uuid(), ${id}, ${input.county}, substr(d.region_code, 1, 9) || '000', d.region_code,
          d.household_id, d.person_id, d.groups, d.applied, d.rate, ${p.minTier}, d.amount, 'REGULAR', ${calc}, ${now}
        from (${due}) d
      `.execute(trx)
    } else {
      // the difference per person between what is due now and what the exported lines (and earlier adjustments) say
      const res = await sql`
        insert into daijiao_line (id, roster_id, county_code, township_code, region_code, household_id, person_id,
          groups, group_applied, rate, min_tier, amount, kind, calc, created_at)
        select gen_random_uuid(), ${id}, ${input.county}, substr(d.region_code, 1, 9) || '000', d.region_code,
          d.household_id, d.person_id, d.groups, d.applied, d.rate, ${p.minTier}, d.amount - d.paid,
          'ADJUSTMENT', ${calc} || jsonb_build_object('previous', d.paid), ${now}
        from (
          select coalesce(n.person_id, s.person_id) as person_id,
            coalesce(n.household_id, s.household_id) as household_id,
            coalesce(n.region_code, s.region_code) as region_code,
            coalesce(n.groups, '{}'::text[]) as groups, n.applied, coalesce(n.rate, 0) as rate,
            coalesce(n.amount, 0) as amount, coalesce(s.paid, 0) as paid
          from (${due}) n
          full join (
            select person_id, min(household_id::text)::uuid as household_id, min(region_code) as region_code,
              sum(amount) as paid
            from daijiao_line where roster_id = ${id} group by person_id
          ) s on s.person_id = n.person_id
        ) d
        where d.amount <> d.paid
      `.execute(trx)
      added = Number(res.numAffectedRows ?? 0)
    }
    const t = await trx
      .selectFrom('daijiao_line')
      .select([
        sql<string>`count(distinct person_id) filter (where amount <> 0)`.as('n'),
        sql<string>`coalesce(sum(amount), 0)`.as('total'),
      ])
      .where('roster_id', '=', id)
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('daijiao_roster')
      .set({ line_count: Number(t.n), total_amount: t.total, param_digest: p.digest })
      .where('id', '=', id)
      .execute()
    const summary: DaijiaoSummary = {
      id,
      county: input.county,
      year: input.year,
      status: adjusting ? 'EXPORTED' : 'DRAFT',
      lineCount: Number(t.n),
      totalAmount: Number(t.total),
      adjustments: added,
    }
    await recordAudit(trx, deps, actor, {
      action: adjusting ? 'daijiao.adjust' : 'daijiao.generate',
      subjectType: 'daijiao_roster',
      subjectId: id,
      regionCode: `${input.county}000000`,
      after: { ...summary, params: { minTier: p.minTier, rates: p.rates, legal: p.legal } },
    })
    return summary
  })
}

async function loadDaijiao(deps: RosterDeps, actor: Actor, id: string) {
  const r = await deps.db.selectFrom('daijiao_roster').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r || !`${r.county_code}000000`.startsWith(actor.scope.slice(0, 6)))
    throw new AppError('NOT_FOUND', { what: '代缴名册', whatEn: '代缴 roster' })
  return r
}

export async function listDaijiao(deps: RosterDeps, actor: Actor) {
  requirePermission(actor, 'assistance.read')
  const prefix = actor.scope.slice(0, 6)
  const rows = await deps.db
    .selectFrom('daijiao_roster')
    .selectAll()
    .$if(!!prefix, (q) => q.where('county_code', 'like', `${prefix}%`))
    .orderBy('year', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    county: r.county_code,
    year: r.year,
    status: r.status,
    lineCount: r.line_count,
    totalAmount: Number(r.total_amount),
    generatedAt: r.generated_at.toISOString(),
    exportedAt: r.exported_at?.toISOString() ?? null,
  }))
}

/** Persons and amounts by applied group (lines in the actor's scope). */
export async function daijiaoTotals(deps: RosterDeps, actor: Actor, id: string) {
  requirePermission(actor, 'assistance.read')
  await loadDaijiao(deps, actor, id)
  const rows = await deps.db
    .selectFrom('daijiao_line')
    .select([
      'group_applied',
      sql<string>`count(distinct person_id) filter (where kind = 'REGULAR')`.as('persons'),
      sql<string>`sum(amount)`.as('amount'),
      sql<string>`sum(amount) filter (where kind = 'ADJUSTMENT')`.as('adjustments'),
    ])
    .where('roster_id', '=', id)
    .where(scopeCondition(actor, 'region_code'))
    .groupBy('group_applied')
    .orderBy('group_applied')
    .execute()
  return rows.map((r) => ({
    group: r.group_applied,
    persons: Number(r.persons),
    amount: Number(r.amount),
    adjustments: Number(r.adjustments ?? 0),
  }))
}

export const DAIJIAO_COLUMNS = [
  '序号',
  '姓名',
  '身份证号',
  '乡镇',
  '村',
  '困难群体',
  '适用群体',
  '最低缴费档次（元）',
  '代缴比例',
  '代缴金额（元）',
  '类型',
] as const

/**
 * The file for the social-insurance agency. ID numbers are given in full to roles with pii.reveal (the agency needs
 * them to post the payment), masked otherwise; the export is audited and the roster becomes EXPORTED.
 */
export async function exportDaijiao(deps: RosterDeps, actor: Actor, id: string) {
  requirePermission(actor, 'daijiao.generate')
  const r = await loadDaijiao(deps, actor, id)
  const full = can(actor, 'pii.reveal')
  const rows = await deps.db
    .selectFrom('daijiao_line as l')
    .innerJoin('person as p', 'p.id', 'l.person_id')
    .leftJoin('region as t', 't.code', 'l.township_code')
    .leftJoin('region as v', 'v.code', 'l.region_code')
    .select([
      'p.name',
      'p.id_number',
      't.name as township',
      'v.name as village',
      'l.groups',
      'l.group_applied',
      'l.min_tier',
      'l.rate',
      'l.amount',
      'l.kind',
    ])
    .where('l.roster_id', '=', id)
    .where(scopeCondition(actor, 'l.region_code'))
    .orderBy('l.township_code')
    .orderBy('l.region_code')
    .orderBy('l.created_at')
    .orderBy('p.name')
    .execute()
  let total = 0
  const data: Array<Array<string | number>> = rows.map((x, i) => {
    total += Number(x.amount)
    return [
      i + 1,
      x.name,
      full ? x.id_number : maskers.idNumber(x.id_number),
      x.township ?? '',
      x.village ?? '',
      x.groups.map((g) => DAIJIAO_GROUP_LABELS[g] ?? g).join('、'),
      x.group_applied ? (DAIJIAO_GROUP_LABELS[x.group_applied] ?? x.group_applied) : '',
      Number(x.min_tier) / 100,
      Number(x.rate),
      Number(x.amount) / 100,
      x.kind === 'ADJUSTMENT' ? '调整' : '正常',
    ]
  })
  data.push(['合计', '', '', '', '', '', '', '', '', total / 100, ''])
  const buffer = await xlsxBuffer(
    `代缴名册${r.year}`,
    DAIJIAO_COLUMNS.map((header, i) => ({ header, width: [6, 10, 22, 14, 16, 24, 14, 12, 10, 12, 8][i]! })),
    data,
  )
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now()
    await trx
      .updateTable('daijiao_roster')
      .set({ status: 'EXPORTED', exported_at: now, exported_by: actor.userId })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, deps, actor, {
      action: full ? 'daijiao.export.full' : 'daijiao.export',
      subjectType: 'daijiao_roster',
      subjectId: id,
      regionCode: `${r.county_code}000000`,
      before: { status: r.status },
      after: { status: 'EXPORTED', lines: rows.length, totalAmount: total, fullIdNumbers: full },
    })
  })
  return { buffer, name: `城乡居保代缴名册_${r.county_code}_${r.year}.xlsx` }
}
