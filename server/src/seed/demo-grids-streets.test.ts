// A second generated street lies beside the demo street, and the tiling check reports streets
// (and their communities) drawn on top of each other. Seed test: relies on the demo street.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bboxOf } from '../../../core/src/geo/measure.js';
import type { AreaGeometry, BBox } from '../../../core/src/geo/types.js';
import { systemActor } from '../actor.js';
import * as geoRepo from '../modules/geo/repo.js';
import { importDivision } from '../modules/territory/division-import.js';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from '../../test/harness.js';
import { HUAYUANLU_BBOX, seedDemoGrids } from './demo-grids.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  await importDivision(t.database.db, systemActor(), { code: '410105001' });
  await seedDemoGrids(t.database.db, '410105001', 12);
});
afterAll(() => t.close());

const boxesMeet = (a: BBox, b: BBox) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
async function boundary(code: string): Promise<AreaGeometry> {
  const node = await nodeByCode(t, code);
  return (await geoRepo.currentGeometry(t.database.db, node.id))!.geometry as AreaGeometry;
}

describe('a second generated street', () => {
  it('lies beside the demo street, not on top of it, and everything tiles', async () => {
    const first = bboxOf(await boundary('410105002'));
    const second = bboxOf(await boundary('410105001'));
    expect(boxesMeet(first, second)).toBe(false);
    expect(second[0]).toBeGreaterThan(first[2]); // east of it, as wide as the default extent
    expect(second[2] - second[0]).toBeLessThanOrEqual(HUAYUANLU_BBOX[2] - HUAYUANLU_BBOX[0]);
    for (const code of ['410105', '410105001', '410105002']) {
      const report = (await admin.get(`/api/geo/nodes/${(await nodeByCode(t, code)).id}/tiling`)).json();
      expect(report, code).toMatchObject({ ok: true, overlaps: [], neighbours: [] });
    }
  });
});

describe('the tiling check across streets', () => {
  it('reports a street drawn on top of another, and its communities on top of the other’s', async () => {
    const streetA = await nodeByCode(t, '410105002');
    const streetB = await nodeByCode(t, '410105001');
    const communityA = await nodeByCode(t, '410105002001');
    // What demo:grids used to do: the second street generated in the first street's extent.
    // Written through the repository, as the generator does, so no check stands in the way.
    const b1 = await nodeByCode(t, '410105001003');
    await geoRepo.setGeometry(t.database.db, b1.id, { geometry: await boundary('410105002001'), bbox: bboxOf(await boundary('410105002001')), areaM2: 1, isDraft: false, source: 'demo', createdBy: null });
    await geoRepo.setGeometry(t.database.db, streetB.id, { geometry: await boundary('410105002'), bbox: bboxOf(await boundary('410105002')), areaM2: 1, isDraft: false, source: 'demo', createdBy: null });

    const ofB = (await admin.get(`/api/geo/nodes/${streetB.id}/tiling`)).json();
    expect(ofB.ok).toBe(false);
    const pairs = ofB.neighbours.map((n: { id: number; other: number; otherName: string }) => [n.id, n.other, n.otherName]);
    expect(pairs).toContainEqual([streetB.id, streetA.id, '花园路街道']);
    expect(pairs).toContainEqual([b1.id, communityA.id, '甲院社区']);
    // Each street on its own still tiles its communities; only the neighbours say what is wrong.
    expect(ofB.overlaps).toEqual([]);
    const ofA = (await admin.get(`/api/geo/nodes/${streetA.id}/tiling`)).json();
    expect(ofA.neighbours.map((n: { id: number; other: number }) => [n.id, n.other])).toContainEqual([streetA.id, streetB.id]);
    // The county: its two streets overlap as siblings.
    const county = (await admin.get(`/api/geo/nodes/${(await nodeByCode(t, '410105')).id}/tiling`)).json();
    expect(county.overlaps.map((o: { a: number; b: number }) => [o.a, o.b])).toContainEqual([Math.min(streetA.id, streetB.id), Math.max(streetA.id, streetB.id)]);

    // A street's own administrator learns of the overlap, but not the name of a street outside their scope.
    const { client: streetAdmin } = await clientFor(t, { roles: ['admin'], nodeCodes: ['410105001'] });
    const scoped = (await streetAdmin.get(`/api/geo/nodes/${b1.id}/tiling`)).json();
    expect(scoped.ok).toBe(false);
    expect(scoped.neighbours.length).toBeGreaterThan(0);
    expect(scoped.neighbours.every((n: { other: number | null; otherName: string | null }) => n.other === null && n.otherName === null)).toBe(true);
  });

  it('refuses to draw a community over another street’s community, writing nothing', async () => {
    const b2 = await nodeByCode(t, '410105001006');
    const before = await tableCounts(t);
    const res = await admin.put(`/api/geo/nodes/${b2.id}/geometry`, { geometry: await boundary('410105002003') });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TILING_BROKEN');
    expect(res.json().error.details.neighbours.map((n: { other: number }) => n.other)).toContain((await nodeByCode(t, '410105002003')).id);
    expect(await tableCounts(t)).toEqual(before);
  });
});
