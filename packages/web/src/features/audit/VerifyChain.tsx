/** "Verify chain" button: starts the `audit.verify` job, follows its progress and shows the outcome. */
import { SafetyCertificateOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Progress, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { VerifyResult } from '../../app/types.ts'
import { codeLabel } from '../../i18n/index.ts'
import { InlineError } from '../../ui/PageState.tsx'
import { RegionName } from '../../ui/RegionName.tsx'
import { isActive, useJob } from '../jobs/jobsApi.ts'
import { startVerify } from './auditApi.ts'

export function VerifyChainButton({ onJob, busy }: { onJob: (id: string) => void; busy: boolean }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<unknown>(null)
  return (
    <Space orientation="vertical">
      <Button
        data-test="audit-verify"
        icon={<SafetyCertificateOutlined />}
        loading={starting || busy}
        onClick={async () => {
          setStarting(true)
          setError(null)
          try {
            const job = await startVerify()
            void qc.invalidateQueries({ queryKey: ['jobs'] })
            onJob(job.id)
          } catch (e) {
            setError(e)
          } finally {
            setStarting(false)
          }
        }}
      >
        {t('audit.verify')}
      </Button>
      {error ? <InlineError error={error} title={t('audit.verify')} /> : null}
    </Space>
  )
}

/** Progress and result of one verification job. */
export function VerifyChainResult({ jobId }: { jobId: string }) {
  const { t } = useTranslation()
  const job = useJob(jobId)
  if (job.error) return <InlineError error={job.error} onRetry={() => void job.refetch()} />
  const j = job.data
  if (!j || isActive(j)) {
    return (
      <Alert
        data-test="audit-verify-progress"
        role="status"
        type="info"
        showIcon
        title={j?.progressMessage ?? t('audit.verifying')}
        description={<Progress percent={Math.round((j?.progress ?? 0) * 100)} status="active" />}
      />
    )
  }
  if (j.status !== 'succeeded') {
    return (
      <Alert
        data-test="audit-verify-result"
        type="error"
        showIcon
        title={t('audit.verifyFailed', { error: j.error ?? codeLabel('jobStatus', j.status) })}
      />
    )
  }
  const r = (j.result ?? {}) as Partial<VerifyResult>
  if (r.ok) {
    return (
      <Alert
        data-test="audit-verify-result"
        type="success"
        showIcon
        title={t('audit.verifyOk', { checked: r.checked ?? 0, chains: r.chains ?? 0 })}
      />
    )
  }
  const b = r.firstBroken
  return (
    <Alert
      data-test="audit-verify-result"
      type="error"
      showIcon
      title={t('audit.verifyBrokenTitle')}
      description={
        b ? (
          <span data-test="audit-verify-broken">
            {b.chain ? <RegionName code={b.chain.padEnd(12, '0')} /> : t('audit.nationalChain')}
            {t('audit.verifyBroken', {
              seq: b.seq,
              reason: codeLabel('auditBreak', b.kind ?? '') || t('audit.breakOther'),
            })}
          </span>
        ) : undefined
      }
    />
  )
}
