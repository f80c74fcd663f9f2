/** Plain records the §9 data-quality checks read: the registry as exported, plus optional case data. */
import type { Bilingual } from '../identifiers/shared.ts'

/** B = blocking (export/submission refused), W = warning. */
export type Severity = 'B' | 'W'

/** One failed check. */
export interface Finding {
  /** Rule script number of domain.md §9, e.g. `1_12_004`. */
  code: string
  severity: Severity
  message: Bilingual
  /** Index of the member concerned in `record.members`, when the finding is about one person. */
  member?: number
  /** Field concerned (camelCase name of the record), when one is. */
  field?: string
}

/** One household member as the checks see it. Amounts are yuan. */
export interface QualityMember {
  name: string
  /** Code of `证件类型`; resident ID assumed when absent. */
  idType?: string
  idNumber: string
  disabilityCertNo?: string | null
  /** Code of `劳动技能` (SKILLED, ORDINARY, WEAK, LOST, NONE). */
  labourSkill: string
  education?: string | null
  schoolStatus?: string | null
  /** Code of `务工状况` (OUT_OF_PROVINCE, IN_PROVINCE, IN_COUNTY, PUBLIC_POST, NOT_WORKING). */
  workStatus?: string | null
  workMonths?: number | null
  /** Holds a public-welfare post (besides `workStatus` = PUBLIC_POST). */
  publicPost?: boolean
  /** ACTIVE or NATURAL_DECREASE. */
  status?: string
  /** Date of the natural decrease, `YYYY-MM-DD`. */
  decreaseDate?: string | null
  /** Low-income groups of the person (e.g. TEKUN). */
  lowIncomeGroups?: readonly string[]
}

/** An income assessment (domain.md §5.3), yuan over the 12-month window. */
export interface QualityAssessment {
  /** IDENTIFICATION, ELIMINATION, ANNUAL, … */
  type: string
  wage: number
  transfer: number
  compliantSelfPaid: number
  perCapitaNet: number
}

/** Post-elimination fields of the national form (1_11_005 family); undefined = not filled in. */
export interface PostElimination {
  dropout?: boolean | null
  housingDamaged?: boolean | null
  membersWithoutInsurance?: boolean | null
  waterFacilityDamaged?: boolean | null
}

/** A monitoring case (domain.md §5.6). */
export interface QualityCase {
  category: 'UNSTABLE_TUOPIN' | 'MARGINAL' | 'SUDDEN_HARDSHIP' | string
  /** ACTIVE, RISK_ELIMINATED, … */
  status: string
  risks: readonly string[]
  eliminationMethod?: 'ASSISTED' | 'NATURAL' | string | null
  /** `YYYY-MM`. */
  identifiedMonth?: string | null
  eliminatedMonth?: string | null
  incomeAtIdentification?: QualityAssessment | null
  incomeAtElimination?: QualityAssessment | null
  postElimination?: PostElimination | null
  /** Explanation of a sudden hardship: rigid expenditure or an income drop. */
  hardshipExplanation?: string | null
}

/** An assistance measure (domain.md §5.7). */
export interface QualityMeasure {
  category: string
  /** Item name as registered, e.g. 残疾人补贴, 外出务工补贴. */
  item: string
  /** 年度交通费补助 (yuan) for 外出务工补贴. */
  transportAllowance?: number | null
}

/** A household with its members and, where known, the latest assessment, the case and its measures. */
export interface QualityHousehold {
  householdNo: string
  /** TUOPIN or GENERAL. */
  householdType: string
  wholeHouseholdNoLabour: boolean
  monitorContactName?: string | null
  monitorContactPhone?: string | null
  /** Monitoring status of the registry (ACTIVE = an active case) when no case is given. */
  monitoringStatus?: string | null
  /** Household-level low-income groups (DIBAO, TEKUN, …). */
  lowIncomeGroups?: readonly string[]
  members: readonly QualityMember[]
  assessment?: QualityAssessment | null
  case?: QualityCase | null
  measures?: readonly QualityMeasure[]
}

/** What the checks may depend on besides the record: the reference date and the monitoring threshold. */
export interface QualityContext {
  /** `YYYY-MM-DD`: ages and ID dates are judged at this date. */
  today: string
  /** Monitoring threshold, yuan per person per year (rules 2 and 5); those rules are skipped when absent. */
  threshold?: number
  /** Policy numbers of the other rules, read from the parameter catalogue at `today` (`qualityLimits`). */
  limits: QualityLimits
}

/** Catalogue parameters the checks compare against (rules must not carry policy numbers as literals). */
export interface QualityLimits {
  /** `posts.min_age`: nobody younger holds a public-welfare post (rule 14, 5_12_004). */
  postMinAge: number
  /** `monitoring.ident_wage_min`, yuan: identification wage income above 0 and below this is implausible (rule 4). */
  identWageMin: number
  /** `monitoring.elim_min_month_gap`: an assisted elimination fewer months after identification is flagged (rule 6). */
  elimMinMonthGap: number
}
