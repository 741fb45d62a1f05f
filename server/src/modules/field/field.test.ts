// The field app's snapshot: the worker's own grid only (another community's households are absent),
// numbers masked, categories with pinyin, the worker's recent categories, and their own reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { gridsOf, pointIn } from '../cases/test-factories.js';
import { buildBuilding, buildDwelling, buildHousehold, buildPerson } from '../visits/test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let worker: Client;
let workerId: number;
let grid: { id: number; name: string };
let mine: number;
let away: number;
let neighbour: number; // another grid of the same community

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  grid = { id: home.grids[0]!.id, name: home.grids[0]!.name };
  const w = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] });
  worker = w.client;
  workerId = w.user.id;
  const building = await buildBuilding(t, grid.id, '3号楼');
  const dwelling = await buildDwelling(t, building, '2', '501');
  mine = (await buildHousehold(t, grid.id, dwelling.id, [await buildPerson(t, grid.id, '张美荣', { dwellingId: dwelling.id, phone: '13837165432', idNumber: '410105196204151234' })])).id;
  const other = home.grids[1]!;
  neighbour = (await buildHousehold(t, other.id, null, [await buildPerson(t, other.id, '钱学斌')])).id;
  const awayGrid = (await gridsOf(t, AWAY)).grids[0]!;
  away = (await buildHousehold(t, awayGrid.id, null, [await buildPerson(t, awayGrid.id, '孙丽华')])).id;
  const point = await pointIn(t, grid.id);
  for (const categoryKey of ['matter:01001', 'social:S06']) {
    const res = await worker.post('/api/cases', { categoryKey, description: '通信花园小区3号楼楼下问题，请处理', lng: point.lng, lat: point.lat });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t.close());

describe('GET /api/field/snapshot', () => {
  it('holds the worker’s own grid and households only, with numbers masked', async () => {
    const res = await worker.get('/api/field/snapshot');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const s = res.json();
    expect(s.me).toMatchObject({ id: workerId, roles: ['grid_worker_a'] });
    expect(s.grids.map((g: { id: number }) => g.id)).toEqual([grid.id]);
    expect(s.grids[0]).toMatchObject({ name: grid.name, communityName: '通信花园社区' });
    expect(s.grids[0].path).toContain('通信花园社区 › ');
    expect(s.grids[0].geometry.type).toMatch(/Polygon/);
    const ids = s.households.map((h: { id: number }) => h.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(away);
    expect(ids).not.toContain(neighbour);
    const zhang = s.households.find((h: { id: number }) => h.id === mine);
    expect(zhang).toMatchObject({ gridId: grid.id, headName: '张美荣', version: expect.any(Number), lastVisitAt: null });
    expect(zhang.members[0]).toMatchObject({ name: '张美荣', relation: 'self', phoneMasked: '138****5432' });
    expect(zhang.members[0].idMasked).not.toContain('19620415');
    expect(zhang.members[0].idMasked).toMatch(/1234$/);
    // Nothing in the answer carries a plain number.
    expect(res.body).not.toContain('13837165432');
    expect(res.body).not.toContain('410105196204151234');
  });

  it('carries the categories with pinyin, the worker’s recent ones first, and their reports', async () => {
    const s = (await worker.get('/api/field/snapshot')).json();
    const noise = s.categories.find((c: { key: string }) => c.key === 'social:S06');
    expect(noise).toMatchObject({ name: '噪音扰民', kind: 'social', initials: 'zyrm', pinyin: 'zaoyinraomin' });
    // Each category has the console's shape (the case meta's), plus the pinyin; names are Chinese only.
    const meta = (await worker.get('/api/cases/meta')).json();
    for (const key of ['social:S06', 'matter:01001', 'component:01001']) {
      const { pinyin: _p, initials: _i, ...shape } = s.categories.find((c: { key: string }) => c.key === key);
      expect(shape).toEqual(meta.categories.find((c: { key: string }) => c.key === key));
    }
    expect(s.categories.find((c: { key: string }) => c.key === 'matter:01001')).toMatchObject({ kind: 'matter', code: '01001', classCode: expect.any(String), className: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(s.categories.every((c: object) => !('nameEn' in c))).toBe(true);
    expect(s.recentCategories.slice(0, 2).sort()).toEqual(['matter:01001', 'social:S06']);
    expect(s.reportedByMe).toHaveLength(2);
    expect(s.reportedByMe[0]).toMatchObject({ state: 'reported', stateName: { zh: expect.any(String), en: expect.any(String) } });
    expect(s.baseMap).toMatchObject({ maxZoom: expect.any(Number) });
    expect(Array.isArray(s.toVerify)).toBe(true);
    expect(Array.isArray(s.visitsDue)).toBe(true);
  });
});
