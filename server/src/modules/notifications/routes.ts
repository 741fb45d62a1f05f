// /api/notifications: the bell. Any signed-in user (no permission beyond signing in), own rows only.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pickLang } from '../../errors.js';
import { actorOf } from '../../http/auth.js';
import { withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['notifications'];
const langOf = (request: FastifyRequest) => pickLang(request.headers['accept-language'], request.cookies?.cg_lang);

export async function notificationRoutes(fastify: FastifyInstance, deps: service.NotificationDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/notifications',
    { schema: { tags, summary: '我的通知 My notifications, newest first', querystring: s.NotificationListQuery, response: withErrors({ 200: s.NotificationList }) } },
    async (request) => service.listNotifications(deps, actorOf(request), langOf(request), request.query),
  );

  app.get(
    '/api/notifications/unread-count',
    { schema: { tags, summary: '未读通知数 Unread count', response: withErrors({ 200: s.UnreadCount }) } },
    async (request) => service.unreadCount(deps, actorOf(request)),
  );

  app.post(
    '/api/notifications/read-all',
    { schema: { tags, summary: '全部标为已读 Mark all read', response: withErrors({ 200: s.ReadAllAnswer }) } },
    async (request) => service.markAllRead(deps, actorOf(request)),
  );

  app.post(
    '/api/notifications/:id/read',
    { schema: { tags, summary: '标为已读 Mark one read', params: s.NotificationParams, response: withErrors({ 200: s.Notification }) } },
    async (request) => service.markRead(deps, actorOf(request), langOf(request), request.params.id),
  );
}
