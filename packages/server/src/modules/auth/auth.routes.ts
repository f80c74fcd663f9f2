import type { AppDeps } from '../../platform/deps.ts'
import { type App, actorOf, CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http.ts'
import { errorResponses } from '../../platform/schema.ts'
import { getPath } from '../regions/regions.service.ts'
import type { Actor } from './actor.ts'
import { ChangePasswordBody, LoginBody, type Me, MeResponse, OkResponse } from './auth.schema.ts'
import { actorFromUser, changePassword, login, logout } from './auth.service.ts'
import type { AppUserRow } from './auth.table.ts'

async function presentMe(deps: AppDeps, user: AppUserRow, actor: Actor): Promise<Me> {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    regionCode: user.region_code,
    regionPath: await getPath(deps.db, actor, user.region_code),
    roles: user.roles,
    mustChangePassword: user.must_change_password,
  }
}

export function authRoutes(app: App, deps: AppDeps): void {
  const tags = ['auth']
  const cookieOpts = {
    path: '/',
    sameSite: 'strict' as const,
    secure: deps.config.secureCookies,
  }
  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags, body: LoginBody, response: { 200: MeResponse, ...errorResponses, 423: errorResponses[403] } },
    },
    async (req, reply) => {
      const res = await login(deps, {
        username: req.body.username,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        requestId: req.id,
      })
      reply.setCookie(SESSION_COOKIE, res.sessionToken, { ...cookieOpts, httpOnly: true })
      reply.setCookie(CSRF_COOKIE, res.csrfToken, { ...cookieOpts, httpOnly: false })
      return { data: { user: await presentMe(deps, res.user, actorFromUser(res.user)), csrfToken: res.csrfToken } }
    },
  )
  app.post(
    '/api/auth/logout',
    {
      config: { anySignedIn: true, allowPasswordChange: true },
      schema: { tags, response: { 200: OkResponse, ...errorResponses } },
    },
    async (req, reply) => {
      await logout(deps, actorOf(req), req.session!.sessionId)
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      reply.clearCookie(CSRF_COOKIE, { path: '/' })
      return { data: { ok: true as const } }
    },
  )
  app.get(
    '/api/auth/me',
    {
      config: { anySignedIn: true, allowPasswordChange: true },
      schema: { tags, response: { 200: MeResponse, ...errorResponses } },
    },
    async (req) => {
      const s = req.session!
      return { data: { user: await presentMe(deps, s.user, s.actor), csrfToken: s.csrfToken } }
    },
  )
  app.post(
    '/api/auth/password',
    {
      config: { anySignedIn: true, allowPasswordChange: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags, body: ChangePasswordBody, response: { 200: OkResponse, ...errorResponses } },
    },
    async (req) => {
      await changePassword(deps, actorOf(req), req.body, req.session!.sessionId)
      return { data: { ok: true as const } }
    },
  )
}
