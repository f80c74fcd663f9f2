/** `/cases/:id/notices/:round`: the publicity notice as posted, laid out for printing (no sensitive data is stored in it). */
import { PrinterOutlined } from '@ant-design/icons'
import { Button, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { PageError, PageLoading } from '../../ui/PageState.tsx'
import { tx, useNotice } from './workflowApi.ts'

export default function NoticePage() {
  const { t } = useTranslation()
  const { id = '', round = '1' } = useParams()
  const q = useNotice(id, Number(round))
  if (q.isLoading) return <PageLoading />
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => void q.refetch()} />
  const n = q.data
  return (
    <div
      className="print-page"
      data-test="notice-page"
      style={{ maxWidth: 760, margin: '0 auto', background: '#fff', padding: 32 }}
    >
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('workflow.printNotice')}
        </Button>
      </Space>
      <Typography.Title level={2} style={{ textAlign: 'center' }}>
        {t('workflow.notice.title', { type: tx(n.typeLabel) })}
      </Typography.Title>
      <Typography.Paragraph>{t('workflow.notice.intro')}</Typography.Paragraph>
      <table style={{ width: '100%', borderCollapse: 'collapse', marginBottom: 16 }} data-test="notice-items">
        <tbody>
          {n.items.map((i) => (
            <tr key={i.label.zh}>
              <th style={{ border: '1px solid #999', padding: 8, width: '30%', textAlign: 'left' }}>{tx(i.label)}</th>
              <td style={{ border: '1px solid #999', padding: 8 }}>{i.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph>{t('workflow.notice.period', { start: n.startOn, end: n.endOn })}</Typography.Paragraph>
      <Typography.Paragraph>{t('workflow.notice.place', { place: n.place })}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('workflow.notice.privacy')}
      </Typography.Paragraph>
    </div>
  )
}
