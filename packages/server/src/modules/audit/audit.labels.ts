/**
 * What an audit row's action and subject are called in officials' words (zh/en): `auth.login` reads 登录,
 * `case.MONITORING_IDENT.approve` reads 防止返贫监测对象识别 · 县级审定, `sa_decision` reads 救助决定. Case actions take
 * their names from the case type's own declaration; every other action the server writes is listed here (the test
 * beside this file fails when code writes an action without a label).
 */
import { caseType, type Text, text } from '../workflow/definition.ts'
import { CHAIN_OPENED } from './audit.chain.ts'

const household: Record<string, Text> = {
  create: text('建档', 'Household registered'),
  update: text('修改户信息', 'Household details changed'),
  import: text('批量导入建档', 'Registered by import'),
  merge: text('并户', 'Households merged'),
  merged_away: text('并入他户', 'Merged into another household'),
  split: text('分户', 'Household split'),
  'member.add': text('添加成员', 'Member added'),
  'member.update': text('修改成员信息', 'Member details changed'),
  'member.decrease': text('成员自然减少', 'Member left (natural decrease)'),
  'member.move_in': text('成员迁入', 'Member moved in'),
  'member.move_out': text('成员迁出', 'Member moved out'),
  'guarantee.check': text('三保障核查', 'Three-guarantees check'),
  'monitoring.identify': text('纳入监测对象', 'Became a monitoring target'),
  'monitoring.eliminate': text('风险消除', 'Risk eliminated'),
  'monitoring.natural_decrease': text('自然减少退出监测', 'Left monitoring (natural decrease)'),
  'monitoring.rollback': text('风险消除回退', 'Risk elimination rolled back'),
  'monitoring.activate': text('监测帮扶启动', 'Monitoring started'),
  'assistance.enter': text('纳入社会救助', 'Entered social assistance'),
  'assistance.exit': text('退出社会救助', 'Left social assistance'),
}

const actions: Record<string, Text> = {
  'auth.login': text('登录', 'Signed in'),
  'auth.logout': text('退出登录', 'Signed out'),
  'auth.login_failed': text('登录失败', 'Sign-in failed'),
  'auth.lockout': text('账号临时锁定', 'Account locked for a while'),
  'user.disable': text('停用用户', 'User disabled'),
  'user.enable': text('启用用户', 'User enabled'),
  'user.add': text('新建用户', 'User created'),
  'user.password_change': text('修改密码', 'Password changed'),
  baseline: text('建立初始版本', 'First version recorded'),
  'calendar.set': text('设置节假日', 'Calendar day set'),
  'calendar.load_year': text('导入全年节假日安排', 'Year holiday schedule loaded'),
  'regions.import': text('导入行政区划', 'Regions imported'),
  'population.seed': text('生成示例人口', 'Demo population generated'),
  'pii.reveal': text('查看完整证件号码', 'Full ID number revealed'),
  [CHAIN_OPENED]: text('新建审计链', 'Audit chain opened'),
  'pii.export': text('导出含个人信息的名单', 'List with personal data exported'),
  'import.upload': text('上传导入文件', 'Import file uploaded'),
  'import.report': text('下载导入校验报告', 'Import report downloaded'),
  'feed.accept': text('接收部门数据', 'Department data accepted'),
  'feed.reject': text('退回部门数据', 'Department data rejected'),
  'warning.screen': text('预警筛查', 'Warning screening run'),
  'warning.close': text('预警核实办结', 'Warning verified and closed'),
  'monitoring.plan.activate': text('帮扶计划生效', 'Assistance plan in force'),
  'monitoring.measure.add': text('添加帮扶措施', 'Assistance measure added'),
  'monitoring.measure.update': text('修改帮扶措施', 'Assistance measure changed'),
  'monitoring.visit.record': text('记录走访', 'Visit recorded'),
  'monitoring.suggestions.replace': text('修改风险与措施对照表', 'Risk–measure table changed'),
  'decision.record': text('作出救助决定', 'Assistance decision made'),
  'decision.change': text('变更救助决定', 'Assistance decision changed'),
  'decision.terminate': text('终止救助', 'Assistance ended'),
  'decision.gradual_exit_end': text('渐退期满', 'Gradual exit ended'),
  'grant.record': text('发放专项救助', 'Special grant recorded'),
  'referral.open': text('转介', 'Referral opened'),
  'referral.accept': text('接收转介', 'Referral accepted'),
  'referral.decline': text('不予接收转介', 'Referral declined'),
  'roster.generate': text('生成发放名册', 'Payment roster generated'),
  'roster.approve': text('审批发放名册', 'Payment roster approved'),
  'roster.adjust': text('添加名册调整行（待审批）', 'Roster adjustment added (awaiting approval)'),
  'roster.adjust.approve': text('批准名册调整行', 'Roster adjustment approved'),
  'roster.adjust.reject': text('退回名册调整行', 'Roster adjustment rejected'),
  'roster.export': text('导出发放名册', 'Payment roster exported'),
  'roster.export.full': text('导出完整账号名册', 'Roster exported with full accounts'),
  'daijiao.generate': text('生成代缴名册', 'Premium roster generated'),
  'daijiao.adjust': text('调整代缴名册', 'Premium roster adjusted'),
  'daijiao.export': text('导出代缴名册', 'Premium roster exported'),
  'daijiao.export.full': text('导出完整代缴名册', 'Premium roster exported in full'),
}

const caseEvents: Record<string, Text> = {
  open: text('立案', 'opened'),
  attach: text('上传材料', 'document attached'),
  return: text('退回', 'returned'),
}

const subjects: Record<string, Text> = {
  user: text('用户', 'User'),
  audit_chain: text('审计链', 'Audit chain'),
  region: text('区划', 'Region'),
  county: text('县', 'County'),
  household: text('农户', 'Household'),
  person: text('家庭成员', 'Member'),
  case: text('事项', 'Case'),
  calendar_day: text('工作日历', 'Calendar'),
  calendar_year: text('年度节假日安排', 'Year holiday schedule'),
  feed_batch: text('部门数据', 'Department data'),
  warning: text('预警', 'Warning'),
  warning_batch: text('预警筛查', 'Warning screening'),
  measure_suggestion: text('风险与措施对照表', 'Risk–measure table'),
  sa_decision: text('救助决定', 'Assistance decision'),
  sa_referral: text('转介', 'Referral'),
  special_grant: text('专项救助', 'Special grant'),
  pay_roster: text('发放名册', 'Payment roster'),
  daijiao_roster: text('代缴名册', 'Premium roster'),
  household_export: text('农户名单导出', 'Household export'),
  household_search: text('按完整证件号查找农户', 'Household search by full ID number'),
  monitoring_target_export: text('监测对象导出', 'Monitoring target export'),
}

/** Actions the server writes literally (for the completeness test). */
export const labelledActions = new Set([
  ...Object.keys(actions),
  ...Object.keys(household).map((a) => `household.${a}`),
])

const other = text('其他操作', 'Other action')

/** The action's name for officials. */
export function auditActionLabel(action: string): Text {
  const fixed = actions[action]
  if (fixed) return fixed
  if (action.startsWith('household.')) return household[action.slice('household.'.length)] ?? other
  const m = /^case\.([A-Z0-9_]+)\.([a-z0-9_]+)$/.exec(action)
  if (m) {
    const def = caseType(m[1] as string)
    const event = m[2] as string
    const step = caseEvents[event] ?? def?.transitions.find((t) => t.event.toLowerCase() === event)?.label
    if (def) return text(`${def.label.zh} · ${step?.zh ?? '办理'}`, `${def.label.en} · ${step?.en ?? 'step'}`)
  }
  return other
}

/** The subject type's name for officials. */
export function auditSubjectLabel(subjectType: string): Text {
  return subjects[subjectType] ?? text('其他', 'Other')
}
