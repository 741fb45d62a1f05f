// Queries behind sign-in, sessions and API tokens. These run before an actor exists, so they
// are keyed by credentials (username, hashed session id, hashed token), not by scope.
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { apiTokens, sessions } from './tables.js';
import { orgUnits } from '../territory/index.js';
import { userDepartments, userOrgUnits, users } from '../users/index.js';

export async function findUserByUsername(db: DbOrTx, username: string) {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row ?? null;
}

export async function findUserById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** The scope of a user: bound nodes (with paths) and departments. */
export async function loadUserScope(db: DbOrTx, userId: number) {
  const [nodes, depts] = await Promise.all([
    db
      .select({ orgUnitId: orgUnits.id, name: orgUnits.name, code: orgUnits.code, path: orgUnits.path })
      .from(userOrgUnits)
      .innerJoin(orgUnits, eq(orgUnits.id, userOrgUnits.orgUnitId))
      .where(eq(userOrgUnits.userId, userId)),
    db.select({ departmentId: userDepartments.departmentId }).from(userDepartments).where(eq(userDepartments.userId, userId)),
  ]);
  return { nodes, departmentIds: depts.map((d) => d.departmentId) };
}

export async function insertSession(
  db: DbOrTx,
  s: { id: string; userId: number; csrfToken: string; expiresAt: Date; ip: string; userAgent: string | null },
) {
  await db.insert(sessions).values(s);
}

export async function findLiveSession(db: DbOrTx, id: string) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, sql`now()`)));
  return row ?? null;
}

export async function extendSession(db: DbOrTx, id: string, expiresAt: Date) {
  await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a user, optionally keeping one (after a password change). */
export async function deleteUserSessions(db: DbOrTx, userId: number, keepId?: string) {
  const cond = keepId ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${keepId}`) : eq(sessions.userId, userId);
  const gone = await db.delete(sessions).where(cond).returning({ id: sessions.id });
  return gone.length;
}

export async function insertApiToken(db: DbOrTx, t: { userId: number; name: string; tokenHash: string; expiresAt: Date | null }) {
  const [row] = await db.insert(apiTokens).values(t).returning();
  return row!;
}

export async function findLiveApiToken(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    );
  return row ?? null;
}

export async function touchApiToken(db: DbOrTx, id: number) {
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, id));
}

export async function listApiTokens(db: DbOrTx, userId: number) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(apiTokens.id);
}

/** Revokes a token of this user; another user's token id answers like a missing one. */
export async function revokeApiToken(db: DbOrTx, userId: number, id: number) {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name });
  return rows[0] ?? null;
}
