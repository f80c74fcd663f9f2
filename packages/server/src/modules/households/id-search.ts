/**
 * The household search by ID number is a reveal in disguise: a full number in the term confirms a guess, and the
 * 5th and 6th last characters are the day of birth, which the masked number hides. So a search by a full ID number
 * is for roles that may reveal (`pii.reveal`), is audited with the reveal's own action (the number itself is not
 * written), and a user may make at most `XIANJIE_REVEAL_SEARCHES_PER_HOUR` of them, counted from those audit rows so
 * every server process counts the same. Without the reveal right only the last 4 characters, which the masked number
 * shows, may be searched for.
 */
import { sql } from 'kysely'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { type Actor, can } from '../auth/actor.ts'
import { readTerm } from './households.repository.ts'

/** The audit row of a search by full ID number: the reveal's action, this subject type. */
export const ID_SEARCH_SUBJECT = 'household_search'

/** Refuses or audits a household search term before it runs (see the file comment). */
export async function guardIdSearch(
  deps: Pick<AppDeps, 'db' | 'clock'> & { config: Pick<AppDeps['config'], 'revealSearchesPerHour'> },
  actor: Actor,
  term: string | undefined,
): Promise<void> {
  const t = term?.trim() ? readTerm(term.trim()) : undefined
  if (!t) return
  const reveal = can(actor, 'pii.reveal')
  if (t.kind === 'idSuffix' && t.value.length > 4 && !reveal) {
    throw new AppError('FORBIDDEN', {
      reason: '无查看完整证件号权限时，只能按证件号后 4 位查找',
      reasonEn: 'without the right to reveal ID numbers, search by their last 4 characters only',
    })
  }
  if (t.kind !== 'idNumber') return
  if (!reveal) {
    throw new AppError('FORBIDDEN', {
      reason: '按完整身份证号查找须有查看完整证件号的权限；请按姓名或证件号后 4 位查找',
      reasonEn: 'searching by a full ID number needs the right to reveal ID numbers; search by name or the last 4',
    })
  }
  const limit = deps.config.revealSearchesPerHour
  await deps.db.transaction().execute(async (trx) => {
    if (actor.userId) {
      // one user's searches at a time, so two at once cannot both pass the count
      await sql`select pg_advisory_xact_lock(hashtext(${`id-search:${actor.userId}`}))`.execute(trx)
      const since = new Date(deps.clock.now().getTime() - 3600_000)
      const done = await trx
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('actor_id', '=', actor.userId)
        .where('action', '=', 'pii.reveal')
        .where('subject_type', '=', ID_SEARCH_SUBJECT)
        .where('at', '>', since)
        .executeTakeFirstOrThrow()
      if (Number(done.n) >= limit) throw new AppError('RATE_LIMITED', { perHour: limit })
    }
    await recordAudit(trx, deps, actor, {
      action: 'pii.reveal',
      subjectType: ID_SEARCH_SUBJECT,
      subjectId: null,
      regionCode: actor.regionCode,
      after: { field: 'search.idNumber' },
    })
  })
}
