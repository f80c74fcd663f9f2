/** Small helpers so program files read like the policy: inputs and computed variables with labels and citations. */

import type { XOf } from '../engine/builder.ts'
import type { EntityKey, Expr, LegalRef, TsOf, ValueType } from '../engine/ir.ts'
import { defineVariable, type Variable } from '../engine/model.ts'
import type { VariablePeriodUnit } from '../engine/period.ts'
import { FROM } from './legal.ts'

/** Options shared by inputs and formulas. */
interface Common<V extends ValueType> {
  /** Chinese label. */
  zh: string
  /** English label. */
  en: string
  /** Citations of the concept. */
  legal: readonly LegalRef[]
  /** Display unit. */
  unit?: string
  /** Default value (inputs: when absent). */
  default?: TsOf<V>
}

/** Declares a data input. */
export function input<V extends ValueType, E extends EntityKey>(
  name: string,
  entity: E,
  valueType: V,
  period: VariablePeriodUnit,
  o: Common<V>,
): Variable<V, E> {
  return defineVariable({
    name,
    entity,
    valueType,
    period,
    input: true,
    label: { zh: o.zh, en: o.en },
    legal: o.legal,
    ...(o.unit ? { unit: o.unit } : {}),
    ...(o.default !== undefined ? { default: o.default } : {}),
    ...(valueType === 'money' ? { quantity: period === 'eternity' ? 'stock' : 'flow' } : {}),
  })
}

/** Declares a computed variable with one formula version in force from {@link FROM} (or `o.from`). */
export function rule<V extends ValueType, E extends EntityKey>(
  name: string,
  entity: E,
  valueType: V,
  period: VariablePeriodUnit,
  o: Common<V> & { from?: `${number}-${number}-${number}` },
  formula: (x: XOf<E>) => Expr<V, E>,
): Variable<V, E> {
  return defineVariable({
    name,
    entity,
    valueType,
    period,
    label: { zh: o.zh, en: o.en },
    legal: o.legal,
    ...(o.unit ? { unit: o.unit } : {}),
    ...(o.default !== undefined ? { default: o.default } : {}),
    versions: [{ from: o.from ?? FROM, legal: o.legal, formula }],
  })
}
