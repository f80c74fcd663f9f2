/**
 * Policy caps on money (issue 17, finding 2): an amount a person enters — a roster adjustment, a special grant — is
 * refused above the cap the parameter catalogue sets for the place and day (`roster.adjustment_max`,
 * `special_grant.max` by grant type), with the cap in 元 and its parameter named in the error. The schema-level
 * `Fen` range (platform/schema.ts) only keeps garbage out; these are the policy numbers.
 */
import { AppError } from '../../platform/errors.ts'
import { parametersAt } from '../policy/parameters.service.ts'

export interface MoneyCap {
  /** Fen (the catalogue resolves money in fen). */
  cap: number
  parameter: string
  citations: string[]
}

/** The cap `parameter` (cell `cell` of its breakdown, if any) for `region` (12 digits) on `date`. */
export function moneyCap(parameter: string, region: string, date: string, cell?: Record<string, string>): MoneyCap {
  const v = parametersAt(date).get(parameter, cell, region)
  return {
    cap: v.value as number,
    parameter,
    citations: [...new Set(v.legal.map((l) => `${l.id}${l.status ? ` [${l.status}]` : ''}`))],
  }
}

const yuan = (fen: number) => (fen / 100).toFixed(2).replace(/\.00$/, '')

/** Throws AMOUNT_OVER_CAP when |amount| (fen) is above the cap; `what` names the amount in zh and en. */
export function assertWithinCap(amount: number, cap: MoneyCap, what: { zh: string; en: string }): void {
  if (Math.abs(amount) <= cap.cap) return
  throw new AppError('AMOUNT_OVER_CAP', {
    what: what.zh,
    whatEn: what.en,
    amountYuan: yuan(Math.abs(amount)),
    capYuan: yuan(cap.cap),
    cap: cap.cap,
    parameter: cap.parameter,
    citations: cap.citations,
  })
}
