/**
 * The module registry: one entry per navigable module. The router and the left navigation are both built from it, so
 * a new module adds one entry here and nothing else in the shell changes.
 */
import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  HomeOutlined,
  InboxOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons'
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react'
import type { Messages } from '../i18n/zh-CN.ts'
import { permissions } from './permissions.ts'
import type { Role } from './types.ts'

export interface AppModule {
  /** Stable id; also the `data-test="nav-<key>"` of its navigation item. */
  key: string
  /** Route path; `/` is the home page. */
  path: string
  /** Message key of the navigation label. */
  label: `nav.${Exclude<keyof Messages['nav'], 'menu'>}`
  icon: ReactNode
  /** Roles that may see the module; absent = every signed-in user. */
  roles?: readonly Role[]
  page: LazyExoticComponent<ComponentType>
  /** Pages below the module's path (`new`, `:id`), each optionally narrower in roles than the module. */
  subpages?: Array<{ path: string; roles?: readonly Role[]; page: LazyExoticComponent<ComponentType> }>
}

export const modules: AppModule[] = [
  {
    key: 'home',
    path: '/',
    label: 'nav.home',
    icon: <HomeOutlined />,
    page: lazy(() => import('../features/home/HomePage.tsx')),
  },
  {
    key: 'inbox',
    path: '/inbox',
    label: 'nav.inbox',
    icon: <InboxOutlined />,
    page: lazy(() => import('../features/workflow/InboxPage.tsx')),
    subpages: [{ path: 'publicity', page: lazy(() => import('../features/workflow/PublicityListPage.tsx')) }],
  },
  {
    key: 'cases',
    path: '/cases',
    label: 'nav.cases',
    icon: <SolutionOutlined />,
    page: lazy(() => import('../features/workflow/CasesPage.tsx')),
    subpages: [
      { path: ':id', page: lazy(() => import('../features/workflow/CasePage.tsx')) },
      { path: ':id/notices/:round', page: lazy(() => import('../features/workflow/NoticePage.tsx')) },
    ],
  },
  {
    key: 'calendar',
    path: '/calendar',
    label: 'nav.calendar',
    icon: <CalendarOutlined />,
    page: lazy(() => import('../features/workflow/CalendarPage.tsx')),
  },
  {
    key: 'regions',
    path: '/regions',
    label: 'nav.regions',
    icon: <ClusterOutlined />,
    page: lazy(() => import('../features/regions/RegionsPage.tsx')),
  },
  {
    key: 'households',
    path: '/households',
    label: 'nav.households',
    icon: <TeamOutlined />,
    roles: permissions['household.read'],
    page: lazy(() => import('../features/households/HouseholdsPage.tsx')),
    subpages: [
      {
        path: 'new',
        roles: permissions['household.edit'],
        page: lazy(() => import('../features/households/NewHouseholdPage.tsx')),
      },
      { path: ':id', page: lazy(() => import('../features/households/HouseholdDetailPage.tsx')) },
      { path: ':id/card', page: lazy(() => import('../features/households/HouseholdCardPage.tsx')) },
    ],
  },
  {
    key: 'imports',
    path: '/imports',
    label: 'nav.imports',
    icon: <CloudUploadOutlined />,
    roles: permissions['household.edit'],
    page: lazy(() => import('../features/imports/ImportPage.tsx')),
  },
  {
    key: 'warnings',
    path: '/warnings',
    label: 'nav.warnings',
    icon: <AlertOutlined />,
    roles: permissions['warning.read'],
    page: lazy(() => import('../features/warnings/WarningsPage.tsx')),
  },
  {
    key: 'monitoring',
    path: '/monitoring',
    label: 'nav.monitoring',
    icon: <ScheduleOutlined />,
    roles: permissions['household.read'],
    page: lazy(() => import('../features/monitoring/TargetsPage.tsx')),
    subpages: [
      { path: 'suggestions', page: lazy(() => import('../features/monitoring/SuggestionsPage.tsx')) },
      { path: ':householdId', page: lazy(() => import('../features/monitoring/PlanPage.tsx')) },
    ],
  },
  {
    key: 'applications',
    path: '/applications',
    label: 'nav.applications',
    icon: <FileDoneOutlined />,
    roles: ['VILLAGE_CADRE', 'TOWN_CA_OFFICER', 'COUNTY_CA_ADMIN'],
    page: lazy(() => import('../features/applications/ApplicationWizardPage.tsx')),
    subpages: [{ path: ':id/decision', page: lazy(() => import('../features/applications/DecisionNoticePage.tsx')) }],
  },
  {
    key: 'reports',
    path: '/reports',
    label: 'nav.reports',
    icon: <BarChartOutlined />,
    roles: permissions['household.read'],
    page: lazy(() => import('../features/reports/ReportsPage.tsx')),
  },
  {
    key: 'assistance',
    path: '/assistance',
    label: 'nav.assistance',
    icon: <BankOutlined />,
    roles: permissions['assistance.read'],
    page: lazy(() => import('../features/assistance/AssistancePage.tsx')),
    subpages: [
      { path: 'rosters/:id', page: lazy(() => import('../features/assistance/RosterPage.tsx')) },
      { path: 'rosters/:id/print', page: lazy(() => import('../features/assistance/RosterPrintPage.tsx')) },
    ],
  },
  {
    key: 'policy',
    path: '/policy',
    label: 'nav.policy',
    icon: <BookOutlined />,
    page: lazy(() => import('../features/policy/PolicyPage.tsx')),
  },
  {
    key: 'feeds',
    path: '/feeds',
    label: 'nav.feeds',
    icon: <DatabaseOutlined />,
    roles: permissions['feed.submit'],
    page: lazy(() => import('../features/feeds/FeedsPage.tsx')),
  },
  {
    key: 'audit',
    path: '/audit',
    label: 'nav.audit',
    icon: <AuditOutlined />,
    roles: ['AUDITOR', 'COUNTY_RR_ADMIN', 'COUNTY_CA_ADMIN', 'PROVINCE_ADMIN'],
    page: lazy(() => import('../features/audit/AuditPage.tsx')),
  },
  {
    key: 'jobs',
    path: '/jobs',
    label: 'nav.jobs',
    icon: <ScheduleOutlined />,
    page: lazy(() => import('../features/jobs/JobsPage.tsx')),
  },
]

/** The module whose path matches `pathname` best (longest prefix), for highlighting the navigation. */
export function activeModule(pathname: string): AppModule | undefined {
  return modules
    .filter((m) => (m.path === '/' ? pathname === '/' : pathname === m.path || pathname.startsWith(`${m.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0]
}
