// How the actor stands to a case (core/src/cases/workflow.ts RELATIONS) and the case's flags:
// the inputs of `allowedActions` and `can`. Memberships are read once per request.
import { and, eq, sql } from 'drizzle-orm';
import type { CaseFlags, Relations } from '../../../../core/src/cases/workflow.js';
import { type Actor } from '../../actor.js';
import { pathInScope } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { gridTeamMembers } from '../geo/index.js';
import { orgUnits } from '../territory/index.js';
import type { CaseRecord } from './repo.js';
import * as repo from './repo.js';
import { holders, nodeInfo } from './node-cache.js';
import { inRoleGroup } from '../../../../core/src/roles.js';


export interface Membership {
  /** Units the actor handles for: 'department:3', 'org_unit:12' (bound nodes and grid teams). */
  unitKeys: string[];
  /** Grids (and other nodes) whose team the actor is on as a grid worker, or is bound to. */
  gridIds: number[];
}

const lastLabel = (path: string) => Number(path.slice(path.lastIndexOf('.') + 1));

export async function membershipOf(db: DbOrTx, actor: Actor): Promise<Membership> {
  const isHandler = inRoleGroup(actor.roles, 'handlers');
  const isGridWorker = inRoleGroup(actor.roles, 'gridWorkers');
  if (!isHandler && !isGridWorker) return { unitKeys: [], gridIds: [] };
  const team = actor.userId > 0 ? await db.select({ id: gridTeamMembers.orgUnitId }).from(gridTeamMembers).where(eq(gridTeamMembers.userId, actor.userId)) : [];
  const bound = actor.scopePaths.map(lastLabel);
  const nodes = [...new Set([...bound, ...team.map((t) => t.id)])];
  return {
    unitKeys: isHandler ? [...actor.departmentIds.map((id) => `department:${id}`), ...nodes.map((id) => `org_unit:${id}`)] : [],
    gridIds: isGridWorker ? nodes : [],
  };
}

const pathIds = (path: string) => path.split('.').map(Number);

export async function relationsOf(db: DbOrTx, actor: Actor, c: CaseRecord, member: Membership): Promise<Relations> {
  const unitKey = c.handlingUnitType && c.handlingUnitId ? `${c.handlingUnitType}:${c.handlingUnitId}` : null;
  let inCoordinatingUnit = false;
  if (c.state === 'in_progress' && member.unitKeys.length) {
    const open = (await repo.coordination(db, c.id)).filter((u) => u.status === 'open');
    inCoordinatingUnit = open.some((u) => member.unitKeys.includes(`${u.unitType}:${u.unitId}`));
  }
  return {
    isReporter: actor.userId > 0 && c.reporterUserId === actor.userId,
    // The team of the case's grid, or of a node above it (a unit grid lies inside a grid).
    inCaseGrid: pathIds(c.orgPath).some((id) => member.gridIds.includes(id)),
    inHandlingUnit: unitKey !== null && member.unitKeys.includes(unitKey),
    inCoordinatingUnit,
    canSupervise: pathInScope(actor, c.holderPath),
  };
}

export async function flagsOf(db: DbOrTx, c: CaseRecord): Promise<CaseFlags> {
  const pending = c.state === 'in_progress' ? await repo.pendingExtension(db, c.id) : null;
  const holder = (await nodeInfo(db, [c.holderNodeId])).get(c.holderNodeId);
  return {
    hasPendingExtension: pending !== null,
    rated: c.rating !== null,
    lastRating: (c.rating as CaseFlags['lastRating']) ?? null,
    atTopLevel: !holder || holder.parentId === null,
    fixOnSpot: c.fixOnSpot,
  };
}

/**
 * The nodes that hold new cases, per grid path: the community above the grid (the level whose key
 * is 'community'), else the grid's parent, else the grid itself. One query for all paths not cached.
 */
export async function initialHolders(db: DbOrTx, gridPaths: readonly string[]): Promise<Map<string, { id: number; path: string }>> {
  const out = new Map<string, { id: number; path: string }>();
  const missing: string[] = [];
  for (const p of new Set(gridPaths)) {
    const hit = holders.get(p);
    if (hit) out.set(p, hit);
    else missing.push(p);
  }
  if (missing.length === 0) return out;
  const ids = [...new Set(missing.flatMap(pathIds))];
  const rows = await db
    .select({ id: orgUnits.id, path: orgUnits.path, levelKey: sql<string | null>`(select tl.key from territory_levels tl where tl.level = org_units.level)` })
    .from(orgUnits)
    .where(and(sql`${orgUnits.id} = any(${`{${ids.join(',')}}`}::int[])`));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const gridPath of missing) {
    const chain = pathIds(gridPath).map((id) => byId.get(id)).filter((r) => r !== undefined);
    const community = [...chain].reverse().find((r) => r.levelKey === 'community');
    const pick = community ?? chain[chain.length - 2] ?? chain[chain.length - 1]!;
    const holder = { id: pick.id, path: pick.path };
    holders.set(gridPath, holder);
    out.set(gridPath, holder);
  }
  return out;
}
