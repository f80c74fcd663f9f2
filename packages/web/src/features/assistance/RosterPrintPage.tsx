/**
 * `/assistance/rosters/:id/print`: the pay roster on A4 paper for signing — the lines the user's area pays (regular
 * lines and approved adjustments; ID numbers and accounts masked, a line without an account flagged), the total, and
 * the signature lines 制表人 / 审核人 / 审批人 with dates. A village prints its own lines, a township its own.
 */
import { useQuery } from '@tanstack/react-query'
import { Alert, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { api } from '../../app/api.ts'
import type { Paged } from '../../app/types.ts'
import { chinaToday } from '../../ui/dates.ts'
import { yuan } from '../../ui/format.ts'
import { InlineError, PageLoading } from '../../ui/PageState.tsx'
import { PrintSheet, SignatureLines } from '../../ui/PrintSheet.tsx'
import { type RosterLine, useRosterTotals } from './assistanceApi.ts'

/** Most lines one print run fetches (10 pages of 200): a county prints per village or township instead. */
const MAX_PRINT_LINES = 2000

function useAllLines(id: string) {
  return useQuery({
    queryKey: ['assistance', 'rosters', id, 'print'],
    queryFn: async () => {
      const out: RosterLine[] = []
      for (let page = 1; out.length < MAX_PRINT_LINES; page++) {
        const r = await api<Paged<RosterLine>>(`/assistance/rosters/${id}/lines`, { query: { page, pageSize: 200 } })
        out.push(...r.data)
        if (out.length >= r.page.total || r.data.length === 0) return { lines: out, total: r.page.total }
      }
      return { lines: out, total: Number.POSITIVE_INFINITY }
    },
  })
}

export default function RosterPrintPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const totals = useRosterTotals(id)
  const all = useAllLines(id)
  if (totals.isPending || all.isPending) return <PageLoading />
  if (totals.error || all.error)
    return <InlineError error={totals.error ?? all.error} onRetry={() => void all.refetch()} />
  const { roster } = totals.data
  const paid = all.data.lines.filter((l) => l.reviewStatus === null || l.reviewStatus === 'APPROVED')
  const sum = paid.reduce((a, l) => a + l.amount, 0)
  const prog = (p: string) => t(`assistance.programmes.${p}` as 'assistance.programmes.DIBAO', { defaultValue: p })
  const month = `${roster.month.slice(0, 4)}-${roster.month.slice(4)}`
  return (
    <PrintSheet test="roster-print">
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {t('paper.roster.title', { month })}
      </Typography.Title>
      <p>
        {t('paper.roster.lines', { count: paid.length, total: yuan(sum) })} ·{' '}
        {t('paper.printedOn', {
          date: chinaToday().format('YYYY-MM-DD'),
        })}
      </p>
      {all.data.total > all.data.lines.length ? (
        <Alert
          className="no-print"
          type="warning"
          showIcon
          message={t('paper.roster.truncated', { count: MAX_PRINT_LINES })}
        />
      ) : null}
      <table data-test="roster-print-lines">
        <thead>
          <tr>
            <th>{t('paper.roster.seq')}</th>
            <th>{t('assistance.name')}</th>
            <th>{t('assistance.idNumber')}</th>
            <th>{t('assistance.bankAccount')}</th>
            <th>{t('paper.roster.village')}</th>
            <th>{t('paper.roster.programme')}</th>
            <th style={{ textAlign: 'right' }}>{t('paper.roster.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {paid.map((l, i) => (
            <tr key={l.id}>
              <td>{i + 1}</td>
              <td>{l.name}</td>
              <td>{l.idNumber}</td>
              <td>{l.bankAccount ?? <strong data-test="no-bank-account">{t('assistance.noBankAccount')}</strong>}</td>
              <td>{l.villageName ?? ''}</td>
              <td>{prog(l.programme)}</td>
              <td style={{ textAlign: 'right' }}>{yuan(l.amount)}</td>
            </tr>
          ))}
          <tr>
            <th colSpan={6}>{t('paper.roster.total')}</th>
            <th style={{ textAlign: 'right' }} data-test="roster-print-total">
              {yuan(sum)}
            </th>
          </tr>
        </tbody>
      </table>
      <SignatureLines />
    </PrintSheet>
  )
}
