/** Batch code generation: one fused kernel per (outputs, period, snapshot). */
import type { Model } from '../model.ts'
import type { ParameterSnapshot } from '../parameters.ts'
import type { Period } from '../period.ts'

/** A batch query. */
export interface BatchQuery {
  /** Period to compute. */
  period: Period | string
  /** Variables to write. */
  outputs: readonly string[]
  /** Resolved parameters. */
  snapshot: ParameterSnapshot
  /** Boolean household variables written as bits of a Uint32 reason mask (bit i = screens[i]). */
  screens?: readonly string[]
}

/** A compiled batch plan. */
export interface BatchPlan {
  /** Generated kernel source, for review. */
  readonly source: string
}

/** Generates the fused kernel. */
export function compileBatch(_model: Model, _q: BatchQuery): BatchPlan {
  throw new Error('not implemented')
}
