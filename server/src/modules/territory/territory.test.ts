import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
});
afterAll(() => t.close());

describe('browsing the demo street', () => {
  it('has 花园路街道 with its 10 real communities and 12-digit codes', async () => {
    const [root] = (await admin.get('/api/territory/nodes')).json().items;
    expect(root).toMatchObject({ name: '金水区', code: '410105', levelName: '区' });
    const [street] = (await admin.get(`/api/territory/nodes?parentId=${root.id}`)).json().items;
    expect(street).toMatchObject({ name: '花园路街道', code: '410105002', childCount: 10 });
    const communities = (await admin.get(`/api/territory/nodes?parentId=${street.id}`)).json().items;
    expect(communities).toHaveLength(10);
    expect(communities.map((c: { name: string }) => c.name)).toContain('通信花园社区');
    expect(communities.every((c: { code: string }) => /^410105002\d{3}$/.test(c.code))).toBe(true);
  });

  it('finds nodes by name fragment or code prefix, with their path', async () => {
    const byName = (await admin.get(`/api/territory/search?q=${encodeURIComponent('通信')}`)).json().items;
    expect(byName[0]).toMatchObject({ name: '通信花园社区', pathNames: ['金水区', '花园路街道', '通信花园社区'] });
    const byCode = (await admin.get('/api/territory/search?q=410105002008')).json().items;
    // The community first (shallower), then its grids, whose 15-digit codes share the prefix.
    expect(byCode[0].name).toBe('省民航社区');
    expect(byCode.slice(1).every((n: { code: string }) => n.code.startsWith('410105002008'))).toBe(true);
  });

  it('shows a node with ancestors and what the caller may do', async () => {
    const node = await nodeByCode(t, '410105002012');
    const detail = (await admin.get(`/api/territory/nodes/${node.id}`)).json();
    expect(detail.ancestors.map((a: { name: string }) => a.name)).toEqual(['金水区', '花园路街道']);
    expect(detail.abilities).toEqual({ update: true, createChild: true, move: true, retire: true });
    const { client: reader } = await clientFor(t, { roles: ['leader'], nodeCodes: ['410105002'] });
    expect((await reader.get(`/api/territory/nodes/${node.id}`)).json().abilities.update).toBe(false);
  });
});

describe('editing', () => {
  it('adds, renames, moves and retires a grid, each with an audit row', async () => {
    const community = await nodeByCode(t, '410105002012');
    const other = await nodeByCode(t, '410105002011');
    const created = await admin.post('/api/territory/nodes', { parentId: community.id, name: '通信花园社区第一网格', level: 3, code: '410105002012901' });
    expect(created.statusCode).toBe(201);
    const grid = created.json();
    expect(grid).toMatchObject({ levelName: '网格', path: `${community.path}.${grid.id}` });

    const renamed = await admin.patch(`/api/territory/nodes/${grid.id}`, { name: '联通网格' });
    expect(renamed.json().name).toBe('联通网格');

    const unit = (await admin.post('/api/territory/nodes', { parentId: grid.id, name: '2号楼单元网格', level: 4 })).json();
    const moved = await admin.post(`/api/territory/nodes/${grid.id}/move`, { parentId: other.id });
    expect(moved.json().path).toBe(`${other.path}.${grid.id}`);
    const unitAfter = (await admin.get(`/api/territory/nodes/${unit.id}`)).json();
    expect(unitAfter.path).toBe(`${other.path}.${grid.id}.${unit.id}`);

    const refused = await admin.post(`/api/territory/nodes/${grid.id}/retire`, { reason: '网格重新划分' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('HAS_ACTIVE_CHILDREN');
    const retired = await admin.post(`/api/territory/nodes/${grid.id}/retire`, { reason: '网格重新划分', cascade: true });
    expect(retired.json()).toEqual({ retired: 2 });
    const children = (await admin.get(`/api/territory/nodes?parentId=${other.id}`)).json().items;
    expect(children.find((c: { id: number }) => c.id === grid.id)).toBeUndefined();
    const withRetired = (await admin.get(`/api/territory/nodes?parentId=${other.id}&includeRetired=true`)).json().items;
    expect(withRetired.find((c: { id: number }) => c.id === grid.id).status).toBe('retired');
    // The code of a retired grid can be given to its successor.
    expect((await admin.post('/api/territory/nodes', { parentId: other.id, name: '联通新网格', level: 3, code: '410105002012901' })).statusCode).toBe(201);

    const audit = (await admin.get(`/api/audit?entityType=org_unit&entityId=${grid.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['territory.create', 'territory.move', 'territory.retire', 'territory.update']);
    const rename = audit.find((a: { action: string }) => a.action === 'territory.update');
    expect(rename.before.name).toBe('通信花园社区第一网格');
    expect(rename.after.name).toBe('联通网格');
  });

  it('keeps the tree sound: no cycles, no level inversions, unique codes', async () => {
    const street = await nodeByCode(t, '410105002');
    const community = await nodeByCode(t, '410105002001');
    const before = await tableCounts(t);
    const cycle = await admin.post(`/api/territory/nodes/${street.id}/move`, { parentId: community.id });
    expect(cycle.json().error.code).toBe('MOVE_INTO_OWN_SUBTREE');
    const inverted = await admin.post('/api/territory/nodes', { parentId: community.id, name: '错误层级', level: 1 });
    expect(inverted.json().error.code).toBe('LEVEL_NOT_BELOW_PARENT');
    const dup = await admin.post('/api/territory/nodes', { parentId: community.id, name: '重复编码', level: 3, code: '410105002001' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CODE_TAKEN');
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('territory from a national division code', () => {
  it('previews a county and imports one of its streets with real communities', async () => {
    const preview = (await admin.get('/api/territory/divisions/410105')).json();
    expect(preview).toMatchObject({ name: '金水区', kind: 'county', parentName: '郑州市', existing: true });
    expect(preview.children.map((c: { name: string }) => c.name)).toContain('文化路街道');

    const res = await admin.post('/api/territory/import-division', { code: '410105008' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.skipped).toBe(1); // 金水区 exists already
    expect(body.created).toBeGreaterThan(5);
    const street = (await admin.get(`/api/territory/nodes/${body.rootId}`)).json();
    expect(street).toMatchObject({ name: '文化路街道', code: '410105008', levelName: '街道' });
    expect(street.childCount).toBe(body.created - 1);
    const again = (await admin.post('/api/territory/import-division', { code: '410105008' })).json();
    expect(again.created).toBe(0);
  });

  it('refuses malformed and unknown codes without writing', async () => {
    const before = await tableCounts(t);
    for (const code of ['41010', '4101050021', 'abcdef', '410105002001']) {
      const res = await admin.post('/api/territory/import-division', { code });
      expect(res.statusCode, code).toBe(400);
    }
    const unknown = await admin.post('/api/territory/import-division', { code: '419999' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('419999');
    expect((await admin.get('/api/territory/divisions/999999')).statusCode).toBe(404);
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('levels', () => {
  it('are configurable, and cannot drop a level still in use', async () => {
    const { items } = (await admin.get('/api/territory/levels')).json();
    expect(items.map((l: { nameZh: string }) => l.nameZh)).toEqual(['区', '街道', '社区', '网格', '单元网格', '楼栋']);
    const renamed = items.map((l: { key: string }) => (l.key === 'unit_grid' ? { ...l, nameZh: '片区', nameEn: 'Block' } : l));
    expect((await admin.put('/api/territory/levels', { items: renamed })).statusCode).toBe(200);
    const community = await nodeByCode(t, '410105002001');
    const node = (await admin.get(`/api/territory/nodes/${community.id}`)).json();
    expect(node.levelName).toBe('社区');
    const tooFew = await admin.put('/api/territory/levels', { items: items.slice(0, 2) });
    expect(tooFew.statusCode).toBe(409);
    expect(tooFew.json().error.code).toBe('LEVEL_IN_USE');
  });

  it('refuses an unknown field on a level rather than dropping it', async () => {
    const { items } = (await admin.get('/api/territory/levels')).json();
    const res = await admin.put('/api/territory/levels', { items: items.map((l: object, i: number) => (i === 0 ? { ...l, isGrid: true } : l)) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('不允许的字段：isGrid');
  });
});
