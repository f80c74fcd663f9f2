/**
 * A seeded pseudo-random generator (sfc32, 128-bit state) and the draws the population model needs. Every stream is
 * derived from a string key (seed, county, village…) through SHA-256, so the same key always yields the same numbers
 * on every platform, and villages can be generated independently of each other.
 */
import { createHash } from 'node:crypto'

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** A generator whose state is derived from `key` (any string). */
  constructor(key: string) {
    const h = createHash('sha256').update(key).digest()
    this.a = h.readUInt32LE(0)
    this.b = h.readUInt32LE(4)
    this.c = h.readUInt32LE(8)
    this.d = h.readUInt32LE(12) | 1
    for (let i = 0; i < 12; i++) this.u32()
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Log-normal with the given median and log-scale sigma: right-skewed amounts. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** A version-4-shaped UUID from the stream (deterministic, not cryptographic). */
  uuid(): string {
    const w = [this.u32(), this.u32(), this.u32(), this.u32()]
    const hex = w.map((x) => x.toString(16).padStart(8, '0')).join('')
    const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
}

/** A categorical distribution sampled by cumulative weight (weights need not sum to 1). */
export class Weighted<T> {
  private readonly values: T[]
  private readonly cumulative: number[]
  private readonly total: number

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.values = entries.map((e) => e[0])
    let sum = 0
    this.cumulative = entries.map((e) => {
      sum += e[1]
      return sum
    })
    this.total = sum
  }

  sample(rng: Rng): T {
    const x = rng.next() * this.total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.cumulative[mid] as number) > x) hi = mid
      else lo = mid + 1
    }
    return this.values[lo] as T
  }
}
