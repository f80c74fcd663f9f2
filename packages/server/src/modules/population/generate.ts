/**
 * The population generator: pure and deterministic. For one village and a number of persons it yields households
 * one at a time, each with its rows for every table and a few figures for the run's statistics. No I/O; the only
 * state shared across villages is the ID-number allocator.
 */
import { composeHousehold } from './family.ts'
import { dayDate, dayIndex, type IdAllocator } from './idnumber.ts'
import { assessIncome } from './income.ts'
import { cachedPinyin, givenName, surname } from './names.ts'
import { personTraits } from './person.ts'
import { type CountyProfile, type Ethnicity, MONITORING_THRESHOLD_YUAN, REGISTRY_START } from './profile.ts'
import { Rng, Weighted } from './random.ts'
import type { Batch } from './rows.ts'

export interface VillageInfo {
  /** 12-digit village code. */
  code: string
  name: string
  townshipName: string
  countyName: string
}

export interface GenerateContext {
  county: string
  profile: CountyProfile
  seed: string
  /** Reference date YYYY-MM-DD: ages, assessment window, check date. */
  asOf: string
  ids: IdAllocator
}

/** Figures of one household for the run's statistics. */
export interface HouseholdStats {
  size: number
  ages: number[]
  males: number
  perCapitaNetYuan: number
  formerlyPoor: boolean
  dibao: boolean
  tekun: boolean
}

const tuopinYears = new Weighted<number>([
  [2014, 5],
  [2015, 8],
  [2016, 10],
  [2017, 12],
  [2018, 18],
  [2019, 25],
  [2020, 22],
])
const mobilePrefixes = [
  '139',
  '138',
  '137',
  '151',
  '152',
  '157',
  '187',
  '188',
  '133',
  '153',
  '180',
  '181',
  '189',
  '177',
  '199',
  '130',
  '131',
  '132',
  '155',
  '156',
  '185',
  '186',
  '176',
  '198',
]
const helperUnits = [
  '县农业农村局',
  '县教育局',
  '县卫生健康局',
  '县民政局',
  '县人社局',
  '县财政局',
  '县水务局',
  '县住建局',
  '乡镇人民政府',
  '县自然资源局',
]

function helperUnit(unit: string, village: VillageInfo): string {
  return unit === '乡镇人民政府' ? `${village.townshipName}人民政府` : `${village.countyName}${unit.replace(/^县/, '')}`
}

function mobile(rng: Rng): string {
  return rng.pick(mobilePrefixes) + String(rng.int(0, 99_999_999)).padStart(8, '0')
}

function ageAt(birth: string, asOf: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number]
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number]
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0)
}

/** Village committee name without the committee suffix: 巴牙村委会 → 巴牙村. */
export function villageShortName(name: string): string {
  return name.replace(/(村民委员会|村委会)$/, '村').replace(/(社区居民委员会|居民委员会|居委会)$/, '社区')
}

/** A household number: 12-digit village code + 4 characters (0001–9999, then A000–Z999 in very large villages). */
export function householdNo(village: string, seq: number): string {
  if (seq <= 9999) return `${village}${String(seq).padStart(4, '0')}`
  const over = seq - 10_000
  if (over >= 26_000) throw new Error(`village ${village} has more than 35,999 households`)
  return `${village}${String.fromCharCode(65 + Math.floor(over / 1000))}${String(over % 1000).padStart(3, '0')}`
}

/**
 * Yields the households of `village` holding exactly `persons` persons, numbered from `firstSeq`, appending rows to
 * `batch`. The caller flushes the batch when it is large enough.
 */
export function* generateVillage(
  ctx: GenerateContext,
  village: VillageInfo,
  persons: number,
  firstSeq: number,
  batch: Batch,
): Generator<HouseholdStats> {
  const rng = new Rng(`${ctx.seed}|${ctx.county}|${village.code}|${firstSeq}`)
  const sizes = new Weighted(ctx.profile.householdSize)
  const ethnic = new Weighted<Ethnicity>(ctx.profile.ethnicMix)
  const asOfDay = dayIndex(ctx.asOf)
  const createdAt = new Date(`${ctx.asOf}T00:00:00+08:00`)
  const periodEnd = dayDate(asOfDay - Number(ctx.asOf.slice(8, 10))) // last day of the previous month
  const [endYear, endMonth] = periodEnd.split('-').map(Number) as [number, number]
  // The 12 months before the assessment month (domain.md §5.3).
  const periodStart =
    endMonth === 12 ? `${endYear}-01-01` : `${endYear - 1}-${String(endMonth + 1).padStart(2, '0')}-01`
  const naturalVillages = rng.int(4, 12)
  let left = persons
  let seq = firstSeq
  while (left > 0) {
    const drawn = sizes.sample(rng)
    const size = Math.min(left, drawn === 8 ? rng.int(8, 10) : drawn)
    left -= size
    const hhId = rng.uuid()
    const no = householdNo(village.code, seq++)
    const eth = ethnic.sample(rng)
    const sketch = composeHousehold(rng, size, ctx.profile)
    const headSurname = surname(rng, eth.style)
    const formerlyPoor = rng.chance(ctx.profile.formerlyPoorShare)
    const cultivated = Math.round((2 + rng.next() * 1.2 * size) * 10) / 10
    const land: Record<string, number> = {
      cultivated,
      irrigated: rng.chance(0.2) ? Math.round(cultivated * 3) / 10 : 0,
    }
    if (rng.chance(0.4)) land.grainToGreen = rng.int(1, 6)
    if (rng.chance(0.1)) land.orchard = rng.int(1, 3)
    if (rng.chance(0.15)) land.forest = rng.int(1, 10)

    const members = sketch.map((s) => {
      const sur = s.headSurname ? headSurname : surname(rng, eth.style)
      const ethnicity = s.headSurname || rng.chance(0.95) ? eth : ethnic.sample(rng)
      const birthGuess = dayDate(asOfDay - Math.floor(s.age * 365.25) - rng.int(1, 364))
      const { id, birthDate } = ctx.ids.allocate(birthGuess, s.male, rng.int(0, 498))
      const name = sur + givenName(rng, ethnicity.style, s.male, Number(birthDate.slice(0, 4)))
      const age = ageAt(birthDate, ctx.asOf)
      return { s, id, birthDate, age, name, ethnicity, traits: personTraits(rng, age, s.male), personId: rng.uuid() }
    })
    const head = members[0]!
    const income = assessIncome(rng, {
      members: members.map((m) => ({ age: m.age, traits: m.traits })),
      formerlyPoor,
      land,
    })
    const phone = rng.chance(0.65) ? mobile(rng) : null
    const grades = rng.next()
    const grade = grades < 0.6 ? 'A' : grades < 0.975 ? 'B' : grades < 0.995 ? 'C' : 'D'
    const renovated = (grade === 'C' || grade === 'D') && rng.chance(0.3)
    const housing = {
      area: Math.round(40 + size * 18 + rng.next() * 40),
      dangerGrade: grade,
      renovated: renovated || (formerlyPoor && grade !== 'C' && grade !== 'D' && rng.chance(0.35)),
    }
    const water = {
      quantity: rng.chance(0.995),
      quality: rng.chance(0.995),
      convenience: rng.chance(0.99),
      assurance: rng.chance(0.995),
      piped: rng.chance(0.93),
    }
    const waterOk = water.quantity && water.quality && water.convenience && water.assurance
    const noLabour = members.every((m) => m.traits.labourSkill === 'LOST' || m.traits.labourSkill === 'NONE')
    const groups: string[] = []
    if (income.dibao) groups.push('DIBAO')
    if (income.tekun) groups.push('TEKUN')
    const py = cachedPinyin(head.name)
    const relocated = formerlyPoor && rng.chance(0.06)
    const nv = `${rng.int(1, naturalVillages)}社`
    batch.household.push([
      hhId,
      no,
      ctx.county,
      village.code,
      nv,
      `${village.countyName}${village.townshipName}${villageShortName(village.name)}${nv}${rng.int(1, 150)}号`,
      phone,
      head.personId,
      formerlyPoor ? 'TUOPIN' : 'GENERAL',
      formerlyPoor,
      formerlyPoor ? tuopinYears.sample(rng) : null,
      relocated,
      relocated ? `${village.townshipName}易地扶贫搬迁集中安置点` : null,
      rng.chance(0.005),
      noLabour,
      null,
      null,
      land,
      {
        roadType: rng.pick(['水泥路', '水泥路', '水泥路', '沙石路', '土路']),
        distanceToMainRoadKm: Math.round(rng.next() * 30) / 10,
        electricity: true,
        broadcastTv: rng.chance(0.97),
        fuel: rng.pick(['柴草', '煤炭', '煤炭', '电', '液化气']),
        sanitaryToilet: rng.chance(0.7),
        cooperative: rng.chance(formerlyPoor ? 0.5 : 0.2),
      },
      housing,
      {},
      'NONE',
      groups,
      'ACTIVE',
      `${head.name} ${py.full} ${py.initials} ${no}`.toLowerCase(),
      1,
      createdAt,
      null,
      createdAt,
      null,
    ])
    let males = 0
    let dropout = false
    let uninsured = false
    for (const m of members) {
      if (m.s.male) males++
      const t = m.traits
      if (t.schoolStatus === 'DROPOUT') dropout = true
      if (m.age >= 1 && !t.insurance.residentMedical && !t.insurance.employeeMedical) uninsured = true
      const p = cachedPinyin(m.name)
      const cert = t.disability ? `${m.id}${t.disability.category}${t.disability.level}` : null
      batch.person.push([
        m.personId,
        hhId,
        ctx.county,
        village.code,
        m.name,
        p.full,
        p.initials,
        m.age < 16 && rng.chance(0.5) ? 'HOUSEHOLD_BOOKLET' : 'RESIDENT_ID',
        m.id,
        m.s.male ? 1 : 2,
        m.birthDate,
        m.ethnicity.code,
        null,
        m.s.relation,
        t.education,
        t.schoolStatus,
        t.dropoutReason,
        t.health,
        t.labourSkill,
        cert,
        t.disability?.category ?? null,
        t.disability?.level ?? null,
        t.workStatus,
        t.workPlace,
        t.workMonths,
        t.insurance,
        {
          dibao: income.dibao,
          tekun: income.tekun,
          medicalAssistance: (income.dibao || income.tekun) && t.health !== 'HEALTHY',
          relocated,
        },
        m === head ? phone : m.age >= 18 && m.age < 60 && rng.chance(0.3) ? mobile(rng) : null,
        null,
        'ACTIVE',
        null,
        null,
        1,
        createdAt,
        createdAt,
      ])
      batch.membership.push([
        rng.uuid(),
        m.personId,
        hhId,
        ctx.county,
        m.s.relation,
        [m.birthDate, REGISTRY_START].sort()[1] as string,
        null,
        'SEED',
        null,
      ])
    }
    batch.income_assessment.push([
      rng.uuid(),
      hhId,
      ctx.county,
      village.code,
      'ANNUAL',
      periodStart,
      periodEnd,
      income.items,
      income.wage,
      income.business,
      income.property,
      income.transfer,
      income.businessCosts,
      income.claimIncome,
      income.compliantSelfPaid,
      income.netIncome,
      income.householdSize,
      income.perCapitaNet,
      income.referenceIncome,
      income.perCapitaReference,
      createdAt,
      null,
    ])
    const foodOk = rng.chance(0.999)
    batch.guarantee_check.push([
      rng.uuid(),
      hhId,
      ctx.county,
      ctx.asOf,
      foodOk,
      !dropout,
      !uninsured,
      grade === 'A' || grade === 'B' || renovated || relocated,
      waterOk,
      false,
      false,
      { housingGrade: grade, water },
      createdAt,
      null,
    ])
    if (formerlyPoor) {
      const helperMale = rng.chance(0.6)
      const helperSurname = surname(rng, rng.chance(0.7) ? 'HAN' : eth.style)
      batch.household_helper.push([
        rng.uuid(),
        hhId,
        ctx.county,
        null,
        helperSurname + givenName(rng, 'HAN', helperMale, rng.int(1968, 1998)),
        helperUnit(rng.pick(helperUnits), village),
        mobile(rng),
        dayDate(dayIndex('2016-01-01') + rng.int(0, 2000)),
        null,
      ])
    }
    yield {
      size,
      ages: members.map((m) => m.age),
      males,
      perCapitaNetYuan: income.perCapitaNet / 100,
      formerlyPoor,
      dibao: income.dibao,
      tekun: income.tekun,
    }
  }
}

/** True when a per-capita net income (yuan) is within ±20 % of the monitoring threshold. */
export function nearThreshold(perCapitaYuan: number, threshold = MONITORING_THRESHOLD_YUAN): boolean {
  return perCapitaYuan >= threshold * 0.8 && perCapitaYuan <= threshold * 1.2
}
