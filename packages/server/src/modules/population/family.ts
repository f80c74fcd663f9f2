/**
 * Household composition: who lives in a household of a given size (relations, ages, sexes, which surname they carry).
 * Structures: single elderly or single adult, couples, nuclear families, three-generation families headed by the
 * grandparents (married son, daughter-in-law, grandchildren) or by the middle generation (with the head's parents).
 */
import type { CountyProfile } from './profile.ts'
import type { Rng } from './random.ts'

export interface MemberSketch {
  relation: string
  age: number
  male: boolean
  /** Carries the head's surname (head, his children and his son's children, his father). */
  headSurname: boolean
  /** Index of the mother within the household, for child spacing and left-behind analysis. */
  motherIndex?: number
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x))

/** Age of an elderly person: 60–95, falling off with age. */
function elderlyAge(rng: Rng): number {
  return clamp(60 + Math.floor(Math.abs(rng.normal()) * 11), 60, 97)
}

/** Wife's age from the husband's: 2–3 years younger on average. */
function wifeAge(rng: Rng, husband: number): number {
  return clamp(Math.round(husband - 2.5 + rng.normal() * 2.5), 18, 99)
}

/** Ages of `k` children of a mother aged `mother`: first birth at 19–25, then every 1.5–4 years. */
function childAges(rng: Rng, mother: number, k: number): number[] {
  const first = rng.int(19, 24)
  let spacing = 1.5 + rng.next() * 2
  if (k > 1 && first + (k - 1) * spacing > mother) spacing = Math.max(1, (mother - first) / (k - 1))
  const ages: number[] = []
  for (let i = 0; i < k; i++) ages.push(Math.max(0, Math.round(mother - first - i * spacing)))
  return ages
}

function children(
  rng: Rng,
  out: MemberSketch[],
  motherIndex: number,
  k: number,
  grand: boolean,
  headSurname = true,
): void {
  const mother = out[motherIndex] as MemberSketch
  for (const age of childAges(rng, mother.age, k)) {
    const male = rng.chance(0.515) // sex ratio ≈ 106 among children (ASSUMPTION, rural north-west)
    const relation = grand ? (male ? 'GRANDSON' : 'GRANDDAUGHTER') : male ? 'SON' : 'DAUGHTER'
    out.push({ relation, age, male, headSurname, motherIndex })
  }
}

/** The members of a household of `size` persons; the head is always first. */
export function composeHousehold(rng: Rng, size: number, profile: CountyProfile): MemberSketch[] {
  const out: MemberSketch[] = []
  if (size === 1) {
    if (rng.chance(profile.singleElderlyShare)) {
      out.push({ relation: 'HEAD', age: elderlyAge(rng), male: rng.chance(0.45), headSurname: true })
    } else {
      out.push({ relation: 'HEAD', age: rng.int(25, 59), male: rng.chance(0.8), headSurname: true })
    }
    return out
  }
  if (size === 2) {
    const x = rng.next()
    if (x < 0.55) {
      const head = elderlyAge(rng)
      out.push({ relation: 'HEAD', age: head, male: true, headSurname: true })
      out.push({ relation: 'SPOUSE', age: Math.max(55, wifeAge(rng, head)), male: false, headSurname: false })
    } else if (x < 0.8) {
      const head = rng.int(40, 59)
      out.push({ relation: 'HEAD', age: head, male: true, headSurname: true })
      out.push({ relation: 'SPOUSE', age: wifeAge(rng, head), male: false, headSurname: false })
    } else {
      // A widowed parent with one child.
      const head = rng.int(35, 80)
      const male = rng.chance(0.4)
      out.push({ relation: 'HEAD', age: head, male, headSurname: true })
      const childAge = clamp(head - rng.int(20, 32), 0, 50)
      const son = rng.chance(0.6)
      out.push({ relation: son ? 'SON' : 'DAUGHTER', age: childAge, male: son, headSurname: male })
    }
    return out
  }
  const p3 = profile.threeGeneration[Math.min(size, 6) - 3] as number
  if (rng.chance(p3)) {
    if (size >= 4 && rng.chance(0.6)) {
      // Grandparents head; married son, daughter-in-law, grandchildren; a widowed head sometimes.
      const head = rng.int(52, 80)
      out.push({ relation: 'HEAD', age: head, male: true, headSurname: true })
      const widowed = rng.chance(0.15)
      if (!widowed) out.push({ relation: 'SPOUSE', age: wifeAge(rng, head), male: false, headSurname: false })
      const mother = (out[out.length - 1] as MemberSketch).male ? head - 2 : (out[1] as MemberSketch).age
      const sonAge = clamp(mother - rng.int(19, 26), 18, 55)
      out.push({ relation: 'SON', age: sonAge, male: true, headSurname: true })
      out.push({ relation: 'DAUGHTER_IN_LAW', age: wifeAge(rng, sonAge), male: false, headSurname: false })
      const dil = out.length - 1
      let left = size - out.length
      // Unmarried younger children of the head sometimes still live at home.
      if (left >= 3 && rng.chance(0.3)) {
        const age = clamp(sonAge - rng.int(2, 8), 10, 40)
        const male = rng.chance(0.5)
        out.push({ relation: male ? 'SON' : 'DAUGHTER', age, male, headSurname: true })
        left--
      }
      children(rng, out, dil, left, true)
    } else {
      // The middle generation heads, with one or two of the head's parents.
      const head = rng.int(26, 50)
      out.push({ relation: 'HEAD', age: head, male: true, headSurname: true })
      out.push({ relation: 'SPOUSE', age: wifeAge(rng, head), male: false, headSurname: false })
      const parents = size >= 5 && rng.chance(0.5) ? 2 : 1
      const fatherAge = clamp(head + rng.int(22, 32), 55, 97)
      if (parents === 2 || rng.chance(0.35)) {
        out.push({ relation: 'FATHER', age: fatherAge, male: true, headSurname: true })
      }
      if (parents === 2 || out.length === 2) {
        out.push({ relation: 'MOTHER', age: clamp(wifeAge(rng, fatherAge), 50, 97), male: false, headSurname: false })
      }
      children(rng, out, 1, size - out.length, false)
    }
    return out
  }
  // Nuclear family: head, spouse and children (the head's age leaves room for the children).
  const k = size - 2
  const head = clamp(rng.int(24, 50), 22 + Math.ceil(k * 1.5), 70)
  out.push({ relation: 'HEAD', age: head, male: true, headSurname: true })
  out.push({ relation: 'SPOUSE', age: wifeAge(rng, head), male: false, headSurname: false })
  children(rng, out, 1, k, false)
  return out
}
