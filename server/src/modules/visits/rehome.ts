// When grids are re-drawn, open 五必访 reminders follow their household (households have moved
// already). Visits themselves are history: they keep the grid they were made in.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { tally, type Moved, type Rehoming } from '../geo/index.js';
import { households } from '../housing/index.js';
import { visitReminders } from './tables.js';

export async function rehomeReminders(tx: DbOrTx, move: Rehoming): Promise<Moved> {
  // Unscoped on purpose: the rows of grids the caller was allowed to split or merge.
  const rows = await tx
    .select({ id: visitReminders.id, grid: households.orgUnitId })
    .from(visitReminders)
    .innerJoin(households, eq(households.id, visitReminders.householdId))
    .where(and(inArray(visitReminders.orgUnitId, move.from), isNull(visitReminders.doneAt)));
  const { groups, moved } = tally('visitReminder', rows.map((row) => ({ row, at: move.follow(row.grid) })));
  for (const g of groups) await tx.update(visitReminders).set({ orgUnitId: g.to.id }).where(inArray(visitReminders.id, g.ids));
  return moved;
}
