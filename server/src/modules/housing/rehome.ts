// When grids are re-drawn, dwellings follow their building, households and rental records their
// dwelling (geo/rehome.ts holds the rule; geo/edit.ts calls this inside the split or merge).
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { buildings, tally, type Moved, type Rehoming } from '../geo/index.js';
import { dwellings, households, rentals } from './tables.js';

// Unscoped on purpose throughout: the rows of grids the caller was allowed to split or merge.
export async function rehomeHousing(tx: DbOrTx, move: Rehoming): Promise<Moved[]> {
  // Buildings have moved already: a dwelling goes where its building now is.
  const ds = await tx
    .select({ id: dwellings.id, grid: buildings.orgUnitId })
    .from(dwellings)
    .innerJoin(buildings, eq(buildings.id, dwellings.buildingId))
    .where(inArray(dwellings.orgUnitId, move.from));
  const d = tally('dwelling', ds.map((row) => ({ row, at: move.follow(row.grid) })));
  for (const g of d.groups) await tx.update(dwellings).set({ orgUnitId: g.to.id, updatedAt: sql`now()` }).where(inArray(dwellings.id, g.ids));

  const hs = await tx
    .select({ id: households.id, grid: dwellings.orgUnitId })
    .from(households)
    .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .where(inArray(households.orgUnitId, move.from));
  const h = tally('household', hs.map((row) => ({ row, at: move.follow(row.grid) })));
  for (const g of h.groups) await tx.update(households).set({ orgUnitId: g.to.id, updatedAt: sql`now()` }).where(inArray(households.id, g.ids));

  const rs = await tx
    .select({ id: rentals.id, grid: dwellings.orgUnitId })
    .from(rentals)
    .innerJoin(dwellings, eq(dwellings.id, rentals.dwellingId))
    .where(inArray(rentals.orgUnitId, move.from));
  const r = tally('rental', rs.map((row) => ({ row, at: move.follow(row.grid) })));
  for (const g of r.groups) await tx.update(rentals).set({ orgUnitId: g.to.id, updatedAt: sql`now()` }).where(inArray(rentals.id, g.ids));
  return [d.moved, h.moved, r.moved];
}
