/**
 * A parameter the engine read, named for officials: its label and unit from the catalogue, its value (money in fen),
 * and the documents it rests on by their official titles. Case explanations and the elimination readiness list use
 * it, so no screen shows a parameter key or a source tag.
 */
import { type DocumentTitle, documentOf, type ParameterSnapshot, type ParamRead } from '@xianjie/rules'

/** A parameter an explanation line read: its name, value and unit, and the documents it rests on, for officials. */
export interface ExplainedParam {
  path: string
  label: DocumentTitle
  value: number
  unit: string
  documents: DocumentTitle[]
  /** The value is a local default (no national document sets it). */
  localDefault?: true
}

/** A parameter read, named for officials: its label and unit from the catalogue, its documents by title. */
export function explainParam(snap: ParameterSnapshot, p: ParamRead): ExplainedParam {
  const info = snap.info(p.path)
  const seen = new Set<string>()
  const documents: DocumentTitle[] = []
  for (const l of p.legal) {
    if (l.status && l.status !== 'SOURCED') continue
    const d = documentOf(l)
    const title = l.article ? { zh: `${d.zh} ${l.article}`, en: `${d.en} ${l.article}` } : d
    if (!seen.has(title.zh)) documents.push(title)
    seen.add(title.zh)
  }
  const out: ExplainedParam = {
    path: p.path,
    label: info.label ?? { zh: info.description, en: info.description },
    value: p.value,
    unit: info.unit,
    documents,
  }
  if (p.legal.length > 0 && p.legal.every((l) => l.status && l.status !== 'SOURCED')) out.localDefault = true
  return out
}
