// When grids are re-drawn, the accounts bound to an old grid are bound to what replaces it: the
// merged grid, or both pieces of a split (continuity; the administrator narrows it afterwards).
// Account bindings have no cap (the four-grid cap is on grid teams, geo/team.ts).
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Moved, Rehoming } from '../geo/index.js';
import { userOrgUnits } from './tables.js';

export async function rehomeBindings(tx: DbOrTx, move: Rehoming): Promise<Moved> {
  // Unscoped on purpose: the bindings of grids the caller was allowed to split or merge.
  const bound = await tx.selectDistinct({ userId: userOrgUnits.userId }).from(userOrgUnits).where(inArray(userOrgUnits.orgUnitId, move.from));
  if (bound.length === 0) return { kind: 'userBinding', moved: 0, byFallback: 0, to: [] };
  await tx.delete(userOrgUnits).where(inArray(userOrgUnits.orgUnitId, move.from));
  const to = [];
  for (const t of move.targets) {
    const added = await tx
      .insert(userOrgUnits)
      .values(bound.map((b) => ({ userId: b.userId, orgUnitId: t.id })))
      .onConflictDoNothing()
      .returning({ userId: userOrgUnits.userId });
    to.push({ gridId: t.id, count: added.length });
  }
  return { kind: 'userBinding', moved: bound.length, byFallback: 0, to };
}
