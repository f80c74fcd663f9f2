/**
 * The documents behind the source tags of `legal.ts`, named as officials name them: 《最低生活保障审核确认办法》
 * （民发〔2021〕57号）rather than the research note that found it. These are what screens show; `SOURCE_TITLES` keeps
 * the notes (where each text was read) for the people who maintain the model. A source that is no official text
 * (a system's field list, local practice seen in several places, a design choice) is named for what it is, and a
 * value resting only on local practice or a choice reads 地方默认值，待核定: set by the province or county, to be
 * confirmed.
 */
import type { LegalRef, LegalStatus } from '../engine/ir.ts'
import type { SourceId } from './legal.ts'

/** A text in both languages. */
export interface DocumentTitle {
  zh: string
  en: string
}

const d = (zh: string, en: string): DocumentTitle => ({ zh, en })

/** The document each source tag stands for. */
export const SOURCE_DOCUMENTS: Record<SourceId, DocumentTitle> = {
  S0: d(
    '《中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》',
    'Opinions of the CPC Central Committee and the State Council on consolidating poverty alleviation gains and rural revitalisation',
  ),
  S1: d(
    '《关于健全防止返贫动态监测和帮扶机制的指导意见》（中农组发〔2021〕7号）',
    'Guiding opinions on the dynamic monitoring and assistance mechanism to prevent a return to poverty (2021 No. 7)',
  ),
  S2: d('秦安县 防止返贫监测对象政策问答', 'Qin’an county: questions and answers on monitoring targets'),
  S3: d(
    '海南省 防止返贫监测帮扶政策问答（2021年）',
    'Hainan province: questions and answers on monitoring and assistance (2021)',
  ),
  S4: d('永城市 监测户识别纳入程序（2024年）', 'Yongcheng: procedure for identifying monitoring households (2024)'),
  S5: d('枞阳县 监测对象识别标准和程序（2024年）', 'Zongyang county: identification standard and procedure (2024)'),
  S6: d('大姚县、德钦县 防止返贫监测政策问答', 'Dayao and Deqin counties: questions and answers on monitoring'),
  S7: d('全国防返贫监测信息系统 数据质量校验规则', 'National monitoring information system: data-quality rules'),
  S8: d(
    '全国防返贫监测信息系统 采集指标（收支情况）',
    'National monitoring information system: collected indicators (income and expenditure)',
  ),
  S9: d('防止返贫监测 风险类型目录', 'Monitoring: list of risk types'),
  S10: d(
    '延安市县级 防止返贫动态监测和帮扶实施方案（2021年）',
    'A county of Yan’an: implementation plan for monitoring and assistance (2021)',
  ),
  S11: d('各地 防止返贫监测范围（收入标准）公告', 'Local announcements of the monitoring income threshold'),
  S12: d('定南县 防止返贫监测收入计算口径（2024年）', 'Dingnan county: income period for monitoring (2024)'),
  S13: d('中山镇 风险消除工作通知（2024年）', 'Zhongshan township: notice on risk elimination (2024)'),
  S14: d('2026年中央一号文件', 'The 2026 No. 1 central document'),
  S15: d('2025年中央一号文件', 'The 2025 No. 1 central document'),
  S16: d(
    '2024年中央一号文件 及 低收入人口常态化帮扶有关部署',
    'The 2024 No. 1 central document and the regular assistance of low-income people',
  ),
  S17: d(
    '《最低生活保障审核确认办法》（民发〔2021〕57号）',
    'Measures for reviewing and confirming subsistence allowances (2021 No. 57)',
  ),
  S18: d('各地 单人户纳入低保的规定', 'Local rules on single-person households in the subsistence allowance'),
  S19: d('各地 低保边缘家庭和支出型困难家庭认定规定', 'Local rules on near-dibao and expenditure-hardship families'),
  S20: d(
    '《兴安盟低保边缘家庭认定办法（试行）》（2025年）',
    'Hinggan League: measures for identifying near-dibao families (trial, 2025)',
  ),
  S21: d('揭阳市 低保家庭财产状况认定规定', 'Jieyang: rules on the property of dibao families'),
  S22: d('赣州市 低保渐退和就业成本扣减规定', 'Ganzhou: rules on gradual exit and deduction of employment costs'),
  S23: d('郑州市中原区 低保审核审批信息（2023年）', 'Zhongyuan district, Zhengzhou: dibao review and approval (2023)'),
  S24: d('咸阳市 低保分类施保规定', 'Xianyang: classification of dibao households'),
  S25: d(
    '《特困人员认定办法》（民发〔2021〕43号）',
    'Measures for identifying persons in extreme poverty (2021 No. 43)',
  ),
  S26: d(
    '特困人员生活自理能力评估规定（湖南省、河南省）',
    'Self-care assessment of persons in extreme poverty (Hunan, Henan)',
  ),
  S27: d('各地 特困人员救助供养标准', 'Local support standards for persons in extreme poverty'),
  S28: d('各地 特困人员认定程序', 'Local procedures for identifying persons in extreme poverty'),
  S29: d(
    '《关于进一步加强和改进临时救助工作的意见》（民发〔2018〕23号）及各地实施办法',
    'Opinions on temporary relief (2018 No. 23) and local measures',
  ),
  S30: d(
    '《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》（2023年）',
    'Opinions on monitoring low-income people and tiered social assistance (2023)',
  ),
  S31: d(
    '城乡居民基本养老保险 困难群体代缴保费规定（广东省等）',
    'Payment of pension premiums on behalf of people in difficulty (Guangdong and others)',
  ),
  S32: d(
    '《贵州省乡村公益性岗位开发管理办法》及各地公益性岗位管理规定',
    'Guizhou measures on rural public-welfare posts, and local rules',
  ),
  S33: d('东西部协作 结对关系和考核评价有关文件', 'East–West cooperation: pairings and assessment documents'),
  S34: d('国家乡村振兴重点帮扶县名单', 'List of key counties for rural revitalisation assistance'),
  S35: d('广西壮族自治区 就业帮扶车间认定和扶持办法', 'Guangxi: recognition and support of assistance workshops'),
  S36: d('国家发展改革委 以工代赈有关政策（2023年）', 'NDRC: work-relief policies (2023)'),
  S37: d(
    '财政部 脱贫地区农副产品网络销售平台（832平台）采购有关通知',
    'Ministry of Finance: notices on procurement through the 832 platform',
  ),
  S38: d(
    '《关于深入扎实做好过渡期脱贫人口小额信贷工作的通知》（银保监发〔2021〕6号）',
    'Notice on microcredit for people lifted out of poverty in the transition period (2021 No. 6)',
  ),
  S39: d('雨露计划 职业教育补助政策', 'Yulu plan: vocational education subsidies'),
  S40: d(
    '各地 防止返贫监测预警指标（医保、民政等部门）',
    'Local warning indicators for monitoring (medical insurance, civil affairs)',
  ),
  S41: d('农村饮水安全评价准则', 'Evaluation criteria for rural drinking-water safety'),
  S42: d('农村住房安全性鉴定等级（A、B、C、D级）', 'Safety grades of rural housing (A–D)'),
  S43: d(
    '《公民身份号码》（GB 11643）及统计用区划代码',
    'Citizen identification number (GB 11643) and statistical division codes',
  ),
  S44: d('监测帮扶“八必访”工作要求', 'The “eight must-visit” requirement'),
  S45: d('安徽省 防止返贫监测范围和收入计算口径（2020年）', 'Anhui: monitoring scope and income period (2020)'),
  S46: d('脱贫攻坚成果统计数据', 'Statistics of the poverty alleviation campaign'),
  S47: d(
    '《最低生活保障审核审批办法（试行）》（2012年）',
    'Measures for reviewing and approving subsistence allowances (trial, 2012)',
  ),
  S48: d(
    '《山东省健全防止返贫动态监测和帮扶机制工作指南》（2023年）',
    'Shandong: working guide to monitoring and assistance (2023)',
  ),
  S49: d('扶贫项目资产分类管理规定', 'Classification of assets from poverty alleviation projects'),
  S50: d('各地 低保民主评议和回避规定', 'Local rules on democratic appraisal and recusal'),
  S51: d('农户人均纯收入计算方法', 'Method for computing per-capita net income of households'),
  S52: d('淄博市 低保家庭收入认定规定', 'Zibo: rules on the income of dibao families'),
  S53: d('村级 监测对象纳入标准（2023年）', 'A village’s inclusion standard for monitoring targets (2023)'),
  S54: d('甘肃省 防止返贫监测发现渠道和关联监测规定', 'Gansu: discovery channels and linked monitoring'),
  S55: d('监测帮扶“一户一方案”工作要求', 'The “one plan per household” requirement'),
  S56: d('防止返贫监测数据平台和风险消除回退规定', 'Monitoring data platform and rollback of risk elimination'),
  S57: d(
    '固镇县 防止返贫监测工作规定（2022年）及四川省有关政策（2023年）',
    'Guzhen county (2022) and Sichuan province (2023): monitoring rules',
  ),
  S58: d('防止返贫监测范围（收入标准）示例', 'Example of the monitoring income threshold'),
  S59: d('防止返贫监测帮扶工作原则', 'Principles of monitoring and assistance'),
  S60: d('风险消除后帮扶措施延续规定', 'Continuation of measures after risk elimination'),
  S61: d('低保家庭成员认定特殊情形和消费条件规定', 'Special cases of dibao family members and consumption conditions'),
  S62: d(
    '《社会救助暂行办法》第十二条（差额发放）',
    'Interim measures on social assistance, Article 12 (paying the difference)',
  ),
  S63: d('各地 特困人员认定规定（旧版）', 'Earlier local rules on persons in extreme poverty'),
  S64: d('海口市 低保终止情形规定（2024年）', 'Haikou: situations ending a subsistence allowance (2024)'),
  S65: d('哈尔滨市 特困人员照料护理标准', 'Harbin: care standards for persons in extreme poverty'),
  S66: d('甘肃省 监测对象识别时限规定', 'Gansu: time limits for identifying monitoring targets'),
  S67: d(
    '中央一号文件 先行落实帮扶措施和脱贫劳动力务工规模要求',
    'No. 1 documents: measures first, and migrant work targets',
  ),
  S68: d('县级监测帮扶措施目录', 'County list of measures by risk type'),
  S69: d('监测户月度核实工作要求', 'Monthly verification of monitoring households'),
  S70: d('特困人员申请材料规定（“一证两书”）', 'Application documents for persons in extreme poverty'),
  S71: d('公益性岗位清退情形规定', 'Situations ending a public-welfare post'),
  S72: d('监测帮扶“五访”工作要求', 'The “five visits” requirement'),
  S73: d('枞阳县 监测对象风险消除标准', 'Zongyang county: standard for eliminating risk'),
  S74: d('广州市 乡村公益性岗位补贴规定', 'Guangzhou: allowances of rural public-welfare posts'),
  MEM: d('地方默认值，待核定', 'Local default, to be confirmed'),
  ASSUMPTION: d('地方默认值，待核定', 'Local default, to be confirmed'),
}

/** How a value stands, in officials' words: resting on a text, or a default the province or county must confirm. */
export function standing(status: LegalStatus | undefined): DocumentTitle {
  return status === 'SOURCED' || status === undefined
    ? d('有文件依据', 'Based on a document')
    : d('地方默认值，待核定', 'Local default, to be confirmed')
}

/** The document a citation refers to, named as officials name it (its own title when it is not a source tag). */
export function documentOf(ref: Pick<LegalRef, 'id' | 'title'>): DocumentTitle {
  return (SOURCE_DOCUMENTS as Record<string, DocumentTitle | undefined>)[ref.id] ?? d(ref.title, ref.title)
}
