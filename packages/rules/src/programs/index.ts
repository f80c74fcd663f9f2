/** The assembled policy model: every program's variables, and the outputs each program answers. */
import { buildModel, type Model, type Variable } from '../engine/model.ts'
import * as common from './common/variables.ts'
import * as dibao from './dibao/variables.ts'
import * as guarantees from './guarantees/variables.ts'
import * as income from './income/variables.ts'
import * as marginal from './marginal/variables.ts'
import * as monitoring from './monitoring/variables.ts'
import * as pension from './pension/variables.ts'
import * as publicPost from './public_post/variables.ts'
import * as tekun from './tekun/variables.ts'
import * as tempRelief from './temp_relief/variables.ts'
import * as warnings from './warnings/variables.ts'

export {
  type CaseFile,
  type CaseResult,
  caseOutputs,
  evaluateCase,
  loadCaseObject,
  runCase,
} from './case-file.ts'
export { HEALTH, LABOUR_SKILL, SCHOOL_STATUS } from './common/variables.ts'
export { type DocumentTitle, documentOf, SOURCE_DOCUMENTS, standing } from './documents.ts'
export { WARNING_RULES, type WarningRule } from './warnings/variables.ts'

/** Variables exported by a program module. */
function variablesOf(mod: Record<string, unknown>): Variable[] {
  return Object.values(mod).filter(
    (v): v is Variable => typeof v === 'object' && v !== null && 'valueType' in v && 'entity' in v && 'label' in v,
  )
}

/** The programs of the model with their modules. */
const MODULES = {
  common,
  income,
  guarantees,
  monitoring,
  dibao,
  marginal,
  tekun,
  temp_relief: tempRelief,
  pension,
  public_post: publicPost,
  warnings,
} as const

/** Program names. */
export type ProgramName = keyof typeof MODULES

/** Main outputs of each program (what `rules explain` shows first and the batch tests compare). */
export const PROGRAM_OUTPUTS: Record<ProgramName, readonly string[]> = {
  common: ['active_members', 'whole_household_no_labour'],
  income: ['net_income', 'income_household_size', 'per_capita_net', 'reference_income', 'per_capita_reference'],
  guarantees: [
    'compulsory_education_ok',
    'medical_insurance_ok',
    'housing_safety_ok',
    'drinking_water_ok',
    'guarantees_ok',
  ],
  monitoring: [
    'monitoring_threshold',
    'monitoring_category',
    'monitoring_eligible',
    'income_stable_months',
    'elimination_ready',
  ],
  dibao: [
    'dibao_standard',
    'dibao_per_capita_income',
    'dibao_employment_cost',
    'dibao_property_ok',
    'dibao_eligible',
    'dibao_benefit',
    'dibao_review_months',
    'dibao_gradual_exit_months',
  ],
  marginal: ['marginal_eligible', 'rigid_hardship_eligible'],
  tekun: ['tekun_eligible', 'self_care_level', 'care_tier', 'tekun_monthly', 'tekun_household_total'],
  temp_relief: ['temp_relief_cap', 'temp_relief_amount', 'temp_economic_check_required', 'temp_relief_max_days'],
  pension: ['pension_daijiao_rate', 'pension_daijiao_amount', 'pension_daijiao_total'],
  public_post: ['post_eligible', 'post_eligible_members'],
  warnings: ['warn_med_high_oop_lowinc', 'warn_edu_dropout', 'warn_housing_danger', 'warn_income_drop'],
}

/** Every variable declared by the programs. */
export function policyVariables(): Variable[] {
  return Object.values(MODULES).flatMap((m) => variablesOf(m as Record<string, unknown>))
}

let cached: Model | undefined
/**
 * Builds (once) the checked policy model.
 * @example
 * const model = buildPolicyModel()
 * model.evaluate(household, { period: '2026-03', outputs: ['dibao_benefit'], snapshot, trace: 'full' })
 */
export function buildPolicyModel(opts: { version?: string } = {}): Model {
  if (opts.version) return buildModel(policyVariables(), opts)
  cached ??= buildModel(policyVariables())
  return cached
}
