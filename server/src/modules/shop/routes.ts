// /api/shop — the 红色物业 service supermarket for the community's service desk (providers, services,
// orders and their steps); /api/public/… — a grid's residents see the shelves, order, follow, rate.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { actorOf } from '../../http/auth.js';
import { consumeRate, type RateLimit } from '../../http/rate-limit.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { residentOf } from '../residents/index.js';
import * as orders from './orders.js';
import * as providers from './providers.js';
import * as s from './schema.js';

const tags = ['shop'];

/** Per address and per phone number: a household orders a few services a day. */
export const SHOP_LIMITS = {
  order: { name: 'public-order', limit: 10, windowMs: 10 * 60_000 },
  orderPhone: { name: 'public-order-phone', limit: 5, windowMs: 60 * 60_000 },
  read: { name: 'public-shop-read', limit: 300, windowMs: 10 * 60_000 },
  step: { name: 'public-order-step', limit: 20, windowMs: 10 * 60_000 },
} satisfies Record<string, RateLimit>;

export async function shopRoutes(fastify: FastifyInstance, deps: orders.OrderDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const manage = { permission: 'shop.manage' } as const;
  const meta = (request: { id: string; ip: string }) => ({ requestId: String(request.id), ip: request.ip });

  app.get('/api/shop/providers', { config: manage, schema: { tags, summary: '服务商 Providers of the territory', querystring: s.ProviderListQuery, response: withErrors({ 200: s.ProviderList }) } }, async (request) =>
    providers.listProviders(deps, actorOf(request), request.query),
  );
  app.post('/api/shop/providers', { config: manage, schema: { tags, summary: '登记服务商 Register a provider', body: s.CreateProviderBody, response: withErrors({ 201: s.Provider }) } }, async (request, reply) =>
    reply.status(201).send(await providers.createProvider(deps, actorOf(request), request.body)),
  );
  app.get('/api/shop/providers/:id', { config: manage, schema: { tags, summary: '服务商 A provider and its services', params: IdParams, response: withErrors({ 200: s.Provider }) } }, async (request) =>
    providers.getProvider(deps, actorOf(request), request.params.id),
  );
  app.patch('/api/shop/providers/:id', { config: manage, schema: { tags, summary: '修改服务商 Edit or retire a provider', params: IdParams, body: s.UpdateProviderBody, response: withErrors({ 200: s.Provider }) } }, async (request) =>
    providers.updateProvider(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/shop/providers/:id/services', { config: manage, schema: { tags, summary: '添加服务项目 Add a service', params: IdParams, body: s.CreateServiceBody, response: withErrors({ 201: s.Provider }) } }, async (request, reply) =>
    reply.status(201).send(await providers.addService(deps, actorOf(request), request.params.id, request.body)),
  );
  app.patch('/api/shop/providers/:id/services/:serviceId', { config: manage, schema: { tags, summary: '修改服务项目 Edit or retire a service', params: s.ServiceParams, body: s.UpdateServiceBody, response: withErrors({ 200: s.Provider }) } }, async (request) =>
    providers.updateService(deps, actorOf(request), request.params.id, request.params.serviceId, request.body),
  );

  app.get('/api/shop/orders', { config: manage, schema: { tags, summary: '服务订单 Orders of the territory', querystring: s.OrderListQuery, response: withErrors({ 200: s.OrderList }) } }, async (request) =>
    orders.listOrders(deps, actorOf(request), request.query),
  );
  app.get('/api/shop/orders/:id', { config: manage, schema: { tags, summary: '服务订单 An order with its timeline', params: IdParams, response: withErrors({ 200: s.OrderDetail }) } }, async (request) =>
    orders.getOrder(deps, actorOf(request), request.params.id),
  );
  app.get('/api/shop/orders/:id/phone', { config: manage, schema: { tags, summary: '查看居民电话（留痕）The resident’s phone number (audited)', params: IdParams, response: withErrors({ 200: Type.Object({ phone: Type.String() }) }) } }, async (request) =>
    orders.revealPhone(deps, actorOf(request), request.params.id),
  );
  app.post('/api/shop/orders/:id/actions/:action', { config: manage, schema: { tags, summary: '接单、完成、催单、改派、取消、回访 One workflow step', params: s.OrderActionParams, body: s.OrderActionBody, response: withErrors({ 200: s.OrderDetail }) } }, async (request) =>
    orders.runOrderAction(deps, actorOf(request), request.params.id, request.params.action, request.body),
  );

  // Residents, without an account.
  app.get('/api/public/grids/:gridCode/shop', { config: { auth: 'public' }, schema: { tags, summary: '便民服务超市（无需登录）The providers and services of a grid', params: s.GridParams, response: withErrors({ 200: s.PublicShop }) } }, async (request, reply) => {
    await consumeRate(deps.db, SHOP_LIMITS.read, request.ip, reply);
    return providers.publicShop(deps, request.params.gridCode);
  });
  app.post(
    '/api/public/grids/:gridCode/orders',
    { config: { auth: 'public' }, schema: { tags, summary: '点单（无需登录）Order a service; returns a tracking code (Idempotency-Key header)', params: s.GridParams, body: s.OrderBody, response: withErrors({ 200: s.OrderAnswer, 201: s.OrderAnswer }) } },
    async (request, reply) => {
      await consumeRate(deps.db, SHOP_LIMITS.order, request.ip, reply);
      await consumeRate(deps.db, SHOP_LIMITS.orderPhone, deps.crypto.hash(request.body.phone), reply);
      const key = request.headers['idempotency-key'];
      const answer = await orders.placeOrder(deps, request.params.gridCode, request.body, { ...meta(request), idempotencyKey: typeof key === 'string' ? key : undefined, residentId: residentOf(request)?.residentId ?? null });
      return reply.status(answer.replayed ? 200 : 201).send(answer);
    },
  );
  app.get('/api/public/orders/:code', { config: { auth: 'public' }, schema: { tags, summary: '凭查询码查看订单 An order, by tracking code', params: s.CodeParams, response: withErrors({ 200: s.PublicOrder }) } }, async (request, reply) => {
    await consumeRate(deps.db, SHOP_LIMITS.read, request.ip, reply);
    return orders.publicOrder(deps, request.params.code);
  });
  app.post('/api/public/orders/:code/rating', { config: { auth: 'public' }, schema: { tags, summary: '评价订单 Rate a completed order', params: s.CodeParams, body: s.PublicRatingBody, response: withErrors({ 200: s.PublicOrder }) } }, async (request, reply) => {
    await consumeRate(deps.db, SHOP_LIMITS.step, request.ip, reply);
    return orders.customerAction(deps, request.params.code, 'rate', request.body, meta(request));
  });
  app.post('/api/public/orders/:code/cancel', { config: { auth: 'public' }, schema: { tags, summary: '取消订单 Cancel an open order', params: s.CodeParams, body: s.PublicCancelBody, response: withErrors({ 200: s.PublicOrder }) } }, async (request, reply) => {
    await consumeRate(deps.db, SHOP_LIMITS.step, request.ip, reply);
    return orders.customerAction(deps, request.params.code, 'cancel', request.body, meta(request));
  });
}
