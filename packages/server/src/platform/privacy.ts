/**
 * Masking of personal data (ID numbers, phones, bank accounts, health) wherever it leaves the data layer without a
 * role that needs it: API responses, exports and the before/after images of audit rows.
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
