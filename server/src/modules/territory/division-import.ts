// Creating a territory from a national division code: a county (6 digits) or a street (9 digits)
// with its streets and communities, real names and codes, ready for grids.
import { canNest, type TerritoryLevel } from '../../../../core/src/territory-levels.js';
import { requirePermission, type Actor } from '../../actor.js';
import { pathInScope } from '../../scope/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { badRequest, forbidden, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { DIVISION_DATA, getDivision, listChildDivisions, loadDivisionTree, type Division } from './divisions.js';
import { auditSnapshot } from './present.js';
import * as repo from './repo.js';
import { levelMap, nodeNotFound, requireNode } from './service.js';

// A code newer than the bundled edition is "not found" too, so the answer names the edition.
const divisionNotFound = (code: string) =>
  notFound({
    zh: `${DIVISION_DATA.year} 年统计用区划代码中，区划代码 ${code} 对应的区划`,
    en: `In the ${DIVISION_DATA.year} statistical division codes, division ${code}`,
  });

export async function previewDivision(db: Db, actor: Actor, code: string) {
  requirePermission(actor, 'territory.import');
  const division = await getDivision(code);
  if (!division) throw divisionNotFound(code);
  const [children, parent, existing] = await Promise.all([
    listChildDivisions(code),
    division.parentCode ? getDivision(division.parentCode) : null,
    repo.findActiveByCode(db, code),
  ]);
  return {
    code: division.code,
    name: division.shortName,
    officialName: division.name,
    kind: division.kind,
    parentName: parent?.name ?? null,
    existing: existing !== null,
    children: children.map((c) => ({ code: c.code, name: c.shortName, officialName: c.name, kind: c.kind })),
    data: DIVISION_DATA,
  };
}

/** The configured level for a division kind: by key, else the conventional depth. */
function levelFor(levels: Map<number, TerritoryLevel>, kind: 'county' | 'street' | 'community'): number {
  const keys = { county: ['district', 'county'], street: ['street', 'town'], community: ['community', 'village'] }[kind];
  for (const l of levels.values()) if (keys.includes(l.key)) return l.level;
  return { county: 0, street: 1, community: 2 }[kind];
}

interface Counter {
  created: number;
  skipped: number;
}

/** Finds the live node with this division code, or creates it under the given parent. */
async function ensureNode(
  tx: DbOrTx,
  actor: Actor,
  division: Division,
  parent: repo.OrgUnitRow | null,
  level: number,
  counter: Counter,
  levels: Map<number, TerritoryLevel>,
): Promise<repo.OrgUnitRow> {
  const existing = await repo.findActiveByCode(tx, division.code);
  if (existing) {
    // A node outside the actor's scope is not the actor's to extend.
    if (!pathInScope(actor, existing.path)) throw nodeNotFound();
    counter.skipped++;
    // Nodes imported before the official name was kept get it now; their name is the admin's.
    if (existing.officialName === null && existing.divisionCode === division.code.padEnd(12, '0')) {
      const node = await repo.updateNode(tx, existing.id, { officialName: division.name });
      await recordAudit(tx, actor, {
        action: 'territory.update',
        entityType: 'org_unit',
        entityId: node.id,
        scopePath: node.path,
        before: auditSnapshot(existing),
        after: auditSnapshot(node),
      });
      return node;
    }
    return existing;
  }
  if (parent && !canNest(parent.level, level, [...levels.values()])) {
    throw badRequest('LEVEL_NOT_BELOW_PARENT', { zh: '上级节点的层级必须高于导入的区县', en: 'The parent must sit above the imported county' });
  }
  const node = await repo.insertNode(tx, parent, {
    name: division.shortName,
    officialName: division.name,
    level,
    code: division.code,
    divisionCode: division.code.padEnd(12, '0'),
    sortOrder: 0,
  });
  counter.created++;
  await recordAudit(tx, actor, { action: 'territory.import', entityType: 'org_unit', entityId: node.id, scopePath: node.path, after: auditSnapshot(node) });
  return node;
}

export async function importDivision(db: Db, actor: Actor, body: { code: string; parentId?: number }) {
  requirePermission(actor, 'territory.import');
  const tree = await loadDivisionTree(body.code);
  if (!tree) throw divisionNotFound(body.code);
  const county = tree.root.kind === 'county' ? tree.root : tree.ancestors.find((a) => a.kind === 'county');
  if (!county) throw divisionNotFound(body.code);
  return db.transaction(async (tx) => {
    const levels = await levelMap(tx);
    const counter: Counter = { created: 0, skipped: 0 };
    let attachTo: repo.OrgUnitRow | null = null;
    if (body.parentId !== undefined) attachTo = (await requireNode(tx, actor, body.parentId)).node;
    const countyExists = await repo.findActiveByCode(tx, county.code);
    // A new top-level node is a deployment-wide change.
    if (!countyExists && !attachTo && !actor.scopeAll) throw forbidden();
    const countyNode = await ensureNode(tx, actor, county, attachTo, levelFor(levels, 'county'), counter, levels);
    let rootId = countyNode.id;
    for (const { street, communities } of tree.streets) {
      const streetNode = await ensureNode(tx, actor, street, countyNode, levelFor(levels, 'street'), counter, levels);
      if (tree.root.kind === 'street') rootId = streetNode.id;
      for (const community of communities) {
        await ensureNode(tx, actor, community, streetNode, levelFor(levels, 'community'), counter, levels);
      }
    }
    return { rootId, ...counter };
  });
}
