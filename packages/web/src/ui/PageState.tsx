/** Loading and error states shared by every page, so no request ever leaves a blank screen. */
import { Alert, Button, Result, Spin } from 'antd'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../app/api.ts'

/** Centred spinner with a text, for a page or a panel that is loading. */
export function PageLoading({ minHeight = 240 }: { minHeight?: number }) {
  const { t } = useTranslation()
  return (
    <div data-test="loading" style={{ display: 'grid', placeItems: 'center', minHeight }}>
      <Spin size="large" description={t('common.loading')}>
        <div style={{ width: 120, height: 40 }} />
      </Spin>
    </div>
  )
}

function statusOf(error: unknown): '403' | '404' | 'error' {
  if (error instanceof ApiError && error.status === 403) return '403'
  if (error instanceof ApiError && error.status === 404) return '404'
  return 'error'
}

/** Message to show for any thrown value: the API's localised message, or a generic one. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error && error.message) return error.message
  return fallback
}

/** Full-page error with the server's message and an optional retry. */
export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  return (
    <Result
      data-test="page-error"
      status={statusOf(error)}
      title={t('common.loadFailed')}
      subTitle={errorMessage(error, t('common.unknownError'))}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  )
}

/** Inline error banner for a panel or a form. */
export function InlineError({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { t } = useTranslation()
  return (
    <Alert
      data-test="inline-error"
      type="error"
      showIcon
      title={title ?? t('common.loadFailed')}
      description={errorMessage(error, t('common.unknownError'))}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  )
}
