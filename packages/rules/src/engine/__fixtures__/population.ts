/** Seeded synthetic populations for the fixture programme (columnar, shared memory). */
import { type ColumnarPopulation, sharedArray } from '../batch/columnar.ts'
import { daysFromISO } from '../period.ts'

/** Mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Region codes used by generated households. */
export const FIXTURE_REGIONS = ['370203', '370502', '440103', '360702', '110105'] as const
/** Wage months generated (enough for sumMonths(3) with a previous() horizon of 2 at 2026-03). */
export const WAGE_MONTHS = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'] as const

/** Generates `n` households (1–7 members) for the fixture programme. */
export function generatePopulation(n: number, seed = 1): ColumnarPopulation {
  const rnd = mulberry32(seed)
  const sizes = new Uint8Array(n)
  let persons = 0
  for (let h = 0; h < n; h++) {
    const r = rnd()
    sizes[h] = r < 0.15 ? 1 : r < 0.4 ? 2 : r < 0.65 ? 3 : r < 0.85 ? 4 : r < 0.95 ? 5 : 6 + Math.floor(rnd() * 2)
    persons += sizes[h]!
  }
  const off = sharedArray(Int32Array, n + 1)
  const role = sharedArray(Uint8Array, persons)
  const reg = sharedArray(Uint16Array, n)
  const birth = sharedArray(Int32Array, persons)
  const dis = sharedArray(Uint8Array, persons)
  const student = sharedArray(Uint8Array, persons)
  const wages = WAGE_MONTHS.map(() => sharedArray(Float64Array, persons))
  const area = sharedArray(Uint8Array, n)
  const other = sharedArray(Float64Array, n)
  const assets = sharedArray(Float64Array, n)
  const received = sharedArray(Uint8Array, n)
  const d0 = daysFromISO('1940-01-01')
  const span = daysFromISO('2025-12-31') - d0
  let i = 0
  for (let h = 0; h < n; h++) {
    off[h] = i
    reg[h] = Math.floor(rnd() * FIXTURE_REGIONS.length)
    area[h] = rnd() < 0.6 ? 0 : 1
    other[h] = rnd() < 0.5 ? 0 : Math.floor(rnd() * 150_000)
    assets[h] = rnd() < 0.1 ? Math.floor(rnd() * 60_000_000) : Math.floor(rnd() * 2_000_000)
    received[h] = rnd() < 0.3 ? 1 : 0
    for (let k = 0; k < sizes[h]!; k++, i++) {
      role[i] = k === 0 ? 0 : k === 1 && rnd() < 0.7 ? 1 : rnd() < 0.6 ? 2 : 3 + Math.floor(rnd() * 5)
      birth[i] = d0 + Math.floor(rnd() * span)
      dis[i] = rnd() < 0.08 ? 1 + Math.floor(rnd() * 4) : 0
      student[i] = rnd() < 0.1 ? 1 : 0
      const earner = rnd() < 0.55
      for (const w of wages) w[i] = earner && rnd() < 0.85 ? Math.floor(rnd() * 900_000) + (rnd() < 0.2 ? 0.5 : 0) : 0
    }
  }
  off[n] = i
  const columns: ColumnarPopulation['columns'] = {
    birth_date: birth,
    disability_level: dis,
    is_student: student,
    area,
    other_income: other,
    assets,
    'received@2026-02': received,
  }
  WAGE_MONTHS.forEach((m, k) => {
    columns[`wage@${m}`] = wages[k]!
  })
  return {
    households: n,
    persons,
    memberOffsets: off,
    roleCodes: role,
    regionCodes: reg,
    columns,
    dictionaries: { region: FIXTURE_REGIONS },
  }
}
