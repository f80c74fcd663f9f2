/** The 409 `CONFLICT` of an edit made on an old version: what changed since, and a button to load the latest. */
import { ReloadOutlined } from '@ant-design/icons'
import { Alert, Button, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { formatTime } from '../../ui/format.ts'
import { ChangeList } from './ChangeList.tsx'
import type { ConflictDetails } from './householdsApi.ts'

export function ConflictAlert({
  conflict,
  yourVersion,
  onReload,
}: {
  conflict: ConflictDetails
  yourVersion: number
  onReload: () => void
}) {
  const { t } = useTranslation()
  const since = conflict.changedSince ?? []
  return (
    <Alert
      data-test="conflict-alert"
      role="alert"
      type="warning"
      showIcon
      title={t('conflict.title')}
      style={{ marginBottom: 16 }}
      description={
        <div>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {t('conflict.body', { yours: yourVersion, current: conflict.currentVersion ?? '?' })}
          </Typography.Paragraph>
          {since.map((s) => (
            <div key={s.version} style={{ marginBottom: 6 }}>
              <Typography.Text type="secondary">
                {t('conflict.entry', { version: s.version, by: s.by ?? t('history.system'), at: formatTime(s.at) })}
              </Typography.Text>
              <ChangeList changes={s.changes ?? []} />
            </div>
          ))}
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
            {t('conflict.hint')}
          </Typography.Paragraph>
          <Button data-test="conflict-reload" icon={<ReloadOutlined />} onClick={onReload}>
            {t('conflict.reload')}
          </Button>
        </div>
      }
    />
  )
}
