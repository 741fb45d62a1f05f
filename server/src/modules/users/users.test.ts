import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, nodeByCode, signIn, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], nodeCodes: ['410105002'] })).client;
});
afterAll(() => t.close());

describe('users and roles', () => {
  it('lists the eight roles with Chinese names', async () => {
    const roles = (await admin.get('/api/roles')).json().items;
    expect(roles.map((r: { key: string }) => r.key)).toEqual([
      'admin', 'dispatcher', 'dept_handler', 'community_secretary', 'grid_worker_a', 'grid_worker_b', 'proxy_agent', 'leader',
    ]);
    expect(roles.find((r: { key: string }) => r.key === 'proxy_agent').nameZh).toBe('代办员');
  });

  it('creates a grid worker bound to a community, who signs in with the one-time password and must change it', async () => {
    const community = await nodeByCode(t, '410105002012');
    const res = await admin.post('/api/users', {
      username: 'zhaolixin2', displayName: '赵立新', phone: '15838127754', roles: ['grid_worker_a'], orgUnitIds: [community.id],
    });
    expect(res.statusCode).toBe(201);
    const { user, initialPassword } = res.json();
    expect(user.scopes).toEqual([{ orgUnitId: community.id, name: '通信花园社区', code: '410105002012' }]);
    expect(user.mustChangePassword).toBe(true);
    const worker = await signIn(t, 'zhaolixin2', initialPassword);
    expect((await worker.get('/api/auth/me')).json().user.mustChangePassword).toBe(true);
    expect((await worker.get('/api/users')).statusCode).toBe(403);

    const dup = await admin.post('/api/users', { username: 'zhaolixin2', displayName: '赵立新', roles: ['grid_worker_a'], orgUnitIds: [community.id] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('USERNAME_TAKEN');
  });

  it('serves several grids, changes roles, and disabling ends the sessions', async () => {
    const a = await nodeByCode(t, '410105002011');
    const b = await nodeByCode(t, '410105002010');
    const { user, initialPassword } = (
      await admin.post('/api/users', { username: 'liufang2', displayName: '刘芳', roles: ['proxy_agent'], orgUnitIds: [a.id] })
    ).json();
    const patched = (await admin.patch(`/api/users/${user.id}`, { orgUnitIds: [a.id, b.id], roles: ['proxy_agent', 'grid_worker_b'] })).json();
    expect(patched.scopes.map((s: { name: string }) => s.name).sort()).toEqual(['农业院社区', '省银行社区'].sort());
    expect(patched.roles).toEqual(['proxy_agent', 'grid_worker_b']);
    const session = await signIn(t, 'liufang2', initialPassword);
    expect((await admin.patch(`/api/users/${user.id}`, { status: 'disabled' })).json().status).toBe('disabled');
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'liufang2', password: initialPassword } });
    expect(again.statusCode).toBe(401);
  });

  it('filters by role and keyword, and masks phones for readers who cannot manage users', async () => {
    const list = (await admin.get(`/api/users?role=dispatcher&q=${encodeURIComponent('李建国')}`)).json();
    expect(list.items.map((u: { displayName: string }) => u.displayName)).toEqual(['李建国']);
    expect(list.items[0].phone).toBe('13838206721');
    const { client: secretary } = await clientFor(t, { roles: ['community_secretary'], nodeCodes: ['410105002'] });
    const masked = (await secretary.get(`/api/users?q=${encodeURIComponent('李建国')}`)).json().items[0];
    expect(masked.phone).toBe('138****6721');
  });

  it('will not let an admin disable themselves, and a reset forces a new password', async () => {
    const me = (await admin.get('/api/auth/me')).json().user;
    const self = await admin.patch(`/api/users/${me.id}`, { status: 'disabled' });
    expect(self.json().error.code).toBe('SELF_LOCKOUT');
    const target = (await admin.get(`/api/users?q=${encodeURIComponent('王秀兰')}`)).json().items[0];
    const { initialPassword } = (await admin.post(`/api/users/${target.id}/reset-password`)).json();
    const s = await signIn(t, target.username, initialPassword);
    expect((await s.get('/api/territory/nodes')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses a user without any scope, writing nothing', async () => {
    const before = await tableCounts(t);
    const res = await admin.post('/api/users', { username: 'noscope1', displayName: '无辖区', roles: ['leader'], orgUnitIds: [] });
    expect(res.json().error.code).toBe('SCOPE_REQUIRED');
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('departments', () => {
  it('creates, edits and retires a department of the street, with audit rows', async () => {
    const street = await nodeByCode(t, '410105002');
    const created = await admin.post('/api/departments', {
      name: '花园路街道市场监管所', kind: 'market', orgUnitId: street.id, contactName: '高建军', contactPhone: '0371-63612345',
    });
    expect(created.statusCode).toBe(201);
    const dept = created.json();
    expect(dept).toMatchObject({ orgUnitName: '花园路街道', status: 'active' });
    expect((await admin.patch(`/api/departments/${dept.id}`, { contactName: '许红梅' })).json().contactName).toBe('许红梅');
    expect((await admin.post(`/api/departments/${dept.id}/retire`, { reason: '机构改革合并' })).json().status).toBe('retired');
    expect((await admin.get('/api/departments')).json().items.some((d: { id: number }) => d.id === dept.id)).toBe(false);
    expect((await admin.get('/api/departments?includeRetired=true')).json().items.some((d: { id: number }) => d.id === dept.id)).toBe(true);
    const again = await admin.patch(`/api/departments/${dept.id}`, { contactName: '再改' });
    expect(again.json().error.code).toBe('DEPARTMENT_RETIRED');
    const audit = (await admin.get(`/api/audit?entityType=department&entityId=${dept.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['department.create', 'department.retire', 'department.update']);
  });

  it('a handler bound to a department sees it', async () => {
    const dept = (await admin.get('/api/departments')).json().items.find((d: { name: string }) => d.name === '花园路街道城市管理办公室');
    const { client } = await clientFor(t, { roles: ['dept_handler'], departmentIds: [dept.id] });
    expect((await client.get('/api/departments')).json().items.map((d: { id: number }) => d.id)).toEqual([dept.id]);
    expect((await client.get('/api/auth/me')).json().user.departments).toEqual([{ id: dept.id, name: dept.name }]);
  });
});
