/**
 * Masking of personal data (ID numbers, phones, bank accounts, health, birth dates) wherever it leaves the data layer
 * without a role that needs it: API responses, exports and the before/after images of audit rows.
 *
 * What a masked ID number may travel with: a resident ID is county (6) + birth date (8) + sequence (3) + check (1).
 * The masked form shows the first 3 and the last 4 (the sequence, so the sex, and the check character); the county is
 * known from the region. The birth date is therefore the whole secret: next to a masked number send an age (one year
 * of possible days, about 33 numbers once the check character is applied) or a birth year, never the date, and never
 * age and birth year together (they tell whether the birthday has passed). `presentBirth` does that.
 */
const keep = (v: string, head: number, tail: number) =>
  v.length <= head + tail
    ? '*'.repeat(v.length)
    : v.slice(0, head) + '*'.repeat(v.length - head - tail) + v.slice(-tail)

export const maskers = {
  idNumber: (v: string) => keep(v, 3, 4),
  phone: (v: string) => keep(v, 3, 4),
  bankAccount: (v: string) => keep(v, 0, 4),
  password: () => '******',
  health: () => '***',
  /** The year only: `1970-**-**`. */
  birthDate: (v: string) => (/^\d{4}/.test(v) ? `${v.slice(0, 4)}-**-**` : '****'),
} as const

export type SensitiveKind = keyof typeof maskers

/** Field names (snake or camel case) that hold sensitive data, with how to mask them. */
export const sensitiveFields: Record<string, SensitiveKind> = {
  id_number: 'idNumber',
  idNumber: 'idNumber',
  disability_cert_no: 'idNumber',
  disabilityCertNo: 'idNumber',
  phone: 'phone',
  contact_phone: 'phone',
  contactPhone: 'phone',
  bank_account: 'bankAccount',
  bankAccount: 'bankAccount',
  password: 'password',
  password_hash: 'password',
  passwordHash: 'password',
  new_password: 'password',
  newPassword: 'password',
  currentPassword: 'password',
  health: 'health',
  diagnosis: 'health',
  birth_date: 'birthDate',
  birthDate: 'birthDate',
}

/**
 * The birth fields of a person presented next to a masked ID number: the date only to a role that may reveal the
 * number (it rebuilds the number with the county), else the age alone.
 */
export function presentBirth(
  birthDate: string,
  today: string,
  reveal: boolean,
): { birthDate: string | null; age: number } {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
  return { birthDate: reveal ? birthDate : null, age }
}

/** Deep copy of `value` with every sensitive field masked. */
export function maskSensitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSensitive)
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const kind = sensitiveFields[k]
    out[k] = kind && v !== null && v !== undefined ? maskers[kind](String(v)) : maskSensitive(v)
  }
  return out
}
