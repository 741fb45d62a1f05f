// Role × endpoint × (in scope / out of scope / missing). Out of scope must be indistinguishable
// from missing; in scope must work exactly when the role has the permission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../core/src/roles.js';
import { clientFor, startTestApp, type TestApp } from './harness.js';
import { buildFixture, MISSING, SCOPED_ENDPOINTS } from './scope-matrix.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe.each(ROLES.map((r) => [r.key, r] as const))('%s bound to 通信花园社区', (_key, role) => {
  it.each(SCOPED_ENDPOINTS.map((e) => [e.name, e] as const))('%s', async (_name, endpoint) => {
    const home = await buildFixture(t, HOME);
    const away = await buildFixture(t, AWAY);
    const own = await buildFixture(t, HOME);
    const { client } = await clientFor(t, { roles: [role.key], nodeCodes: [HOME], departmentIds: [home.departmentId] });

    const missing = await endpoint.call(client, MISSING, own);
    const outside = await endpoint.call(client, away, own);
    expect(outside.statusCode, outside.body).toBe(missing.statusCode);
    expect(outside.json().error.code).toBe(missing.json().error.code);

    const inside = await endpoint.call(client, home, own);
    if (role.permissions.includes(endpoint.permission)) {
      expect(missing.statusCode).toBe(404);
      expect(inside.statusCode, inside.body).toBeLessThan(300);
    } else {
      expect(inside.statusCode).toBe(403);
      expect(inside.json().error.code).toBe('FORBIDDEN');
    }
  });
});

describe('lists never show what is outside the scope', () => {
  it('search, children, users, departments and audit stay inside 通信花园社区', async () => {
    const home = await buildFixture(t, HOME);
    const away = await buildFixture(t, AWAY);
    const { client } = await clientFor(t, { roles: ['admin'], nodeCodes: [HOME] });
    await client.patch(`/api/territory/nodes/${home.nodeId}`, { name: '本社区矩阵网格' });
    const roots = (await client.get('/api/territory/nodes')).json().items;
    expect(roots.map((n: { code: string }) => n.code)).toEqual([HOME]);
    expect((await client.get(`/api/territory/search?q=${encodeURIComponent('甲院')}`)).json().items).toEqual([]);
    const found = (await client.get(`/api/territory/search?q=${encodeURIComponent('社区')}`)).json().items;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((n: { pathNames: string[] }) => n.pathNames.includes('通信花园社区'))).toBe(true);
    const mine = (await client.get(`/api/users?q=${home.username}`)).json();
    expect(mine.items.map((u: { id: number }) => u.id)).toEqual([home.userId]);
    const theirs = (await client.get(`/api/users?q=${away.username}`)).json();
    expect(theirs).toEqual({ items: [], total: 0 });
    const depts = (await client.get('/api/departments')).json().items.map((d: { id: number }) => d.id);
    expect(depts).toContain(home.departmentId);
    expect(depts).not.toContain(away.departmentId);
    // The street's own departments serve its communities, so they are visible (read-only).
    expect((await client.get('/api/departments')).json().items.some((d: { name: string }) => d.name === '花园路街道城市管理办公室')).toBe(true);
    const audit = (await client.get('/api/audit?pageSize=200')).json().items;
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a: { entityId: string }) => a.entityId !== String(away.nodeId))).toBe(true);
    const overview = (await client.get('/api/overview')).json();
    // Only the community and what lies below it: no district, no street, one community.
    expect(overview.territory.map((l: { level: number }) => l.level)).not.toContain(1);
    expect(overview.territory.find((l: { level: number }) => l.level === 2).count).toBe(1);
  });

  it('an admin cannot grant a scope outside their own', async () => {
    const away = await buildFixture(t, AWAY);
    const { client } = await clientFor(t, { roles: ['admin'], nodeCodes: [HOME] });
    const res = await client.post('/api/users', { username: 'grabber01', displayName: '越权用户', roles: ['grid_worker_a'], orgUnitIds: [away.nodeId] });
    expect(res.statusCode).toBe(404);
    const wide = await client.post('/api/users', { username: 'grabber02', displayName: '越权用户', roles: ['admin'], orgUnitIds: [], scopeAll: true });
    expect(wide.statusCode).toBe(403);
  });
});
