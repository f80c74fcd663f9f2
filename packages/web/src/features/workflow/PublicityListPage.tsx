/**
 * `/inbox/publicity?regionCode=&type=&startOn=`: one village's publicity list on A4 — every household of one case type
 * posted on one day (one round), with the village, the issuing body, the posting and end dates and the complaint
 * telephone. The items are the stored public notices, already free of what domain.md §12 forbids.
 */
import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { PageError, PageLoading } from '../../ui/PageState.tsx'
import { PrintSheet } from '../../ui/PrintSheet.tsx'
import { NoticeFooter } from './NoticePage.tsx'
import { tx, useBatchNotice } from './workflowApi.ts'

export default function PublicityListPage() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const q = useBatchNotice({
    regionCode: params.get('regionCode') ?? '',
    type: params.get('type') ?? '',
    startOn: params.get('startOn') ?? '',
  })
  if (q.isLoading) return <PageLoading />
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => void q.refetch()} />
  const n = q.data
  const labels = n.rows[0]?.items.map((i) => i.label) ?? []
  return (
    <PrintSheet test="publicity-list">
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {t('paper.batch.title', { village: n.villageName, type: tx(n.typeLabel) })}
      </Typography.Title>
      <Typography.Paragraph>{t('paper.batch.intro')}</Typography.Paragraph>
      <table data-test="publicity-list-rows">
        <thead>
          <tr>
            <th>{t('paper.batch.seq')}</th>
            {labels.map((l) => (
              <th key={l.zh}>{tx(l)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {n.rows.map((r, i) => (
            <tr key={r.caseId}>
              <td>{i + 1}</td>
              {labels.map((l) => (
                <td key={l.zh}>{r.items.find((x) => x.label.zh === l.zh)?.value ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('paper.batch.count', { count: n.rows.length })}</p>
      <NoticeFooter n={n} />
    </PrintSheet>
  )
}
