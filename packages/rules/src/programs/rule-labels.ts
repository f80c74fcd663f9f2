/**
 * The names of the model's labelled rules (the cases of a `cases(…)` formula) in officials' words: the policy page
 * and explanations show 单人户保底 where the model says `single_person_minimum`. The test beside this file fails when
 * a rule has no name here.
 */
import type { DocumentTitle } from './documents.ts'

const w = (zh: string, en: string): DocumentTitle => ({ zh, en })

export const RULE_LABELS: Record<string, DocumentTitle> = {
  case_cap: w('按上限', 'capped'),
  dangerous_c_or_d: w('C级或D级危房', 'dangerous housing (grade C or D)'),
  differential: w('补差发放', 'pay the difference'),
  elimination_criteria: w('风险消除条件', 'conditions for eliminating risk'),
  fast_track_top_tier: w('快速通道（最高档）', 'fast track (top tier)'),
  full: w('全额', 'in full'),
  full_care: w('全护理', 'full care'),
  household_application: w('整户申请', 'household application'),
  household_quota_or_cadre_relative: w('按户施保或村干部近亲属', 'household quota or a cadre’s relative'),
  housing_safe: w('住房安全', 'safe housing'),
  income_rose_above_standard: w('收入超过标准', 'income rose above the standard'),
  marginal: w('边缘易致贫', 'at risk of poverty'),
  minor_until_adult_or_in_school: w('未成年或在校至成年', 'a minor, or in school until adulthood'),
  no_deduction: w('不扣减', 'no deduction'),
  no_gradual_exit: w('不设渐退', 'no gradual exit'),
  no_labour_capacity: w('无劳动能力', 'no capacity to work'),
  none: w('无', 'none'),
  not_eligible: w('不符合条件', 'not eligible'),
  orphan_protection: w('孤儿保障', 'orphan protection'),
  partial: w('部分', 'partial'),
  post_conditions: w('岗位条件', 'post conditions'),
  relaxed_if_healthy: w('身体健康可放宽', 'relaxed when in good health'),
  renovated_or_relocated: w('已改造或搬迁', 'renovated or relocated'),
  self_care: w('生活自理', 'self-care'),
  semi_care: w('半护理', 'partial care'),
  share_of_earnings: w('按收入比例', 'share of earnings'),
  share_of_standard: w('按标准比例', 'share of the standard'),
  single_person_application: w('单人户申请', 'single-person application'),
  single_person_minimum: w('单人户保底', 'single-person minimum'),
  stable: w('稳定', 'stable'),
  sudden_hardship: w('突发严重困难', 'sudden severe hardship'),
  three_conditions: w('三个条件', 'three conditions'),
  unstable_income_with_labour: w('有劳动力但收入不稳定', 'unstable income despite labour'),
  unstable_tuopin: w('脱贫不稳定', 'unstable after leaving poverty'),
  water_declared: w('饮水（申报）', 'drinking water (declared)'),
  water_measured: w('饮水（检测）', 'drinking water (measured)'),
  within_max_age: w('未超过年龄上限', 'within the age limit'),
}

/** A rule's name for officials, or undefined when it has none. */
export function ruleLabel(name: string): DocumentTitle | undefined {
  return RULE_LABELS[name]
}
