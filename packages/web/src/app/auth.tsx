/** Session state (TanStack Query cache entry `['auth','me']`), login/logout/password calls, and the route guard. */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useEffect } from 'react'
import { Navigate, useLocation } from 'react-router'
import { PageError, PageLoading } from '../ui/PageState.tsx'
import { ApiError, type AuthFailure, api, onAuthFailure, setCsrfToken } from './api.ts'
import type { Me, Session, Single } from './types.ts'

export const sessionKey = ['auth', 'me'] as const

let notice: AuthFailure | null = null

/** Returns (and forgets) why the user was last sent to the login page, for a one-time notice. */
export function takeAuthNotice(): AuthFailure | null {
  const n = notice
  notice = null
  return n
}

async function fetchSession(): Promise<Session | null> {
  try {
    const res = await api<Single<Session>>('/auth/me')
    setCsrfToken(res.data.csrfToken)
    return res.data
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null
    throw e
  }
}

/** The current session, `null` when signed out. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Number.POSITIVE_INFINITY, retry: 1 })
}

/** The signed-in user; only call below {@link RequireAuth}. */
export function useMe(): Me {
  const { data } = useSession()
  if (!data) throw new Error('useMe() used outside RequireAuth')
  return data.user
}

/** Signs in; the caller routes on `user.mustChangePassword`. */
export async function login(username: string, password: string): Promise<Session> {
  const res = await api<Single<Session>>('/auth/login', { method: 'POST', body: { username, password } })
  setCsrfToken(res.data.csrfToken)
  return res.data
}

export async function logout(): Promise<void> {
  try {
    await api('/auth/logout', { method: 'POST' })
  } finally {
    setCsrfToken(null)
  }
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api('/auth/password', { method: 'POST', body: { currentPassword, newPassword } })
}

/** Keeps the cached session in step with auth failures answered by any request. */
export function AuthFailureBridge() {
  const qc = useQueryClient()
  useEffect(() => {
    onAuthFailure((code) => {
      const current = qc.getQueryData<Session | null>(sessionKey)
      if (code === 'PASSWORD_CHANGE_REQUIRED') {
        if (current) qc.setQueryData(sessionKey, { ...current, user: { ...current.user, mustChangePassword: true } })
        return
      }
      if (current) notice = code
      qc.setQueryData(sessionKey, null)
    })
    return () => onAuthFailure(null)
  }, [qc])
  return null
}

/**
 * Renders `children` for a signed-in user. Otherwise sends them to `/login`, remembering where they were; a user who
 * must change their password is held on `/account/password`.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data, isPending, error, refetch } = useSession()
  const location = useLocation()
  if (isPending) return <PageLoading />
  if (error) return <PageError error={error} onRetry={() => void refetch()} />
  if (!data) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />
  }
  if (data.user.mustChangePassword && location.pathname !== '/account/password') {
    return <Navigate to="/account/password" replace state={{ from: location.pathname + location.search }} />
  }
  return children
}

/** Whether the user holds any of `roles` (no list = everyone). */
export function hasAnyRole(me: Me, roles: readonly string[] | undefined): boolean {
  return !roles || roles.some((r) => me.roles.includes(r))
}
