/** Centred screen with the product name, used by the login page and the forced password change. */
import { Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Logo } from '../../ui/Logo.tsx'

export function AuthScreen({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        padding: '24px 16px',
        background: 'linear-gradient(160deg, #e8f1ff 0%, #f5f7fa 45%, #fff7f0 100%)',
        boxSizing: 'border-box',
      }}
    >
      <div style={{ width: '100%', maxWidth: 400, display: 'flex', justifyContent: 'flex-end', minHeight: 32 }}>
        {extra}
      </div>
      <div style={{ textAlign: 'center', margin: '32px 0 24px' }}>
        <Logo size={52} />
        <Typography.Title level={2} style={{ margin: '12px 0 4px', fontSize: 22 }} data-test="product-name">
          {t('app.fullName')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
      </div>
      {children}
    </div>
  )
}
