// GET /api/field/snapshot: everything the field app keeps offline for the signed-in worker, composed
// from the owning modules' index functions. Only the worker's own nodes (the ones they are bound to,
// even for a deployment-wide administrator), numbers masked, tags as the role may see them; no photos
// and no geometry beyond the worker's grids, so it stays small.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { can, type Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import { inScope } from '../../scope/index.js';
import { fieldCases } from '../cases/index.js';
import { currentGeometry, getMapSettings } from '../geo/index.js';
import { fieldHouseholds } from '../housing/index.js';
import { namesAlongPaths, orgUnits, territoryLevels } from '../territory/index.js';
import { fieldVisits } from '../visits/index.js';

export interface FieldDeps {
  db: Db;
  crypto: FieldCrypto;
  timeZone: string;
}

/** Levels whose nodes the phone draws and files records under. */
const GRID_LEVELS = ['grid', 'unit_grid'];
const MAX_GRIDS = 20;
const MAX_ZOOM = 19;

/** The worker's own grids: under the nodes they are bound to. */
async function ownGrids(db: Db, own: Actor) {
  const rows = await db
    .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, path: orgUnits.path, parentId: orgUnits.parentId })
    .from(orgUnits)
    .innerJoin(territoryLevels, eq(territoryLevels.level, orgUnits.level))
    .where(and(eq(orgUnits.status, 'active'), inArray(territoryLevels.key, GRID_LEVELS), inScope(own, orgUnits.path)))
    .orderBy(asc(orgUnits.path))
    .limit(MAX_GRIDS);
  const names = await namesAlongPaths(db, rows.map((r) => r.path));
  const community = (path: string) => {
    const ids = path.split('.').map(Number);
    return ids.map((id) => names.get(id)).find((n) => n && n.level === 2)?.name ?? null;
  };
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      path: r.path.split('.').map((id) => names.get(Number(id))?.name ?? id).join(' › '),
      communityName: community(r.path),
      geometry: (await currentGeometry(db, r.id))?.geometry ?? null,
    })),
  );
}

export async function snapshot(deps: FieldDeps, actor: Actor) {
  const { db } = deps;
  // Only what the user is bound to: a deployment-wide administrator's phone gets their own nodes, not the deployment.
  const own: Actor = { ...actor, scopeAll: false };
  const register = can(actor, 'register.read');
  const [grids, map, cases, households, visits] = await Promise.all([
    ownGrids(db, own),
    getMapSettings(db),
    fieldCases(deps, own),
    register ? fieldHouseholds(deps, db, own) : Promise.resolve([]),
    register ? fieldVisits(db, own, deps.timeZone) : Promise.resolve({ visitsDue: [], residenceExpiring: [] }),
  ]);
  return {
    generatedAt: new Date(),
    me: { id: actor.userId, name: actor.displayName, roles: [...actor.roles] },
    grids,
    baseMap: { tileUrl: map.tileUrl, attribution: map.attribution ?? null, maxZoom: MAX_ZOOM },
    ...cases,
    households,
    ...visits,
  };
}
