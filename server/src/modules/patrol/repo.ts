// Patrol queries. A patrol is its walker's own (by user id); supervisors read those under a node in
// their scope (the scope rule on the patrol's node, through scope/).
import { and, asc, count, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { ROLE_GROUPS } from '../../../../core/src/roles.js';
import type { Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { inScope, under } from '../../scope/index.js';
import { orgUnits } from '../territory/index.js';
import { userOrgUnits, users } from '../users/index.js';
import { patrolPoints, patrols } from './tables.js';

export type PatrolRow = typeof patrols.$inferSelect;

const pointCount = sql<number>`(select count(*)::int from patrol_points p where p.patrol_id = ${patrols.id})`;

/** The patrol of this uuid whoever walked it (to tell "someone else's" from "none"). */
export async function byUuid(db: DbOrTx, uuid: string, lock = false) {
  const q = db.select({ patrol: patrols, pointCount }).from(patrols).where(eq(patrols.uuid, uuid));
  const [row] = lock ? await q.for('update', { of: patrols }) : await q;
  return row ?? null;
}

export async function insertPatrol(db: DbOrTx, values: typeof patrols.$inferInsert) {
  // Two starts of one uuid at once: the second finds the first's row.
  await db.insert(patrols).values(values).onConflictDoNothing({ target: patrols.uuid });
}

/** Stores the points; a seq already there is ignored. Answers how many were new. */
export async function insertPoints(db: DbOrTx, rows: (typeof patrolPoints.$inferInsert)[]) {
  const added = await db.insert(patrolPoints).values(rows).onConflictDoNothing().returning({ seq: patrolPoints.seq });
  return added.length;
}

export async function pointsOf(db: DbOrTx, patrolIds: number[]) {
  if (patrolIds.length === 0) return [];
  return db
    .select({ patrolId: patrolPoints.patrolId, seq: patrolPoints.seq, at: patrolPoints.at, lng: patrolPoints.lng, lat: patrolPoints.lat, accuracy: patrolPoints.accuracy })
    .from(patrolPoints)
    .where(inArray(patrolPoints.patrolId, patrolIds))
    .orderBy(asc(patrolPoints.patrolId), asc(patrolPoints.seq));
}

export async function finish(db: DbOrTx, id: number, values: { endedAt: Date; distanceM: number; grids: unknown }) {
  await db.update(patrols).set(values).where(eq(patrols.id, id));
}

export async function mine(db: DbOrTx, userId: number, page: number, pageSize: number) {
  const [items, [total]] = await Promise.all([
    db.select({ patrol: patrols, pointCount }).from(patrols).where(eq(patrols.userId, userId)).orderBy(desc(patrols.startedAt), desc(patrols.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(patrols).where(eq(patrols.userId, userId)),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** Patrols started since `since` on nodes under `root` (itself resolved in scope). */
export async function patrolsUnder(db: DbOrTx, actor: Actor, rootPath: string, since: Date) {
  return db
    .select({ patrol: patrols })
    .from(patrols)
    .innerJoin(orgUnits, eq(orgUnits.id, patrols.orgUnitId))
    .where(and(gte(patrols.startedAt, since), inScope(actor, orgUnits.path), under(orgUnits.path, rootPath)))
    .orderBy(asc(patrols.startedAt), asc(patrols.id));
}

/** Active grid workers bound to nodes under `root`. */
export async function gridWorkersUnder(db: DbOrTx, actor: Actor, rootPath: string) {
  return db
    .selectDistinct({ userId: users.id, name: users.displayName })
    .from(users)
    .innerJoin(userOrgUnits, eq(userOrgUnits.userId, users.id))
    .innerJoin(orgUnits, eq(orgUnits.id, userOrgUnits.orgUnitId))
    .where(
      and(
        eq(users.status, 'active'),
        sql`${users.roles} && ${sql.raw(`array[${ROLE_GROUPS.gridWorkers.map((r) => `'${r}'`).join(',')}]::text[]`)}`,
        inScope(actor, orgUnits.path),
        under(orgUnits.path, rootPath),
      ),
    )
    .orderBy(asc(users.id));
}

export async function gridNames(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
