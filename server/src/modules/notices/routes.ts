// /api/notices — announcements (信息公布) for staff; /api/public/grids/:gridCode/notices — what the grid's residents read.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { consumeRate, type RateLimit } from '../../http/rate-limit.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['notices'];
const READ_LIMIT: RateLimit = { name: 'public-notices', limit: 300, windowMs: 10 * 60_000 };

export async function noticeRoutes(fastify: FastifyInstance, deps: service.NoticeDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const publish = { permission: 'notice.publish' } as const;

  app.get('/api/notices', { config: publish, schema: { tags, summary: '公告列表 Notices of the territory', querystring: s.NoticeListQuery, response: withErrors({ 200: s.NoticeList }) } }, async (request) =>
    service.listNotices(deps, actorOf(request), request.query),
  );
  app.post('/api/notices', { config: publish, schema: { tags, summary: '发布公告 Publish a notice', body: s.CreateNoticeBody, response: withErrors({ 201: s.Notice }) } }, async (request, reply) =>
    reply.status(201).send(await service.createNotice(deps, actorOf(request), request.body)),
  );
  app.get('/api/notices/:id', { config: publish, schema: { tags, summary: '公告 A notice', params: IdParams, response: withErrors({ 200: s.Notice }) } }, async (request) =>
    service.getNotice(deps, actorOf(request), request.params.id),
  );
  app.patch('/api/notices/:id', { config: publish, schema: { tags, summary: '修改公告 Edit a notice', params: IdParams, body: s.UpdateNoticeBody, response: withErrors({ 200: s.Notice }) } }, async (request) =>
    service.updateNotice(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/notices/:id/withdraw', { config: publish, schema: { tags, summary: '撤回公告 Withdraw a notice', params: IdParams, response: withErrors({ 200: s.Notice }) } }, async (request) =>
    service.withdrawNotice(deps, actorOf(request), request.params.id),
  );

  app.get('/api/public/grids/:gridCode/notices', { config: { auth: 'public' }, schema: { tags, summary: '社区公告（无需登录）Notices a grid’s residents read', params: s.GridParams, response: withErrors({ 200: s.PublicNoticeList }) } }, async (request, reply) => {
    await consumeRate(deps.db, READ_LIMIT, request.ip, reply);
    return service.publicNotices(deps, request.params.gridCode);
  });
  app.get('/api/public/grids/:gridCode/notices/:id', { config: { auth: 'public' }, schema: { tags, summary: '公告详情（无需登录）A notice', params: s.GridNoticeParams, response: withErrors({ 200: s.PublicNotice }) } }, async (request, reply) => {
    await consumeRate(deps.db, READ_LIMIT, request.ip, reply);
    return service.publicNotice(deps, request.params.gridCode, request.params.id);
  });
}
