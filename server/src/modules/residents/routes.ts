// /api/public/resident: phone sign-in with a one-time code, the resident's session and profile.
// Their reports and requests are served by the modules that own them (cases, proxy).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { consumeRate, type RateLimit } from '../../http/rate-limit.js';
import { withErrors } from '../../http/schemas.js';
import { CodeBody, CodeSent, MeAnswer, SessionBody, SignedIn } from './schema.js';
import * as service from './service.js';
import { clearResidentCookie, RESIDENT_COOKIE, residentOf, setResidentCookie } from './session.js';

const tags = ['residents'];

/** Codes cost money and reach a stranger's phone: counted per client address and per phone number. */
export const RESIDENT_LIMITS = {
  codeByAddress: { name: 'resident-code-ip', limit: 20, windowMs: 60 * 60_000 },
  codeByPhone: { name: 'resident-code-phone', limit: 10, windowMs: 24 * 60 * 60_000 },
  signInByAddress: { name: 'resident-signin-ip', limit: 30, windowMs: 10 * 60_000 },
} satisfies Record<string, RateLimit>;

export async function residentRoutes(fastify: FastifyInstance, deps: service.ResidentDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/public/resident/codes',
    { config: { auth: 'public' }, schema: { tags, summary: '获取登录验证码 Text a sign-in code to a phone', body: CodeBody, response: withErrors({ 200: CodeSent }) } },
    async (request, reply) => {
      await consumeRate(deps.db, RESIDENT_LIMITS.codeByAddress, request.ip, reply);
      const phoneKey = service.phoneKey(deps, request.body.phone);
      await consumeRate(deps.db, RESIDENT_LIMITS.codeByPhone, phoneKey, reply);
      return service.sendCode(deps, request.body.phone);
    },
  );

  app.post(
    '/api/public/resident/sessions',
    { config: { auth: 'public' }, schema: { tags, summary: '验证码登录 Sign in with the code (the account is made at the first sign-in)', body: SessionBody, response: withErrors({ 200: SignedIn }) } },
    async (request, reply) => {
      await consumeRate(deps.db, RESIDENT_LIMITS.signInByAddress, request.ip, reply);
      const { token, profile } = await service.signIn(deps, request.body);
      setResidentCookie(request, reply, token);
      return { resident: profile };
    },
  );

  app.delete(
    '/api/public/resident/sessions/current',
    { config: { auth: 'public' }, schema: { tags, summary: '退出登录 Sign out' } },
    async (request, reply) => {
      const token = request.cookies[RESIDENT_COOKIE];
      if (token) await service.signOut(deps, token);
      clearResidentCookie(reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/public/resident/me',
    { config: { auth: 'public' }, schema: { tags, summary: '当前居民 The signed-in resident (null when signed out)', response: withErrors({ 200: MeAnswer }) } },
    async (request) => {
      const resident = residentOf(request);
      return { resident: resident ? await service.profile(deps, resident.residentId) : null };
    },
  );
}
