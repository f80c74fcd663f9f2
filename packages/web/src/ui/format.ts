/** Display formats for times, money and JSON, in one place so every table agrees. */
import dayjs from 'dayjs'

/** `2026-03-01 14:05:09` in the browser's time zone, or an em dash. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = dayjs(iso)
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso
}

/** Date over time, for narrow table cells. */
export function formatTimeParts(iso: string | null | undefined): [string, string] | null {
  if (!iso) return null
  const d = dayjs(iso)
  return d.isValid() ? [d.format('YYYY-MM-DD'), d.format('HH:mm:ss')] : [iso, '']
}

/** Pretty JSON for before/after payloads and job results. */
export function formatJson(value: unknown): string {
  if (value === undefined) return ''
  return JSON.stringify(value, null, 2)
}

/** One-line JSON for table cells. */
export function compactJson(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Fen (integer) to a yuan string with two decimals and thousands separators: 123456 → "1,234.56". */
export function yuan(fen: number): string {
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}
