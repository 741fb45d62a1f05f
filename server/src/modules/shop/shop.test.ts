// The 红色物业 service supermarket through the API, every path of an order: a resident orders (点单)
// with a phone number and gets a tracking code; the community's desk records 接单 and 完成, urges
// (催单), reassigns (改派, only to a provider serving the grid) and cancels; the resident rates and
// cancels by the code; an order past its limit becomes a case once (the deadline scan), linked to
// the order; refused steps change nothing; the desk sees only its territory's orders and providers.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, shopOrders } from '../../db/schema.js';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { IntakeWriter } from '../cases/index.js';
import { gridsOf } from '../cases/test-factories.js';
import { scanLateOrders } from './late.js';
import { buildProvider, placeTestOrder, publicCall } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let gridCode: string;
let homeCommunityId: number;
let desk: Client;
let awayDesk: Client;
let worker: Client;
let offer: { providerId: number; serviceId: number };
let other: { providerId: number; serviceId: number };
let awayOffer: { providerId: number; serviceId: number };

const step = (c: Client, id: number, action: string, body: Record<string, unknown> = {}) => c.post(`/api/shop/orders/${id}/actions/${action}`, body);
async function orderIdOf(number: string) {
  const [row] = await t.database.db.select({ id: shopOrders.id }).from(shopOrders).where(eq(shopOrders.number, number));
  return row!.id;
}

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  const away = await gridsOf(t, AWAY);
  gridCode = home.grids[0]!.code!;
  homeCommunityId = home.community.id;
  desk = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
  awayDesk = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [AWAY] })).client;
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [gridCode] })).client;
  offer = await buildProvider(t, home.community.id, '郑州绿都物业服务有限公司测试');
  other = await buildProvider(t, home.grids[0]!.id, '金水区福寿康居家养老服务中心测试');
  awayOffer = await buildProvider(t, away.community.id);
});
afterAll(() => t.close());

describe('the shelves', () => {
  it('a grid shows the providers registered with it and above, with prices; not another community’s', async () => {
    const res = await publicCall(t, 'GET', `/api/public/grids/${gridCode}/shop`);
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().providers.map((p: { id: number }) => p.id);
    expect(ids).toContain(offer.providerId);
    expect(ids).toContain(other.providerId);
    expect(ids).not.toContain(awayOffer.providerId);
    expect(res.json().providers.find((p: { id: number }) => p.id === offer.providerId).services[0]).toMatchObject({ name: '上门保洁', priceFen: 5000, unit: '次' });
    expect((await publicCall(t, 'GET', '/api/public/grids/999999999999/shop')).statusCode).toBe(404);
  });

  it('the desk registers a provider and its services in its territory only', async () => {
    const body = { orgUnitId: homeCommunityId, name: '花园路便民维修服务部', kind: 'repair', contactName: '赵师傅', contactPhone: '13903712288', address: '花园路68号', description: '水电维修、开锁换锁' };
    const made = await desk.post('/api/shop/providers', body);
    expect(made.statusCode, made.body).toBe(201);
    const added = await desk.post(`/api/shop/providers/${made.json().id}/services`, { name: '水龙头更换', priceFen: 3000, unit: '次', description: null });
    expect(added.json().services).toHaveLength(1);
    const price = await desk.patch(`/api/shop/providers/${made.json().id}/services/${added.json().services[0].id}`, { priceFen: 3500 });
    expect(price.json().services[0].priceFen).toBe(3500);
    expect((await awayDesk.patch(`/api/shop/providers/${made.json().id}`, { status: 'retired' })).statusCode).toBe(404);
    expect((await worker.get('/api/shop/providers')).statusCode).toBe(403);
    const listed = (await awayDesk.get('/api/shop/providers?pageSize=100')).json().items.map((p: { id: number }) => p.id);
    expect(listed).not.toContain(made.json().id);
  });
});

describe('an order', () => {
  it('点单 → 接单 → 完成 → 评价, the resident following by the code', async () => {
    const placed = await placeTestOrder(t, gridCode, offer.serviceId, '13837156624');
    expect(placed.number).toMatch(/^FW\d{8}-\d{4}$/);
    const id = await orderIdOf(placed.number);
    const seen = await desk.get(`/api/shop/orders/${id}`);
    expect(seen.json()).toMatchObject({ state: 'ordered', phone: '138****6624', deadline: { step: 'accept' }, allowedActions: expect.arrayContaining(['accept', 'urge', 'reassign', 'cancel']) });
    expect((await desk.get(`/api/shop/orders/${id}/phone`)).json().phone).toBe('13837156624');

    expect((await step(desk, id, 'complete', { note: '已完成' })).statusCode).toBe(409);
    const accepted = await step(desk, id, 'accept', { note: '物业王经理电话接单，明天上午9点上门' });
    expect(accepted.json()).toMatchObject({ state: 'accepted', deadline: { step: 'complete' } });
    expect((await step(desk, id, 'complete', {})).statusCode).toBe(400);
    const done = await step(desk, id, 'complete', { note: '已上门保洁两小时，居民确认' });
    expect(done.json()).toMatchObject({ state: 'completed', completionNote: '已上门保洁两小时，居民确认', deadline: null });

    const mine = await publicCall(t, 'GET', `/api/public/orders/${placed.trackingCode}`);
    expect(mine.json()).toMatchObject({ state: 'completed', canRate: true, canCancel: false, provider: { contactPhone: '0371-63958210' } });
    expect(mine.json().steps.map((s: { action: string }) => s.action)).toEqual(['order', 'accept', 'complete']);
    expect(mine.body).not.toContain('13837156624');
    const rated = await publicCall(t, 'POST', `/api/public/orders/${placed.trackingCode}/rating`, { rating: 'satisfied', comment: '师傅很细心' });
    expect(rated.json()).toMatchObject({ rating: 'satisfied', canRate: false });
    expect((await publicCall(t, 'POST', `/api/public/orders/${placed.trackingCode}/rating`, { rating: 'satisfied' })).statusCode).toBe(409);
    expect((await desk.get(`/api/shop/orders/${id}`)).json().events.map((e: { action: string }) => e.action)).toEqual(['order', 'accept', 'complete', 'rate']);
  });

  it('催单 counts; 改派 goes to another provider of the grid and waits for its 接单 again', async () => {
    const placed = await placeTestOrder(t, gridCode, offer.serviceId);
    const id = await orderIdOf(placed.number);
    await step(desk, id, 'accept', {});
    expect((await step(desk, id, 'urge', { note: '居民来电催问' })).json().urgeCount).toBe(1);
    expect((await step(desk, id, 'reassign', { providerId: awayOffer.providerId, reason: '原服务商人手不足' })).statusCode).toBe(400);
    expect((await step(desk, id, 'reassign', { providerId: offer.providerId, reason: '同一家' })).statusCode).toBe(400);
    expect((await step(desk, id, 'reassign', { providerId: other.providerId })).statusCode).toBe(400);
    const moved = await step(desk, id, 'reassign', { providerId: other.providerId, reason: '原服务商人手不足' });
    expect(moved.json()).toMatchObject({ state: 'ordered', provider: { id: other.providerId }, deadline: { step: 'accept' } });
  });

  it('the resident cancels an open order by the code; the desk cancels with a reason', async () => {
    const a = await placeTestOrder(t, gridCode, offer.serviceId);
    expect((await publicCall(t, 'POST', `/api/public/orders/${a.trackingCode}/cancel`, { reason: '家里临时有事' })).json()).toMatchObject({ state: 'cancelled', canCancel: false });
    const b = await placeTestOrder(t, gridCode, offer.serviceId);
    const id = await orderIdOf(b.number);
    expect((await step(desk, id, 'cancel', {})).statusCode).toBe(400);
    expect((await step(desk, id, 'cancel', { reason: '居民电话取消' })).json().state).toBe('cancelled');
    expect((await publicCall(t, 'POST', `/api/public/orders/${b.trackingCode}/rating`, { rating: 'satisfied' })).statusCode).toBe(409);
  });

  it('is refused for a service the grid is not offered, a time past, and a wrong code', async () => {
    const wantedAt = new Date(Date.now() + 86_400_000).toISOString();
    const body = { serviceId: awayOffer.serviceId, wantedAt, address: '1号楼', phone: '13700001111' };
    expect((await publicCall(t, 'POST', `/api/public/grids/${gridCode}/orders`, body)).json().error.code).toBe('SERVICE_NOT_OFFERED');
    const past = await publicCall(t, 'POST', `/api/public/grids/${gridCode}/orders`, { ...body, serviceId: offer.serviceId, wantedAt: '2020-01-01T09:00:00+08:00' });
    expect(past.json().error.code).toBe('WANTED_IN_PAST');
    expect((await publicCall(t, 'GET', '/api/public/orders/ABCDEFGHJK')).statusCode).toBe(404);
  });

  it('a retried order (same Idempotency-Key) is one order with the same code', async () => {
    const wantedAt = new Date(Date.now() + 86_400_000).toISOString();
    const body = { serviceId: offer.serviceId, wantedAt, address: '5号楼1单元302', phone: '13500002222' };
    const headers = { 'idempotency-key': '1f6c3a9e-4d2b-4c8a-9b1e-2f3a4b5c6d7e' };
    const first = await publicCall(t, 'POST', `/api/public/grids/${gridCode}/orders`, body, headers);
    const again = await publicCall(t, 'POST', `/api/public/grids/${gridCode}/orders`, body, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), replayed: true });
  });

  it('is rate-limited per phone number', async () => {
    const wantedAt = new Date(Date.now() + 86_400_000).toISOString();
    const body = { serviceId: offer.serviceId, wantedAt, address: '7号楼', phone: '13600003333' };
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await publicCall(t, 'POST', `/api/public/grids/${gridCode}/orders`, body)).statusCode);
    expect(answers).toEqual([201, 201, 201, 201, 201, 429]);
  });
});

describe('scope', () => {
  it('another community’s desk neither sees nor steps on the order; a grid worker has no desk', async () => {
    const placed = await placeTestOrder(t, gridCode, offer.serviceId);
    const id = await orderIdOf(placed.number);
    expect((await awayDesk.get(`/api/shop/orders/${id}`)).statusCode).toBe(404);
    expect((await step(awayDesk, id, 'accept', {})).statusCode).toBe(404);
    expect((await awayDesk.get('/api/shop/orders?pageSize=100')).json().items.map((o: { id: number }) => o.id)).not.toContain(id);
    expect((await desk.get('/api/shop/orders?state=open&pageSize=100')).json().items.map((o: { id: number }) => o.id)).toContain(id);
    expect((await worker.get(`/api/shop/orders/${id}`)).statusCode).toBe(403);
  });
});

describe('late orders', () => {
  it('an order not taken in time becomes a case once, linked to the order; a taken one not done in time too', async () => {
    const writer = new IntakeWriter(t.database.db, 1);
    const deps = { db: t.database.db, crypto: t.crypto, timeZone: 'Asia/Shanghai', writer };
    // Everything due before then is late: the scan is run at an instant, not waited for.
    const later = new Date(Date.now() + 30 * 86_400_000);
    await scanLateOrders(deps, later); // the orders of the tests above
    const notTaken = await placeTestOrder(t, gridCode, offer.serviceId);
    const taken = await placeTestOrder(t, gridCode, offer.serviceId);
    const takenId = await orderIdOf(taken.number);
    await step(desk, takenId, 'accept', {});
    const notTakenId = await orderIdOf(notTaken.number);

    expect(await scanLateOrders(deps, new Date())).toBe(0);
    expect(await scanLateOrders(deps, later)).toBe(2);
    expect(await scanLateOrders(deps, later)).toBe(0);

    const order = (await desk.get(`/api/shop/orders/${notTakenId}`)).json();
    expect(order.lateCase.number).toMatch(/^\d{8}/);
    expect(order.events.at(-1)).toMatchObject({ action: 'late', data: { caseNumber: order.lateCase.number, step: 'accept' } });
    const [c] = await t.database.db.select().from(cases).where(eq(cases.id, order.lateCase.id));
    expect(c).toMatchObject({ source: 'resident', categoryKey: 'social:S02', state: 'reported', reporterName: '李阿姨' });
    expect(c!.description).toContain(notTaken.number);
    expect((await desk.get(`/api/shop/orders/${takenId}`)).json().events.at(-1).data.step).toBe('complete');
    // The case runs the normal loop: the community's secretary sees it like any other.
    expect((await desk.get(`/api/cases/${order.lateCase.id}`)).statusCode).toBe(200);
    expect((await desk.get('/api/shop/orders?late=true&pageSize=100')).json().items.map((o: { id: number }) => o.id)).toEqual(expect.arrayContaining([notTakenId, takenId]));
  });
});
