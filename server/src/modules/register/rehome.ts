// When grids are re-drawn, a person follows their own placement (the dwelling they live in), else
// their household; one with neither goes by the fallback rule of geo/rehome.ts.
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { tally, type Moved, type Rehoming } from '../geo/index.js';
import { dwellings } from '../housing/index.js';
import { persons } from './tables.js';

export async function rehomePersons(tx: DbOrTx, move: Rehoming): Promise<Moved> {
  // Unscoped on purpose: the rows of grids the caller was allowed to split or merge. Dwellings and
  // households have moved already (housing.rehomeHousing runs first).
  const rows = await tx
    .select({
      id: persons.id,
      dwellingGrid: dwellings.orgUnitId,
      householdGrid: sql<number | null>`(select h.org_unit_id from household_members hm join households h on h.id = hm.household_id
        where hm.person_id = ${persons.id} order by (h.status = 'active') desc, h.id limit 1)`,
    })
    .from(persons)
    .leftJoin(dwellings, eq(dwellings.id, persons.dwellingId))
    .where(inArray(persons.orgUnitId, move.from));
  const placed = rows.map((row) => {
    const own = move.follow(row.dwellingGrid);
    return { row, at: own.fallback ? move.follow(row.householdGrid) : own };
  });
  const { groups, moved } = tally('person', placed);
  for (const g of groups) await tx.update(persons).set({ orgUnitId: g.to.id, updatedAt: sql`now()` }).where(inArray(persons.id, g.ids));
  return moved;
}
