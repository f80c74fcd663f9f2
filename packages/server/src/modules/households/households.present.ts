/**
 * API shapes of the registry; personal data is masked unless the caller may reveal it. A masked ID number never
 * travels with the birth date (the county is known, so the hidden digits are the birth date and the check character
 * settles the rest): without the reveal right a person has an age and no birth date.
 */
import { z } from 'zod'
import { maskers, presentBirth } from '../../platform/privacy.ts'
import type { HouseholdListRow } from './households.repository.ts'
import type { Snapshot } from './households.snapshot.ts'

export const Person = z.object({
  id: z.string(),
  name: z.string(),
  idType: z.string(),
  idNumber: z.string().describe('Masked: first 3 and last 4 characters'),
  gender: z.number(),
  birthDate: z
    .string()
    .nullable()
    .describe('Only for roles that may reveal ID numbers (null otherwise: with the masked number it rebuilds it)'),
  age: z.number(),
  ethnicity: z.string().nullable(),
  relationToHead: z.string(),
  education: z.string().nullable(),
  schoolStatus: z.string().nullable(),
  health: z.string(),
  labourSkill: z.string(),
  disabilityCategory: z.number().nullable(),
  disabilityLevel: z.number().nullable(),
  workStatus: z.string().nullable(),
  workPlace: z.string().nullable(),
  workMonths: z.number().nullable(),
  insurance: z.record(z.string(), z.boolean()),
  phone: z.string().nullable(),
  status: z.string(),
  decreaseReason: z.string().nullable(),
  decreaseDate: z.string().nullable(),
})

/** One field-level change of a version: `household.phone`, `members[张三].id_number`, … (personal data masked). */
export const Change = z.object({
  path: z.string(),
  before: z.unknown().describe('Value before the change (null when added)'),
  after: z.unknown().describe('Value after the change (null when removed)'),
})

/** One entry of `GET /api/households/:id/history`. */
export const HistoryEntry = z.object({
  version: z.number().int(),
  at: z.string().describe('ISO instant'),
  actorName: z.string().nullable(),
  action: z.string().describe('create, update, member.update, import, …'),
  changes: z.array(Change),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>

export const HouseholdSummary = z.object({
  id: z.string(),
  householdNo: z.string(),
  regionCode: z.string(),
  villageName: z.string().nullable().describe('村 (current name of the 12-digit code)'),
  townshipName: z.string().nullable().describe('乡镇'),
  householdType: z.string(),
  headName: z.string().nullable(),
  phone: z.string().nullable(),
  monitoringStatus: z.string(),
  lowIncomeGroups: z.array(z.string()),
  wholeHouseholdNoLabour: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
})

export const Assessment = z.object({
  assessmentType: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  items: z.record(z.string(), z.number()).describe('fen by sub-item'),
  wage: z.number(),
  business: z.number(),
  property: z.number(),
  transfer: z.number(),
  businessCosts: z.number(),
  claimIncome: z.number(),
  compliantSelfPaid: z.number(),
  netIncome: z.number(),
  householdSize: z.number(),
  perCapitaNet: z.number(),
  referenceIncome: z.number(),
  perCapitaReference: z.number(),
})

export const HouseholdDetail = HouseholdSummary.extend({
  countyCode: z.string(),
  naturalVillage: z.string().nullable(),
  address: z.string().nullable(),
  isFormerlyPoor: z.boolean(),
  tuopinYear: z.number().nullable(),
  relocated: z.boolean(),
  militaryFamily: z.boolean(),
  monitorContactName: z.string().nullable(),
  monitorContactPhone: z.string().nullable(),
  land: z.record(z.string(), z.number()),
  housing: z.record(z.string(), z.unknown()),
  livingConditions: z.record(z.string(), z.unknown()),
  status: z.string(),
  members: z.array(Person),
  assessment: Assessment.nullable(),
  guarantee: z.record(z.string(), z.unknown()).nullable(),
  helpers: z.array(
    z.object({
      name: z.string(),
      unit: z.string().nullable(),
      phone: z.string().nullable(),
      startDate: z.string(),
      endDate: z.string().nullable(),
    }),
  ),
})
export type HouseholdDetail = z.infer<typeof HouseholdDetail>

const mask = (v: string | null, kind: 'idNumber' | 'phone') => (v ? maskers[kind](v) : null)

export function ageOn(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

export function presentSummary(
  h: HouseholdListRow,
  regionNames: ReadonlyMap<string, string>,
): z.infer<typeof HouseholdSummary> {
  return {
    id: h.id,
    householdNo: h.household_no,
    regionCode: h.region_code,
    villageName: regionNames.get(h.region_code) ?? null,
    townshipName: regionNames.get(`${h.region_code.slice(0, 9)}000`) ?? null,
    householdType: h.household_type,
    headName: h.head_name,
    phone: mask(h.phone, 'phone'),
    monitoringStatus: h.monitoring_status,
    lowIncomeGroups: h.low_income_groups,
    wholeHouseholdNoLabour: h.whole_household_no_labour,
    version: h.version,
    updatedAt: h.updated_at.toISOString(),
  }
}

export function presentDetail(
  s: Snapshot & { version: number },
  today: string,
  regionNames: ReadonlyMap<string, string> = new Map(),
  opts: { reveal: boolean } = { reveal: false },
): HouseholdDetail {
  const h = s.household
  const head = s.members.find((m) => m.relation_to_head === 'HEAD' && m.status === 'ACTIVE')
  const a = s.assessment
  return {
    id: h.id,
    householdNo: h.household_no,
    regionCode: h.region_code,
    villageName: regionNames.get(h.region_code) ?? null,
    townshipName: regionNames.get(`${h.region_code.slice(0, 9)}000`) ?? null,
    countyCode: h.county_code,
    householdType: h.household_type,
    headName: head?.name ?? null,
    phone: mask(h.phone, 'phone'),
    monitoringStatus: h.monitoring_status,
    lowIncomeGroups: h.low_income_groups,
    wholeHouseholdNoLabour: h.whole_household_no_labour,
    version: s.version,
    updatedAt: h.updated_at,
    naturalVillage: h.natural_village,
    address: h.address,
    isFormerlyPoor: h.is_formerly_poor,
    tuopinYear: h.tuopin_year,
    relocated: h.relocated,
    militaryFamily: h.military_family,
    monitorContactName: h.monitor_contact_name,
    monitorContactPhone: mask(h.monitor_contact_phone, 'phone'),
    land: h.land,
    housing: h.housing,
    livingConditions: h.living_conditions,
    status: h.status,
    members: s.members.map((m) => ({
      id: m.id,
      name: m.name,
      idType: m.id_type,
      idNumber: maskers.idNumber(m.id_number),
      gender: m.gender,
      ...presentBirth(m.birth_date, today, opts.reveal),
      ethnicity: m.ethnicity,
      relationToHead: m.relation_to_head,
      education: m.education,
      schoolStatus: m.school_status,
      health: m.health,
      labourSkill: m.labour_skill,
      disabilityCategory: m.disability_category,
      disabilityLevel: m.disability_level,
      workStatus: m.work_status,
      workPlace: m.work_place,
      workMonths: m.work_months,
      insurance: m.insurance,
      phone: mask(m.phone, 'phone'),
      status: m.status,
      decreaseReason: m.decrease_reason,
      decreaseDate: m.decrease_date,
    })),
    assessment: a
      ? {
          assessmentType: a.assessment_type,
          periodStart: a.period_start,
          periodEnd: a.period_end,
          items: a.items,
          wage: Number(a.wage),
          business: Number(a.business),
          property: Number(a.property),
          transfer: Number(a.transfer),
          businessCosts: Number(a.business_costs),
          claimIncome: Number(a.claim_income),
          compliantSelfPaid: Number(a.compliant_self_paid),
          netIncome: Number(a.net_income),
          householdSize: a.household_size,
          perCapitaNet: Number(a.per_capita_net),
          referenceIncome: Number(a.reference_income),
          perCapitaReference: Number(a.per_capita_reference),
        }
      : null,
    guarantee: s.guarantee ? { ...s.guarantee } : null,
    helpers: s.helpers.map((x) => ({
      name: x.name,
      unit: x.unit,
      phone: mask(x.phone, 'phone'),
      startDate: x.start_date,
      endDate: x.end_date,
    })),
  }
}
