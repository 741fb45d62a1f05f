import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../../../core/src/register/id-card.js';
import { addDays } from '../../../../core/src/register/visit-kinds.js';
import { households, visitReminders } from '../../db/schema.js';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { buildBuilding, buildDwelling, buildGrid, buildHousehold, buildPerson } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const DAY = 86_400_000;

let t: TestApp;
let worker: Client;
let workerId: number;
let colleague: Client;
let colleagueId: number;
let outsider: Client;
let gridId: number;
let communityId: number;
let zhang: { id: number }; // 张美荣's household, 3号楼2单元501
let li: { id: number }; // 李国强's household, visited long ago
let wang: { id: number }; // 王淑芬's household, never visited
let awayHousehold: { id: number };

const today = () => todayIn('Asia/Shanghai');

async function counts() {
  const r = (await t.database.db.execute(sql`select
    (select count(*)::int from visits) as visits,
    (select count(*)::int from visit_reminders) as reminders,
    (select count(*)::int from visit_reminders where done_at is not null) as closed,
    (select count(*)::int from audit_log) as audit,
    (select count(*)::int from households where verified_at is not null) as verified`)) as unknown as { rows: Record<string, number>[] };
  return r.rows[0]!;
}

beforeAll(async () => {
  t = await startTestApp();
  const w = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [HOME] });
  worker = w.client;
  workerId = w.user.id;
  const c = await clientFor(t, { roles: ['grid_worker_b'], nodeCodes: [HOME] });
  colleague = c.client;
  colleagueId = c.user.id;
  outsider = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [AWAY] })).client;
  const grid = await buildGrid(t, HOME, '通信花园社区走访网格');
  gridId = grid.id;
  communityId = grid.parentId!;
  const building = await buildBuilding(t, grid.id, '3号楼');
  const head1 = await buildPerson(t, grid.id, '张美荣');
  const head2 = await buildPerson(t, grid.id, '李国强');
  const head3 = await buildPerson(t, grid.id, '王淑芬');
  zhang = await buildHousehold(t, grid.id, (await buildDwelling(t, building, '2', '501')).id, [head1]);
  li = await buildHousehold(t, grid.id, (await buildDwelling(t, building, '2', '502')).id, [head2]);
  wang = await buildHousehold(t, grid.id, (await buildDwelling(t, building, '1', '301')).id, [head3]);
  const awayGrid = await buildGrid(t, AWAY, '甲院社区走访网格');
  awayHousehold = await buildHousehold(t, awayGrid.id, null, [await buildPerson(t, awayGrid.id, '赵德胜')]);
});
afterAll(() => t.close());

describe('五必访 reminders and visits', () => {
  let reminderId: number;

  it('raises a reminder due in three days (deployment time zone), once per event', async () => {
    const res = await worker.post('/api/register/visit-reminders', { householdId: zhang.id, reason: 'hospital', note: '张美荣3月2日住院，省人民医院心内科' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ householdId: zhang.id, reason: 'hospital', reasonZh: '住院必访', dueDate: addDays(today(), 3), status: 'open', headName: '张美荣', address: '通信花园小区3号楼2单元501室' });
    reminderId = res.json().id;
    const again = await worker.post('/api/register/visit-reminders', { householdId: zhang.id, reason: 'hospital' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REMINDER_OPEN');
  });

  it('a hospital visit closes the reminder and marks the household verified', async () => {
    const before = await counts();
    const res = await worker.post('/api/register/visits', { householdId: zhang.id, kind: 'hospital', findings: '老人出院在家休养，精神尚可，子女轮流照顾', needs: '希望社区医生上门测血压' });
    expect(res.statusCode, res.body).toBe(201);
    const visit = res.json();
    expect(visit).toMatchObject({ householdId: zhang.id, orgUnitId: gridId, kind: 'hospital', visitorUserId: workerId, fulfilledReminderIds: [reminderId], headName: '张美荣' });
    expect(visit.visitorName).toMatch(/^测试/);
    const [reminder] = await t.database.db.select().from(visitReminders).where(eq(visitReminders.id, reminderId));
    expect(reminder).toMatchObject({ doneVisitId: visit.id });
    expect(reminder!.doneAt).not.toBeNull();
    const [household] = await t.database.db.select().from(households).where(eq(households.id, zhang.id));
    expect(household!.verifiedAt).not.toBeNull();
    const after = await counts();
    expect(after).toEqual({ ...before, visits: before.visits! + 1, closed: before.closed! + 1, audit: before.audit! + 1, verified: before.verified! + 1 });
    const closed = (await worker.get(`/api/register/visit-reminders?householdId=${zhang.id}&status=closed`)).json();
    expect(closed.items[0]).toMatchObject({ id: reminderId, status: 'done', doneVisitId: visit.id, abilities: { cancel: false } });
  });

  it('a routine visit closes no reminder', async () => {
    const r = (await worker.post('/api/register/visit-reminders', { householdId: zhang.id, reason: 'festival', note: '春节慰问' })).json();
    const res = await worker.post('/api/register/visits', { householdId: zhang.id, kind: 'routine', findings: '家中一切正常' });
    expect(res.json().fulfilledReminderIds).toEqual([]);
    const open = (await worker.get(`/api/register/visit-reminders?householdId=${zhang.id}`)).json();
    expect(open.items.map((x: { id: number }) => x.id)).toEqual([r.id]);
  });

  it('refuses bad visits and writes nothing', async () => {
    const { client: proxy } = await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [HOME] });
    const before = await counts();
    const refuse = async (body: Record<string, unknown>, status: number, code?: string, client = worker) => {
      const res = await client.post('/api/register/visits', body);
      expect(res.statusCode, res.body).toBe(status);
      if (code) expect(res.json().error.code).toBe(code);
    };
    const ok = { householdId: li.id, kind: 'routine', findings: '家中一切正常' };
    await refuse({ ...ok, visitedAt: new Date(Date.now() + DAY).toISOString() }, 400, 'VISIT_IN_FUTURE');
    await refuse({ ...ok, visitedAt: new Date(Date.now() - 400 * DAY).toISOString() }, 400, 'VISIT_TOO_OLD');
    await refuse({ ...ok, visitedAt: '昨天下午' }, 400);
    await refuse({ ...ok, findings: '' }, 400);
    await refuse({ ...ok, findings: '情'.repeat(1001) }, 400);
    await refuse({ householdId: li.id, kind: 'routine' }, 400);
    await refuse({ ...ok, kind: 'birthday' }, 400);
    await refuse({ ...ok, visitorName: '冒名顶替' }, 400);
    await refuse({ ...ok, householdId: 2_000_000_001 }, 404, 'NOT_FOUND');
    await refuse({ ...ok, householdId: awayHousehold.id }, 404, 'NOT_FOUND');
    await refuse({ ...ok, householdId: li.id }, 404, 'NOT_FOUND', outsider);
    await refuse(ok, 403, 'FORBIDDEN', proxy);
    expect(await counts()).toEqual(before);
  });

  it('lists visits of a household, a subtree or mine, newest first; nothing for another community', async () => {
    await colleague.post('/api/register/visits', { householdId: li.id, kind: 'routine', findings: '独居老人，家中暖气不热', needs: '联系物业检修暖气', visitedAt: new Date(Date.now() - 100 * DAY).toISOString() });
    const ofZhang = (await worker.get(`/api/register/visits?householdId=${zhang.id}`)).json();
    expect(ofZhang.total).toBe(2);
    expect(ofZhang.items.map((v: { kind: string }) => v.kind)).toEqual(['routine', 'hospital']);
    const inCommunity = (await worker.get(`/api/register/visits?orgUnitId=${communityId}`)).json();
    expect(inCommunity.total).toBe(3);
    expect(inCommunity.items.at(-1)).toMatchObject({ householdId: li.id, needs: '联系物业检修暖气' });
    const mine = (await colleague.get('/api/register/visits?mine=true')).json();
    expect(mine.items.map((v: { householdId: number }) => v.householdId)).toEqual([li.id]);
    const one = await worker.get(`/api/register/visits/${ofZhang.items[0].id}`);
    expect(one.json()).toMatchObject({ householdId: zhang.id, kindZh: '日常走访' });
    expect((await outsider.get(`/api/register/visits/${ofZhang.items[0].id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/register/visits?householdId=${zhang.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/register/visits?orgUnitId=${communityId}`)).statusCode).toBe(404);
    expect((await outsider.get('/api/register/visits')).json()).toEqual({ items: [], total: 0 });
  });
});

describe('households not visited for N days', () => {
  it('lists the never visited first, then the longest ago, with per-grid and per-worker counts', async () => {
    const res = await worker.get(`/api/register/visits/overdue?orgUnitId=${gridId}&days=90`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.total).toBe(2);
    expect(report.items.map((h: { householdId: number }) => h.householdId)).toEqual([wang.id, li.id]);
    expect(report.items[0]).toMatchObject({ headName: '王淑芬', address: '通信花园小区3号楼1单元301室', lastVisitAt: null, daysSince: null, orgUnitName: '通信花园社区走访网格' });
    expect(report.items[1].daysSince).toBe(100);
    expect(report.grids).toEqual([{ id: gridId, name: '通信花园社区走访网格', households: 3, visited: 1, notVisited: 2 }]);
    expect(report.workers).toEqual([expect.objectContaining({ visitorUserId: workerId, visits: 2, households: 1 })]);

    // Over 120 days the colleague's visit to 李国强 counts as well.
    const longer = (await worker.get(`/api/register/visits/overdue?orgUnitId=${communityId}&days=120`)).json();
    expect(longer.items.map((h: { householdId: number }) => h.householdId)).toEqual([wang.id]);
    expect(longer.grids.find((g: { id: number }) => g.id === gridId)).toMatchObject({ households: 3, visited: 2, notVisited: 1 });
    expect(longer.workers).toEqual([expect.objectContaining({ visitorUserId: workerId, visits: 2 }), expect.objectContaining({ visitorUserId: colleagueId, visits: 1, households: 1 })]);
  });

  it('counts only one worker’s visits when asked', async () => {
    const report = (await worker.get(`/api/register/visits/overdue?orgUnitId=${gridId}&days=120&visitorUserId=${colleagueId}`)).json();
    // Never visited by this worker: both, in household order.
    expect(report.items.map((h: { householdId: number }) => h.householdId)).toEqual([zhang.id, wang.id]);
    expect(report.grids[0]).toMatchObject({ households: 3, visited: 1, notVisited: 2 });
    expect(report.workers.map((w: { visitorUserId: number }) => w.visitorUserId)).toEqual([colleagueId]);
  });

  it('answers 404 for another community and 400 for bad input', async () => {
    expect((await outsider.get(`/api/register/visits/overdue?orgUnitId=${gridId}`)).statusCode).toBe(404);
    expect((await worker.get(`/api/register/visits/overdue?orgUnitId=${gridId}&days=0`)).statusCode).toBe(400);
    expect((await worker.get('/api/register/visits/overdue')).statusCode).toBe(400);
    expect((await worker.get(`/api/register/visits/overdue?orgUnitId=${gridId}&grid=1`)).statusCode).toBe(400);
  });
});

describe('reminder list and cancel', () => {
  it('lists open reminders of a subtree with the overdue first', async () => {
    const [late] = await t.database.db
      .insert(visitReminders)
      .values({ orgUnitId: gridId, householdId: wang.id, reason: 'dispute', note: '邻里漏水纠纷', dueDate: addDays(today(), -2) })
      .returning();
    const list = (await worker.get(`/api/register/visit-reminders?orgUnitId=${communityId}`)).json();
    expect(list.items[0]).toMatchObject({ id: late!.id, status: 'overdue', reasonZh: '矛盾纠纷必访', abilities: { cancel: true } });
    expect(list.items.slice(1).every((r: { status: string }) => r.status === 'open')).toBe(true);
    expect((await outsider.get(`/api/register/visit-reminders?orgUnitId=${communityId}`)).statusCode).toBe(404);
    expect((await outsider.get('/api/register/visit-reminders')).json().total).toBe(0);
  });

  it('cancels with a reason (audited), once; others cannot', async () => {
    const r = (await worker.post('/api/register/visit-reminders', { householdId: li.id, reason: 'funeral', dueDate: addDays(today(), 1) })).json();
    const { client: proxy } = await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [HOME] });
    const before = await counts();
    expect((await outsider.post(`/api/register/visit-reminders/${r.id}/cancel`, { reason: '住户已搬离' })).statusCode).toBe(404);
    expect((await proxy.post(`/api/register/visit-reminders/${r.id}/cancel`, { reason: '住户已搬离' })).statusCode).toBe(403);
    expect((await worker.post(`/api/register/visit-reminders/${r.id}/cancel`, {})).statusCode).toBe(400);
    expect(await counts()).toEqual(before);

    const res = await worker.post(`/api/register/visit-reminders/${r.id}/cancel`, { reason: '登记有误，该户无丧事' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', doneVisitId: null });
    const { client: admin } = await clientFor(t, { roles: ['admin'], scopeAll: true });
    const audit = (await admin.get(`/api/audit?action=register.reminder_cancel&entityId=${r.id}`)).json().items;
    expect(audit[0].after).toEqual({ status: 'cancelled', reason: '登记有误，该户无丧事' });
    const again = await worker.post(`/api/register/visit-reminders/${r.id}/cancel`, { reason: '重复' });
    expect(again.statusCode).toBe(409);
    // A later funeral visit finds nothing left to close.
    expect((await worker.post('/api/register/visits', { householdId: li.id, kind: 'funeral', findings: '慰问家属' })).json().fulfilledReminderIds).toEqual([]);
  });

  it('refuses a past due date, a routine reason and another community’s household', async () => {
    const before = await counts();
    const past = await worker.post('/api/register/visit-reminders', { householdId: wang.id, reason: 'hardship', dueDate: addDays(today(), -1) });
    expect(past.json().error.code).toBe('DUE_DATE_PAST');
    expect((await worker.post('/api/register/visit-reminders', { householdId: wang.id, reason: 'hardship', dueDate: '2026-02-30' })).statusCode).toBe(400);
    expect((await worker.post('/api/register/visit-reminders', { householdId: wang.id, reason: 'routine' })).statusCode).toBe(400);
    expect((await worker.post('/api/register/visit-reminders', { householdId: awayHousehold.id, reason: 'hardship' })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('residence registrations about to expire', () => {
  it('lists the expired and those expiring within N days, soonest first, phones masked', async () => {
    const soon = await buildPerson(t, gridId, '马晓燕', { residenceStatus: 'migrant', residenceUntil: addDays(today(), 10), phone: '13783610542' });
    const expired = await buildPerson(t, gridId, '金敏浩', { residenceStatus: 'overseas', nationality: '韩国', residenceUntil: addDays(today(), -5) });
    await buildPerson(t, gridId, '周建华', { residenceStatus: 'migrant', residenceUntil: addDays(today(), 200) });
    await buildPerson(t, gridId, '孙丽', { residenceStatus: 'registered', residenceUntil: addDays(today(), -5) });
    const res = await worker.get(`/api/register/residence-expiring?orgUnitId=${communityId}&days=30`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      total: 2,
      items: [
        expect.objectContaining({ personId: expired.id, name: '金敏浩', daysLeft: -5, residenceStatus: 'overseas', phone: null, orgUnitName: '通信花园社区走访网格' }),
        expect.objectContaining({ personId: soon.id, name: '马晓燕', daysLeft: 10, phone: '137****0542' }),
      ],
    });
    expect((await outsider.get(`/api/register/residence-expiring?orgUnitId=${communityId}`)).statusCode).toBe(404);
    expect((await worker.get(`/api/register/residence-expiring?orgUnitId=${communityId}&days=-1`)).statusCode).toBe(400);
  });
});
