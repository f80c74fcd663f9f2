/** `/account/password`: current + new + confirm with inline policy checks; forced after a first sign-in. */
import { useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useNavigate } from 'react-router'
import { changePassword, sessionKey, useMe } from '../../app/auth.tsx'
import { UserMenu } from '../../app/UserMenu.tsx'
import { errorMessage } from '../../ui/PageState.tsx'
import { AuthScreen } from './AuthScreen.tsx'
import { minPasswordLength, policyProblem } from './passwordPolicy.ts'

interface PasswordForm {
  currentPassword: string
  newPassword: string
  confirm: string
}

export default function ChangePasswordPage() {
  const { t } = useTranslation()
  const me = useMe()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const location = useLocation()
  const { message } = App.useApp()
  const [error, setError] = useState<unknown>(null)
  const [submitting, setSubmitting] = useState(false)
  const forced = me.mustChangePassword
  const from = (location.state as { from?: string } | null)?.from

  const onFinish = async (v: PasswordForm) => {
    setSubmitting(true)
    setError(null)
    try {
      await changePassword(v.currentPassword, v.newPassword)
      await qc.invalidateQueries({ queryKey: sessionKey })
      message.success(t('password.success'))
      navigate(forced ? (from ?? '/') : '/', { replace: true })
    } catch (e) {
      setError(e)
    } finally {
      setSubmitting(false)
    }
  }

  const form = (
    <Card style={{ width: '100%', maxWidth: 440 }} data-test="password-card">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('password.title')}
      </Typography.Title>
      {forced ? (
        <Alert
          data-test="password-forced"
          type="warning"
          showIcon
          title={t('password.mustChange')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? (
        <Alert
          data-test="password-error"
          role="alert"
          type="error"
          showIcon
          title={t('password.failed')}
          description={errorMessage(error, t('common.unknownError'))}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form<PasswordForm> name="password" layout="vertical" onFinish={onFinish} data-test="password-form">
        <Form.Item
          label={t('password.current')}
          name="currentPassword"
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password data-test="password-current" autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t('password.new')}
          name="newPassword"
          extra={t('password.rules')}
          dependencies={['currentPassword']}
          rules={[
            { required: true, message: t('password.newRequired') },
            ({ getFieldValue }) => ({
              validator(_, value: string | undefined) {
                if (!value) return Promise.resolve()
                const problem = policyProblem(value)
                if (problem === 'tooShort')
                  return Promise.reject(new Error(t('password.tooShort', { min: minPasswordLength })))
                if (problem === 'classes') return Promise.reject(new Error(t('password.classes')))
                if (value === getFieldValue('currentPassword'))
                  return Promise.reject(new Error(t('password.sameAsCurrent')))
                return Promise.resolve()
              },
            }),
          ]}
        >
          <Input.Password data-test="password-new" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('password.confirm')}
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator(_, value: string | undefined) {
                if (!value || value === getFieldValue('newPassword')) return Promise.resolve()
                return Promise.reject(new Error(t('password.mismatch')))
              },
            }),
          ]}
        >
          <Input.Password data-test="password-confirm" autoComplete="new-password" />
        </Form.Item>
        <Button data-test="password-submit" type="primary" htmlType="submit" block loading={submitting}>
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  )

  if (forced) return <AuthScreen extra={<UserMenu compact={false} />}>{form}</AuthScreen>
  return <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 8 }}>{form}</div>
}
