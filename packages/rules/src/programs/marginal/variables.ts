/** 低保边缘家庭 and 刚性支出困难家庭 (domain.md §6.5). */

import { input, rule } from '../define.ts'
import {
  dibaoCountedIncome,
  dibaoEligible,
  dibaoMembers,
  dibaoPerCapitaIncome,
  dibaoPropertyOk,
  marginalIncomeLimit,
} from '../dibao/variables.ts'
import { cite } from '../legal.ts'
import { tekunAnyEligible } from '../tekun/variables.ts'

const S19 = [cite('S19')]
const S19L = [cite('S19', undefined, 'LOCAL'), cite('S30')]

export const rigidExpenditure = input('rigid_expenditure', 'household', 'money', 'month', {
  zh: '刚性支出（医疗、教育、康复、灾害意外，评估期）',
  en: 'Rigid expenditure: medical, education, rehabilitation, disaster/accident (window)',
  legal: S19L,
  unit: 'fen/window',
  default: 0,
})

export const notDibaoOrTekun = rule(
  'not_dibao_or_tekun',
  'household',
  'bool',
  'month',
  { zh: '不符合低保、特困条件', en: 'Not eligible for 低保 or 特困', legal: S19 },
  (x) => x.and(x.not(x.v(dibaoEligible)), x.not(x.v(tekunAnyEligible))),
)
export const marginalEligible = rule(
  'marginal_eligible',
  'household',
  'bool',
  'month',
  { zh: '低保边缘家庭', en: '低保边缘 household', legal: [...S19, cite('S18', undefined, 'LOCAL')] },
  (x) => x.and(x.v(notDibaoOrTekun), x.lt(x.v(dibaoPerCapitaIncome), x.v(marginalIncomeLimit)), x.v(dibaoPropertyOk)),
)
export const perCapitaIncomeYear = rule(
  'rigid_per_capita_income_year',
  'household',
  'money',
  'month',
  {
    zh: '家庭年人均收入（刚性支出前）',
    en: 'Per-capita income per year before rigid expenditure',
    legal: S19L,
    unit: 'fen/person/year',
  },
  (x) =>
    x.round(
      x.div(x.mul(x.v(dibaoCountedIncome), 12), x.mul(x.v(dibaoMembers), x.p('dibao.income_months'))),
      'half_up',
      1,
    ),
)
export const perCapitaAfterRigid = rule(
  'rigid_per_capita_after',
  'household',
  'money',
  'month',
  {
    zh: '扣除刚性支出后月人均收入',
    en: 'Per-capita monthly income after rigid expenditure',
    legal: S19L,
    unit: 'fen/person/month',
  },
  (x) =>
    x.round(
      x.div(
        x.sub(x.v(dibaoCountedIncome), x.v(rigidExpenditure)),
        x.mul(x.v(dibaoMembers), x.p('dibao.income_months')),
      ),
      'half_up',
      1,
    ),
)
export const rigidHardship = rule(
  'rigid_hardship_eligible',
  'household',
  'bool',
  'month',
  { zh: '刚性支出困难家庭', en: 'Rigid-expenditure hardship household', legal: S19L },
  (x) =>
    x.and(
      x.v(notDibaoOrTekun),
      x.lt(x.v(perCapitaIncomeYear), x.p('marginal.local_disposable_income')),
      x.lt(x.v(perCapitaAfterRigid), x.v(marginalIncomeLimit)),
      x.v(dibaoPropertyOk),
    ),
)
