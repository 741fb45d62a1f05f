import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, clientFor, signIn, startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/harness.js';
import { DEMO_ADMIN } from '../../seed/demo.js';
import { and, eq, like, sql } from 'drizzle-orm';
import { auditLog, loginThrottle, sessions } from '../../db/schema.js';
import { THROTTLE_RULES, waitAfter } from './throttle.js';
import { userAgentOf } from './routes.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers, remoteAddress });

/** As if `seconds` had passed since the last failed sign-in of every key matching `pattern`. */
async function timePasses(pattern: string, seconds: number) {
  await t.database.db.update(loginThrottle).set({ lastFailureAt: sql`${loginThrottle.lastFailureAt} - make_interval(secs => ${seconds})` }).where(like(loginThrottle.key, pattern));
}

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

  it('slows one account from one address with growing waits, never a lock, and the wait is checked first', async () => {
    const user = await buildUser(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    const at = '192.0.2.10';
    for (let i = 0; i < THROTTLE_RULES.pair.free; i++) expect((await login(user.username, 'wrongpassword1', {}, at)).statusCode).toBe(401);
    // The right password is not even checked while the wait runs.
    const right = await login(user.username, TEST_PASSWORD, {}, at);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('LOGIN_THROTTLED');
    expect(right.json().error.message).toBe('登录尝试过于频繁，请在 1 秒后再试');
    expect(right.headers['retry-after']).toBe('1');
    await timePasses(`pair:${user.username}@%`, 1);
    expect((await login(user.username, 'wrongpassword1', {}, at)).statusCode).toBe(401);
    expect((await login(user.username, TEST_PASSWORD, {}, at)).headers['retry-after']).toBe('2'); // 1 s, 2 s, 4 s …
    await timePasses(`pair:${user.username}@%`, 2);
    expect((await login(user.username, TEST_PASSWORD, {}, at)).statusCode).toBe(200);
    // Signing in cleared the account's count: a typo now is free again.
    expect((await login(user.username, 'wrongpassword1', {}, at)).statusCode).toBe(401);
    expect((await login(user.username, TEST_PASSWORD, {}, at)).statusCode).toBe(200);
    expect([0, 4, 5, 6, 20, 40].map((f) => waitAfter(f, THROTTLE_RULES.pair))).toEqual([0, 0, 1, 2, 900, 900]);
  });

  it('answers an unknown name exactly as a real one, throttled alike', async () => {
    const user = await buildUser(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    const answers = async (name: string, at: string) => {
      const seen: string[] = [];
      for (let i = 0; i <= THROTTLE_RULES.pair.free; i++) {
        const res = await login(name, 'wrongpassword1', {}, at);
        seen.push(`${res.statusCode} ${res.json().error.code} ${res.headers['retry-after'] ?? ''}`);
      }
      return seen;
    };
    expect(await answers('zhangsan-nobody', '192.0.2.20')).toEqual(await answers(user.username, '192.0.2.21'));
  });

  it('a stranger failing from many addresses slows the owner for at most a minute', async () => {
    const { user } = await clientFor(t, { roles: ['admin'], nodeCodes: ['410105002'] });
    for (let i = 0; i < THROTTLE_RULES.account.free; i++) expect((await login(user.username, 'guess' + i + 'abcdef', {}, `198.51.100.${i + 1}`)).statusCode).toBe(401);
    // From then on the stranger is slowed too, whatever address it comes from; it keeps guessing.
    expect((await login(user.username, 'guess-next-abc', {}, '198.51.100.200')).statusCode).toBe(429);
    for (let i = 0; i < 10; i++) {
      await timePasses(`acct:${user.username}`, THROTTLE_RULES.account.capS);
      expect((await login(user.username, 'guess-more' + i + 'abc', {}, `198.51.100.${100 + i}`)).statusCode).toBe(401);
    }
    const owner = await login(user.username, TEST_PASSWORD, {}, '203.0.113.50');
    expect(owner.statusCode).toBe(429);
    expect(Number(owner.headers['retry-after'])).toBeLessThanOrEqual(THROTTLE_RULES.account.capS);
    await timePasses(`acct:${user.username}`, THROTTLE_RULES.account.capS);
    expect((await login(user.username, TEST_PASSWORD, {}, '203.0.113.50')).statusCode).toBe(200);
  });

  it('slows one address trying many names, and audits every failed sign-in with its address', async () => {
    const at = '192.0.2.30';
    for (let i = 0; i < THROTTLE_RULES.address.free; i++) expect((await login(`wangwu${i}`, 'wrongpassword1', {}, at)).statusCode).toBe(401);
    const next = await login('wangwu-next', 'wrongpassword1', {}, at);
    expect(next.statusCode).toBe(429);
    // Another address is not slowed by it.
    expect((await login('wangwu-next', 'wrongpassword1', {}, '192.0.2.31')).statusCode).toBe(401);
    const rows = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.login_failed'), eq(auditLog.ip, at)));
    expect(rows).toHaveLength(THROTTLE_RULES.address.free);
    expect(rows[0]!.after).toMatchObject({ username: 'wangwu0', why: 'unknown' });
    expect(rows[0]!.actorId).toBeNull();
  });
});

describe('sessions', () => {
  it('keeps a caller’s User-Agent only as printable text of at most 300 characters', async () => {
    const user = await buildUser(t, { roles: ['leader'], nodeCodes: ['410105002'] });
    const agent = `Mozilla/5.0 \u00e9\u00ff ${'x'.repeat(400)}`;
    const res = await login(user.username, TEST_PASSWORD, { 'user-agent': agent }, '192.0.2.40');
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row!.userAgent).toMatch(/^Mozilla\/5\.0 \?\? x+$/);
    expect(row!.userAgent!.length).toBe(300);
    expect(userAgentOf('  ')).toBeNull();
    expect(userAgentOf(undefined)).toBeNull();
  });

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
