// Board queries. The summary and the latest list take the actor (the case module's visibility
// rule); the change feed is deployment-wide on purpose: one query serves every connected client,
// and each client is sent only the rows it may see (see feed.ts, stream.ts).
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { OPEN_STATES } from '../../../../core/src/cases/workflow.js';
import type { Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { cases } from '../cases/index.js';
import { orgUnits } from '../territory/index.js';
import { caseVisible as visibleTo, coordinationDepartmentsSql, under } from '../../scope/rules.js';

export function boardWhere(actor: Actor, nodePath: string | null): SQL {
  return and(visibleTo(actor), nodePath ? under(cases.orgPath, nodePath) : undefined)!;
}

/** Counts per state and deadline colour (open states only; 'none' without a deadline), and today's flow. */
export async function counts(db: DbOrTx, actor: Actor, nodePath: string | null, now: Date, dayStart: Date) {
  const iso = now.toISOString();
  const day = dayStart.toISOString();
  const colour = sql<string | null>`case
    when not (${inArray(cases.state, [...OPEN_STATES])}) then null
    when ${cases.deadlineAt} is null then 'none'
    when ${cases.deadlineAt} <= ${iso}::timestamptz then 'red'
    when ${cases.deadlineWarnAt} <= ${iso}::timestamptz then 'yellow'
    else 'green' end`;
  return db
    .select({
      state: cases.state,
      colour,
      n: sql<number>`count(*)::int`,
      reportedToday: sql<number>`(count(*) filter (where ${cases.reportedAt} >= ${day}::timestamptz))::int`,
      closedToday: sql<number>`(count(*) filter (where ${cases.closedAt} >= ${day}::timestamptz))::int`,
    })
    .from(cases)
    .where(boardWhere(actor, nodePath))
    .groupBy(cases.state, sql`2`);
}

/** The columns of a board row (and, for the feed, of the visibility check). */
export const rowColumns = {
  id: cases.id,
  number: cases.number,
  categoryKey: cases.categoryKey,
  state: cases.state,
  priority: cases.priority,
  address: cases.address,
  description: sql<string>`left(${cases.description}, 100)`,
  orgUnitId: cases.orgUnitId,
  orgUnitName: orgUnits.name,
  reportedAt: cases.reportedAt,
  updatedAt: cases.updatedAt,
  deadlineAt: cases.deadlineAt,
  deadlineWarnAt: cases.deadlineWarnAt,
};

export async function latest(db: DbOrTx, actor: Actor, nodePath: string | null, limit: number) {
  return db
    .select(rowColumns)
    .from(cases)
    .innerJoin(orgUnits, eq(orgUnits.id, cases.orgUnitId))
    .where(boardWhere(actor, nodePath))
    .orderBy(desc(cases.updatedAt), desc(cases.id))
    .limit(limit);
}

export type BoardRecord = Awaited<ReturnType<typeof latest>>[number];

const feedColumns = {
  ...rowColumns,
  version: cases.version,
  orgPath: cases.orgPath,
  handlingUnitType: cases.handlingUnitType,
  handlingUnitId: cases.handlingUnitId,
  reporterUserId: cases.reporterUserId,
  // Departments asked to coordinate see the case too (seesCase needs them).
  coordinationDepartmentIds: coordinationDepartmentsSql(sql.raw('"cases"."id"')),
};

export type FeedRecord = Awaited<ReturnType<typeof changedAfter>>[number];

/** Cases changed after the cursor, in (updated_at, id) order. Unscoped: see the module comment. */
export async function changedAfter(db: DbOrTx, at: Date, id: number, limit: number) {
  return db
    .select(feedColumns)
    .from(cases)
    .innerJoin(orgUnits, eq(orgUnits.id, cases.orgUnitId))
    .where(sql`(${cases.updatedAt}, ${cases.id}) > (${at.toISOString()}::timestamptz, ${id})`)
    .orderBy(cases.updatedAt, cases.id)
    .limit(limit);
}

/**
 * Cases at or before the cursor that may have committed late: changed within `since`…cursor, or
 * inserted with an id above `maxId` whatever their updated_at (a writer with an explicit clock).
 */
export async function lateChanges(db: DbOrTx, since: Date, at: Date, id: number, maxId: number, limit: number) {
  return db
    .select(feedColumns)
    .from(cases)
    .innerJoin(orgUnits, eq(orgUnits.id, cases.orgUnitId))
    .where(
      sql`(${cases.updatedAt} > ${since.toISOString()}::timestamptz or ${cases.id} > ${maxId}) and (${cases.updatedAt}, ${cases.id}) <= (${at.toISOString()}::timestamptz, ${id})`,
    )
    .orderBy(desc(cases.updatedAt), desc(cases.id))
    .limit(limit);
}

/** Where the feed starts: the last change and the highest id now. */
export async function feedStart(db: DbOrTx) {
  const [last] = await db.select({ at: cases.updatedAt, id: cases.id }).from(cases).orderBy(desc(cases.updatedAt), desc(cases.id)).limit(1);
  const [top] = await db.select({ id: sql<number>`coalesce(max(${cases.id}), 0)::int` }).from(cases);
  return { at: last?.at ?? new Date(0), id: last?.id ?? 0, maxId: top?.id ?? 0 };
}
