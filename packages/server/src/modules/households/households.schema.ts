import { z } from 'zod'
import {
  Fen,
  FreeText,
  HOUSING_M2_MAX,
  IsoDate,
  LAND_MU_MAX,
  Line,
  MapKey,
  PageQuery,
  Quantity,
  RegionCode,
} from '../../platform/schema.ts'
import {
  decreaseReasons,
  educationLevels,
  healthStates,
  householdTypes,
  housingGrades,
  idTypes,
  labourSkills,
  lowIncomeGroups,
  relations,
  riskTypes,
  schoolStatuses,
  workStatuses,
} from './codes.ts'

const codes = <T extends readonly { code: string }[]>(t: T) =>
  z.enum(t.map((v) => v.code) as [T[number]['code'], ...T[number]['code'][]])

const Phone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, 'a mobile (11 digits) or a landline with area code')

export const PersonFields = z.strictObject({
  name: Line(40, 1).describe('姓名'),
  idType: codes(idTypes).default('RESIDENT_ID').describe('证件类型'),
  idNumber: Line(30, 1).describe('证件号码 (GB 11643 for resident IDs)'),
  gender: z
    .union([z.literal(1), z.literal(2), z.literal(0), z.literal(9)])
    .optional()
    .describe('1 男 2 女'),
  birthDate: IsoDate.optional().describe('Defaults to the date in the ID number'),
  ethnicity: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .describe('GB/T 3304 code'),
  relationToHead: codes(relations).describe('与户主关系'),
  education: codes(educationLevels).optional(),
  schoolStatus: codes(schoolStatuses).optional(),
  dropoutReason: Line(40).optional(),
  health: codes(healthStates).default('HEALTHY'),
  labourSkill: codes(labourSkills).default('ORDINARY'),
  disabilityCertNo: Line(22).optional().describe('第二代残疾人证号 (20 characters)'),
  workStatus: codes(workStatuses).optional(),
  workPlace: Line(100).optional(),
  workMonths: z.number().int().min(0).max(12).optional(),
  insurance: z.record(MapKey, z.boolean()).optional(),
  phone: Phone.optional(),
  bankAccount: z
    .string()
    .regex(/^\d{12,30}$/)
    .optional(),
})
export type PersonFields = z.infer<typeof PersonFields>

export const HouseholdFields = z.strictObject({
  householdNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{6,30}$/)
    .optional()
    .describe('户编号; generated when absent'),
  regionCode: RegionCode.describe('Village (level 5) code'),
  naturalVillage: Line(60).optional(),
  address: Line(200).optional(),
  phone: Phone.optional(),
  householdType: codes(householdTypes),
  isFormerlyPoor: z.boolean().default(false),
  tuopinYear: z.number().int().min(2014).max(2020).optional(),
  relocated: z.boolean().default(false),
  resettlementSite: Line(100).optional(),
  militaryFamily: z.boolean().default(false),
  monitorContactName: Line(40).optional(),
  monitorContactPhone: Phone.optional(),
  land: z.record(MapKey, Quantity(0, LAND_MU_MAX)).optional().describe(`mu by land type (each ≤ ${LAND_MU_MAX})`),
  housing: z
    .strictObject({
      area: Quantity(0, HOUSING_M2_MAX).optional().describe('m²'),
      dangerGrade: codes(housingGrades).optional(),
      renovated: z.boolean().optional(),
    })
    .optional(),
  livingConditions: z.record(MapKey, z.unknown()).optional(),
})

export const CreateHousehold = HouseholdFields.extend({
  members: z.array(PersonFields).min(1).max(30),
})
export type CreateHousehold = z.infer<typeof CreateHousehold>

export const UpdateHousehold = HouseholdFields.omit({ regionCode: true, householdNo: true })
  .partial()
  .extend({ version: z.number().int().min(1).describe('The version you edited (optimistic concurrency)') })
  .strict()
export type UpdateHousehold = z.infer<typeof UpdateHousehold>

export const UpdatePerson = PersonFields.partial()
  .extend({ version: z.number().int().min(1).describe('Household version you edited') })
  .strict()
export type UpdatePerson = z.infer<typeof UpdatePerson>

export const AddMember = z.strictObject({
  version: z.number().int().min(1),
  date: IsoDate,
  reason: Line(60, 1).describe('e.g. 出生, 婚入, 迁入'),
  person: PersonFields,
})

export const NaturalDecrease = z.strictObject({
  version: z.number().int().min(1),
  date: IsoDate,
  reason: codes(decreaseReasons),
  note: FreeText(200).optional(),
})

export const MoveMember = z.strictObject({
  version: z.number().int().min(1).describe('Version of the household the person leaves'),
  toHouseholdId: z.string().uuid(),
  toVersion: z.number().int().min(1),
  relationToHead: codes(relations),
  date: IsoDate,
})

export const SplitHousehold = z.strictObject({
  version: z.number().int().min(1),
  date: IsoDate,
  personIds: z.array(z.string().uuid()).min(1).max(30),
  newHeadId: z.string().uuid(),
  relations: z.record(z.string().uuid(), codes(relations)).describe('New relation to the new head, per person'),
  regionCode: RegionCode.optional(),
})

export const MergeHouseholds = z.strictObject({
  version: z.number().int().min(1).describe('Version of the household that remains'),
  fromHouseholdId: z.string().uuid(),
  fromVersion: z.number().int().min(1),
  date: IsoDate,
  relations: z
    .record(z.string().uuid(), codes(relations))
    .describe('Relation to the remaining head, per moving person'),
})

export const HouseholdParams = z.object({ id: z.string().uuid() })
export const PersonParams = z.object({ id: z.string().uuid(), personId: z.string().uuid() })

export const HouseholdQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .max(40)
    .optional()
    .describe('Name, pinyin, initials, ID number (or its last digits), household number or phone'),
  region: z
    .string()
    .regex(/^\d{2,12}$/)
    .optional()
    .describe('Region-code prefix inside your scope'),
  householdType: codes(householdTypes).optional(),
  monitoringStatus: Line(30).optional(),
  lowIncomeGroup: codes(lowIncomeGroups).optional(),
  riskType: codes(riskTypes).optional().describe('A risk named by the household’s latest assistance plan'),
  ageMin: z.coerce.number().int().min(0).max(120).optional(),
  ageMax: z.coerce.number().int().min(0).max(120).optional(),
  disabled: z.enum(['true', 'false']).optional().describe('Has a member with a disability certificate'),
  noLabour: z.enum(['true', 'false']).optional().describe('Whole household without labour capacity'),
  sort: z.enum(['householdNo', 'updatedAt', 'region']).default('householdNo'),
  asOf: IsoDate.optional(),
}).strict()
export type HouseholdQuery = z.infer<typeof HouseholdQuery>

export const AsOfQuery = z.strictObject({
  asOf: IsoDate.optional().describe('The household as it stood at the end of this day'),
})

export const RevealBody = z.strictObject({
  personId: z.string().uuid().optional(),
  field: z.enum(['idNumber', 'phone', 'bankAccount']),
})

export const GuaranteeFields = z.strictObject({
  foodClothingOk: z.boolean().describe('不愁吃、不愁穿'),
  compulsoryEducationOk: z.boolean().describe('义务教育有保障'),
  medicalInsuranceOk: z.boolean().describe('基本医疗有保障'),
  housingSafetyOk: z.boolean().describe('住房安全有保障'),
  drinkingWaterOk: z.boolean().describe('饮水安全有保障'),
  housingDamaged: z.boolean().optional().describe('住房损毁'),
  waterFacilityDamaged: z.boolean().optional().describe('饮水设施损毁'),
  details: z.record(MapKey, FreeText(500)).optional().describe('Notes per check'),
})

export const RecordAssessment = z.strictObject({
  version: z.number().int().min(1).describe('Household version you edited'),
  type: z
    .enum(['ANNUAL', 'REVIEW'])
    .default('ANNUAL')
    .describe('年度 or 复核; identification/elimination come from their cases'),
  date: IsoDate.describe('Assessment date: the window is the 12 months up to it'),
  items: z
    .record(MapKey, Fen.nullable())
    .optional()
    .describe(
      'Item code → amount in fen over the window; items left out keep the latest assessment’s amount, null removes one',
    ),
  claimIncome: Fen.optional().describe('家庭理赔收入 (fen)'),
  compliantSelfPaid: Fen.optional().describe('合规自付支出 (fen)'),
  guarantees: GuaranteeFields.optional().describe('三保障和饮水安全 checked at the same visit'),
})
export type RecordAssessment = z.infer<typeof RecordAssessment>

export const RecordGuaranteeCheck = GuaranteeFields.extend({
  version: z.number().int().min(1).describe('Household version you edited'),
  date: IsoDate,
}).strict()
export type RecordGuaranteeCheck = z.infer<typeof RecordGuaranteeCheck>
