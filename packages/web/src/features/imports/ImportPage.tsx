/**
 * `/imports`: bulk import of households. Download the template, upload an xlsx/csv (with progress), read the
 * validation report by row and column (and download it as .xlsx), choose "all or nothing" or "only the valid rows",
 * follow the commit job, and see what was created.
 */
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined, TeamOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Progress,
  Radio,
  Result,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd'
import { type HTMLAttributes, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { currentLanguage } from '../../i18n/index.ts'
import { errorMessage, InlineError } from '../../ui/PageState.tsx'
import { isActive, useJob } from '../jobs/jobsApi.ts'
import {
  type CommitMode,
  commitImport,
  type ImportIssue,
  type ImportReport,
  importUrls,
  maxUploadMb,
  type Severity,
  uploadImport,
  useImportReport,
} from './importsApi.ts'

const severityColor: Record<Severity, string> = { error: 'red', warning: 'gold', info: 'blue' }

function IssuesTable({ issues }: { issues: ImportIssue[] }) {
  const { t } = useTranslation()
  const en = currentLanguage() === 'en-US'
  const [onlyErrors, setOnlyErrors] = useState(false)
  const shown = onlyErrors ? issues.filter((i) => i.severity === 'error') : issues
  const columns: TableColumnsType<ImportIssue> = [
    { title: t('imports.sheet'), dataIndex: 'sheet', width: 100 },
    { title: t('imports.row'), dataIndex: 'row', width: 70 },
    { title: t('imports.column'), dataIndex: 'column', width: 130, render: (c: string | null) => c ?? '—' },
    {
      title: t('imports.severity'),
      dataIndex: 'severity',
      width: 90,
      render: (v: Severity) => <Tag color={severityColor[v]}>{t(`imports.severityLabels.${v}`)}</Tag>,
    },
    {
      title: t('imports.value'),
      dataIndex: 'value',
      width: 180,
      responsive: ['md'],
      render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
    },
    {
      title: t('imports.reason'),
      key: 'reason',
      render: (_: unknown, i) => (en ? i.messageEn : i.message),
    },
  ]
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space>
        <Switch size="small" checked={onlyErrors} onChange={setOnlyErrors} data-test="import-only-errors" />
        <Typography.Text>{t('imports.onlyErrors')}</Typography.Text>
      </Space>
      <Table<ImportIssue>
        data-test="import-issues"
        size="small"
        rowKey={(i) => `${i.sheet}-${i.row}-${i.column}-${i.code}-${i.message}`}
        columns={columns}
        dataSource={shown}
        scroll={{ x: 960 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: t('imports.noIssues') }}
        onRow={(i) =>
          ({
            'data-test': 'import-issue',
            'data-row': i.row,
            'data-sheet': i.sheet,
            'data-code': i.code,
            'data-severity': i.severity,
          }) as HTMLAttributes<HTMLElement>
        }
      />
    </Space>
  )
}

function CommitPanel({ report, onDone }: { report: ImportReport; onDone: () => void }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const [mode, setMode] = useState<CommitMode>(report.invalidRows > 0 ? 'valid' : 'all')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const committing = report.status === 'committing'
  // The batch carries the id of the job working on it, so the progress survives a reload of the page.
  const job = useJob(committing || busy ? report.jobId : null)
  const running = busy || committing

  useEffect(() => {
    if (job.data && !isActive(job.data)) {
      void qc.invalidateQueries({ queryKey: ['imports', report.id] })
      void qc.invalidateQueries({ queryKey: ['households'] })
    }
  }, [job.data, qc, report.id])

  if (report.status === 'committed') {
    const r = report.result
    return (
      <Result
        data-test="import-result"
        data-created={r?.created ?? 0}
        status="success"
        title={t('imports.commitDone', {
          created: r?.created ?? 0,
          updated: r?.updated ?? 0,
          skipped: r?.skipped ?? 0,
        })}
        subTitle={r?.invalidRows ? t('imports.invalidNotCommitted', { invalid: r.invalidRows }) : undefined}
        extra={[
          <Button
            key="list"
            type="primary"
            icon={<TeamOutlined />}
            onClick={() => navigate('/households')}
            data-test="import-view-list"
          >
            {t('imports.viewList')}
          </Button>,
          <Button key="again" onClick={onDone} data-test="import-again">
            {t('imports.again')}
          </Button>,
        ]}
      />
    )
  }

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text strong>{t('imports.commitMode')}</Typography.Text>
      <Radio.Group
        data-test="import-mode"
        value={mode}
        onChange={(e) => setMode(e.target.value as CommitMode)}
        disabled={running}
        options={[
          { value: 'all', label: <span data-test="import-mode-all">{t('imports.commitAll')}</span> },
          { value: 'valid', label: <span data-test="import-mode-valid">{t('imports.commitValid')}</span> },
        ]}
        style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
      />
      {mode === 'all' && report.invalidRows > 0 ? (
        <Alert type="warning" showIcon title={t('imports.allBlocked')} data-test="import-all-blocked" />
      ) : null}
      {error ? <InlineError error={error} title={t('imports.commitFailed')} /> : null}
      {!running && report.error ? (
        <Alert
          type="error"
          showIcon
          title={t('imports.commitFailed')}
          description={report.error}
          data-test="import-commit-error"
        />
      ) : null}
      {committing ? (
        <div data-test="import-commit-progress">
          <Progress percent={Math.round((job.data?.progress ?? 0) * 100)} status="active" />
          {job.data?.progressMessage ? (
            <Typography.Text type="secondary">{job.data.progressMessage}</Typography.Text>
          ) : null}
        </div>
      ) : null}
      <div>
        <Button
          type="primary"
          data-test="import-commit"
          loading={running}
          disabled={report.validHouseholds === 0 || (mode === 'all' && report.invalidRows > 0)}
          onClick={async () => {
            setBusy(true)
            setError(null)
            try {
              await commitImport(report.id, mode)
              await qc.invalidateQueries({ queryKey: ['imports', report.id] })
            } catch (e) {
              setError(e)
            } finally {
              setBusy(false)
            }
          }}
        >
          {running ? t('imports.committing') : t('imports.commit')}
        </Button>
      </div>
    </Space>
  )
}

function ValidationProgress({ jobId }: { jobId: string | null }) {
  const { t } = useTranslation()
  const job = useJob(jobId)
  const percent = Math.round((job.data?.progress ?? 0) * 100)
  return (
    <Card data-test="import-validating">
      <Progress percent={percent} status="active" />
      <Typography.Text type="secondary">
        {job.data?.progressMessage
          ? t('imports.validatingStep', { message: job.data.progressMessage })
          : t('imports.validating')}
      </Typography.Text>
    </Card>
  )
}

export default function ImportPage() {
  const { t } = useTranslation()
  const [importId, setImportId] = useState<string | null>(null)
  const [percent, setPercent] = useState<number | null>(null)
  const [uploadError, setUploadError] = useState<unknown>(null)
  const report = useImportReport(importId)
  const r = report.data
  const validating = r ? r.status === 'uploaded' || r.status === 'validating' : false

  const reset = () => {
    setImportId(null)
    setPercent(null)
    setUploadError(null)
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <CloudUploadOutlined /> {t('imports.title')}
      </Typography.Title>
      <Card>
        <Typography.Paragraph>{t('imports.intro')}</Typography.Paragraph>
        <Button icon={<DownloadOutlined />} href={importUrls.template} download data-test="import-template">
          {t('imports.template')}
        </Button>
      </Card>
      {!importId ? (
        <Card>
          <div data-test="import-upload">
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple
              showUploadList={false}
              disabled={percent !== null && percent < 100 && !uploadError}
              beforeUpload={(file, fileList) => {
                // Several files chosen together (the household and member csv files) are one batch.
                if (file !== fileList[0]) return false
                setUploadError(null)
                setPercent(0)
                uploadImport(fileList, setPercent)
                  .then((created) => setImportId(created.id))
                  .catch((e: unknown) => {
                    setUploadError(e)
                    setPercent(null)
                  })
                return false
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('imports.dragHint')}</p>
              <p className="ant-upload-hint">{t('imports.formats', { mb: maxUploadMb })}</p>
            </Upload.Dragger>
          </div>
          {percent !== null ? (
            <div data-test="import-upload-progress" style={{ marginTop: 12 }}>
              <Progress percent={percent} status={percent < 100 ? 'active' : 'success'} />
              <Typography.Text type="secondary">
                {percent < 100 ? t('imports.uploading', { percent }) : t('imports.validating')}
              </Typography.Text>
            </div>
          ) : null}
          {uploadError ? (
            <Alert
              style={{ marginTop: 12 }}
              data-test="import-upload-error"
              type="error"
              showIcon
              title={t('imports.uploadFailed')}
              description={errorMessage(uploadError, t('common.unknownError'))}
            />
          ) : null}
        </Card>
      ) : report.error ? (
        <InlineError error={report.error} onRetry={() => void report.refetch()} />
      ) : !r || validating ? (
        <ValidationProgress jobId={r?.jobId ?? null} />
      ) : r.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          data-test="import-validation-failed"
          title={t('imports.uploadFailed')}
          description={r.error ?? ''}
          action={<Button onClick={reset}>{t('imports.again')}</Button>}
        />
      ) : (
        <Card
          title={t('imports.report')}
          data-test="import-report"
          extra={
            <Button
              icon={<DownloadOutlined />}
              href={importUrls.report(r.id)}
              download
              data-test="import-report-download"
            >
              {t('imports.downloadReport')}
            </Button>
          }
        >
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Alert
              data-test="import-summary"
              data-valid={r.validRows}
              data-invalid={r.invalidRows}
              type={r.invalidRows > 0 ? 'warning' : 'success'}
              showIcon
              title={
                r.invalidRows > 0
                  ? t('imports.summary', { total: r.totalRows, valid: r.validRows, invalid: r.invalidRows })
                  : t('imports.allValid', { total: r.totalRows })
              }
              description={r.fileName}
            />
            {r.issues.length > 0 ? <IssuesTable issues={r.issues} /> : null}
            <CommitPanel report={r} onDone={reset} />
          </Space>
        </Card>
      )}
    </Space>
  )
}
