// Test helpers for the case loop: the demo grids, a point inside a grid, a real little PNG.
import { and, asc, eq } from 'drizzle-orm';
import { orgUnits, departments } from '../../db/schema.js';
import { nodeByCode, type TestApp } from '../../../test/harness.js';
import { currentGeometry } from '../geo/repo.js';
import { locator } from '../geo/service.js';

/** A 2×2 PNG (green), made by zlib: enough for the type sniffing and for a browser to show. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGOw6rcCIgYIBQAcYgQNLBfA/AAAAABJRU5ErkJggg==', 'base64');

export async function gridsOf(t: TestApp, communityCode: string) {
  const community = await nodeByCode(t, communityCode);
  const grids = await t.database.db.select().from(orgUnits).where(and(eq(orgUnits.parentId, community.id), eq(orgUnits.status, 'active'))).orderBy(asc(orgUnits.code));
  return { community, grids };
}

/** A point the locator places in this grid (the demo grids are drawn; a few probes find one). */
export async function pointIn(t: TestApp, gridId: number): Promise<{ lng: number; lat: number }> {
  const row = await currentGeometry(t.database.db, gridId);
  if (!row) throw new Error(`grid ${gridId} has no boundary`);
  const coords: number[][] = JSON.stringify(row.geometry).match(/-?\d+\.\d+,-?\d+\.\d+/g)!.map((p) => p.split(',').map(Number));
  const lngs = coords.map((c) => c[0]!);
  const lats = coords.map((c) => c[1]!);
  const [x0, x1, y0, y1] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  for (let i = 1; i < 10; i++) {
    for (let j = 1; j < 10; j++) {
      const p = { lng: x0 + ((x1 - x0) * (i === 1 ? 5 : i)) / 10, lat: y0 + ((y1 - y0) * (j === 1 ? 5 : j)) / 10 };
      if ((await locator.locate(t.database.db, p.lng, p.lat))?.id === gridId) return p;
    }
  }
  throw new Error(`no point found inside grid ${gridId}`);
}

export async function departmentByName(t: TestApp, name: string) {
  const [row] = await t.database.db.select().from(departments).where(eq(departments.name, name));
  if (!row) throw new Error(`no department ${name}`);
  return row;
}
