/** The household's monitoring status (监测状态), changed by identification, elimination and rollback. */
import type { Transaction } from 'kysely'
import type { Database } from '../../platform/database.ts'
import type { Actor } from '../auth/actor.ts'
import { changeHousehold, type HouseholdDeps } from '../households/households.service.ts'

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
  await changeHousehold(ctx, householdId, action, () => ({ monitoring_status: status }), facts)
}
