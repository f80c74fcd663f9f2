/**
 * The shell around every signed-in page: left navigation built from the module registry (a drawer on phones), header
 * with product name, region picker and user menu, and the page below.
 */
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons'
import { Button, Drawer, Grid, Layout, Menu, type MenuProps, theme } from 'antd'
import { type ReactNode, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Outlet, useLocation } from 'react-router'
import { Logo } from '../ui/Logo.tsx'
import { PageLoading } from '../ui/PageState.tsx'
import { hasAnyRole, useMe } from './auth.tsx'
import { activeModule, modules } from './modules.tsx'
import { RegionPicker } from './RegionPicker.tsx'
import { RegionProvider } from './region.tsx'
import { UserMenu } from './UserMenu.tsx'

const { Header, Sider, Content } = Layout

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation()
  const me = useMe()
  const location = useLocation()
  const active = activeModule(location.pathname)
  const items: MenuProps['items'] = modules
    .filter((m) => hasAnyRole(me, m.roles))
    .map((m) => ({
      key: m.key,
      icon: m.icon,
      label: (
        <Link to={m.path} data-test={`nav-${m.key}`} onClick={onNavigate}>
          {t(m.label)}
        </Link>
      ),
    }))
  return (
    <Menu
      data-test="nav"
      aria-label={t('nav.menu')}
      mode="inline"
      selectedKeys={active ? [active.key] : []}
      items={items}
      style={{ borderInlineEnd: 'none' }}
    />
  )
}

function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation()
  return (
    <div
      style={{
        height: 56,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 8,
        fontWeight: 600,
        fontSize: 18,
        color: '#1677ff',
        whiteSpace: 'nowrap',
      }}
    >
      <Logo />
      {collapsed ? null : t('app.name')}
    </div>
  )
}

export function AppLayout({ children }: { children?: ReactNode }) {
  const { t } = useTranslation()
  const screens = Grid.useBreakpoint()
  const mobile = screens.md === false
  const [collapsed, setCollapsed] = useState(false)
  const [drawerOpen, setDrawerOpen] = useState(false)
  const { token } = theme.useToken()

  return (
    <RegionProvider>
      <Layout style={{ minHeight: '100vh' }}>
        {mobile ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={240}
            styles={{ body: { padding: 0 } }}
            title={t('app.name')}
          >
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : (
          <Sider
            theme="light"
            width={216}
            collapsedWidth={64}
            collapsed={collapsed}
            style={{ borderInlineEnd: `1px solid ${token.colorSplit}` }}
          >
            <Brand collapsed={collapsed} />
            <NavMenu />
          </Sider>
        )}
        <Layout>
          <Header
            style={{
              background: token.colorBgContainer,
              paddingInline: mobile ? 8 : 16,
              display: 'flex',
              alignItems: 'center',
              gap: mobile ? 6 : 12,
              borderBottom: `1px solid ${token.colorSplit}`,
              position: 'sticky',
              top: 0,
              zIndex: 10,
            }}
          >
            <Button
              type="text"
              data-test="nav-toggle"
              aria-label={t('header.toggleNav')}
              icon={mobile || collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => (mobile ? setDrawerOpen(true) : setCollapsed((c) => !c))}
            />
            <h1
              data-test="product-name"
              style={{
                margin: 0,
                fontSize: mobile ? 16 : 17,
                fontWeight: 600,
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                flex: '1 1 auto',
                minWidth: 0,
              }}
            >
              {mobile ? t('app.name') : t('app.fullName')}
            </h1>
            <RegionPicker width={mobile ? 150 : 240} />
            <UserMenu compact={mobile} />
          </Header>
          <Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
            <Suspense fallback={<PageLoading />}>{children ?? <Outlet />}</Suspense>
          </Content>
        </Layout>
      </Layout>
    </RegionProvider>
  )
}
