/** Seeded synthetic households for the policy model, in columnar form (batch) and as scalar inputs. */
import { arenaColumns, type ColumnarPopulation, householdInput, sharedArray } from '../src/engine/batch/columnar.ts'
import type { HouseholdInput } from '../src/engine/evaluate.ts'
import { roleCode } from '../src/engine/ir.ts'
import type { Model } from '../src/engine/model.ts'
import { daysFromISO } from '../src/engine/period.ts'

/** Mulberry32 PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Regions generated (all inside the 甘肃 demo scope, where every parameter has a value). */
export const REGIONS = ['622926', '622921', '620102'] as const

type Spec = { entity: 'person' | 'household'; gen: (r: () => number, ctx: { role: string }) => number }
const pick = (r: () => number, n: number) => Math.floor(r() * n)
const money = (r: () => number, max: number, p = 0.5) => (r() < p ? 0 : Math.round(r() * max) * 100)
const flag = (p: number) => (r: () => number) => (r() < p ? 1 : 0)
const code =
  (n: number, p0 = 0.6) =>
  (r: () => number) =>
    r() < p0 ? 0 : pick(r, n)

/** Generated input columns: variable → generator (values are engine-internal numbers). */
export const SPECS: Record<string, Spec> = {
  // household
  household_type: { entity: 'household', gen: code(2, 0.5) },
  area: { entity: 'household', gen: code(2, 0.7) },
  main_risk: { entity: 'household', gen: code(15, 0.4) },
  business_crop: { entity: 'household', gen: (r) => money(r, 8000) },
  business_livestock: { entity: 'household', gen: (r) => money(r, 6000, 0.7) },
  property_land_rent: { entity: 'household', gen: (r) => money(r, 2000, 0.7) },
  transfer_other: { entity: 'household', gen: (r) => money(r, 5000) },
  transfer_special_care: { entity: 'household', gen: (r) => money(r, 3000, 0.9) },
  one_off_grants: { entity: 'household', gen: (r) => money(r, 20000, 0.9) },
  cost_crop: { entity: 'household', gen: (r) => money(r, 4000) },
  claim_income: { entity: 'household', gen: (r) => money(r, 5000, 0.9) },
  compliant_self_paid: { entity: 'household', gen: (r) => money(r, 30000, 0.7) },
  previous_per_capita_net: { entity: 'household', gen: (r) => money(r, 20000, 0.6) },
  identified_month: { entity: 'household', gen: (r) => (r() < 0.5 ? 0 : 202401 + pick(r, 12) + 100 * pick(r, 2)) },
  risks_resolved: { entity: 'household', gen: flag(0.5) },
  food_clothing_ok: { entity: 'household', gen: flag(0.95) },
  housing_grade: { entity: 'household', gen: code(5, 0.5) },
  housing_resolved: { entity: 'household', gen: flag(0.3) },
  water_measured: { entity: 'household', gen: flag(0.3) },
  water_lpcd: { entity: 'household', gen: (r) => 15 + pick(r, 30) },
  water_quality_ok: { entity: 'household', gen: flag(0.9) },
  water_piped: { entity: 'household', gen: flag(0.6) },
  water_trip_minutes: { entity: 'household', gen: (r) => pick(r, 40) },
  financial_assets: { entity: 'household', gen: (r) => money(r, 40000) },
  residential_properties: { entity: 'household', gen: (r) => (r() < 0.9 ? 1 : 2) },
  motor_vehicle: { entity: 'household', gen: flag(0.1) },
  dibao_single_application: { entity: 'household', gen: flag(0.1) },
  dibao_recipient: { entity: 'household', gen: flag(0.2) },
  income_source_fixed: { entity: 'household', gen: flag(0.6) },
  dibao_exit_case: { entity: 'household', gen: code(5, 0.6) },
  rigid_expenditure: { entity: 'household', gen: (r) => money(r, 20000, 0.6) },
  temp_relief_type: { entity: 'household', gen: code(3, 0.5) },
  temp_fast_track: { entity: 'household', gen: flag(0.5) },
  temp_relief_requested: { entity: 'household', gen: (r) => money(r, 10000, 0.3) },
  monitoring_target: { entity: 'household', gen: flag(0.2) },
  returned_to_poverty: { entity: 'household', gen: flag(0.05) },
  relocated: { entity: 'household', gen: flag(0.1) },
  posts_held: { entity: 'household', gen: (r) => (r() < 0.85 ? 0 : 1) },
  // person
  birth_date: {
    entity: 'person',
    gen: (r, { role }) =>
      daysFromISO(role === 'child' ? '2005-01-01' : role === 'parent' ? '1945-01-01' : '1960-01-01') +
      pick(r, role === 'child' ? 7300 : 10000),
  },
  sex: { entity: 'person', gen: code(2, 0) },
  disability_level: { entity: 'person', gen: (r) => (r() < 0.85 ? 0 : 1 + pick(r, 4)) },
  disability_category: { entity: 'person', gen: code(8, 0.85) },
  health: { entity: 'person', gen: code(5, 0.7) },
  labour_skill: { entity: 'person', gen: code(5, 0.3) },
  school_status: { entity: 'person', gen: code(10, 0.5) },
  months_present: { entity: 'person', gen: (r) => (r() < 0.9 ? 12 : pick(r, 13)) },
  wage_migrant: { entity: 'person', gen: (r) => money(r, 30000) },
  wage_post_village: { entity: 'person', gen: (r) => money(r, 6000, 0.9) },
  pension_basic_resident: { entity: 'person', gen: (r) => money(r, 2000, 0.7) },
  pension_other: { entity: 'person', gen: (r) => money(r, 6000, 0.8) },
  medical_insurance: { entity: 'person', gen: code(3, 0.9) },
  dibao_exclusion: { entity: 'person', gen: code(6, 0.95) },
  dibao_applicant: { entity: 'person', gen: flag(0.15) },
  supporter_status: { entity: 'person', gen: code(6, 0.6) },
  tekun_recipient: { entity: 'person', gen: flag(0.05) },
  orphan: { entity: 'person', gen: flag(0.02) },
  support_mode: { entity: 'person', gen: code(2, 0.7) },
  // Six self-care items, frequent enough that all three self-care levels occur in a few thousand households.
  cannot_bathe: { entity: 'person', gen: flag(0.3) },
  cannot_walk_indoors: { entity: 'person', gen: flag(0.25) },
  cannot_eat: { entity: 'person', gen: flag(0.2) },
  cannot_toilet: { entity: 'person', gen: flag(0.2) },
  cannot_dress: { entity: 'person', gen: flag(0.2) },
  cannot_transfer: { entity: 'person', gen: flag(0.2) },
  resident_pension_insured: { entity: 'person', gen: flag(0.6) },
  // early-warning inputs (domain.md §8.2), so every warning output fires in the sample
  ew_low_income: { entity: 'household', gen: flag(0.3) },
  ew_monitored: { entity: 'household', gen: flag(0.2) },
  ew_pcn_latest: { entity: 'household', gen: (r) => money(r, 15000, 0.4) },
  ew_pcn_previous: { entity: 'household', gen: (r) => money(r, 15000, 0.4) },
  ew_med_oop: { entity: 'person', gen: (r) => money(r, 60000, 0.85) },
  ew_edu_dropout: { entity: 'person', gen: flag(0.05) },
  ew_housing_danger: { entity: 'person', gen: flag(0.03) },
}

const ROLE_SEQ = ['head', 'spouse', 'child', 'child', 'parent', 'child', 'grandchild'] as const
const HEAD = { role: 'head' }
const CTX = Object.fromEntries(ROLE_SEQ.map((role) => [role, { role }])) as Record<string, { role: string }>

/**
 * Narrowest typed array for a generated column, from 4,096 samples of its generator on a separate stream: Uint8 for
 * flags and codes (all samples integers ≤ 63, a wide margin under 255), Int32 for fen amounts and days, else Float64.
 */
function columnType(s: Spec): typeof Uint8Array | typeof Int32Array | typeof Float64Array {
  const r = prng(99)
  let max = 0
  let ints = true
  for (let k = 0; k < 4096; k++) {
    const v = s.gen(r, { role: k % 2 ? 'child' : 'head' })
    if (!Number.isInteger(v) || v < 0) ints = false
    max = Math.max(max, Math.abs(v))
  }
  if (ints && max <= 63) return Uint8Array
  return ints && max < 2 ** 30 ? Int32Array : Float64Array
}

/**
 * Household sizes of the benchmark population (10 M households, ~18 M persons): shares of 1–6 members, the
 * same as the representative programme's (`bench/program.ts`; many elderly couples and singles in rural 甘肃).
 */
export const BENCH_SIZE_SHARES: readonly number[] = [0.45, 0.38, 0.1, 0.05, 0.01, 0.01]

/**
 * `n` households (1–7 members) as a columnar population. `compact` stores flags and codes as Uint8 and amounts as
 * Int32 (same values, same stream; ~4× less memory, for the 10 M-household benchmark). `sizeShares` replaces the
 * default household sizes (mean ≈ 2.46 members) by shares of 1, 2, 3, … members (`BENCH_SIZE_SHARES`: ≈ 1.82).
 */
export function generatePopulation(
  n: number,
  seed = 1,
  opts: { compact?: boolean; sizeShares?: readonly number[] } = {},
): ColumnarPopulation {
  const r = prng(seed)
  const shares = opts.sizeShares
  const sizes = Array.from({ length: n }, () => {
    if (!shares) return 1 + Math.min(6, Math.floor(-Math.log(1 - r()) * 2))
    let u = r()
    let k = 0
    while (k < shares.length - 1 && u >= shares[k]!) u -= shares[k++]!
    return k + 1
  })
  const persons = sizes.reduce((a, b) => a + b, 0)
  const off = sharedArray(Int32Array, n + 1)
  const roles = sharedArray(Uint8Array, persons)
  const regions = sharedArray(Uint16Array, n)
  // all columns of one type in one buffer (arenaColumns), as a caller that loads a population should lay them out
  const columns: ColumnarPopulation['columns'] = arenaColumns(
    Object.fromEntries(
      Object.entries(SPECS).map(([name, s]) => [
        name,
        [opts.compact ? columnType(s) : Float64Array, s.entity === 'household' ? n : persons] as const,
      ]),
    ),
  )
  // Spec order is the stream order: household specs then, per member, person specs (both in declaration order).
  const entries = Object.entries(SPECS)
  const hhSpecs = entries.filter(([, s]) => s.entity === 'household').map(([, s]) => s)
  const hhCols = entries.filter(([, s]) => s.entity === 'household').map(([name]) => columns[name]!)
  const pSpecs = entries.filter(([, s]) => s.entity === 'person').map(([, s]) => s)
  const pCols = entries.filter(([, s]) => s.entity === 'person').map(([name]) => columns[name]!)
  let p = 0
  for (let h = 0; h < n; h++) {
    off[h] = p
    regions[h] = pick(r, REGIONS.length)
    for (let k = 0; k < hhSpecs.length; k++) hhCols[k]![h] = hhSpecs[k]!.gen(r, HEAD)
    for (let k = 0; k < sizes[h]!; k++, p++) {
      const role = ROLE_SEQ[k]!
      roles[p] = roleCode(role)
      const ctx = CTX[role]!
      for (let q = 0; q < pSpecs.length; q++) pCols[q]![p] = pSpecs[q]!.gen(r, ctx)
    }
  }
  off[n] = p
  return {
    households: n,
    persons,
    memberOffsets: off,
    roleCodes: roles,
    regionCodes: regions,
    columns,
    dictionaries: { region: REGIONS },
  }
}

/** Scalar inputs for households `from..to` of a population. */
export function scalarHouseholds(
  model: Model,
  pop: ColumnarPopulation,
  from = 0,
  to = pop.households,
): HouseholdInput[] {
  const out: HouseholdInput[] = []
  for (let h = from; h < to; h++) out.push(householdInput(model, pop, h))
  return out
}
