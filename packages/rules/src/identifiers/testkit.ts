/**
 * Deterministic generators of valid identifiers for tests (here and in other packages). Not part of the barrel:
 * import from `./identifiers/testkit.ts`.
 */
import { computeCheckChar } from './idNumber.ts'

/** A small seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** `YYYY-MM-DD` of a day number from {@link daysFromCivil}. */
export function civilFromDays(days: number): string {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp + (mp < 10 ? 3 : -9)
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Real county-level codes used by the generator (GB/T 2260, checked against the NBS table). */
export const SAMPLE_ADDRESS_CODES: readonly string[] = [
  '110105', // 北京 朝阳区
  '130102', // 石家庄 长安区
  '350526', // 德化县
  '350121', // 闽侯县
  '341723', // 青阳县
  '370202', // 青岛 市南区
  '441900', // 东莞市 (no counties)
  '460400', // 儋州市 (no counties)
  '530102', // 昆明 五华区
  '622926', // 东乡族自治县
  '650102', // 乌鲁木齐 天山区
]

/** Builds a valid 18-character ID number from its parts. */
export function buildIdNumber(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`
  return first17 + computeCheckChar(first17)
}

/** Options of {@link generateIdNumber}. */
export interface GenerateIdOptions {
  /** Earliest birth date (default 1880-01-01). */
  from?: string
  /** Latest birth date (default 2026-01-01). */
  to?: string
  /** Wanted sex; random when omitted. */
  sex?: 'male' | 'female'
  /** Address codes to draw from (default {@link SAMPLE_ADDRESS_CODES}). */
  addressCodes?: readonly string[]
}

/** A random valid ID number with its parts, drawn from `rand` (use {@link seededRandom} for reproducible tests). */
export function generateIdNumber(
  rand: () => number,
  opts: GenerateIdOptions = {},
): { id: string; addressCode: string; birthDate: string; sequence: number; sex: 'male' | 'female' } {
  const codes = opts.addressCodes ?? SAMPLE_ADDRESS_CODES
  const [fy, fm, fd] = (opts.from ?? '1880-01-01').split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = (opts.to ?? '2026-01-01').split('-').map(Number) as [number, number, number]
  const lo = daysFromCivil(fy, fm, fd)
  const hi = daysFromCivil(ty, tm, td)
  const birthDate = civilFromDays(lo + Math.floor(rand() * (hi - lo + 1)))
  const addressCode = codes[Math.floor(rand() * codes.length)]!
  let sequence = Math.floor(rand() * 1000)
  if (opts.sex === 'male' && sequence % 2 === 0) sequence = (sequence + 1) % 1000
  if (opts.sex === 'female' && sequence % 2 === 1) sequence -= 1
  return {
    id: buildIdNumber(addressCode, birthDate, sequence),
    addressCode,
    birthDate,
    sequence,
    sex: sequence % 2 === 1 ? 'male' : 'female',
  }
}
