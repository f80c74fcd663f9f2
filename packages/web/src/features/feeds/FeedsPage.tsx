/** `/feeds`: department data providers see each source with its freshness, download templates and upload files. */
import { CloudUploadOutlined, DatabaseOutlined, DownloadOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Progress, Space, Table, type TableColumnsType, Tag, Typography, Upload } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { InlineError } from '../../ui/PageState.tsx'
import {
  bi,
  type FeedBatch,
  type FeedIssue,
  type FeedSource,
  type Unmatched,
  uploadFeed,
  useFeedBatch,
  useFeedSources,
  useUnmatched,
} from './feedsApi.ts'

export default function FeedsPage() {
  const { t, i18n } = useTranslation()
  const en = i18n.language.startsWith('en')
  const qc = useQueryClient()
  const sources = useFeedSources()
  const unmatched = useUnmatched()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [batchId, setBatchId] = useState<string | null>(null)
  const batch = useFeedBatch(batchId)
  const report: FeedBatch | undefined = batch.data

  const upload = async (source: string, file: File) => {
    setBusy(source)
    setError(null)
    try {
      const b = await uploadFeed(source, file)
      qc.setQueryData(['feeds', 'batch', b.id], b)
      setBatchId(b.id)
      await qc.invalidateQueries({ queryKey: ['feeds', 'sources'] })
      await qc.invalidateQueries({ queryKey: ['feeds', 'unmatched'] })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }

  const columns: TableColumnsType<FeedSource> = [
    {
      title: t('feeds.source'),
      key: 'title',
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{bi(s.title)}</Typography.Text>
          <Typography.Text type="secondary">{bi(s.dept)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('feeds.lastDataDate'),
      key: 'last',
      render: (_, s) =>
        s.freshness.lastDataDate ?? <Typography.Text type="secondary">{t('feeds.never')}</Typography.Text>,
    },
    { title: t('feeds.rows'), key: 'rows', align: 'right', render: (_, s) => s.freshness.rows.toLocaleString() },
    {
      title: t('feeds.matchRate'),
      key: 'rate',
      render: (_, s) =>
        s.freshness.matchRate === null ? (
          '—'
        ) : (
          <Progress percent={Math.round(s.freshness.matchRate * 1000) / 10} size="small" style={{ width: 120 }} />
        ),
    },
    {
      title: '',
      key: 'actions',
      render: (_, s) => (
        <Space wrap>
          <Button
            size="small"
            icon={<DownloadOutlined />}
            href={`/api/feeds/${s.key}/template.xlsx`}
            data-test={`feed-template-${s.key}`}
          >
            {t('feeds.template')}
          </Button>
          <Button size="small" type="link" href={`/api/feeds/${s.key}/template.csv`}>
            {t('feeds.templateCsv')}
          </Button>
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(s.key, file)
              return false
            }}
          >
            <Button
              size="small"
              type="primary"
              icon={<CloudUploadOutlined />}
              loading={busy === s.key}
              data-test={`feed-upload-${s.key}`}
            >
              {t('feeds.upload')}
            </Button>
          </Upload>
        </Space>
      ),
    },
  ]
  const issueColumns: TableColumnsType<FeedIssue> = [
    { title: t('feeds.row'), dataIndex: 'row', width: 70 },
    { title: t('feeds.column'), dataIndex: 'column', render: (v: string | null) => v ?? '—' },
    { title: t('feeds.value'), dataIndex: 'value', render: (v: string | null) => v ?? '—' },
    { title: t('feeds.reason'), key: 'm', render: (_, i) => (en ? i.messageEn : i.message) },
  ]
  const unmatchedColumns: TableColumnsType<Unmatched> = [
    {
      title: t('feeds.source'),
      dataIndex: 'source',
      render: (v: string) => bi(sources.data?.find((s) => s.key === v)?.title) || v,
    },
    { title: t('feeds.idNumber'), dataIndex: 'idNumber' },
    { title: t('feeds.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
    { title: t('feeds.dataDate'), dataIndex: 'dataDate' },
    { title: t('feeds.reason'), key: 'm', render: (_, u) => <Tag color="orange">{en ? u.messageEn : u.message}</Tag> },
  ]
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <DatabaseOutlined /> {t('feeds.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('feeds.hint')}
      </Typography.Paragraph>
      {error ? <InlineError error={error} /> : null}
      {report ? (
        <Card data-test="feed-report">
          {report.status === 'accepted' ? (
            <Alert
              type="success"
              showIcon
              title={t('feeds.accepted', {
                matched: report.matchedRows,
                unmatched: report.unmatchedRows,
                skipped: report.skippedRows,
              })}
              description={report.screening ? t('feeds.screening', { n: report.screening.households }) : undefined}
            />
          ) : (
            <>
              <Alert
                type="error"
                showIcon
                title={t('feeds.rejected', { n: report.issues.length })}
                style={{ marginBottom: 12 }}
              />
              <Table<FeedIssue>
                rowKey={(r) => `${r.row}-${r.code}-${r.column}`}
                size="small"
                columns={issueColumns}
                dataSource={report.issues}
                pagination={{ pageSize: 20 }}
              />
            </>
          )}
        </Card>
      ) : null}
      <Card>
        {sources.error ? (
          <InlineError error={sources.error} onRetry={() => void sources.refetch()} />
        ) : (
          <Table<FeedSource>
            data-test="feed-sources"
            rowKey="key"
            size="middle"
            loading={sources.isFetching}
            columns={columns}
            dataSource={sources.data ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
      <Card
        title={t('feeds.unmatched')}
        extra={<Typography.Text type="secondary">{t('feeds.unmatchedHint')}</Typography.Text>}
      >
        <Table<Unmatched>
          data-test="feed-unmatched"
          rowKey="id"
          size="small"
          columns={unmatchedColumns}
          dataSource={unmatched.data ?? []}
          loading={unmatched.isFetching}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Space>
  )
}
