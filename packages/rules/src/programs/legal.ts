/** Citations used by the policy model: the source tags of domain.md §16 (titles kept identical to the catalogue). */
import type { LegalRef, LegalStatus } from '../engine/ir.ts'

/** §16 titles by source tag. */
export const SOURCE_TITLES = {
  S0: 'A 新华社-based newspaper summary of the 《意见》, 2021-03 (the article this project implements).',
  S1: '中农组发〔2021〕7号 preamble (m.haohg.cn/zdlyxxgk/.../post_4634426.html); 2021-era provincial restatements.',
  S2: '秦安县 FAQ "防止返贫监测对象有哪几类?" (qinan.gov.cn/info/11792/1360362.htm): criteria, ≤15 days, ≥5 days publicity, once only, privacy.',
  S3: '海南省政府 FAQs 2021-12 (hainan.gov.cn/hainan/c100568/202112/...): discovery channels, 20 WD, elimination conditions & procedure, no-labour rule.',
  S4: '永城市 2024 "监测户识别纳入程序" (ycs.gov.cn).',
  S5: '枞阳县白梅乡 2024 "监测对象识别标准和程序" (zongyang.gov.cn/openness/OpennessContent/show/941460.html).',
  S6: '云南 大姚县 FAQ (dayao.gov.cn/info/61594/312608.htm); 德钦县羊拉乡 提纲 2023 (deqin.gov.cn/.../20230114_184554.html).',
  S7: 'GitHub data-quality rule scripts for 全国防返贫监测信息系统 exports (several public repositories), and a village query script.',
  S8: 'GitHub MySQL dump "2023年防返贫摸排" schema.',
  S9: 'readke.com/c/2459698.html (risk-type list, Inner Mongolia wording).',
  S10: '延安某县 2021 实施方案 (lanwact.com/post/61150.html): 1.5× line, 6,000 in 2021.',
  S11: 'Local thresholds: 云南凤尾镇 2025 (qrrfcrh.cn/.../326180.html); 闽侯 2023; 德化 2024 (dehua.gov.cn); 固镇 2022 (guzhen.gov.cn); 慢湾村 2023.',
  S12: '定南县 2024 (dingnan.gov.cn): income window 12 months.',
  S13: '中山镇 2024 风险消除 notice (cxs.gov.cn).',
  S14: '2026 中央一号文件 coverage (wenweipo.com 2026-02-04; office369 2026-02-03; gzwiw.cn excerpt).',
  S15: '2025 中央一号 / 韩文秀 press conference (shbzcgb.com 2025-02-24; yxiu.cn).',
  S16: 'humanrights.cn 2025-03-24; mz.huzhou.gov.cn 2025-06-23 (2024 No.1 "衔接并轨", 三中全会).',
  S17: '最低生活保障审核确认办法 (民发〔2021〕57号) excerpts (jianbiaoku.com book 163975); review frequencies (社工题库; 重庆 FAQs).',
  S18: '单人户: 富平 2024; 青岛; 郴州; 哈尔滨.',
  S19: '低保边缘/支出型: 上海 FAQ 2023; 湖南.',
  S20: '兴安盟低保边缘家庭认定办法(试行) 2025 (mzj.xam.gov.cn).',
  S21: '揭阳 property conditions.',
  S22: '赣州 延退 conditions & 30% employment-cost deduction.',
  S23: '郑州中原区 2023 低保审核审批信息.',
  S24: '咸阳 ABC classification; 德钦 tiers.',
  S25: '特困人员认定办法 (民发〔2021〕43号) (zyrhbw.com; jianbiaoku book 172078 ch.6).',
  S26: 'Self-care assessment (湖南, 河南 豫民〔2021〕7号 restatements).',
  S27: '特困 standards: 贵州 2017 (cnr.cn), 长沙, 安徽某县 2023.',
  S28: '特困 procedures: 福州 2024 (fzcl.gov.cn), 尖山 2022, 台州, 石台.',
  S29: 'Temporary relief: 163.com (2026-01-29 民政部 press), whmytz/unitemotor restatements; 民发〔2018〕23号 reference; Anhui city 2025 (10×); 尖山 2022 flow; 参考消息 2026-01-30.',
  S30: '低收入人口 opinion 2023 (czcf.com/news/20620.html); 黑龙江省低收入人口认定办法(暂行) 2025 (tangyuan.gov.cn).',
  S31: 'Pension 代缴: 广东 粤人社规〔2022〕29号 (jljgmy), 河源 2024 (sy824), 安康 2018, 2014 example, 松山 2018.',
  S32: 'Public posts: 贵州省乡村公益性岗位开发管理办法 (newton.com.tw wiki copy), 聊城 2021, 清水 2022, 江池镇 2025, village rules (renrendoc).',
  S33: 'East–West: 2016 pairing (cnnb 2016-12-08); 2021 意见 (163.com article on 鲁甘); 广东→广西贵州 (hwsss 2021-05); 鲁甘 (2021-12 甘肃日报); 津甘 (人民网 2021-12-06; wanbiaoku); 苏青 (新华 2024; 2022 交汇点); 鲁渝 (重庆日报 2023); 2023 national statistics (农业农村部 via 人民日报); Sichuan 2021 assessment (xczxj.sc.gov.cn); Guizhou grades; 2017 考核办法 (四川日报).',
  S34: 'Key counties: tt.hnmdtv.com 2021-12-29; Sichuan list (chengdu.baogaosu); czkjst.org.',
  S35: '广西 就业帮扶车间 (liujiang.gov.cn; smelz.cn interpretation); one-off bonus (uianet).',
  S36: '以工代赈: 发改委 2023-06 (新京报); 福建 2024.',
  S37: '832 procurement: 财政部 2022/2024 notices (人民网, 中新社); 广东 2025; 内蒙古 2025; 张掖 2023.',
  S38: 'Micro-credit: 白银平川 (bypc.gov.cn), 青阳 2024, 北川 2024 (银保监发〔2021〕6号), 云南 2023.',
  S39: '雨露计划 restatements (juziwuyouba, fudaoke).',
  S40: 'Warnings: 西安医保 2025-04; 阳原 2022 (health.china.com.cn); 滨州 2024 (新华网); 烟台; 峨山 2022 (yxes.gov.cn); 临沭; 淮北; 山西民政 2021.',
  S41: 'Drinking water: 城口县水利局 FAQ 2023 (评价准则); 2004 指标体系 restatements.',
  S42: 'Housing A/B/C/D (mdbkg.com restatement of national practice).',
  S43: 'ID/division codes: GitHub code comments (Rust/Python ID validators; NBS code readme), suixincha.cn code pages.',
  S44: '八必访 (xxjyjedu.com 2024).',
  S45: '安徽 2020 (人民日报 2020-06-30) monitoring scope 1.5× line, income window.',
  S46: 'fx361 article (9,899万 / 832 / 12.8万).',
  S47: '2012 低保审核审批办法(试行) restatements (78911.com.cn; 4671580.com).',
  S48: '山东省健全防止返贫动态监测和帮扶机制工作指南 2023 (feixian.gov.cn).',
  S49: '扶贫项目资产 classification (ygsite.cn plan excerpt).',
  S50: '腾冲明光镇 低保指南 (appraisal ⅔ rule); 村级公益性岗位制度 (renrendoc); 桂林 (recusal).',
  S51: '贫困户人均纯收入计算方法 restatement (income items, exclusions).',
  S52: '淄博 低保 income definitions; fymate older rules.',
  S53: '慢湾村 2023 纳入标准.',
  S54: 'Channels incl. 关联监测 (甘肃 local procedure via jiusongjiankang restatement; dyrmt.com).',
  S55: '王集镇 (jieshounews): 一户一方案, single vs multiple risks.',
  S56: '烟台 data platform (halixteam restatement); 风险消除回退 (tazldqn.cn).',
  S57: '固镇 2022 (no quota, 应纳未纳, 体外循环); 四川 2023 policy (因疫).',
  S58: 'fudaoke.com Q&A (8,800 example).',
  S59: '解放日报 2025 commentary (jfdaily.com) on 工作指南 principles.',
  S60: 'fudaoke.com (measures continuing after elimination).',
  S61: '区民政局 FAQ 2023 (household-member special cases; consumption condition).',
  S62: '《社会救助暂行办法》第十二条 restatement (差额发放).',
  S63: '特困 older rules (大洼 2019; 贵州; 常德).',
  S64: '海口 2024 termination list (港澳台/境外 residence).',
  S65: '哈尔滨 care amounts (0477ly.com).',
  S66: '甘肃/某县 identification timeline restatement (jiusongjiankang 5450632).',
  S67: '中央一号-era policy excerpts (88888263.com): 先行落实帮扶措施 for disaster risk; 脱贫劳动力务工 ≥3,000万.',
  S68: '县级监测帮扶总结模板 (shutu.cn): measures by risk type.',
  S69: 'kfkhr.com (monthly household verification).',
  S70: '特困申请 "一证两书" (csjbk.com).',
  S71: '公益性岗位 清退 situations (jinxun.cc).',
  S72: '五访 (tazldqn.cn).',
  S73: '枞阳县 "监测对象风险消除标准" (zongyang.gov.cn/openness/OpennessContent/show/913795.html): ≥ half-year stable income; rigid expenditure resolved.',
  S74: '广州乡村公益性岗位补贴 (gansulong.com restatement): ≤ local minimum wage, ≤1 year, no stacking, monthly payment.',
  MEM: 'Author background knowledge — verify before relying on it.',
  ASSUMPTION:
    'Design assumption (domain.md §0: an informed design choice where no source was found; must be configurable and reviewed)',
} as const

/** A source tag of domain.md §16. */
export type SourceId = keyof typeof SOURCE_TITLES

const DEFAULT_STATUS: Partial<Record<SourceId, LegalStatus>> = { MEM: 'MEM', ASSUMPTION: 'ASSUMPTION' }

/**
 * One citation. Status defaults to SOURCED (MEM / ASSUMPTION for those tags).
 * @example
 * cite('S25', '第六条') // { id: 'S25', title: '特困人员认定办法 …', article: '第六条', status: 'SOURCED' }
 */
export function cite(id: SourceId, article?: string, status?: LegalStatus, note?: string): LegalRef {
  return {
    id,
    title: SOURCE_TITLES[id],
    status: status ?? DEFAULT_STATUS[id] ?? 'SOURCED',
    ...(article ? { article } : {}),
    ...(note ? { note } : {}),
  }
}

/** A design assumption, with the domain.md section it comes from in the note. */
export function assumption(note: string): LegalRef {
  return cite('ASSUMPTION', undefined, 'ASSUMPTION', note)
}

/** Start of the modelled rules: the 2021–2025 transition period (《意见》, 2021-03). */
export const FROM = '2021-01-01' as const
