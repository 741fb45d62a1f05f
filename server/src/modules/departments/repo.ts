// Department queries. A department belongs to a territory node; an actor sees departments owned
// inside their scope, owned by an ancestor of their scope (a street's 城管 serves its communities),
// or that they work for.
import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../actor.js';
import { departmentVisible as visible, inScope } from '../../scope/rules.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import { departments } from './tables.js';
import { orgUnits } from '../territory/index.js';

export type DepartmentRow = typeof departments.$inferSelect;

const columns = { department: departments, orgUnitName: orgUnits.name, orgUnitPath: orgUnits.path };

export async function listDepartments(db: DbOrTx, actor: Actor, f: { q?: string; includeRetired?: boolean }) {
  const where: (SQL | undefined)[] = [visible(actor)];
  if (!f.includeRetired) where.push(eq(departments.status, 'active'));
  if (f.q) where.push(ilike(departments.name, containsPattern(f.q)));
  return db
    .select(columns)
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
    .where(and(...where))
    .orderBy(asc(departments.id));
}

/** One department the actor may see; with manage, only those owned inside the actor's scope. */
export async function getDepartment(db: DbOrTx, actor: Actor, id: number, manage: boolean) {
  const [row] = await db
    .select(columns)
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
    .where(and(eq(departments.id, id), manage ? inScope(actor, orgUnits.path) : visible(actor)));
  return row ?? null;
}

export async function insertDepartment(db: DbOrTx, values: typeof departments.$inferInsert) {
  const [row] = await db.insert(departments).values(values).returning();
  return row!;
}

export async function updateDepartment(db: DbOrTx, id: number, patch: Partial<typeof departments.$inferInsert>) {
  const [row] = await db.update(departments).set({ ...patch, updatedAt: sql`now()` }).where(eq(departments.id, id)).returning();
  return row!;
}
