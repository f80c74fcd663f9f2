/**
 * Validation of household members at the edge of the registry: ID numbers (GB 11643 checksum, date, sex), birth date
 * and sex consistent with the ID, disability certificates, one head, uniqueness among active persons. Every problem
 * names the field and says why, in Chinese and English.
 */
import { parseDisabilityCert, parseIdNumber } from '@xianjie/rules/identifiers'
import { AppError } from '../../platform/errors.ts'
import type { PersonFields } from './households.schema.ts'

export interface Issue {
  field: string
  code: string
  message: string
  messageEn: string
}

export interface NormalisedPerson {
  fields: PersonFields
  idNumber: string
  birthDate: string
  gender: number
  disabilityCategory: number | null
  disabilityLevel: number | null
}

/** Checks one person; returns the normalised values or pushes issues prefixed with `path`. */
export function normalisePerson(
  p: PersonFields,
  path: string,
  today: string,
  issues: Issue[],
): NormalisedPerson | null {
  const before = issues.length
  let idNumber = p.idNumber.trim()
  let birthDate = p.birthDate
  let gender = p.gender
  if (p.idType === 'RESIDENT_ID' || p.idType === 'HOUSEHOLD_BOOKLET') {
    const parsed = parseIdNumber(idNumber, { today })
    if (!parsed.ok) {
      for (const e of parsed.errors) {
        issues.push({ field: `${path}.idNumber`, code: e.code, message: e.message.zh, messageEn: e.message.en })
      }
    } else {
      idNumber = parsed.value.id18
      const sexCode = parsed.value.sex === 'male' ? 1 : 2
      if (birthDate && birthDate !== parsed.value.birthDate) {
        issues.push({
          field: `${path}.birthDate`,
          code: 'BIRTH_DATE_MISMATCH',
          message: `出生日期 ${birthDate} 与身份证号中的 ${parsed.value.birthDate} 不一致`,
          messageEn: `birth date ${birthDate} differs from ${parsed.value.birthDate} in the ID number`,
        })
      }
      if (gender !== undefined && gender !== sexCode && gender !== 0 && gender !== 9) {
        issues.push({
          field: `${path}.gender`,
          code: 'GENDER_MISMATCH',
          message: `性别与身份证号第17位（${sexCode === 1 ? '奇数，男' : '偶数，女'}）不一致`,
          messageEn: `sex differs from digit 17 of the ID number (${sexCode === 1 ? 'odd, male' : 'even, female'})`,
        })
      }
      birthDate = parsed.value.birthDate
      gender ??= sexCode
    }
  } else {
    if (!birthDate) {
      issues.push({
        field: `${path}.birthDate`,
        code: 'REQUIRED',
        message: '非身份证件须填写出生日期',
        messageEn: 'birth date is required for this document type',
      })
    }
    if (gender === undefined) {
      issues.push({ field: `${path}.gender`, code: 'REQUIRED', message: '须填写性别', messageEn: 'sex is required' })
    }
  }
  if (birthDate && birthDate > today) {
    issues.push({
      field: `${path}.birthDate`,
      code: 'BIRTH_DATE_IN_FUTURE',
      message: `出生日期 ${birthDate} 晚于今天`,
      messageEn: `birth date ${birthDate} is in the future`,
    })
  }
  let disabilityCategory: number | null = null
  let disabilityLevel: number | null = null
  if (p.disabilityCertNo) {
    const cert = parseDisabilityCert(p.disabilityCertNo, { today })
    if (!cert.ok) {
      for (const e of cert.errors) {
        issues.push({ field: `${path}.disabilityCertNo`, code: e.code, message: e.message.zh, messageEn: e.message.en })
      }
    } else {
      if (cert.value.idNumber !== idNumber) {
        issues.push({
          field: `${path}.disabilityCertNo`,
          code: 'CERT_ID_MISMATCH',
          message: '残疾人证号前18位应与本人身份证号一致',
          messageEn: 'the first 18 characters of the disability certificate must be the person’s ID number',
        })
      }
      disabilityCategory = cert.value.category
      disabilityLevel = cert.value.level
    }
  }
  if (issues.length > before || !birthDate || gender === undefined) return null
  return { fields: p, idNumber, birthDate, gender, disabilityCategory, disabilityLevel }
}

/** Exactly one head among the active members. */
export function checkOneHead(relations: string[], issues: Issue[], field = 'members'): void {
  const heads = relations.filter((r) => r === 'HEAD').length
  if (heads !== 1) {
    issues.push({
      field,
      code: 'ONE_HEAD',
      message: `一户须有且只有一名户主，现有 ${heads} 名`,
      messageEn: `a household needs exactly one head; found ${heads}`,
    })
  }
}

export function duplicateIdIssues(ids: Array<{ idNumber: string; path: string }>, issues: Issue[]): void {
  const seen = new Map<string, string>()
  for (const { idNumber, path } of ids) {
    const first = seen.get(idNumber)
    if (first) {
      issues.push({
        field: path,
        code: 'DUPLICATE_ID',
        message: `身份证号与 ${first} 重复`,
        messageEn: `ID number repeats ${first}`,
      })
    } else seen.set(idNumber, path)
  }
}

export function throwIfIssues(issues: Issue[]): void {
  if (issues.length === 0) return
  throw new AppError('VALIDATION_FAILED', {
    issues,
    summary: issues.map((i) => `${i.field}: ${i.message}`).join('；'),
  })
}
