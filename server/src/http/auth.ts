// Authentication for every /api route: session cookie (with CSRF check on writes) or API token.
// Routes opt out with config.auth = 'public' and declare config.permission.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../../core/src/roles.js';
import { requirePermission, type Actor } from '../actor.js';
import type { Db } from '../db/client.js';
import { AppError, unauthenticated } from '../errors.js';
import { apiTokenActor, buildActor, resolveSession, SESSION_HOURS } from '../modules/auth/index.js';

export const SESSION_COOKIE = 'cg_session';
export const CSRF_COOKIE = 'cg_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'public': no sign-in needed. Default: a signed-in user. */
    auth?: 'public';
    /** The permission the route needs (403 without it). */
    permission?: Permission;
    /**
     * Deployment-wide settings (categories, the working calendar, level names, the tag catalogue,
     * the base map, webhooks): only a deployment-wide administrator (scope_all) may call the route,
     * whatever their role — a street's administrator has the permission for their street only.
     */
    deploymentWide?: true;
    /** Reachable while the user must still change the initial password. */
    allowPasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

const deploymentAdminOnly = () =>
  new AppError(403, 'DEPLOYMENT_ADMIN_ONLY', {
    zh: '该设置对全域生效，只有全域管理员可以修改',
    en: 'This setting applies to the whole deployment; only a deployment-wide administrator may change it',
  });

const csrfFailed = () =>
  new AppError(403, 'CSRF_FAILED', { zh: '安全校验失败，请刷新页面后重试', en: 'CSRF check failed; reload the page and retry' });

const passwordChangeRequired = () =>
  new AppError(403, 'PASSWORD_CHANGE_REQUIRED', { zh: '首次登录须先修改密码', en: 'Change your initial password first' });

export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, token: string, csrfToken: string) {
  const secure = request.protocol === 'https';
  const maxAge = SESSION_HOURS * 3600;
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge });
  reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure, maxAge });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

async function authenticate(db: Db, request: FastifyRequest): Promise<void> {
  const meta = { requestId: String(request.id), ip: request.ip };
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    const actor = await apiTokenActor(db, bearer, meta);
    if (!actor) throw unauthenticated();
    request.actor = actor;
    return;
  }
  const token = request.cookies[SESSION_COOKIE];
  const found = token ? await resolveSession(db, token) : null;
  if (!found) throw unauthenticated();
  // Double-submit: a cookie-authenticated write must echo the session's CSRF token in a header.
  if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== found.session.csrfToken) {
    throw csrfFailed();
  }
  request.actor = await buildActor(db, found.user, meta);
  request.sessionToken = token!;
  request.csrfToken = found.session.csrfToken;
}

export function installAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/') || config.auth === 'public') return;
    await authenticate(db, request);
    const actor = request.actor!;
    if (actor.mustChangePassword && !config.allowPasswordChange) throw passwordChangeRequired();
    if (config.permission) requirePermission(actor, config.permission);
    if (config.deploymentWide && !actor.scopeAll) throw deploymentAdminOnly();
  });
}

/** The actor of an authenticated route (the hook above guarantees it). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
