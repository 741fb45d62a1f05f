import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, clientFor, signIn, startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/harness.js';
import { DEMO_ADMIN } from '../../seed/demo.js';
import { MAX_FAILED_LOGINS } from './service.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

describe('sign-in', () => {
  it('demo admin signs in and must change the password before anything else', async () => {
    const res = await login(DEMO_ADMIN.username, DEMO_ADMIN.password);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cg_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().user.mustChangePassword).toBe(true);
    const admin = await signIn(t, DEMO_ADMIN.username, DEMO_ADMIN.password);
    expect((await admin.get('/api/territory/nodes')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await admin.post('/api/auth/password', { currentPassword: DEMO_ADMIN.password, newPassword: 'short1' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const ok = await admin.post('/api/auth/password', { currentPassword: DEMO_ADMIN.password, newPassword: 'Huayuanlu2026' });
    expect(ok.statusCode).toBe(204);
    expect((await admin.get('/api/territory/nodes')).statusCode).toBe(200);
    expect((await login(DEMO_ADMIN.username, DEMO_ADMIN.password)).statusCode).toBe(401);
  });

  it('answers the same for an unknown user and a wrong password, in Chinese or English', async () => {
    const unknown = await login('nobody', 'whatever123');
    const user = await buildUser(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    const wrong = await login(user.username, 'wrongpassword1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error).toEqual(unknown.json().error);
    expect(wrong.json().error.message).toBe('用户名或密码错误');
    const en = await login('nobody', 'whatever123', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toBe('Wrong username or password');
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const user = await buildUser(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect((await login(user.username, 'wrongpassword1')).statusCode).toBe(401);
    expect((await login(user.username, 'wrongpassword1')).statusCode).toBe(423);
    const right = await login(user.username, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
  });
});

describe('sessions', () => {
  it('needs a sign-in and a CSRF header for cookie writes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/territory/nodes' })).statusCode).toBe(401);
    const { client } = await clientFor(t, { roles: ['admin'], nodeCodes: ['410105002'] });
    const noCsrf = await client.request('POST', '/api/auth/tokens', { name: '巡查App' }, { 'x-csrf-token': 'forged' });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_FAILED');
    expect((await client.post('/api/auth/tokens', { name: '巡查App' })).statusCode).toBe(201);
  });

  it('signs out here, and everywhere', async () => {
    const user = await buildUser(t, { roles: ['leader'], nodeCodes: ['410105002'] });
    const a = await signIn(t, user.username);
    const b = await signIn(t, user.username);
    const c = await signIn(t, user.username);
    expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.post('/api/auth/logout-all')).statusCode).toBe(204);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a password change ends the other sessions', async () => {
    const user = await buildUser(t, { roles: ['leader'], nodeCodes: ['410105002'] });
    const a = await signIn(t, user.username);
    const b = await signIn(t, user.username);
    expect((await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Jinshui2026new' })).statusCode).toBe(204);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('authenticate machine clients without CSRF, and stop working once revoked', async () => {
    const { client, user } = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    const created = await client.post('/api/auth/tokens', { name: '网格员手机', expiresInDays: 30 });
    const { token, id } = created.json();
    expect(token).toMatch(/^cg_/);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(me.json().user.username).toBe(user.username);
    const write = await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: bearer, payload: { name: '第二个' } });
    expect(write.statusCode).toBe(201);
    const list = await client.get('/api/auth/tokens');
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect((await client.delete(`/api/auth/tokens/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(401);
  });

  it("cannot revoke another user's token", async () => {
    const a = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    const b = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    const { id } = (await a.client.post('/api/auth/tokens', { name: '甲的令牌' })).json();
    expect((await b.client.delete(`/api/auth/tokens/${id}`)).statusCode).toBe(404);
  });
});
