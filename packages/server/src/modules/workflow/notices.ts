/**
 * Printed publicity notices (domain.md §7.0): the heading facts every notice carries — the village, the issuing body
 * (村民委员会 when the village runs the publicity step, else 乡镇人民政府), the posting date and the complaint
 * telephone (the `monitoring.complaint_phone` parameter of the place and day) — and the batch list that puts every
 * household of one village, case type and publicity round on one sheet. Items come from the stored notices, filtered
 * again by `publicItems` so nothing §12 forbids is ever printed.
 */
import type { Kysely } from 'kysely'
import { chinaDate } from '../../platform/clock.ts'
import type { Database } from '../../platform/database.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { type Actor, inScope, scopeCondition } from '../auth/actor.ts'
import { parametersAt } from '../policy/parameters.service.ts'
import { caseTypes } from './definition.ts'
import { caseTypesReadable, publicItems } from './workflow.service.ts'

type Text = { zh: string; en: string }

export interface NoticeHeading {
  villageName: string
  townshipName: string
  issuer: Text
  postedOn: string
  complaintPhone: string
}

/** 巴牙村委会 / 巴牙村 / 巴牙 → 巴牙村村民委员会; a 社区 / 居委会 → 居民委员会. */
export function villageCommittee(name: string): Text {
  const urban = /(社区|居委会|居民委员会)$/.test(name)
  const stem = name.replace(/(村民委员会|村委会|居民委员会|居委会)$/, '')
  const zh = urban ? `${stem}居民委员会` : `${stem.endsWith('村') ? stem : `${stem}村`}村民委员会`
  return { zh, en: `${stem} ${urban ? "Residents'" : "Villagers'"} Committee` }
}

/** 某某镇 → 某某镇人民政府 (a name already ending in 人民政府 is kept). */
export function townshipGovernment(name: string): Text {
  const stem = name.replace(/人民政府$/, '')
  return { zh: `${stem}人民政府`, en: `${stem} People's Government` }
}

/** The heading of a notice posted in `regionCode` at case state `state` of `caseType` on `postedOn`. */
export async function noticeHeading(
  db: Kysely<Database>,
  caseType: string,
  state: string,
  regionCode: string,
  postedOn: string,
): Promise<NoticeHeading> {
  const township = `${regionCode.slice(0, 9)}000`
  const names = new Map(
    (await db.selectFrom('region').select(['code', 'name']).where('code', 'in', [regionCode, township]).execute()).map(
      (r) => [r.code, r.name],
    ),
  )
  const villageName = names.get(regionCode) ?? ''
  const townshipName = names.get(township) ?? ''
  const level = caseTypes().find((d) => d.type === caseType)?.states[state]?.assignee?.level
  const issuer = level === 'village' ? villageCommittee(villageName) : townshipGovernment(townshipName)
  const phone = parametersAt(postedOn).get('monitoring.complaint_phone', undefined, regionCode).value
  return { villageName, townshipName, issuer, postedOn, complaintPhone: String(phone) }
}

/** Every notice of one village, case type and posting day (one publicity round) on one sheet. */
export async function batchNotice(
  deps: AppDeps,
  actor: Actor,
  q: { regionCode: string; type: string; startOn: string },
) {
  const def = caseTypes().find((d) => d.type === q.type)
  if (!def || !caseTypesReadable(actor).includes(q.type) || !inScope(actor, q.regionCode))
    throw new AppError('NOT_FOUND', { what: '公示', whatEn: 'The notice' })
  const rows = await deps.db
    .selectFrom('wf_publicity as p')
    .innerJoin('wf_case as c', 'c.id', 'p.case_id')
    .select(['p.case_id', 'p.state', 'p.place', 'p.end_on', 'p.notice', 'c.subject_name'])
    .where('c.case_type', '=', q.type)
    .where('c.region_code', '=', q.regionCode)
    .where('p.start_on', '=', q.startOn)
    .where(scopeCondition(actor, 'c.region_code'))
    .orderBy('c.subject_name')
    .orderBy('p.case_id')
    .limit(1000)
    .execute()
  if (!rows.length) throw new AppError('NOT_FOUND', { what: '公示', whatEn: 'The notice' })
  const first = rows[0]!
  const heading = await noticeHeading(deps.db, q.type, first.state, q.regionCode, q.startOn)
  return {
    ...heading,
    typeLabel: def.label,
    place: first.place,
    startOn: q.startOn,
    endOn: rows.map((r) => r.end_on).sort()[rows.length - 1]!,
    printedOn: chinaDate(deps.clock.now()),
    rows: rows.map((r) => ({ caseId: r.case_id, items: publicItems(r.notice) })),
  }
}
