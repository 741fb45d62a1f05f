// Role × endpoint × (in scope / out of scope / missing). Out of scope must be indistinguishable
// from missing; in scope must work exactly when the role has the permission. The routes come from
// the running app: each must be public, for any signed-in user, or scoped and called here with an
// id inside and outside the scope (route-classes.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../core/src/roles.js';
import { clientFor, startTestApp, type Client, type TestApp } from './harness.js';
import { buildFixture, MISSING, SCOPED_ENDPOINTS, type Fixture } from './scope-matrix.js';
import { PUBLIC_ROUTES, routeMatcher, SCOPED_ELSEWHERE, SIGNED_IN_ROUTES } from './route-classes.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
/**
 * The records outside the scope, built once: a call from outside must leave them as they were (it
 * answers like a missing id), so every entry may name the same ones. Inside the scope each entry
 * gets fresh records, since an allowed call changes them.
 */
let awayFixture: Promise<Fixture>;
/** In-scope records no entry has changed (a refused request changes nothing: the project's rule). */
const untouched: Fixture[] = [];
const homeFixture = (): Promise<Fixture> => Promise.resolve(untouched.pop() ?? buildFixture(t, HOME));
let routeOf: (method: string, url: string) => string | null;
/** Routes the matrix called as the route under test, in and out of scope, with the answers it expects. */
const covered = new Set<string>();
beforeAll(async () => {
  t = await startTestApp();
  awayFixture = buildFixture(t, AWAY);
  routeOf = routeMatcher(t.app.routeTable.map((r) => `${r.method} ${r.url}`));
});
afterAll(() => t.close());

/**
 * The client, writing down every request it makes (the last one of an entry is the route under
 * test) and whether any of them changed something: a write that was not refused.
 */
function recording(c: Client, log: string[], wrote: { any: boolean }): Client {
  const request: Client['request'] = async (method, url, body, headers) => {
    log.push(routeOf(method, url) ?? `${method} ${url} (no route)`);
    const res = await c.request(method, url, body, headers);
    if (method !== 'GET' && res.statusCode < 400) wrote.any = true;
    return res;
  };
  return { ...c, request, get: (u) => request('GET', u), post: (u, b) => request('POST', u, b ?? {}), patch: (u, b) => request('PATCH', u, b), put: (u, b) => request('PUT', u, b), delete: (u) => request('DELETE', u) };
}

describe.each(ROLES.map((r) => [r.key, r] as const))('%s bound to 通信花园社区', (_key, role) => {
  it.each(SCOPED_ENDPOINTS.map((e) => [e.name, e] as const))('%s', async (_name, endpoint) => {
    const home = await homeFixture();
    const away = await awayFixture;
    // A second record in the scope, for the entries that name one (their call takes a third argument).
    const own = endpoint.call.length > 2 ? await homeFixture() : home;
    const signedIn = await clientFor(t, { roles: [role.key], nodeCodes: [HOME], departmentIds: [home.departmentId] });
    const log: string[] = [];
    const wrote = { any: false };
    const client = recording(signedIn.client, log, wrote);

    const missing = await endpoint.call(client, MISSING, own);
    const outside = await endpoint.call(client, away, own);
    const outsideRoute = log.at(-1)!;
    expect(outside.statusCode, outside.body).toBe(missing.statusCode);
    expect(outside.json().error?.code).toBe(missing.json().error?.code);
    if (endpoint.lists && outside.statusCode < 300) expect(endpoint.lists(outside.json(), away), outside.body).toBe(false);

    const inside = await endpoint.call(client, home, own);
    const permitted = role.permissions.includes(endpoint.permission) && (!endpoint.roles || endpoint.roles.includes(role.key));
    if (permitted) {
      expect(missing.statusCode).toBe(endpoint.lists ? 200 : (endpoint.missingStatus ?? 404));
      expect(inside.statusCode, inside.body).toBeLessThan(300);
      if (endpoint.lists) expect(endpoint.lists(inside.json(), home), inside.body).toBe(true);
      expect(log.at(-1)).toBe(outsideRoute);
      covered.add(outsideRoute);
    } else if (role.permissions.includes(endpoint.permission)) {
      // A workflow step the role may not take: refused (403, or 409 from a state it cannot act in).
      expect([403, 409]).toContain(inside.statusCode);
    } else {
      expect(inside.statusCode).toBe(403);
      expect(inside.json().error.code).toBe('FORBIDDEN');
    }
    // Only reads and refused writes: the records are as they were built, and the next entry may use them.
    if (!wrote.any) untouched.push(...new Set([home, own]));
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

describe('every route of the app is classified', () => {
  // Runs after the matrix above (vitest runs a file's tests in order): `covered` is filled by then.
  it('public, any signed-in user, or scoped with an in-scope and an out-of-scope case', () => {
    const routes = t.app.routeTable.map((r) => ({ key: `${r.method} ${r.url}`, ...r }));
    const problems: string[] = [];
    for (const r of routes) {
      const classes = [r.key in PUBLIC_ROUTES, r.key in SIGNED_IN_ROUTES, covered.has(r.key) || r.key in SCOPED_ELSEWHERE].filter(Boolean).length;
      if (classes === 0) problems.push(`${r.key}: not classified (route-classes.ts) nor called by the scope matrix`);
      if (classes > 1) problems.push(`${r.key}: in more than one class`);
      const publicRoute = r.auth === 'public' || !r.url.startsWith('/api/');
      if (r.key in PUBLIC_ROUTES && !publicRoute) problems.push(`${r.key}: listed as public but needs sign-in`);
      if (!(r.key in PUBLIC_ROUTES) && publicRoute) problems.push(`${r.key}: answers without sign-in but is not listed as public`);
    }
    const registered = new Set(routes.map((r) => r.key));
    for (const key of [...Object.keys(PUBLIC_ROUTES), ...Object.keys(SIGNED_IN_ROUTES), ...Object.keys(SCOPED_ELSEWHERE)]) {
      if (!registered.has(key)) problems.push(`${key}: classified but not registered`);
    }
    expect(problems).toEqual([]);
  });
});
