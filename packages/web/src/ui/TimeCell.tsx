/** A time in a table cell: date over clock time, so time columns stay narrow. */
import { formatTimeParts } from './format.ts'

export function TimeCell({ iso }: { iso: string | null | undefined }) {
  const parts = formatTimeParts(iso)
  if (!parts) return <span>—</span>
  return (
    <time dateTime={iso ?? undefined} style={{ display: 'inline-block', lineHeight: 1.35, whiteSpace: 'nowrap' }}>
      {parts[0]}
      <br />
      <span style={{ opacity: 0.65, fontSize: 12 }}>{parts[1]}</span>
    </time>
  )
}
