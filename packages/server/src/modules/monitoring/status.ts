/** The household's monitoring status (监测状态), changed by identification, elimination and rollback. */
import type { Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { Actor } from '../auth/actor.ts'
import { baseline, commitVersion, type HouseholdDeps } from '../households/households.service.ts'

/**
 * Sets the household's monitoring status as a change of the household: a new version (so the timeline and `asOf`
 * show it) and its audit row `household.<action>` with `facts`, in the caller's transaction.
 */
export async function setMonitoringStatus(
  ctx: { trx: Transaction<Database>; deps: HouseholdDeps; actor: Actor },
  householdId: string,
  status: string,
  action: string,
  facts: Record<string, unknown>,
): Promise<void> {
  // locked before the before-image is read, as every other household change (`lockForEdit`)
  const row = await ctx.trx
    .selectFrom('household')
    .selectAll()
    .where('id', '=', householdId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const before = await baseline(ctx.trx, row)
  await ctx.trx.updateTable('household').set({ monitoring_status: status }).where('id', '=', householdId).execute()
  await commitVersion(ctx.trx, ctx.deps, ctx.actor, householdId, action, before, facts)
}
