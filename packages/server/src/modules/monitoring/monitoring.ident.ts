/**
 * 监测对象识别认定 (domain.md §7.1) declared on the shared workflow mechanism: clue → verification → data comparison →
 * appraisal → village publicity → township review → county approval → ACTIVE; side exits DISMISSED and REFERRED;
 * return for correction; fast-track provisional assistance for disaster risk (STAY in states 1–7). Reaching ACTIVE
 * marks the household as a monitoring target (new household version, audited) and creates its assistance plan.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { recordAudit } from '../audit/audit.service.ts'
import { riskTypes } from '../households/codes.ts'
import { dayLimit } from '../policy/parameters.service.ts'
import {
  type FieldSpec,
  registerCaseType,
  STAY,
  type Text,
  type TransitionContext,
  text,
} from '../workflow/definition.ts'
import { setMonitoringStatus } from './status.ts'
import {
  recordVerification,
  type VerificationData,
  verificationFields,
  verificationLabels,
  verificationPrefill,
} from './verification.ts'

export const RISKS: Array<{ value: string; label: Text }> = riskTypes.map((r) => ({
  value: r.code,
  label: { zh: r.zh, en: r.en },
}))
/** Risks that are health or disability information, never printed on a public notice. */
const HEALTH_RISKS = new Set(['ILLNESS', 'DISABILITY'])
export const CATEGORIES: Array<{ value: string; label: Text }> = [
  { value: 'UNSTABLE_TUOPIN', label: { zh: '脱贫不稳定户', en: 'Unstable formerly-poor household' } },
  { value: 'MARGINAL', label: { zh: '边缘易致贫户', en: 'Marginal household' } },
  { value: 'SUDDEN_HARDSHIP', label: { zh: '突发严重困难户', en: 'Sudden severe hardship' } },
]
export const CHANNELS: Array<{ value: string; label: Text }> = [
  { value: 'SELF_DECLARATION', label: { zh: '农户自主申报', en: 'Self-declaration' } },
  { value: 'CADRE_SCREENING', label: { zh: '基层干部排查', en: 'Cadre screening' } },
  { value: 'DEPT_WARNING', label: { zh: '部门筛查预警', en: 'Department warning' } },
  { value: 'RELATED_MONITORING', label: { zh: '关联监测', en: 'Related monitoring' } },
]

export interface IdentData extends VerificationData {
  channel?: string
  reason?: string
  warningId?: string
  assessed?: boolean
  consentSigned?: boolean
  comparison?: string
  attendees?: number
  votesFor?: number
  votesAgainst?: number
  minutes?: string
  category?: string
  risks?: string[]
  provisional?: Array<{ item: string; on: string }>
}

const VILLAGE = ['VILLAGE_CADRE', 'GRID_MEMBER'] as const
const TOWN = ['TOWN_RR_OFFICER'] as const
const COUNTY = ['COUNTY_RR_ADMIN'] as const
const t = text

const refuse = (zh: string, en: string) => ({ zh, en })

/** §5.6: 脱贫不稳定户 only for TUOPIN, 边缘易致贫户 only for GENERAL, 突发严重困难户 either. */
export function categoryFits(category: string, householdType: string | null | undefined): boolean {
  if (category === 'UNSTABLE_TUOPIN') return householdType === 'TUOPIN'
  if (category === 'MARGINAL') return householdType === 'GENERAL'
  return category === 'SUDDEN_HARDSHIP'
}

async function household(ctx: TransitionContext<IdentData>) {
  if (!ctx.case.household_id) return undefined
  return ctx.trx
    .selectFrom('household')
    .select(['id', 'household_type', 'monitoring_status', 'version', 'region_code'])
    .where('id', '=', ctx.case.household_id)
    .executeTakeFirst()
}

const identVerificationFields: FieldSpec[] = [
  ...verificationFields(),
  { name: 'consentSigned', label: t('已签署承诺授权书', 'Consent form signed'), kind: 'boolean', required: true },
  {
    name: 'risks',
    label: t('风险类型（按主次）', 'Risks (main first)'),
    kind: 'multiselect',
    options: RISKS,
    maxItems: 5,
  },
]

registerCaseType<IdentData>({
  type: 'MONITORING_IDENT',
  label: t('监测对象识别认定', 'Monitoring identification'),
  initial: 'CLUE_RECEIVED',
  limit: 'monitoring.ident_max_days',
  openRoles: [...VILLAGE, ...TOWN],
  // the data provider records the comparison results (§7.1 step 3), so it reads the case
  readRoles: [...VILLAGE, 'FIRST_SECRETARY', ...TOWN, ...COUNTY, 'DEPT_DATA_PROVIDER', 'PROVINCE_ADMIN', 'AUDITOR'],
  dataLabels: verificationLabels,
  openFields: [
    { name: 'channel', label: t('线索渠道', 'Channel'), kind: 'select', required: true, options: CHANNELS },
    { name: 'reason', label: t('线索内容', 'What was found'), kind: 'textarea', required: true },
    { name: 'warningId', label: t('预警编号', 'Warning'), kind: 'text' },
  ],
  states: {
    CLUE_RECEIVED: {
      label: t('线索受理', 'Clue received'),
      assignee: { roles: VILLAGE, level: 'village' },
      limit: 'monitoring.app_accept_days',
    },
    HOUSEHOLD_VERIFICATION: {
      label: t('入户核实', 'Household verification'),
      assignee: { roles: VILLAGE, level: 'village' },
      limit: 'monitoring.verify_days',
    },
    DATA_COMPARISON: {
      label: t('信息比对', 'Data comparison'),
      assignee: { roles: COUNTY, level: 'county' },
      limit: 'monitoring.data_compare_days',
    },
    VILLAGE_APPRAISAL: {
      label: t('村级民主评议', 'Village appraisal'),
      assignee: { roles: VILLAGE, level: 'village' },
      limit: 'monitoring.appraisal_days',
    },
    VILLAGE_PUBLICITY: {
      label: t('村级公示', 'Village publicity'),
      assignee: { roles: VILLAGE, level: 'village' },
      publicity: {
        days: 'monitoring.publicity_min_days',
        place: t('村务公开栏', 'Village notice board'),
        objectionTo: 'HOUSEHOLD_VERIFICATION',
      },
    },
    TOWNSHIP_REVIEW: { label: t('乡镇审核', 'Township review'), assignee: { roles: TOWN, level: 'township' } },
    COUNTY_APPROVAL: { label: t('县级审定', 'County approval'), assignee: { roles: COUNTY, level: 'county' } },
    ACTIVE: { label: t('已纳入监测', 'Monitoring target'), terminal: true },
    DISMISSED: { label: t('不予纳入', 'Dismissed'), terminal: true },
    REFERRED: { label: t('转介其他部门', 'Referred'), terminal: true },
  },
  returnable: {
    from: ['DATA_COMPARISON', 'VILLAGE_APPRAISAL', 'TOWNSHIP_REVIEW', 'COUNTY_APPROVAL'],
    roles: [...VILLAGE, ...TOWN, ...COUNTY],
  },
  notice: (c) => [
    { label: t('户主', 'Head of household'), value: c.subject_name },
    { label: t('类别', 'Category'), value: CATEGORIES.find((x) => x.value === c.data.category)?.label.zh ?? '' },
    // the main risk only when it says nothing about health (domain.md §12): never 因病 / 因残 in public
    ...(c.data.risks ?? [])
      .filter((r) => !HEALTH_RISKS.has(r))
      .slice(0, 1)
      .map((r) => ({ label: t('主要风险', 'Main risk'), value: RISKS.find((x) => x.value === r)?.label.zh ?? '' })),
  ],
  transitions: [
    {
      event: 'ACCEPT',
      label: t('受理，入户核实', 'Accept and verify'),
      from: ['CLUE_RECEIVED'],
      to: 'HOUSEHOLD_VERIFICATION',
      roles: [...VILLAGE, ...TOWN],
      guard: async (ctx) => {
        if (!ctx.case.household_id) return refuse('线索尚未关联农户', 'the clue is not linked to a household')
        const h = await household(ctx)
        if (h?.monitoring_status === 'ACTIVE')
          return refuse('该户已是监测对象', 'the household is already a monitoring target')
        return undefined
      },
    },
    {
      event: 'VERIFY',
      label: t('录入核实结果', 'Record the verification'),
      from: ['HOUSEHOLD_VERIFICATION'],
      to: 'DATA_COMPARISON',
      roles: VILLAGE,
      fields: identVerificationFields,
      prefill: verificationPrefill,
      guard: ({ values }) =>
        values.consentSigned
          ? undefined
          : refuse('农户尚未签署承诺授权书', 'the household has not signed the consent form'),
      // a real income assessment (type IDENTIFICATION) and 三保障 check, computed by the engine, on the household
      effect: async (ctx) => {
        const { result: _r, ...verified } = await recordVerification(ctx, 'IDENTIFICATION')
        return {
          ...verified,
          consentSigned: true,
          assessed: true,
          risks: (ctx.values.risks as string[] | undefined) ?? [],
        }
      },
    },
    {
      event: 'COMPARED',
      label: t('录入比对结果', 'Record the comparison results'),
      from: ['DATA_COMPARISON'],
      to: 'VILLAGE_APPRAISAL',
      roles: [...COUNTY, 'DEPT_DATA_PROVIDER'],
      fields: [{ name: 'comparison', label: t('比对结果', 'Results'), kind: 'textarea', required: true }],
      effect: ({ values }) => ({ comparison: values.comparison as string }),
    },
    {
      event: 'APPRAISED',
      label: t('民主评议', 'Democratic appraisal'),
      from: ['VILLAGE_APPRAISAL'],
      to: 'VILLAGE_PUBLICITY',
      roles: VILLAGE,
      fields: [
        { name: 'attendees', label: t('参会人数', 'Attendees'), kind: 'integer', required: true, min: 1 },
        { name: 'votesFor', label: t('赞成票', 'Votes for'), kind: 'integer', required: true, min: 0 },
        { name: 'votesAgainst', label: t('反对票', 'Votes against'), kind: 'integer', required: true, min: 0 },
        { name: 'minutes', label: t('会议记录', 'Minutes'), kind: 'textarea', required: true },
        {
          name: 'category',
          label: t('拟认定类别', 'Proposed category'),
          kind: 'select',
          required: true,
          options: CATEGORIES,
        },
        {
          name: 'risks',
          label: t('风险类型（按主次，1–5 项）', 'Risks (main first, 1–5)'),
          kind: 'multiselect',
          required: true,
          options: RISKS,
          maxItems: 5,
        },
      ],
      guard: async (ctx) => {
        const v = ctx.values
        if (Number(v.votesFor) + Number(v.votesAgainst) > Number(v.attendees)) {
          return refuse('票数超过参会人数', 'more votes than attendees')
        }
        if (!((v.risks as string[]) ?? []).length) return refuse('至少需要一项风险', 'at least one risk is needed')
        if (!ctx.case.data.assessed)
          return refuse('缺少收入评估和三保障核实', 'the income assessment and guarantee check are missing')
        if (!ctx.case.data.consentSigned) return refuse('农户尚未签署承诺授权书', 'the consent form is not signed')
        const h = await household(ctx)
        if (!categoryFits(String(v.category), h?.household_type)) {
          return refuse(
            '类别与农户类型不符（脱贫不稳定户限脱贫户，边缘易致贫户限一般户）',
            'the category does not fit the household type (§5.6)',
          )
        }
        return undefined
      },
      effect: ({ values }) => ({
        attendees: values.attendees as number,
        votesFor: values.votesFor as number,
        votesAgainst: values.votesAgainst as number,
        minutes: values.minutes as string,
        category: values.category as string,
        risks: values.risks as string[],
      }),
    },
    {
      event: 'FORWARD',
      label: t('公示无异议，报乡镇', 'Forward to the township'),
      from: ['VILLAGE_PUBLICITY'],
      to: 'TOWNSHIP_REVIEW',
      roles: VILLAGE,
    },
    {
      event: 'REVIEWED',
      label: t('乡镇审核通过', 'Township review passed'),
      from: ['TOWNSHIP_REVIEW'],
      to: 'COUNTY_APPROVAL',
      roles: TOWN,
    },
    {
      event: 'APPROVE',
      label: t('县级审定纳入', 'Approve'),
      from: ['COUNTY_APPROVAL'],
      to: 'ACTIVE',
      roles: COUNTY,
      separateFrom: ['VERIFY', 'COMPARED'],
      guard: async (ctx) => {
        const h = await household(ctx)
        if (h?.monitoring_status === 'ACTIVE')
          return refuse('该户已是监测对象', 'the household is already a monitoring target')
        if (!h || !categoryFits(String(ctx.case.data.category), h.household_type)) {
          return refuse('类别与农户类型不符', 'the category does not fit the household type')
        }
        if (!ctx.case.data.risks?.length) return refuse('至少需要一项风险', 'at least one risk is needed')
        return undefined
      },
      effect: async (ctx) => {
        const h = await household(ctx)
        if (!h) return undefined
        const now = ctx.deps.clock.now()
        await setMonitoringStatus(ctx, h.id, 'ACTIVE', 'monitoring.identify', {
          caseId: ctx.case.id,
          category: ctx.case.data.category,
          risks: ctx.case.data.risks ?? [],
        })
        const limit = dayLimit('monitoring.plan_due_days', h.region_code, ctx.today)
        const due = ctx.calendar.deadline(ctx.today, limit.days, limit.unit)
        await sql`insert into monitoring_plan (id, household_id, case_id, region_code, category, risks, due_on, created_by, created_at)
          values (${randomUUID()}, ${h.id}, ${ctx.case.id}, ${h.region_code}, ${String(ctx.case.data.category)},
                  ${JSON.stringify(ctx.case.data.risks ?? [])}::jsonb, ${due}, ${ctx.actor.userId}, ${now})`.execute(
          ctx.trx,
        )
        await recordAudit(ctx.trx, ctx.deps, ctx.actor, {
          action: 'household.monitoring.activate',
          subjectType: 'household',
          subjectId: h.id,
          regionCode: h.region_code,
          before: { monitoringStatus: h.monitoring_status, version: h.version },
          after: { monitoringStatus: 'ACTIVE', version: h.version + 1, caseId: ctx.case.id, planDueOn: due },
        })
        return undefined
      },
    },
    {
      event: 'REJECT',
      label: t('不予纳入', 'Reject'),
      from: ['COUNTY_APPROVAL'],
      to: 'DISMISSED',
      roles: COUNTY,
      comment: 'required',
    },
    {
      event: 'DISMISS',
      label: t('核实不符，不予纳入', 'Dismiss'),
      from: ['CLUE_RECEIVED', 'HOUSEHOLD_VERIFICATION'],
      to: 'DISMISSED',
      roles: [...VILLAGE, ...TOWN],
      comment: 'required',
    },
    {
      event: 'REFER',
      label: t('转介民政等部门', 'Refer to another department'),
      from: ['CLUE_RECEIVED', 'HOUSEHOLD_VERIFICATION', 'TOWNSHIP_REVIEW'],
      to: 'REFERRED',
      roles: [...VILLAGE, ...TOWN],
      comment: 'required',
    },
    {
      event: 'PROVISIONAL_ASSISTANCE',
      label: t('先行落实帮扶（因灾）', 'Provisional assistance (disaster)'),
      from: [
        'CLUE_RECEIVED',
        'HOUSEHOLD_VERIFICATION',
        'DATA_COMPARISON',
        'VILLAGE_APPRAISAL',
        'VILLAGE_PUBLICITY',
        'TOWNSHIP_REVIEW',
        'COUNTY_APPROVAL',
      ],
      to: STAY,
      roles: [...VILLAGE, ...TOWN, ...COUNTY],
      fields: [{ name: 'item', label: t('帮扶措施', 'Measure'), kind: 'text', required: true }],
      guard: ({ case: c }) =>
        c.data.risks?.includes('NATURAL_DISASTER') || /灾/.test(c.data.reason ?? '')
          ? undefined
          : refuse('仅因灾风险可先帮后纳', 'provisional assistance is for disaster risk only'),
      effect: ({ case: c, values, today }) => ({
        provisional: [...(c.data.provisional ?? []), { item: String(values.item), on: today }],
      }),
    },
  ],
})
