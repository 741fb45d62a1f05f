import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, nodeByCode, startTestApp, type Client, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records who changed what, filterable by actor, action and time', async () => {
    const community = await nodeByCode(t, '410105002003');
    const start = new Date(Date.now() - 1000).toISOString();
    const node = (await admin.post('/api/territory/nodes', { parentId: community.id, name: '省供销社社区第二网格', level: 3 })).json();
    const me = (await admin.get('/api/auth/me')).json().user;
    const list = (await admin.get(`/api/audit?actorId=${me.id}&action=territory.create&from=${encodeURIComponent(start)}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ entityType: 'org_unit', entityId: String(node.id), actorName: me.displayName });
    expect(list.items[0].after.name).toBe('省供销社社区第二网格');
    expect(list.items[0].requestId).toBeTruthy();
  });

  it('cannot be edited or deleted, not even by SQL', async () => {
    expect((await admin.request('DELETE', '/api/audit')).statusCode).toBe(404);
    expect((await admin.request('PATCH', '/api/audit', {})).statusCode).toBe(404);
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`update audit_log set actor_name = 'x'`)).rejects.toThrow();
  });

  it('is for roles that may read it', async () => {
    const { client } = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
    expect((await client.get('/api/audit')).statusCode).toBe(403);
  });
});
