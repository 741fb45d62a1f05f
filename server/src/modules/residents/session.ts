// The resident's cookie session, apart from the staff session (http/auth.ts): its own cookie
// (cg_resident, HttpOnly, SameSite=Lax, sent only to /api/public), 30 days, stored hashed. Routes
// of any module ask `residentOf(request)` who the signed-in resident is. Writes need no CSRF token:
// the cookie is SameSite=Lax (a cross-site form post does not carry it) and the API reads JSON
// only, which a cross-site page cannot send without the browser asking first (CORS).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { resolveResident, SESSION_DAYS, type ResidentSession } from './service.js';

export const RESIDENT_COOKIE = 'cg_resident';
const COOKIE_PATH = '/api/public';

declare module 'fastify' {
  interface FastifyRequest {
    resident: ResidentSession | null;
  }
}

/** Reads the resident cookie of every /api/public request into `request.resident`. */
export function installResidentSession(app: FastifyInstance, deps: { db: Db; crypto: FieldCrypto }): void {
  app.decorateRequest('resident', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[RESIDENT_COOKIE];
    if (!token || !request.url.startsWith(`${COOKIE_PATH}/`)) return;
    request.resident = await resolveResident(deps, token);
  });
}

/** The signed-in resident of this request, or null (no cookie, or an ended session). */
export function residentOf(request: FastifyRequest): ResidentSession | null {
  return request.resident;
}

export const residentSignInRequired = () => new AppError(401, 'RESIDENT_SIGN_IN_REQUIRED', { zh: '请先用手机号登录', en: 'Sign in with your phone number first' });

/** The signed-in resident, or 401 RESIDENT_SIGN_IN_REQUIRED. */
export function requireResident(request: FastifyRequest): ResidentSession {
  const resident = residentOf(request);
  if (!resident) throw residentSignInRequired();
  return resident;
}

export function setResidentCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(RESIDENT_COOKIE, token, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: SESSION_DAYS * 86_400 });
}

export function clearResidentCookie(reply: FastifyReply): void {
  reply.clearCookie(RESIDENT_COOKIE, { path: COOKIE_PATH });
}
