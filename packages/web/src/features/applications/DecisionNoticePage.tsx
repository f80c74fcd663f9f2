/** `/applications/:id/decision`: the written decision of a finished case, laid out for printing (no sensitive data). */
import { PrinterOutlined } from '@ant-design/icons'
import { Button, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { PageError, PageLoading } from '../../ui/PageState.tsx'
import { useDecisionNotice } from './applicationsApi.ts'

export default function DecisionNoticePage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const q = useDecisionNotice(id)
  if (q.isLoading) return <PageLoading />
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => void q.refetch()} />
  const n = q.data
  return (
    <div
      className="print-page"
      data-test="decision-page"
      style={{ maxWidth: 760, margin: '0 auto', background: '#fff', padding: 32 }}
    >
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/cases/${n.caseId}`}>{t('workflow.cases')}</Link>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('applications.print')}
        </Button>
      </Space>
      <Typography.Title level={2} style={{ textAlign: 'center' }} data-test="decision-title">
        {n.title}
      </Typography.Title>
      <Typography.Paragraph>
        {n.subjectName}（{n.township}
        {n.village}）：
      </Typography.Paragraph>
      <div data-test="decision-lines">
        {n.lines.map((l) => (
          <Typography.Paragraph key={l} style={{ textIndent: '2em' }}>
            {l}
          </Typography.Paragraph>
        ))}
      </div>
      {n.reasons ? (
        <Typography.Paragraph style={{ textIndent: '2em' }}>
          {t('applications.notice.reasons')}：{n.reasons}
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph style={{ textIndent: '2em' }}>{n.appeal}</Typography.Paragraph>
      <div style={{ textAlign: 'right', marginTop: 48 }}>
        <div>{n.office}</div>
        <div>{n.decidedOn}</div>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 32 }}>
        {t('applications.notice.privacy')}
      </Typography.Paragraph>
    </div>
  )
}
