// Bad input answers a clear 4xx in Chinese (or English) and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from './harness.js';

let t: TestApp;
let admin: Client;
let parentId: number;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  parentId = (await nodeByCode(t, '410105002012')).id;
});
afterAll(() => t.close());

async function expectRefused(send: () => Promise<{ statusCode: number; json(): { error: { code: string; message: string } } }>, status: number, code: string) {
  const before = await tableCounts(t);
  const res = await send();
  expect(res.statusCode).toBe(status);
  const { error } = res.json();
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/[\u4e00-\u9fa5]/); // Chinese by default
  expect(JSON.stringify(error)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  expect(await tableCounts(t)).toEqual(before);
}

const raw = (url: string, payload: string, contentType = 'application/json') =>
  admin.request('POST', url, undefined, { 'content-type': contentType }).then(() =>
    t.app.inject({ method: 'POST', url, payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': contentType } }),
  );

describe('bad input', () => {
  it('malformed JSON', () => expectRefused(() => raw('/api/territory/nodes', '{"parentId": 1, "name": '), 400, 'INVALID_JSON'));

  it('wrong types are not coerced', async () => {
    await expectRefused(() => admin.post('/api/territory/nodes', { parentId: String(parentId), name: '网格', level: 3 }), 400, 'VALIDATION_FAILED');
    await expectRefused(() => admin.post('/api/territory/nodes', { parentId, name: 42, level: 3 }), 400, 'VALIDATION_FAILED');
    await expectRefused(() => admin.post('/api/territory/nodes', { parentId, name: '网格', level: '3' }), 400, 'VALIDATION_FAILED');
    await expectRefused(() => admin.get('/api/territory/nodes/abc'), 400, 'VALIDATION_FAILED');
  });

  it('unknown fields are refused, not dropped', async () => {
    const res = await admin.post('/api/territory/nodes', { parentId, name: '网格', level: 3, status: 'retired' });
    expect(res.json().error.message).toContain('status');
    await expectRefused(() => admin.post('/api/territory/nodes', { parentId, name: '网格', level: 3, isAdmin: true }), 400, 'VALIDATION_FAILED');
    await expectRefused(() => admin.post('/api/users', { username: 'abc123', displayName: '某人', roles: ['admin'], orgUnitIds: [parentId], passwordHash: 'x' }), 400, 'VALIDATION_FAILED');
  });

  it('missing fields name the field', async () => {
    const res = await admin.post('/api/territory/nodes', { parentId, level: 3 });
    expect(res.json().error.message).toBe('缺少必填字段：name');
    const en = await admin.request('POST', '/api/territory/nodes', { parentId, level: 3 }, { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('Missing required field: name');
  });

  it('oversize bodies', () =>
    expectRefused(() => admin.post('/api/territory/nodes', { parentId, name: '网格', level: 3, code: 'x'.repeat(2 * 1024 * 1024) }), 413, 'BODY_TOO_LARGE'));

  it('SQL-looking and script-looking strings', async () => {
    for (const name of ["网格'); DROP TABLE org_units; --", '<script>alert(1)</script>', '网格" OR "1"="1', '网格\u0000', ' 前后空格 ']) {
      await expectRefused(() => admin.post('/api/territory/nodes', { parentId, name, level: 3 }), 400, 'VALIDATION_FAILED');
    }
    await expectRefused(() => admin.post('/api/users', { username: "admin'--", displayName: '某人', roles: ['leader'], orgUnitIds: [parentId] }), 400, 'VALIDATION_FAILED');
    await expectRefused(() => admin.post('/api/departments', { name: '<img src=x onerror=alert(1)>', kind: 'other', orgUnitId: parentId }), 400, 'VALIDATION_FAILED');
    // Search text is data, never SQL: quotes and wildcards find nothing and break nothing.
    for (const q of ["' OR 1=1 --", '%', '_', '\\']) {
      const res = await admin.get(`/api/territory/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    }
  });

  it('invalid division codes', async () => {
    await expectRefused(() => admin.post('/api/territory/import-division', { code: '4101' }), 400, 'VALIDATION_FAILED');
    await expectRefused(() => admin.post('/api/territory/import-division', { code: 410105 }), 400, 'VALIDATION_FAILED');
    await expectRefused(() => admin.post('/api/territory/import-division', { code: '000000' }), 404, 'NOT_FOUND');
    await expectRefused(() => admin.get('/api/territory/divisions/41010500'), 400, 'VALIDATION_FAILED');
  });

  it('text the database cannot store, or that shows nothing, is refused in every part of a request', async () => {
    const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json', ...headers } });
    const report = (description: string) => JSON.stringify({ gridCode: '410105002012001', categoryKey: 'matter:01001', description });
    // NUL and a lone surrogate (JSON.stringify writes it as the escape \ud800), in the anonymous resident's report too.
    for (const description of ['路灯不亮\u0000', '路灯不亮\ud800', '\udc00路灯']) {
      await expectRefused(() => post('/api/public/reports', report(description), { 'idempotency-key': `bad-text-${description.length}` }), 400, 'VALIDATION_FAILED');
    }
    const nul = await post('/api/public/reports', report('井盖\u0000丢失'), { 'idempotency-key': 'bad-text-nul' });
    expect(nul.json().error.message).toBe('字段 description 含有无法保存的字符（空字符或残缺的 Unicode 字符）');
    // Bidirectional overrides make a text read in another order than it is stored.
    const bidi = await post('/api/public/reports', report('门牌\u202e号01'), { 'idempotency-key': 'bad-text-bidi' });
    expect(bidi.json().error.message).toBe('字段 description 含有改变文字显示顺序的控制字符');
    // A field name with NUL, and a query string.
    await expectRefused(() => post('/api/territory/nodes', JSON.stringify({ parentId, name: '网格', level: 3, ['x\u0000']: 1 })), 400, 'VALIDATION_FAILED');
    await expectRefused(() => admin.get('/api/territory/search?q=%E7%BD%91%00'), 400, 'VALIDATION_FAILED');
    // Required text that is only spaces or invisible characters.
    const child = await admin.post('/api/territory/nodes', { parentId, name: '文本规则测试网格', level: 3 });
    expect(child.statusCode).toBe(201);
    for (const reason of ['    ', '\u200b\u200b\u200b', '\u3000\u3000', '\u00a0\ufeff ']) {
      await expectRefused(() => admin.post(`/api/territory/nodes/${child.json().id}/retire`, { reason }), 400, 'VALIDATION_FAILED');
    }
    const blank = await admin.post(`/api/territory/nodes/${child.json().id}/retire`, { reason: '\u200b\u200b' });
    expect(blank.json().error.message).toBe('字段 reason 不能只有空白或不可见字符');
    // Real text in any script, with emoji (a surrogate pair) and line breaks, still goes through.
    expect((await admin.post(`/api/territory/nodes/${child.json().id}/retire`, { reason: '网格调整，并入相邻网格 👍\n（2026年12月）' })).statusCode).toBe(200);
  });

  it('the territory keeps its shape: no grid straight under a street, no record on a street or community', async () => {
    const street = await nodeByCode(t, '410105002');
    const community = await nodeByCode(t, '410105002012');
    const grid = (await admin.get(`/api/territory/nodes?parentId=${community.id}`)).json().items[0];
    await expectRefused(() => admin.post('/api/territory/nodes', { parentId: street.id, name: '直属网格', level: 3 }), 400, 'LEVEL_NOT_BELOW_PARENT');
    const person = { name: '赵建军', documentNumber: '41010519700815203X' };
    for (const node of [street, community]) {
      await expectRefused(() => admin.post('/api/register/persons', { orgUnitId: node.id, ...person }), 400, 'NOT_A_GRID');
    }
    const res = await admin.post('/api/register/persons', { orgUnitId: community.id, ...person });
    expect(res.json().error.message).toBe('登记须落到网格（或其下级），不能登记在社区「通信花园社区」上');
    await expectRefused(() => admin.post('/api/register/places', { orgUnitId: street.id, kind: 'shop', name: '老街烩面馆', address: '通信花园小区南门' }), 400, 'NOT_A_GRID');
    // A boundary over the whole world, one outside China, and one of 60,000 vertices.
    const box = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
    const world = await admin.put(`/api/geo/nodes/${grid.id}/geometry`, { geometry: box(-179, -89, 179, 89), draft: true });
    expect(world.statusCode).toBe(400);
    expect(world.json().error.code).toBe('INVALID_GEOMETRY');
    expect(world.json().error.message).toMatch(/超出我国境内/);
    const wide = await admin.put(`/api/geo/nodes/${grid.id}/geometry`, { geometry: box(100, 25, 115, 40), draft: true });
    expect(wide.json().error.message).toMatch(/跨度超过 10 度/);
    const ring = Array.from({ length: 60_000 }, (_, i) => [113.68 + 0.001 * Math.cos((2 * Math.PI * i) / 60_000), 34.78 + 0.001 * Math.sin((2 * Math.PI * i) / 60_000)]);
    const dense = await admin.put(`/api/geo/nodes/${grid.id}/geometry`, { geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] }, draft: true });
    expect(dense.statusCode).toBe(400);
    expect(dense.json().error.code).toBe('INVALID_GEOMETRY');
    // On the grid itself the same person is taken.
    expect((await admin.post('/api/register/persons', { orgUnitId: grid.id, ...person })).statusCode).toBe(201);
  });

  it('a URL the router cannot read answers in our shape, with the usual headers', async () => {
    // Percent-encoded bytes that are no UTF-8 (a lone surrogate, a stray byte) and a path parameter over the router's 100 characters.
    await expectRefused(() => admin.request('PATCH', '/api/territory/nodes/%ED%A0%80', { name: '网格' }), 400, 'BAD_URL');
    await expectRefused(() => admin.request('DELETE', '/api/webhooks/%FF'), 400, 'BAD_URL');
    await expectRefused(() => admin.request('PATCH', `/api/territory/nodes/${'9'.repeat(101)}`, { name: '网格' }), 414, 'URL_TOO_LONG');
    const en = await admin.request('DELETE', '/api/webhooks/%FF', undefined, { 'accept-language': 'en' });
    expect(en.json()).toEqual({ error: { code: 'BAD_URL', message: 'The URL contains bytes that are not valid UTF-8' } });
    expect(en.headers['x-content-type-options']).toBe('nosniff');
    expect(en.headers['x-request-id']).toBeTruthy();
  });

  it('wrong content type and unknown endpoints', async () => {
    await expectRefused(() => raw('/api/territory/nodes', 'name=网格', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // JSON text sent as text/plain is a wrong type too, not a body that "must be object".
    await expectRefused(() => raw('/api/territory/nodes', JSON.stringify({ parentId, name: '网格', level: 3 }), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(() => admin.get('/api/nothing-here'), 404, 'NOT_FOUND');
  });
});

describe('plumbing', () => {
  it('serves health, readiness, the OpenAPI document and request ids', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toMatchObject({ status: 'ok', warnings: expect.any(Array), calendar: expect.objectContaining({ windowDays: 60 }) });
    expect((await t.app.inject({ url: '/health/ready' })).json()).toEqual({ status: 'ready', db: 'ok', migrations: 'ok' });
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/territory/nodes', '/api/users', '/api/audit', '/api/auth/login']));
    const res = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).toBe('trace-123');
  });
});
