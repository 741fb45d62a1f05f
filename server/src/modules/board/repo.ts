// Board queries. The summary and the latest list take the actor (the case module's visibility
// rule); the change feed is deployment-wide on purpose: one query serves every connected client,
// and each client is sent only the rows it may see (see feed.ts, stream.ts). The change log
// (case_changes, written by a trigger on cases) numbers the changes in commit order.
import { and, asc, desc, eq, gt, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { OPEN_STATES } from '../../../../core/src/cases/workflow.js';
import type { Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { cases } from '../cases/index.js';
import { orgUnits } from '../territory/index.js';
import { caseChanges } from './tables.js';
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
  reportedClientAt: cases.reportedClientAt,
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

/** Changes of cases after `seq`, in commit order, with the case as it is now. Unscoped: see the module comment. */
export async function changesAfter(db: DbOrTx, seq: number, limit: number) {
  return db
    .select({ ...feedColumns, seq: caseChanges.seq, changedAt: caseChanges.at })
    .from(caseChanges)
    .innerJoin(cases, eq(cases.id, caseChanges.caseId))
    .innerJoin(orgUnits, eq(orgUnits.id, cases.orgUnitId))
    .where(gt(caseChanges.seq, seq))
    .orderBy(asc(caseChanges.seq))
    .limit(limit);
}

export type FeedRecord = Awaited<ReturnType<typeof changesAfter>>[number];

/** The last change logged (0 for none). */
export async function lastSeq(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ seq: sql<number>`coalesce(max(${caseChanges.seq}), 0)::bigint` }).from(caseChanges);
  return Number(row?.seq ?? 0);
}

/** Whether the log still holds a change at or before `seq`: then nothing after it was pruned (rows go oldest first). */
export async function keptSince(db: DbOrTx, seq: number): Promise<boolean> {
  const [row] = await db.select({ seq: caseChanges.seq }).from(caseChanges).where(lte(caseChanges.seq, seq)).limit(1);
  return row !== undefined;
}

/** Drops the changes logged before `before`; answers how many. */
export async function pruneChanges(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db.delete(caseChanges).where(lt(caseChanges.at, before)).returning({ seq: caseChanges.seq });
  return rows.length;
}
