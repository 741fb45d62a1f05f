// A second street for scope tests, made the way an administrator makes one: imported from its
// national division code (with its real communities), a grid drawn through the geo service, a
// department and the people who work there.
import { and, asc, eq } from 'drizzle-orm';
import { systemActor } from '../src/actor.js';
import { orgUnits } from '../src/db/schema.js';
import { createDepartment } from '../src/modules/departments/service.js';
import { setNodeGeometry } from '../src/modules/geo/service.js';
import { importDivision } from '../src/modules/territory/division-import.js';
import { createNode } from '../src/modules/territory/service.js';
import { nodeByCode, type TestApp } from './harness.js';

let seq = 0;

/** The street with this 9-digit division code (imported when missing) and its first community. */
export async function buildStreet(t: TestApp, code: string) {
  const db = t.database.db;
  await importDivision(db, systemActor(), { code });
  const street = await nodeByCode(t, code);
  const [community] = await db.select().from(orgUnits).where(and(eq(orgUnits.parentId, street.id), eq(orgUnits.status, 'active'))).orderBy(asc(orgUnits.code)).limit(1);
  if (!community) throw new Error(`street ${code} has no community`);
  return { street, community };
}

/** A grid under the community, drawn as a square of about 200 m at the point, and its code. */
export async function buildDrawnGrid(t: TestApp, community: { id: number; code: string | null }, at: { lng: number; lat: number }) {
  const n = ++seq;
  const code = `${community.code}${String(900 + n).padStart(3, '0')}`;
  const grid = await createNode(t.database.db, systemActor(), { parentId: community.id, name: `测试网格${n}`, level: 3, code });
  const d = 0.001;
  const ring = [[at.lng - d, at.lat - d], [at.lng + d, at.lat - d], [at.lng + d, at.lat + d], [at.lng - d, at.lat + d], [at.lng - d, at.lat - d]];
  await setNodeGeometry(t.database.db, systemActor(), grid.id, { geometry: { type: 'Polygon', coordinates: [ring] } });
  return { id: grid.id, code };
}

/** A department owned by this node. */
export async function buildDepartment(t: TestApp, ownerId: number, name: string) {
  return createDepartment(t.database.db, systemActor(), { name, kind: 'city_management', orgUnitId: ownerId });
}
