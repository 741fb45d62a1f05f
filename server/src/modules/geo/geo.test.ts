import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../../../core/src/geo/coords.js';
import { bboxOf } from '../../../../core/src/geo/measure.js';
import type { AreaGeometry, Position } from '../../../../core/src/geo/types.js';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
});
afterAll(() => t.close());

interface Feature {
  geometry: AreaGeometry;
  properties: { id: number; name: string; code: string | null; level: number; parentId: number; labelAt: Position; areaM2: number };
}
const featuresOf = async (rootId?: number, crs = 'wgs84') =>
  (await admin.get(`/api/geo/features?crs=${crs}${rootId ? `&rootId=${rootId}` : ''}`)).json().features as Feature[];
const geometryRows = async () =>
  ((await t.database.db.execute(sql`select count(*)::int as n from org_unit_geometries`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;

describe('the demo street on the map', () => {
  it('has 花园路街道, its 10 communities and 43 grids with 15-digit GB/T 30428.1 codes, tiled without gaps', async () => {
    const street = await nodeByCode(t, '410105002');
    const all = await featuresOf(street.id);
    const grids = all.filter((f) => f.properties.level === 3);
    expect(all.filter((f) => f.properties.level === 2)).toHaveLength(10);
    expect(grids).toHaveLength(43);
    const codes = grids.map((g) => g.properties.code!);
    expect(new Set(codes).size).toBe(43);
    expect(codes.every((c) => /^410105002\d{3}\d{3}$/.test(c))).toBe(true);
    const [minLng, minLat, maxLng, maxLat] = bboxOf(all.find((f) => f.properties.level === 1)!.geometry);
    expect(minLng).toBeGreaterThan(113.6);
    expect(maxLng).toBeLessThan(113.75);
    expect(minLat).toBeGreaterThan(34.7);
    expect(maxLat).toBeLessThan(34.85);
    expect((await admin.get(`/api/geo/nodes/${street.id}/tiling`)).json().ok).toBe(true);
    const community = await nodeByCode(t, '410105002012');
    expect((await admin.get(`/api/geo/nodes/${community.id}/tiling`)).json()).toMatchObject({ ok: true, gaps: [], overlaps: [], outside: [] });
  });

  it('exports a community’s boundaries as a GeoJSON download, and the export is audited', async () => {
    const community = await nodeByCode(t, '410105002012');
    const res = await admin.get(`/api/geo/export?rootId=${community.id}&crs=gcj02`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    expect(res.headers['content-disposition']).toBe('attachment; filename="grids-gcj02.geojson"');
    const n = res.json().features.length;
    expect(n).toBeGreaterThan(1);
    const [row] = (await admin.get(`/api/audit?action=geo.export&entityId=${community.id}`)).json().items;
    expect(row.after).toEqual({ crs: 'gcj02', includeDrafts: false, features: n });
  });

  it('shows a grid card with parent, area, buildings and team', async () => {
    const community = await nodeByCode(t, '410105002012');
    const grid = (await featuresOf(community.id)).find((f) => f.properties.level === 3)!;
    const card = (await admin.get(`/api/geo/nodes/${grid.properties.id}`)).json();
    expect(card).toMatchObject({ name: grid.properties.name, parent: { name: '通信花园社区' } });
    expect(card.areaM2).toBeGreaterThan(1000);
    expect(card.buildings).toBeGreaterThan(0);
    expect(card.team.map((m: { name: string }) => m.name)).toContain('赵立新');
    // 户数 counts the register's households of the grid: one more registered, one more counted.
    const created = await admin.post('/api/register/households', { orgUnitId: grid.properties.id, householdNo: '410105770001' });
    expect(created.statusCode, created.body).toBe(201);
    expect((await admin.get(`/api/geo/nodes/${grid.properties.id}`)).json().households).toBe(card.households + 1);
    expect((await admin.get(`/api/geo/nodes/${community.id}`)).json().households).toBeGreaterThanOrEqual(card.households + 1);
  });
});

describe('locate', () => {
  it('answers the grid and its ancestors, in WGS-84 or GCJ-02, and says so outside every grid', async () => {
    const community = await nodeByCode(t, '410105002001');
    const grid = (await featuresOf(community.id)).find((f) => f.properties.level === 3)!;
    const [lng, lat] = grid.properties.labelAt;
    const hit = (await admin.get(`/api/geo/locate?lat=${lat}&lng=${lng}`)).json();
    expect(hit).toMatchObject({ found: true, grid: { id: grid.properties.id, code: grid.properties.code } });
    expect(hit.ancestors.map((a: { name: string }) => a.name)).toEqual(['金水区', '花园路街道', '甲院社区']);
    const [glng, glat] = wgs84ToGcj02([lng, lat]);
    expect((await admin.get(`/api/geo/locate?lat=${glat}&lng=${glng}&crs=gcj02`)).json().grid.id).toBe(grid.properties.id);
    expect((await admin.get('/api/geo/locate?lat=39.9&lng=116.4')).json().found).toBe(false);
    const batch = (await admin.post('/api/geo/locate/batch', { points: [{ lat, lng }, { lat: 39.9, lng: 116.4 }] })).json();
    expect(batch.results.map((r: { found: boolean }) => r.found)).toEqual([true, false]);
  });

  it('a point on an edge shared by two grids gets one answer, every time', async () => {
    const community = await nodeByCode(t, '410105002003');
    const [a] = (await featuresOf(community.id)).filter((f) => f.properties.level === 3);
    const ring = (a!.geometry.type === 'Polygon' ? a!.geometry.coordinates[0] : a!.geometry.coordinates[0]![0])!;
    const answers = new Set<number>();
    for (const v of ring.slice(0, 8)) {
      const ids = new Set<number>();
      for (let i = 0; i < 3; i++) ids.add((await admin.get(`/api/geo/locate?lat=${v[1]}&lng=${v[0]}`)).json().grid?.id ?? -1);
      expect(ids.size).toBe(1);
      answers.add([...ids][0]!);
    }
    expect(answers.size).toBeGreaterThan(0);
  });

  it('out of scope looks like outside', async () => {
    const away = (await featuresOf((await nodeByCode(t, '410105002001')).id)).find((f) => f.properties.level === 3)!;
    const { client } = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    const [lng, lat] = away.properties.labelAt;
    expect((await client.get(`/api/geo/locate?lat=${lat}&lng=${lng}`)).json().found).toBe(false);
  });
});

describe('editing boundaries', () => {
  it('refuses a boundary that overlaps a sibling unless kept as a draft', async () => {
    const community = await nodeByCode(t, '410105002004');
    const [a, b] = (await featuresOf(community.id)).filter((f) => f.properties.level === 3);
    const before = await geometryRows();
    const res = await admin.put(`/api/geo/nodes/${a!.properties.id}/geometry`, { geometry: b!.geometry });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TILING_BROKEN');
    expect(res.json().error.details.overlaps.length).toBeGreaterThan(0);
    expect(await geometryRows()).toBe(before);
    const draft = await admin.put(`/api/geo/nodes/${a!.properties.id}/geometry`, { geometry: b!.geometry, draft: true });
    expect(draft.json().draft).toBe(true);
    expect((await admin.get(`/api/geo/nodes/${community.id}/tiling`)).json().ok).toBe(true); // drafts do not count
  });

  it('splits a grid by a line and merges the pieces back, keeping the tiling and the history', async () => {
    const community = await nodeByCode(t, '410105002005');
    const grid = (await featuresOf(community.id)).find((f) => f.properties.level === 3)!;
    const [x0, y0, x1, y1] = bboxOf(grid.geometry);
    const mid = (x0 + x1) / 2;
    const split = await admin.post(`/api/geo/nodes/${grid.properties.id}/split`, {
      line: [[mid, y0 - 0.001], [mid, y1 + 0.001]],
      names: ['省卫生厅社区东网格', '省卫生厅社区西网格'],
    });
    expect(split.statusCode, split.body).toBe(201);
    const { created } = split.json();
    expect(created).toHaveLength(2);
    expect((await admin.get(`/api/geo/nodes/${community.id}/tiling`)).json().ok).toBe(true);
    const old = (await admin.get(`/api/territory/nodes/${grid.properties.id}`)).json();
    expect(old.status).toBe('retired');
    const merged = await admin.post('/api/geo/merge', { ids: created, name: '省卫生厅社区合并网格' });
    expect(merged.statusCode, merged.body).toBe(201);
    expect((await admin.get(`/api/geo/nodes/${community.id}/tiling`)).json().ok).toBe(true);
    const newCode = (await admin.get(`/api/territory/nodes/${merged.json().created[0]}`)).json().code;
    expect(newCode).toMatch(/^410105002005\d{3}$/);
    expect(newCode).not.toBe(grid.properties.code);
  });

  it('refuses a line that does not cross the grid', async () => {
    const community = await nodeByCode(t, '410105002005');
    const grid = (await featuresOf(community.id)).find((f) => f.properties.level === 3)!;
    const [x0, y0] = bboxOf(grid.geometry);
    const res = await admin.post(`/api/geo/nodes/${grid.properties.id}/split`, { line: [[x0 - 0.01, y0 - 0.01], [x0 - 0.005, y0 - 0.02]], names: ['甲', '乙'] });
    expect(res.json().error.code).toBe('SPLIT_LINE_INVALID');
  });
});

describe('import', () => {
  it('re-imports a community\'s grids by code (dry run first), all or nothing', async () => {
    const community = await nodeByCode(t, '410105002006');
    const grids = (await featuresOf(community.id, 'gcj02')).filter((f) => f.properties.level === 3);
    const fc = { type: 'FeatureCollection', features: grids.map((g) => ({ type: 'Feature', geometry: g.geometry, properties: { code: g.properties.code, name: g.properties.name } })) };
    const dry = await admin.post('/api/geo/import', { parentId: community.id, crs: 'gcj02', featureCollection: fc, dryRun: true });
    expect(dry.json()).toMatchObject({ matched: grids.length, created: 0, written: false, report: { ok: true } });
    const done = await admin.post('/api/geo/import', { parentId: community.id, crs: 'gcj02', featureCollection: fc });
    expect(done.statusCode).toBe(201);
    expect((await admin.get(`/api/geo/nodes/${community.id}/tiling`)).json().ok).toBe(true);
  });

  it('refuses an import that breaks the tiling, and creates grids with codes when asked to keep a draft', async () => {
    const community = await nodeByCode(t, '410105002008');
    const [one] = (await featuresOf(community.id)).filter((f) => f.properties.level === 3);
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: one!.geometry, properties: { name: '省民航社区新增网格' } }] };
    const before = await tableCounts(t);
    const res = await admin.post('/api/geo/import', { parentId: community.id, featureCollection: fc });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TILING_BROKEN');
    expect(await tableCounts(t)).toEqual(before);
    const draft = (await admin.post('/api/geo/import', { parentId: community.id, featureCollection: fc, draft: true })).json();
    expect(draft).toMatchObject({ created: 1, written: true, draft: true });
  });

  it('answers malformed files with a clear error and imports nothing', async () => {
    const community = await nodeByCode(t, '410105002009');
    const ring: Position[] = [[113.67, 34.77], [113.68, 34.77], [113.68, 34.78], [113.67, 34.78], [113.67, 34.77]];
    const feature = (geometry: unknown) => ({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties: { name: '坏网格' } }] });
    const cases: Array<[unknown, string]> = [
      [feature({ type: 'LineString', coordinates: ring }), 'INVALID_GEOMETRY'],
      [feature({ type: 'Polygon', coordinates: [ring.slice(0, 4)] }), 'INVALID_GEOMETRY'],
      [feature({ type: 'Polygon', coordinates: [ring.map(([x, y]) => [x + 200, y])] }), 'INVALID_GEOMETRY'],
      [feature({ type: 'Polygon', coordinates: [[[113.67, 34.77], [113.68, 34.78], [113.68, 34.77], [113.67, 34.78], [113.67, 34.77]]] }), 'INVALID_GEOMETRY'],
      [feature(null), 'INVALID_GEOMETRY'],
    ];
    const before = { ...(await tableCounts(t)), geometries: await geometryRows() };
    for (const [fc, code] of cases) {
      const res = await admin.post('/api/geo/import', { parentId: community.id, featureCollection: fc });
      expect(res.statusCode, JSON.stringify(fc).slice(0, 200)).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toContain('第 1 个要素');
    }
    const badJson = await t.app.inject({ method: 'POST', url: '/api/geo/import', payload: '{"parentId": 1, "featureCollection": {', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' } });
    expect(badJson.json().error.code).toBe('INVALID_JSON');
    const huge = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { name: 'x'.repeat(50 * 1024 * 1024) } }] };
    const big = await admin.post('/api/geo/import', { parentId: community.id, featureCollection: huge });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toContain('20 MB');
    expect({ ...(await tableCounts(t)), geometries: await geometryRows() }).toEqual(before);
  });
});

describe('teams, contact cards and buildings', () => {
  it('adds members, caps a person at four grids, and prints a card with a QR code', async () => {
    const community = await nodeByCode(t, '410105002010');
    const neighbour = await nodeByCode(t, '410105002011');
    const grids = [...(await featuresOf(community.id)), ...(await featuresOf(neighbour.id))].filter((f) => f.properties.level === 3);
    for (const g of grids.slice(0, 4)) {
      const res = await admin.post(`/api/geo/nodes/${g.properties.id}/team`, { role: 'police', name: '吕国庆', phone: '13903710110' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const fifth = await admin.post(`/api/geo/nodes/${grids[4]!.properties.id}/team`, { role: 'police', name: '吕国庆', phone: '13903710110' });
    expect(fifth.json().error.code).toBe('TOO_MANY_GRIDS');
    const card = await admin.get(`/api/geo/nodes/${grids[0]!.properties.id}/contact-card`);
    expect(card.headers['content-type']).toContain('text/html');
    expect(card.body).toContain('便民服务联系卡');
    expect(card.body).toContain(grids[0]!.properties.name);
    expect(card.body).toContain('吕国庆');
    expect(card.body).toContain('<svg');
    expect(card.body).toContain(`/r/${grids[0]!.properties.code}`);
    const team = (await admin.get(`/api/geo/nodes/${grids[0]!.properties.id}/team`)).json().items;
    const police = team.find((m: { name: string }) => m.name === '吕国庆');
    expect((await admin.delete(`/api/geo/team/${police.id}`)).statusCode).toBe(204);
  });

  it('imports buildings into the grid they stand in, and refuses one outside', async () => {
    const community = await nodeByCode(t, '410105002011');
    const grid = (await featuresOf(community.id)).find((f) => f.properties.level === 3)!;
    const [lng, lat] = grid.properties.labelAt;
    const ok = await admin.post('/api/geo/buildings/import', { rootId: community.id, buildings: [{ name: '纬五路13号院9号楼', number: '9号楼', lng, lat }] });
    expect(ok.json()).toEqual({ imported: 1 });
    const list = (await admin.get(`/api/geo/buildings?rootId=${grid.properties.id}`)).json().items;
    expect(list.find((b: { name: string }) => b.name === '纬五路13号院9号楼').gridId).toBe(grid.properties.id);
    const before = await tableCounts(t);
    const bad = await admin.post('/api/geo/buildings/import', { rootId: community.id, buildings: [{ name: '外地楼', lng, lat }, { name: '北京楼', lng: 116.4, lat: 39.9 }] });
    expect(bad.json().error.code).toBe('BUILDING_OUTSIDE');
    expect(bad.json().error.message).toContain('第 2 行');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('imports buildings from a CSV ledger (Chinese headers, Excel BOM) and from GeoJSON footprints', async () => {
    const community = await nodeByCode(t, '410105002011');
    const [g1, g2] = (await featuresOf(community.id)).filter((f) => f.properties.level === 3);
    const [x1, y1] = g1!.properties.labelAt;
    const [x2, y2] = g2!.properties.labelAt;
    const csv = `\uFEFF名称,编号,地址,经度,纬度\r\n"纬五路13号院3号楼",3号楼,纬五路13号院3号楼,${x1},${y1}\r\n纬五路13号院4号楼,4号楼,"纬五路13号院4号楼",${x2},${y2}\r\n`;
    expect((await admin.post('/api/geo/buildings/import', { rootId: community.id, csv })).json()).toEqual({ imported: 2 });
    const d = 0.00005;
    const footprint = { type: 'Polygon', coordinates: [[[x1 - d, y1 - d], [x1 + d, y1 - d], [x1 + d, y1 + d], [x1 - d, y1 + d], [x1 - d, y1 - d]]] };
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: footprint, properties: { name: '纬五路13号院5号楼', number: '5号楼' } }] };
    expect((await admin.post('/api/geo/buildings/import', { rootId: community.id, featureCollection: fc })).json()).toEqual({ imported: 1 });
    const names = (await admin.get(`/api/geo/buildings?rootId=${g1!.properties.id}`)).json().items.map((b: { name: string }) => b.name);
    expect(names).toEqual(expect.arrayContaining(['纬五路13号院3号楼', '纬五路13号院5号楼']));
    const before = await tableCounts(t);
    const bad = await admin.post('/api/geo/buildings/import', { rootId: community.id, csv: `名称,经度,纬度\n好楼,${x1},${y1}\n坏楼,abc,${y1}\n` });
    expect(bad.json().error).toMatchObject({ code: 'INVALID_ROW', message: expect.stringContaining('第 3 行') });
    const noHeader = await admin.post('/api/geo/buildings/import', { rootId: community.id, csv: `名称,地址\n好楼,某路1号\n` });
    expect(noHeader.json().error.code).toBe('CSV_HEADER');
    const both = await admin.post('/api/geo/buildings/import', { rootId: community.id, csv: 'a', featureCollection: fc });
    expect(both.json().error.code).toBe('ONE_SOURCE');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('keeps the base map offline by default and lets the administrator set a tile source', async () => {
    expect((await admin.get('/api/geo/map-settings')).json().tileUrl).toBeNull();
    const tiles = { tileUrl: 'https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}', subdomains: '1234', crs: 'gcj02', attribution: '高德地图' };
    expect((await admin.put('/api/geo/map-settings', tiles)).json()).toMatchObject(tiles);
    expect((await admin.put('/api/geo/map-settings', { ...tiles, tileUrl: 'javascript:alert(1)' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/site' })).json()).toEqual({ name: '花园路街道', timeZone: 'Asia/Shanghai' });
  });

  it('retiring a grid ends its boundary: the point is no longer located there', async () => {
    const community = await nodeByCode(t, '410105002011');
    const grid = (await featuresOf(community.id)).filter((f) => f.properties.level === 3)[1]!;
    const [lng, lat] = grid.properties.labelAt;
    expect((await admin.get(`/api/geo/locate?lat=${lat}&lng=${lng}`)).json().grid.id).toBe(grid.properties.id);
    await admin.post(`/api/territory/nodes/${grid.properties.id}/retire`, { reason: '网格重新划分' });
    expect((await admin.get(`/api/geo/locate?lat=${lat}&lng=${lng}`)).json().found).toBe(false);
  });
});
