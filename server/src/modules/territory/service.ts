// Territory rules: who may change which node, tree invariants, and an audit row with each change.
import { canHoldRecords, canNest, levelTableProblem, type TerritoryLevel } from '../../../../core/src/territory-levels.js';
import { pathIds } from '../../../../core/src/ltree.js';
import { can, requirePermission, type Actor } from '../../actor.js';
import { pathInScope } from '../../scope/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { onNodesRetired, onTreeChanged } from '../geo/index.js';
import * as repo from './repo.js';
import { auditSnapshot, presentNode } from './present.js';

export const nodeNotFound = () => notFound({ zh: '辖区节点', en: 'Territory node' });
const codeTaken = (code: string) =>
  conflict('CODE_TAKEN', { zh: `编码 ${code} 已被使用`, en: `Code ${code} is already in use` }, { code });

export async function levelMap(db: DbOrTx): Promise<Map<number, TerritoryLevel>> {
  const levels = await repo.listLevels(db);
  return new Map(levels.map((l) => [l.level, l]));
}

/** Loads a node in scope or answers 404, the same for missing and out-of-scope ids. */
export async function requireNode(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.getNode(db, actor, id);
  if (!row) throw nodeNotFound();
  return row;
}

/**
 * A node the register may place a record on (a person, household, dwelling, place, component): in
 * scope (else 404), and a grid or below (core canHoldRecords), never a street or a community.
 */
export async function requireRecordNode(db: DbOrTx, actor: Actor, id: number) {
  const row = await requireNode(db, actor, id);
  const levels = await levelMap(db);
  if (!canHoldRecords(row.node.level, [...levels.values()])) {
    const at = levels.get(row.node.level)?.nameZh ?? '上级节点';
    throw badRequest('NOT_A_GRID', { zh: `登记须落到网格（或其下级），不能登记在${at}「${row.node.name}」上`, en: `Records are placed on a grid (or below it), not on ${levels.get(row.node.level)?.nameEn ?? 'a higher node'} ${row.node.name}` }, { orgUnitId: id });
  }
  return row;
}

function requireActive(node: repo.OrgUnitRow) {
  if (node.status !== 'active') {
    throw conflict('NODE_RETIRED', { zh: '该节点已撤销，不能再修改', en: 'The node is retired and cannot be changed' });
  }
}

export const listLevels = (db: Db) => repo.listLevels(db);

export async function setLevels(db: Db, actor: Actor, items: TerritoryLevel[]) {
  requirePermission(actor, 'territory.levels');
  const problem = levelTableProblem(items);
  if (problem) throw badRequest('INVALID_LEVELS', { zh: `层级设置不正确：${problem}`, en: `Invalid levels: ${problem}` });
  return db.transaction(async (tx) => {
    const before = await repo.listLevels(tx);
    // Unscoped on purpose: levels are deployment-wide, so every live node must still fit.
    const used = (await tx.execute(repo.maxLevelInUse())) as unknown as { rows: { max: number | null }[] };
    const maxUsed = used.rows[0]?.max ?? null;
    if (maxUsed !== null && maxUsed >= items.length) {
      throw conflict('LEVEL_IN_USE', { zh: `第 ${maxUsed} 级仍有节点，不能删除该层级`, en: `Level ${maxUsed} still has nodes` });
    }
    await repo.replaceLevels(tx, items);
    await recordAudit(tx, actor, { action: 'territory.levels', entityType: 'territory_levels', entityId: null, scopePath: null, before, after: items });
    return items;
  });
}

export async function listNodes(db: Db, actor: Actor, q: { parentId?: number; includeRetired?: boolean }) {
  if (q.parentId !== undefined) await requireNode(db, actor, q.parentId);
  const [rows, levels] = await Promise.all([repo.listChildren(db, actor, q.parentId ?? null, q.includeRetired ?? false), levelMap(db)]);
  return rows.map((r) => presentNode(r, levels));
}

export async function searchNodes(db: Db, actor: Actor, q: string, limit: number) {
  const [rows, levels] = await Promise.all([repo.search(db, actor, q, limit), levelMap(db)]);
  const names = await repo.namesAlongPaths(db, rows.map((r) => r.node.path));
  return rows.map((r) => ({
    ...presentNode(r, levels),
    // Ancestors above the actor's scope are shown too: they are context, not data.
    pathNames: pathIds(r.node.path).map((id) => names.get(id)?.name ?? ''),
  }));
}

function abilitiesFor(actor: Actor, node: repo.OrgUnitRow) {
  const write = can(actor, 'territory.write') && node.status === 'active';
  // Moving or retiring one's own scope root would take it out of reach.
  const isOwnRoot = !actor.scopeAll && actor.scopePaths.includes(node.path);
  return { update: write, createChild: write, move: write && !isOwnRoot, retire: write && !isOwnRoot };
}

export async function getNodeDetail(db: Db, actor: Actor, id: number) {
  const row = await requireNode(db, actor, id);
  const [levels, names] = await Promise.all([levelMap(db), repo.namesAlongPaths(db, [row.node.path])]);
  const ancestors = pathIds(row.node.path)
    .slice(0, -1)
    .map((aid) => ({ id: aid, name: names.get(aid)?.name ?? '', level: names.get(aid)?.level ?? 0 }));
  return { ...presentNode(row, levels), ancestors, abilities: abilitiesFor(actor, row.node) };
}

async function checkCodeFree(tx: DbOrTx, code: string | null | undefined, selfId?: number) {
  if (!code) return;
  const other = await repo.findActiveByCode(tx, code);
  if (other && other.id !== selfId) throw codeTaken(code);
}

export async function createNode(
  db: Db,
  actor: Actor,
  body: { parentId: number | null; name: string; level: number; code?: string; sortOrder?: number },
) {
  requirePermission(actor, 'territory.write');
  return db.transaction(async (tx) => {
    const levels = await levelMap(tx);
    if (!levels.has(body.level)) throw badRequest('UNKNOWN_LEVEL', { zh: `不存在第 ${body.level} 级`, en: `No level ${body.level}` });
    let parent: repo.OrgUnitRow | null = null;
    if (body.parentId === null) {
      if (!actor.scopeAll) throw forbidden();
    } else {
      parent = (await requireNode(tx, actor, body.parentId)).node;
      requireActive(parent);
      if (!canNest(parent.level, body.level, [...levels.values()])) {
        throw badRequest('LEVEL_NOT_BELOW_PARENT', { zh: '下级节点的层级必须低于上级节点', en: 'A child must sit on a level below its parent' });
      }
    }
    await checkCodeFree(tx, body.code);
    const node = await repo.insertNode(tx, parent, {
      name: body.name,
      level: body.level,
      code: body.code ?? null,
      divisionCode: null,
      sortOrder: body.sortOrder ?? 0,
    });
    await recordAudit(tx, actor, { action: 'territory.create', entityType: 'org_unit', entityId: node.id, scopePath: node.path, after: auditSnapshot(node) });
    return presentNode({ node, childCount: 0 }, levels);
  });
}

export async function updateNode(db: Db, actor: Actor, id: number, body: { name?: string; code?: string | null; sortOrder?: number }) {
  requirePermission(actor, 'territory.write');
  return db.transaction(async (tx) => {
    const row = await requireNode(tx, actor, id);
    requireActive(row.node);
    await checkCodeFree(tx, body.code, id);
    const node = await repo.updateNode(tx, id, body);
    await recordAudit(tx, actor, { action: 'territory.update', entityType: 'org_unit', entityId: id, scopePath: node.path, before: auditSnapshot(row.node), after: auditSnapshot(node) });
    return presentNode({ node, childCount: row.childCount }, await levelMap(tx));
  });
}

export async function moveNode(db: Db, actor: Actor, id: number, parentId: number) {
  requirePermission(actor, 'territory.write');
  return db.transaction(async (tx) => {
    const row = await requireNode(tx, actor, id);
    requireActive(row.node);
    if (!abilitiesFor(actor, row.node).move) throw forbidden();
    const parent = (await requireNode(tx, actor, parentId)).node;
    requireActive(parent);
    if (pathInScope({ ...actor, scopeAll: false, scopePaths: [row.node.path] }, parent.path)) {
      throw badRequest('MOVE_INTO_OWN_SUBTREE', { zh: '不能移动到自身或其下级节点下', en: 'A node cannot move under itself' });
    }
    if (!canNest(parent.level, row.node.level, [...(await levelMap(tx)).values()])) {
      throw badRequest('LEVEL_NOT_BELOW_PARENT', { zh: '新上级的层级必须高于该节点', en: 'The new parent must sit on a higher level' });
    }
    const node = await repo.moveSubtree(tx, row.node, parent);
    await onTreeChanged(tx);
    await recordAudit(tx, actor, { action: 'territory.move', entityType: 'org_unit', entityId: id, scopePath: node.path, before: auditSnapshot(row.node), after: auditSnapshot(node) });
    return presentNode({ node, childCount: row.childCount }, await levelMap(tx));
  });
}

export async function retireNode(db: Db, actor: Actor, id: number, body: { reason: string; cascade?: boolean }) {
  requirePermission(actor, 'territory.write');
  return db.transaction(async (tx) => {
    const row = await requireNode(tx, actor, id);
    requireActive(row.node);
    if (!abilitiesFor(actor, row.node).retire) throw forbidden();
    const below = await repo.countActiveDescendants(tx, row.node);
    if (below > 0 && !body.cascade) {
      throw new AppError(
        409,
        'HAS_ACTIVE_CHILDREN',
        { zh: `该节点下还有 ${below} 个在用节点，确认后将一并撤销`, en: `${below} active nodes below; confirm to retire them too` },
        { activeDescendants: below },
      );
    }
    const retired = await repo.retireSubtree(tx, row.node, body.reason);
    // A retired grid's boundary ends with it (history kept) and no longer locates points.
    await onNodesRetired(tx, retired.map((r) => r.id));
    for (const r of retired) {
      await recordAudit(tx, actor, {
        action: 'territory.retire',
        entityType: 'org_unit',
        entityId: r.id,
        scopePath: r.path,
        before: { status: 'active', name: r.name },
        after: { status: 'retired', reason: body.reason },
      });
    }
    return { retired: retired.length };
  });
}

export async function overview(db: Db, actor: Actor) {
  const [counts, levels] = await Promise.all([repo.countByLevel(db, actor), levelMap(db)]);
  return counts.map((c) => ({ level: c.level, levelName: levels.get(c.level)?.nameZh ?? null, levelNameEn: levels.get(c.level)?.nameEn ?? null, count: c.n }));
}
