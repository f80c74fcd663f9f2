/**
 * Demo county in motion (issue 18 item 2): monitoring activity written on first start through the real workflow,
 * assistance, feed and household services, as the demo users (and the cadres of the other villages of the demo
 * township), on a clock that starts nine months ago and moves forward, so publicity periods pass and deadlines fall
 * where they would. Identification cases stand at every stage (clue received, verification, comparison, appraisal,
 * publicity, township review, county approval); monitoring targets have plans, measures and visits (some overdue);
 * one risk is eliminated and one elimination is in publicity; medical-feed warnings wait for verification (two
 * overdue). Deterministic (households in md5 order of their id) and done once. */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { chinaDate, fixedClock } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { type Actor, systemActor } from '../auth/actor.ts'
import { actorFromUser, addUser } from '../auth/auth.service.ts'
import { ingestPush } from '../feeds/feeds.service.ts'
import { updateHousehold } from '../households/households.service.ts'
import { screenHouseholds } from '../warnings/warnings.screen.ts'
import { act, openCase } from '../workflow/workflow.service.ts'
import { activatePlan, addMeasure, recordVisit } from './assistance.service.ts'

const DAY = 86_400_000

/** How far an identification case is taken, in the order of §7.1. */
const STAGES = [
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'COUNTY_APPROVAL',
  'TOWNSHIP_REVIEW',
  'VILLAGE_PUBLICITY',
  'VILLAGE_APPRAISAL',
  'DATA_COMPARISON',
  'HOUSEHOLD_VERIFICATION',
  'CLUE_RECEIVED',
] as const
type Stage = (typeof STAGES)[number]
const ORDER: readonly Stage[] = [
  'CLUE_RECEIVED',
  'HOUSEHOLD_VERIFICATION',
  'DATA_COMPARISON',
  'VILLAGE_APPRAISAL',
  'VILLAGE_PUBLICITY',
  'TOWNSHIP_REVIEW',
  'COUNTY_APPROVAL',
  'ACTIVE',
]
const VILLAGE_STAGES: readonly Stage[] = [
  'CLUE_RECEIVED',
  'HOUSEHOLD_VERIFICATION',
  'VILLAGE_APPRAISAL',
  'VILLAGE_PUBLICITY',
]
const reached = (target: Stage, s: Stage) => ORDER.indexOf(target) >= ORDER.indexOf(s)

const SECURED = {
  foodClothingOk: true,
  compulsoryEducationOk: true,
  medicalInsuranceOk: true,
  housingSafetyOk: true,
  drinkingWaterOk: true,
}
const RISK_SETS = [['ILLNESS'], ['UNSTABLE_EMPLOYMENT'], ['NATURAL_DISASTER'], ['ILLNESS', 'UNSTABLE_EMPLOYMENT']]
const categoryOf = (type: string) =>
  type === 'TUOPIN' ? 'UNSTABLE_TUOPIN' : type === 'GENERAL' ? 'MARGINAL' : 'SUDDEN_HARDSHIP'

/**
 * The cadre of another village of the demo township, who does that village's steps in the demo activity: an ordinary
 * account with a random password nobody knows (it is not a demo login; the README lists those).
 */
async function villageCadre(deps: AppDeps, regionCode: string): Promise<Actor> {
  const username = `cadre_${regionCode}`
  const found = await deps.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
  if (found) return actorFromUser(found)
  const region = await deps.db
    .selectFrom('region')
    .select('name')
    .where('code', '=', regionCode)
    .executeTakeFirstOrThrow()
  const user = await addUser(deps, systemActor, {
    username,
    displayName: `${region.name}村干部`,
    password: `Xj-${randomBytes(18).toString('base64url')}`,
    roles: ['VILLAGE_CADRE'],
    regionCode,
  })
  return actorFromUser(user)
}

/**
 * Households the engine can assess: the registry's school statuses 普通高中/中职/学龄前/辍学 (SENIOR, VOCATIONAL,
 * PRESCHOOL_AGE, DROPOUT) are not among the engine's input values today, so a verification of such a household is
 * refused by the engine (reported to the lead); the demo picks households without them.
 */
const engineReadable = sql<boolean>`not exists (select 1 from person x where x.household_id = h.id
  and x.status = 'ACTIVE' and x.school_status in ('SENIOR', 'VOCATIONAL', 'PRESCHOOL_AGE', 'DROPOUT'))`

async function demoActor(deps: Pick<AppDeps, 'db'>, username: string): Promise<Actor> {
  const u = await deps.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirstOrThrow()
  return actorFromUser(u)
}

/**
 * Writes the demo monitoring activity once (nothing when the county already has an identification case). Returns
 * the number of cases opened.
 */
export async function seedDemoActivity(deps: AppDeps, county: string): Promise<number> {
  const has = await deps.db
    .selectFrom('wf_case')
    .select('id')
    .where('county_code', '=', county)
    .where('case_type', '=', 'MONITORING_IDENT')
    .limit(1)
    .execute()
  if (has.length) return 0
  const village = await demoActor(deps, 'village_cadre')
  const town = await demoActor(deps, 'town_rr')
  const county1 = await demoActor(deps, 'county_rr')
  const county2 = await demoActor(deps, 'county_rr_head')
  // the demo village's own households wait at its stages (the village_cadre demo login has the tasks); the targets and
  // the cases further on are in the other villages of the demo township, each village acting through its own cadre
  const pick = (where: ReturnType<typeof sql>, n: number) =>
    sql<{ id: string; household_type: string; region_code: string }>`
      select h.id, h.household_type, h.region_code from household h
      where ${where} and h.status = 'ACTIVE' and h.head_person_id is not null
        and coalesce(h.monitoring_status, '') <> 'ACTIVE' and ${engineReadable}
      order by md5(h.id::text) limit ${n}`.execute(deps.db)
  const atVillage = STAGES.filter((s) => VILLAGE_STAGES.includes(s))
  const elsewhere = STAGES.filter((s) => !VILLAGE_STAGES.includes(s))
  const own = (await pick(sql`h.region_code = ${village.regionCode}`, atVillage.length)).rows
  const township = village.regionCode.slice(0, 9)
  const others = (
    await pick(
      sql`h.region_code like ${`${township}%`} and h.region_code <> ${village.regionCode}`,
      elsewhere.length + atVillage.length - own.length,
    )
  ).rows
  // the households whose risk is eliminated: the two with the highest registered per-capita income, so their income
  // has been above the threshold as long as elimination needs
  const elim = (
    await sql<{ id: string; household_type: string; region_code: string }>`
      select h.id, h.household_type, h.region_code from household h
      join lateral (select a.per_capita_net from income_assessment a where a.household_id = h.id
        order by a.period_end desc, a.created_at desc limit 1) a on true
      where h.region_code like ${`${township}%`} and h.status = 'ACTIVE' and h.head_person_id is not null
        and coalesce(h.monitoring_status, '') <> 'ACTIVE' and ${engineReadable}
        and not (h.id = any(${[...own, ...others].map((h) => h.id)}::uuid[]))
      order by a.per_capita_net desc, md5(h.id::text) limit 2`.execute(deps.db)
  ).rows
  const households = [...own, ...others, ...elim]
  const targets = [
    ...atVillage.slice(0, own.length),
    ...elsewhere,
    ...atVillage.slice(own.length),
    ...elim.map(() => 'ACTIVE' as const),
  ]
  const cadres = new Map<string, Actor>([[village.regionCode, village]])
  for (const h of households) {
    if (!cadres.has(h.region_code)) cadres.set(h.region_code, await villageCadre(deps, h.region_code))
  }
  const now = deps.clock.now().getTime()
  const clock = fixedClock(new Date(now - 60 * DAY))
  const d: AppDeps = { ...deps, clock }
  const cases = households.map((h, i) => ({ h, target: targets[i]!, c: null as null | { id: string; v: number } }))
  const step = async (actor: Actor, x: (typeof cases)[number], event: string, values: object = {}) => {
    const r = await act(d, actor, x.c!.id, { event, version: x.c!.v, values })
    x.c = { id: r.id, v: r.version }
  }
  // cases run to `upTo` from the clue; the older ones start first, so each waits as long as its stage suggests
  const runTo = async (x: (typeof cases)[number], upTo: Stage) => {
    if (!x.c) {
      const r = await openCase(d, cadres.get(x.h.region_code)!, 'MONITORING_IDENT', {
        householdId: x.h.id,
        values: { channel: 'CADRE_SCREENING', reason: '基层干部排查发现：家庭成员患病，务工收入下降' },
      })
      x.c = { id: r.id, v: r.version }
    }
    const at = (s: Stage) => reached(upTo, s)
    if (at('HOUSEHOLD_VERIFICATION')) await step(cadres.get(x.h.region_code)!, x, 'ACCEPT')
    if (at('DATA_COMPARISON'))
      await step(cadres.get(x.h.region_code)!, x, 'VERIFY', {
        income_migrant_work: 5000,
        ...SECURED,
        consentSigned: true,
      })
    if (at('VILLAGE_APPRAISAL'))
      await step(county1, x, 'COMPARED', { comparison: '公安、民政、医保、人社数据比对无异常' })
    if (at('VILLAGE_PUBLICITY'))
      await step(cadres.get(x.h.region_code)!, x, 'APPRAISED', {
        attendees: 12,
        votesFor: 11,
        votesAgainst: 0,
        minutes: '经村民代表评议，同意纳入监测对象',
        category: categoryOf(x.h.household_type),
        risks: RISK_SETS[cases.indexOf(x) % RISK_SETS.length],
      })
  }
  const finish = async (x: (typeof cases)[number]) => {
    if (reached(x.target, 'TOWNSHIP_REVIEW')) await step(cadres.get(x.h.region_code)!, x, 'FORWARD')
    if (reached(x.target, 'COUNTY_APPROVAL')) await step(town, x, 'REVIEWED')
    if (reached(x.target, 'ACTIVE')) await step(county2, x, 'APPROVE')
  }
  // nine months ago: two households identified whose risk is now eliminated (one approved, one in publicity)
  const early = cases.slice(cases.length - elim.length)
  clock.set(new Date(now - 270 * DAY))
  for (const x of early) await runTo(x, 'VILLAGE_PUBLICITY')
  clock.set(new Date(now - 262 * DAY))
  for (const x of early) {
    await finish(x)
    await planFor(d, cadres.get(x.h.region_code)!, x.h.id)
  }
  // the visit a month later finds stable migrant work: 12,000 元 a year per member (an income assessment of the visit)
  clock.set(new Date(now - 235 * DAY))
  const wage = new Map<string, number>()
  for (const x of early) {
    const m = await d.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('household_id', '=', x.h.id)
      .where('status', '=', 'ACTIVE')
      .executeTakeFirstOrThrow()
    wage.set(x.h.id, 12_000 * Number(m.n))
    await recordVisit(d, cadres.get(x.h.region_code)!, x.h.id, {
      visitedOn: chinaDate(clock.now()),
      incomeItems: { migrant_work: wage.get(x.h.id)! * 100 },
      incomeChange: '外出务工收入稳定',
      progress: '务工稳定，收入超过监测范围',
    })
  }
  clock.set(new Date(now - 60 * DAY))
  const past = cases.filter((x) => reached(x.target, 'TOWNSHIP_REVIEW') && !early.includes(x))
  // 60 days ago: the cases that are past their publicity now go to appraisal (one a day)
  for (const x of past) {
    await runTo(x, 'VILLAGE_PUBLICITY')
    clock.advance(DAY)
  }
  // 10 days later the publicity is over: forward, review, approve
  clock.set(new Date(now - 48 * DAY))
  for (const x of past) await finish(x)
  // the targets get their plans: a measure, activation where the §9 checks pass, visits
  for (const x of cases.filter((c) => c.target === 'ACTIVE' && !early.includes(c)))
    await planFor(d, cadres.get(x.h.region_code)!, x.h.id)
  // a recent visit to every other target; the rest are past their visit interval (the overdue-visit list)
  clock.set(new Date(now - 6 * DAY))
  for (const [i, x] of cases.filter((c) => c.target === 'ACTIVE' && !early.includes(c)).entries()) {
    if (i % 2) continue
    await recordVisit(d, cadres.get(x.h.region_code)!, x.h.id, {
      visitedOn: chinaDate(clock.now()),
      progress: '务工收入稳定，计划措施按期落实',
    })
  }
  // the recent cases, each to its stage, over the last days
  clock.set(new Date(now - 4 * DAY))
  for (const x of cases.filter((c) => !reached(c.target, 'TOWNSHIP_REVIEW'))) {
    await runTo(x, x.target)
    clock.advance(DAY / 4)
  }
  // the eliminations (§7.3): proposed, verified and appraised by the village; the first approved by the county
  clock.set(new Date(now - 20 * DAY))
  for (const [i, x] of early.entries()) {
    if (i === 1) clock.set(new Date(now - 2 * DAY))
    const cadre = cadres.get(x.h.region_code)!
    const e = await openCase(d, cadre, 'MONITORING_ELIM', { householdId: x.h.id, values: { reason: '务工收入稳定' } })
    x.c = { id: e.id, v: e.version }
    try {
      await step(cadre, x, 'PROPOSE', { method: 'ASSISTED', risksResolved: true })
    } catch (err) {
      // a population whose incomes do not meet the conditions: the proposal stays open, as the village would see it
      if (err instanceof AppError && err.code === 'PRECONDITION_FAILED') continue
      throw err
    }
    await step(cadre, x, 'VERIFY', { income_migrant_work: wage.get(x.h.id)!, ...SECURED })
    await step(cadre, x, 'APPRAISED', { attendees: 12, votesFor: 12, votesAgainst: 0, minutes: '同意风险消除' })
    if (i === 1) continue
    clock.set(new Date(now - 12 * DAY))
    await step(cadre, x, 'FORWARD')
    await step(town, x, 'REVIEWED')
    const h = await d.db.selectFrom('household').select('version').where('id', '=', x.h.id).executeTakeFirstOrThrow()
    await updateHousehold(d, cadre, x.h.id, {
      version: h.version,
      monitorContactName: '马联络',
      monitorContactPhone: '13900001111',
    })
    await step(county2, x, 'APPROVE')
  }
  // warnings from the medical insurance feed (§5.5): pushed by the department's data officer and screened as the feed
  // job does, three weeks ago (past the verification time limit, so overdue) and two days ago (open, in time)
  const dept = await demoActor(deps, 'dept_data')
  const used = cases.map((x) => x.h.id)
  const heads = (
    await sql<{ id_number: string }>`
      select p.id_number from household h join person p on p.id = h.head_person_id
      where h.region_code like ${`${township}%`} and h.status = 'ACTIVE' and p.status = 'ACTIVE'
        and coalesce(h.monitoring_status, '') <> 'ACTIVE' and not (h.id = any(${used}::uuid[])) and ${engineReadable}
      order by md5(h.id::text) limit 6`.execute(deps.db)
  ).rows
  for (const [ago, part] of [
    [21, heads.slice(0, 2)],
    [2, heads.slice(2)],
  ] as const) {
    if (!part.length) continue
    clock.set(new Date(now - ago * DAY))
    const today = chinaDate(clock.now())
    const r = await ingestPush(
      d,
      dept,
      'MEDICAL',
      part.map((p, i) => ({ idNumber: p.id_number, dataDate: today, selfPaid: `${26_000 + i * 1_500}.00` })),
    )
    await screenHouseholds({ db: d.db, clock, actor: dept }, r.households, today)
  }
  clock.set(new Date(now))
  return cases.length
}

/** A measure on the plan APPROVE created, activation when its checks pass, and visits (the last one long ago). */
async function planFor(d: AppDeps, village: Actor, householdId: string) {
  const [plan] = (
    await sql<{ id: string; version: number }>`select id, version from monitoring_plan
      where household_id = ${householdId}`.execute(d.db)
  ).rows
  if (!plan) return
  const head = await d.db
    .selectFrom('household')
    .select('head_person_id')
    .where('id', '=', householdId)
    .executeTakeFirstOrThrow()
  await addMeasure(d, village, plan.id, plan.version, {
    personId: head.head_person_id,
    category: 'EMPLOYMENT',
    item: '外出务工补贴',
    startDate: chinaDate(d.clock.now()),
    amountFen: 100000,
    transportAllowanceFen: 50000,
    fundSource: '衔接资金',
    responsibleDept: '县人社局',
  })
  try {
    await activatePlan(d, village, plan.id, plan.version + 1)
  } catch (e) {
    // a plan whose §9 checks do not pass stays a draft, as it would for the village
    if (!(e instanceof AppError && e.code === 'PRECONDITION_FAILED')) throw e
  }
  await recordVisit(d, village, householdId, {
    visitedOn: chinaDate(d.clock.now()),
    progress: '已落实务工补贴，家庭生活稳定',
  })
}
