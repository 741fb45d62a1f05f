// /api/users and /api/roles.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['users'];

export async function userRoutes(fastify: FastifyInstance, { db }: { db: Db }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/roles', { schema: { tags, summary: '角色 Roles', response: withErrors({ 200: s.RoleList }) } }, async () => ({ items: service.listRoles() }));

  app.get(
    '/api/users',
    { config: { permission: 'user.read' }, schema: { tags, summary: '用户列表 Users', querystring: s.ListQuery, response: withErrors({ 200: s.UserList }) } },
    async (request) => service.listUsers(db, actorOf(request), { ...request.query, page: request.query.page ?? 1, pageSize: request.query.pageSize ?? 20 }),
  );

  app.get(
    '/api/users/:id',
    { config: { permission: 'user.read' }, schema: { tags, summary: '用户详情 User', params: IdParams, response: withErrors({ 200: s.User }) } },
    async (request) => service.getUser(db, actorOf(request), request.params.id),
  );

  app.post(
    '/api/users',
    { config: { permission: 'user.write' }, schema: { tags, summary: '新增用户 Create a user', body: s.CreateBody, response: withErrors({ 201: s.Created }) } },
    async (request, reply) => reply.status(201).send(await service.createUser(db, actorOf(request), request.body)),
  );

  app.patch(
    '/api/users/:id',
    { config: { permission: 'user.write' }, schema: { tags, summary: '修改用户 Update a user', params: IdParams, body: s.UpdateBody, response: withErrors({ 200: s.User }) } },
    async (request) => service.updateUser(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    { config: { permission: 'user.write' }, schema: { tags, summary: '重置密码 Reset password', params: IdParams, response: withErrors({ 200: s.PasswordReset }) } },
    async (request) => service.resetPassword(db, actorOf(request), request.params.id),
  );
}
