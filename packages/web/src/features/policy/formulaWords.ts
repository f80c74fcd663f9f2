/**
 * A formula of the policy model in words: each variable by its label (各成员的个人工资性收入 for
 * `members.person_wage`), each parameter `param(key)` by the parameter's label in 〔〕, each code constant ("ACTIVE")
 * by its meaning, functions by their names in the page's language. Operators and numbers stay as written.
 */
import type { CodeGroup } from '../../i18n/index.ts'

/** Code groups a formula's string constants come from. */
export const constantGroups: CodeGroup[] = [
  'memberStatus',
  'labourSkill',
  'health',
  'householdType',
  'monitoringStatus',
  'relation',
  'gender',
  'education',
  'schoolStatus',
  'workStatus',
  'urbanRural',
  'idType',
  'lowIncomeGroup',
  'riskType',
  'housingGrade',
]

// a Map, not an object literal: one of the words is `then`
const functions = new Map<string, { zh: string; en: string }>(
  Object.entries({
    sum: { zh: '合计', en: 'total' },
    max: { zh: '较大值', en: 'greater of' },
    min: { zh: '较小值', en: 'lesser of' },
    and: { zh: '同时满足', en: 'all of' },
    or: { zh: '满足其一', en: 'any of' },
    not: { zh: '不满足', en: 'not' },
    round: { zh: '四舍五入', en: 'rounded' },
    floor: { zh: '向下取整', en: 'rounded down' },
    ceil: { zh: '向上取整', en: 'rounded up' },
    abs: { zh: '绝对值', en: 'absolute value of' },
    any: { zh: '任一成员', en: 'any member' },
    all: { zh: '全部成员', en: 'every member' },
    count: { zh: '人数', en: 'number of' },
    if: { zh: '如果', en: 'if' },
    half_up: { zh: '', en: '' },
    up: { zh: '向上', en: 'up' },
    down: { zh: '向下', en: 'down' },
    else: { zh: '否则', en: 'else' },
    cases: { zh: '按情形', en: 'by case' },
    always: { zh: '一律', en: 'always' },
    true: { zh: '是', en: 'yes' },
    false: { zh: '否', en: 'no' },
  }),
)
functions.set('then', { zh: '则', en: 'then' })

/** Where the names come from (the model, the parameters in force, the code labels), and the page's language. */
export interface FormulaNames {
  variable(name: string): string | undefined
  parameter(key: string): string | undefined
  constant(code: string): string | undefined
  /** A labelled rule (a case of `cases(…)`). */
  rule(name: string): string | undefined
  en: boolean
}

/** The formula with names instead of identifiers; an identifier with no name is kept (it is a number or operator). */
export function formulaInWords(formula: string, names: FormulaNames): string {
  const en = names.en
  const each = en ? 'each member’s ' : '各成员的'
  return formula
    .replaceAll(
      /param\(([a-z0-9_.]+)\)/g,
      (_, key: string) => `〔${names.parameter(key) ?? (en ? 'a parameter' : '参数')}〕`,
    )
    .replaceAll(/"([A-Z0-9_]+)"/g, (_m, code: string) => `“${names.constant(code) ?? (en ? 'a code' : '代码')}”`)
    .replaceAll(/\bmembers\.([a-z][a-z0-9_]*)\b/g, (m, name: string) => {
      const label = names.variable(name)
      return label ? `${each}${label}` : m
    })
    .replaceAll(/\b([a-z][a-z0-9_]*)\b(\()?/g, (m, id: string, paren: string | undefined) => {
      if (paren) {
        const f = functions.get(id)
        return f ? `${en ? f.en : f.zh}(` : m
      }
      const named = names.variable(id) ?? names.rule(id)
      if (named) return named
      const word = functions.get(id)
      if (word) return en ? word.en : word.zh
      return m
    })
    .replaceAll(/,\s*,/g, ',')
    .replaceAll(/\(\s*,/g, '(')
}
