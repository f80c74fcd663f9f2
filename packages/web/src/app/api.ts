/**
 * The one HTTP client of the app: same-origin `/api`, JSON, `Accept-Language` from the UI language, the CSRF header
 * on every non-GET request, and a hook that lets the auth layer react to expired sessions.
 */
import i18n from '../i18n/index.ts'

/** An error answered by the API (`{ error: { code, message, details } }`) or a network failure (`code` NETWORK). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown>
  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

/** Codes after which the session is gone or blocked and the app must route the user elsewhere. */
export type AuthFailure = 'UNAUTHENTICATED' | 'SESSION_EXPIRED' | 'PASSWORD_CHANGE_REQUIRED'

let csrfFallback: string | null = null
let authFailureHandler: ((code: AuthFailure) => void) | null = null

/** Remembers the token returned by login/me, used when the `xj_csrf` cookie cannot be read. */
export function setCsrfToken(token: string | null): void {
  csrfFallback = token
}

/** Registers the function called when any request answers one of the {@link AuthFailure} codes. */
export function onAuthFailure(handler: ((code: AuthFailure) => void) | null): void {
  authFailureHandler = handler
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}

/** The CSRF token to send on a non-GET request made outside {@link api} (file uploads with progress). */
export function csrfToken(): string | null {
  return readCookie('xj_csrf') ?? csrfFallback
}

type QueryValue = string | number | boolean | null | undefined

/** Builds `?a=1&b=2`, leaving out empty values (the server rejects unknown or blank parameters). */
export function queryString(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.set(k, String(v))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  query?: Record<string, QueryValue>
  signal?: AbortSignal
}

/** Calls `/api{path}` and returns the parsed body, or throws {@link ApiError}. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language }
  if (method !== 'GET') {
    const token = readCookie('xj_csrf') ?? csrfFallback
    if (token) headers['x-csrf-token'] = token
    headers['content-type'] = 'application/json'
  }
  let res: Response
  try {
    res = await fetch(`/api${path}${opts.query ? queryString(opts.query) : ''}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(opts.body ?? {}),
      signal: opts.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, 'NETWORK', i18n.t('common.networkError'))
  }
  const text = await res.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
      ?.error
    const code = err?.code ?? `HTTP_${res.status}`
    const failure = new ApiError(res.status, code, err?.message ?? i18n.t('common.unknownError'), err?.details ?? {})
    if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED' || code === 'PASSWORD_CHANGE_REQUIRED') {
      authFailureHandler?.(code)
    }
    throw failure
  }
  return json as T
}
