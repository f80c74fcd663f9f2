import { computeCheckChar } from '@xianjie/rules/identifiers'

/**
 * GB 11643-1999 resident ID numbers for synthetic persons (domain.md §4.1): address code = the county, birth date,
 * a 3-digit sequence (odd = male, even = female) and the check character. Uniqueness over a whole run (and over the
 * persons already in the county, with --append) comes from a bitset over (birth day, sequence): 1,000 bits per day
 * since 1900, about 6 MB, so ten million persons never need a set of strings in memory.
 */

/** The check character of the first 17 digits (GB 11643). */
export const checkChar = computeCheckChar

const EPOCH = Date.UTC(1900, 0, 1)
const DAY = 86_400_000

/** Days since 1900-01-01 of a YYYY-MM-DD date. */
export function dayIndex(date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - EPOCH) / DAY)
}

const dates: string[] = []

/** YYYY-MM-DD of a day index (memoised: a county run asks for the same ~40,000 days millions of times). */
export function dayDate(index: number): string {
  let d = dates[index]
  if (d === undefined) {
    d = new Date(EPOCH + index * DAY).toISOString().slice(0, 10)
    if (index >= 0 && index < 80_000) dates[index] = d
  }
  return d
}

/** Hands out unique sequence numbers per (birth day, sex) for one address code. */
export class IdAllocator {
  private readonly bits: Uint8Array
  private readonly days: number

  constructor(
    readonly addressCode: string,
    lastDay: string,
  ) {
    this.days = dayIndex(lastDay) + 1
    this.bits = new Uint8Array(Math.ceil((this.days * 1000) / 8))
  }

  private bit(day: number, seq: number): number {
    return day * 1000 + seq
  }

  private taken(day: number, seq: number): boolean {
    const b = this.bit(day, seq)
    return ((this.bits[b >> 3] as number) & (1 << (b & 7))) !== 0
  }

  private take(day: number, seq: number): void {
    const b = this.bit(day, seq)
    this.bits[b >> 3] = (this.bits[b >> 3] as number) | (1 << (b & 7))
  }

  /** Marks an existing ID number of this address code as used (for --append). */
  reserve(id: string): void {
    if (!id.startsWith(this.addressCode) || id.length !== 18) return
    const date = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
    const day = dayIndex(date)
    const seq = Number(id.slice(14, 17))
    if (Number.isFinite(day) && day >= 0 && day < this.days && seq >= 0 && seq < 1000) this.take(day, seq)
  }

  /**
   * A new ID number for a person born on `birthDate` (the date may move by a few days when that day's sequence numbers
   * of the sex are used up; the caller gets the date actually used). `start` spreads sequences over the range.
   */
  allocate(birthDate: string, male: boolean, start: number): { id: string; birthDate: string } {
    const first = dayIndex(birthDate)
    for (let shift = 0; shift < 60; shift++) {
      const day = first + (shift % 2 === 0 ? shift / 2 : -(shift + 1) / 2)
      if (day < 0 || day >= this.days) continue
      // 500 odd sequences 001–999 for men, 499 even ones 002–998 for women, visited in a start-dependent order.
      const slots = male ? 500 : 499
      for (let k = 0; k < slots; k++) {
        const slot = (start + k) % slots
        const seq = male ? 2 * slot + 1 : 2 * slot + 2
        if (this.taken(day, seq)) continue
        this.take(day, seq)
        const date = dayDate(day)
        const first17 = `${this.addressCode}${date.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
        return { id: first17 + checkChar(first17), birthDate: date }
      }
    }
    throw new Error(`no free ID sequence near ${birthDate} for address code ${this.addressCode}`)
  }
}
