// /api/auth: sign-in and sign-out, the current user, password change, API tokens.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Db } from '../../db/client.js';
import { actorOf, clearSessionCookies, setSessionCookies } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { LoginBody, MeResponse, PasswordBody, TokenBody, TokenCreated, TokenItem } from './schema.js';
import * as service from './service.js';

const tags = ['auth'];

/**
 * The User-Agent kept with a session and a failed sign-in: a caller's free text, so only printable
 * ASCII (anything else becomes '?') and at most 300 characters; absent or empty is null.
 */
export function userAgentOf(header: string | undefined): string | null {
  const text = (header ?? '').replace(/[^\x20-\x7e]/g, '?').slice(0, 300).trim();
  return text || null;
}

export async function authRoutes(fastify: FastifyInstance, { db }: { db: Db }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/auth/login',
    { config: { auth: 'public' }, schema: { tags, summary: '登录 Sign in', body: LoginBody, response: withErrors({ 200: MeResponse }) } },
    async (request, reply) => {
      const meta = { requestId: String(request.id), ip: request.ip, userAgent: userAgentOf(request.headers['user-agent']) };
      const { token, csrfToken, actor } = await service.login(db, request.body, meta);
      setSessionCookies(request, reply, token, csrfToken);
      return { user: await service.presentMe(db, actor), csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { allowPasswordChange: true }, schema: { tags, summary: '退出登录 Sign out' } },
    async (request, reply) => {
      if (request.sessionToken) await service.logout(db, request.sessionToken);
      clearSessionCookies(reply);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/logout-all',
    { config: { allowPasswordChange: true }, schema: { tags, summary: '退出所有设备 Sign out everywhere' } },
    async (request, reply) => {
      await service.logoutEverywhere(db, actorOf(request));
      clearSessionCookies(reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { config: { allowPasswordChange: true }, schema: { tags, summary: '当前用户 Current user', response: withErrors({ 200: MeResponse }) } },
    async (request) => ({ user: await service.presentMe(db, actorOf(request)), csrfToken: request.csrfToken }),
  );

  app.post(
    '/api/auth/password',
    { config: { allowPasswordChange: true }, schema: { tags, summary: '修改密码 Change password', body: PasswordBody } },
    async (request, reply) => {
      await service.changePassword(db, actorOf(request), request.body, request.sessionToken);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/tokens',
    { schema: { tags, summary: '我的 API 令牌 My API tokens', response: withErrors({ 200: Type.Object({ items: Type.Array(TokenItem) }) }) } },
    async (request) => ({ items: await service.listApiTokens(db, actorOf(request)) }),
  );

  app.post(
    '/api/auth/tokens',
    { schema: { tags, summary: '创建 API 令牌 Create an API token', body: TokenBody, response: withErrors({ 201: TokenCreated }) } },
    async (request, reply) => reply.status(201).send(await service.createApiToken(db, actorOf(request), request.body)),
  );

  app.delete(
    '/api/auth/tokens/:id',
    { schema: { tags, summary: '吊销 API 令牌 Revoke an API token', params: IdParams } },
    async (request, reply) => {
      await service.revokeApiToken(db, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
