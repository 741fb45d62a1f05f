// Case queries. Every read takes the actor and adds `caseVisible` (server/src/scope/rules.ts): a case
// is visible in the actor's territory scope, to the departments it is dispatched to or asks to
// coordinate, and to its reporter.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { OPEN_STATES, TERMINAL_STATES } from '../../../../core/src/cases/workflow.js';
import type { Actor } from '../../actor.js';
import { caseVisible as visibleTo, scoped } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { caseCoordination, caseCounters, caseEvents, caseExtensions, casePhotos, cases } from './tables.js';
import type { Queue } from './schema.js';

export type CaseRecord = typeof cases.$inferSelect;

const intArray = (ids: readonly number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

export async function findCase(db: DbOrTx, actor: Actor, id: number, lock = false): Promise<CaseRecord | null> {
  return scoped(db, actor).findCase(id, { lock });
}

/** A case by id without the visibility rule: only for callers that proved a right to it otherwise (a tracking code). */
export async function findCaseById(db: DbOrTx, id: number, lock = false): Promise<CaseRecord | null> {
  const q = db.select().from(cases).where(eq(cases.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Reserves `count` consecutive sequence numbers of a reporting date; returns the first. */
export async function reserveNumbers(tx: DbOrTx, day: string, count: number): Promise<number> {
  const [row] = await tx
    .insert(caseCounters)
    .values({ day, last: count })
    .onConflictDoUpdate({ target: caseCounters.day, set: { last: sql`${caseCounters.last} + ${count}` } })
    .returning({ last: caseCounters.last });
  return row!.last - count + 1;
}

export async function insertEvents(tx: DbOrTx, rows: (typeof caseEvents.$inferInsert)[]) {
  if (rows.length) await tx.insert(caseEvents).values(rows);
}

export async function timeline(db: DbOrTx, caseId: number) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}

export async function photosOf(db: DbOrTx, caseId: number): Promise<number[]> {
  const rows = await db.select({ id: casePhotos.id }).from(casePhotos).where(eq(casePhotos.caseId, caseId)).orderBy(asc(casePhotos.id));
  return rows.map((r) => r.id);
}

/** Photos the owner uploaded and has not attached yet, among `ids`; locked so two steps cannot take one. */
export async function claimablePhotos(tx: DbOrTx, owner: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: casePhotos.id })
    .from(casePhotos)
    .where(and(inArray(casePhotos.id, [...ids]), eq(casePhotos.owner, owner), sql`${casePhotos.caseId} is null`))
    .for('update');
  return rows.map((r) => r.id);
}

export async function attachPhotos(tx: DbOrTx, caseId: number, ids: readonly number[]) {
  if (ids.length) await tx.update(casePhotos).set({ caseId }).where(inArray(casePhotos.id, [...ids]));
}

export async function pendingExtension(db: DbOrTx, caseId: number) {
  const [row] = await db.select().from(caseExtensions).where(and(eq(caseExtensions.caseId, caseId), eq(caseExtensions.status, 'pending')));
  return row ?? null;
}

export async function coordination(db: DbOrTx, caseId: number) {
  return db.select().from(caseCoordination).where(eq(caseCoordination.caseId, caseId)).orderBy(asc(caseCoordination.id));
}

export async function mergedCases(db: DbOrTx, caseId: number) {
  return db.select({ id: cases.id, number: cases.number }).from(cases).where(eq(cases.mergedIntoId, caseId)).orderBy(asc(cases.id));
}

export async function numberOf(db: DbOrTx, id: number) {
  const [row] = await db.select({ id: cases.id, number: cases.number }).from(cases).where(eq(cases.id, id));
  return row ?? null;
}

const OPEN = sql`${cases.state} in (${sql.join(OPEN_STATES.map((s) => sql`${s}`), sql`, `)})`;
const NOT_FINISHED = sql`${cases.state} not in (${sql.join(TERMINAL_STATES.map((s) => sql`${s}`), sql`, `)})`;

/** Conditions of a queue for this actor (the unit and grid memberships come from the service). */
export function queueCondition(queue: Queue, actor: Actor, member: { unitKeys: string[]; gridIds: number[] }, now: Date): SQL {
  const unitMatch = (table: 'cases' | 'cc') => {
    if (member.unitKeys.length === 0) return sql`false`;
    const keys = sql`${`{${member.unitKeys.join(',')}}`}::text[]`;
    return table === 'cases'
      ? sql`(${cases.handlingUnitType} || ':' || ${cases.handlingUnitId}) = any(${keys})`
      : sql`exists (select 1 from case_coordination cc where cc.case_id = ${cases.id} and cc.status = 'open' and (cc.unit_type || ':' || cc.unit_id) = any(${keys}))`;
  };
  const iso = now.toISOString();
  switch (queue) {
    case 'new':
      return sql`${cases.state} = 'reported'`;
    case 'dispatch':
      return sql`${cases.state} in ('registered', 'returned')`;
    case 'returned':
      return sql`${cases.state} = 'returned'`;
    case 'extensions':
      return sql`${cases.state} = 'in_progress' and exists (select 1 from case_extensions ce where ce.case_id = ${cases.id} and ce.status = 'pending')`;
    case 'overdue':
      return sql`${NOT_FINISHED} and ${cases.deadlineAt} <= ${iso}`;
    case 'at_risk':
      return sql`${NOT_FINISHED} and ${cases.deadlineWarnAt} <= ${iso} and ${cases.deadlineAt} > ${iso}`;
    case 'supervised':
      return sql`${OPEN} and ${cases.supervisedAt} is not null`;
    case 'suspended':
      return sql`${cases.state} = 'suspended'`;
    case 'inbox':
      return sql`((${cases.state} in ('dispatched', 'in_progress') and ${unitMatch('cases')}) or (${cases.state} = 'in_progress' and ${unitMatch('cc')}))`;
    case 'handling':
      return sql`${cases.state} in ('dispatched', 'in_progress') and ${unitMatch('cases')}`;
    case 'coordinating':
      return sql`${cases.state} = 'in_progress' and ${unitMatch('cc')}`;
    case 'verify':
      return member.gridIds.length ? sql`${cases.state} = 'handled' and ${cases.orgUnitId} = any(${intArray(member.gridIds)})` : sql`false`;
    case 'mine':
      return sql`${cases.reporterUserId} = ${actor.userId}`;
    case 'closed':
      return sql`${cases.state} in ('closed', 'rejected', 'merged')`;
    case 'all':
      return sql`true`;
  }
}

export interface ListFilter {
  where: SQL[];
  page: number;
  pageSize: number;
}

/** Cases by urgency: overdue first, then by due time, then newest. */
export async function listCases(db: DbOrTx, actor: Actor, f: ListFilter) {
  const where = and(visibleTo(actor), ...f.where);
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(cases)
      .where(where)
      .orderBy(sql`${cases.deadlineAt} asc nulls last`, desc(cases.reportedAt), desc(cases.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(cases).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function countWhere(db: DbOrTx, actor: Actor, condition: SQL): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(cases).where(and(visibleTo(actor), condition));
  return row?.n ?? 0;
}

/**
 * The deadline scan's mark on a case: warned (most of the time used) or overdue, with its timeline
 * row; the state does not change.
 */
export async function recordDeadlineNotice(
  tx: DbOrTx,
  kind: 'warn' | 'overdue',
  c: { id: number; state: string; step: string | null; deadlineAt: Date | null },
  now: Date,
  actorName: string,
) {
  await tx
    .update(cases)
    .set(kind === 'warn' ? { warnedAt: now } : { overdueAt: now, warnedAt: sql`coalesce(${cases.warnedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(cases.id, c.id));
  await tx.insert(caseEvents).values({
    caseId: c.id,
    at: now,
    actorUserId: null,
    actorName,
    action: kind,
    fromState: c.state,
    toState: c.state,
    data: { step: c.step, dueAt: c.deadlineAt?.toISOString() ?? null },
    deadlineAt: c.deadlineAt,
  });
}
