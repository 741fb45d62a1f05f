// When grids are re-drawn, places go by their point (else by their building, else by the fallback
// rule of geo/rehome.ts) and components by their point.
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { buildings, tally, type Moved, type Rehoming } from '../geo/index.js';
import { components, places } from './tables.js';

// Unscoped on purpose throughout: the rows of grids the caller was allowed to split or merge.
export async function rehomePlaces(tx: DbOrTx, move: Rehoming): Promise<Moved[]> {
  const ps = await tx
    .select({ id: places.id, lng: places.lng, lat: places.lat, buildingGrid: buildings.orgUnitId })
    .from(places)
    .leftJoin(buildings, eq(buildings.id, places.buildingId))
    .where(inArray(places.orgUnitId, move.from));
  const p = tally('place', ps.map((row) => ({ row, at: row.lng !== null && row.lat !== null ? move.place([row.lng, row.lat]) : move.follow(row.buildingGrid) })));
  for (const g of p.groups) await tx.update(places).set({ orgUnitId: g.to.id, updatedAt: sql`now()` }).where(inArray(places.id, g.ids));

  const cs = await tx.select({ id: components.id, lng: components.lng, lat: components.lat }).from(components).where(inArray(components.orgUnitId, move.from));
  const c = tally('component', cs.map((row) => ({ row, at: move.place([row.lng, row.lat]) })));
  for (const g of c.groups) await tx.update(components).set({ orgUnitId: g.to.id, updatedAt: sql`now()` }).where(inArray(components.id, g.ids));
  return [p.moved, c.moved];
}
