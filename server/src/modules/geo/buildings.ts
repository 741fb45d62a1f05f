// The building layer (楼栋): each building is located to its grid when it is imported.
import { requirePermission, type Actor } from '../../actor.js';
import { pathInScope } from '../../scope/index.js';
import { inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { badRequest } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { requireNode } from '../territory/index.js';
import * as repo from './repo.js';
import { buildingRows } from './building-sources.js';
import { locator } from './service.js';
import { tally, type Moved, type Rehoming } from './rehome.js';
import { buildings } from './tables.js';

export async function listBuildings(db: Db, actor: Actor, rootId: number) {
  const root = (await requireNode(db, actor, rootId)).node;
  return (await repo.listBuildings(db, actor, root.path)).map(({ building: b, gridName }) => ({
    id: b.id, gridId: b.orgUnitId, gridName, name: b.name, number: b.number, address: b.address, lng: b.lng, lat: b.lat,
  }));
}

/** Imports buildings under a root; each must fall in a grid of that root, or nothing is written. */
export async function importBuildings(db: Db, actor: Actor, body: Parameters<typeof buildingRows>[0] & { rootId: number }) {
  requirePermission(actor, 'territory.write');
  const input = buildingRows(body);
  return db.transaction(async (tx) => {
    const root = (await requireNode(tx, actor, body.rootId)).node;
    const rootScope = { ...actor, scopeAll: false, scopePaths: [root.path] };
    const rows = [];
    for (const [i, b] of input.entries()) {
      const hit = await locator.locate(tx, b.lng, b.lat);
      if (!hit || !pathInScope(rootScope, hit.path) || !pathInScope(actor, hit.path)) {
        throw badRequest('BUILDING_OUTSIDE', { zh: `第 ${i + 1} 行「${b.name}」不在「${root.name}」的任何网格内`, en: `Row ${i + 1} (${b.name}) lies in no grid of ${root.name}` }, { row: i + 1 });
      }
      rows.push({ orgUnitId: hit.id, name: b.name, number: b.number ?? null, address: b.address ?? null, lng: b.lng, lat: b.lat, footprint: b.footprint ?? null });
    }
    const inserted = await repo.insertBuildings(tx, rows);
    await recordAudit(tx, actor, { action: 'geo.buildings_import', entityType: 'org_unit', entityId: root.id, scopePath: root.path, after: { count: inserted.length } });
    return { imported: inserted.length };
  });
}

/** A re-drawn grid's buildings go to the piece their point lies in (all of them, whatever their status). */
export async function rehomeBuildings(tx: DbOrTx, move: Rehoming): Promise<Moved> {
  // Unscoped on purpose: the rows of grids the caller was allowed to split or merge.
  const rows = await tx.select({ id: buildings.id, lng: buildings.lng, lat: buildings.lat }).from(buildings).where(inArray(buildings.orgUnitId, move.from));
  const { groups, moved } = tally('building', rows.map((row) => ({ row, at: move.place([row.lng, row.lat]) })));
  for (const g of groups) await tx.update(buildings).set({ orgUnitId: g.to.id, updatedAt: sql`now()` }).where(inArray(buildings.id, g.ids));
  return moved;
}
