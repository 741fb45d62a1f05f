// The building layer (楼栋): each building is located to its grid when it is imported.
import { requirePermission, type Actor } from '../../actor.js';
import { pathInScope } from '../../scope/index.js';
import type { Db } from '../../db/client.js';
import { badRequest } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { requireNode } from '../territory/index.js';
import * as repo from './repo.js';
import { buildingRows } from './building-sources.js';
import { locator } from './service.js';

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
