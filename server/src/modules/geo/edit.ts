// Re-drawing grids: split one by a line, merge neighbours. The old grids are retired (their
// validity ends, history kept) and the pieces become new grids with new codes. In the same
// transaction the living register, open cases, the grid team and the accounts bound to the old
// grids follow the map (./rehome.ts holds the rule; each owning module moves its own rows).
import { mergeGeometries, splitByLine } from '../../../../core/src/geo/edit.js';
import { gcj02ToWgs84 } from '../../../../core/src/geo/coords.js';
import { areaM2, bboxOf } from '../../../../core/src/geo/measure.js';
import type { AreaGeometry, PolygonGeometry, Position } from '../../../../core/src/geo/types.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { badRequest, conflict } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { rehomeRoutingRules } from '../case-config/index.js';
import { rehomeCases } from '../cases/index.js';
import { rehomeHousing } from '../housing/index.js';
import { rehomePlaces } from '../places/index.js';
import { rehomePersons } from '../register/index.js';
import { rehomeBindings } from '../users/index.js';
import { rehomeReminders } from '../visits/index.js';
import { auditSnapshot, countActiveDescendants, insertNode, retireSubtree, type OrgUnitRow, requireNode } from '../territory/index.js';
import * as repo from './repo.js';
import { locator, nextGridCode, noGeometry, type Crs } from './service.js';
import { rehomeBuildings } from './buildings.js';
import { mergeRehoming, splitRehoming, type Moved, type Rehoming } from './rehome.js';
import { rehomeTeam } from './team.js';

async function requireLeafWithGeometry(tx: DbOrTx, actor: Actor, id: number) {
  const node = (await requireNode(tx, actor, id)).node;
  if (node.status !== 'active') throw conflict('NODE_RETIRED', { zh: `「${node.name}」已撤销`, en: `${node.name} is retired` });
  if ((await countActiveDescendants(tx, node)) > 0) {
    throw conflict('HAS_ACTIVE_CHILDREN', { zh: `「${node.name}」下还有在用节点，请先处理下级`, en: `${node.name} still has active children` });
  }
  const g = await repo.currentGeometry(tx, id);
  if (!g) throw noGeometry();
  return { node, geometry: g.geometry as AreaGeometry };
}

async function createPiece(tx: DbOrTx, actor: Actor, parent: OrgUnitRow, level: number, name: string, geometry: AreaGeometry, source: string) {
  const code = await nextGridCode(tx, parent);
  const node = await insertNode(tx, parent, { name, level, code, divisionCode: null, sortOrder: 0 });
  await repo.setGeometry(tx, node.id, { geometry, bbox: bboxOf(geometry), areaM2: areaM2(geometry), isDraft: false, source, createdBy: actor.userId });
  await recordAudit(tx, actor, { action: `geo.${source}`, entityType: 'org_unit', entityId: node.id, scopePath: node.path, after: { ...auditSnapshot(node), areaM2: Math.round(areaM2(geometry)) } });
  return node;
}

async function retireReplaced(tx: DbOrTx, actor: Actor, nodes: OrgUnitRow[], reason: string) {
  for (const n of nodes) {
    await retireSubtree(tx, n, reason);
    await recordAudit(tx, actor, { action: 'territory.retire', entityType: 'org_unit', entityId: n.id, scopePath: n.path, before: { status: 'active', name: n.name }, after: { status: 'retired', reason } });
  }
  await repo.closeGeometries(tx, nodes.map((n) => n.id));
  await repo.bumpRevision(tx);
  locator.invalidate();
}

/**
 * Moves every kind in order (buildings before the dwellings that follow them, dwellings before
 * households and persons) and writes one audit row per kind that moved.
 */
async function rehome(tx: DbOrTx, actor: Actor, move: Rehoming, scopePath: string) {
  const moved: Moved[] = [await rehomeBuildings(tx, move), ...(await rehomeHousing(tx, move)), await rehomePersons(tx, move), ...(await rehomePlaces(tx, move))];
  moved.push(await rehomeCases(tx, move), await rehomeReminders(tx, move), await rehomeRoutingRules(tx, move));
  const team = await rehomeTeam(tx, move);
  moved.push(team.moved, await rehomeBindings(tx, move));
  // A member kept off a piece was moved to the other, so notCarried rides on the teamMember row.
  for (const m of moved.filter((x) => x.moved > 0)) {
    const notCarried = m.kind === 'teamMember' && team.notCarried.length ? { notCarried: team.notCarried } : {};
    await recordAudit(tx, actor, { action: 'geo.rehome', entityType: m.kind, entityId: null, scopePath, after: { from: move.from, to: m.to, moved: m.moved, byFallback: m.byFallback, ...notCarried } });
  }
  return { moved, notCarried: team.notCarried, fallbackGridId: move.fallback?.id ?? null };
}

export async function splitGrid(db: Db, actor: Actor, id: number, body: { line: Position[]; crs?: Crs; names: [string, string] }) {
  requirePermission(actor, 'territory.write');
  const line = body.crs === 'gcj02' ? body.line.map((p) => gcj02ToWgs84(p)) : body.line;
  return db.transaction(async (tx) => {
    const { node, geometry } = await requireLeafWithGeometry(tx, actor, id);
    if (geometry.type !== 'Polygon') throw badRequest('SPLIT_MULTIPOLYGON', { zh: '多部件网格不能按线拆分', en: 'A multi-part grid cannot be split by a line' });
    if (!node.parentId) throw badRequest('SPLIT_ROOT', { zh: '顶级节点不能拆分', en: 'A root cannot be split' });
    let pieces: [PolygonGeometry, PolygonGeometry];
    try {
      pieces = splitByLine(geometry, line);
    } catch (err) {
      throw badRequest('SPLIT_LINE_INVALID', { zh: '拆分线须完整穿过网格（两端在网格外），且只把网格分成两块', en: `The line must cross the grid once: ${(err as Error).message}` });
    }
    const parent = (await requireNode(tx, actor, node.parentId)).node;
    const reason = `拆分为「${body.names[0]}」「${body.names[1]}」`;
    await retireReplaced(tx, actor, [node], reason);
    const a = await createPiece(tx, actor, parent, node.level, body.names[0], pieces[0], 'split');
    const b = await createPiece(tx, actor, parent, node.level, body.names[1], pieces[1], 'split');
    const move = splitRehoming(node.id, geometry, [{ target: a, geometry: pieces[0] }, { target: b, geometry: pieces[1] }]);
    return { retired: [node.id], created: [a.id, b.id], ...(await rehome(tx, actor, move, parent.path)) };
  });
}

export async function mergeGrids(db: Db, actor: Actor, body: { ids: number[]; name: string }) {
  requirePermission(actor, 'territory.write');
  return db.transaction(async (tx) => {
    const items: Array<{ node: OrgUnitRow; geometry: AreaGeometry }> = [];
    for (const id of body.ids) items.push(await requireLeafWithGeometry(tx, actor, id));
    const parentId = items[0]!.node.parentId;
    if (!parentId || items.some((i) => i.node.parentId !== parentId || i.node.level !== items[0]!.node.level)) {
      throw badRequest('MERGE_NOT_SIBLINGS', { zh: '只能合并同一上级下、同一层级的网格', en: 'Only sibling grids on one level can be merged' });
    }
    const merged = mergeGeometries(items.map((i) => i.geometry));
    if (merged.type !== 'Polygon') {
      throw badRequest('MERGE_NOT_NEIGHBOURS', { zh: '这些网格互不相邻，合并后不是一个整体', en: 'The grids are not neighbours; the result would be in pieces' });
    }
    const parent = (await requireNode(tx, actor, parentId)).node;
    await retireReplaced(tx, actor, items.map((i) => i.node), `合并为「${body.name}」`);
    const node = await createPiece(tx, actor, parent, items[0]!.node.level, body.name, merged, 'merge');
    return { retired: body.ids, created: [node.id], ...(await rehome(tx, actor, mergeRehoming(body.ids, node), parent.path)) };
  });
}
