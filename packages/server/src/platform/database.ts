/** The schema as Kysely sees it: the table interfaces of every module, composed into `Database`. */
import type { ColumnType, Generated } from 'kysely'
import type {
  DaijiaoLineTable,
  DaijiaoRosterTable,
  LowIncomeEntryTable,
  PayRosterExportTable,
  PayRosterLineTable,
  PayRosterTable,
  SaDecisionTable,
  SaReferralTable,
  SpecialGrantTable,
} from '../modules/assistance/assistance.table.ts'
import type { AuditChainTable, AuditEventTable } from '../modules/audit/audit.table.ts'
import type { AppUserTable, SessionTable } from '../modules/auth/auth.table.ts'
import type {
  FeedBatchTable,
  FeedIssueTable,
  FeedRecordTable,
  FeedUnmatchedTable,
} from '../modules/feeds/feeds.table.ts'
import type {
  GuaranteeCheckTable,
  HouseholdHelperTable,
  HouseholdTable,
  HouseholdVersionTable,
  IncomeAssessmentTable,
  MembershipTable,
  PersonTable,
} from '../modules/households/households.table.ts'
import type {
  ImportBatchTable,
  ImportCommitChunkTable,
  ImportFileTable,
  ImportRowIssueTable,
} from '../modules/imports/imports.table.ts'
import type { JobTable } from '../modules/jobs/jobs.table.ts'
import type { RegionTable } from '../modules/regions/regions.table.ts'
import type { WarningHitTable, WarningTable } from '../modules/warnings/warnings.table.ts'
import type {
  CalendarDayTable,
  CalendarYearTable,
  WfAttachmentTable,
  WfCaseTable,
  WfObjectionTable,
  WfPublicityTable,
  WfTaskTable,
  WfTransitionTable,
} from '../modules/workflow/workflow.table.ts'

/** A finished step of the first start's demo seeding (seed.ts). */
export interface SeedStateTable {
  step: string
  done_at: Generated<Date>
  detail: ColumnType<unknown, string | undefined, string>
}

/** The whole schema as Kysely sees it: each module contributes its table interfaces here. */
export interface Database {
  region: RegionTable
  app_user: AppUserTable
  session: SessionTable
  audit_chain: AuditChainTable
  audit_event: AuditEventTable
  job: JobTable
  household: HouseholdTable
  person: PersonTable
  membership: MembershipTable
  income_assessment: IncomeAssessmentTable
  guarantee_check: GuaranteeCheckTable
  household_helper: HouseholdHelperTable
  household_version: HouseholdVersionTable
  import_batch: ImportBatchTable
  import_file: ImportFileTable
  import_row_issue: ImportRowIssueTable
  import_commit_chunk: ImportCommitChunkTable
  calendar_day: CalendarDayTable
  calendar_year: CalendarYearTable
  wf_case: WfCaseTable
  wf_transition: WfTransitionTable
  wf_task: WfTaskTable
  wf_publicity: WfPublicityTable
  wf_objection: WfObjectionTable
  wf_attachment: WfAttachmentTable
  feed_batch: FeedBatchTable
  feed_issue: FeedIssueTable
  feed_record: FeedRecordTable
  feed_unmatched: FeedUnmatchedTable
  warning: WarningTable
  warning_hit: WarningHitTable
  sa_decision: SaDecisionTable
  low_income_entry: LowIncomeEntryTable
  sa_referral: SaReferralTable
  pay_roster: PayRosterTable
  pay_roster_line: PayRosterLineTable
  pay_roster_export: PayRosterExportTable
  daijiao_roster: DaijiaoRosterTable
  daijiao_line: DaijiaoLineTable
  special_grant: SpecialGrantTable
  seed_state: SeedStateTable
}
