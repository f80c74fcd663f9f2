/**
 * Which roles may do what, mirrored from the server's `auth/roles.ts` so the UI only offers what the API allows (the
 * API still decides). Keep the two lists in step when a permission changes.
 */
import type { Me, Role } from './types.ts'

export const permissions = {
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
  'pii.reveal': ['COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN', 'TOWN_RR_OFFICER', 'TOWN_CA_OFFICER', 'AUDITOR'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof permissions

/** Whether the user holds a role that grants `permission`. */
export function can(me: Me, permission: Permission): boolean {
  return (permissions[permission] as readonly string[]).some((r) => me.roles.includes(r))
}
