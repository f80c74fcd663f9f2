/** The version timeline of a household (`GET /api/households/:id/history`): newest first, each with its changes. */
import { HistoryOutlined } from '@ant-design/icons'
import { Button, Empty, Tag, Timeline, Typography } from 'antd'
import dayjs from 'dayjs'
import { useTranslation } from 'react-i18next'
import { codeLabel } from '../../i18n/index.ts'
import { formatTime } from '../../ui/format.ts'
import { InlineError, PageLoading } from '../../ui/PageState.tsx'
import { ChangeList } from './ChangeList.tsx'
import { useHistory } from './householdsApi.ts'

export function HistoryTimeline({ id, onAsOf }: { id: string; onAsOf: (date: string) => void }) {
  const { t } = useTranslation()
  const history = useHistory(id)
  if (history.isPending) return <PageLoading minHeight={160} />
  if (history.error) return <InlineError error={history.error} onRetry={() => void history.refetch()} />
  const entries = [...history.data].sort((a, b) => b.version - a.version)
  if (entries.length === 0) return <Empty data-test="history-empty" description={t('history.none')} />
  return (
    <Timeline
      data-test="history-timeline"
      items={entries.map((e, i) => ({
        key: e.version,
        color: i === 0 ? 'blue' : 'gray',
        content: (
          <div data-test="history-entry" data-version={e.version} data-action={e.action}>
            <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
              <Typography.Text strong>{t('history.entry', { version: e.version })}</Typography.Text>
              <Tag color="geekblue">{codeLabel('historyAction', e.action)}</Tag>
              <Typography.Text type="secondary">
                {t('history.by', { actor: e.actorName ?? t('history.system'), at: formatTime(e.at) })}
              </Typography.Text>
              <Button
                size="small"
                type="link"
                icon={<HistoryOutlined />}
                data-test="history-as-of"
                onClick={() => onAsOf(dayjs(e.at).format('YYYY-MM-DD'))}
              >
                {t('history.viewAsOf')}
              </Button>
            </div>
            {Array.isArray(e.changes) && e.changes.length > 0 ? <ChangeList changes={e.changes} /> : null}
          </div>
        ),
      }))}
    />
  )
}
