/**
 * "How is this computed": the policy model and its parameters as the web app shows them. The model's rendering
 * (`renderModel`: every variable with its labels, formula as text, labelled rules and citations) is built once per
 * process; the parameters are resolved for a date and a region, each value with the scope it came from, its effective
 * date and its citations, so an official can see which rule and which document a threshold comes from.
 */
import { type LegalRef, type ModelDoc, PROGRAM_OUTPUTS, renderModel } from '@xianjie/rules'
import { policyModel } from './household-input.ts'
import { parametersAt } from './parameters.service.ts'

/** The model's rendering (variables only) and the main outputs of each programme. */
export type PolicyModelDoc = Pick<ModelDoc, 'version' | 'variables'> & { programmes: typeof PROGRAM_OUTPUTS }

let doc: PolicyModelDoc | undefined

/** The model's rendering and the main outputs of each programme (static for the process, built on first use). */
export function modelDoc(): PolicyModelDoc {
  if (!doc) {
    const { version, variables } = renderModel(policyModel())
    doc = { version, variables, programmes: PROGRAM_OUTPUTS }
  }
  return doc
}

/** One value of a parameter for the region: its cell of the breakdown, and where the value comes from. */
export interface ParameterValueDoc {
  /** Breakdown cell (`rural`, `rural|3`), or `_default`. */
  cell: string
  /** Null when no region scope sets this cell for the region on the date. */
  value: number | null
  /** Region scope the value comes from (`''` = national). */
  region: string | null
  since: string | null
  legal: readonly LegalRef[]
}

export interface ParameterDoc {
  path: string
  label: { zh: string; en: string } | null
  description: string
  unit: string
  /** Breakdown dimensions, in cell-key order. */
  breakdown: Array<{ dim: string; values: string[] }>
  isScale: boolean
  /** Region scopes that set a value (`''` first). */
  scopes: string[]
  /** Values for the region, one per cell (none for a scale). */
  values: ParameterValueDoc[]
  /** Brackets of a scale. */
  brackets: Array<{ threshold: number; rate?: number; amount?: number }>
  /** File-level citations. */
  legal: readonly LegalRef[]
}

/** Every parameter in force on `date` for `region` (12-digit code; most specific scope wins), sorted by path. */
export function parametersDoc(
  date: string,
  region: string,
): { date: string; digest: string; parameters: ParameterDoc[] } {
  const snap = parametersAt(date)
  const parameters = snap
    .paths()
    .sort()
    .map((path): ParameterDoc => {
      const info = snap.info(path)
      const breakdown = info.breakdown.map((b) => ({
        dim: b.dim,
        values: Array.isArray(b.values)
          ? [...(b.values as readonly string[])]
          : rangeValues((b.values as { range: [number, number] }).range),
      }))
      const values: ParameterValueDoc[] = []
      if (!info.isScale) {
        for (const cell of cellsOf(breakdown.map((b) => b.values))) {
          const r = snap.tryGet(path, cell, region)
          values.push(
            r
              ? { cell, value: r.value, region: r.region, since: r.since, legal: r.legal }
              : { cell, value: null, region: null, since: null, legal: [] },
          )
        }
      }
      const scale = info.isScale ? snap.scale(path) : undefined
      return {
        path,
        label: info.label ?? null,
        description: info.description,
        unit: info.unit,
        breakdown,
        isScale: info.isScale,
        scopes: snap.scopes(path),
        values,
        brackets: scale ? scale.brackets.map((b) => ({ ...b })) : [],
        legal: scale ? scale.legal : info.legal,
      }
    })
  return { date, digest: snap.digest, parameters }
}

const rangeValues = ([lo, hi]: [number, number]) => Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i))

/** Cell keys of a breakdown (`rural|1`, `rural|2`, …), or `_default` without one. */
function cellsOf(dims: string[][]): string[] {
  if (!dims.length) return ['_default']
  return dims.reduce<string[]>((acc, d) => acc.flatMap((a) => d.map((m) => (a ? `${a}|${m}` : m))), [''])
}
