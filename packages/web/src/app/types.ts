/**
 * API shapes of docs/api.md as the web app uses them. Kept here until the server publishes `@xianjie/server/contract`;
 * then these become re-exports of its zod-inferred types.
 */

/** Role codes of domain.md §3.2. */
export const roleCodes = [
  'FARMER',
  'GRID_MEMBER',
  'VILLAGE_CADRE',
  'FIRST_SECRETARY',
  'HELPER',
  'TOWN_RR_OFFICER',
  'TOWN_CA_OFFICER',
  'COUNTY_RR_ADMIN',
  'COUNTY_CA_ADMIN',
  'DEPT_DATA_PROVIDER',
  'HRSS_OFFICER',
  'PROVINCE_ADMIN',
  'EW_COOP_OFFICE',
  'AUDITOR',
] as const
export type Role = (typeof roleCodes)[number]

/** An administrative division (12-digit NBS code). */
export interface Region {
  code: string
  name: string
  /** 1 province, 2 city, 3 county, 4 township, 5 village */
  level: number
  parentCode: string | null
  /** 城乡分类代码 (villages only) */
  urbanRuralClass: string | null
  childCount: number
}

/** The signed-in user. */
export interface Me {
  id: string
  username: string
  displayName: string
  regionCode: string
  /** Province first, down to the user's own region. */
  regionPath: Region[]
  roles: string[]
  mustChangePassword: boolean
}

export interface Session {
  user: Me
  csrfToken: string
}

export interface AuditEvent {
  id: string
  seq: number
  chain: string
  at: string
  actorId: string | null
  actorName: string | null
  actorDisplayName: string | null
  action: string
  actionLabel: { zh: string; en: string }
  subjectType: string
  subjectLabel: { zh: string; en: string }
  subjectId: string | null
  regionCode: string | null
  before: unknown
  after: unknown
  requestId: string | null
}

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const
export type JobStatus = (typeof jobStatuses)[number]

export interface Job {
  id: string
  name: string
  version: number
  status: JobStatus
  /** 0..1 */
  progress: number
  progressMessage: string | null
  result: unknown
  error: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  createdBy: string | null
}

/** Result of the `audit.verify` job. */
export interface VerifyResult {
  ok: boolean
  checked: number
  chains: number
  /** The first broken chain: its region prefix (`''` national), the first wrong record and what is wrong with it. */
  firstBroken?: { chain: string; seq: number; id: string | null; kind?: string; reason: string }
}

export interface Single<T> {
  data: T
}

export interface Paged<T> {
  data: T[]
  page: { page: number; pageSize: number; total: number }
}

/** Paging query of every list endpoint (the server rejects unknown parameters, so no `sort` yet). */
export interface PageQuery {
  page: number
  pageSize: number
  order?: 'asc' | 'desc'
}

/** Length of the code prefix that a region of each level stands for (scope = that prefix). */
export const prefixLength: Record<number, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 }

/** The code prefix that covers `region` and everything below it. */
export function regionPrefix(region: Pick<Region, 'code' | 'level'>): string {
  return region.code.slice(0, prefixLength[region.level] ?? 12)
}
