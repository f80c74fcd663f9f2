/** Engine errors. Messages say what happened, why, and how to fix it (openfisca style). */

/** Stable error codes for engine failures. */
export type RuleErrorCode =
  | 'MODEL_INVALID'
  | 'CYCLE'
  | 'PERIOD_MISMATCH'
  | 'MISSING_INPUT'
  | 'INVALID_INPUT'
  | 'UNKNOWN_VARIABLE'
  | 'NO_FORMULA'
  | 'PARAMETER_MISSING'
  | 'PARAMETERS_INVALID'
  | 'BATCH_INPUT'

/** Base class of every error thrown by the engine; carries the variable, period and evaluation stack. */
export class RuleError extends Error {
  /** Stable machine-readable code. */
  readonly code: RuleErrorCode
  /** Variable being computed when the error happened, if any. */
  readonly variable: string | undefined
  /** Period key (`2026-03`) being computed, if any. */
  readonly period: string | undefined
  /** Evaluation stack, outermost first, as `variable@period`. */
  readonly ruleStack: readonly string[]

  constructor(
    code: RuleErrorCode,
    message: string,
    at: { variable?: string; period?: string; stack?: readonly string[] } = {},
  ) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.variable = at.variable
    this.period = at.period
    this.ruleStack = at.stack ?? []
  }
}

/** The model declarations are inconsistent (unknown reference, wrong entity, duplicate name...). */
export class ModelError extends RuleError {
  constructor(message: string, at: { variable?: string } = {}) {
    super('MODEL_INVALID', message, at)
  }
}

/** Same-period dependencies form a cycle; `cycle` lists the variables, first repeated last. */
export class CycleError extends RuleError {
  /** The variables on the cycle, e.g. `['a', 'b', 'a']`. */
  readonly cycle: readonly string[]
  constructor(cycle: readonly string[]) {
    super(
      'CYCLE',
      `Dependency cycle: ${cycle.join(' → ')}. A variable cannot depend on itself in the same period; ` +
        'if the intent is "last month\'s value", use x.previous(ref, { base }) which declares the base case.',
      { variable: cycle[0] },
    )
    this.cycle = cycle
  }
}

/** A formula reads a variable of another period unit without an explicit conversion. */
export class PeriodMismatchError extends RuleError {
  constructor(message: string, at: { variable?: string; period?: string } = {}) {
    super('PERIOD_MISMATCH', message, at)
  }
}

/** An input variable has no value for the period and no default. */
export class MissingInputError extends RuleError {
  constructor(variable: string, period: string, where: string, stack: readonly string[]) {
    super(
      'MISSING_INPUT',
      `Input "${variable}" has no value for ${period} on ${where}. It is needed by ${stack.at(-2) ?? 'the query'}; ` +
        `provide it (as a constant or as { "${period}": value }) or declare a default on the variable.`,
      { variable, period, stack },
    )
  }
}

/** An input value has the wrong type (e.g. an unknown enum member). */
export class InvalidInputError extends RuleError {
  constructor(message: string, at: { variable?: string; period?: string; stack?: readonly string[] } = {}) {
    super('INVALID_INPUT', message, at)
  }
}

/** A query names a variable the model does not define. */
export class UnknownVariableError extends RuleError {
  constructor(name: string, known: readonly string[]) {
    const near = known.filter((k) => k.includes(name) || name.includes(k)).slice(0, 3)
    super(
      'UNKNOWN_VARIABLE',
      `Unknown variable "${name}".${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''} ` +
        'Check the spelling or add the variable to buildModel().',
      { variable: name },
    )
  }
}

/** No formula version covers the period and the variable has no default. */
export class NoFormulaError extends RuleError {
  constructor(variable: string, period: string, stack: readonly string[]) {
    super(
      'NO_FORMULA',
      `Variable "${variable}" has no formula in force on ${period} and no default. ` +
        'Add a version whose from/to covers this date, or declare a default value for periods before the rule existed.',
      { variable, period, stack },
    )
  }
}

/** A parameter read found no value for the cell / region at the snapshot date. */
export class ParameterMissingError extends RuleError {
  /** Parameter path. */
  readonly path: string
  constructor(
    path: string,
    detail: string,
    at: { variable?: string; period?: string; stack?: readonly string[] } = {},
  ) {
    super(
      'PARAMETER_MISSING',
      `Parameter "${path}" has no value ${detail}. Add a dated value for that cell (nationally or for the region ` +
        'prefix), or check that the snapshot date is after the first published value.',
      at,
    )
    this.path = path
  }
}

/** One problem found while validating parameter files. */
export interface ParameterIssue {
  /** Parameter path (file), e.g. `dibao.standard`. */
  file: string
  /** Location inside the file, e.g. `regions.3702.values.rural.2025-01-01`. */
  path: string
  /** What is wrong and how to fix it. */
  reason: string
}

/** Parameter files failed validation; `issues` lists every problem found. */
export class ParameterValidationError extends RuleError {
  /** All problems, in file order. */
  readonly issues: readonly ParameterIssue[]
  constructor(issues: readonly ParameterIssue[]) {
    const head = issues
      .slice(0, 5)
      .map((i) => `${i.file}: ${i.path}: ${i.reason}`)
      .join('\n  ')
    super('PARAMETERS_INVALID', `${issues.length} parameter problem(s):\n  ${head}${issues.length > 5 ? '\n  …' : ''}`)
    this.issues = issues
  }
}

/** A population is missing a column or has a column of the wrong length or type. */
export class BatchInputError extends RuleError {
  constructor(message: string, at: { variable?: string } = {}) {
    super('BATCH_INPUT', message, at)
  }
}
