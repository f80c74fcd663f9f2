/**
 * Early-warning screening (domain.md §8): a county's households are read batch by batch into columns (registry
 * facts, feed aggregates over the look-back windows, the last two income assessments), every rule of §8.2 is
 * evaluated by the rules engine's fused batch kernel (one reason bit per rule), and the hits are written as warnings.
 *
 * Never twice: a hit is keyed (household, rule, anchor = the latest data date behind it) under a unique index, hits
 * already stored are filtered out first, and each batch is one transaction followed by a job checkpoint, so a
 * killed job re-runs at most its unfinished batch and writes nothing twice. Hits for a household with an open
 * warning opened within WARNING_DEDUP_DAYS are merged into it; otherwise a new warning is routed to the village
 * with a deadline of WARNING_VERIFY_DAYS.
 */
import { randomUUID } from 'node:crypto'
import {
  arenaColumns,
  type BatchPlan,
  buildPolicyModel,
  type ColumnarPopulation,
  type ISODate,
  type LegalRef,
  WARNING_RULES,
  type WarningRule,
} from '@xianjie/rules'
import { type Kysely, sql } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import type { JobIo } from '../../platform/jobs.ts'
import { recordAudits } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { parametersAt } from '../policy/parameters.service.ts'

/** Feed signals (feeds.contracts) behind each rule, for anchors and evidence. */
export const RULE_SIGNALS: Record<string, readonly string[]> = {
  MED_HIGH_OOP_LOWINC: ['MED_OOP'],
  MED_HIGH_OOP_GENERAL: ['MED_OOP'],
  MED_OOP_RATIO_TUOPIN: ['MED_OOP'],
  MED_OOP_RATIO_GENERAL: ['MED_OOP'],
  MED_OOP_ABS_ALL: ['MED_OOP'],
  EDU_DROPOUT: ['EDU_DROPOUT'],
  EDU_HIGH_COST: ['EDU_NONCOMPULSORY'],
  HOUSING_DANGER: ['HOUSING_DANGER'],
  WATER_ISSUE: ['WATER_OUTAGE', 'WATER_FACILITY'],
  DISABILITY_NEW: ['DISABILITY_NEW', 'DISABILITY_LEVEL'],
  CA_NEW_DIBAO_TEKUN: ['CA_CHANGE'],
  DISASTER_LOSS: ['DISASTER_LOSS'],
  POLICE_ACCIDENT: ['POLICE_ACCIDENT'],
  POLICE_HUKOU: ['POLICE_HUKOU'],
  HRSS_UNEMPLOYED: ['HRSS_UNEMPLOYED'],
  AGRI_INDUSTRY_LOSS: ['AGRI_LOSS'],
  ASSET_MISMATCH: ['ASSET_ACQUIRED'],
  INCOME_DROP: [],
}

/** How each signal becomes a person column: summed amounts over the long window, counts or the minimum level. */
const SIGNAL_COLUMNS: Record<string, { column: string; agg: 'sum' | 'count' | 'min'; window: 'long' | 'short' }> = {
  MED_OOP: { column: 'ew_med_oop', agg: 'sum', window: 'long' },
  WATER_OUTAGE: { column: 'ew_water_outage_days', agg: 'sum', window: 'long' },
  WATER_FACILITY: { column: 'ew_water_facility', agg: 'count', window: 'short' },
  EDU_DROPOUT: { column: 'ew_edu_dropout', agg: 'count', window: 'short' },
  EDU_NONCOMPULSORY: { column: 'ew_edu_noncompulsory', agg: 'count', window: 'short' },
  HOUSING_DANGER: { column: 'ew_housing_danger', agg: 'count', window: 'short' },
  DISABILITY_NEW: { column: 'ew_disability_new', agg: 'count', window: 'short' },
  DISABILITY_LEVEL: { column: 'ew_disability_upgrade_level', agg: 'min', window: 'short' },
  CA_CHANGE: { column: 'ew_ca_change', agg: 'count', window: 'short' },
  DISASTER_LOSS: { column: 'ew_disaster_loss', agg: 'count', window: 'short' },
  POLICE_ACCIDENT: { column: 'ew_police_accident', agg: 'count', window: 'short' },
  POLICE_HUKOU: { column: 'ew_police_hukou', agg: 'count', window: 'short' },
  HRSS_UNEMPLOYED: { column: 'ew_hrss_unemployed', agg: 'count', window: 'short' },
  AGRI_LOSS: { column: 'ew_agri_loss', agg: 'count', window: 'short' },
  ASSET_ACQUIRED: { column: 'ew_asset_acquired', agg: 'count', window: 'short' },
}
const PERSON_COLUMNS = [...new Set(Object.values(SIGNAL_COLUMNS).map((c) => c.column))]
const SEVERITY_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 }
const LOW_INCOME_GROUPS = ['DIBAO', 'TEKUN', 'PREVENTION_TARGET', 'DIBAO_MARGINAL', 'RIGID_EXPENDITURE']
const MONITORED_STATUSES = ['IDENT_IN_PROGRESS', 'ACTIVE', 'ELIM_IN_PROGRESS']

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + months)
  return d.toISOString().slice(0, 10)
}

/** Windows, thresholds and the compiled kernel for one screening date and county. */
export interface ScreenContext {
  county: string
  asOf: string
  longFrom: string
  shortFrom: string
  dedupDays: number
  verifyDays: number
  deadlineLegal: { parameter: string; days: number; legal: readonly LegalRef[] }
  thresholds: Map<string, { value: number; legal: readonly LegalRef[] }[]>
  plan: BatchPlan
}

const plans = new Map<string, BatchPlan>()

export function screenContext(county: string, asOf: string): ScreenContext {
  const snap = parametersAt(asOf)
  const get = (path: string) => snap.get(path, undefined, county)
  const months = get('warnings.med_lookback_months').value
  const short = get('warnings.event_lookback_days').value
  const verify = get('warnings.verify_days')
  const period = asOf.slice(0, 7)
  const key = `${asOf}|${county}`
  let plan = plans.get(key)
  if (!plan) {
    const model = buildPolicyModel()
    plan = model.compileBatch({
      period,
      outputs: WARNING_RULES.flatMap((r) => (r.trigger ? [r.trigger] : [])),
      screens: WARNING_RULES.map((r) => r.screen),
      snapshot: parametersAt(asOf),
    })
    if (plans.size > 50) plans.clear()
    plans.set(key, plan)
  }
  const thresholds = new Map<string, { value: number; legal: readonly LegalRef[] }[]>()
  for (const r of WARNING_RULES)
    if (r.threshold)
      thresholds.set(
        r.code,
        r.threshold.map((p) => {
          const v = get(p)
          return { value: v.value, legal: v.legal }
        }),
      )
  return {
    county,
    asOf,
    longFrom: addMonths(asOf, -months),
    shortFrom: addDays(asOf, -short),
    dedupDays: get('warnings.dedup_days').value,
    verifyDays: verify.value,
    deadlineLegal: { parameter: 'warnings.verify_days', days: verify.value, legal: verify.legal },
    thresholds,
    plan,
  }
}

/** Which households a batch covers: a range of household ids, or an explicit list (incremental screening). */
export type BatchSelector = { lo: string; hi: string | null } | { ids: readonly string[] }

export interface BatchStats {
  households: number
  persons: number
  flagged: number
  hits: number
  created: number
  merged: number
  byRule: Record<string, number>
  readMs: number
  evalMs: number
  writeMs: number
}

interface Loaded {
  pop: ColumnarPopulation
  householdIds: string[]
  householdRegion: string[]
  personIds: (string | undefined)[]
  /** Latest data date per (household index, signal). */
  anchors: Map<string, string>
  /** Latest assessment end per household index (INCOME_DROP anchor). */
  incomeAnchor: (string | null)[]
}

function rangeWhere(column: string, sel: BatchSelector) {
  if ('ids' in sel) return sql`${sql.ref(column)} = any(${sql.val(sel.ids)}::uuid[])`
  return sel.hi
    ? sql`${sql.ref(column)} >= ${sel.lo}::uuid and ${sql.ref(column)} < ${sel.hi}::uuid`
    : sql`${sql.ref(column)} >= ${sel.lo}::uuid`
}

/** Reads the households of one batch into the engine's columnar layout. */
export async function loadBatch(db: Kysely<Database>, ctx: ScreenContext, sel: BatchSelector): Promise<Loaded> {
  const hh = await sql<{
    id: string
    region_code: string
    household_type: string
    monitoring_status: string
    low_income_groups: string[]
  }>`select id, region_code, household_type, monitoring_status, low_income_groups from household
     where county_code = ${ctx.county} and status = 'ACTIVE' and ${rangeWhere('id', sel)}`.execute(db)
  const H = hh.rows.length
  const index = new Map<string, number>()
  const householdIds: string[] = new Array(H)
  const householdRegion: string[] = new Array(H)
  const hc = arenaColumns({
    household_type: [Uint8Array, H],
    ew_low_income: [Uint8Array, H],
    ew_monitored: [Uint8Array, H],
    ew_pcn_latest: [Float64Array, H],
    ew_pcn_previous: [Float64Array, H],
  })
  const { household_type: type, ew_low_income: lowIncome, ew_monitored: monitored } = hc
  hh.rows.forEach((r, i) => {
    index.set(r.id, i)
    householdIds[i] = r.id
    householdRegion[i] = r.region_code
    type[i] = r.household_type === 'TUOPIN' ? 1 : 0
    const groups = r.low_income_groups ?? []
    const mon = MONITORED_STATUSES.includes(r.monitoring_status) || groups.includes('PREVENTION_TARGET')
    monitored[i] = mon ? 1 : 0
    lowIncome[i] = mon || groups.some((g) => LOW_INCOME_GROUPS.includes(g)) ? 1 : 0
  })
  // Members per household only: persons without feed data have all-zero inputs and cannot trigger a rule, so only
  // the persons named by feed records need an identity (they take the first slots of their household).
  const sizes = await sql<{ household_id: string; n: string }>`select household_id, count(*) as n from person
     where county_code = ${ctx.county} and status = 'ACTIVE' and ${rangeWhere('household_id', sel)}
     group by household_id`.execute(db)
  const off = new Int32Array(H + 1)
  for (const r of sizes.rows) {
    const h = index.get(r.household_id)
    if (h !== undefined) off[h + 1] = Number(r.n)
  }
  for (let h = 0; h < H; h++) off[h + 1] = off[h]! + off[h + 1]!
  const P = off[H]!
  const fill = off.slice(0, H)
  const personIds: (string | undefined)[] = new Array(P)
  const personIndex = new Map<string, number>()
  // one arena per column type, which the batch kernel reads through one view (rules: `arenaColumns`)
  const cols = arenaColumns(
    Object.fromEntries(PERSON_COLUMNS.map((c) => [c, [c === 'ew_med_oop' ? Float64Array : Int32Array, P] as const])),
  )
  const anchors = new Map<string, string>()
  const feed = await sql<{
    person_id: string
    household_id: string
    signal: string
    total: string | null
    n: string
    least: string | null
    last: string
  }>`select person_id, household_id, signal, sum(amount) as total, count(*) as n, min(amount) as least,
            max(data_date)::text as last
     from feed_record
     where county_code = ${ctx.county} and ${rangeWhere('household_id', sel)} and signal is not null
       and data_date <= ${ctx.asOf}
       and data_date > (case when signal in ('MED_OOP', 'WATER_OUTAGE') then ${ctx.longFrom} else ${ctx.shortFrom} end)::date
     group by person_id, household_id, signal`.execute(db)
  for (const f of feed.rows) {
    const spec = SIGNAL_COLUMNS[f.signal]
    const hh = index.get(f.household_id)
    if (!spec || hh === undefined) continue
    let i = personIndex.get(f.person_id)
    if (i === undefined) {
      if (fill[hh]! >= off[hh + 1]!) continue // the person left the household since the record was matched
      i = fill[hh]!++
      personIndex.set(f.person_id, i)
      personIds[i] = f.person_id
    }
    const col = cols[spec.column]!
    col[i] = spec.agg === 'sum' ? Number(f.total ?? 0) : spec.agg === 'count' ? Number(f.n) : Number(f.least ?? 0)
    const key = `${hh}|${f.signal}`
    const prev = anchors.get(key)
    if (!prev || f.last > prev) anchors.set(key, f.last)
  }

  const { ew_pcn_latest: latest, ew_pcn_previous: previous } = hc
  const incomeAnchor: (string | null)[] = new Array(H).fill(null)
  const inc = await sql<{ household_id: string; per_capita_net: string; period_end: string; rn: string }>`
     select household_id, per_capita_net, period_end::text as period_end, rn from (
       select household_id, per_capita_net, period_end,
              row_number() over (partition by household_id order by period_end desc, created_at desc) as rn
       from income_assessment where county_code = ${ctx.county} and ${rangeWhere('household_id', sel)}
         and period_end <= ${ctx.asOf}) a
     where rn <= 2`.execute(db)
  for (const r of inc.rows) {
    const h = index.get(r.household_id)
    if (h === undefined) continue
    if (Number(r.rn) === 1) {
      latest[h] = Number(r.per_capita_net)
      incomeAnchor[h] = r.period_end
    } else previous[h] = Number(r.per_capita_net)
  }

  const pop: ColumnarPopulation = {
    households: H,
    persons: P,
    memberOffsets: off,
    roleCodes: new Uint8Array(P),
    regionCodes: new Uint16Array(H),
    dictionaries: { region: [ctx.county] },
    householdIds,
    columns: { ...hc, ...cols },
  }
  return { pop, householdIds, householdRegion, personIds, anchors, incomeAnchor }
}

interface Hit {
  h: number
  rule: WarningRule
  personIndex: number | null
  anchor: string
  dataDate: string
  value: number | null
  threshold: number | null
}

/** Evaluates every rule of §8.2 on a loaded batch; returns the hits of the flagged households. */
export async function evaluateBatch(ctx: ScreenContext, loaded: Loaded): Promise<{ hits: Hit[]; flagged: number }> {
  const res = await ctx.plan.run(loaded.pop)
  const reasons = res.reasons!
  const hits: Hit[] = []
  let flagged = 0
  const { pop } = loaded
  for (let h = 0; h < pop.households; h++) {
    const mask = reasons[h]!
    if (mask === 0) continue
    flagged++
    WARNING_RULES.forEach((rule, bit) => {
      if ((mask & (1 << bit)) === 0) return
      let person: number | null = null
      let value: number | null = null
      if (rule.trigger) {
        const trig = res.columns[rule.trigger]!
        const col = rule.valueInput ? pop.columns[rule.valueInput] : undefined
        for (let i = pop.memberOffsets[h]!; i < pop.memberOffsets[h + 1]!; i++) {
          if (trig[i] !== 1) continue
          const v = col ? Number(col[i]) : null
          if (person === null || (v !== null && value !== null && v > value)) {
            person = i
            value = v
          }
        }
      } else if (rule.code === 'INCOME_DROP') {
        value = Number(pop.columns.ew_pcn_latest![h])
      }
      let anchor: string | null = null
      for (const s of RULE_SIGNALS[rule.code] ?? []) {
        const d = loaded.anchors.get(`${h}|${s}`)
        if (d && (!anchor || d > anchor)) anchor = d
      }
      if (rule.code === 'INCOME_DROP') anchor = loaded.incomeAnchor[h] ?? ctx.asOf
      const th = ctx.thresholds.get(rule.code)
      const threshold = th ? th.reduce((a, t) => a * t.value, 1) : null
      hits.push({
        h,
        rule,
        personIndex: person,
        anchor: anchor ?? ctx.asOf,
        dataDate: anchor ?? ctx.asOf,
        value,
        threshold,
      })
    })
  }
  return { hits, flagged }
}

/** Writes the hits of one batch in one transaction: new hits only, merged per household within the dedup window. */
export async function writeHits(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  ctx: ScreenContext,
  loaded: Loaded,
  hits: Hit[],
): Promise<{ hits: number; created: number; merged: number; byRule: Record<string, number>; touched: string[] }> {
  const byRule: Record<string, number> = {}
  if (!hits.length) return { hits: 0, created: 0, merged: 0, byRule, touched: [] }
  return db.transaction().execute(async (trx) => {
    // Screenings of one county (the county job, incremental screenings after uploads) write one at a time, so two
    // of them cannot both open a warning for the same household.
    await sql`select pg_advisory_xact_lock(hashtext(${`warnings:${ctx.county}`}))`.execute(trx)
    const hhIds = [...new Set(hits.map((x) => loaded.householdIds[x.h]!))]
    const existing = new Set<string>()
    const stored = await trx
      .selectFrom('warning_hit')
      .select(['household_id', 'rule_code', 'anchor'])
      .where(sql<boolean>`household_id = any(${sql.val(hhIds)}::uuid[])`)
      .execute()
    for (const s of stored) existing.add(`${s.household_id}|${s.rule_code}|${s.anchor}`)
    const fresh = hits.filter((x) => !existing.has(`${loaded.householdIds[x.h]}|${x.rule.code}|${x.anchor}`))
    if (!fresh.length) return { hits: 0, created: 0, merged: 0, byRule, touched: [] }
    const freshHh = [...new Set(fresh.map((x) => loaded.householdIds[x.h]!))]
    const open = await trx
      .selectFrom('warning')
      .select(['id', 'household_id', 'rules', 'severity', 'last_data_date'])
      .where(sql<boolean>`household_id = any(${sql.val(freshHh)}::uuid[])`)
      .where('status', '=', 'OPEN')
      .where('opened_on', '>=', addDays(ctx.asOf, -ctx.dedupDays))
      .orderBy('opened_on', 'desc')
      .execute()
    const openBy = new Map<string, (typeof open)[number]>()
    for (const w of open) if (!openBy.has(w.household_id)) openBy.set(w.household_id, w)

    // Evidence: the feed records behind each new hit.
    const withFeed = [
      ...new Set(fresh.filter((x) => (RULE_SIGNALS[x.rule.code] ?? []).length).map((x) => loaded.householdIds[x.h]!)),
    ]
    const evidence = await trx
      .selectFrom('feed_record')
      .select(['id', 'household_id', 'person_id', 'source', 'signal', 'data_date', 'amount'])
      .where(sql<boolean>`household_id = any(${sql.val(withFeed)}::uuid[])`)
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
      .where('data_date', '>', ctx.longFrom < ctx.shortFrom ? ctx.longFrom : ctx.shortFrom)
      .where('data_date', '<=', ctx.asOf)
      .execute()
    const evBy = new Map<string, typeof evidence>()
    for (const e of evidence) {
      const k = `${e.household_id}|${e.signal}`
      evBy.set(k, [...(evBy.get(k) ?? []), e])
    }

    const now = clock.now()
    const byHousehold = new Map<string, Hit[]>()
    for (const x of fresh) {
      const id = loaded.householdIds[x.h]!
      byHousehold.set(id, [...(byHousehold.get(id) ?? []), x])
    }
    const createdIds: string[] = []
    const mergedIds: string[] = []
    const newWarnings: Array<Record<string, unknown>> = []
    const hitRows: Array<Record<string, unknown>> = []
    let created = 0
    let merged = 0
    for (const [hid, list] of byHousehold) {
      const h = list[0]!.h
      const region = loaded.householdRegion[h]!
      const rules = [...new Set(list.map((x) => x.rule.code))]
      const severity = list.reduce(
        (a, x) => (SEVERITY_RANK[x.rule.severity]! > SEVERITY_RANK[a]! ? x.rule.severity : a),
        'LOW' as string,
      )
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
      const lastDate = list.reduce((a, x) => (x.dataDate > a ? x.dataDate : a), list[0]!.dataDate)
      let warningId: string
      const w = openBy.get(hid)
      if (w) {
        warningId = w.id
        const allRules = [...new Set([...w.rules, ...rules])]
        const sev = SEVERITY_RANK[severity]! > SEVERITY_RANK[w.severity]! ? severity : w.severity
        await trx
          .updateTable('warning')
          .set({
            rules: allRules,
            severity: sev,
            // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
            last_data_date: lastDate > w.last_data_date ? lastDate : w.last_data_date,
            updated_at: now,
            version: sql`version + 1`,
          })
          .where('id', '=', w.id)
          .execute()
        merged++
        mergedIds.push(w.id)
      } else {
        warningId = randomUUID()
        created++
        newWarnings.push({
          id: warningId,
          household_id: hid,
          county_code: ctx.county,
          region_code: region,
          status: 'OPEN',
          severity,
          rules,
          opened_on: ctx.asOf,
          deadline: addDays(ctx.asOf, ctx.verifyDays),
          deadline_legal: JSON.stringify(ctx.deadlineLegal),
          last_data_date: lastDate,
          created_at: now,
          updated_at: now,
        })
        createdIds.push(warningId)
      }
      for (const x of list) {
        byRule[x.rule.code] = (byRule[x.rule.code] ?? 0) + 1
        const personId = x.personIndex === null ? null : (loaded.personIds[x.personIndex] ?? null)
        const records = (RULE_SIGNALS[x.rule.code] ?? []).flatMap((s) => evBy.get(`${hid}|${s}`) ?? [])
        hitRows.push({
          id: randomUUID(),
          warning_id: warningId,
          household_id: hid,
          county_code: ctx.county,
          rule_code: x.rule.code,
          source: x.rule.source,
          person_id: personId,
          anchor: x.anchor,
          data_date: x.dataDate,
          value: x.value === null ? null : Math.round(x.value),
          threshold: x.threshold,
          severity: x.rule.severity,
          evidence: JSON.stringify({
            records: records
              .filter((r) => !personId || r.person_id === personId)
              .map((r) => ({ id: r.id, source: r.source, signal: r.signal, dataDate: r.data_date, amount: r.amount })),
            // citations are resolved again when the warning is shown (parametersAt(screened_on)), not stored per hit
            parameters: (x.rule.threshold ?? []).map((p, i) => ({
              path: p,
              value: ctx.thresholds.get(x.rule.code)?.[i]?.value ?? null,
            })),
          }),
          screened_on: ctx.asOf,
          created_at: now,
        })
      }
    }
    for (let i = 0; i < newWarnings.length; i += 4000)
      await trx
        .insertInto('warning')
        .values(newWarnings.slice(i, i + 4000) as never)
        .execute()
    for (let i = 0; i < hitRows.length; i += 4000)
      await trx
        .insertInto('warning_hit')
        .values(hitRows.slice(i, i + 4000) as never)
        .onConflict((oc) => oc.doNothing())
        .execute()
    // One audit row per screened batch names every warning it created or merged (a row per warning cost a third of
    // a county run); closing a warning is audited per warning.
    await recordAudits(trx, { clock }, actor, [
      {
        action: 'warning.screen',
        subjectType: 'warning_batch',
        subjectId: randomUUID(),
        regionCode: `${ctx.county}000000`,
        after: { county: ctx.county, asOf: ctx.asOf, hits: hitRows.length, created: createdIds, merged: mergedIds },
      },
    ])
    return { hits: hitRows.length, created, merged, byRule, touched: [...byHousehold.keys()] }
  })
}

/** Reads, evaluates and writes one batch. */
export async function screenBatch(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  ctx: ScreenContext,
  sel: BatchSelector,
): Promise<BatchStats> {
  const t0 = performance.now()
  const loaded = await loadBatch(db, ctx, sel)
  const t1 = performance.now()
  const { hits, flagged } = await evaluateBatch(ctx, loaded)
  const t2 = performance.now()
  const w = await writeHits(db, clock, actor, ctx, loaded, hits)
  const t3 = performance.now()
  return {
    households: loaded.pop.households,
    persons: loaded.pop.persons,
    flagged,
    hits: w.hits,
    created: w.created,
    merged: w.merged,
    byRule: w.byRule,
    readMs: t1 - t0,
    evalMs: t2 - t1,
    writeMs: t3 - t2,
  }
}

/** Household-id ranges of a county screening: `n` (a power of 16, ≤ 256) equal slices of the uuid space. */
export function batchRanges(n: number): Array<{ lo: string; hi: string | null }> {
  const digits = n <= 16 ? 1 : 2
  const count = 16 ** digits
  const hex = (i: number) => i.toString(16).padStart(digits, '0')
  const pad = (p: string) => `${p}${'0'.repeat(8 - p.length)}-0000-0000-0000-000000000000`
  return Array.from({ length: count }, (_, i) => ({ lo: pad(hex(i)), hi: i + 1 < count ? pad(hex(i + 1)) : null }))
}

export interface ScreenSummary {
  county: string
  asOf: string
  households: number
  persons: number
  flaggedHouseholds: number
  warningsCreated: number
  warningsMerged: number
  hits: number
  warningsByRule: Record<string, number>
  batches: number
  batchesRun: number
  seconds: number
  phases: { readSeconds: number; evaluateSeconds: number; writeSeconds: number }
}

/**
 * Screens a whole county, batch by batch, each batch a checkpointed job step (a resumed job skips the finished
 * ones). The summary counts this run's work; `warningsByRule` counts the county's hits stored for `asOf`.
 */
export async function screenCounty(
  io: Pick<JobIo, 'db' | 'clock' | 'actor' | 'step' | 'progress'>,
  opts: { county: string; asOf: ISODate | string; batches?: number },
): Promise<ScreenSummary> {
  const t0 = performance.now()
  const ctx = screenContext(opts.county, opts.asOf)
  const ranges = batchRanges(opts.batches ?? 16)
  const total: ScreenSummary = {
    county: opts.county,
    asOf: opts.asOf,
    households: 0,
    persons: 0,
    flaggedHouseholds: 0,
    warningsCreated: 0,
    warningsMerged: 0,
    hits: 0,
    warningsByRule: {},
    batches: ranges.length,
    batchesRun: 0,
    seconds: 0,
    phases: { readSeconds: 0, evaluateSeconds: 0, writeSeconds: 0 },
  }
  for (let i = 0; i < ranges.length; i++) {
    const s = await io.step(`screen:${opts.county}:${opts.asOf}:${i}`, () =>
      screenBatch(io.db, io.clock, io.actor, ctx, ranges[i]!),
    )
    if (s) {
      total.batchesRun++
      total.households += s.households
      total.persons += s.persons
      total.flaggedHouseholds += s.flagged
      total.warningsCreated += s.created
      total.warningsMerged += s.merged
      total.hits += s.hits
      total.phases.readSeconds += s.readMs / 1000
      total.phases.evaluateSeconds += s.evalMs / 1000
      total.phases.writeSeconds += s.writeMs / 1000
    }
    await io.progress((i + 1) / ranges.length, `${i + 1}/${ranges.length}`)
  }
  const byRule = await io.db
    .selectFrom('warning_hit')
    .select(['rule_code', sql<string>`count(*)`.as('n')])
    .where('county_code', '=', opts.county)
    .where('screened_on', '=', opts.asOf)
    .groupBy('rule_code')
    .execute()
  total.warningsByRule = Object.fromEntries(byRule.map((r) => [r.rule_code, Number(r.n)]))
  total.seconds = (performance.now() - t0) / 1000
  return total
}

/** Incremental screening of the households touched by new feed data (one batch, grouped by county). */
export async function screenHouseholds(
  io: Pick<JobIo, 'db' | 'clock' | 'actor'>,
  householdIds: readonly string[],
  asOf: string,
): Promise<BatchStats[]> {
  if (!householdIds.length) return []
  const counties = await io.db
    .selectFrom('household')
    .select(['county_code', sql<string[]>`array_agg(id)`.as('ids')])
    .where(sql<boolean>`id = any(${sql.val(householdIds)}::uuid[])`)
    .groupBy('county_code')
    .execute()
  const out: BatchStats[] = []
  for (const c of counties) {
    const ctx = screenContext(c.county_code, asOf)
    out.push(await screenBatch(io.db, io.clock, io.actor, ctx, { ids: c.ids }))
  }
  return out
}
