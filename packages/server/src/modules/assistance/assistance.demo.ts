/**
 * Demo social-assistance caseload for the demo county, so the rosters, registry and reports pages have something to
 * show before any application has been approved: a few 低保 households, 特困 elderly and temporary relief payments,
 * written through the one decision writer (`recordDecision`, with registry entries and audit rows). Amounts derive
 * from the catalogue's 低保 standard; the trace says they are demo values, not engine results. The current month's
 * payment roster is then generated and approved by two civil-affairs officers (`seedDemoRoster`).
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { systemActor } from '../auth/actor.ts'
import { actorFromUser } from '../auth/auth.service.ts'
import { parametersAt } from '../policy/parameters.service.ts'
import { act, openCase } from '../workflow/workflow.service.ts'
import { recordDecision } from './decisions.ts'
import { approvePayRoster, generatePayRoster } from './rosters.ts'

/** Writes the demo caseload once (nothing when the county already has decisions). Returns the number written. */
export async function seedDemoAssistance(deps: Pick<AppDeps, 'db' | 'clock'>, county: string): Promise<number> {
  const has = await deps.db.selectFrom('sa_decision').select('id').where('county_code', '=', county).limit(1).execute()
  if (has.length) return 0
  const today = chinaDate(deps.clock.now())
  const since = `${today.slice(0, 7)}-01`
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  // one-off relief is paid with next month's roster
  const payMonth = m === 12 ? `${y + 1}01` : `${y}${String(m + 1).padStart(2, '0')}`
  const snap = parametersAt(today)
  const std = (region: string) => snap.get('dibao.standard_rural', undefined, region).value
  const basicMult = (region: string) => snap.get('tekun.basic_mult', undefined, region).value
  // every 12th household in a deterministic order, at most 120 of them
  const households = await sql<{ id: string; region_code: string; members: string[]; elder: string | null }>`
    select h.id, h.region_code,
      array_agg(p.id order by p.birth_date) as members,
      (array_agg(p.id order by p.birth_date) filter (where p.birth_date < current_date - interval '60 years'))[1] as elder
    from household h join person p on p.household_id = h.id and p.status = 'ACTIVE'
    where h.county_code = ${county} and h.status = 'ACTIVE'
    group by h.id, h.region_code
    order by md5(h.id::text)
    limit 1440
  `.execute(deps.db)
  const picked = households.rows.filter((_, i) => i % 12 === 0)
  let n = 0
  await deps.db.transaction().execute(async (trx) => {
    for (const [i, h] of picked.entries()) {
      const s = std(h.region_code)
      const engine = (computed: Record<string, unknown>) => ({
        inputs: { demo: true },
        computed,
        trace: { note: 'demo caseload (assistance.demo.ts), not an engine result' },
        modelVersion: 'demo',
        paramDigest: snap.digest,
      })
      if (i % 10 < 6) {
        const covered = h.members
        const perCapitaGap = Math.round((s * (20 + ((i * 7) % 50))) / 100)
        await recordDecision(trx, deps, systemActor, {
          programme: 'DIBAO',
          regionCode: h.region_code,
          householdId: h.id,
          coveredPersonIds: covered,
          classification: (['A', 'B', 'C'] as const)[i % 3]!,
          monthlyAmount: perCapitaGap * covered.length,
          since,
          engine: engine({ standard: s, perCapitaGap, covered: covered.length }),
          caseId: randomUUID(),
        })
      } else if (i % 10 < 8 && h.elder) {
        const basic = Math.round(s * basicMult(h.region_code))
        const careTier = (['SELF_CARE', 'SEMI_CARE', 'FULL_CARE'] as const)[i % 3]!
        const supportMode = i % 4 === 0 ? 'INSTITUTION' : 'HOME'
        // care standard = the tier's share of the minimum monthly wage (tekun.care_ratio, labour.min_wage_monthly)
        const care = Math.round(
          snap.get('tekun.care_ratio', { support_mode: supportMode, care_tier: careTier }, h.region_code).value *
            snap.get('labour.min_wage_monthly', undefined, h.region_code).value,
        )
        await recordDecision(trx, deps, systemActor, {
          programme: 'TEKUN',
          regionCode: h.region_code,
          householdId: h.id,
          personId: h.elder,
          coveredPersonIds: [h.elder],
          careTier,
          supportMode,
          monthlyAmount: basic + care,
          since,
          engine: engine({ basic, care }),
          caseId: randomUUID(),
        })
      } else {
        const amount = Math.round(s * (i % 2 === 0 ? 1 : 3))
        await recordDecision(trx, deps, systemActor, {
          programme: 'TEMP_RELIEF',
          regionCode: h.region_code,
          householdId: h.id,
          coveredPersonIds: [],
          reliefType: i % 2 === 0 ? 'URGENT' : 'EXPENDITURE',
          oneOffAmount: amount,
          payMonth,
          since,
          engine: { ...engine({ amount }), inputs: { demo: true, fastTrack: i % 2 === 0 } },
          caseId: randomUUID(),
        })
      }
      n++
    }
    // the synthetic population has no bank accounts: give every payee a synthetic 一卡通 account (19 digits)
    await sql`
      update person p set bank_account = '622848' || lpad((abs(hashtext(p.id::text)) % 10000000000000)::text, 13, '0')
      from household h
      where h.id = p.household_id and h.county_code = ${county} and p.bank_account is null
        and (p.id = h.head_person_id or p.id in (select person_id from sa_decision where county_code = ${county}))
        and h.id in (select household_id from sa_decision where county_code = ${county})
    `.execute(trx)
  })
  return n
}

/**
 * The payment roster of the current month, generated by the county's civil-affairs officer (`county_ca`) and approved
 * by another (`county_ca_head`), through the roster service. Nothing when the month already has a roster. Returns its
 * number of lines.
 */
export async function seedDemoRoster(deps: Pick<AppDeps, 'db' | 'clock'>, county: string): Promise<number> {
  const month = chinaDate(deps.clock.now()).slice(0, 7).replace('-', '')
  const has = await deps.db
    .selectFrom('pay_roster')
    .select('id')
    .where('county_code', '=', county)
    .where('month', '=', month)
    .executeTakeFirst()
  if (has) return 0
  const user = (name: string) =>
    deps.db.selectFrom('app_user').selectAll().where('username', '=', name).executeTakeFirstOrThrow()
  const roster = await generatePayRoster(deps, actorFromUser(await user('county_ca')), { county, month })
  const approved = await approvePayRoster(deps, actorFromUser(await user('county_ca_head')), roster.id)
  return approved.lineCount
}

/**
 * 低保 and 特困 applications waiting at their first stages in the demo township, opened and taken forward by the
 * township's civil-affairs officer (`town_ca`) through the workflow: applied, accepted, and (低保) under the economic
 * check. Households without a decision, in md5 order; nothing when the county already has an application. Returns
 * the number of cases opened.
 */
export async function seedDemoApplications(deps: AppDeps, county: string): Promise<number> {
  const has = await deps.db
    .selectFrom('wf_case')
    .select('id')
    .where('county_code', '=', county)
    .where('case_type', 'in', ['DIBAO_APPLY', 'TEKUN_APPLY'])
    .limit(1)
    .execute()
  if (has.length) return 0
  const town = actorFromUser(
    await deps.db.selectFrom('app_user').selectAll().where('username', '=', 'town_ca').executeTakeFirstOrThrow(),
  )
  const { rows } = await sql<{ id: string; elder: string | null }>`
    select h.id,
      (array_agg(p.id order by p.birth_date) filter (where p.birth_date < current_date - interval '60 years'))[1] as elder
    from household h join person p on p.household_id = h.id and p.status = 'ACTIVE'
    where h.region_code like ${`${town.regionCode.slice(0, 9)}%`} and h.status = 'ACTIVE'
      and not exists (select 1 from sa_decision d where d.household_id = h.id)
      and not exists (select 1 from wf_case c where c.household_id = h.id)
    group by h.id order by md5(h.id::text) limit 40`.execute(deps.db)
  const dibao = rows.slice(0, 3)
  const tekun = rows.filter((r) => r.elder && !dibao.includes(r)).slice(0, 2)
  const forward = async (c: { id: string; version: number }, events: Array<[string, object]>) => {
    let v = c
    for (const [event, values] of events) v = await act(deps, town, v.id, { event, version: v.version, values })
  }
  const steps: Array<Array<[string, object]>> = [
    [],
    [['ACCEPT', {}]],
    [
      ['ACCEPT', {}],
      ['CONSENT', { consent: true }],
    ],
  ]
  for (const [i, h] of dibao.entries()) {
    const c = await openCase(deps, town, 'DIBAO_APPLY', { householdId: h.id, values: {} })
    await forward(c, steps[i]!)
  }
  for (const [i, h] of tekun.entries()) {
    const c = await openCase(deps, town, 'TEKUN_APPLY', { householdId: h.id, personId: h.elder!, values: {} })
    await forward(c, steps[i]!)
  }
  return dibao.length + tekun.length
}
