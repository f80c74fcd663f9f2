import { z } from 'zod'
import { Line } from '../../platform/schema.ts'
import { Region } from '../regions/regions.schema.ts'
import { roles } from './roles.ts'

export const LoginBody = z.strictObject({
  username: Line(40, 1),
  password: z.string().min(1).max(200),
})

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
})

export const Me = z.object({
  id: z.string().uuid(),
  username: z.string(),
  displayName: z.string(),
  regionCode: z.string(),
  regionPath: z.array(Region).describe('Province first, down to the user’s own region'),
  roles: z.array(z.enum(roles as [string, ...string[]])),
  mustChangePassword: z.boolean(),
})
export type Me = z.infer<typeof Me>

export const MeResponse = z.object({ data: z.object({ user: Me, csrfToken: z.string() }) })
export const OkResponse = z.object({ data: z.object({ ok: z.literal(true) }) })
