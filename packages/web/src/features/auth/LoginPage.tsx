/** `/login`: username + password, the server's (localised) error, lockout notice, language switch. */
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useLocation, useNavigate } from 'react-router'
import { ApiError } from '../../app/api.ts'
import { login, sessionKey, takeAuthNotice, useSession } from '../../app/auth.tsx'
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx'
import { errorMessage } from '../../ui/PageState.tsx'
import { AuthScreen } from './AuthScreen.tsx'

interface LoginForm {
  username: string
  password: string
}

export default function LoginPage() {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const location = useLocation()
  const session = useSession()
  const from = (location.state as { from?: string } | null)?.from ?? '/'
  const [notice] = useState(takeAuthNotice)
  const [error, setError] = useState<unknown>(null)
  const [submitting, setSubmitting] = useState(false)

  if (session.data && !submitting) {
    return <Navigate to={session.data.user.mustChangePassword ? '/account/password' : from} replace />
  }

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true)
    setError(null)
    try {
      const s = await login(values.username.trim(), values.password)
      qc.setQueryData(sessionKey, s)
      navigate(s.user.mustChangePassword ? '/account/password' : from, { replace: true, state: { from } })
    } catch (e) {
      setError(e)
      setSubmitting(false)
    }
  }

  const locked = error instanceof ApiError && error.code === 'ACCOUNT_LOCKED'
  const until = locked ? (error as ApiError).details.until : undefined

  return (
    <AuthScreen extra={<LanguageSwitch />}>
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: '28px 28px 12px' } }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {notice === 'SESSION_EXPIRED' && !error ? (
          <Alert
            data-test="login-notice"
            type="info"
            showIcon
            title={t('login.sessionExpired')}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        {error ? (
          <Alert
            data-test={locked ? 'login-locked' : 'login-error'}
            role="alert"
            type={locked ? 'warning' : 'error'}
            showIcon
            title={locked ? t('login.locked') : t('login.failed')}
            description={
              // The server's lockout message carries the raw ISO time; show it in local time instead.
              typeof until === 'string' && dayjs(until).isValid()
                ? t('login.lockedUntil', { time: dayjs(until).format('YYYY-MM-DD HH:mm') })
                : errorMessage(error, t('common.unknownError'))
            }
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Form<LoginForm> name="login" layout="vertical" requiredMark={false} onFinish={onFinish} data-test="login-form">
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              data-test="login-username"
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              size="large"
            />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              data-test="login-password"
              prefix={<LockOutlined />}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Form.Item>
            <Button data-test="login-submit" type="primary" htmlType="submit" block size="large" loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </AuthScreen>
  )
}
