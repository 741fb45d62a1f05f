// User queries, scoped: an actor sees users who work somewhere inside the actor's subtrees.
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../actor.js';
import { userVisible as visible, under } from '../../scope/rules.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import { departments } from '../departments/index.js';
import { orgUnits } from '../territory/index.js';
import { userDepartments, userOrgUnits, users } from './tables.js';

export type UserRow = typeof users.$inferSelect;

export interface UserFilter {
  q?: string;
  role?: string;
  orgUnitId?: number;
  status?: string;
  page: number;
  pageSize: number;
}

export async function listUsers(db: DbOrTx, actor: Actor, f: UserFilter) {
  const where: (SQL | undefined)[] = [visible(actor)];
  if (f.q) {
    const like = containsPattern(f.q);
    where.push(or(ilike(users.username, like), ilike(users.displayName, like)));
  }
  if (f.role) where.push(sql`${f.role} = any(${users.roles})`);
  if (f.status) where.push(eq(users.status, f.status));
  if (f.orgUnitId !== undefined) {
    where.push(sql`exists (select 1 from ${userOrgUnits} uo join ${orgUnits} o on o.id = uo.org_unit_id
      where uo.user_id = ${users.id} and ${under(sql`o.path`, sql`(select path from ${orgUnits} where id = ${f.orgUnitId})`)})`);
  }
  const cond = and(...where);
  const [items, [count]] = await Promise.all([
    db.select().from(users).where(cond).orderBy(asc(users.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(users).where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function getUser(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db.select().from(users).where(and(eq(users.id, id), visible(actor)));
  return row ?? null;
}

export async function usernameTaken(db: DbOrTx, username: string) {
  // Unscoped on purpose: usernames are unique across the deployment.
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row !== undefined;
}

/** Scope nodes and departments of the given users, for presenting them. */
export async function scopesOf(db: DbOrTx, userIds: number[]) {
  if (userIds.length === 0) return { nodes: [], depts: [] };
  const [nodes, depts] = await Promise.all([
    db
      .select({ userId: userOrgUnits.userId, orgUnitId: orgUnits.id, name: orgUnits.name, code: orgUnits.code, path: orgUnits.path })
      .from(userOrgUnits)
      .innerJoin(orgUnits, eq(orgUnits.id, userOrgUnits.orgUnitId))
      .where(inArray(userOrgUnits.userId, userIds)),
    db
      .select({ userId: userDepartments.userId, id: departments.id, name: departments.name })
      .from(userDepartments)
      .innerJoin(departments, eq(departments.id, userDepartments.departmentId))
      .where(inArray(userDepartments.userId, userIds)),
  ]);
  return { nodes, depts };
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function updateUser(db: DbOrTx, id: number, patch: Partial<typeof users.$inferInsert>) {
  const [row] = await db.update(users).set({ ...patch, updatedAt: sql`now()` }).where(eq(users.id, id)).returning();
  return row!;
}

export async function replaceScopes(db: DbOrTx, userId: number, orgUnitIds?: number[], departmentIds?: number[]) {
  if (orgUnitIds) {
    await db.delete(userOrgUnits).where(eq(userOrgUnits.userId, userId));
    if (orgUnitIds.length) await db.insert(userOrgUnits).values(orgUnitIds.map((orgUnitId) => ({ userId, orgUnitId })));
  }
  if (departmentIds) {
    await db.delete(userDepartments).where(eq(userDepartments.userId, userId));
    if (departmentIds.length) await db.insert(userDepartments).values(departmentIds.map((departmentId) => ({ userId, departmentId })));
  }
}

/** How many visible, active users hold each role (the console overview). */
export async function countByRole(db: DbOrTx, actor: Actor) {
  return db
    .select({ role: sql<string>`unnest(${users.roles})`.as('role'), n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(visible(actor), eq(users.status, 'active')))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}

export async function recordSuccessfulLogin(db: DbOrTx, userId: number) {
  await db
    .update(users)
    .set({ lastLoginAt: sql`now()` })
    .where(eq(users.id, userId));
}

export async function setPassword(db: DbOrTx, userId: number, passwordHash: string, mustChange: boolean) {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: mustChange, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}
