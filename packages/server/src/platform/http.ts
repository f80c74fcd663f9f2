/**
 * The Fastify application: zod schemas on every route (request and response) feeding the OpenAPI 3.1 document,
 * one error body for every failure, request ids, security headers, sessions and CSRF, and the built web app.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, {
  type FastifyContextConfig,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { type Actor, can } from '../modules/auth/actor.ts'
import type { SessionInfo } from '../modules/auth/auth.service.ts'
import { type Permission, permissions, type Role } from '../modules/auth/roles.ts'
import { QUERY_CANCELED, queryScope } from './db-guard.ts'
import type { AppDeps } from './deps.ts'
import { AppError, errorBody, httpStatus, type Lang, pickLang } from './errors.ts'
import { textProblem } from './schema.ts'

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang
    session: SessionInfo | undefined
  }
  /** Every /api route declares who may call it: exactly one of `public`, `anySignedIn` or `permission`. */
  interface FastifyContextConfig {
    /** Route reachable without a session. */
    public?: boolean
    /** Any signed-in user (the service may still narrow by role, as the case types do). */
    anySignedIn?: boolean
    /** The permission (or any one of several) of modules/auth/roles.ts a caller's roles must grant. */
    permission?: Permission | readonly Permission[]
    /** Route allowed while the user still must change the password. */
    allowPasswordChange?: boolean
  }
}

/** Who may call a route, as its declaration says (also published as `x-access` in the OpenAPI document). */
export type RouteAccess = { public: true } | { anySignedIn: true } | { permissions: readonly Permission[] }

/** The access a route declares, or a sentence saying what is wrong with its declaration. */
export function routeAccess(config: FastifyContextConfig | undefined): RouteAccess | string {
  const c = config ?? {}
  const given = [c.public === true, c.anySignedIn === true, c.permission !== undefined].filter(Boolean).length
  if (given !== 1) {
    return 'must declare exactly one of config.public, config.anySignedIn or config.permission (modules/auth/roles.ts)'
  }
  if (c.public) return { public: true }
  if (c.anySignedIn) return { anySignedIn: true }
  const list: readonly Permission[] = typeof c.permission === 'string' ? [c.permission] : (c.permission ?? [])
  const unknown = list.filter((p) => !(p in permissions))
  if (list.length === 0 || unknown.length) return `names unknown permission(s): ${unknown.join(', ') || '(none)'}`
  return { permissions: list }
}

/** Whether a route is under the API's access rules (the explorer's own pages are not). */
const isApiRoute = (url: string) => url.startsWith('/api/') && !url.startsWith('/api/docs')

export const SESSION_COOKIE = 'xj_session'
export const CSRF_COOKIE = 'xj_csrf'
export const CSRF_HEADER = 'x-csrf-token'

/** `Content-Disposition` of a download, with the (often Chinese) file name encoded for every browser. */
/** Media type of an .xlsx workbook. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function contentDisposition(name: string): string {
  return `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/** The actor of an authenticated request (routes that are not public always have one). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.session) throw new AppError('UNAUTHENTICATED')
  return { ...req.session.actor, requestId: req.id, ip: req.ip }
}

/** Constant-time comparison of two tokens. */
function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export interface HttpOptions {
  resolveSession(token: string | undefined): Promise<SessionInfo>
  routes: Array<(app: App, deps: AppDeps) => void>
  webDist?: string
  logger?: boolean | object
}

function mapError(err: FastifyError & { statusCode?: number }, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      field: `${err.validationContext ?? ''}${v.instancePath.replaceAll('/', '.')}`,
      message: v.message ?? '',
      code: (v.params.issue as { code?: string } | undefined)?.code,
    }))
    return new AppError('VALIDATION_FAILED', {
      issues,
      summary: issues.map((i) => `${i.field || '(body)'} ${i.message}`).join('; '),
    })
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE')
  }
  if ((err.code as string) === QUERY_CANCELED) return new AppError('QUERY_TIMEOUT')
  if (err.statusCode === 429) return new AppError('RATE_LIMITED')
  if (err.statusCode === 400 && err instanceof SyntaxError) return new AppError('MALFORMED_JSON')
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', { summary: err.message })
  }
  req.log.error({ err }, 'unhandled error')
  return new AppError('INTERNAL', { requestId: req.id })
}

/** Deepest nesting of arrays and objects a JSON body may have (the deepest request schema has 5 levels). */
export const MAX_JSON_DEPTH = 32
/** Longest query-string or path value (search terms, codes, ids): longer is never a real request. */
export const MAX_QUERY_VALUE = 1_000

/** Depth of the deepest array or object in JSON text, counted without parsing (strings skipped). */
export function jsonDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92)
        i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      depth++
      if (depth > max) max = depth
      if (max > stopAt) return max
    } else if (c === 93 || c === 125) depth--
  }
  return max
}

/** The first string in `value` that may not be stored, with where it is (`body.members[0].name`). */
function findBadText(
  value: unknown,
  at: string,
  depth = 0,
): { field: string; reason: string; reasonEn: string } | null {
  if (typeof value === 'string') {
    const p = textProblem(value)
    return p ? { field: at, ...p } : null
  }
  if (depth > MAX_JSON_DEPTH || value === null || typeof value !== 'object') return null
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = textProblem(k)
    if (keyProblem) return { field: at, ...keyProblem }
    const found = findBadText(v, Array.isArray(value) ? `${at}[${k}]` : `${at}.${k}`, depth + 1)
    if (found) return found
  }
  return null
}

function validationFailed(field: string, reason: string, reasonEn: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    issues: [{ field, message: reason, messageEn: reasonEn }],
    summary: `${field} ${reason}`,
    summaryEn: `${field} ${reasonEn}`,
  })
}

export async function buildHttp(deps: AppDeps, opts: HttpOptions): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID()
    },
    trustProxy: deps.config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>()

  // JSON bodies: the default parser (prototype-poisoning checks included) behind a nesting limit, so no later step
  // (validation, audit, a jsonb column) meets a 10,000-deep document.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(
        validationFailed('body', `嵌套超过 ${MAX_JSON_DEPTH} 层`, `nested deeper than ${MAX_JSON_DEPTH} levels`),
        undefined,
      )
      return
    }
    parseJson(req, text, done)
  })

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  app.setErrorHandler((err: FastifyError, req, reply: FastifyReply) => {
    const appErr = mapError(err, req)
    const status = httpStatus[appErr.code]
    if (status >= 500) req.log.error({ err, requestId: req.id }, 'request failed')
    return reply.status(status).send(errorBody(appErr, req.lang))
  })

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
      },
    },
  })
  await app.register(cookie)
  await app.register(rateLimit, { global: false })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'xianjie API', version: deps.version, description: '衔接 · 巩固衔接监测帮扶平台 API' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    // each operation says who may call it: `x-access` (public / signed-in / permissions) and `x-roles`
    transform: (arg) => {
      const out = jsonSchemaTransform(arg)
      const access = routeAccess(arg.route.config as FastifyContextConfig | undefined)
      if (typeof access === 'string') return out
      const roles: readonly Role[] | undefined =
        'permissions' in access ? [...new Set(access.permissions.flatMap((p) => permissions[p]))] : undefined
      const schema: Record<string, unknown> = { ...out.schema, 'x-access': access }
      if (roles) schema['x-roles'] = roles
      if ('public' in access) schema.security = []
      return { ...out, schema }
    },
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  // The statements a request runs share its scope: when the client goes away before the answer, they are cancelled.
  app.addHook('onRequest', (_req, reply, done) => {
    const abandoned = new AbortController()
    reply.raw.once('close', () => {
      if (!reply.raw.writableEnded) abandoned.abort()
    })
    queryScope.run({ signal: abandoned.signal }, done)
  })

  app.decorateRequest('lang', 'zh-CN')
  app.decorateRequest('session', undefined)

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id)
    req.lang = pickLang(req.headers['x-lang'] as string | undefined, req.headers['accept-language'])
  })

  // Every string a request carries (path, query, JSON body, keys included) is free of NUL, control characters and
  // broken surrogates before any route sees it; query and path values are short. Field types (schema.ts) add limits.
  app.addHook('preValidation', async (req) => {
    for (const [part, values] of [
      ['params', req.params],
      ['query', req.query],
    ] as const) {
      for (const [k, v] of Object.entries((values ?? {}) as Record<string, unknown>)) {
        for (const one of Array.isArray(v) ? v : [v]) {
          if (typeof one !== 'string') continue
          const bad = findBadText(one, `${part}.${k}`)
          if (bad) throw validationFailed(bad.field, bad.reason, bad.reasonEn)
          if (one.length > MAX_QUERY_VALUE)
            throw validationFailed(
              `${part}.${k}`,
              `超过 ${MAX_QUERY_VALUE} 个字符`,
              `longer than ${MAX_QUERY_VALUE} characters`,
            )
        }
      }
    }
    const bad = findBadText(req.body, 'body')
    if (bad) throw validationFailed(bad.field, bad.reason, bad.reasonEn)
  })

  // A write answered by this process is in its next household search (the index syncs first: search-index.ts).
  app.addHook('onSend', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') deps.searchIndex?.noteWrite()
  })

  // A route without a declaration of who may call it does not register: the server does not start.
  app.addHook('onRoute', (route) => {
    if (!isApiRoute(route.url)) return
    const access = routeAccess(route.config)
    if (typeof access === 'string') throw new Error(`Route ${String(route.method)} ${route.url} ${access}`)
  })

  // Session, CSRF and the route's declared permission, before the body is read or validated.
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url ?? ''
    const config = req.routeOptions.config
    if (!isApiRoute(url) || config.public) return
    req.session = await opts.resolveSession(req.cookies[SESSION_COOKIE])
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      const sent = req.headers[CSRF_HEADER]
      if (typeof sent !== 'string' || !sameToken(sent, req.session.csrfToken)) throw new AppError('CSRF_FAILED')
    }
    if (req.session.user.must_change_password && !config.allowPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED')
    }
    const access = routeAccess(config)
    if (typeof access === 'string') throw new AppError('FORBIDDEN') // unreachable: onRoute refused it
    if ('permissions' in access) {
      const actor = req.session.actor
      if (!access.permissions.some((p) => can(actor, p))) {
        throw new AppError('FORBIDDEN', { permission: access.permissions.join(' | ') })
      }
    }
  })

  for (const register of opts.routes) register(app, deps)
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger())

  const webDist = opts.webDist ?? fileURLToPath(new URL('../../../web/dist/', import.meta.url))
  const hasWeb = existsSync(webDist)
  if (hasWeb) {
    // Hashed assets (`/assets/name-[hash].js`) never change under their name: cached for a year, and sent as the
    // brotli or gzip copy the build wrote beside them (vite.config.ts) when the browser accepts it. Everything else
    // (index.html, which names the current assets) is revalidated on every load.
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders(reply, path) {
        const hashed = /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.\w+(\.(br|gz))?$/.test(path)
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }

  app.setNotFoundHandler((req, reply) => {
    if (!req.url.startsWith('/api') && hasWeb && req.method === 'GET') return reply.sendFile('index.html')
    return reply
      .status(404)
      .send(errorBody(new AppError('NOT_FOUND', { what: `接口 ${req.url}`, whatEn: `Endpoint ${req.url}` }), req.lang))
  })

  return app
}
