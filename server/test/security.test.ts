// The running app's defences that sit in front of every route: security headers, sign-in
// throttling, which client address it believes behind a reverse proxy, and where webhooks may send (等保2.0 三级: no
// request to this machine or an inside network, no inside answer echoed in the delivery log).
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTrustProxy, parseWebhookAllowHosts } from '../src/config.js';
import { auditLog, webhookDeliveries } from '../src/db/schema.js';
import { deliverDue } from '../src/modules/webhooks/worker.js';
import { PUBLIC_ADDRESS, startReceiver, tableResolver, type Receiver } from '../src/modules/webhooks/test-factories.js';
import { CONTENT_SECURITY_POLICY } from '../src/http/security-headers.js';
import { THROTTLE_RULES } from '../src/modules/auth/throttle.js';
import { buildUser, clientFor, startTestApp, TEST_PASSWORD, type TestApp } from './harness.js';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('every answer carries the policy: API, errors, the OpenAPI page', async () => {
    for (const url of ['/health', '/api/auth/me', '/api/nothing-here', '/docs/static/index.html', '/docs/json']) {
      const res = await t.app.inject({ url });
      expect(res.headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['strict-transport-security'], url).toBeUndefined(); // plain HTTP
    }
    // No inline script, no eval; nobody may frame the console.
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('keeps a well-formed X-Request-Id and replaces any other', async () => {
    expect((await t.app.inject({ url: '/health', headers: { 'x-request-id': 'trace-4f2a.9:1' } })).headers['x-request-id']).toBe('trace-4f2a.9:1');
    for (const bad of ['x'.repeat(65), 'a b', '<script>', '追踪号']) {
      const id = (await t.app.inject({ url: '/health', headers: { 'x-request-id': bad } })).headers['x-request-id'];
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('HTTPS from a proxy it does not trust gets no HSTS; X-Forwarded-Proto alone proves nothing', async () => {
    const res = await t.app.inject({ url: '/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('sign-in throttling on the running app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  // The clock stands still while guessing: on a slow machine a password check can outlast the first
  // one-second wait, and a wait that ran out would answer 401 where the rule means 429.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const login = (username: string, password: string, from: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: from });

  it('a stranger guessing the administrator’s password is slowed, the administrator is not locked out', async () => {
    const admin = await buildUser(t, { roles: ['admin'], scopeAll: true });
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await login(admin.username, `guess-${i}-2026`, '203.0.113.9'));
    expect(answers.slice(0, THROTTLE_RULES.pair.free).map((r) => r.statusCode)).toEqual(Array(THROTTLE_RULES.pair.free).fill(401));
    const slowed = answers.slice(THROTTLE_RULES.pair.free);
    expect(new Set(slowed.map((r) => r.statusCode))).toEqual(new Set([429]));
    expect(slowed.every((r) => r.json().error.code === 'LOGIN_THROTTLED' && Number(r.headers['retry-after']) > 0)).toBe(true);
    // The owner, from their own desk, signs in at once: no lock a stranger can set off.
    expect((await login(admin.username, TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(200);
  });

  it('one address trying many names is slowed, and an unknown name answers like a known one', async () => {
    const known = await buildUser(t, { roles: ['leader'], nodeCodes: ['410105002'] });
    const a = await login(known.username, 'wrongpassword1', '203.0.113.20');
    const b = await login('nosuchuser2026', 'wrongpassword1', '203.0.113.21');
    expect([a.statusCode, a.json().error]).toEqual([b.statusCode, b.json().error]);
    const codes = [];
    for (let i = 0; i < 50; i++) codes.push((await login(`zhangsan${i}`, 'wrongpassword1', '203.0.113.22')).statusCode);
    expect(codes.slice(0, THROTTLE_RULES.address.free)).toEqual(Array(THROTTLE_RULES.address.free).fill(401));
    expect(new Set(codes.slice(THROTTLE_RULES.address.free))).toEqual(new Set([429]));
  });
});

describe('behind a reverse proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The proxy at 10.0.0.5 only; inject's default client is 127.0.0.1, which is not trusted here.
    t = await startTestApp({ trustProxy: parseTrustProxy('10.0.0.5') });
  });
  afterAll(() => t.close());

  async function signInFrom(remoteAddress: string, forwardedFor: string) {
    const user = await buildUser(t, { roles: ['leader'], nodeCodes: ['410105002012'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' },
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const [row] = await t.database.db
      .select({ ip: auditLog.ip })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login'), eq(auditLog.actorId, user.id)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    return { ip: row?.ip, res };
  }

  it('believes X-Forwarded-For and -Proto only from the configured proxy', async () => {
    const viaProxy = await signInFrom('10.0.0.5', '203.0.113.7');
    expect(viaProxy.ip).toBe('203.0.113.7');
    expect(viaProxy.res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    // Any other client naming an address of its choice is recorded as itself.
    const direct = await signInFrom('198.51.100.20', '1.2.3.4');
    expect(direct.ip).toBe('198.51.100.20');
    expect(direct.res.headers['strict-transport-security']).toBeUndefined();
  });

  it('TRUST_PROXY takes addresses, ranges and names; true means this machine only; nonsense stops start-up', () => {
    expect(parseTrustProxy(undefined)).toEqual([]);
    expect(parseTrustProxy('false')).toEqual([]);
    expect(parseTrustProxy('true')).toEqual(['loopback']);
    expect(parseTrustProxy('10.0.0.5, 172.16.0.0/12,::1,loopback')).toEqual(['10.0.0.5', '172.16.0.0/12', '::1', 'loopback']);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('proxy.example')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('*')).toThrow(/TRUST_PROXY/);
  });
});

describe('deployment-wide settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** What a street's administrator may not change: it applies to every street of the deployment. */
  const DEPLOYMENT_WIDE: Record<string, unknown> = {
    'PUT /api/territory/levels': { items: [] },
    'PUT /api/geo/map-settings': { tileUrl: null },
    'POST /api/register/tags': { key: 'x_test', nameZh: '测试', nameEn: 'Test', group: 'special' },
    'PATCH /api/register/tags/:key': { nameZh: '测试' },
    'PUT /api/case-config/categories/:key': { enabled: false },
    'POST /api/case-config/calendar/confirm': { year: 2027 },
    'PUT /api/case-config/calendar/days/:date': { kind: 'holiday', name: '春节' },
    'DELETE /api/case-config/calendar/days/:date': undefined,
    'POST /api/case-config/calendar/import': { text: '{}' },
    'PUT /api/case-config/office-hours': { morning: ['08:30', '12:00'] },
    'POST /api/proxy/items': { code: '11-00999-000-01', name: '测试事项', helpLevel: 'full', timeLimitDays: 5, department: '测试部门', serviceWindow: null, materials: [{ name: '居民身份证', form: 'original', copies: 1 }], fees: null, legalBasis: null },
    'PATCH /api/proxy/items/:id': { name: '测试' },
    'POST /api/proxy/items/import': undefined,
    'GET /api/webhooks': undefined,
    'POST /api/webhooks': { name: '测试', url: 'https://hooks.example.cn/x', events: ['case.reported'] },
    'GET /api/webhooks/:id': undefined,
    'PUT /api/webhooks/:id': { name: '测试' },
    'DELETE /api/webhooks/:id': undefined,
    'POST /api/webhooks/:id/rotate-secret': {},
    'GET /api/webhooks/:id/deliveries': undefined,
    'POST /api/webhooks/:id/test': {},
  };
  const fill = (url: string) => url.replace(':key', 'matter:01001').replace(':date', '2027-02-05').replace(':id', '1');

  it('are exactly the routes flagged deploymentWide, and a street administrator with every permission is refused on each', async () => {
    const flagged = t.app.routeTable.filter((r) => r.deploymentWide).map((r) => `${r.method} ${r.url}`).sort();
    expect(flagged).toEqual(Object.keys(DEPLOYMENT_WIDE).sort());
    const { client: streetAdmin } = await clientFor(t, { roles: ['admin'], nodeCodes: ['410105002'] });
    for (const [route, body] of Object.entries(DEPLOYMENT_WIDE)) {
      const [method, url] = route.split(' ') as [string, string];
      const res = await streetAdmin.request(method, fill(url), body);
      expect(res.statusCode, route).toBe(403);
      expect(res.json().error.code, route).toBe('DEPLOYMENT_ADMIN_ONLY');
      expect(res.json().error.message).toBe('该设置对全域生效，只有全域管理员可以修改');
    }
    // The deployment-wide administrator passes the check (and meets the route's own rules).
    const { client: admin } = await clientFor(t, { roles: ['admin'], scopeAll: true });
    expect((await admin.put(fill('/api/case-config/categories/:key'), { enabled: true })).statusCode).toBe(200);
    expect((await admin.get('/api/webhooks')).statusCode).toBe(200);
  });
});

describe('webhook target rules on the running app', () => {
  let t: TestApp;
  let receiver: Receiver;
  // The zone file of the test: hooks.example.cn answers a public address until it is "rebound".
  const zone: Record<string, string[]> = { 'hooks.example.cn': [PUBLIC_ADDRESS], 'metadata.example.cn': ['169.254.169.254'] };
  const resolve = tableResolver(zone);
  let targets: { allow: ReturnType<typeof parseWebhookAllowHosts>; resolve: typeof resolve };
  let admin: Awaited<ReturnType<typeof clientFor>>['client'];

  beforeAll(async () => {
    receiver = await startReceiver();
    // As an operator would set WEBHOOK_ALLOW_HOSTS=127.0.0.1:<the receiver's port>.
    targets = { allow: parseWebhookAllowHosts(`127.0.0.1:${receiver.port}`), resolve };
    t = await startTestApp({ webhookTargets: targets });
    admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const create = (url: string) => admin.post('/api/webhooks', { name: '区12345热线平台', url, events: ['*'] });
  // One instant for every run, after the pings were queued: a retry (30 s later) is never due again.
  const later = new Date(Date.now() + 86_400_000);
  const deliver = () => deliverDue(t.database.db, t.crypto, { targets, now: later, random: () => 0.5 });
  const deliveries = async (id: number) => (await admin.get(`/api/webhooks/${id}/deliveries`)).json().items;

  it('refuses webhooks to this machine, its metadata service and inside networks, whatever the spelling', async () => {
    for (const url of [
      `http://127.0.0.1:${receiver.port + 1}/`, // allowed is the receiver's port only
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0/',
      'http://[::1]/',
      'http://localhost/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'http://metadata.example.cn/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://[fd00::1]/',
    ]) {
      const res = await create(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('WEBHOOK_TARGET_FORBIDDEN');
    }
    expect(await t.database.db.select().from(webhookDeliveries)).toEqual([]);
  });

  it('delivers to the allowed receiver; the log keeps the status line, not the body', async () => {
    const made = await create(receiver.url);
    expect(made.statusCode, made.body).toBe(201);
    const { id } = made.json();
    receiver.answers.push({ status: 503, body: 'db=10.0.0.9 password=inside ' + 'x'.repeat(100_000) });
    expect((await admin.post(`/api/webhooks/${id}/test`)).statusCode).toBe(202);
    expect(await deliver()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const [item] = await deliveries(id);
    expect(item).toMatchObject({ status: 'pending', lastStatus: 503, lastResult: '503 Service Unavailable' });
    expect(JSON.stringify(await deliveries(id))).not.toContain('inside');
    expect(receiver.received).toHaveLength(1);
  });

  it('checks again at delivery: a name that now resolves to loopback gets nothing sent', async () => {
    const made = await create(`http://hooks.example.cn:${receiver.port}/civicgrid/hook`);
    expect(made.statusCode, made.body).toBe(201);
    const { id } = made.json();
    // DNS rebinding: after the check at creation the name answers this machine.
    zone['hooks.example.cn'] = ['127.0.0.1'];
    receiver.received.length = 0;
    await admin.post(`/api/webhooks/${id}/test`);
    await deliver();
    expect(receiver.received).toEqual([]);
    const [item] = await deliveries(id);
    expect(item).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastResult: 'refused: loopback address' });
  });
});
