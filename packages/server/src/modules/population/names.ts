/**
 * Chinese names for synthetic persons: a surname frequency table per ethnic group and given names composed from
 * characters typical of a birth cohort and sex, plus common names of Islamic origin (经名) used by 东乡族 and 回族
 * families. Sources and assumptions are listed in docs/synthetic-population.md (§ Names).
 */
import { pinyinOf } from '../households/pinyin.ts'
import { type Rng, Weighted } from './random.ts'

/** Han surnames: order of the 2020 national name report (公安部户政管理研究中心); weights are ASSUMPTION (% of people). */
const hanSurnames = new Weighted<string>([
  ['王', 7.1],
  ['李', 7.0],
  ['张', 6.7],
  ['刘', 5.4],
  ['陈', 4.5],
  ['杨', 3.1],
  ['黄', 2.2],
  ['赵', 2.0],
  ['吴', 1.8],
  ['周', 1.7],
  ['马', 1.5],
  ['徐', 1.4],
  ['孙', 1.3],
  ['朱', 1.2],
  ['胡', 1.2],
  ['郭', 1.1],
  ['何', 1.1],
  ['高', 1.0],
  ['林', 1.0],
  ['罗', 0.9],
  ['魏', 0.8],
  ['韩', 0.8],
  ['冯', 0.7],
  ['董', 0.7],
  ['苏', 0.6],
  ['牛', 0.5],
  ['祁', 0.4],
  ['汪', 0.4],
  ['康', 0.3],
  ['包', 0.2],
])

/** 东乡族 surnames (ASSUMPTION: 马 dominant, then 妥/汪/何/唐…, from county gazetteer-style descriptions). */
const dongxiangSurnames = new Weighted<string>([
  ['马', 40],
  ['妥', 6],
  ['汪', 6],
  ['何', 5],
  ['唐', 5],
  ['张', 5],
  ['赵', 4],
  ['陈', 4],
  ['韩', 3],
  ['杨', 3],
  ['龙', 3],
  ['王', 3],
  ['李', 3],
  ['哈', 2],
  ['苏', 2],
  ['沙', 2],
  ['穆', 2],
  ['包', 2],
])

/** 回族 surnames (ASSUMPTION; 马 dominant in 临夏). */
const huiSurnames = new Weighted<string>([
  ['马', 36],
  ['王', 6],
  ['李', 5],
  ['张', 4],
  ['冶', 4],
  ['白', 4],
  ['丁', 4],
  ['杨', 4],
  ['海', 3],
  ['哈', 3],
  ['沙', 3],
  ['穆', 3],
  ['韩', 3],
  ['何', 3],
  ['苏', 3],
  ['赵', 3],
  ['锁', 2],
  ['喇', 2],
  ['米', 2],
  ['周', 2],
])

/** Islamic-origin given names in common transcription (ASSUMPTION list). */
const islamicMale = [
  '尔萨',
  '穆萨',
  '哈三',
  '伊斯哈',
  '舍木',
  '尕西木',
  '阿卜杜',
  '优素福',
  '易卜拉',
  '麦如',
  '主麻',
  '阿里',
  '胡赛尼',
  '尔里',
  '哈克',
  '牙古柏',
  '达吾德',
  '依斯麻',
  '尔林',
  '哈比布',
]
const islamicFemale = [
  '法图麦',
  '阿依舍',
  '麦燕',
  '哈毕拜',
  '赛力麦',
  '尔比燕',
  '麦热燕',
  '海丽麦',
  '米乃',
  '则乃拜',
  '阿米乃',
  '主尼',
  '古麦',
  '法蒂麦',
  '白麦',
  '哈丽麦',
  '索菲亚',
  '阿西燕',
]

/** Given-name characters by cohort and sex (ASSUMPTION, after cohort name lists of the 2020 name report). */
const chars = {
  old: {
    male: '国建明军华平福祥忠海德成永春林山贵生文全喜富宝荣顺清'.split(''),
    female: '秀英兰桂芳玉凤珍花梅淑琴莲香菊翠霞云芬娥'.split(''),
  },
  mid: {
    male: '伟强磊军勇涛斌杰鹏超刚辉波亮峰鑫龙飞俊东志红兵文'.split(''),
    female: '丽娟敏静燕艳红霞玲芳娜丹慧琴萍秀莉梅婷雪'.split(''),
  },
  young: {
    male: '浩宇轩子睿博泽辰皓铭俊逸涵豪晨阳奕航一天鹏杰宸然'.split(''),
    female: '欣怡梓涵诗雨佳萱可馨语彤婷悦雅思依梦琪瑶诺桐妍'.split(''),
  },
} as const

export type NameStyle = 'HAN' | 'DONGXIANG' | 'HUI'

/** A surname for a household of this name style. */
export function surname(rng: Rng, style: NameStyle): string {
  if (style === 'DONGXIANG') return dongxiangSurnames.sample(rng)
  if (style === 'HUI') return huiSurnames.sample(rng)
  return hanSurnames.sample(rng)
}

/** A given name for a person born in `birthYear`. */
export function givenName(rng: Rng, style: NameStyle, male: boolean, birthYear: number): string {
  // Share of Islamic-origin given names among 东乡族/回族, higher in older cohorts (ASSUMPTION).
  if (style !== 'HAN' && rng.chance(birthYear < 1980 ? 0.55 : birthYear < 2000 ? 0.4 : 0.3)) {
    return rng.pick(male ? islamicMale : islamicFemale)
  }
  const cohort = birthYear < 1965 ? chars.old : birthYear < 1995 ? chars.mid : chars.young
  const pool = male ? cohort.male : cohort.female
  // One-character given names: about 15 % overall, rarer in young cohorts (ASSUMPTION).
  if (rng.chance(birthYear < 1995 ? 0.2 : 0.08)) return rng.pick(pool)
  let second = rng.pick(pool)
  const first = rng.pick(pool)
  if (second === first) second = rng.pick(pool)
  return first + second
}

const pinyinCache = new Map<string, { full: string; initials: string }>()

/** `pinyinOf(name)` with a bounded cache: names repeat a lot in a county. */
export function cachedPinyin(name: string): { full: string; initials: string } {
  let p = pinyinCache.get(name)
  if (!p) {
    if (pinyinCache.size > 200_000) pinyinCache.clear()
    p = pinyinOf(name)
    pinyinCache.set(name, p)
  }
  return p
}
