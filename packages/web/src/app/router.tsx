/** Routes: `/login`, `/account/password`, and every registered module inside the shell. */
import { Button, Result } from 'antd'
import { lazy, type ReactNode, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { createBrowserRouter, Link, type RouteObject, useRouteError } from 'react-router'
import { PageError, PageLoading } from '../ui/PageState.tsx'
import { AppLayout } from './AppLayout.tsx'
import { hasAnyRole, RequireAuth, useMe } from './auth.tsx'
import { type AppModule, modules } from './modules.tsx'

const LoginPage = lazy(() => import('../features/auth/LoginPage.tsx'))
const PasswordPage = lazy(() => import('../features/auth/ChangePasswordPage.tsx'))

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>
}

function NotFound() {
  const { t } = useTranslation()
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      subTitle={t('common.notFoundHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  )
}

function Forbidden() {
  const { t } = useTranslation()
  return <Result status="403" title={t('common.forbidden')} subTitle={t('common.forbiddenHint')} />
}

/** Renders a module's page (or one of its sub-pages), or 403 when the user's roles do not include it. */
function ModuleRoute({ module, subpage }: { module: AppModule; subpage?: NonNullable<AppModule['subpages']>[number] }) {
  const me = useMe()
  if (!hasAnyRole(me, module.roles) || !hasAnyRole(me, subpage?.roles)) return <Forbidden />
  const Page = subpage?.page ?? module.page
  return <Page />
}

/** The password page stands alone while a change is forced, and sits in the shell otherwise. */
function PasswordRoute() {
  const me = useMe()
  if (me.mustChangePassword) {
    return (
      <Lazy>
        <PasswordPage />
      </Lazy>
    )
  }
  return (
    <AppLayout>
      <PasswordPage />
    </AppLayout>
  )
}

function RouteError() {
  return <PageError error={useRouteError()} onRetry={() => window.location.reload()} />
}

const moduleRoutes: RouteObject[] = modules.flatMap((m): RouteObject[] =>
  m.path === '/'
    ? [{ index: true, element: <ModuleRoute module={m} /> }]
    : [
        { path: m.path.slice(1), element: <ModuleRoute module={m} /> },
        ...(m.subpages ?? []).map((sp) => ({
          path: `${m.path.slice(1)}/${sp.path}`,
          element: <ModuleRoute module={m} subpage={sp} />,
        })),
      ],
)

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      {
        path: '/login',
        element: (
          <Lazy>
            <LoginPage />
          </Lazy>
        ),
      },
      {
        path: '/account/password',
        element: (
          <RequireAuth>
            <PasswordRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [...moduleRoutes, { path: '*', element: <NotFound /> }],
      },
    ],
  },
])
