/**
 * 入户核实 / 入户核查 (domain.md §7.1 step 2, §7.3): the verification steps of identification and risk elimination record
 * a real income assessment (type IDENTIFICATION or ELIMINATION) and a 两不愁三保障 + drinking-water check through the
 * registry's assessment service. The form is prefilled from the registry (latest assessment's items in yuan, latest
 * check), the engine computes the figures, and the case keeps the per-capita figure, the guarantee result, the
 * assessment's id and the engine's explanation.
 */

import type { EngineResult } from '../applications/engine.ts'
import {
  type AssessmentFigures,
  type AssessmentResult,
  type AssessmentType,
  allSecured,
  computeAssessment,
  GUARANTEE_ITEMS,
  type GuaranteeInput,
  ITEM_LABELS,
  latestAssessment,
  latestGuarantee,
  recordAssessment,
} from '../households/assessments.service.ts'
import { type FieldSpec, type PrefillContext, type TransitionContext, text } from '../workflow/definition.ts'

const t = text
const INCOME_PREFIX = 'income_'

/** What a verification keeps on the case. */
export interface VerificationData {
  /** yuan per person per year, as computed by the engine (reports and exports read it) */
  perCapitaNet?: number
  guaranteesOk?: boolean
  assessmentId?: string
  guaranteeCheckId?: string
  engine?: EngineResult
}

/** Labels of what a verification keeps on the case (`dataLabels` of the case types that verify). */
export const verificationLabels = {
  perCapitaNet: t('人均纯收入（元/人/年）', 'Net income per person (yuan/year)'),
  guaranteesOk: t('三保障和饮水安全有保障', 'Guarantees and drinking water secured'),
  assessmentId: t('收入评估记录', 'Income assessment record'),
  guaranteeCheckId: t('三保障核查记录', 'Guarantee check record'),
  assessed: t('已入户核实', 'Verified at home'),
}

/** The form: the income items (yuan, optional: left empty keeps the registry's value) and the five guarantees. */
export function verificationFields(): FieldSpec[] {
  const items = Object.entries(ITEM_LABELS).map(
    ([code, label], i): FieldSpec => ({
      name: `${INCOME_PREFIX}${code}`,
      label: t(`${label.zh}（元/年）`, `${label.en} (yuan/year)`),
      kind: 'money',
      min: 0,
      ...(i === 0
        ? {
            help: t(
              '收入各项预填为最近一次收入评估的金额（留空的项目沿用该金额，没有该项收入请填 0）；由规则引擎计算纯收入和人均纯收入',
              'Items are prefilled from the latest assessment (an empty item keeps that amount; type 0 for none); the rules engine computes net and per-capita income',
            ),
          }
        : {}),
    }),
  )
  return [
    ...items,
    { name: 'claimIncome', label: t('家庭理赔收入（元/年）', 'Insurance claim income (yuan/year)'), kind: 'money' },
    {
      name: 'compliantSelfPaid',
      label: t('合规自付支出（元/年）', 'Compliant self-paid spending (yuan/year)'),
      kind: 'money',
    },
    ...GUARANTEE_ITEMS.map((g): FieldSpec => ({ name: g.name, label: g.label, kind: 'boolean', required: true })),
    { name: 'housingDamaged', label: t('住房损毁', 'Housing damaged'), kind: 'boolean' },
    { name: 'waterFacilityDamaged', label: t('饮水设施损毁', 'Water facility damaged'), kind: 'boolean' },
  ]
}

const yuan = (fen: number) => fen / 100
const fen = (v: unknown) => (v === undefined || v === null ? undefined : Math.round(Number(v) * 100))

/** The registry's current figures as the form's initial values. */
export async function verificationPrefill(ctx: PrefillContext<VerificationData>): Promise<Record<string, unknown>> {
  if (!ctx.case.household_id) return {}
  const [a, g] = await Promise.all([
    latestAssessment(ctx.db, ctx.case.household_id),
    latestGuarantee(ctx.db, ctx.case.household_id),
  ])
  const out: Record<string, unknown> = {}
  const items = (a?.items as Record<string, number> | undefined) ?? {}
  // every item shows a number (0 where none), so "no such income" is typed as 0 rather than left empty
  for (const code of Object.keys(ITEM_LABELS)) out[`${INCOME_PREFIX}${code}`] = yuan(items[code] ?? 0)
  out.claimIncome = yuan(Number(a?.claim_income ?? 0))
  out.compliantSelfPaid = yuan(Number(a?.compliant_self_paid ?? 0))
  if (g) {
    for (const x of GUARANTEE_ITEMS) out[x.name] = g[x.column]
    if (g.housing_damaged) out.housingDamaged = true
    if (g.water_facility_damaged) out.waterFacilityDamaged = true
  }
  return out
}

function inputOf(values: Record<string, unknown>, date: string) {
  const items: Record<string, number> = {}
  for (const code of Object.keys(ITEM_LABELS)) {
    const v = fen(values[`${INCOME_PREFIX}${code}`])
    if (v !== undefined) items[code] = v
  }
  const guarantees: GuaranteeInput = {
    foodClothingOk: Boolean(values.foodClothingOk),
    compulsoryEducationOk: Boolean(values.compulsoryEducationOk),
    medicalInsuranceOk: Boolean(values.medicalInsuranceOk),
    housingSafetyOk: Boolean(values.housingSafetyOk),
    drinkingWaterOk: Boolean(values.drinkingWaterOk),
    housingDamaged: Boolean(values.housingDamaged),
    waterFacilityDamaged: Boolean(values.waterFacilityDamaged),
  }
  return {
    date,
    items,
    claimIncome: fen(values.claimIncome) ?? null,
    compliantSelfPaid: fen(values.compliantSelfPaid) ?? null,
    guarantees,
  }
}

/** The figures the verification would record (for guards: nothing is written). */
export async function previewVerification<D>(
  ctx: TransitionContext<D>,
): Promise<AssessmentFigures & { guaranteesOk: boolean }> {
  const input = inputOf(ctx.values, ctx.today)
  const figures = await computeAssessment(ctx.trx, ctx.case.household_id as string, input)
  return { ...figures, guaranteesOk: allSecured(input.guarantees) }
}

/** Records the assessment and check (new household version, audited) and returns what the case keeps. */
export async function recordVerification<D>(
  ctx: TransitionContext<D>,
  type: Extract<AssessmentType, 'IDENTIFICATION' | 'ELIMINATION'>,
): Promise<Required<VerificationData> & { result: AssessmentResult }> {
  const r = await recordAssessment(ctx.trx, ctx.deps, ctx.actor, ctx.case.household_id as string, {
    type,
    ...inputOf(ctx.values, ctx.today),
  })
  return {
    perCapitaNet: yuan(r.perCapitaNet),
    guaranteesOk: r.guaranteesOk === true,
    assessmentId: r.assessmentId,
    guaranteeCheckId: r.guaranteeCheckId as string,
    engine: r.engine,
    result: r,
  }
}
