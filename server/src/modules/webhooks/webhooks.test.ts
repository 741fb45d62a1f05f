// Webhooks through the API: only a deployment-wide administrator manages them, the secret is shown
// once and stored sealed, bad URLs and events are refused without writing, every change is audited,
// and a webhook with pending deliveries is not deleted unless they are discarded. A URL leading
// inside (loopback, private, link-local …) is refused unless WEBHOOK_ALLOW_HOSTS lists its host.
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, webhookDeliveries, webhooks } from '../../db/schema.js';
import { clientFor, startTestApp, type Client, type TestApp } from '../../../test/harness.js';
import { enqueueWebhookEvent } from './outbox.js';
import { testTargets } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区

let t: TestApp;
let admin: Client; // deployment-wide
let streetAdmin: Client; // an administrator bound to one community
let dispatcher: Client;

const body = (over: Record<string, unknown> = {}) => ({ name: '金水区12345热线平台', url: 'https://12345.jinshui.example.cn/api/civicgrid', events: ['case.reported', 'case.closed'], ...over });

async function counts() {
  const r = (await t.database.db.execute(sql`select
    (select count(*)::int from webhooks) as webhooks,
    (select count(*)::int from webhook_deliveries) as deliveries,
    (select count(*)::int from audit_log) as audit`)) as unknown as { rows: Record<string, number>[] };
  return r.rows[0]!;
}

async function lastAudit() {
  const [row] = await t.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row!;
}

beforeAll(async () => {
  // As if WEBHOOK_ALLOW_HOSTS=hooks.internal.gov:8443,10.1.2.3,erp.internal; names resolve from a table.
  t = await startTestApp({
    webhookTargets: testTargets('hooks.internal.gov:8443,10.1.2.3,erp.internal', {
      'hooks.internal.gov': ['10.1.2.4'],
      'intranet.jinshui.example.cn': ['10.20.30.40'],
      'metadata.example.cn': ['169.254.169.254'],
    }),
  });
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  streetAdmin = (await clientFor(t, { roles: ['admin'], nodeCodes: [HOME] })).client;
  dispatcher = (await clientFor(t, { roles: ['dispatcher'], nodeCodes: [HOME] })).client;
});
afterAll(() => t.close());

describe('webhooks API', () => {
  it('creates a webhook, shows the secret once and stores it sealed', async () => {
    const res = await admin.post('/api/webhooks', body());
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({ name: '金水区12345热线平台', events: ['case.reported', 'case.closed'], active: true, pending: 0, failed: 0 });
    expect(made.secret).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, made.id));
    expect(row!.secretCipher).not.toContain(made.secret);
    expect(t.crypto.decrypt(row!.secretCipher)).toBe(made.secret);

    const listed = (await admin.get('/api/webhooks')).json().items;
    expect(listed.find((h: { id: number }) => h.id === made.id)).not.toHaveProperty('secret');
    expect((await admin.get(`/api/webhooks/${made.id}`)).json()).not.toHaveProperty('secret');

    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'webhook.create', entityId: String(made.id) });
    expect(JSON.stringify(audit)).not.toContain(made.secret);
  });

  it("'*' stands for every event", async () => {
    const made = (await admin.post('/api/webhooks', body({ name: '区数字城管平台', events: ['case.closed', '*'] }))).json();
    expect(made.events).toEqual(['*']);
  });

  it('refuses bad input and writes nothing', async () => {
    const before = await counts();
    const cases = [
      body({ url: 'ftp://files.example.cn/hook' }),
      body({ url: 'javascript:alert(1)' }),
      body({ url: 'https://user:pass@example.cn/hook' }),
      body({ url: 'not a url' }),
      body({ events: ['case.deleted'] }),
      body({ events: [] }),
      body({ name: '<script>' }),
      { ...body(), secret: 'mine' },
    ];
    for (const bad of cases) {
      const res = await admin.post('/api/webhooks', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const en = await admin.request('POST', '/api/webhooks', body({ url: 'https://a:b@example.cn/' }), { 'accept-language': 'en' });
    expect(en.json().error).toMatchObject({ code: 'WEBHOOK_URL_INVALID', message: 'The webhook URL must not carry a user name or password' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a URL that leads inside, saying which rule, and writes nothing', async () => {
    const before = await counts();
    const cases: Array<[string, string]> = [
      ['http://127.0.0.1:3000/api/auth/me', 'loopback'],
      ['http://2130706433/', 'loopback'],
      ['http://0x7f.1/', 'loopback'],
      ['http://localhost:5432/', 'loopback'],
      ['http://[::1]/hook', 'loopback'],
      ['http://0/', 'unspecified'],
      ['http://0.0.0.0:3000/', 'unspecified'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
      ['http://[::ffff:169.254.169.254]/latest/meta-data/', 'link-local'],
      ['http://metadata.example.cn/latest/meta-data/', 'link-local'],
      ['http://10.0.0.1/hook', 'private'],
      ['http://172.31.255.255/hook', 'private'],
      ['http://192.168.1.1/hook', 'private'],
      ['https://intranet.jinshui.example.cn/hook', 'private'],
      ['https://hooks.internal.gov/hook', 'private'], // listed on port 8443 only
      ['http://100.64.0.1/hook', 'shared'],
      ['http://[fd00::1]/hook', 'unique-local'],
      ['https://no-such-host.example.cn/hook', 'unresolvable'],
    ];
    for (const [url, rule] of cases) {
      const res = await admin.post('/api/webhooks', body({ url }));
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error, url).toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN', details: { field: 'url', rule } });
      expect(res.json().error.message, url).toMatch(/[\u4e00-\u9fa5]/);
    }
    const en = await admin.request('POST', '/api/webhooks', body({ url: 'http://169.254.169.254/' }), { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('The webhook URL leads to a link-local address; webhooks may not reach inside networks (an operator may list the host in WEBHOOK_ALLOW_HOSTS)');
    const zh = await admin.post('/api/webhooks', body({ url: 'http://127.0.0.1/' }));
    expect(zh.json().error.message).toBe('Webhook 地址指向本机回环地址，不能向内部网络投递；如确需对接内网系统，请运维人员在 WEBHOOK_ALLOW_HOSTS 中登记该主机');
    const unknown = await admin.request('POST', '/api/webhooks', body({ url: 'https://no-such-host.example.cn/' }), { 'accept-language': 'en' });
    expect(unknown.json().error.message).toBe('The webhook host no-such-host.example.cn cannot be resolved; check its spelling');

    // Moving an existing webhook inside is refused the same way, and changes nothing.
    const made = (await admin.post('/api/webhooks', body({ name: '区城管平台' }))).json();
    const afterCreate = await counts();
    const moved = await admin.put(`/api/webhooks/${made.id}`, { url: 'http://[::ffff:127.0.0.1]:3000/', name: '改名' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error).toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN', details: { rule: 'loopback' } });
    expect((await admin.get(`/api/webhooks/${made.id}`)).json()).toMatchObject({ name: '区城管平台', url: 'https://12345.jinshui.example.cn/api/civicgrid' });
    expect(await counts()).toEqual(afterCreate);
    expect(afterCreate.webhooks).toBe(before.webhooks! + 1);
  });

  it('accepts inside hosts listed in WEBHOOK_ALLOW_HOSTS (and only on the listed port)', async () => {
    // erp.internal does not resolve here: a listed host is taken as the operator vouches for it.
    for (const url of ['https://hooks.internal.gov:8443/civicgrid', 'http://10.1.2.3/hook', 'http://10.1.2.3:9000/hook', 'http://erp.internal/hook']) {
      const res = await admin.post('/api/webhooks', body({ name: '区内网对接平台', url }));
      expect(res.statusCode, url).toBe(201);
      expect(res.json().url).toBe(url);
    }
    expect((await admin.post('/api/webhooks', body({ url: 'http://10.1.2.4/hook' }))).statusCode).toBe(400);
  });

  it('only a deployment-wide administrator manages webhooks', async () => {
    const before = await counts();
    const local = await streetAdmin.post('/api/webhooks', body());
    expect(local.statusCode).toBe(403);
    expect(local.json().error.code).toBe('DEPLOYMENT_ADMIN_ONLY');
    expect((await streetAdmin.get('/api/webhooks')).statusCode).toBe(403);
    expect((await dispatcher.get('/api/webhooks')).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('updates, rotates the secret and answers 404 for a missing webhook', async () => {
    const made = (await admin.post('/api/webhooks', body({ name: '市城市运行管理平台' }))).json();
    const res = await admin.put(`/api/webhooks/${made.id}`, { events: ['case.overdue'], active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ events: ['case.overdue'], active: false, name: '市城市运行管理平台' });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'webhook.update', before: { events: ['case.reported', 'case.closed'], active: true }, after: { events: ['case.overdue'], active: false } });

    expect((await admin.put(`/api/webhooks/${made.id}`, {})).statusCode).toBe(400);
    expect((await admin.put(`/api/webhooks/${made.id}`, { url: 'ftp://x.example.cn/' })).statusCode).toBe(400);

    const rotated = (await admin.post(`/api/webhooks/${made.id}/rotate-secret`)).json();
    expect(rotated.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.secret).not.toBe(made.secret);
    const [row] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, made.id));
    expect(t.crypto.decrypt(row!.secretCipher)).toBe(rotated.secret);
    expect(await lastAudit()).toMatchObject({ action: 'webhook.rotate_secret', entityId: String(made.id) });

    for (const res of [
      await admin.get('/api/webhooks/2000000001'),
      await admin.put('/api/webhooks/2000000001', { active: true }),
      await admin.delete('/api/webhooks/2000000001'),
      await admin.post('/api/webhooks/2000000001/rotate-secret'),
      await admin.post('/api/webhooks/2000000001/test'),
      await admin.get('/api/webhooks/2000000001/deliveries'),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('queues a test ping and lists it among the deliveries', async () => {
    const made = (await admin.post('/api/webhooks', body({ name: '街道综治中心', events: ['case.overdue'] }))).json();
    const res = await admin.post(`/api/webhooks/${made.id}/test`);
    expect(res.statusCode, res.body).toBe(202);
    const items = (await admin.get(`/api/webhooks/${made.id}/deliveries`)).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: res.json().deliveryId, event: 'case.changed', status: 'pending', attempts: 0, lastStatus: null, lastResult: null });
    expect((await admin.get(`/api/webhooks/${made.id}`)).json().pending).toBe(1);
  });

  it('keeps a webhook with pending deliveries unless they are discarded', async () => {
    const made = (await admin.post('/api/webhooks', body({ name: '花园路街道网格中心', events: ['case.reported'] }))).json();
    await t.database.db.transaction((tx) => enqueueWebhookEvent(tx, 'case.reported', { id: 1, number: '20261124-0001' }));
    const before = await counts();
    const refused = await admin.delete(`/api/webhooks/${made.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'WEBHOOK_HAS_PENDING', details: { pending: 1 } });
    expect(await counts()).toEqual(before);

    const res = await admin.delete(`/api/webhooks/${made.id}?discardPending=true`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: made.id, deleted: true, deliveriesRemoved: 1 });
    expect((await admin.get(`/api/webhooks/${made.id}`)).statusCode).toBe(404);
    expect(await t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, made.id))).toEqual([]);
    expect(await lastAudit()).toMatchObject({ action: 'webhook.delete', entityId: String(made.id), after: { deliveriesRemoved: 1 } });
  });

  it('deletes a webhook with nothing pending', async () => {
    const made = (await admin.post('/api/webhooks', body({ name: '临时对接测试', events: ['case.warning'] }))).json();
    const res = await admin.delete(`/api/webhooks/${made.id}`);
    expect(res.json()).toEqual({ id: made.id, deleted: true, deliveriesRemoved: 0 });
  });
});
