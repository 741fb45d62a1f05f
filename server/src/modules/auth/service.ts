// Sign-in, sessions, password changes and API tokens; and turning credentials into an Actor.
import { permissionsOf, isRoleKey, type RoleKey } from '../../../../core/src/roles.js';
import { passwordProblem } from '../../../../core/src/password-policy.js';
import { topmostPaths } from '../../../../core/src/ltree.js';
import type { Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './repo.js';
import { recordSuccessfulLogin, setPassword } from '../users/index.js';
import { recordFailure, recordSuccess, throttled, waitBeforeAttempt } from './throttle.js';
import { burnVerify, hashPassword, verifyPassword } from './password.js';
import { API_TOKEN_PREFIX, randomToken, sha256 } from './tokens.js';

export const SESSION_HOURS = 12;

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>;

export interface RequestMeta {
  requestId: string;
  ip: string;
  userAgent: string | null;
}

const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', { zh: '用户名或密码错误', en: 'Wrong username or password' });

export function passwordPolicyError(problem: string) {
  const text: Record<string, { zh: string; en: string }> = {
    TOO_SHORT: { zh: '密码至少 10 位', en: 'The password needs at least 10 characters' },
    TOO_LONG: { zh: '密码不能超过 128 位', en: 'The password may not exceed 128 characters' },
    NEEDS_LETTER_AND_DIGIT: { zh: '密码须同时包含字母和数字', en: 'The password needs letters and digits' },
    SAME_AS_USERNAME: { zh: '密码不能包含用户名', en: 'The password may not contain the username' },
  };
  return new AppError(400, 'WEAK_PASSWORD', text[problem] ?? text.TOO_SHORT!, { problem });
}

export async function buildActor(db: Db, user: UserRow, meta: { requestId: string; ip: string }): Promise<Actor> {
  const scope = await repo.loadUserScope(db, user.id);
  const roles = user.roles.filter(isRoleKey) as RoleKey[];
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles,
    permissions: new Set(permissionsOf(roles)),
    scopeAll: user.scopeAll,
    scopePaths: topmostPaths(scope.nodes.map((n) => n.path)),
    departmentIds: scope.departmentIds,
    mustChangePassword: user.mustChangePassword,
    requestId: meta.requestId,
    ip: meta.ip,
  };
}

/** The profile the console shows for the signed-in user. */
export async function presentMe(db: Db, actor: Actor) {
  const scope = await repo.loadUserScope(db, actor.userId);
  const depts = actor.departmentIds.length
    ? await db.query.departments.findMany({ where: (d, { inArray }) => inArray(d.id, actor.departmentIds) })
    : [];
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    mustChangePassword: actor.mustChangePassword,
    scopeAll: actor.scopeAll,
    scopes: scope.nodes.map((n) => ({ orgUnitId: n.orgUnitId, name: n.name, code: n.code })),
    departments: depts.map((d) => ({ id: d.id, name: d.name })),
  };
}

/** The one answer for an unknown name, a retired account and a wrong password. */
async function failSignIn(db: Db, input: { username: string }, meta: RequestMeta, userId: number | null, why: 'unknown' | 'inactive' | 'password'): Promise<never> {
  await db.transaction(async (tx) => {
    await recordFailure(tx, input.username, meta.ip);
    await recordAudit(tx, signInAttempt(input.username, meta), {
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: userId,
      scopePath: null,
      after: { username: input.username.slice(0, 32), why, userAgent: meta.userAgent?.slice(0, 120) ?? null },
    });
  });
  throw invalidCredentials();
}

/** Who a failed sign-in was: nobody signed in, from this address (for the audit row). */
function signInAttempt(username: string, meta: RequestMeta): Actor {
  return {
    userId: 0, username: username.slice(0, 32), displayName: '登录尝试', roles: [], permissions: new Set(), scopeAll: false,
    scopePaths: [], departmentIds: [], mustChangePassword: false, requestId: meta.requestId, ip: meta.ip,
  };
}

export async function login(db: Db, input: { username: string; password: string }, meta: RequestMeta) {
  // Throttled before anything is looked up: the wait is the same for known and unknown names.
  const wait = await waitBeforeAttempt(db, input.username, meta.ip);
  if (wait > 0) throw throttled(wait);
  const user = await repo.findUserByUsername(db, input.username);
  if (!user || user.status !== 'active') {
    await burnVerify(input.password);
    return failSignIn(db, input, meta, user?.id ?? null, user ? 'inactive' : 'unknown');
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) return failSignIn(db, input, meta, user.id, 'password');
  await recordSuccess(db, input.username, meta.ip);
  const token = randomToken();
  const csrfToken = randomToken(24);
  const actor = await buildActor(db, user, meta);
  await db.transaction(async (tx) => {
    await recordSuccessfulLogin(tx, user.id);
    await repo.insertSession(tx, {
      id: sha256(token),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(tx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id, scopePath: null });
  });
  return { token, csrfToken, actor };
}

/** Resolves a session cookie into its user and CSRF token; sliding expiry past half-life. */
export async function resolveSession(db: Db, token: string) {
  const session = await repo.findLiveSession(db, sha256(token));
  if (!session) return null;
  const user = await repo.findUserById(db, session.userId);
  if (!user || user.status !== 'active') return null;
  const left = session.expiresAt.getTime() - Date.now();
  if (left < (SESSION_HOURS * 3600_000) / 2) {
    await repo.extendSession(db, session.id, new Date(Date.now() + SESSION_HOURS * 3600_000));
  }
  return { session, user };
}

// Machine clients send a token with every request (a 12345 gateway posts reports all day): the
// token, user and scope are read once and trusted for API_TOKEN_CACHE_MS, and last_used_at is
// written at most once a minute. A revoked token or a deactivated user stops working on this
// instance at once and on other instances within API_TOKEN_CACHE_MS.
export const API_TOKEN_CACHE_MS = 5_000;
const API_TOKEN_TOUCH_MS = 60_000;
const API_TOKEN_CACHE_MAX = 10_000;
interface CachedToken {
  until: number;
  found: { token: Awaited<ReturnType<typeof repo.findLiveApiToken>> & object; user: UserRow };
  actor: Actor;
}
const apiTokenCache = new Map<string, CachedToken>();
const apiTokenTouched = new Map<number, number>();

/** Forgets every cached token (a token was revoked, a user changed). */
export function forgetApiTokens(): void {
  apiTokenCache.clear();
}

/** The actor of an API token, from the cache above when fresh. */
export async function apiTokenActor(db: Db, token: string, meta: { requestId: string; ip: string }): Promise<Actor | null> {
  const key = sha256(token);
  const now = Date.now();
  const hit = apiTokenCache.get(key);
  if (hit && hit.until > now && (!hit.found.token.expiresAt || hit.found.token.expiresAt.getTime() > now)) {
    return { ...hit.actor, requestId: meta.requestId, ip: meta.ip };
  }
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await repo.findLiveApiToken(db, key);
  if (!row) return null;
  const user = await repo.findUserById(db, row.userId);
  if (!user || user.status !== 'active') return null;
  if ((apiTokenTouched.get(row.id) ?? 0) + API_TOKEN_TOUCH_MS <= now) {
    apiTokenTouched.set(row.id, now);
    await repo.touchApiToken(db, row.id);
  }
  const actor = await buildActor(db, user, meta);
  if (apiTokenCache.size >= API_TOKEN_CACHE_MAX) apiTokenCache.clear();
  apiTokenCache.set(key, { until: now + API_TOKEN_CACHE_MS, found: { token: row, user }, actor });
  return actor;
}

export async function logout(db: Db, sessionToken: string) {
  await repo.deleteSession(db, sha256(sessionToken));
}

export async function logoutEverywhere(db: Db, actor: Actor) {
  await db.transaction(async (tx) => {
    const ended = await repo.deleteUserSessions(tx, actor.userId);
    await recordAudit(tx, actor, { action: 'auth.logout_all', entityType: 'user', entityId: actor.userId, scopePath: null, after: { sessionsEnded: ended } });
  });
}

export async function changePassword(
  db: Db,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionToken: string | null,
) {
  const user = await repo.findUserById(db, actor.userId);
  if (!user) throw notFound();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError(400, 'WRONG_PASSWORD', { zh: '当前密码不正确', en: 'The current password is wrong' });
  }
  const problem = passwordProblem(input.newPassword, user.username);
  if (problem) throw passwordPolicyError(problem);
  if (input.newPassword === input.currentPassword) {
    throw new AppError(400, 'SAME_PASSWORD', { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await setPassword(tx, user.id, passwordHash, false);
    // Other devices signed in with the old password are signed out.
    await repo.deleteUserSessions(tx, user.id, keepSessionToken ? sha256(keepSessionToken) : undefined);
    await recordAudit(tx, actor, { action: 'auth.password_change', entityType: 'user', entityId: user.id, scopePath: null });
  });
}

export async function createApiToken(db: Db, actor: Actor, input: { name: string; expiresInDays?: number }) {
  const token = API_TOKEN_PREFIX + randomToken();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  return db.transaction(async (tx) => {
    const row = await repo.insertApiToken(tx, { userId: actor.userId, name: input.name, tokenHash: sha256(token), expiresAt });
    await recordAudit(tx, actor, { action: 'auth.token_create', entityType: 'api_token', entityId: row.id, scopePath: null, after: { name: row.name, expiresAt } });
    return { id: row.id, name: row.name, token, expiresAt: row.expiresAt };
  });
}

export const listApiTokens = (db: Db, actor: Actor) => repo.listApiTokens(db, actor.userId);

export async function revokeApiToken(db: Db, actor: Actor, id: number) {
  forgetApiTokens();
  await db.transaction(async (tx) => {
    const row = await repo.revokeApiToken(tx, actor.userId, id);
    if (!row) throw notFound({ zh: '令牌', en: 'Token' });
    await recordAudit(tx, actor, { action: 'auth.token_revoke', entityType: 'api_token', entityId: id, scopePath: null, before: row });
  });
}
