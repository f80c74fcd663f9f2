/**
 * The frame of every page officials print and file: an A4 sheet (the `@page` rule and the print styles are in
 * `app/global.css`), a print button that never reaches paper, and the signature block (制表人 / 审核人 / 审批人 with
 * dates) that rosters and lists carry.
 */
import { PrinterOutlined } from '@ant-design/icons'
import { Button, Space } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export function PrintSheet({ test, children }: { test: string; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div className="print-page" data-test={test}>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-test="print-button">
          {t('paper.print')}
        </Button>
      </Space>
      {children}
    </div>
  )
}

/** Signature lines with a date each, in the order the paper is signed. */
export function SignatureLines({ roles = ['preparer', 'reviewer', 'approver'] as const }) {
  const { t } = useTranslation()
  return (
    <div className="print-signatures" data-test="signature-lines">
      {roles.map((r) => (
        <div key={r}>
          {t(`paper.signature.${r}`)}：<span className="print-line" /> {t('paper.signature.date')}：
          <span className="print-line short" />
        </div>
      ))}
    </div>
  )
}

/** A bordered table cell style shared by the printed tables. */
export const cell = { border: '1px solid #666', padding: '4px 8px' } as const
