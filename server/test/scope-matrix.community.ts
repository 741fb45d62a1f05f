// Scope-matrix entries for the residents' side of a community: announcements (信息公布), questions
// and suggestions (咨询建议) and the 红色物业 service supermarket (providers, services, orders).
import type { TestApp } from './harness.js';
import type { ScopedEndpoint } from './scope-matrix.js';
import { systemActor } from '../src/actor.js';
import { desc, eq } from 'drizzle-orm';
import { consultations, shopOrders } from '../src/db/schema.js';
import { createNotice } from '../src/modules/notices/service.js';
import { ask } from '../src/modules/consultations/service.js';
import { IntakeWriter } from '../src/modules/cases/index.js';
import { placeOrder } from '../src/modules/shop/orders.js';
import { buildProvider } from '../src/modules/shop/test-factories.js';

/** The records of the community side in the fixture's grid, made by the services. */
export interface CommunityRecords {
  noticeId: number; // a notice of the fixture's grid
  consultationId: number; // a question asked in the grid
  providerId: number; // a provider registered with the grid
  serviceId: number; // its one service
  orderId: number; // an order of that service in the grid, waiting for 接单
}

export const MISSING_COMMUNITY: CommunityRecords = { noticeId: 2_000_000_101, consultationId: 2_000_000_102, providerId: 2_000_000_103, serviceId: 2_000_000_104, orderId: 2_000_000_105 };

let seq = 0;
export async function buildCommunityRecords(t: TestApp, grid: { id: number }): Promise<CommunityRecords> {
  const db = t.database.db;
  const sys = systemActor();
  const n = ++seq;
  const notice = await createNotice({ db, timeZone: 'Asia/Shanghai' }, sys, { orgUnitId: grid.id, title: `矩阵公告${n}`, body: '矩阵测试：停水通知', category: 'notice', publishOn: '2026-01-01', expireOn: null, pinned: false });
  const caseDeps = { db, crypto: t.crypto, timeZone: 'Asia/Shanghai' };
  await ask({ ...caseDeps, writer: new IntakeWriter(db, 1) }, `g${grid.id}`, { kind: 'question', text: `矩阵测试：咨询${n}`, phone: '13700000000' }, `matrix-ask-${n}-${Date.now()}`);
  const [c] = await db.select({ id: consultations.id }).from(consultations).where(eq(consultations.orgUnitId, grid.id)).orderBy(desc(consultations.id)).limit(1);
  const offer = await buildProvider(t, grid.id, `矩阵物业服务${n}`);
  const placed = await placeOrder(caseDeps, `g${grid.id}`, { serviceId: offer.serviceId, wantedAt: new Date(Date.now() + 86_400_000).toISOString(), address: '矩阵楼1单元101', phone: '13700000001' }, { requestId: 'matrix', ip: '127.0.0.1' });
  const [o] = await db.select({ id: shopOrders.id }).from(shopOrders).where(eq(shopOrders.number, placed.number));
  return { noticeId: notice.id, consultationId: c!.id, providerId: offer.providerId, serviceId: offer.serviceId, orderId: o!.id };
}

export const COMMUNITY_ENDPOINTS: ScopedEndpoint[] = [
  { name: 'GET notices', permission: 'notice.publish', lists: (b, f) => b.items.some((n: { id: number }) => n.id === f.noticeId), call: (c) => c.get('/api/notices?pageSize=100') },
  {
    name: 'POST notice',
    permission: 'notice.publish',
    call: (c, f) => c.post('/api/notices', { orgUnitId: f.communityId, title: '矩阵测试：供暖通知', body: '矩阵测试', category: 'notice', publishOn: '2026-12-01', expireOn: null, pinned: false }),
  },
  { name: 'GET notice', permission: 'notice.publish', call: (c, f) => c.get(`/api/notices/${f.noticeId}`) },
  { name: 'PATCH notice', permission: 'notice.publish', call: (c, f) => c.patch(`/api/notices/${f.noticeId}`, { pinned: true }) },
  { name: 'POST notice withdraw', permission: 'notice.publish', call: (c, f) => c.post(`/api/notices/${f.noticeId}/withdraw`) },

  { name: 'GET consultations', permission: 'consultation.answer', lists: (b, f) => b.items.some((x: { id: number }) => x.id === f.consultationId), call: (c) => c.get('/api/consultations?pageSize=100') },
  { name: 'GET consultation', permission: 'consultation.answer', call: (c, f) => c.get(`/api/consultations/${f.consultationId}`) },
  { name: 'POST consultation answer', permission: 'consultation.answer', call: (c, f) => c.post(`/api/consultations/${f.consultationId}/answer`, { answer: '矩阵测试：已答复' }) },
  { name: 'POST consultation to case', permission: 'consultation.answer', call: (c, f) => c.post(`/api/consultations/${f.consultationId}/case`, {}) },
  { name: 'POST consultation to proxy', permission: 'consultation.answer', call: (c, f, home) => c.post(`/api/consultations/${f.consultationId}/proxy`, { itemId: home.proxyItemId, answer: '矩阵测试：可代办' }) },

  { name: 'GET shop providers', permission: 'shop.manage', lists: (b, f) => b.items.some((p: { id: number }) => p.id === f.providerId), call: (c) => c.get('/api/shop/providers?pageSize=100') },
  {
    name: 'POST shop provider',
    permission: 'shop.manage',
    call: (c, f) => c.post('/api/shop/providers', { orgUnitId: f.nodeId, name: '矩阵家政服务部', kind: 'housekeeping', contactName: '孙经理', contactPhone: '0371-60000000', address: null, description: null }),
  },
  { name: 'GET shop provider', permission: 'shop.manage', call: (c, f) => c.get(`/api/shop/providers/${f.providerId}`) },
  { name: 'PATCH shop provider', permission: 'shop.manage', call: (c, f) => c.patch(`/api/shop/providers/${f.providerId}`, { description: '矩阵测试' }) },
  { name: 'POST shop service', permission: 'shop.manage', call: (c, f) => c.post(`/api/shop/providers/${f.providerId}/services`, { name: '擦玻璃', priceFen: 8000, unit: '次', description: null }) },
  { name: 'PATCH shop service', permission: 'shop.manage', call: (c, f) => c.patch(`/api/shop/providers/${f.providerId}/services/${f.serviceId}`, { priceFen: 6000 }) },
  { name: 'GET shop orders', permission: 'shop.manage', lists: (b, f) => b.items.some((o: { id: number }) => o.id === f.orderId), call: (c) => c.get('/api/shop/orders?pageSize=100') },
  { name: 'GET shop order', permission: 'shop.manage', call: (c, f) => c.get(`/api/shop/orders/${f.orderId}`) },
  { name: 'GET shop order phone', permission: 'shop.manage', call: (c, f) => c.get(`/api/shop/orders/${f.orderId}/phone`) },
  { name: 'POST shop order step', permission: 'shop.manage', call: (c, f) => c.post(`/api/shop/orders/${f.orderId}/actions/urge`, { note: '矩阵测试：请尽快接单' }) },
];
