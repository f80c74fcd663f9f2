import { describe, expect, test } from 'vitest'
import { formulaInWords } from './formulaWords.ts'

const names = {
  variable: (n: string) =>
    ({ person_wage: '个人工资性收入', wage_migrant: '务工收入', is_active: '在册成员', member_status: '成员状态' })[n],
  parameter: (k: string) => ({ 'monitoring.income_period_months': '收入计算期（月）' })[k],
  constant: (c: string) => ({ ACTIVE: '正常' })[c],
  rule: (r: string) => ({ differential: '补差发放', single_person_minimum: '单人户保底' })[r],
  en: false,
}

describe('formulas in words', () => {
  test('variables, members, parameters, constants and functions by name', () => {
    expect(formulaInWords('sum(members.person_wage)', names)).toBe('合计(各成员的个人工资性收入)')
    expect(formulaInWords('member_status = "ACTIVE"', names)).toBe('成员状态 = “正常”')
    expect(formulaInWords('max(wage_migrant × 12, param(monitoring.income_period_months))', names)).toBe(
      '较大值(务工收入 × 12, 〔收入计算期（月）〕)',
    )
    expect(formulaInWords('round(wage_migrant, half_up, 1)', names)).toBe('四舍五入(务工收入, 1)')
    expect(
      formulaInWords('if is_active then cases differential [differential, single_person_minimum] else 0', names),
    ).toBe('如果 在册成员 则 按情形 补差发放 [补差发放, 单人户保底] 否则 0')
  })
})
