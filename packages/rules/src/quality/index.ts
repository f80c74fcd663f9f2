/** Data-quality checks of domain.md §9 over plain household records. Pure: no I/O, no clock. */

import type { ParameterSnapshot } from '../engine/parameters.ts'
import {
  checkAssistedEliminationIncome,
  checkCategoryIncome,
  checkDisabilitySubsidyRequired,
  checkDisabilitySubsidyWithoutDisabled,
  checkIdentifiers,
  checkIllnessSelfPaid,
  checkMigrantSubsidyTransport,
  checkMonitorContact,
  checkPostEliminationFields,
  checkQuickElimination,
  checkTekunPerson,
  checkTransferIncomeMissing,
  checkWageImplausible,
  checkWholeHouseholdNoLabour,
  checkWorkEligibility,
} from './checks.ts'
import type { Finding, QualityContext, QualityHousehold, QualityLimits } from './types.ts'

export * from './checks.ts'
export type * from './types.ts'

/** Every rule in §9 order, with its number, severity and what it checks. */
export const qualityRules = [
  { rule: 1, codes: ['1_12_004'], severity: 'B', check: checkIdentifiers },
  { rule: 2, codes: ['Q02'], severity: 'B', check: checkCategoryIncome },
  { rule: 3, codes: ['5_15_020'], severity: 'B', check: checkIllnessSelfPaid },
  { rule: 4, codes: ['5_15_023'], severity: 'W', check: checkWageImplausible },
  { rule: 5, codes: ['4_11_010'], severity: 'B', check: checkAssistedEliminationIncome },
  { rule: 6, codes: ['GZ_ELIM_2M'], severity: 'W', check: checkQuickElimination },
  { rule: 7, codes: ['1_11_005'], severity: 'B', check: checkPostEliminationFields },
  { rule: 8, codes: ['1_11_011'], severity: 'B', check: checkMonitorContact },
  { rule: 9, codes: ['5_16_008'], severity: 'B', check: checkDisabilitySubsidyRequired },
  { rule: 10, codes: ['4_11_016'], severity: 'W', check: checkDisabilitySubsidyWithoutDisabled },
  { rule: 11, codes: ['4_11_013'], severity: 'W', check: checkTransferIncomeMissing },
  { rule: 12, codes: ['1111_10'], severity: 'B', check: checkMigrantSubsidyTransport },
  { rule: 13, codes: ['1111_07'], severity: 'B', check: checkWholeHouseholdNoLabour },
  { rule: 14, codes: ['5_12_004', '2_12_004'], severity: 'B', check: checkWorkEligibility },
  { rule: 15, codes: ['5_12_003'], severity: 'W', check: checkTekunPerson },
] as const satisfies ReadonlyArray<{
  rule: number
  codes: readonly string[]
  severity: 'B' | 'W'
  check: (h: QualityHousehold, ctx: QualityContext) => Finding[]
}>

/**
 * The catalogue parameters of the checks from a snapshot resolved at the checks' date (money read back in yuan).
 * @example
 * const limits = qualityLimits(resolveParameters(files, { asOf: '2026-11-28' }), '622926')
 */
export function qualityLimits(params: Pick<ParameterSnapshot, 'get'>, region?: string): QualityLimits {
  return {
    postMinAge: params.get('posts.min_age', undefined, region).value,
    identWageMin: params.get('monitoring.ident_wage_min', undefined, region).value / 100,
    elimMinMonthGap: params.get('monitoring.elim_min_month_gap', undefined, region).value,
  }
}

/**
 * Runs every §9 check on one household. Rules that need case data find nothing when the record has none.
 * @example
 * const findings = checkHousehold(record, { today: '2026-11-28', limits })
 * const blocking = findings.filter((f) => f.severity === 'B')
 */
export function checkHousehold(record: QualityHousehold, ctx: QualityContext): Finding[] {
  return qualityRules.flatMap((r) => r.check(record, ctx))
}
