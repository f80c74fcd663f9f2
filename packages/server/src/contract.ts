/**
 * The API contract shared with the web app: zod schemas of requests and responses, and their types. The web app
 * imports types from here (`import type { … } from '@xianjie/server/contract'`), so both sides change together.
 */
export { RaiseResult } from './modules/applications/applications.schema.ts'
export { AuditEvent, AuditQuery } from './modules/audit/audit.schema.ts'
export { ChangePasswordBody, LoginBody, Me } from './modules/auth/auth.schema.ts'
export { HomeSummary } from './modules/home/home.schema.ts'
export { Assessment, HouseholdDetail, HouseholdSummary, Person } from './modules/households/households.present.ts'
export {
  AddMember,
  CreateHousehold,
  HouseholdQuery,
  MergeHouseholds,
  MoveMember,
  NaturalDecrease,
  PersonFields,
  RecordAssessment,
  RecordGuaranteeCheck,
  SplitHousehold,
  UpdateHousehold,
  UpdatePerson,
} from './modules/households/households.schema.ts'
export { Job } from './modules/jobs/jobs.schema.ts'
export { ModelDoc, ParametersDoc } from './modules/policy/policy.schema.ts'
export { Region } from './modules/regions/regions.schema.ts'
export { MonitoringReport } from './modules/reports/reports.schema.ts'
export {
  CaseDetail,
  CaseSummary,
  CaseType,
  Field as CaseField,
  InboxItem,
  OverdueReport,
  PublicityBoardItem,
} from './modules/workflow/workflow.schema.ts'
export { ErrorResponse } from './platform/schema.ts'
