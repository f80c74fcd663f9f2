/**
 * The data-quality checks of domain.md §9, one function per rule, each returning its findings. Pure: no I/O, no
 * clock (the reference date and threshold come in the context).
 */
import { parseDisabilityCert } from '../identifiers/disabilityCert.ts'
import { ageOn, parseIdNumber } from '../identifiers/idNumber.ts'
import type { Finding, QualityContext, QualityHousehold, QualityMember } from './types.ts'

const RESIDENT_TYPES = new Set(['RESIDENT_ID', 'HOUSEHOLD_BOOKLET'])
const NO_LABOUR = new Set(['LOST', 'NONE'])
const OUTSIDE_WORK = new Set(['OUT_OF_PROVINCE', 'IN_PROVINCE'])
const ANY_WORK = new Set(['OUT_OF_PROVINCE', 'IN_PROVINCE', 'IN_COUNTY'])
export const DISABILITY_SUBSIDY = '残疾人补贴'
export const MIGRANT_SUBSIDY = '外出务工补贴'

const isDisabilitySubsidy = (item: string) => item.includes(DISABILITY_SUBSIDY) || item.includes('残疾人两项补贴')
const active = (m: QualityMember) => (m.status ?? 'ACTIVE') === 'ACTIVE'
const caseActive = (h: QualityHousehold) =>
  h.case ? h.case.status === 'ACTIVE' : (h.monitoringStatus ?? 'NONE') === 'ACTIVE'
const eliminated = (h: QualityHousehold) => h.case?.status === 'RISK_ELIMINATED'
const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1

/** Rule 1 (1_12_004, B): ID numbers pass GB 11643; disability certificates are the ID + category 1–7 + level 1–4. */
export function checkIdentifiers(h: QualityHousehold, ctx: QualityContext): Finding[] {
  const out: Finding[] = []
  h.members.forEach((m, i) => {
    let id18 = m.idNumber
    if (RESIDENT_TYPES.has(m.idType ?? 'RESIDENT_ID')) {
      const r = parseIdNumber(m.idNumber, { today: ctx.today })
      if (!r.ok) {
        const why = r.errors.map((e) => e.message)
        out.push({
          code: '1_12_004',
          severity: 'B',
          member: i,
          field: 'idNumber',
          message: {
            zh: `${m.name} 的身份证号码无效：${why.map((w) => w.zh).join('；')}`,
            en: `${m.name}'s ID number is invalid: ${why.map((w) => w.en).join('; ')}`,
          },
        })
      } else id18 = r.value.id18
    }
    if (m.disabilityCertNo) {
      const c = parseDisabilityCert(m.disabilityCertNo, { today: ctx.today })
      if (!c.ok) {
        out.push({
          code: '1_12_004',
          severity: 'B',
          member: i,
          field: 'disabilityCertNo',
          message: {
            zh: `${m.name} 的残疾人证号无效：${c.errors.map((e) => e.message.zh).join('；')}`,
            en: `${m.name}'s disability certificate is invalid: ${c.errors.map((e) => e.message.en).join('; ')}`,
          },
        })
      } else if (c.value.idNumber !== id18) {
        out.push({
          code: '1_12_004',
          severity: 'B',
          member: i,
          field: 'disabilityCertNo',
          message: {
            zh: `${m.name} 的残疾人证号前18位与身份证号不一致`,
            en: `the first 18 characters of ${m.name}'s disability certificate are not the ID number`,
          },
        })
      }
    }
  })
  return out
}

/** Rule 2 (Q02, B): 脱贫不稳定户/边缘易致贫户 need identification income under the threshold; 突发严重困难户 an explanation. */
export function checkCategoryIncome(h: QualityHousehold, ctx: QualityContext): Finding[] {
  const c = h.case
  if (!c) return []
  if (c.category === 'UNSTABLE_TUOPIN' || c.category === 'MARGINAL') {
    const inc = c.incomeAtIdentification
    if (ctx.threshold === undefined || !inc || inc.perCapitaNet < ctx.threshold) return []
    return [
      {
        code: 'Q02',
        severity: 'B',
        field: 'case.incomeAtIdentification.perCapitaNet',
        message: {
          zh: `识别时人均纯收入 ${inc.perCapitaNet} 元不低于监测范围 ${ctx.threshold} 元，不能认定为${c.category === 'MARGINAL' ? '边缘易致贫户' : '脱贫不稳定户'}`,
          en: `per-capita net income at identification (${inc.perCapitaNet} yuan) is not below the threshold (${ctx.threshold} yuan)`,
        },
      },
    ]
  }
  if (c.category === 'SUDDEN_HARDSHIP' && !c.hardshipExplanation?.trim()) {
    return [
      {
        code: 'Q02',
        severity: 'B',
        field: 'case.hardshipExplanation',
        message: {
          zh: '突发严重困难户须说明刚性支出或收入骤减情况',
          en: 'a sudden-hardship case needs an explanation (rigid expenditure or income drop)',
        },
      },
    ]
  }
  return []
}

/** Rule 3 (5_15_020, B): risk 因病 needs compliant self-paid expenditure > 0 at identification. */
export function checkIllnessSelfPaid(h: QualityHousehold): Finding[] {
  const c = h.case
  if (!c?.risks.includes('ILLNESS')) return []
  const paid = c.incomeAtIdentification?.compliantSelfPaid ?? 0
  if (paid > 0) return []
  return [
    {
      code: '5_15_020',
      severity: 'B',
      field: 'case.incomeAtIdentification.compliantSelfPaid',
      message: {
        zh: '风险类型为因病，识别时合规自付支出须大于0',
        en: 'the risk is illness, so compliant self-paid expenditure at identification must be above 0',
      },
    },
  ]
}

/** Rule 4 (5_15_023, W): identification wage income above 0 and below `monitoring.ident_wage_min` is implausible. */
export function checkWageImplausible(h: QualityHousehold, ctx: QualityContext): Finding[] {
  const a = h.case?.incomeAtIdentification ?? (h.assessment?.type === 'IDENTIFICATION' ? h.assessment : null)
  const floor = ctx.limits.identWageMin
  if (!a || !(a.wage > 0 && a.wage < floor)) return []
  return [
    {
      code: '5_15_023',
      severity: 'W',
      field: 'assessment.wage',
      message: {
        zh: `识别时工资性收入 ${a.wage} 元介于0到${floor}元之间，请核实`,
        en: `wage income at identification (${a.wage} yuan) is between 0 and ${floor} yuan; check it`,
      },
    },
  ]
}

/** Rule 5 (4_11_010, B): an assisted elimination needs per-capita net income at elimination at or above the threshold. */
export function checkAssistedEliminationIncome(h: QualityHousehold, ctx: QualityContext): Finding[] {
  const c = h.case
  if (!eliminated(h) || c?.eliminationMethod !== 'ASSISTED' || ctx.threshold === undefined) return []
  const inc = c.incomeAtElimination
  if (inc && inc.perCapitaNet >= ctx.threshold) return []
  return [
    {
      code: '4_11_010',
      severity: 'B',
      field: 'case.incomeAtElimination.perCapitaNet',
      message: {
        zh: `帮扶消除风险时人均纯收入${inc ? ` ${inc.perCapitaNet} 元` : '缺失'}，低于监测范围 ${ctx.threshold} 元`,
        en: `per-capita net income at assisted elimination ${inc ? `(${inc.perCapitaNet} yuan)` : 'is missing and'} is below the threshold (${ctx.threshold} yuan)`,
      },
    },
  ]
}

/** Rule 6 (GZ_ELIM_2M, W): an assisted elimination less than `monitoring.elim_min_month_gap` months after identification. */
export function checkQuickElimination(h: QualityHousehold, ctx: QualityContext): Finding[] {
  const c = h.case
  if (!eliminated(h) || c?.eliminationMethod !== 'ASSISTED' || !c.identifiedMonth || !c.eliminatedMonth) return []
  const diff = monthIndex(c.eliminatedMonth) - monthIndex(c.identifiedMonth)
  if (diff >= ctx.limits.elimMinMonthGap) return []
  return [
    {
      code: 'GZ_ELIM_2M',
      severity: 'W',
      field: 'case.eliminatedMonth',
      message: {
        zh: `识别（${c.identifiedMonth}）后 ${diff} 个月即帮扶消除风险，请核实`,
        en: `assisted elimination ${diff} month(s) after identification (${c.identifiedMonth}); check it`,
      },
    },
  ]
}

/** Rule 7 (1_11_005, B): an eliminated case has every post-elimination field and both income figures. */
export function checkPostEliminationFields(h: QualityHousehold): Finding[] {
  if (!eliminated(h)) return []
  const p = h.case?.postElimination ?? {}
  const missing: string[] = []
  const names: Record<string, string> = {
    dropout: '是否有失学辍学',
    housingDamaged: '风险消除后是否住房损毁',
    membersWithoutInsurance: '是否有家庭成员未参加基本医疗保险',
    waterFacilityDamaged: '风险消除后是否饮水设施损毁',
  }
  for (const k of Object.keys(names) as Array<keyof typeof names>) {
    if ((p as Record<string, unknown>)[k] === undefined || (p as Record<string, unknown>)[k] === null) missing.push(k)
  }
  if (!h.case?.incomeAtElimination) missing.push('incomeAtElimination')
  if (missing.length === 0) return []
  const zh = missing.map((k) => names[k] ?? '风险消除后收支情况（含合规自付支出）')
  return [
    {
      code: '1_11_005',
      severity: 'B',
      field: `case.${missing[0]}`,
      message: {
        zh: `风险已消除，以下项目未填写：${zh.join('、')}`,
        en: `risk eliminated but missing: ${missing.join(', ')}`,
      },
    },
  ]
}

/** Rule 8 (1_11_011, B): an eliminated case has a monitoring contact and phone. */
export function checkMonitorContact(h: QualityHousehold): Finding[] {
  if (!eliminated(h) || (h.monitorContactName?.trim() && h.monitorContactPhone?.trim())) return []
  return [
    {
      code: '1_11_011',
      severity: 'B',
      field: h.monitorContactName?.trim() ? 'monitorContactPhone' : 'monitorContactName',
      message: {
        zh: '风险已消除的户须填写监测联系人及联系方式',
        en: 'an eliminated case needs the monitoring contact name and phone',
      },
    },
  ]
}

/** Certificate level of a member (1–4), or undefined. */
function disabilityLevel(m: QualityMember, today: string): number | undefined {
  if (!m.disabilityCertNo) return undefined
  const c = parseDisabilityCert(m.disabilityCertNo, { today })
  return c.ok ? c.value.level : undefined
}

/** Rule 9 (5_16_008, B): active case, risk 因残, a level-1/2 disabled member (incl. this year's decreases) → 残疾人补贴. */
export function checkDisabilitySubsidyRequired(h: QualityHousehold, ctx: QualityContext): Finding[] {
  if (!caseActive(h) || !h.case?.risks.includes('DISABILITY')) return []
  const year = ctx.today.slice(0, 4)
  const severe = h.members.some((m) => {
    const counted = active(m) || (m.decreaseDate ?? '').startsWith(year)
    const level = disabilityLevel(m, ctx.today)
    return counted && level !== undefined && level <= 2
  })
  if (!severe || (h.measures ?? []).some((x) => isDisabilitySubsidy(x.item))) return []
  return [
    {
      code: '5_16_008',
      severity: 'B',
      field: 'measures',
      message: {
        zh: '因残监测户有一、二级残疾成员，须登记残疾人补贴帮扶措施',
        en: 'risk is disability and a member has a level 1–2 disability: register the disability subsidy measure',
      },
    },
  ]
}

/** Rule 10 (4_11_016, W): 残疾人补贴 registered but nobody holds a disability certificate. */
export function checkDisabilitySubsidyWithoutDisabled(h: QualityHousehold): Finding[] {
  if (!(h.measures ?? []).some((x) => isDisabilitySubsidy(x.item))) return []
  if (h.members.some((m) => m.disabilityCertNo)) return []
  return [
    {
      code: '4_11_016',
      severity: 'W',
      field: 'measures',
      message: {
        zh: '登记了残疾人补贴措施，但家庭成员中没有残疾人',
        en: 'a disability subsidy is registered but no member is disabled',
      },
    },
  ]
}

/** Rule 11 (4_11_013, W): a 脱贫 household (case eliminated or none) receiving 低保/特困/残疾人补贴 with no transfer income. */
export function checkTransferIncomeMissing(h: QualityHousehold): Finding[] {
  if (h.householdType !== 'TUOPIN' || (h.case && !eliminated(h))) return []
  const groups = new Set([...(h.lowIncomeGroups ?? []), ...h.members.flatMap((m) => m.lowIncomeGroups ?? [])])
  const receives =
    groups.has('DIBAO') || groups.has('TEKUN') || (h.measures ?? []).some((x) => isDisabilitySubsidy(x.item))
  const a = h.case?.incomeAtElimination ?? h.assessment
  if (!receives || !a || a.transfer !== 0) return []
  return [
    {
      code: '4_11_013',
      severity: 'W',
      field: 'assessment.transfer',
      message: {
        zh: '脱贫户享受低保/特困供养/残疾人补贴，但转移性收入为0',
        en: 'the household receives dibao/tekun/disability subsidy but its transfer income is 0',
      },
    },
  ]
}

/** Rule 12 (1111_10, B): 外出务工补贴 needs an annual transport allowance above 0. */
export function checkMigrantSubsidyTransport(h: QualityHousehold): Finding[] {
  return (h.measures ?? [])
    .filter((x) => x.item.includes(MIGRANT_SUBSIDY) && !((x.transportAllowance ?? 0) > 0))
    .map(() => ({
      code: '1111_10',
      severity: 'B' as const,
      field: 'measures.transportAllowance',
      message: {
        zh: '外出务工补贴须填写大于0的年度交通费补助',
        en: 'the migrant-work subsidy needs an annual transport allowance above 0',
      },
    }))
}

/** Rule 13 (1111_07, B): every active member without labour capacity and an active case → 整户无劳动能力 must be true. */
export function checkWholeHouseholdNoLabour(h: QualityHousehold): Finding[] {
  const members = h.members.filter(active)
  if (!caseActive(h) || members.length === 0 || h.wholeHouseholdNoLabour) return []
  if (!members.every((m) => NO_LABOUR.has(m.labourSkill))) return []
  return [
    {
      code: '1111_07',
      severity: 'B',
      field: 'wholeHouseholdNoLabour',
      message: {
        zh: '全部成员均无劳动能力且为监测对象，整户无劳动能力兜底保障户应为“是”',
        en: 'every member lacks labour capacity and the case is active: mark the household as wholly without labour',
      },
    },
  ]
}

/** Rule 14 (5_12_004, 2_12_004, B): no public post under `posts.min_age`; no outside work without labour capacity. */
export function checkWorkEligibility(h: QualityHousehold, ctx: QualityContext): Finding[] {
  const out: Finding[] = []
  h.members.forEach((m, i) => {
    if (!active(m)) return
    const post = m.publicPost || m.workStatus === 'PUBLIC_POST'
    const id = parseIdNumber(m.idNumber, { today: ctx.today })
    const minAge = ctx.limits.postMinAge
    if (post && id.ok && ageOn(id.value.birthDate, ctx.today) < minAge) {
      out.push({
        code: '5_12_004',
        severity: 'B',
        member: i,
        field: 'workStatus',
        message: {
          zh: `${m.name} 未满${minAge}周岁，不能从事公益岗位`,
          en: `${m.name} is under ${minAge} and cannot hold a public post`,
        },
      })
    }
    if (NO_LABOUR.has(m.labourSkill) && m.workStatus && OUTSIDE_WORK.has(m.workStatus)) {
      out.push({
        code: '2_12_004',
        severity: 'B',
        member: i,
        field: 'workStatus',
        message: {
          zh: `${m.name} 无劳动能力，务工状况不能为外出务工`,
          en: `${m.name} has no labour capacity and cannot be working away from home`,
        },
      })
    }
  })
  return out
}

/** Rule 15 (5_12_003, W): a 特困 person with a work record, or without education / school status. */
export function checkTekunPerson(h: QualityHousehold): Finding[] {
  const out: Finding[] = []
  const householdTekun = (h.lowIncomeGroups ?? []).includes('TEKUN')
  h.members.forEach((m, i) => {
    if (!active(m) || !(householdTekun || (m.lowIncomeGroups ?? []).includes('TEKUN'))) return
    const worked = (m.workStatus && ANY_WORK.has(m.workStatus)) || (m.workMonths ?? 0) > 0
    if (worked || !m.education || !m.schoolStatus) {
      out.push({
        code: '5_12_003',
        severity: 'W',
        member: i,
        field: worked ? 'workStatus' : !m.education ? 'education' : 'schoolStatus',
        message: worked
          ? { zh: `特困人员 ${m.name} 有务工记录，请核实`, en: `${m.name} is in extreme poverty but has a work record` }
          : {
              zh: `特困人员 ${m.name} 的文化程度或在校生情况未填写`,
              en: `${m.name} is in extreme poverty and lacks education or school status`,
            },
      })
    }
  })
  return out
}
