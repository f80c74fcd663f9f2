/** 临时救助 (domain.md §6.7): per-case caps, the 2026 小额快救 fast track. */

import { defineVariable } from '../../engine/model.ts'
import { input } from '../define.ts'
import { dibaoStandard } from '../dibao/variables.ts'
import { assumption, cite } from '../legal.ts'

const S29 = [cite('S29')]
const S29L = [cite('S29', 'Anhui city 2025', 'LOCAL')]
const FAST = [cite('S29', '民政部/财政部 2026: 小额快救')]
const FAST_FROM = '2026-01-29' as const
const UP_YUAN = [assumption('Caps are rounded down to the whole yuan so that they are never exceeded.')]

/** 救助类型. */
export const RELIEF_TYPE = { enum: ['NONE', 'URGENT', 'EXPENDITURE'] } as const

export const reliefType = input('temp_relief_type', 'household', RELIEF_TYPE, 'month', {
  zh: '临时救助类型',
  en: 'Temporary relief type',
  legal: S29,
  default: 'NONE',
})
export const fastTrack = input('temp_fast_track', 'household', 'bool', 'month', {
  zh: '申请小额快救',
  en: 'Fast track (小额快救) requested',
  legal: FAST,
  default: false,
})
export const requested = input('temp_relief_requested', 'household', 'money', 'month', {
  zh: '拟救助金额',
  en: 'Amount proposed',
  legal: S29,
  default: 0,
})

/** True when the fast track applies: urgent cases from 2026-01-29. */
export const fastTrackApplies = defineVariable({
  name: 'temp_fast_track_applies',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  label: { zh: '适用小额快救', en: 'Fast track applies' },
  legal: FAST,
  default: false,
  versions: [
    {
      from: FAST_FROM,
      legal: FAST,
      formula: (x) => x.and(x.v(fastTrack), x.is(x.v(reliefType), 'URGENT')),
    },
  ],
})
export const tempReliefCap = defineVariable({
  name: 'temp_relief_cap',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  unit: 'fen/case',
  label: { zh: '临时救助单次上限', en: 'Temporary relief cap per case' },
  legal: [...S29, ...S29L],
  versions: [
    {
      from: '2021-01-01',
      to: FAST_FROM,
      legal: S29L,
      formula: (x) => x.round(x.mul(x.v(dibaoStandard), x.p('temp_relief.max_mult')), 'down', 100, UP_YUAN),
    },
    {
      from: FAST_FROM,
      legal: [...S29L, ...FAST],
      formula: (x) =>
        x.cases(
          'case_cap',
          {
            value: x.round(x.mul(x.v(dibaoStandard), x.p('temp_relief.max_mult')), 'down', 100, UP_YUAN),
            legal: S29L,
          },
          [
            {
              label: 'fast_track_top_tier',
              when: x.v(fastTrackApplies),
              value: x.round(x.mul(x.v(dibaoStandard), x.p('temp_relief.fast_max_mult')), 'down', 100, UP_YUAN),
              legal: FAST,
            },
          ],
        ),
    },
  ],
})
export const tempReliefAmount = defineVariable({
  name: 'temp_relief_amount',
  entity: 'household',
  valueType: 'money',
  period: 'month',
  unit: 'fen/case',
  label: { zh: '临时救助金额（不超过上限）', en: 'Temporary relief amount (capped)' },
  legal: S29,
  versions: [
    {
      from: '2021-01-01',
      legal: S29,
      formula: (x) =>
        x.where(x.is(x.v(reliefType), 'NONE'), x.c(0, 'money'), x.max(x.min(x.v(requested), x.v(tempReliefCap)), 0)),
    },
  ],
})
export const economicCheckRequired = defineVariable({
  name: 'temp_economic_check_required',
  entity: 'household',
  valueType: 'bool',
  period: 'month',
  label: { zh: '需核对家庭经济状况', en: 'Household economic check required' },
  legal: S29,
  versions: [
    {
      from: '2021-01-01',
      legal: [...S29, ...FAST],
      formula: (x) => x.and(x.not(x.is(x.v(reliefType), 'NONE')), x.not(x.v(fastTrackApplies))),
    },
  ],
})
export const maxDays = defineVariable({
  name: 'temp_relief_max_days',
  entity: 'household',
  valueType: 'int',
  period: 'month',
  label: { zh: '小额快救办理时限（天，0 = 无）', en: 'Fast-track handling limit in days (0 = none)' },
  legal: FAST,
  default: 0,
  versions: [
    {
      from: FAST_FROM,
      legal: FAST,
      formula: (x) => x.where(x.v(fastTrackApplies), x.p<'int'>('temp_relief.fast_max_days'), x.c(0, 'int')),
    },
  ],
})
