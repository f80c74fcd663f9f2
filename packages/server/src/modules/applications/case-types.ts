/**
 * Social-assistance application case types (domain.md §7.4–§7.7) declared over the shared workflow mechanism:
 * 低保 application (with the single-person option), 特困 application and termination, 临时救助 (fast track,
 * standard, prior rescue) and 低保 dynamic review. Time limits and amounts come from the catalogue, never from code.
 */

import { AppError } from '../../platform/errors.ts'
import { FEN_MAX } from '../../platform/schema.ts'
import {
  activeCoverage,
  activeDecision,
  changeDecision,
  type EngineRecord,
  monthEnd,
  recordDecision,
  terminateDecision,
} from '../assistance/decisions.ts'
import type { Role } from '../auth/roles.ts'
import { dayLimit, parametersAt } from '../policy/parameters.service.ts'
import {
  type CaseView,
  type FieldSpec,
  type Refusal,
  registerCaseType,
  STAY,
  type Text,
  type TransitionContext,
  text,
} from '../workflow/definition.ts'
import {
  DIBAO_OUTPUTS,
  type EngineOptions,
  type EngineResult,
  policyModel,
  runEngine,
  runEngineWithInput,
  SINGLE_OUTPUTS,
  TEKUN_OUTPUTS,
} from './engine.ts'

const VILLAGE: readonly Role[] = ['VILLAGE_CADRE']
const TOWN: readonly Role[] = ['TOWN_CA_OFFICER']
const COUNTY: readonly Role[] = ['COUNTY_CA_ADMIN']
const READ: readonly Role[] = ['VILLAGE_CADRE', 'TOWN_CA_OFFICER', 'COUNTY_CA_ADMIN', 'AUDITOR']
const OPEN: readonly Role[] = ['VILLAGE_CADRE', 'TOWN_CA_OFFICER']

const t = text
const staffFields: FieldSpec[] = [
  { name: 'investigator1', label: t('调查人员一', 'Investigator 1'), kind: 'text', required: true },
  { name: 'investigator2', label: t('调查人员二', 'Investigator 2'), kind: 'text', required: true },
]
const classificationField: FieldSpec = {
  name: 'classification',
  label: t('分类管理类别', 'Management class'),
  kind: 'select',
  required: true,
  options: [
    {
      value: 'A',
      label: t('A类：无劳动能力或重病重残，收入稳定（年度复核）', 'A: no labour capacity, stable (yearly review)'),
    },
    { value: 'B', label: t('B类：收入稳定（年度复核）', 'B: stable income (yearly review)') },
    { value: 'C', label: t('C类：收入不稳定、有劳动能力（半年复核）', 'C: unstable income, can work (half-yearly)') },
  ],
}
const entrustedField: FieldSpec = {
  name: 'entrusted',
  label: t('委托村委会代为申请', 'Entrusted to the village committee'),
  kind: 'boolean',
}
const reasons: FieldSpec = { name: 'reasons', label: t('理由', 'Reasons'), kind: 'textarea', required: true }
type Trx = Parameters<typeof runEngine>[0]
type EngineRun = Awaited<ReturnType<typeof runEngineWithInput>>

/** What a decision keeps of an engine run: its input, outputs, explanation, model version and parameter digest. */
const engineRecord = (r: EngineRun): EngineRecord => ({
  inputs: r.input as unknown as Record<string, unknown>,
  computed: r.outputs,
  trace: r.explanation,
  modelVersion: r.modelVersion,
  paramDigest: r.paramDigest,
})

const GROUP_LABEL: Record<string, Text> = { DIBAO: t('最低生活保障', '低保'), TEKUN: t('特困人员救助供养', '特困') }

/** No double benefit (§6.4/§6.6): a person already in the 低保 or 特困 registry cannot be covered again. */
async function coverageRefusal(trx: Trx, personIds: readonly string[], today: string): Promise<Refusal | undefined> {
  const found = await activeCoverage(trx, personIds, today)
  if (!found.length) return undefined
  return {
    zh: `不能重复享受：${found.map((f) => `${f.name} 已享受${GROUP_LABEL[f.group]?.zh ?? f.group}（自 ${f.since}）`).join('；')}。请先办理原救助的复核或终止`,
    en: `no double benefit: ${found.map((f) => `${f.name} is already covered by ${GROUP_LABEL[f.group]?.en ?? f.group} (since ${f.since})`).join('; ')}; review or terminate that first`,
    details: { conflicts: found },
  }
}

async function householdMembers(trx: Trx, householdId: string | null): Promise<string[]> {
  if (!householdId) return []
  const rows = await trx
    .selectFrom('person')
    .select('id')
    .where('household_id', '=', householdId)
    .where('status', '=', 'ACTIVE')
    .execute()
  return rows.map((r) => r.id)
}

/** Persons a 低保 case covers: the single applicant, or the household's active members. */
const dibaoPersons = async (trx: Trx, c: CaseView<DibaoData>) =>
  c.data.singlePerson && c.person_id ? [c.person_id] : householdMembers(trx, c.household_id)

const fen = (yuan: number) => Math.round(yuan * 100)
/** Largest amount a form takes, in yuan: the `Fen` range of every route (policy caps are checked in the guards). */
const MAX_YUAN = FEN_MAX / 100

/** First day of the month after `date` (benefits start the month after approval). */
export function nextMonthStart(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/** The engine's 低保 run for the case household (single-person outputs when a member applies alone). */
async function dibaoRun(trx: Trx, c: CaseView<DibaoData>, today: string): Promise<EngineRun> {
  if (!c.household_id) throw new Error('a 低保 application needs a household')
  const single = c.data.singlePerson === true
  return runEngineWithInput(
    trx,
    c.household_id,
    today,
    single ? [...DIBAO_OUTPUTS, ...SINGLE_OUTPUTS] : DIBAO_OUTPUTS,
    { applicantPersonId: single ? c.person_id : null },
  )
}
async function dibaoEngine(trx: Trx, c: CaseView<DibaoData>, today: string): Promise<EngineResult> {
  const { input: _input, ...result } = await dibaoRun(trx, c, today)
  return result
}

/**
 * 低保 approval (county, or township where delegated): the engine is run again on the registry as it stands, the
 * decision is recorded with its amount, explanation and parameter digest, and the covered persons enter the
 * low-income registry. Benefits start the month after approval.
 */
async function approveDibao(ctx: TransitionContext<DibaoData>): Promise<Partial<DibaoData>> {
  const { trx, deps, actor, case: c, values, today } = ctx
  const run = await dibaoRun(trx, c, today)
  if (run.outputs.dibao_eligible !== true) {
    throw new AppError('PRECONDITION_FAILED', {
      reason: '按当前登记信息重新测算，不符合低保条件，请退回重新调查或作不予批准处理',
      reasonEn: 'with the registry as it stands the engine finds the household not eligible; return or refuse',
    })
  }
  const since = nextMonthStart(today)
  const covered = await dibaoPersons(trx, c)
  const monthly = Number(run.outputs.dibao_benefit ?? 0)
  const decisionId = await recordDecision(trx, deps, actor, {
    programme: 'DIBAO',
    regionCode: c.region_code,
    householdId: c.household_id as string,
    personId: c.data.singlePerson ? c.person_id : null,
    coveredPersonIds: covered,
    classification: String(values.classification) as 'A' | 'B' | 'C',
    monthlyAmount: monthly,
    since,
    engine: engineRecord(run),
    caseId: c.id,
  })
  const { input: _input, ...engine } = run
  return {
    startMonth: since.slice(0, 7),
    classification: String(values.classification),
    decidedOn: today,
    monthlyBenefit: monthly / 100,
    engine,
    decisionId,
  }
}

/** Only the village and the subject's name are public; never IDs, phones, accounts or health details. */
function publicNotice(c: CaseView<Record<string, unknown>>) {
  return [
    { label: t('申请人', 'Applicant'), value: c.subject_name },
    { label: t('救助类别', 'Programme'), value: String(c.data.programmeLabel ?? '') },
  ]
}

export interface DibaoData {
  singlePerson?: boolean
  missingItems?: string[]
  consent?: boolean
  investigators?: [string, string]
  visits?: number
  monthlyBenefit?: number
  startMonth?: string
  extended?: boolean
  refusalReasons?: string
  programmeLabel?: string
  engine?: EngineResult
  classification?: string
  decidedOn?: string
  decisionId?: string
}

registerCaseType<DibaoData>({
  type: 'DIBAO_APPLY',
  label: t('低保申请', '低保 application'),
  initial: 'APPLIED',
  limit: 'dibao.max_working_days',
  openRoles: OPEN,
  readRoles: READ,
  openFields: [
    {
      name: 'singlePerson',
      label: t('单人户申请', 'Single-person (单人户) application'),
      kind: 'boolean',
      help: t('成员按单人户规则单独申请（§6.4）', 'A member applying alone under the single-person rules (§6.4)'),
    },
    entrustedField,
  ],
  returnable: { from: ['INITIAL_OPINION', 'COUNTY_CONFIRMATION'], roles: [...TOWN, ...COUNTY] },
  notice: (c) => publicNotice(c as CaseView<Record<string, unknown>>),
  states: {
    APPLIED: { label: t('已申请', 'Applied'), assignee: { roles: TOWN, level: 'township' } },
    ACCEPTED: { label: t('已受理', 'Accepted'), assignee: { roles: TOWN, level: 'township' } },
    ECONOMIC_CHECK: { label: t('经济状况核对', 'Economic check'), assignee: { roles: TOWN, level: 'township' } },
    HOUSEHOLD_INVESTIGATION: {
      label: t('入户调查', 'Household investigation'),
      assignee: { roles: TOWN, level: 'township' },
    },
    DEMOCRATIC_APPRAISAL: {
      label: t('民主评议', 'Democratic appraisal'),
      assignee: { roles: VILLAGE, level: 'village' },
    },
    INITIAL_OPINION: { label: t('乡镇初审', 'Township opinion'), assignee: { roles: TOWN, level: 'township' } },
    PUBLICITY: {
      label: t('公示', 'Publicity'),
      assignee: { roles: TOWN, level: 'township' },
      publicity: {
        days: 'dibao.publicity_days',
        place: t('村务公开栏', 'Village board'),
        objectionTo: 'HOUSEHOLD_INVESTIGATION',
      },
    },
    COUNTY_CONFIRMATION: {
      label: t('县级审核确认', 'County confirmation'),
      assignee: { roles: COUNTY, level: 'county' },
      limit: 'dibao.confirm_wd',
    },
    APPROVED: { label: t('批准', 'Approved'), terminal: true },
    REJECTED: { label: t('不予批准', 'Refused'), terminal: true },
  },
  transitions: [
    {
      event: 'NOTIFY_MISSING',
      label: t('一次性告知补齐材料', 'One-time notice of missing items'),
      from: ['APPLIED'],
      to: STAY,
      roles: TOWN,
      fields: [{ name: 'missingItems', label: t('缺少的材料', 'Missing items'), kind: 'textarea', required: true }],
      guard: ({ case: c }) =>
        c.data.missingItems
          ? { zh: '一次性告知只能发出一次', en: 'the one-time notice has already been given' }
          : undefined,
      effect: ({ values }) => ({
        missingItems: String(values.missingItems)
          .split(/[\n;；]/)
          .map((s) => s.trim())
          .filter(Boolean),
      }),
    },
    {
      event: 'ACCEPT',
      label: t('受理', 'Accept'),
      from: ['APPLIED'],
      to: 'ACCEPTED',
      roles: TOWN,
      guard: async ({ trx, case: c, today }) =>
        c.data.singlePerson && !c.person_id
          ? { zh: '单人户申请须指定申请人', en: 'a single-person application needs the applying member' }
          : !c.household_id
            ? { zh: '低保申请须指定农户', en: 'a 低保 application needs a household' }
            : coverageRefusal(trx, await dibaoPersons(trx, c), today),
    },
    {
      event: 'CONSENT',
      label: t('记录核对授权并发起核对', 'Record consent, start check'),
      from: ['ACCEPTED'],
      to: 'ECONOMIC_CHECK',
      roles: TOWN,
      fields: [{ name: 'consent', label: t('已签署授权书', 'Consent signed'), kind: 'boolean', required: true }],
      guard: ({ values }) =>
        values.consent ? undefined : { zh: '需申请人签署核对授权', en: 'the applicant must consent to the check' },
      effect: () => ({ consent: true }),
    },
    {
      event: 'CHECKED',
      label: t('核对完成，引擎测算', 'Check done, run the engine'),
      from: ['ECONOMIC_CHECK'],
      to: 'HOUSEHOLD_INVESTIGATION',
      roles: TOWN,
      effect: async ({ trx, case: c, today }) => ({ engine: await dibaoEngine(trx, c, today) }),
    },
    {
      event: 'RECOMPUTE',
      label: t('重新测算（登记信息更新后）', 'Re-run the engine (after registry updates)'),
      from: ['HOUSEHOLD_INVESTIGATION'],
      to: STAY,
      roles: TOWN,
      effect: async ({ trx, case: c, today }) => ({ engine: await dibaoEngine(trx, c, today) }),
    },
    {
      event: 'VISIT',
      label: t('记录邻里走访', 'Log a neighbour visit'),
      from: ['HOUSEHOLD_INVESTIGATION'],
      to: STAY,
      roles: TOWN,
      comment: 'required',
      effect: ({ case: c }) => ({ visits: (c.data.visits ?? 0) + 1 }),
    },
    {
      event: 'INVESTIGATED',
      label: t('调查完成', 'Investigation done'),
      from: ['HOUSEHOLD_INVESTIGATION'],
      to: 'INITIAL_OPINION',
      roles: TOWN,
      fields: [
        ...staffFields,
        {
          name: 'visitsNote',
          label: t('邻里走访情况', 'Neighbour visits'),
          kind: 'textarea',
          required: true,
        },
      ],
      guard: ({ values, case: c }) => {
        if (values.investigator1 === values.investigator2) {
          return { zh: '入户调查需两名不同工作人员', en: 'two different staff must investigate' }
        }
        const e = c.data.engine
        if (!e) return { zh: '尚无引擎测算结果', en: 'the engine has not been run' }
        if (e.outputs.dibao_eligible !== true) {
          return {
            zh: '引擎测算不符合低保条件，请作不予批准处理',
            en: 'the engine finds the household not eligible; refuse instead',
            details: { outputs: e.outputs },
          }
        }
        return undefined
      },
      effect: ({ values, case: c }) => ({
        investigators: [String(values.investigator1), String(values.investigator2)],
        monthlyBenefit: Number(c.data.engine?.outputs.dibao_benefit ?? 0) / 100,
      }),
    },
    {
      event: 'TO_APPRAISAL',
      label: t('提交民主评议', 'Send to appraisal'),
      from: ['HOUSEHOLD_INVESTIGATION'],
      to: 'DEMOCRATIC_APPRAISAL',
      roles: TOWN,
      fields: staffFields,
      guard: ({ values, case: c }) =>
        values.investigator1 === values.investigator2
          ? { zh: '入户调查需两名不同工作人员', en: 'two different staff must investigate' }
          : c.data.engine?.outputs.dibao_eligible === true
            ? undefined
            : { zh: '引擎测算不符合低保条件', en: 'the engine finds the household not eligible' },
      effect: ({ values, case: c }) => ({
        investigators: [String(values.investigator1), String(values.investigator2)],
        monthlyBenefit: Number(c.data.engine?.outputs.dibao_benefit ?? 0) / 100,
      }),
    },
    {
      event: 'APPRAISED',
      label: t('评议完成', 'Appraised'),
      from: ['DEMOCRATIC_APPRAISAL'],
      to: 'INITIAL_OPINION',
      roles: VILLAGE,
      comment: 'required',
    },
    {
      event: 'PROPOSE',
      label: t('乡镇初审同意，公示', 'Township agrees, publish'),
      from: ['INITIAL_OPINION'],
      to: 'PUBLICITY',
      roles: TOWN,
      effect: () => ({ programmeLabel: '最低生活保障' }),
    },
    {
      event: 'PUBLICITY_DONE',
      label: t('公示期满报县', 'Publicity over, to county'),
      from: ['PUBLICITY'],
      to: 'COUNTY_CONFIRMATION',
      roles: TOWN,
    },
    {
      event: 'EXTEND',
      label: t('延长办理时限', 'Extend the time limit'),
      from: ['ACCEPTED', 'ECONOMIC_CHECK', 'HOUSEHOLD_INVESTIGATION', 'INITIAL_OPINION', 'COUNTY_CONFIRMATION'],
      to: STAY,
      roles: [...TOWN, ...COUNTY],
      comment: 'required',
      guard: ({ case: c }) => (c.data.extended ? { zh: '已延长过', en: 'already extended' } : undefined),
      effect: async ({ trx, case: c, calendar }) => {
        const ext = dayLimit('dibao.max_working_days_ext', c.region_code, c.opened_on)
        const due = calendar.deadline(c.opened_on, ext.days, ext.unit)
        await trx.updateTable('wf_case').set({ due_on: due }).where('id', '=', c.id).execute()
        return { extended: true }
      },
    },
    {
      event: 'SPOT_CHECK',
      label: t('县级入户核查', 'County household check'),
      from: ['COUNTY_CONFIRMATION'],
      to: STAY,
      roles: COUNTY,
      comment: 'required',
    },
    {
      event: 'CONFIRM',
      label: t('审核确认', 'Confirm'),
      from: ['COUNTY_CONFIRMATION'],
      to: 'APPROVED',
      roles: COUNTY,
      separateFrom: ['INVESTIGATED', 'TO_APPRAISAL', 'VISIT', 'SPOT_CHECK'],
      fields: [classificationField],
      guard: async ({ trx, case: c, today }) => coverageRefusal(trx, await dibaoPersons(trx, c), today),
      effect: approveDibao,
    },
    {
      event: 'CONFIRM_TOWNSHIP',
      label: t('乡镇审核确认（委托）', 'Township confirms (delegated)'),
      from: ['PUBLICITY'],
      to: 'APPROVED',
      roles: TOWN,
      separateFrom: ['INVESTIGATED', 'TO_APPRAISAL', 'VISIT'],
      fields: [classificationField],
      guard: async ({ trx, case: c, today }) =>
        parametersAt(today).get('dibao.confirm_delegated', undefined, c.region_code).value === 1
          ? coverageRefusal(trx, await dibaoPersons(trx, c), today)
          : {
              zh: '本地未委托乡镇审核确认（dibao.confirm_delegated），须报县级',
              en: 'confirmation is not delegated to townships here (dibao.confirm_delegated); send to the county',
            },
      effect: approveDibao,
    },
    {
      event: 'REFUSE',
      label: t('不予批准', 'Refuse'),
      from: [
        'APPLIED',
        'ACCEPTED',
        'ECONOMIC_CHECK',
        'HOUSEHOLD_INVESTIGATION',
        'INITIAL_OPINION',
        'COUNTY_CONFIRMATION',
      ],
      to: 'REJECTED',
      roles: [...TOWN, ...COUNTY],
      fields: [reasons],
      effect: ({ values, today }) => ({ refusalReasons: String(values.reasons), decidedOn: today }),
    },
  ],
})

export interface TempReliefData {
  path?: string
  reliefType?: string
  decisionId?: string
  amount?: number
  cap?: number
  documentsAfter?: boolean
  programmeLabel?: string
}

/** A cap in yuan: `mult` × the monthly 低保 standard (catalogue amounts are in fen), with its source and citations. */
export function reliefCap(
  mult: 'temp_relief.fast_max_mult' | 'temp_relief.max_mult' | 'temp_relief.annual_cap_mult',
  region: string,
  date: string,
): { cap: number; source: string; citations: string[] } {
  const snap = parametersAt(date)
  const m = snap.get(mult, undefined, region)
  const std = snap.get('dibao.standard_rural', undefined, region)
  const citations = [...new Set([...m.legal, ...std.legal].map((l) => `${l.id}${l.status ? ` [${l.status}]` : ''}`))]
  return {
    cap: Math.round((m.value as number) * (std.value as number)) / 100,
    source: `${mult} × dibao.standard_rural`,
    citations,
  }
}

/** Fast-track cap: temp_relief.fast_max_mult × the monthly 低保 standard for the case's region. */
export const fastTrackCap = (region: string, date: string) => reliefCap('temp_relief.fast_max_mult', region, date)

/** Per-case cap: temp_relief.max_mult × the monthly 低保 standard. */
export const perCaseCap = (region: string, date: string) => reliefCap('temp_relief.max_mult', region, date)

/** An amount (yuan) above the per-case cap (temp_relief.max_mult × the monthly 低保 standard) is refused. */
function perCaseRefusal(region: string, today: string, amount: number) {
  const { cap, source, citations } = perCaseCap(region, today)
  if (amount <= cap) return undefined
  return {
    zh: `单次救助金额不得超过 ${cap} 元（${source}；${citations.join('、')}）`,
    en: `an amount cannot exceed ${cap} yuan per case (${source}; ${citations.join(', ')})`,
    details: { cap, source, citations },
  }
}

/** The household's relief granted this calendar year plus `amount` must stay within temp_relief.annual_cap_mult. */
async function annualCapRefusal(
  trx: Parameters<typeof runEngine>[0],
  c: CaseView<TempReliefData>,
  amount: number,
  today: string,
) {
  if (!c.household_id) return undefined
  const { cap, source, citations } = reliefCap('temp_relief.annual_cap_mult', c.region_code, today)
  const rows = await trx
    .selectFrom('wf_case')
    .select('data')
    .where('case_type', '=', 'TEMP_RELIEF')
    .where('state', '=', 'PAID')
    .where('household_id', '=', c.household_id)
    .where('closed_at', '>=', new Date(`${today.slice(0, 4)}-01-01T00:00:00+08:00`))
    .execute()
  const granted = rows.reduce((s, r) => s + Number((r.data as TempReliefData).amount ?? 0), 0)
  if (granted + amount > cap) {
    return {
      zh: `本户今年已获临时救助 ${granted} 元，加上本次 ${amount} 元超过年度上限 ${cap} 元（${source}）`,
      en: `the household has received ${granted} yuan this year; with ${amount} yuan it exceeds the annual cap of ${cap} yuan (${source})`,
      details: { cap, granted, source, citations },
    }
  }
  return undefined
}

/** A granted relief: a one-off decision paid in the month of the grant (no registry entry). */
async function grantRelief(ctx: TransitionContext<TempReliefData>, amount: number): Promise<Partial<TempReliefData>> {
  const { trx, deps, actor, case: c, today } = ctx
  if (!c.household_id) {
    throw new AppError('PRECONDITION_FAILED', { reason: '临时救助须指定农户', reasonEn: 'relief needs a household' })
  }
  const snap = parametersAt(today)
  const decisionId = await recordDecision(trx, deps, actor, {
    programme: 'TEMP_RELIEF',
    regionCode: c.region_code,
    householdId: c.household_id,
    personId: c.person_id,
    coveredPersonIds: [],
    reliefType: c.data.reliefType === 'EXPENDITURE' ? 'EXPENDITURE' : 'URGENT',
    oneOffAmount: fen(amount),
    payMonth: today.slice(0, 7).replace('-', ''),
    since: today,
    until: monthEnd(today),
    engine: {
      inputs: { path: c.data.path, amount },
      computed: { amount: fen(amount), caps: [fastTrackCap(c.region_code, today), perCaseCap(c.region_code, today)] },
      trace: null,
      modelVersion: policyModel().version,
      paramDigest: snap.digest,
    },
    caseId: c.id,
  })
  return { amount, decisionId }
}

registerCaseType<TempReliefData>({
  type: 'TEMP_RELIEF',
  label: t('临时救助', 'Temporary relief'),
  initial: 'APPLIED',
  openRoles: OPEN,
  openFields: [entrustedField],
  readRoles: READ,
  notice: (c) => publicNotice(c as CaseView<Record<string, unknown>>),
  states: {
    APPLIED: { label: t('已申请', 'Applied'), assignee: { roles: TOWN, level: 'township' } },
    FAST_TRACK: {
      label: t('小额快速救助', 'Fast track'),
      assignee: { roles: TOWN, level: 'township' },
      limit: 'temp_relief.fast_max_days',
    },
    INVESTIGATION: {
      label: t('审核调查', 'Investigation'),
      assignee: { roles: TOWN, level: 'township' },
      limit: 'temp_relief.standard_max_wd',
    },
    PUBLICITY: {
      label: t('公示', 'Publicity'),
      assignee: { roles: TOWN, level: 'township' },
      publicity: {
        days: 'dibao.publicity_days',
        place: t('村务公开栏', 'Village board'),
        objectionTo: 'INVESTIGATION',
      },
    },
    PRIOR_RESCUE: { label: t('先行救助', 'Prior rescue'), assignee: { roles: TOWN, level: 'township' } },
    COUNTY_CONFIRMATION: { label: t('县级审批', 'County approval'), assignee: { roles: COUNTY, level: 'county' } },
    PAID: { label: t('已救助', 'Granted'), terminal: true },
    REJECTED: { label: t('不予救助', 'Refused'), terminal: true },
  },
  transitions: [
    {
      event: 'FAST',
      label: t('小额快速救助', 'Fast track'),
      from: ['APPLIED'],
      to: 'FAST_TRACK',
      roles: TOWN,
      effect: () => ({ path: 'FAST_TRACK', reliefType: 'URGENT' }),
    },
    {
      event: 'STANDARD',
      label: t('一般程序', 'Standard path'),
      from: ['APPLIED'],
      to: 'INVESTIGATION',
      roles: TOWN,
      fields: [
        {
          name: 'reliefType',
          label: t('救助类型', 'Relief type'),
          kind: 'select',
          required: true,
          options: [
            { value: 'URGENT', label: t('急难型', 'Urgent') },
            { value: 'EXPENDITURE', label: t('支出型', 'Expenditure') },
          ],
        },
      ],
      effect: ({ values }) => ({ path: 'STANDARD', reliefType: String(values.reliefType) }),
    },
    {
      event: 'PRIOR',
      label: t('先行救助', 'Prior rescue'),
      from: ['APPLIED'],
      to: 'PRIOR_RESCUE',
      roles: TOWN,
      effect: () => ({ path: 'PRIOR_RESCUE', reliefType: 'URGENT' }),
    },
    {
      event: 'GRANT_FAST',
      label: t('批准快速救助（事后补齐材料）', 'Grant (documents afterwards)'),
      from: ['FAST_TRACK'],
      to: 'PAID',
      roles: TOWN,
      fields: [
        {
          name: 'amount',
          label: t('救助金额（元）', 'Amount (yuan)'),
          kind: 'money',
          required: true,
          min: 0,
          max: MAX_YUAN,
        },
      ],
      guard: async ({ values, case: c, today, trx }) => {
        const annual = await annualCapRefusal(trx, c, Number(values.amount), today)
        if (annual) return annual
        const { cap, source, citations } = fastTrackCap(c.region_code, today)
        return Number(values.amount) > cap
          ? {
              zh: `快速救助金额不得超过 ${cap} 元（${source}；${citations.join('、')}）`,
              en: `a fast-track amount cannot exceed ${cap} yuan (${source}; ${citations.join(', ')})`,
              details: { cap, source, citations },
            }
          : undefined
      },
      effect: async (ctx) => ({ ...(await grantRelief(ctx, Number(ctx.values.amount))), documentsAfter: true }),
    },
    {
      event: 'INVESTIGATED',
      label: t('调查完成，公示', 'Investigated, publish'),
      from: ['INVESTIGATION'],
      to: 'PUBLICITY',
      roles: TOWN,
      fields: [
        {
          name: 'amount',
          label: t('拟救助金额（元）', 'Proposed amount'),
          kind: 'money',
          required: true,
          min: 0,
          max: MAX_YUAN,
        },
      ],
      // a proposal above the per-case cap would only be refused at approval: say so now
      guard: async ({ values, case: c, today }) => perCaseRefusal(c.region_code, today, Number(values.amount)),
      effect: ({ values }) => ({ amount: Number(values.amount), programmeLabel: '临时救助' }),
    },
    {
      event: 'PUBLICITY_DONE',
      label: t('公示期满报县', 'To county'),
      from: ['PUBLICITY'],
      to: 'COUNTY_CONFIRMATION',
      roles: TOWN,
    },
    {
      event: 'RESCUED',
      label: t('已先行救助，补办手续', 'Rescued, paperwork follows'),
      from: ['PRIOR_RESCUE'],
      to: 'COUNTY_CONFIRMATION',
      roles: TOWN,
      fields: [
        {
          name: 'amount',
          label: t('救助金额（元）', 'Amount (yuan)'),
          kind: 'money',
          required: true,
          min: 0,
          max: MAX_YUAN,
        },
      ],
      guard: async ({ values, case: c, today }) => perCaseRefusal(c.region_code, today, Number(values.amount)),
      effect: ({ values }) => ({ amount: Number(values.amount) }),
    },
    {
      event: 'APPROVE',
      label: t('批准', 'Approve'),
      from: ['COUNTY_CONFIRMATION'],
      to: 'PAID',
      roles: COUNTY,
      separateFrom: ['INVESTIGATED', 'RESCUED'],
      guard: async ({ trx, case: c, today }) =>
        perCaseRefusal(c.region_code, today, Number(c.data.amount)) ??
        annualCapRefusal(trx, c, Number(c.data.amount), today),
      effect: (ctx) => grantRelief(ctx, Number(ctx.case.data.amount)),
    },
    {
      event: 'REFUSE',
      label: t('不予救助', 'Refuse'),
      from: ['APPLIED', 'FAST_TRACK', 'INVESTIGATION', 'PRIOR_RESCUE', 'COUNTY_CONFIRMATION'],
      to: 'REJECTED',
      roles: [...TOWN, ...COUNTY],
      fields: [reasons],
    },
  ],
})

// ── 特困 ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** The six self-care items (domain.md §6.6): each scored 0 able, 1 partly, 2 unable. */
export const SELF_CARE_ITEMS = ['eating', 'dressing', 'bed_transfer', 'toileting', 'indoor_walking', 'bathing'] as const
const selfCareFields: FieldSpec[] = SELF_CARE_ITEMS.map((name, i) => ({
  name,
  label: [
    t('自主吃饭', 'Eating'),
    t('自主穿衣', 'Dressing'),
    t('自主上下床', 'Getting in and out of bed'),
    t('自主如厕', 'Toileting'),
    t('室内行走', 'Walking indoors'),
    t('自主洗澡', 'Bathing'),
  ][i] as Text,
  kind: 'select',
  required: true,
  options: [
    { value: '0', label: t('能', 'Able') },
    { value: '1', label: t('部分能', 'Partly') },
    { value: '2', label: t('不能', 'Unable') },
  ],
}))

/** The engine input of each item ("cannot …" = the item is not achievable; "partly" counts as achievable). */
const ITEM_INPUT: Record<(typeof SELF_CARE_ITEMS)[number], string> = {
  eating: 'cannot_eat',
  dressing: 'cannot_dress',
  bed_transfer: 'cannot_transfer',
  toileting: 'cannot_toilet',
  indoor_walking: 'cannot_walk_indoors',
  bathing: 'cannot_bathe',
}

/**
 * Items the person cannot do → care tier (§6.6.4): all achievable → SELF_CARE, some not → SEMI_CARE, at least
 * tekun.self_care_none_min_items not → FULL_CARE (the engine's care_tier decides the amount; this mirrors it).
 */
export function careTier(values: Record<string, unknown>, region: string, date: string) {
  const unable = SELF_CARE_ITEMS.filter((k) => values[k] === '2').length
  const partly = SELF_CARE_ITEMS.filter((k) => values[k] === '1').length
  const none = parametersAt(date).get('tekun.self_care_none_min_items', undefined, region).value as number
  const tier = unable >= none ? 'FULL_CARE' : unable > 0 ? 'SEMI_CARE' : 'SELF_CARE'
  return { unable, partly, tier }
}

const supporterField: FieldSpec = {
  name: 'supporter',
  label: t('法定赡养抚养扶养义务人', 'Legal supporter'),
  kind: 'select',
  required: true,
  options: [
    { value: 'NONE', label: t('无法定义务人', 'None') },
    { value: 'UNABLE_TEKUN', label: t('义务人本身符合特困条件', 'Supporter is 特困 himself') },
    {
      value: 'UNABLE_DIBAO_ELDERLY_OR_DISABLED',
      label: t('义务人为60岁以上或重度残疾低保对象', 'Supporter is an elderly or severely disabled 低保 recipient'),
    },
    {
      value: 'UNABLE_INCAPACITY',
      label: t('义务人无民事行为能力、失踪或服刑', 'Supporter incapable, missing or in prison'),
    },
    { value: 'ABLE', label: t('有履行能力的义务人', 'An able supporter') },
  ],
}
const supportModeField: FieldSpec = {
  name: 'supportMode',
  label: t('供养方式', 'Support mode'),
  kind: 'select',
  required: true,
  options: [
    { value: 'HOME', label: t('分散供养', 'At home') },
    { value: 'INSTITUTION', label: t('集中供养', 'In an institution') },
  ],
}

/** Engine inputs the investigation establishes for the person: supporter, support mode, the six items. */
function tekunPersonInputs(d: TekunData, recipient = false): Record<string, unknown> {
  const m: Record<string, unknown> = {
    supporter_status: d.supporter ?? 'ABLE',
    support_mode: d.supportMode ?? 'HOME',
  }
  if (recipient) m.tekun_recipient = true
  for (const k of SELF_CARE_ITEMS) m[ITEM_INPUT[k]] = d.selfCare?.items[k] === '2'
  return m
}

/** The engine's 特困 run for the case person, with the investigation's facts. */
async function tekunRun(trx: Trx, c: CaseView<TekunData>, data: TekunData, today: string, recipient = false) {
  if (!c.household_id || !c.person_id) {
    throw new AppError('PRECONDITION_FAILED', {
      reason: '特困案件须指定人员及其农户',
      reasonEn: 'a 特困 case needs the person and the household',
    })
  }
  const opts: EngineOptions = { persons: { [c.person_id]: tekunPersonInputs(data, recipient) } }
  const run = await runEngineWithInput(trx, c.household_id, today, TEKUN_OUTPUTS, opts)
  const of = (name: string) => (run.outputs[name] as Record<string, unknown> | undefined)?.[c.person_id as string]
  return {
    run,
    eligible: of('tekun_eligible') === true,
    careTier: String(of('care_tier') ?? 'SELF_CARE') as 'SELF_CARE' | 'SEMI_CARE' | 'FULL_CARE',
    monthly: Number(of('tekun_monthly') ?? 0),
  }
}
const withoutInput = ({ input: _input, ...r }: EngineRun): EngineResult => r

export interface TekunData {
  supporter?: string
  engine?: EngineResult
  monthlyBenefit?: number
  decisionId?: string
  investigators?: [string, string]
  selfCare?: { unable: number; partly: number; tier: string; items: Record<string, string> }
  supportMode?: string
  isMinor?: boolean
  programmeLabel?: string
  startMonth?: string
  stopMonth?: string
  refusalReasons?: string
  decidedOn?: string
  reason?: string
}

/** A minor's name never goes on a 特困 notice (domain.md §7.6). */
function tekunNotice(c: CaseView<TekunData>) {
  return c.data.isMinor
    ? [{ label: t('救助类别', 'Programme'), value: '特困人员救助供养（未成年人信息不予公示）' }]
    : [
        { label: t('申请人', 'Applicant'), value: c.subject_name },
        { label: t('救助类别', 'Programme'), value: '特困人员救助供养' },
      ]
}

async function personIsMinor(
  trx: Parameters<typeof runEngine>[0],
  personId: string | null,
  region: string,
  today: string,
) {
  if (!personId) return false
  const p = await trx.selectFrom('person').select('birth_date').where('id', '=', personId).executeTakeFirst()
  if (!p) return false
  const adult = parametersAt(today).get('tekun.adult_age', undefined, region).value as number
  const [y, m, d] = p.birth_date.split('-')
  return `${Number(y) + adult}-${m}-${d}` > today
}

registerCaseType<TekunData>({
  type: 'TEKUN_APPLY',
  label: t('特困人员认定', '特困 application'),
  initial: 'APPLIED',
  openRoles: OPEN,
  readRoles: READ,
  notice: (c) => tekunNotice(c as CaseView<TekunData>),
  returnable: { from: ['INITIAL_OPINION', 'COUNTY_CONFIRMATION'], roles: [...TOWN, ...COUNTY] },
  openFields: [entrustedField],
  states: {
    APPLIED: { label: t('已申请', 'Applied'), assignee: { roles: TOWN, level: 'township' } },
    INVESTIGATION: {
      label: t('调查核实', 'Investigation'),
      assignee: { roles: TOWN, level: 'township' },
      limit: 'tekun.investigation_wd',
    },
    INITIAL_OPINION: { label: t('乡镇初审', 'Township opinion'), assignee: { roles: TOWN, level: 'township' } },
    PUBLICITY: {
      label: t('公示', 'Publicity'),
      assignee: { roles: TOWN, level: 'township' },
      publicity: {
        days: 'tekun.publicity_days',
        place: t('村务公开栏', 'Village board'),
        objectionTo: 'INVESTIGATION',
      },
    },
    COUNTY_CONFIRMATION: {
      label: t('县级审核确认', 'County confirmation'),
      assignee: { roles: COUNTY, level: 'county' },
      limit: 'tekun.confirm_wd',
    },
    APPROVED: { label: t('批准', 'Approved'), terminal: true },
    REJECTED: { label: t('不予批准', 'Refused'), terminal: true },
  },
  transitions: [
    {
      event: 'ACCEPT',
      label: t('受理', 'Accept'),
      from: ['APPLIED'],
      to: 'INVESTIGATION',
      roles: TOWN,
      guard: async ({ trx, case: c, today }) =>
        c.person_id
          ? coverageRefusal(trx, [c.person_id], today)
          : { zh: '特困申请须指定申请人', en: 'a 特困 application needs the person' },
      effect: async ({ trx, case: c, today }) => ({
        isMinor: await personIsMinor(trx, c.person_id, c.region_code, today),
      }),
    },
    {
      event: 'ASSESSED',
      label: t('调查及自理能力评估完成', 'Investigation and self-care assessment done'),
      from: ['INVESTIGATION'],
      to: 'INITIAL_OPINION',
      roles: TOWN,
      fields: [...staffFields, supporterField, ...selfCareFields, supportModeField],
      guard: ({ values }) =>
        values.investigator1 === values.investigator2
          ? { zh: '调查需两名不同工作人员', en: 'two different staff must investigate' }
          : undefined,
      effect: async ({ trx, values, case: c, today }) => {
        const r = careTier(values, c.region_code, today)
        const data: TekunData = {
          investigators: [String(values.investigator1), String(values.investigator2)],
          selfCare: { ...r, items: Object.fromEntries(SELF_CARE_ITEMS.map((k) => [k, String(values[k])])) },
          supportMode: String(values.supportMode),
          supporter: String(values.supporter),
        }
        const e = await tekunRun(trx, c, data, today)
        return { ...data, engine: withoutInput(e.run), monthlyBenefit: e.monthly / 100 }
      },
    },
    {
      event: 'PROPOSE',
      label: t('乡镇初审同意，公示', 'Township agrees, publish'),
      from: ['INITIAL_OPINION'],
      to: 'PUBLICITY',
      roles: TOWN,
      effect: () => ({ programmeLabel: '特困人员救助供养' }),
    },
    {
      event: 'PUBLICITY_DONE',
      label: t('公示期满报县', 'To county'),
      from: ['PUBLICITY'],
      to: 'COUNTY_CONFIRMATION',
      roles: TOWN,
    },
    {
      event: 'CONFIRM',
      label: t('审核确认', 'Confirm'),
      from: ['COUNTY_CONFIRMATION'],
      to: 'APPROVED',
      roles: COUNTY,
      separateFrom: ['ASSESSED'],
      guard: async ({ trx, case: c, today }) => (c.person_id ? coverageRefusal(trx, [c.person_id], today) : undefined),
      effect: async ({ trx, deps, actor, case: c, today }) => {
        const e = await tekunRun(trx, c, c.data, today)
        if (!e.eligible) {
          throw new AppError('PRECONDITION_FAILED', {
            reason: '引擎测算不符合特困人员条件（三无条件），请退回重新调查或作不予批准处理',
            reasonEn: 'the engine finds the person not eligible (the three conditions); return or refuse',
          })
        }
        const since = nextMonthStart(today)
        const decisionId = await recordDecision(trx, deps, actor, {
          programme: 'TEKUN',
          regionCode: c.region_code,
          householdId: c.household_id as string,
          personId: c.person_id,
          coveredPersonIds: [c.person_id as string],
          careTier: e.careTier,
          supportMode: c.data.supportMode === 'INSTITUTION' ? 'INSTITUTION' : 'HOME',
          monthlyAmount: e.monthly,
          since,
          engine: engineRecord(e.run),
          caseId: c.id,
        })
        return {
          startMonth: since.slice(0, 7),
          decidedOn: today,
          decisionId,
          engine: withoutInput(e.run),
          monthlyBenefit: e.monthly / 100,
        }
      },
    },
    {
      event: 'REFUSE',
      label: t('不予批准', 'Refuse'),
      from: ['APPLIED', 'INVESTIGATION', 'INITIAL_OPINION', 'COUNTY_CONFIRMATION'],
      to: 'REJECTED',
      roles: [...TOWN, ...COUNTY],
      fields: [reasons],
      effect: ({ values, today }) => ({ refusalReasons: String(values.reasons), decidedOn: today }),
    },
  ],
})

const terminationReasons: FieldSpec = {
  name: 'reason',
  label: t('终止原因', 'Reason'),
  kind: 'select',
  required: true,
  options: [
    { value: 'DEATH', label: t('死亡', 'Death') },
    { value: 'INCOME', label: t('收入财产超出条件', 'Income or property above the limits') },
    { value: 'SUPPORTER', label: t('有了法定赡养抚养扶养能力人', 'A legal supporter became able') },
    { value: 'ADULT', label: t('年满18周岁不再符合', 'Turned 18, no longer eligible') },
    { value: 'IMPRISONED', label: t('服刑', 'Imprisoned') },
    { value: 'VOLUNTARY', label: t('自愿申请退出', 'Voluntary exit') },
    { value: 'OTHER', label: t('其他', 'Other') },
  ],
}

registerCaseType<TekunData>({
  type: 'TEKUN_TERMINATE',
  label: t('特困供养终止', '特困 termination'),
  initial: 'INVESTIGATION',
  openRoles: [...OPEN, ...COUNTY],
  readRoles: READ,
  openFields: [terminationReasons],
  notice: (c) => tekunNotice(c as CaseView<TekunData>),
  states: {
    INVESTIGATION: { label: t('乡镇调查', 'Township investigation'), assignee: { roles: TOWN, level: 'township' } },
    PUBLICITY: {
      label: t('终止公示', 'Termination publicity'),
      assignee: { roles: TOWN, level: 'township' },
      publicity: {
        days: 'tekun.publicity_days',
        place: t('村务公开栏', 'Village board'),
        objectionTo: 'INVESTIGATION',
      },
    },
    COUNTY_DECISION: {
      label: t('县级决定', 'County decision'),
      assignee: { roles: COUNTY, level: 'county' },
      limit: 'tekun.confirm_wd',
    },
    TERMINATED: { label: t('已终止', 'Terminated'), terminal: true },
    CONTINUED: { label: t('继续供养', 'Support continues'), terminal: true },
  },
  transitions: [
    {
      event: 'INVESTIGATED',
      label: t('调查完成，公示', 'Investigated, publish'),
      from: ['INVESTIGATION'],
      to: 'PUBLICITY',
      roles: TOWN,
      comment: 'required',
      effect: async ({ trx, case: c, today }) => ({
        isMinor: await personIsMinor(trx, c.person_id, c.region_code, today),
        programmeLabel: '特困人员救助供养终止',
      }),
    },
    {
      event: 'NO_PUBLICITY',
      label: t('免于公示（死亡、服刑、自愿退出）', 'No publicity (death, prison, voluntary)'),
      from: ['INVESTIGATION'],
      to: 'COUNTY_DECISION',
      roles: TOWN,
      comment: 'required',
      guard: ({ case: c }) =>
        ['DEATH', 'IMPRISONED', 'VOLUNTARY'].includes(String(c.data.reason))
          ? undefined
          : { zh: '此终止原因须公示', en: 'this reason requires a publicity' },
    },
    {
      event: 'PUBLICITY_DONE',
      label: t('公示期满报县', 'To county'),
      from: ['PUBLICITY'],
      to: 'COUNTY_DECISION',
      roles: TOWN,
    },
    {
      event: 'TERMINATE',
      label: t('决定终止（次月停发）', 'Terminate (stop next month)'),
      from: ['COUNTY_DECISION'],
      to: 'TERMINATED',
      roles: COUNTY,
      separateFrom: ['INVESTIGATED', 'NO_PUBLICITY'],
      effect: async ({ trx, deps, actor, case: c, today }) => {
        const d = await activeDecision(trx, 'TEKUN', { personId: c.person_id })
        if (d) await terminateDecision(trx, deps, actor, d, { today, caseId: c.id, reason: String(c.data.reason) })
        return { stopMonth: nextMonthStart(today).slice(0, 7), decidedOn: today }
      },
    },
    {
      event: 'CONTINUE',
      label: t('继续供养', 'Continue support'),
      from: ['INVESTIGATION', 'COUNTY_DECISION'],
      to: 'CONTINUED',
      roles: [...TOWN, ...COUNTY],
      comment: 'required',
    },
  ],
})

export interface ReassessData extends TekunData {
  previousTier?: string | null
  newTier?: string
  previousAmount?: number
}

registerCaseType<ReassessData>({
  type: 'TEKUN_REASSESS',
  label: t('特困自理能力复评', '特困 self-care re-assessment'),
  initial: 'ASSESSMENT',
  limit: 'tekun.self_care_reassess_wd',
  openRoles: [...OPEN, ...COUNTY],
  readRoles: READ,
  openFields: [{ name: 'reason', label: t('情况变化说明', 'Reported change'), kind: 'textarea', required: true }],
  states: {
    ASSESSMENT: { label: t('自理能力评估', 'Self-care assessment'), assignee: { roles: TOWN, level: 'township' } },
    COUNTY_CONFIRMATION: {
      label: t('县级确认护理档次', 'County confirms the care tier'),
      assignee: { roles: COUNTY, level: 'county' },
    },
    DECIDED: { label: t('已调整', 'Changed'), terminal: true },
    UNCHANGED: { label: t('维持', 'Unchanged'), terminal: true },
  },
  transitions: [
    {
      event: 'ASSESSED',
      label: t('评估完成', 'Assessment done'),
      from: ['ASSESSMENT'],
      to: 'COUNTY_CONFIRMATION',
      roles: TOWN,
      fields: [...staffFields, ...selfCareFields, supportModeField],
      guard: async ({ trx, case: c, values }) => {
        if (values.investigator1 === values.investigator2) {
          return { zh: '评估需两名不同工作人员', en: 'two different staff must assess' }
        }
        return (await activeDecision(trx, 'TEKUN', { personId: c.person_id }))
          ? undefined
          : { zh: '此人没有在供的特困决定', en: 'the person has no 特困 decision in force' }
      },
      effect: async ({ trx, values, case: c, today }) => {
        const d = await activeDecision(trx, 'TEKUN', { personId: c.person_id })
        const r = careTier(values, c.region_code, today)
        const data: ReassessData = {
          investigators: [String(values.investigator1), String(values.investigator2)],
          selfCare: { ...r, items: Object.fromEntries(SELF_CARE_ITEMS.map((k) => [k, String(values[k])])) },
          supportMode: String(values.supportMode),
          supporter: String(
            (d?.inputs as { members?: Array<Record<string, unknown>> })?.members?.find((m) => m.id === c.person_id)
              ?.supporter_status ?? 'NONE',
          ),
        }
        const e = await tekunRun(trx, c, data, today, true)
        return {
          ...data,
          engine: withoutInput(e.run),
          previousTier: d?.care_tier ?? null,
          previousAmount: Number(d?.monthly_amount ?? 0) / 100,
          newTier: e.careTier,
          monthlyBenefit: e.monthly / 100,
        }
      },
    },
    {
      event: 'CONFIRM',
      label: t('确认调整（次月起）', 'Confirm the change (from next month)'),
      from: ['COUNTY_CONFIRMATION'],
      to: 'DECIDED',
      roles: COUNTY,
      separateFrom: ['ASSESSED'],
      effect: async ({ trx, deps, actor, case: c, today }) => {
        const d = await activeDecision(trx, 'TEKUN', { personId: c.person_id })
        const e = await tekunRun(trx, c, c.data, today, true)
        await changeDecision(trx, deps, actor, d, {
          careTier: e.careTier,
          supportMode: c.data.supportMode === 'INSTITUTION' ? 'INSTITUTION' : 'HOME',
          monthlyAmount: e.monthly,
          engine: engineRecord(e.run),
          caseId: c.id,
          reason: 'self-care re-assessment',
        })
        return {
          decidedOn: today,
          startMonth: nextMonthStart(today).slice(0, 7),
          newTier: e.careTier,
          monthlyBenefit: e.monthly / 100,
        }
      },
    },
    {
      event: 'KEEP',
      label: t('维持原档次', 'Keep the tier'),
      from: ['ASSESSMENT', 'COUNTY_CONFIRMATION'],
      to: 'UNCHANGED',
      roles: [...TOWN, ...COUNTY],
      comment: 'required',
    },
  ],
})

// ── 低保 dynamic review ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The new monthly benefit (yuan) a review proposes: what the caseworker entered, else the engine's figure from the
 * last re-run on the case.
 */
function reviewAmount(values: Record<string, unknown>, data: ReviewData): number | undefined {
  if (values.newBenefit != null) return Number(values.newBenefit)
  const fen = data.engine?.outputs.dibao_benefit
  return typeof fen === 'number' ? fen / 100 : undefined
}

export interface ReviewData {
  trigger?: string
  outcome?: string
  newBenefit?: number
  gradualExitUntil?: string
  stopMonth?: string
  reasons?: string
  engine?: EngineResult
  programmeLabel?: string
  decidedOn?: string
  sourceCaseId?: string
  /** Other help checked on termination: 低保边缘 (with the engine's explanation). */
  exitCheck?: { marginal: boolean; explanation: EngineResult['explanation'] }
}

registerCaseType<ReviewData>({
  type: 'DIBAO_REVIEW',
  label: t('低保动态复核', '低保 review'),
  initial: 'REVIEWING',
  openRoles: [...OPEN, ...COUNTY],
  readRoles: READ,
  openFields: [
    {
      name: 'trigger',
      label: t('复核原因', 'Trigger'),
      kind: 'select',
      required: true,
      options: [
        { value: 'SCHEDULE', label: t('定期复核', 'Scheduled review') },
        { value: 'MINOR_ADULT', label: t('未成年人年满18周岁', 'A minor turns 18') },
        { value: 'REPORTED_CHANGE', label: t('家庭情况变化报告', 'Reported change') },
        { value: 'FEED_EVENT', label: t('部门数据比对', 'Department data') },
      ],
    },
    { name: 'sourceCaseId', label: t('原批准案件', 'Approval case'), kind: 'text' },
  ],
  notice: (c) => publicNotice(c as CaseView<Record<string, unknown>>),
  states: {
    REVIEWING: { label: t('复核调查', 'Review'), assignee: { roles: TOWN, level: 'township' } },
    PUBLICITY: {
      label: t('退出公示', 'Exit publicity'),
      assignee: { roles: TOWN, level: 'township' },
      publicity: { days: 'dibao.publicity_days', place: t('村务公开栏', 'Village board'), objectionTo: 'REVIEWING' },
    },
    COUNTY_DECISION: {
      label: t('县级决定', 'County decision'),
      assignee: { roles: COUNTY, level: 'county' },
      limit: 'dibao.confirm_wd',
    },
    DECIDED: { label: t('已决定', 'Decided'), terminal: true },
  },
  transitions: [
    {
      event: 'RECOMPUTE',
      label: t('引擎重新测算', 'Run the engine'),
      from: ['REVIEWING'],
      to: STAY,
      roles: TOWN,
      effect: async ({ trx, case: c, today }) =>
        c.household_id ? { engine: await runEngine(trx, c.household_id, today, DIBAO_OUTPUTS) } : undefined,
    },
    {
      event: 'PROPOSE',
      label: t('提出复核意见', 'Propose the outcome'),
      from: ['REVIEWING'],
      to: 'COUNTY_DECISION',
      roles: TOWN,
      fields: [
        {
          name: 'outcome',
          label: t('复核结果', 'Outcome'),
          kind: 'select',
          required: true,
          options: [
            { value: 'UNCHANGED', label: t('维持', 'Unchanged') },
            { value: 'INCREASE', label: t('增发', 'Increase') },
            { value: 'DECREASE', label: t('减发', 'Decrease') },
            { value: 'GRADUAL_EXIT', label: t('渐退', 'Gradual exit') },
          ],
        },
        {
          name: 'newBenefit',
          label: t('调整后月保障金（元，空 = 引擎测算值）', 'New monthly benefit (yuan; empty = the engine’s figure)'),
          kind: 'money',
          min: 0,
          max: MAX_YUAN,
        },
        {
          name: 'exitCase',
          label: t('渐退情形', 'Gradual-exit case'),
          kind: 'select',
          options: [
            { value: 'GENERAL', label: t('一般情形', 'General') },
            { value: 'PENSIONER_HOUSEHOLD', label: t('有养老金家庭', 'Pensioner household') },
            { value: 'GRADUATE_EMPLOYED', label: t('毕业生就业', 'Graduate employed') },
            { value: 'PUBLIC_EMPLOYMENT_PLACEMENT', label: t('公益性岗位安置', 'Public-post placement') },
            { value: 'DISABLED_EMPLOYED', label: t('残疾人就业', 'Disabled person employed') },
          ],
        },
      ],
      guard: async ({ trx, values, case: c, today }) => {
        const change = ['INCREASE', 'DECREASE'].includes(String(values.outcome))
        const proposed = reviewAmount(values, c.data)
        if (change && proposed == null) {
          return {
            zh: '增发、减发须先引擎重新测算或填写调整后金额',
            en: 'an increase or decrease needs the engine re-run or the new amount',
          }
        }
        const d = await activeDecision(trx, 'DIBAO', { householdId: c.household_id })
        if (!d) return { zh: '本户没有在保的低保决定', en: 'the household has no 低保 decision in force' }
        if (change && proposed != null) {
          const current = Number(d.monthly_amount) / 100
          const up = values.outcome === 'INCREASE'
          if (up ? proposed <= current : proposed >= current) {
            return {
              zh: `${up ? '增发' : '减发'}后的金额 ${proposed} 元须${up ? '高于' : '低于'}现月保障金 ${current} 元`,
              en: `the ${up ? 'increased' : 'decreased'} amount ${proposed} yuan must be ${up ? 'above' : 'below'} the current ${current} yuan`,
            }
          }
        }
        if (values.newBenefit != null) {
          // The most a household can get: the standard for each covered person (差额补助 with zero income).
          const std = parametersAt(today).get('dibao.standard_rural', undefined, c.region_code)
          const cap = ((std.value as number) * d.covered_persons) / 100
          if (Number(values.newBenefit) > cap) {
            const citations = std.legal.map((l) => `${l.id}${l.status ? ` [${l.status}]` : ''}`).join('、')
            return {
              zh: `调整后月保障金不得超过 ${cap} 元（dibao.standard_rural × 保障人数 ${d.covered_persons}；${citations}）`,
              en: `the new benefit cannot exceed ${cap} yuan (dibao.standard_rural × ${d.covered_persons} covered; ${citations})`,
              details: { cap, source: 'dibao.standard_rural × covered persons', citations: std.legal.map((l) => l.id) },
            }
          }
        }
        return undefined
      },
      effect: ({ values, case: c, today }) => {
        const out: Partial<ReviewData> = { outcome: String(values.outcome) }
        const proposed = reviewAmount(values, c.data)
        if (['INCREASE', 'DECREASE'].includes(out.outcome!) && proposed != null) out.newBenefit = proposed
        if (values.outcome === 'GRADUAL_EXIT') {
          const months = parametersAt(today).get(
            'dibao.gradual_exit_months',
            { exit_case: String(values.exitCase ?? 'GENERAL') },
            c.region_code,
          ).value as number
          let m = nextMonthStart(today)
          for (let i = 1; i < months; i++) m = nextMonthStart(m)
          const last = new Date(`${nextMonthStart(m)}T00:00:00Z`)
          last.setUTCDate(0)
          out.gradualExitUntil = last.toISOString().slice(0, 10)
        }
        return out
      },
    },
    {
      event: 'PROPOSE_TERMINATION',
      label: t('拟停发，公示', 'Propose termination, publish'),
      from: ['REVIEWING'],
      to: 'PUBLICITY',
      roles: TOWN,
      fields: [reasons],
      effect: ({ values }) => ({
        outcome: 'TERMINATE',
        reasons: String(values.reasons),
        programmeLabel: '最低生活保障（拟停发）',
      }),
    },
    {
      event: 'PUBLICITY_DONE',
      label: t('公示期满报县', 'To county'),
      from: ['PUBLICITY'],
      to: 'COUNTY_DECISION',
      roles: TOWN,
    },
    {
      event: 'DECIDE',
      label: t('县级决定', 'Decide'),
      from: ['COUNTY_DECISION'],
      to: 'DECIDED',
      roles: COUNTY,
      separateFrom: ['PROPOSE', 'PROPOSE_TERMINATION'],
      guard: async ({ trx, case: c }) =>
        (await activeDecision(trx, 'DIBAO', { householdId: c.household_id }))
          ? undefined
          : { zh: '本户没有在保的低保决定', en: 'the household has no 低保 decision in force' },
      effect: async ({ trx, deps, actor, case: c, today }) => {
        const d = await activeDecision(trx, 'DIBAO', { householdId: c.household_id })
        const o = c.data.outcome
        const base = { caseId: c.id, reason: `review ${o}` }
        if (o === 'TERMINATE') {
          await terminateDecision(trx, deps, actor, d, { today, caseId: c.id, reason: String(c.data.reasons) })
          // On exit, other help is checked (§7.5): a household below the 低保边缘 line enters the registry as such.
          const run = await runEngineWithInput(trx, c.household_id as string, today, ['marginal_eligible'])
          const marginal = run.outputs.marginal_eligible === true
          if (marginal) {
            await recordDecision(trx, deps, actor, {
              programme: 'DIBAO_MARGINAL',
              regionCode: c.region_code,
              householdId: c.household_id as string,
              coveredPersonIds: run.input.members.map((m) => m.id),
              since: nextMonthStart(today),
              engine: engineRecord(run),
              caseId: c.id,
            })
          }
          return {
            stopMonth: nextMonthStart(today).slice(0, 7),
            decidedOn: today,
            exitCheck: { marginal, explanation: run.explanation },
          }
        }
        if (o === 'INCREASE' || o === 'DECREASE') {
          await changeDecision(trx, deps, actor, d, { ...base, monthlyAmount: fen(Number(c.data.newBenefit)) })
        } else if (o === 'GRADUAL_EXIT') {
          await changeDecision(trx, deps, actor, d, { ...base, gradualExitUntil: c.data.gradualExitUntil as string })
        }
        return { decidedOn: today }
      },
    },
  ],
})
