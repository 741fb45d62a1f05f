// The bell: each user reads and marks only their own notifications; someone else's id answers 404
// like a missing one; titles follow the caller's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { firstGridOf, insertCase } from '../board/test-factories.js';
import { notifyUsers } from './notify.js';

const HOME = '410105002012'; // 通信花园社区

let t: TestApp;
let me: { user: { id: number }; client: Client };
let other: { user: { id: number }; client: Client };

beforeAll(async () => {
  t = await startTestApp();
  me = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [HOME] });
  other = await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] });
});
afterAll(() => t.close());

const ids = (res: { json(): { items: { id: number }[] } }) => res.json().items.map((n) => n.id);

describe('notifications', () => {
  it('lists my notifications newest first, with the case number and the title in my language', async () => {
    const c = await insertCase(t, { ...(await firstGridOf(t, HOME)) });
    await t.database.db.transaction(async (tx) => {
      await notifyUsers(tx, [me.user.id, other.user.id], { caseId: c.id, kind: 'case.dispatched', titleZh: `案件 ${c.number} 已派遣给您`, titleEn: `Case ${c.number} was dispatched to you` });
      await notifyUsers(tx, [me.user.id], { caseId: c.id, kind: 'case.warning', titleZh: `案件 ${c.number} 即将超时`, titleEn: `Case ${c.number} is about to run late` });
    });
    const res = await me.client.get('/api/notifications');
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(2);
    expect(items.map((n: { kind: string }) => n.kind)).toEqual(['case.warning', 'case.dispatched']);
    expect(items[0]).toMatchObject({ caseId: c.id, caseNumber: c.number, title: `案件 ${c.number} 即将超时`, titleEn: `Case ${c.number} is about to run late`, readAt: null });
    const en = await me.client.request('GET', '/api/notifications', undefined, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().items[0].title).toBe(`Case ${c.number} is about to run late`);
    expect((await me.client.get('/api/notifications/unread-count')).json()).toEqual({ count: 2 });
  });

  it('marks one read; someone else\'s or a missing one answers 404 and changes nothing', async () => {
    const mine = ids(await me.client.get('/api/notifications'));
    const theirs = ids(await other.client.get('/api/notifications'));
    const foreign = await me.client.post(`/api/notifications/${theirs[0]}/read`);
    const missing = await me.client.post('/api/notifications/9000000000/read');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    expect(foreign.json().error.message).toBe('通知不存在或无权访问');
    expect((await other.client.get('/api/notifications/unread-count')).json()).toEqual({ count: 1 });

    const read = await me.client.post(`/api/notifications/${mine[1]}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    // Reading again keeps the first instant.
    expect((await me.client.post(`/api/notifications/${mine[1]}/read`)).json().readAt).toBe(read.json().readAt);
    expect((await me.client.get('/api/notifications/unread-count')).json()).toEqual({ count: 1 });
    expect(ids(await me.client.get('/api/notifications?unread=true'))).toEqual([mine[0]]);
    expect((await me.client.get('/api/notifications/abc/read')).statusCode).toBe(404);
    expect((await me.client.post('/api/notifications/abc/read')).statusCode).toBe(400);
  });

  it('marks all of mine read and no one else\'s', async () => {
    const res = await me.client.post('/api/notifications/read-all');
    expect(res.json()).toEqual({ updated: 1 });
    expect((await me.client.get('/api/notifications/unread-count')).json()).toEqual({ count: 0 });
    expect((await other.client.get('/api/notifications/unread-count')).json()).toEqual({ count: 1 });
    expect((await me.client.get('/api/notifications?unread=true')).json()).toEqual({ items: [], total: 0 });
  });

  it('pages and needs a signed-in user', async () => {
    await t.database.db.transaction(async (tx) => {
      for (let i = 1; i <= 5; i++) await notifyUsers(tx, [other.user.id], { kind: 'case.urged', titleZh: `第${i}次催办`, titleEn: `Urged (${i})` });
    });
    const page = (await other.client.get('/api/notifications?page=2&pageSize=2')).json();
    expect(page.total).toBe(6);
    expect(page.items.map((n: { title: string }) => n.title)).toEqual(['第3次催办', '第2次催办']);
    expect(page.items[0]).toMatchObject({ caseId: null, caseNumber: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count' })).statusCode).toBe(401);
    expect((await other.client.get('/api/notifications?pageSize=500')).statusCode).toBe(400);
  });
});
