/** Roles of domain.md §3.2 with the region level each is bound to (1 province … 5 village; 0 = any level). */
export const roleLevels = {
  FARMER: 5,
  GRID_MEMBER: 5,
  VILLAGE_CADRE: 5,
  FIRST_SECRETARY: 5,
  HELPER: 0,
  TOWN_RR_OFFICER: 4,
  TOWN_CA_OFFICER: 4,
  COUNTY_RR_ADMIN: 3,
  COUNTY_CA_ADMIN: 3,
  DEPT_DATA_PROVIDER: 0,
  HRSS_OFFICER: 0,
  PROVINCE_ADMIN: 1,
  EW_COOP_OFFICE: 0,
  AUDITOR: 0,
} as const

export type Role = keyof typeof roleLevels
export const roles = Object.keys(roleLevels) as Role[]

export function isRole(v: string): v is Role {
  return v in roleLevels
}

/**
 * Which roles may do what. Workflows add their own permissions here. Every HTTP route names the permission it needs
 * in its declaration (`config: { permission }`, platform/http.ts), and services keep the finer checks.
 */
export const permissions = {
  'audit.read': ['AUDITOR', 'COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN', 'PROVINCE_ADMIN'],
  'audit.verify': ['AUDITOR', 'PROVINCE_ADMIN', 'COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN'],
  'user.manage': ['PROVINCE_ADMIN', 'COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN'],
  'household.read': [
    'GRID_MEMBER',
    'VILLAGE_CADRE',
    'FIRST_SECRETARY',
    'HELPER',
    'TOWN_RR_OFFICER',
    'TOWN_CA_OFFICER',
    'COUNTY_RR_ADMIN',
    'COUNTY_CA_ADMIN',
    'HRSS_OFFICER',
    'PROVINCE_ADMIN',
    'AUDITOR',
  ],
  'household.edit': [
    'GRID_MEMBER',
    'VILLAGE_CADRE',
    'FIRST_SECRETARY',
    'TOWN_RR_OFFICER',
    'TOWN_CA_OFFICER',
    'COUNTY_RR_ADMIN',
    'COUNTY_CA_ADMIN',
  ],
  'calendar.edit': ['PROVINCE_ADMIN'],
  /** The risk → measure suggestion table of §7.2 (province-wide configuration). */
  'suggestions.edit': ['PROVINCE_ADMIN'],
  'feed.submit': ['DEPT_DATA_PROVIDER', 'HRSS_OFFICER', 'COUNTY_RR_ADMIN'],
  'warning.read': [
    'VILLAGE_CADRE',
    'FIRST_SECRETARY',
    'GRID_MEMBER',
    'TOWN_RR_OFFICER',
    'TOWN_CA_OFFICER',
    'COUNTY_RR_ADMIN',
    'COUNTY_CA_ADMIN',
    'PROVINCE_ADMIN',
    'AUDITOR',
  ],
  'warning.handle': ['VILLAGE_CADRE', 'FIRST_SECRETARY', 'TOWN_RR_OFFICER', 'COUNTY_RR_ADMIN'],
  'warning.screen': ['COUNTY_RR_ADMIN', 'PROVINCE_ADMIN'],
  'pii.reveal': ['COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN', 'TOWN_RR_OFFICER', 'TOWN_CA_OFFICER', 'AUDITOR'],
  'assistance.read': [
    'VILLAGE_CADRE',
    'FIRST_SECRETARY',
    'TOWN_RR_OFFICER',
    'TOWN_CA_OFFICER',
    'COUNTY_RR_ADMIN',
    'COUNTY_CA_ADMIN',
    'HRSS_OFFICER',
    'PROVINCE_ADMIN',
    'AUDITOR',
  ],
  /** The county's periodic 低保 review raiser (§7.5), which also ends gradual exits that are over. */
  'assistance.reviews': ['COUNTY_CA_ADMIN'],
  'roster.generate': ['COUNTY_CA_ADMIN'],
  'roster.approve': ['COUNTY_CA_ADMIN'],
  'roster.adjust': ['COUNTY_CA_ADMIN'],
  /** Bank-account numbers in full, for the bank (一卡通) file; every such export is audited. */
  'roster.export_full': ['COUNTY_CA_ADMIN'],
  'daijiao.generate': ['COUNTY_CA_ADMIN', 'HRSS_OFFICER'],
  'grant.record': ['TOWN_CA_OFFICER', 'COUNTY_CA_ADMIN', 'HRSS_OFFICER'],
  'referral.handle': ['TOWN_RR_OFFICER', 'TOWN_CA_OFFICER', 'COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN'],
  /** Monitoring targets, their assistance plans, visits and the suggestion table (§7). */
  'monitoring.read': [
    'VILLAGE_CADRE',
    'GRID_MEMBER',
    'FIRST_SECRETARY',
    'TOWN_RR_OFFICER',
    'COUNTY_RR_ADMIN',
    'HELPER',
    'PROVINCE_ADMIN',
    'AUDITOR',
  ],
  /** Measures of an assistance plan and its activation. */
  'monitoring.plan': ['VILLAGE_CADRE', 'GRID_MEMBER', 'FIRST_SECRETARY', 'TOWN_RR_OFFICER', 'COUNTY_RR_ADMIN'],
  /** Helper visits (帮扶走访). */
  'monitoring.visit': [
    'VILLAGE_CADRE',
    'GRID_MEMBER',
    'FIRST_SECRETARY',
    'TOWN_RR_OFFICER',
    'COUNTY_RR_ADMIN',
    'HELPER',
  ],
  /** 风险消除回退: an eliminated household back to monitoring. */
  'monitoring.rollback': ['COUNTY_RR_ADMIN'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof permissions
