/**
 * 风险消除 (domain.md §6.3, §7.3) declared on the shared workflow mechanism as case type `MONITORING_ELIM`:
 * proposal (allowed only when the rules engine's readiness check passes; otherwise refused with the engine's
 * explanation) → household verification → village appraisal → village publicity → township review → county approval →
 * RISK_ELIMINATED (household monitoring_status ELIMINATED, plan CLOSED). Any step may end the case as CONTINUED
 * (继续帮扶, reasons required); NATURAL_DECREASE closes it when the household has naturally decreased.
 */
import { sql } from 'kysely'
import { registerCaseType, type Text, type TransitionContext, text } from '../workflow/definition.ts'
import { type CaseFacts, eliminationReadiness, readinessReason } from './readiness.ts'
import { setMonitoringStatus } from './status.ts'
import {
  previewVerification,
  recordVerification,
  type VerificationData,
  verificationFields,
  verificationLabels,
  verificationPrefill,
} from './verification.ts'

export interface ElimData extends VerificationData {
  reason?: string
  method?: 'ASSISTED' | 'NATURAL'
  risksResolved?: boolean
  rigidSpendingUncontrolled?: boolean
  readiness?: { period: string; perCapitaNet: number; threshold: number; stableMonths: number; rule?: string }
  attendees?: number
  votesFor?: number
  votesAgainst?: number
  minutes?: string
  eliminatedMonth?: string
}

const VILLAGE = ['VILLAGE_CADRE', 'GRID_MEMBER'] as const
const TOWN = ['TOWN_RR_OFFICER'] as const
const COUNTY = ['COUNTY_RR_ADMIN'] as const
const t = text
export const METHODS: Array<{ value: string; label: Text }> = [
  { value: 'ASSISTED', label: t('帮扶消除', 'Assisted elimination') },
  { value: 'NATURAL', label: t('自然消除', 'Natural elimination') },
]
const OPEN_STATES = [
  'PROPOSAL',
  'ELIM_VERIFICATION',
  'ELIM_APPRAISAL',
  'ELIM_PUBLICITY',
  'ELIM_TOWNSHIP_REVIEW',
  'ELIM_COUNTY_APPROVAL',
] as const

async function household(ctx: TransitionContext<ElimData>) {
  if (!ctx.case.household_id) return undefined
  return ctx.trx
    .selectFrom('household')
    .select([
      'id',
      'monitoring_status',
      'version',
      'region_code',
      'status',
      'monitor_contact_name',
      'monitor_contact_phone',
    ])
    .where('id', '=', ctx.case.household_id)
    .executeTakeFirst()
}

/** Closes the household's open plan (same transaction). */
async function closePlan(ctx: TransitionContext<ElimData>, householdId: string, reason: string) {
  await sql`update monitoring_plan set status = 'CLOSED', closed_at = ${ctx.deps.clock.now()}, close_reason = ${reason},
      version = version + 1, updated_at = ${ctx.deps.clock.now()}, updated_by = ${ctx.actor.userId}
    where household_id = ${householdId} and status <> 'CLOSED'`.execute(ctx.trx)
}

registerCaseType<ElimData>({
  type: 'MONITORING_ELIM',
  label: t('监测对象风险消除', 'Monitoring risk elimination'),
  initial: 'PROPOSAL',
  openRoles: [...VILLAGE, ...TOWN],
  readRoles: [...VILLAGE, 'FIRST_SECRETARY', ...TOWN, ...COUNTY, 'PROVINCE_ADMIN', 'AUDITOR'],
  dataLabels: verificationLabels,
  openFields: [
    { name: 'reason', label: t('拟消除理由', 'Why the risk is considered gone'), kind: 'textarea', required: true },
  ],
  states: {
    PROPOSAL: { label: t('拟提出风险消除', 'Proposal'), assignee: { roles: VILLAGE, level: 'village' } },
    ELIM_VERIFICATION: {
      label: t('入户核查', 'Household verification'),
      assignee: { roles: VILLAGE, level: 'village' },
      limit: 'monitoring.verify_days',
    },
    ELIM_APPRAISAL: {
      label: t('村级民主评议', 'Village appraisal'),
      assignee: { roles: VILLAGE, level: 'village' },
      limit: 'monitoring.appraisal_days',
    },
    ELIM_PUBLICITY: {
      label: t('村级公示', 'Village publicity'),
      assignee: { roles: VILLAGE, level: 'village' },
      publicity: {
        days: 'monitoring.publicity_min_days',
        place: t('村务公开栏', 'Village notice board'),
        objectionTo: 'ELIM_VERIFICATION',
      },
    },
    ELIM_TOWNSHIP_REVIEW: { label: t('乡镇审核验收', 'Township review'), assignee: { roles: TOWN, level: 'township' } },
    ELIM_COUNTY_APPROVAL: { label: t('县级审定', 'County approval'), assignee: { roles: COUNTY, level: 'county' } },
    RISK_ELIMINATED: { label: t('风险已消除', 'Risk eliminated'), terminal: true },
    CONTINUED: { label: t('继续帮扶', 'Assistance continues'), terminal: true },
    CLOSED_NATURAL_DECREASE: { label: t('自然减少', 'Natural decrease'), terminal: true },
  },
  returnable: {
    from: ['ELIM_APPRAISAL', 'ELIM_TOWNSHIP_REVIEW', 'ELIM_COUNTY_APPROVAL'],
    roles: [...VILLAGE, ...TOWN, ...COUNTY],
  },
  notice: (c) => [
    { label: t('户主', 'Head of household'), value: c.subject_name },
    { label: t('消除方式', 'Method'), value: METHODS.find((m) => m.value === c.data.method)?.label.zh ?? '' },
  ],
  transitions: [
    {
      event: 'PROPOSE',
      label: t('提出风险消除', 'Propose elimination'),
      from: ['PROPOSAL'],
      to: 'ELIM_VERIFICATION',
      roles: [...VILLAGE, ...TOWN],
      fields: [
        { name: 'method', label: t('消除方式', 'Method'), kind: 'select', required: true, options: METHODS },
        {
          name: 'risksResolved',
          label: t('风险已稳定消除且无新风险', 'Risks resolved, no new risk'),
          kind: 'boolean',
          required: true,
        },
        {
          name: 'rigidSpendingUncontrolled',
          label: t('刚性支出仍不可控', 'Rigid spending still uncontrollable'),
          kind: 'boolean',
        },
      ],
      guard: async (ctx) => {
        const h = await household(ctx)
        if (h?.monitoring_status !== 'ACTIVE') {
          return { zh: '该户不是在监测的对象', en: 'the household is not an active monitoring target' }
        }
        const facts: CaseFacts = {
          method: ctx.values.method as CaseFacts['method'],
          risksResolved: Boolean(ctx.values.risksResolved),
          rigidSpendingUncontrolled: Boolean(ctx.values.rigidSpendingUncontrolled),
        }
        const r = await eliminationReadiness(ctx.trx, h.id, ctx.today, facts)
        if (r.ready) return undefined
        return {
          ...readinessReason(r),
          details: {
            readiness: { period: r.period, rule: r.rule, conditions: r.conditions, outputs: r.outputs },
          },
        }
      },
      effect: async (ctx) => {
        const r = await eliminationReadiness(ctx.trx, ctx.case.household_id as string, ctx.today, {
          method: ctx.values.method as CaseFacts['method'],
          risksResolved: true,
          rigidSpendingUncontrolled: false,
        })
        return {
          method: ctx.values.method as ElimData['method'],
          risksResolved: true,
          rigidSpendingUncontrolled: false,
          readiness: {
            period: r.period,
            perCapitaNet: Number(r.outputs.per_capita_net),
            threshold: Number(r.outputs.monitoring_threshold),
            stableMonths: Number(r.outputs.income_stable_months),
            ...(r.rule ? { rule: r.rule } : {}),
          },
        }
      },
    },
    {
      event: 'VERIFY',
      label: t('录入入户核查结果', 'Record the verification'),
      from: ['ELIM_VERIFICATION'],
      to: 'ELIM_APPRAISAL',
      roles: VILLAGE,
      fields: verificationFields(),
      prefill: verificationPrefill,
      guard: async (ctx) => {
        const v = await previewVerification(ctx)
        if (!v.guaranteesOk) return { zh: '三保障或饮水安全仍有问题', en: 'a guarantee is still not secured' }
        // §9 rule 5 (4_11_010): assisted elimination needs income at elimination above the threshold (both in fen).
        const threshold = ctx.case.data.readiness?.threshold
        if (ctx.case.data.method === 'ASSISTED' && threshold !== undefined && v.perCapitaNet < threshold) {
          return {
            zh: `帮扶消除时人均纯收入须不低于监测范围 ${threshold / 100} 元，引擎测算为 ${v.perCapitaNet / 100} 元（4_11_010）`,
            en: `assisted elimination needs per-capita net income of at least the threshold ${threshold / 100} yuan; the engine finds ${v.perCapitaNet / 100} yuan (4_11_010)`,
            details: { engine: { period: v.engine.period, explanation: v.engine.explanation } },
          }
        }
        return undefined
      },
      // a real income assessment (type ELIMINATION) and 三保障 check, computed by the engine, on the household
      effect: async (ctx) => {
        const { result: _r, ...verified } = await recordVerification(ctx, 'ELIMINATION')
        return verified
      },
    },
    {
      event: 'APPRAISED',
      label: t('民主评议', 'Democratic appraisal'),
      from: ['ELIM_APPRAISAL'],
      to: 'ELIM_PUBLICITY',
      roles: VILLAGE,
      fields: [
        { name: 'attendees', label: t('参会人数', 'Attendees'), kind: 'integer', required: true, min: 1 },
        { name: 'votesFor', label: t('赞成票', 'Votes for'), kind: 'integer', required: true, min: 0 },
        { name: 'votesAgainst', label: t('反对票', 'Votes against'), kind: 'integer', required: true, min: 0 },
        { name: 'minutes', label: t('会议记录', 'Minutes'), kind: 'textarea', required: true },
      ],
      guard: ({ values: v }) =>
        Number(v.votesFor) + Number(v.votesAgainst) > Number(v.attendees)
          ? { zh: '票数超过参会人数', en: 'more votes than attendees' }
          : undefined,
      effect: ({ values: v }) => ({
        attendees: v.attendees as number,
        votesFor: v.votesFor as number,
        votesAgainst: v.votesAgainst as number,
        minutes: v.minutes as string,
      }),
    },
    {
      event: 'FORWARD',
      label: t('公示无异议，报乡镇', 'Forward to the township'),
      from: ['ELIM_PUBLICITY'],
      to: 'ELIM_TOWNSHIP_REVIEW',
      roles: VILLAGE,
    },
    {
      event: 'REVIEWED',
      label: t('乡镇审核验收通过', 'Township review passed'),
      from: ['ELIM_TOWNSHIP_REVIEW'],
      to: 'ELIM_COUNTY_APPROVAL',
      roles: TOWN,
      // a township officer who proposed the elimination does not review it
      separateFrom: ['PROPOSE'],
    },
    {
      event: 'APPROVE',
      label: t('县级审定消除', 'Approve elimination'),
      from: ['ELIM_COUNTY_APPROVAL'],
      to: 'RISK_ELIMINATED',
      roles: COUNTY,
      separateFrom: ['PROPOSE', 'VERIFY'],
      guard: async (ctx) => {
        const h = await household(ctx)
        if (h?.monitoring_status !== 'ACTIVE') {
          return { zh: '该户不是在监测的对象', en: 'the household is not an active monitoring target' }
        }
        // §9 rule 8 (1_11_011): an eliminated case needs the monitoring contact's name and phone
        if (!h.monitor_contact_name || !h.monitor_contact_phone) {
          return {
            zh: '风险消除须登记监测联系人姓名和电话（1_11_011）',
            en: 'elimination needs the monitoring contact’s name and phone (1_11_011)',
          }
        }
        return undefined
      },
      effect: async (ctx) => {
        const h = await household(ctx)
        if (!h) return undefined
        const month = ctx.today.slice(0, 7).replace('-', '')
        await setMonitoringStatus(ctx, h.id, 'ELIMINATED', 'monitoring.eliminate', {
          caseId: ctx.case.id,
          method: ctx.case.data.method,
          eliminatedMonth: month,
        })
        await closePlan(ctx, h.id, 'ELIMINATED')
        return { eliminatedMonth: month }
      },
    },
    {
      event: 'CONTINUE_ASSISTANCE',
      label: t('稳定性较弱，继续帮扶', 'Not stable yet: continue assistance'),
      from: [...OPEN_STATES],
      to: 'CONTINUED',
      roles: [...VILLAGE, ...TOWN, ...COUNTY],
      comment: 'required',
    },
    {
      event: 'NATURAL_DECREASE',
      label: t('自然减少，办结', 'Close: household naturally decreased'),
      from: [...OPEN_STATES],
      to: 'CLOSED_NATURAL_DECREASE',
      roles: [...VILLAGE, ...TOWN, ...COUNTY],
      comment: 'required',
      guard: async (ctx) => {
        const h = await household(ctx)
        if (!h) return { zh: '农户不存在', en: 'the household does not exist' }
        const alive = await ctx.trx
          .selectFrom('person')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('household_id', '=', h.id)
          .where('status', '=', 'ACTIVE')
          .executeTakeFirst()
        if (h.status === 'ACTIVE' && Number(alive?.n ?? 0) > 0) {
          return {
            zh: '该户仍有在册成员，不属于自然减少（请先办理成员减少）',
            en: 'the household still has registered members; record their decrease first',
          }
        }
        return undefined
      },
      effect: async (ctx) => {
        const h = await household(ctx)
        if (!h) return undefined
        await setMonitoringStatus(ctx, h.id, 'CLOSED_NATURAL_DECREASE', 'monitoring.natural_decrease', {
          caseId: ctx.case.id,
        })
        await closePlan(ctx, h.id, 'NATURAL_DECREASE')
        return undefined
      },
    },
  ],
})
