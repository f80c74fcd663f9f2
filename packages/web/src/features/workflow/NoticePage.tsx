/**
 * `/cases/:id/notices/:round`: the publicity notice as posted, on A4 — the village, the issuing body, the period, the
 * place, the posting date and the complaint telephone. No sensitive data is stored in it (the server refuses ID
 * numbers, phones, accounts and health details when posting and filters them again when reading).
 */
import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { PageError, PageLoading } from '../../ui/PageState.tsx'
import { PrintSheet } from '../../ui/PrintSheet.tsx'
import { type NoticeHeading, tx, useNotice } from './workflowApi.ts'

/** The closing lines every printed notice carries: period, place, issuer, date, complaint telephone, privacy note. */
export function NoticeFooter({ n }: { n: NoticeHeading & { startOn: string; endOn: string; place: string } }) {
  const { t } = useTranslation()
  return (
    <div data-test="notice-footer">
      <Typography.Paragraph>{t('workflow.notice.period', { start: n.startOn, end: n.endOn })}</Typography.Paragraph>
      <Typography.Paragraph>{t('workflow.notice.place', { place: n.place })}</Typography.Paragraph>
      <Typography.Paragraph>{t('paper.notice.phone', { phone: n.complaintPhone })}</Typography.Paragraph>
      <div style={{ textAlign: 'right', marginTop: 32 }}>
        <div>{t('paper.notice.issuer', { issuer: tx(n.issuer) })}</div>
        <div>{t('paper.notice.posted', { date: n.postedOn })}</div>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 24 }}>
        {t('workflow.notice.privacy')}
      </Typography.Paragraph>
    </div>
  )
}

export default function NoticePage() {
  const { t } = useTranslation()
  const { id = '', round = '1' } = useParams()
  const q = useNotice(id, Number(round))
  if (q.isLoading) return <PageLoading />
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => void q.refetch()} />
  const n = q.data
  return (
    <PrintSheet test="notice-page">
      <Typography.Title level={2} style={{ textAlign: 'center' }}>
        {t('workflow.notice.title', { type: tx(n.typeLabel) })}
      </Typography.Title>
      <Typography.Paragraph>
        {t('paper.notice.village', { village: n.villageName, township: n.townshipName })}
      </Typography.Paragraph>
      <Typography.Paragraph>{t('workflow.notice.intro')}</Typography.Paragraph>
      <table data-test="notice-items">
        <tbody>
          {n.items.map((i) => (
            <tr key={i.label.zh}>
              <th style={{ width: '30%' }}>{tx(i.label)}</th>
              <td>{i.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <NoticeFooter n={n} />
    </PrintSheet>
  )
}
