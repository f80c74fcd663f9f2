/** 城乡居保代缴 (domain.md §6.8): premium at the lowest tier paid on behalf of payment-difficulty groups. */
import { age, isActive, schoolStatus, severeDisability } from '../common/variables.ts'
import { input, rule } from '../define.ts'
import { dibaoRecipient } from '../dibao/variables.ts'
import { assumption, cite } from '../legal.ts'
import { tekunRecipient } from '../tekun/variables.ts'

const S0 = [cite('S0')]
const S31 = [cite('S31', undefined, 'LOCAL')]
const GROUP_LEGAL = [...S0, ...S31, cite('S31', '同一自然年度内有过困难身份经历', 'LOCAL')]

export const residentPensionInsured = input('resident_pension_insured', 'person', 'bool', 'month', {
  zh: '参加城乡居民养老保险',
  en: 'Insured in the resident pension scheme',
  legal: [cite('S8')],
  default: false,
})
export const employeePension = input('employee_pension', 'person', 'bool', 'month', {
  zh: '参加职工养老保险',
  en: 'In the employee pension scheme',
  legal: [cite('S8')],
  default: false,
})
export const monitoringTarget = input('monitoring_target', 'household', 'bool', 'month', {
  zh: '本年度曾为监测对象',
  en: 'A monitoring target at some time this year',
  legal: S31,
  default: false,
})
export const returnedToPoverty = input('returned_to_poverty', 'household', 'bool', 'month', {
  zh: '返贫致贫人口',
  en: 'Returned to (or fell into) poverty',
  legal: S0,
  default: false,
})

export const daijiaoEligiblePerson = rule(
  'pension_daijiao_person',
  'person',
  'bool',
  'month',
  {
    zh: '可代缴的参保人（16–59 岁，非在校生，未参加职工养老）',
    en: 'Insured contributor who may be paid for (age range, not a student, not in the employee scheme)',
    legal: [cite('MEM', '国发〔2014〕8号'), assumption('domain.md §6.8 age 16–59.')],
  },
  (x) =>
    x.and(
      x.v(isActive),
      x.v(residentPensionInsured),
      x.not(x.v(employeePension)),
      x.is(x.v(schoolStatus), 'NOT_IN_SCHOOL'),
      x.ge(x.v(age), x.p('pension.insured_age_min')),
      x.le(x.v(age), x.p('pension.insured_age_max')),
    ),
)
export const daijiaoRate = rule(
  'pension_daijiao_rate',
  'person',
  'number',
  'month',
  {
    zh: '代缴比例（取所属困难群体中最高者）',
    en: 'Share paid by government (highest of the person’s groups; no double benefit)',
    legal: GROUP_LEGAL,
  },
  (x) => {
    const rate = (group: string, member: Parameters<typeof x.where>[0]) =>
      // the rate of a group the person is not in is not needed: unset there (outside 44 / 62) it reads as undefined
      x.where(member, x.p('pension.daijiao_rate', { group }, { fallback: Number.NaN }), 0)
    return x.where(
      x.v(daijiaoEligiblePerson),
      x.max(
        rate('DIBAO', x.household(dibaoRecipient)),
        rate('TEKUN', x.v(tekunRecipient)),
        rate('RETURNED_TO_POVERTY', x.household(returnedToPoverty)),
        rate('MONITORING_TARGET', x.household(monitoringTarget)),
        rate('SEVERE_DISABILITY', x.v(severeDisability)),
      ),
      0,
    )
  },
)
export const daijiaoAmount = rule(
  'pension_daijiao_amount',
  'person',
  'money',
  'month',
  {
    zh: '政府代缴金额（元/年）',
    en: 'Premium paid on behalf per year',
    legal: [...GROUP_LEGAL, cite('MEM', '国发〔2014〕8号 lowest tier')],
    unit: 'fen/year',
  },
  (x) =>
    x.round(x.mul(x.p('pension.min_tier'), x.v(daijiaoRate)), 'half_up', 1, [
      assumption('Rounded half up to the fen.'),
    ]),
)
export const daijiaoHousehold = rule(
  'pension_daijiao_total',
  'household',
  'money',
  'month',
  {
    zh: '家庭代缴合计（元/年）',
    en: 'Premiums paid on behalf for the household per year',
    legal: GROUP_LEGAL,
    unit: 'fen/year',
  },
  (x) => x.sum(daijiaoAmount),
)
