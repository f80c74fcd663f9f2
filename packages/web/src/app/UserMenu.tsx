/** Header user menu: change password, language, sign out. */
import { GlobalOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Avatar, Button, Dropdown, type MenuProps } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { currentLanguage, type Language, languages, setLanguage } from '../i18n/index.ts'
import { logout, sessionKey, useMe } from './auth.tsx'

export function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useTranslation()
  const me = useMe()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const lang = currentLanguage()

  const items: MenuProps['items'] = [
    {
      key: 'password',
      icon: <KeyOutlined />,
      label: <span data-test="menu-change-password">{t('header.changePassword')}</span>,
    },
    {
      key: 'lang',
      icon: <GlobalOutlined />,
      label: t('lang.label'),
      children: languages.map((l) => ({
        key: `lang:${l}`,
        label: <span data-test={`menu-lang-${l}`}>{t(`lang.${l}`)}</span>,
        disabled: l === lang,
      })),
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-test="menu-logout">{t('header.logout')}</span>,
    },
  ]

  const onClick: MenuProps['onClick'] = async ({ key }) => {
    if (key === 'password') navigate('/account/password')
    else if (key.startsWith('lang:')) await setLanguage(key.slice(5) as Language)
    else if (key === 'logout') {
      try {
        await logout()
      } finally {
        qc.clear()
        qc.setQueryData(sessionKey, null)
        navigate('/login', { replace: true })
      }
    }
  }

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" data-test="user-menu" aria-label={t('header.userMenu')} style={{ paddingInline: 4 }}>
        <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
        {compact ? null : <span style={{ marginInlineStart: 6 }}>{me.displayName}</span>}
      </Button>
    </Dropdown>
  )
}
