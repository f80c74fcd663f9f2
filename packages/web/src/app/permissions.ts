/** Which roles may do what: the server's own table (`@xianjie/server/roles`), so the UI offers what the API allows. */
import { permissions } from '@xianjie/server/roles'
import type { Me } from './types.ts'

export { permissions }

export type Permission = keyof typeof permissions

/** Whether the user holds a role that grants `permission`. */
export function can(me: Me, permission: Permission): boolean {
  return (permissions[permission] as readonly string[]).some((r) => me.roles.includes(r))
}
