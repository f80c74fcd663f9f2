/**
 * The rules engine run on a registry household for an application: the household's members and its latest income
 * assessment become the engine's inputs, the 低保 / 特困 outputs are evaluated with a full trace, and a compact
 * explanation (variable, value, rule case fired, parameters with their citations) is kept on the case so the
 * investigation shows the engine's counted income, eligibility and benefit with their reasons.
 *
 * Assumption: the assessment records wage items per household, so they are given to the head (the employment-cost
 * deduction then counts the head's wage only).
 */
import type { DocumentTitle, HouseholdInput, TraceNode } from '@xianjie/rules'
import { ruleLabel } from '@xianjie/rules/rule-labels'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import { type ExplainedParam, explainParam } from '../policy/explain.ts'
import { type HouseholdInputOptions, householdEngineInput, policyModel } from '../policy/household-input.ts'
import { parametersAt } from '../policy/parameters.service.ts'

type Db = Kysely<Database> | Transaction<Database>

export type { ExplainedParam }
export { policyModel }

export const DIBAO_OUTPUTS = [
  'dibao_standard',
  'dibao_monthly_income',
  'dibao_per_capita_income',
  'dibao_eligible',
  'dibao_benefit',
] as const
export const SINGLE_OUTPUTS = ['marginal_income_test', 'dibao_applicant_income'] as const
export const TEKUN_OUTPUTS = [
  'tekun_eligible',
  'self_care_level',
  'care_tier',
  'tekun_basic_standard',
  'tekun_care_standard',
  'tekun_monthly',
] as const

export interface Explanation {
  variable: string
  label: string
  labelEn: string
  value: unknown
  depth: number
  /** The member the line is about (a person's variable), by name. */
  member?: string
  /** The value is money in fen. */
  money?: true
  /** The labelled rule that decided the value (its model name) and its name for officials. */
  rule?: string
  ruleLabel?: DocumentTitle
  params?: ExplainedParam[]
}

/**
 * Engine options: the single-person applicant and per-person inputs established by the investigation; assessment
 * items and household inputs of an assessment being recorded.
 */
export type EngineOptions = Pick<HouseholdInputOptions, 'applicantPersonId' | 'persons' | 'items' | 'extra'>

export interface EngineResult {
  period: string
  outputs: Record<string, unknown>
  explanation: Explanation[]
  modelVersion: string
  paramDigest: string
  errors: string[]
}

/** Evaluates `outputs` for the household on `date` with a full trace, kept as a compact explanation. */
export async function runEngine(
  db: Db,
  householdId: string,
  date: string,
  outputs: readonly string[],
  opts: EngineOptions = {},
): Promise<EngineResult> {
  const { input: _input, ...result } = await runEngineWithInput(db, householdId, date, outputs, opts)
  return result
}

/**
 * The same run, also returning the engine's input (kept on the programme decision only, not on the case, since it
 * carries health and disability facts).
 */
export async function runEngineWithInput(
  db: Db,
  householdId: string,
  date: string,
  outputs: readonly string[],
  opts: EngineOptions = {},
): Promise<EngineResult & { input: HouseholdInput }> {
  const m = policyModel()
  const input = await householdEngineInput(db, householdId, opts)
  const names = new Map(
    (await db.selectFrom('person').select(['id', 'name']).where('household_id', '=', householdId).execute()).map(
      (p) => [p.id, p.name],
    ),
  )
  const snap = parametersAt(date)
  const period = date.slice(0, 7)
  const d = m.evaluate(input, { period, outputs: [...outputs], snapshot: parametersAt(date), trace: 'full' })
  const explanation: Explanation[] = []
  const seen = new Set<string>()
  // Every output gets its line and an equal share of the lines for its reasons.
  const roots = d.trace ?? []
  const share = Math.max(6, Math.floor(80 / Math.max(1, roots.length)))
  let budget = 0
  const visit = (n: TraceNode, depth: number) => {
    const key = `${n.variable}@${n.entity}`
    if (seen.has(key) || depth > 3 || (depth > 0 && budget <= 0)) return
    budget--
    seen.add(key)
    const v = m.variable(n.variable)
    const e: Explanation = { variable: n.variable, label: v.label.zh, labelEn: v.label.en, value: n.value, depth }
    const member = names.get(n.entity)
    if (member) e.member = member
    if (v.valueType === 'money') e.money = true
    if (n.caseFired) {
      e.rule = n.caseFired.label
      const named = ruleLabel(n.caseFired.label)
      if (named) e.ruleLabel = named
    }
    if (n.params?.length) e.params = n.params.map((p) => explainParam(snap, p))
    explanation.push(e)
    for (const c of n.children) visit(c, depth + 1)
  }
  for (const t of roots) {
    budget = share
    visit(t, 0)
  }
  return {
    input,
    period,
    outputs: d.outputs,
    explanation,
    modelVersion: d.modelVersion,
    paramDigest: d.paramDigest,
    errors: d.errors.map((e) => `${e.variable}: ${e.labels.join(' / ')}`),
  }
}
