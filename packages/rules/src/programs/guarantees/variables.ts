/** 两不愁三保障和饮水安全 (domain.md §5.4): each check from the fields a visit records. */
import { age, isActive, schoolStatus } from '../common/variables.ts'
import { input, rule } from '../define.ts'
import { assumption, cite } from '../legal.ts'

const S8 = [cite('S8', '三保障和饮水安全')]
const S41 = [cite('S41', '评价准则 2018')]
const S42 = [cite('S42')]

/** 住房安全等级 (county housing department rating; UNRATED = not rated, treated as safe). */
export const HOUSING_GRADE = { enum: ['UNRATED', 'A', 'B', 'C', 'D'] } as const
/** 医疗保险 (§5.2 insurance flags). */
export const MEDICAL_INSURANCE = { enum: ['RESIDENT', 'EMPLOYEE', 'NONE'] } as const

// ---------- inputs ----------
export const foodClothingOk = input('food_clothing_ok', 'household', 'bool', 'month', {
  zh: '不愁吃、不愁穿',
  en: 'Food and clothing secure',
  legal: S8,
  default: true,
})
export const homeSchooling = input('home_schooling', 'person', 'bool', 'month', {
  zh: '因病因残送教上门',
  en: 'Home schooling because of illness or disability',
  legal: S8,
  default: false,
})
export const medicalInsurance = input('medical_insurance', 'person', MEDICAL_INSURANCE, 'month', {
  zh: '基本医疗保险参保',
  en: 'Basic medical insurance',
  legal: S8,
  default: 'RESIDENT',
})
export const insuranceExempt = input('medical_insurance_exempt', 'person', 'bool', 'month', {
  zh: '免于参保（新生儿、现役军人、服刑人员等）',
  en: 'Exempt from insurance (newborn, serving soldier, prisoner…)',
  legal: S8,
  default: false,
})
export const housingGrade = input('housing_grade', 'household', HOUSING_GRADE, 'month', {
  zh: '住房安全等级',
  en: 'Housing safety grade',
  legal: S42,
  default: 'UNRATED',
})
export const housingResolved = input('housing_resolved', 'household', 'bool', 'month', {
  zh: '已改造或搬迁入住',
  en: 'Renovated, or relocation house handed over',
  legal: S42,
  default: false,
})
export const waterDeclaredOk = input('water_declared_ok', 'household', 'bool', 'month', {
  zh: '饮水安全（核查结论）',
  en: 'Drinking water safe (visit conclusion, used when not measured)',
  legal: S8,
  default: true,
})
export const waterMeasured = input('water_measured', 'household', 'bool', 'month', {
  zh: '已按评价准则测评饮水',
  en: 'Water measured against the 2018 criteria',
  legal: S41,
  default: false,
})
export const waterScarceArea = input('water_scarce_area', 'household', 'bool', 'eternity', {
  zh: '缺水地区',
  en: 'Water-scarce area',
  legal: S41,
  default: false,
})
export const waterLitres = input('water_lpcd', 'household', 'number', 'month', {
  zh: '人均日供水量（升）',
  en: 'Water per person per day (L)',
  legal: S41,
  default: 0,
})
export const waterQualityOk = input('water_quality_ok', 'household', 'bool', 'month', {
  zh: '水质达标',
  en: 'Water quality acceptable',
  legal: S41,
  default: false,
})
export const waterPiped = input('water_piped', 'household', 'bool', 'month', {
  zh: '自来水入户',
  en: 'Piped into the house',
  legal: S41,
  default: false,
})
export const waterTripMinutes = input('water_trip_minutes', 'household', 'number', 'month', {
  zh: '单次取水往返时间（分钟）',
  en: 'Minutes per water trip',
  legal: S41,
  default: 0,
})
export const waterHorizontal = input('water_horizontal_m', 'household', 'number', 'month', {
  zh: '取水水平距离（米）',
  en: 'Horizontal distance to water (m)',
  legal: S41,
  default: 0,
})
export const waterVertical = input('water_vertical_m', 'household', 'number', 'month', {
  zh: '取水垂直距离（米）',
  en: 'Vertical distance to water (m)',
  legal: S41,
  default: 0,
})
export const waterOutageDays = input('water_outage_days', 'household', 'number', 'month', {
  zh: '年累计断水天数',
  en: 'Cumulative outage days per year',
  legal: S41,
  default: 0,
})

// ---------- person checks ----------
export const compulsoryAge = rule(
  'compulsory_education_age',
  'person',
  'bool',
  'month',
  {
    zh: '义务教育适龄',
    en: 'Of compulsory-education age',
    legal: [assumption('domain.md §5.4: ages per province (COMPULSORY_EDU_AGE_MIN..MAX).')],
  },
  (x) =>
    x.and(
      x.v(isActive),
      x.ge(x.v(age), x.p('guarantees.compulsory_edu_age_min')),
      x.le(x.v(age), x.p('guarantees.compulsory_edu_age_max')),
    ),
)
export const outOfSchool = rule(
  'out_of_school',
  'person',
  'bool',
  'month',
  {
    zh: '义务教育阶段失学辍学',
    en: 'Compulsory-age child out of school (not home-schooled)',
    legal: S8,
  },
  (x) => x.and(x.v(compulsoryAge), x.is(x.v(schoolStatus), 'NOT_IN_SCHOOL', 'PRESCHOOL'), x.not(x.v(homeSchooling))),
)
export const uninsured = rule(
  'uninsured',
  'person',
  'bool',
  'month',
  { zh: '未参加基本医疗保险', en: 'Not in basic medical insurance (and not exempt)', legal: S8 },
  (x) => x.and(x.v(isActive), x.is(x.v(medicalInsurance), 'NONE'), x.not(x.v(insuranceExempt))),
)

// ---------- household checks ----------
export const compulsoryEducationOk = rule(
  'compulsory_education_ok',
  'household',
  'bool',
  'month',
  { zh: '义务教育有保障', en: 'Compulsory education secure', legal: S8 },
  (x) => x.not(x.any(outOfSchool)),
)
export const medicalInsuranceOk = rule(
  'medical_insurance_ok',
  'household',
  'bool',
  'month',
  { zh: '基本医疗有保障（全员参保）', en: 'Basic medical insurance secure', legal: S8 },
  (x) => x.not(x.any(uninsured)),
)
export const housingSafetyOk = rule(
  'housing_safety_ok',
  'household',
  'bool',
  'month',
  { zh: '住房安全有保障', en: 'Housing safe', legal: S42 },
  (x) =>
    x.cases('housing_safe', { value: x.bool(true), legal: S42 }, [
      { label: 'dangerous_c_or_d', when: x.is(x.v(housingGrade), 'C', 'D'), value: x.bool(false), legal: S42 },
      {
        label: 'renovated_or_relocated',
        exceptionTo: 'dangerous_c_or_d',
        when: x.v(housingResolved),
        value: x.bool(true),
        legal: S42,
      },
    ]),
)
export const waterQuantityOk = rule(
  'water_quantity_ok',
  'household',
  'bool',
  'month',
  { zh: '水量达标', en: 'Water quantity sufficient', legal: S41 },
  (x) =>
    x.ge(x.v(waterLitres), x.where(x.v(waterScarceArea), x.p('water.min_lpcd_scarce'), x.p('water.min_lpcd_rich'))),
)
export const waterConvenient = rule(
  'water_convenient',
  'household',
  'bool',
  'month',
  { zh: '用水方便', en: 'Water convenient (piped, or trip/distance limits)', legal: S41 },
  (x) =>
    x.or(
      x.v(waterPiped),
      x.le(x.v(waterTripMinutes), x.p('water.max_trip_minutes')),
      x.le(x.v(waterHorizontal), x.p('water.max_horizontal_m')),
      x.le(x.v(waterVertical), x.p('water.max_vertical_m')),
    ),
)
export const drinkingWaterOk = rule(
  'drinking_water_ok',
  'household',
  'bool',
  'month',
  { zh: '饮水安全有保障', en: 'Drinking water safe', legal: [...S8, ...S41] },
  (x) =>
    x.cases('water_declared', { value: x.v(waterDeclaredOk), legal: S8 }, [
      {
        label: 'water_measured',
        when: x.v(waterMeasured),
        value: x.and(
          x.v(waterQuantityOk),
          x.v(waterQualityOk),
          x.v(waterConvenient),
          x.le(x.v(waterOutageDays), x.p('water.max_outage_days')),
        ),
        legal: S41,
      },
    ]),
)
export const guaranteesOk = rule(
  'guarantees_ok',
  'household',
  'bool',
  'month',
  {
    zh: '两不愁三保障及饮水安全均有保障',
    en: 'Food, clothing, education, health, housing and water secure',
    legal: S8,
  },
  (x) =>
    x.and(
      x.v(foodClothingOk),
      x.v(compulsoryEducationOk),
      x.v(medicalInsuranceOk),
      x.v(housingSafetyOk),
      x.v(drinkingWaterOk),
    ),
)
