/**
 * Application services around the case types: the printable written decision (approval or refusal with reasons,
 * zh-CN, no sensitive data) and the review raiser of §7.5 (scheduled reviews by classification, minors turning 18).
 */
import { type Kysely, sql } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { activeCoverage, type Coverage, endGradualExits } from '../assistance/decisions.ts'
import { type Actor, requirePermission } from '../auth/actor.ts'
import { parametersAt } from '../policy/parameters.service.ts'
import { assertPublicSafe, getCase, openCase } from '../workflow/workflow.service.ts'
import type { RaiseResult } from './applications.schema.ts'

/** School statuses under which an 18-year-old keeps the benefit (compulsory, general high and secondary vocational). */
const CONTINUING_SCHOOL = new Set(['PRIMARY', 'JUNIOR', 'SENIOR_HIGH', 'SECONDARY_VOCATIONAL'])
const PROGRAMME: Record<string, string> = {
  DIBAO_APPLY: '最低生活保障',
  TEKUN_APPLY: '特困人员救助供养',
  TEKUN_TERMINATE: '特困人员救助供养',
  TEMP_RELIEF: '临时救助',
  DIBAO_REVIEW: '最低生活保障',
  TEKUN_REASSESS: '特困人员救助供养',
}
const APPROVING = new Set(['APPROVED', 'PAID'])

export interface DecisionNotice {
  caseId: string
  kind: 'APPROVAL' | 'REFUSAL' | 'TERMINATION' | 'CHANGE'
  title: string
  programme: string
  subjectName: string
  village: string
  township: string
  decidedOn: string | null
  lines: string[]
  reasons: string | null
  office: string
  appeal: string
}

async function regionName(db: Kysely<Database>, code: string): Promise<string> {
  const r = await db.selectFrom('region').select('name').where('code', '=', code).executeTakeFirst()
  return r?.name ?? code
}

const yuan = (n: unknown) => `${Number(n ?? 0).toFixed(2)} 元`

/** The written decision of a finished case (only name, village and the decision; checked as public-safe). */
export async function decisionNotice(deps: AppDeps, actor: Actor, caseId: string): Promise<DecisionNotice> {
  const { case: c } = await getCase(deps, actor, caseId)
  if (!(c.case_type in PROGRAMME)) throw new AppError('NOT_FOUND', { what: '决定书', whatEn: 'The notice' })
  if (!c.closed_at) {
    throw new AppError('PRECONDITION_FAILED', { reason: '案件尚未办结', reasonEn: 'the case is not finished yet' })
  }
  const d = c.data as Record<string, unknown>
  const programme = PROGRAMME[c.case_type]!
  const lines: string[] = []
  let kind: DecisionNotice['kind']
  let reasons: string | null = null
  if (c.case_type === 'DIBAO_REVIEW') {
    const o = String(d.outcome ?? '')
    kind = o === 'TERMINATE' ? 'TERMINATION' : 'CHANGE'
    const text: Record<string, string> = {
      UNCHANGED: '经复核，家庭情况无明显变化，维持原保障待遇。',
      INCREASE: `经复核，自次月起增发，调整后月保障金 ${yuan(d.newBenefit)}。`,
      DECREASE: `经复核，自次月起减发，调整后月保障金 ${yuan(d.newBenefit)}。`,
      GRADUAL_EXIT: `经复核，家庭收入已超过低保标准，给予渐退期，保障金发放至 ${String(d.gradualExitUntil ?? '')}。`,
      TERMINATE: `经复核，不再符合低保条件，自 ${String(d.stopMonth ?? '')} 起停发。`,
    }
    lines.push(text[o] ?? '')
    if (o === 'TERMINATE') reasons = String(d.reasons ?? '')
  } else if (c.case_type === 'TEKUN_REASSESS') {
    kind = 'CHANGE'
    lines.push(
      c.state === 'DECIDED'
        ? `经重新评估，调整照料护理档次，自 ${String(d.startMonth ?? '')} 起月供养金 ${yuan(d.monthlyBenefit)}。`
        : '经重新评估，维持原照料护理档次。',
    )
  } else if (c.case_type === 'TEKUN_TERMINATE') {
    kind = c.state === 'TERMINATED' ? 'TERMINATION' : 'CHANGE'
    lines.push(
      c.state === 'TERMINATED'
        ? `经调查核实，决定终止特困人员救助供养，自 ${String(d.stopMonth ?? '')} 起停发。`
        : '经调查核实，继续给予特困人员救助供养。',
    )
  } else if (APPROVING.has(c.state)) {
    kind = 'APPROVAL'
    if (c.case_type === 'DIBAO_APPLY') {
      lines.push(
        `经审核确认，同意给予最低生活保障，月保障金 ${yuan(d.monthlyBenefit)}，自 ${String(d.startMonth ?? '')} 起发放。`,
      )
    } else if (c.case_type === 'TEKUN_APPLY') {
      // The self-care level is a health detail: the notice names the support mode and the amount only.
      const mode: Record<string, string> = { HOME: '分散供养', INSTITUTION: '集中供养' }
      lines.push(
        `经审核确认，同意纳入特困人员救助供养，月供养金 ${yuan(d.monthlyBenefit)}，自 ${String(d.startMonth ?? '')} 起发放。`,
      )
      lines.push(`供养方式：${mode[String(d.supportMode)] ?? ''}。`)
    } else {
      lines.push(`经审核，同意给予临时救助 ${yuan(d.amount)}。`)
    }
  } else {
    kind = 'REFUSAL'
    reasons = String(d.refusalReasons ?? '')
    lines.push(`经审核，您（家）的${programme}申请不符合条件，决定不予批准。`)
  }
  const village = await regionName(deps.db, c.region_code)
  const township = await regionName(deps.db, c.region_code.slice(0, 9).padEnd(12, '0'))
  const county = await regionName(deps.db, c.region_code.slice(0, 6).padEnd(12, '0'))
  const notice: DecisionNotice = {
    caseId: c.id,
    kind,
    title: {
      APPROVAL: `${programme}审批通知书`,
      REFUSAL: `${programme}不予批准通知书`,
      TERMINATION: `${programme}停止通知书`,
      CHANGE: `${programme}复核决定通知书`,
    }[kind],
    programme,
    subjectName: c.subject_name,
    village,
    township,
    decidedOn: (d.decidedOn as string | undefined) ?? chinaDate(new Date(c.closed_at)),
    lines: lines.filter(Boolean),
    reasons,
    office: `${county}民政局`,
    appeal: '如对本决定不服，可自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。',
  }
  assertPublicSafe([
    { label: { zh: '姓名', en: 'Name' }, value: notice.subjectName },
    ...notice.lines.map((l) => ({ label: { zh: '内容', en: 'Text' }, value: l })),
    { label: { zh: '理由', en: 'Reasons' }, value: notice.reasons ?? '' },
  ])
  return notice
}

/** 低保 / 特困 coverage in force for a household's members (the wizard shows it before a case is opened). */
export async function householdCoverage(deps: AppDeps, actor: Actor, householdId: string): Promise<Coverage[]> {
  const h = await deps.db
    .selectFrom('household')
    .select(['id'])
    .where('id', '=', householdId)
    .where('region_code', 'like', `${actor.scope}%`)
    .executeTakeFirst()
  if (!h) throw new AppError('NOT_FOUND', { what: '农户', whatEn: 'The household' })
  const members = await deps.db
    .selectFrom('person')
    .select('id')
    .where('household_id', '=', householdId)
    .where('status', '=', 'ACTIVE')
    .execute()
  return activeCoverage(
    deps.db,
    members.map((m) => m.id),
    chinaDate(deps.clock.now()),
  )
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + months)
  return d.toISOString().slice(0, 10)
}

/**
 * Raises 低保 review cases for a county (§7.5): a household is due when its last review (or approval) is older than
 * dibao.review_stable_months / dibao.review_unstable_months by its class; a member turning 18 since the last
 * review who is not in compulsory education, general high school or secondary vocational school also raises one.
 * A household with an open review gets none. Each case is opened (and audited) by `openCase` in its own
 * transaction, so running twice raises nothing twice.
 */
/**
 * Whether department data received after `since` changes what the household's 低保 rests on (§7.5): a member's
 * death (公安), a vehicle, non-residential property or business registered (ASSETS), or a job found (人社).
 */
async function reviewEvent(deps: AppDeps, householdId: string, since: string): Promise<boolean> {
  const hit = await deps.db
    .selectFrom('feed_record')
    .select('id')
    .where('household_id', '=', householdId)
    .where('data_date', '>', since)
    .where((eb) =>
      eb.or([
        eb('signal', '=', 'ASSET_ACQUIRED'),
        eb.and([eb('source', '=', 'POLICE'), eb(sql`fields->>'event'`, '=', 'DEATH')]),
        eb.and([eb('source', '=', 'HRSS'), eb(sql`fields->>'event'`, '=', 'EMPLOYED')]),
      ]),
    )
    .limit(1)
    .executeTakeFirst()
  return hit !== undefined
}

export async function raiseReviews(deps: AppDeps, actor: Actor, county: string): Promise<RaiseResult> {
  requirePermission(actor, 'assistance.reviews')
  if (!/^\d{6}$/.test(county) || !county.startsWith(actor.scope)) {
    throw new AppError('NOT_FOUND', { what: '区划', whatEn: 'The region' })
  }
  const today = chinaDate(deps.clock.now())
  const snap = parametersAt(today)
  const approved = await deps.db
    .selectFrom('wf_case')
    .select(['id', 'household_id', 'region_code', 'data', 'closed_at'])
    .where('case_type', '=', 'DIBAO_APPLY')
    .where('state', '=', 'APPROVED')
    .where('county_code', '=', county)
    .where('region_code', 'like', `${actor.scope}%`)
    .where('household_id', 'is not', null)
    .orderBy('closed_at', 'desc')
    .execute()
  const reviews = await deps.db
    .selectFrom('wf_case')
    .select(['household_id', 'opened_on', 'closed_at', 'data'])
    .where('case_type', '=', 'DIBAO_REVIEW')
    .where('county_code', '=', county)
    .execute()
  const result: RaiseResult = {
    county,
    asOf: today,
    scheduled: 0,
    minors: 0,
    events: 0,
    skippedOpen: 0,
    tekunAdults: 0,
    gradualExitsEnded: await endGradualExits(deps, actor, county, today),
  }
  // households whose 低保 is no longer in force (terminated, or a gradual exit now over) get no review
  const inForce = new Set(
    (
      await deps.db
        .selectFrom('sa_decision')
        .select('household_id')
        .where('programme', '=', 'DIBAO')
        .where('status', 'in', ['PAYING', 'GRADUAL_EXIT'])
        .where('county_code', '=', county)
        .where('region_code', 'like', `${actor.scope}%`)
        .execute()
    ).map((d) => d.household_id),
  )
  const seen = new Set<string>()
  const adultAge = (region: string) => snap.get('tekun.adult_age', undefined, region).value as number
  for (const a of approved) {
    const hid = a.household_id as string
    if (seen.has(hid) || !inForce.has(hid)) continue
    seen.add(hid)
    const data = a.data as { classification?: string; decidedOn?: string }
    const mine = reviews.filter((r) => r.household_id === hid)
    if (mine.some((r) => !r.closed_at)) {
      result.skippedOpen++
      continue
    }
    if (mine.some((r) => (r.data as { outcome?: string }).outcome === 'TERMINATE' && r.closed_at)) continue
    const last = [data.decidedOn ?? chinaDate(new Date(a.closed_at as Date)), ...mine.map((r) => r.opened_on)]
      .sort()
      .at(-1) as string
    const months = snap.get(
      data.classification === 'C' ? 'dibao.review_unstable_months' : 'dibao.review_stable_months',
      undefined,
      a.region_code,
    ).value as number
    let trigger: 'SCHEDULE' | 'MINOR_ADULT' | 'FEED_EVENT' | undefined
    if (addMonths(last, months) <= today) trigger = 'SCHEDULE'
    else {
      const age = adultAge(a.region_code)
      const members = await deps.db
        .selectFrom('person')
        .select(['birth_date', 'school_status'])
        .where('household_id', '=', hid)
        .where('status', '=', 'ACTIVE')
        .execute()
      const turned = members.some((p) => {
        const [y, m, d] = p.birth_date.split('-')
        const adult = `${Number(y) + age}-${m}-${d}`
        return adult > last && adult <= today && !CONTINUING_SCHOOL.has(p.school_status ?? '')
      })
      if (turned) trigger = 'MINOR_ADULT'
    }
    if (!trigger && (await reviewEvent(deps, hid, last))) trigger = 'FEED_EVENT'
    if (!trigger) continue
    await openCase(deps, actor, 'DIBAO_REVIEW', { householdId: hid, values: { trigger, sourceCaseId: a.id } })
    if (trigger === 'SCHEDULE') result.scheduled++
    else if (trigger === 'FEED_EVENT') result.events++
    else result.minors++
  }
  // 特困 minors (§6.6.2): support continues past 18 only while in compulsory, general high or secondary vocational
  // school; otherwise a termination case (reason ADULT) is opened once.
  const tekun = await deps.db
    .selectFrom('sa_decision as d')
    .innerJoin('person as p', 'p.id', 'd.person_id')
    .select(['d.person_id', 'd.household_id', 'd.region_code', 'd.created_at', 'p.birth_date', 'p.school_status'])
    .where('d.programme', '=', 'TEKUN')
    .where('d.status', 'in', ['PAYING', 'GRADUAL_EXIT'])
    .where('d.county_code', '=', county)
    .where('d.region_code', 'like', `${actor.scope}%`)
    .execute()
  for (const d of tekun) {
    const [y, m, dd] = d.birth_date.split('-')
    const adult = `${Number(y) + adultAge(d.region_code)}-${m}-${dd}`
    // Only persons who were minors when the decision was made (an elderly person came of age long ago).
    const decided = chinaDate(new Date(d.created_at))
    if (adult > today || adult <= decided || CONTINUING_SCHOOL.has(d.school_status ?? '')) continue
    const open = await deps.db
      .selectFrom('wf_case')
      .select('id')
      .where('case_type', '=', 'TEKUN_TERMINATE')
      .where('person_id', '=', d.person_id)
      .where('closed_at', 'is', null)
      .executeTakeFirst()
    if (open) continue
    await openCase(deps, actor, 'TEKUN_TERMINATE', {
      householdId: d.household_id,
      personId: d.person_id as string,
      values: { reason: 'ADULT' },
    })
    result.tekunAdults++
  }
  return result
}
