/**
 * Turning the API's answers to an edit into form feedback: `VALIDATION_FAILED` issues go onto the field they name
 * (`person.idNumber`, `members[1].idNumber`, `body.phone`), in the UI language; what names no field of the form stays
 * for an alert. Also the client-side rules that mirror the server's (GB 11643 ID numbers, phone format).
 */
import { parseIdNumber } from '@xianjie/rules/identifiers'
import type { FormInstance } from 'antd'
import type { Rule } from 'antd/es/form'
import dayjs from 'dayjs'
import { ApiError } from '../../app/api.ts'
import i18n, { currentLanguage } from '../../i18n/index.ts'
import type { ConflictDetails } from './householdsApi.ts'

/** One problem in `error.details.issues` of a `VALIDATION_FAILED` answer. */
export interface ServerIssue {
  field: string
  code?: string
  message: string
  messageEn?: string
}

export function issuesOf(error: unknown): ServerIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return []
  const issues = error.details.issues
  return Array.isArray(issues) ? (issues as ServerIssue[]) : []
}

/** The issue's message in the UI language (route-level issues only have one, in English). */
export function issueText(issue: ServerIssue): string {
  return currentLanguage() === 'en-US' ? (issue.messageEn ?? issue.message) : issue.message
}

export function conflictOf(error: unknown): ConflictDetails | null {
  return error instanceof ApiError && error.code === 'CONFLICT' ? (error.details as ConflictDetails) : null
}

/** `body.members[1].idNumber` → `['members', 1, 'idNumber']`, after dropping the given leading segments. */
export function namePath(field: string, strip: readonly string[]): Array<string | number> {
  const parts: Array<string | number> = []
  for (const seg of field.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(seg)
    if (!m) {
      parts.push(seg)
      continue
    }
    if (m[1]) parts.push(m[1])
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]))
  }
  while (parts.length > 0 && typeof parts[0] === 'string' && strip.includes(parts[0])) parts.shift()
  return parts
}

/**
 * Puts the issues of `error` on the form's fields; returns the issues that name no field of `fields` (matched on the
 * last name in the path), for a general alert.
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  fields: readonly string[],
  strip: readonly string[] = ['body', 'person'],
): ServerIssue[] {
  const unmapped: ServerIssue[] = []
  const byPath = new Map<string, { name: Array<string | number>; errors: string[] }>()
  for (const issue of issuesOf(error)) {
    const name = namePath(issue.field, strip)
    const last = [...name].reverse().find((p) => typeof p === 'string')
    if (name.length === 0 || typeof last !== 'string' || !fields.includes(last)) {
      unmapped.push(issue)
      continue
    }
    const key = JSON.stringify(name)
    const entry = byPath.get(key) ?? { name, errors: [] }
    entry.errors.push(issueText(issue))
    byPath.set(key, entry)
  }
  form.setFields([...byPath.values()])
  if (byPath.size > 0) form.scrollToField([...byPath.values()][0]?.name ?? [])
  return unmapped
}

const idTypesWithChecksum = new Set(['RESIDENT_ID', 'HOUSEHOLD_BOOKLET'])

/**
 * GB 11643 check of an ID number (length, region, birth date, check digit) with the rules package's messages, for the
 * document types that carry one. `idType` reads the form's current type; empty values pass (use `required` for that).
 */
export function idNumberRule(idType: () => string | undefined): Rule {
  return {
    validator: async (_, value: string | undefined) => {
      if (!value?.trim() || !idTypesWithChecksum.has(idType() ?? 'RESIDENT_ID')) return
      const parsed = parseIdNumber(value, { today: dayjs().format('YYYY-MM-DD') })
      if (parsed.ok) return
      const lang = currentLanguage()
      throw new Error(parsed.errors.map((e) => (lang === 'en-US' ? e.message.en : e.message.zh)).join('；'))
    },
  }
}

/** A mobile (11 digits) or a landline with area code, as the server accepts. */
export const phonePattern = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/

export function phoneRule(): Rule {
  return { pattern: phonePattern, message: i18n.t('memberForm.phoneInvalid') }
}
