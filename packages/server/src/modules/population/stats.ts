/** Running statistics of a seeding run: what the summary, the audit row, the docs and the tests report. */
import { type HouseholdStats, nearThreshold } from './generate.ts'

export interface PopulationStats {
  households: number
  persons: number
  meanHouseholdSize: number
  /** Share of households by size 1…8+ (index 0 = size 1). */
  householdSizeShares: number[]
  /** Shares of persons aged 0–14, 15–59, 60+ (and 65+ separately). */
  ageShares: [number, number, number]
  share65plus: number
  /** Males per 100 females. */
  sexRatio: number
  formerlyPoorShare: number
  dibaoHouseholdShare: number
  tekunHouseholdShare: number
  /** Share of households whose per-capita net income is within ±20 % of the threshold. */
  nearThresholdShare: number
  belowThresholdShare: number
  /** Per-capita net income quantiles (yuan): p10, p25, median, p75, p90. */
  perCapitaQuantiles: [number, number, number, number, number]
}

/** Accumulates household figures; keeps a bounded reservoir of incomes for the quantiles. */
export class StatsCollector {
  private households = 0
  private persons = 0
  private sizes = new Array<number>(8).fill(0)
  private ages = [0, 0, 0]
  private over65 = 0
  private males = 0
  private poor = 0
  private dibao = 0
  private tekun = 0
  private near = 0
  private below = 0
  private sample: number[] = []

  constructor(private readonly threshold: number) {}

  add(h: HouseholdStats): void {
    this.households++
    this.persons += h.size
    this.sizes[Math.min(h.size, 8) - 1]!++
    for (const a of h.ages) {
      this.ages[a < 15 ? 0 : a < 60 ? 1 : 2]!++
      if (a >= 65) this.over65++
    }
    this.males += h.males
    if (h.formerlyPoor) this.poor++
    if (h.dibao) this.dibao++
    if (h.tekun) this.tekun++
    if (nearThreshold(h.perCapitaNetYuan, this.threshold)) this.near++
    if (h.perCapitaNetYuan < this.threshold) this.below++
    // Deterministic systematic sample: every household up to 20,000, then every k-th.
    const step = Math.max(1, Math.floor(this.households / 20_000))
    if (this.households % step === 0 && this.sample.length < 40_000) this.sample.push(h.perCapitaNetYuan)
  }

  result(): PopulationStats {
    const H = Math.max(1, this.households)
    const P = Math.max(1, this.persons)
    const sorted = [...this.sample].sort((a, b) => a - b)
    const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0)
    const r3 = (x: number) => Math.round(x * 1000) / 1000
    return {
      households: this.households,
      persons: this.persons,
      meanHouseholdSize: r3(this.persons / H),
      householdSizeShares: this.sizes.map((n) => r3(n / H)),
      ageShares: this.ages.map((n) => r3(n / P)) as [number, number, number],
      share65plus: r3(this.over65 / P),
      sexRatio: Math.round((1000 * this.males) / Math.max(1, this.persons - this.males)) / 10,
      formerlyPoorShare: r3(this.poor / H),
      dibaoHouseholdShare: r3(this.dibao / H),
      tekunHouseholdShare: r3(this.tekun / H),
      nearThresholdShare: r3(this.near / H),
      belowThresholdShare: r3(this.below / H),
      perCapitaQuantiles: [q(0.1), q(0.25), q(0.5), q(0.75), q(0.9)],
    }
  }
}
