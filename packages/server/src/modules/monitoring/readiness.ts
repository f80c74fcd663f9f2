/**
 * Risk-elimination readiness (domain.md §6.3) judged by the rules engine: the household's month-by-month income
 * history, its members and the case facts go in; `elimination_ready` comes out with a full trace, turned into a list
 * of conditions (met or not) with the parameter values and citations the engine read.
 */
import { flattenTrace, type ParamRead } from '@xianjie/rules'
import type { Kysely, Transaction } from 'kysely'
import { sql } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import { type ExplainedParam, explainParam } from '../policy/explain.ts'
import { householdEngineInput, policyModel } from '../policy/household-input.ts'
import { parametersAt } from '../policy/parameters.service.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface CaseFacts {
  /** ASSISTED (帮扶消除) or NATURAL (自然消除). */
  method?: 'ASSISTED' | 'NATURAL'
  /** All identified risks resolved and no new risk (cadre's finding). */
  risksResolved?: boolean
  /** Rigid spending still uncontrollable. */
  rigidSpendingUncontrolled?: boolean
}

export interface Condition {
  code: string
  met: boolean
  zh: string
  en: string
  params: ExplainedParam[]
}

export interface Readiness {
  ready: boolean
  period: string
  identifiedMonth: number
  /** Engine outputs (money in fen per person per year). */
  outputs: Record<string, unknown>
  /** The rule case that decided (`no_labour_capacity` or `elimination_criteria`). */
  rule?: string
  conditions: Condition[]
  modelVersion: string
  paramDigest: string
}

const OUTPUTS = [
  'elimination_ready',
  'per_capita_net',
  'monitoring_threshold',
  'above_threshold',
  'income_stable_months',
  'guarantees_ok',
  'whole_household_no_labour',
  'elimination_gap_ok',
  'months_since_identification',
] as const

const yuan = (fen: unknown) => (Number(fen) / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })

/** The month (YYYYMM) the household became a target: its first monitoring plan (county approval). */
async function identifiedMonth(db: Db, householdId: string): Promise<number> {
  const r = await sql<{ created_at: Date }>`select created_at from monitoring_plan where household_id = ${householdId}
    order by created_at limit 1`.execute(db)
  const at = r.rows[0]?.created_at
  if (!at) return 0
  return Number(chinaDate(new Date(at)).slice(0, 7).replace('-', ''))
}

/** Runs the engine's elimination readiness for the household on `date` (YYYY-MM-DD). */
export async function eliminationReadiness(
  db: Db,
  householdId: string,
  date: string,
  facts: CaseFacts,
): Promise<Readiness> {
  const m = policyModel()
  const ym = await identifiedMonth(db, householdId)
  const period = date.slice(0, 7)
  const y = Number(period.slice(0, 4))
  const from = `${y - 2}-${period.slice(5, 7)}`
  const input = await householdEngineInput(db, householdId, {
    history: { from, to: period },
    extra: {
      identified_month: ym,
      elimination_method: facts.method ?? 'ASSISTED',
      risks_resolved: facts.risksResolved ?? false,
      rigid_spending_uncontrolled: facts.rigidSpendingUncontrolled ?? false,
    },
  })
  const d = m.evaluate(input, { period, outputs: [...OUTPUTS], snapshot: parametersAt(date), trace: 'full' })
  const params = new Map<string, ParamRead>()
  for (const n of flattenTrace(d.trace ?? [])) for (const p of n.params ?? []) params.set(p.path, p)
  const snap = parametersAt(date)
  const param = (path: string) => {
    const p = params.get(path)
    return p ? [explainParam(snap, p)] : []
  }
  const o = d.outputs
  const root = (d.trace ?? []).find((n) => n.variable === 'elimination_ready')
  const stable = Number(o.income_stable_months)
  const needStable = params.get('monitoring.elim_stable_months')?.value
  const gapNeed = params.get('monitoring.elim_min_month_gap')?.value
  const conditions: Condition[] = [
    {
      code: 'identified',
      met: ym > 0,
      zh: ym > 0 ? `识别监测时间 ${ym}` : '该户尚未识别为监测对象',
      en: ym > 0 ? `identified in ${ym}` : 'the household has not been identified as a target',
      params: [],
    },
    {
      code: 'no_labour_capacity',
      met: !o.whole_household_no_labour,
      zh: o.whole_household_no_labour
        ? '整户无劳动能力：落实兜底保障后不标注风险消除，继续跟踪（S3、S60）'
        : '家庭有劳动能力成员',
      en: o.whole_household_no_labour
        ? 'no member can work: after social-security measures the risk is not marked eliminated; keep tracking (S3, S60)'
        : 'the household has members able to work',
      params: [],
    },
    {
      code: 'above_threshold',
      met: Boolean(o.above_threshold),
      zh: `人均纯收入 ${yuan(o.per_capita_net)} 元 ${o.above_threshold ? '>' : '≤'} 监测范围 ${yuan(o.monitoring_threshold)} 元`,
      en: `per-capita net income ${yuan(o.per_capita_net)} yuan ${o.above_threshold ? '>' : '≤'} the threshold ${yuan(o.monitoring_threshold)} yuan`,
      params: param('monitoring.threshold'),
    },
    {
      code: 'income_stable',
      met: needStable !== undefined && stable >= needStable,
      zh: `收入持续稳定 ${stable} 个月，需至少 ${needStable ?? '?'} 个月（monitoring.elim_stable_months）`,
      en: `income stable for ${stable} months; at least ${needStable ?? '?'} are needed (monitoring.elim_stable_months)`,
      params: param('monitoring.elim_stable_months'),
    },
    {
      code: 'guarantees',
      met: Boolean(o.guarantees_ok),
      zh: o.guarantees_ok ? '两不愁三保障及饮水安全有保障' : '两不愁三保障或饮水安全存在问题',
      en: o.guarantees_ok
        ? 'basic needs and the guarantees are secured'
        : 'a guarantee (food, education, health, housing, water) is not secured',
      params: [],
    },
    {
      code: 'risks_resolved',
      met: Boolean(facts.risksResolved),
      zh: facts.risksResolved ? '风险已稳定消除且无新风险' : '尚未确认风险已稳定消除且无新风险',
      en: facts.risksResolved
        ? 'the risks are resolved and there is no new one'
        : 'the risks are not confirmed resolved',
      params: [],
    },
    {
      code: 'rigid_spending',
      met: !facts.rigidSpendingUncontrolled,
      zh: facts.rigidSpendingUncontrolled ? '刚性支出仍不可控' : '刚性支出可控',
      en: facts.rigidSpendingUncontrolled
        ? 'rigid spending is still uncontrollable'
        : 'rigid spending is under control',
      params: [],
    },
    {
      code: 'month_gap',
      met: Boolean(o.elimination_gap_ok),
      zh: `识别至今 ${String(o.months_since_identification)} 个月；帮扶消除需至少 ${gapNeed ?? '?'} 个月（monitoring.elim_min_month_gap）`,
      en: `${String(o.months_since_identification)} months since identification; assisted elimination needs at least ${gapNeed ?? '?'} (monitoring.elim_min_month_gap)`,
      params: param('monitoring.elim_min_month_gap'),
    },
  ]
  return {
    ready: Boolean(o.elimination_ready),
    period,
    identifiedMonth: ym,
    outputs: o,
    ...(root?.caseFired ? { rule: root.caseFired.label } : {}),
    conditions,
    modelVersion: d.modelVersion,
    paramDigest: d.paramDigest,
  }
}

/** The refusal text: every unmet condition with the parameters it was judged by, named for officials. */
export function readinessReason(r: Readiness): { zh: string; en: string } {
  const failed = r.conditions.filter((c) => !c.met)
  const value = (x: ExplainedParam) =>
    x.unit.startsWith('fen')
      ? `${(x.value / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`
      : `${x.value}`
  const p = (c: Condition, lang: 'zh' | 'en') => c.params.map((x) => `${x.label[lang]} ${value(x)}`).join('；')
  return {
    zh: `风险消除条件未满足：${failed.map((c) => `${c.zh}${c.params.length ? `（${p(c, 'zh')}）` : ''}`).join('；')}`,
    en: `the conditions for eliminating the risk are not met: ${failed.map((c) => `${c.en}${c.params.length ? ` (${p(c, 'en')})` : ''}`).join('; ')}`,
  }
}
