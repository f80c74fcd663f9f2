/**
 * A modal form for one edit of a household: submits, refreshes the household on success, puts server validation
 * issues on their fields, and shows a version conflict with what changed since and a reload button.
 */
import { useQueryClient } from '@tanstack/react-query'
import { Alert, App, Form, type FormInstance, Modal } from 'antd'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../../ui/PageState.tsx'
import { ConflictAlert } from './ConflictAlert.tsx'
import type { HouseholdDetail, VersionResult } from './householdsApi.ts'
import { applyServerErrors, conflictOf, issuesOf, issueText, type ServerIssue } from './serverErrors.ts'

interface EditModalProps<V> {
  open: boolean
  title: string
  household: HouseholdDetail
  /** Names of the fields in the form, for placing server issues. */
  fields: readonly string[]
  initialValues?: Partial<V>
  submit: (values: V) => Promise<VersionResult>
  onClose: () => void
  children: (form: FormInstance<V>) => ReactNode
  width?: number
  dataTest: string
}

export function EditModal<V extends object>({
  open,
  title,
  household,
  fields,
  initialValues,
  submit,
  onClose,
  children,
  width = 880,
  dataTest,
}: EditModalProps<V>) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const qc = useQueryClient()
  const [form] = Form.useForm<V>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [unmapped, setUnmapped] = useState<ServerIssue[]>([])
  const conflict = conflictOf(error)

  const refresh = () => qc.invalidateQueries({ queryKey: ['households'] })

  const onFinish = async (values: V) => {
    setBusy(true)
    setError(null)
    setUnmapped([])
    try {
      const res = await submit(values)
      message.success(t('memberForm.saved', { version: res.version }))
      await refresh()
      onClose()
    } catch (e) {
      setError(e)
      setUnmapped(applyServerErrors(form, e, fields))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      width={width}
      onCancel={onClose}
      okText={t('memberForm.save')}
      cancelText={t('memberForm.cancel')}
      okButtonProps={{ loading: busy, disabled: conflict !== null, 'data-test': `${dataTest}-save` }}
      onOk={() => form.submit()}
      destroyOnHidden
      styles={{ body: { maxHeight: '70vh', overflowY: 'auto', overflowX: 'hidden' } }}
    >
      <div data-test={dataTest}>
        {conflict ? (
          <ConflictAlert
            conflict={conflict}
            yourVersion={household.version}
            onReload={() => {
              void refresh()
              onClose()
            }}
          />
        ) : error ? (
          <Alert
            data-test="edit-error"
            role="alert"
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('memberForm.failed')}
            description={
              unmapped.length > 0 ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {unmapped.map((i) => (
                    <li key={`${i.field}-${i.code}`}>{issueText(i)}</li>
                  ))}
                </ul>
              ) : issuesOf(error).length > 0 ? (
                t('memberForm.fixFields')
              ) : (
                errorMessage(error, t('common.unknownError'))
              )
            }
          />
        ) : null}
        <Form<V>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={onFinish}
          scrollToFirstError
          disabled={conflict !== null}
        >
          {children(form)}
        </Form>
      </div>
    </Modal>
  )
}

/** Drops empty strings and undefined, and turns dayjs values into `YYYY-MM-DD`. */
export function cleanValues<T extends object>(values: T): Partial<T> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue
    if (typeof v === 'object' && v !== null && 'format' in v && typeof v.format === 'function') {
      out[k] = (v as { format: (f: string) => string }).format('YYYY-MM-DD')
    } else out[k] = typeof v === 'string' ? v.trim() : v
  }
  return out as Partial<T>
}
