/**
 * `/households/:id/card`: the household file card (户档案 / 明白卡) on one A4 sheet — the household, its members with
 * masked ID numbers, the income assessment in 元, the policies it receives (low-income groups and the transfer
 * items of the assessment), its helpers, and the dates. Printed for the village file and for the household.
 */
import { incomeItems } from '@xianjie/server/codes'
import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { codeLabel } from '../../i18n/index.ts'
import { chinaToday } from '../../ui/dates.ts'
import { yuan } from '../../ui/format.ts'
import { PageError, PageLoading } from '../../ui/PageState.tsx'
import { PrintSheet } from '../../ui/PrintSheet.tsx'
import { useHousehold } from './householdsApi.ts'

export default function HouseholdCardPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const q = useHousehold(id)
  if (q.isLoading) return <PageLoading />
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => void q.refetch()} />
  const h = q.data
  const a = h.assessment
  const members = h.members.filter((m) => m.status === 'ACTIVE')
  const transfers = a ? incomeItems.transfer.filter((k) => (a.items[k] ?? 0) > 0) : []
  return (
    <PrintSheet test="household-card">
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {t('paper.card.title', { village: `${h.townshipName ?? ''}${h.villageName ?? ''}` })}
      </Typography.Title>
      <h4>{t('paper.card.household')}</h4>
      <table>
        <tbody>
          <tr>
            <th>{t('paper.card.head')}</th>
            <td>{h.headName ?? '—'}</td>
            <th>{t('paper.card.householdNo')}</th>
            <td>{h.householdNo}</td>
          </tr>
          <tr>
            <th>{t('paper.card.type')}</th>
            <td>{codeLabel('householdType', h.householdType)}</td>
            <th>{t('paper.card.monitoring')}</th>
            <td>{codeLabel('monitoringStatus', h.monitoringStatus)}</td>
          </tr>
          <tr>
            <th>{t('paper.card.address')}</th>
            <td colSpan={3}>{[h.naturalVillage, h.address].filter(Boolean).join(' ') || '—'}</td>
          </tr>
        </tbody>
      </table>
      <h4>{t('paper.card.members')}</h4>
      <table data-test="card-members">
        <thead>
          <tr>
            <th>{t('paper.card.name')}</th>
            <th>{t('paper.card.relation')}</th>
            <th>{t('paper.card.idNumber')}</th>
            <th>{t('paper.card.age')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{codeLabel('relation', m.relationToHead)}</td>
              <td>{m.idNumber}</td>
              <td>{m.age}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{a ? t('paper.card.income', { start: a.periodStart, end: a.periodEnd }) : t('paper.card.noAssessment')}</h4>
      {a ? (
        <table data-test="card-income">
          <tbody>
            <tr>
              <th>{t('paper.card.netIncome')}</th>
              <td>{yuan(a.netIncome)} 元</td>
              <th>{t('paper.card.size')}</th>
              <td>{a.householdSize}</td>
            </tr>
            <tr>
              <th>{t('paper.card.perCapita')}</th>
              <td colSpan={3}>{yuan(a.perCapitaNet)} 元</td>
            </tr>
          </tbody>
        </table>
      ) : null}
      <h4>{t('paper.card.policies')}</h4>
      <table data-test="card-policies">
        <tbody>
          <tr>
            <th>{t('paper.card.groups')}</th>
            <td>
              {h.lowIncomeGroups.map((g) => codeLabel('lowIncomeGroup', g)).join('、') || t('paper.card.noPolicies')}
            </td>
          </tr>
          {transfers.map((k) => (
            <tr key={k}>
              <th>{codeLabel('incomeItem', k)}</th>
              <td>{yuan(a?.items[k] ?? 0)} 元</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('paper.card.helpers')}</h4>
      {h.helpers.length ? (
        <table data-test="card-helpers">
          <thead>
            <tr>
              <th>{t('paper.card.name')}</th>
              <th>{t('paper.card.helperUnit')}</th>
              <th>{t('paper.card.helperPhone')}</th>
              <th>{t('paper.card.since')}</th>
            </tr>
          </thead>
          <tbody>
            {h.helpers
              .filter((x) => !x.endDate)
              .map((x) => (
                <tr key={`${x.name}${x.startDate}`}>
                  <td>{x.name}</td>
                  <td>{x.unit ?? '—'}</td>
                  <td>{x.phone ?? '—'}</td>
                  <td>{x.startDate}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : (
        <p>{t('paper.card.noHelper')}</p>
      )}
      <p>{t('paper.card.updated', { date: h.updatedAt.slice(0, 10) })}</p>
      <p>{t('paper.printedOn', { date: chinaToday().format('YYYY-MM-DD') })}</p>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('paper.card.footer')}
      </Typography.Paragraph>
    </PrintSheet>
  )
}
