// Visit and 五必访 reminder queries: always inside the actor's subtrees.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor } from '../../actor.js';
import { inScope, under } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { dwellings, households } from '../housing/index.js';
import { orgUnits } from '../territory/index.js';
import { persons } from '../register/index.js';
import { visitReminders, visits } from './tables.js';

export type VisitRow = typeof visits.$inferSelect;
export type ReminderRow = typeof visitReminders.$inferSelect;

const head = alias(persons, 'head');

/** Where a household is and who heads it: the context every visit and reminder is shown with. */
const householdPlace = {
  orgUnitName: orgUnits.name,
  orgUnitPath: orgUnits.path,
  address: dwellings.address,
  headName: head.name,
};
export type HouseholdPlace = { orgUnitName: string; orgUnitPath: string; address: string | null; headName: string | null };

/** A household in the actor's scope (only an active one unless `activeOnly` is false), with its place. */
export async function householdInScope(db: DbOrTx, actor: Actor, id: number, activeOnly = true) {
  const [row] = await db
    .select({ id: households.id, orgUnitId: households.orgUnitId, ...householdPlace })
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
    .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .leftJoin(head, eq(head.id, households.headPersonId))
    .where(and(eq(households.id, id), activeOnly ? eq(households.status, 'active') : undefined, inScope(actor, orgUnits.path)));
  return row ?? null;
}

export async function insertVisit(db: DbOrTx, values: typeof visits.$inferInsert) {
  const [row] = await db.insert(visits).values(values).returning();
  return row!;
}

/** A 五必访 visit closes the household's open reminders for the same event. */
export async function fulfilReminders(db: DbOrTx, householdId: number, reason: string, visitId: number, at: Date) {
  const rows = await db
    .update(visitReminders)
    .set({ doneVisitId: visitId, doneAt: at })
    .where(and(eq(visitReminders.householdId, householdId), eq(visitReminders.reason, reason), isNull(visitReminders.doneAt)))
    .returning({ id: visitReminders.id });
  return rows.map((r) => r.id);
}

export interface VisitFilter {
  householdId?: number;
  orgUnitPath?: string;
  visitorUserId?: number;
  page: number;
  pageSize: number;
}

const visitColumns = { visit: visits, ...householdPlace };
export type VisitWithPlace = { visit: VisitRow } & HouseholdPlace;

function visitsFrom(db: DbOrTx) {
  // The visit's own grid decides its scope: a household that moved away keeps its history where it happened.
  return db
    .select(visitColumns)
    .from(visits)
    .innerJoin(orgUnits, eq(orgUnits.id, visits.orgUnitId))
    .innerJoin(households, eq(households.id, visits.householdId))
    .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .leftJoin(head, eq(head.id, households.headPersonId));
}

export async function listVisits(db: DbOrTx, actor: Actor, f: VisitFilter): Promise<{ items: VisitWithPlace[]; total: number }> {
  const cond = and(
    inScope(actor, orgUnits.path),
    f.householdId ? eq(visits.householdId, f.householdId) : undefined,
    f.orgUnitPath ? under(orgUnits.path, f.orgUnitPath) : undefined,
    f.visitorUserId ? eq(visits.visitorUserId, f.visitorUserId) : undefined,
  );
  const [items, [count]] = await Promise.all([
    visitsFrom(db)
      .where(cond)
      .orderBy(desc(visits.visitedAt), desc(visits.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(visits)
      .innerJoin(orgUnits, eq(orgUnits.id, visits.orgUnitId))
      .where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function getVisit(db: DbOrTx, actor: Actor, id: number): Promise<VisitWithPlace | null> {
  const [row] = await visitsFrom(db).where(and(eq(visits.id, id), inScope(actor, orgUnits.path)));
  return row ?? null;
}

// 五必访 reminders.

export async function openReminder(db: DbOrTx, householdId: number, reason: string) {
  const [row] = await db
    .select({ id: visitReminders.id })
    .from(visitReminders)
    .where(and(eq(visitReminders.householdId, householdId), eq(visitReminders.reason, reason), isNull(visitReminders.doneAt)));
  return row ?? null;
}

export async function insertReminder(db: DbOrTx, values: typeof visitReminders.$inferInsert) {
  const [row] = await db.insert(visitReminders).values(values).returning();
  return row!;
}

const reminderColumns = { reminder: visitReminders, ...householdPlace };
export type ReminderWithPlace = { reminder: ReminderRow } & HouseholdPlace;

function remindersFrom(db: DbOrTx) {
  return db
    .select(reminderColumns)
    .from(visitReminders)
    .innerJoin(orgUnits, eq(orgUnits.id, visitReminders.orgUnitId))
    .innerJoin(households, eq(households.id, visitReminders.householdId))
    .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .leftJoin(head, eq(head.id, households.headPersonId));
}

export interface ReminderFilter {
  orgUnitPath?: string;
  householdId?: number;
  status: 'open' | 'closed';
  page: number;
  pageSize: number;
}

export async function listReminders(db: DbOrTx, actor: Actor, f: ReminderFilter): Promise<{ items: ReminderWithPlace[]; total: number }> {
  const cond = and(
    inScope(actor, orgUnits.path),
    f.status === 'open' ? isNull(visitReminders.doneAt) : isNotNull(visitReminders.doneAt),
    f.orgUnitPath ? under(orgUnits.path, f.orgUnitPath) : undefined,
    f.householdId ? eq(visitReminders.householdId, f.householdId) : undefined,
  );
  // Open ones by due date (the overdue come first); closed ones most recent first.
  const order = f.status === 'open' ? [asc(visitReminders.dueDate), asc(visitReminders.id)] : [desc(visitReminders.doneAt), desc(visitReminders.id)];
  const [items, [count]] = await Promise.all([
    remindersFrom(db)
      .where(cond)
      .orderBy(...order)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(visitReminders)
      .innerJoin(orgUnits, eq(orgUnits.id, visitReminders.orgUnitId))
      .where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function getReminder(db: DbOrTx, actor: Actor, id: number): Promise<ReminderWithPlace | null> {
  const [row] = await remindersFrom(db).where(and(eq(visitReminders.id, id), inScope(actor, orgUnits.path)));
  return row ?? null;
}

/** Closes a reminder without a visit (cancelled): done_at set, done_visit_id left empty. */
export async function cancelReminder(db: DbOrTx, id: number, at: Date) {
  const [row] = await db
    .update(visitReminders)
    .set({ doneAt: at })
    .where(and(eq(visitReminders.id, id), isNull(visitReminders.doneAt)))
    .returning();
  return row ?? null;
}

// Residence registrations.

/** Migrants and overseas residents whose registration ends by `until` (YYYY-MM-DD) or has ended, soonest first. */
export async function residenceExpiring(db: DbOrTx, actor: Actor, f: { orgUnitPath: string; until: string; page: number; pageSize: number }) {
  const cond = and(
    inScope(actor, orgUnits.path),
    under(orgUnits.path, f.orgUnitPath),
    eq(persons.status, 'active'),
    inArray(persons.residenceStatus, ['migrant', 'overseas']),
    isNotNull(persons.residenceUntil),
    lte(persons.residenceUntil, f.until),
  );
  const [items, [count]] = await Promise.all([
    db
      .select({
        personId: persons.id,
        name: persons.name,
        phoneEnc: persons.phoneEnc,
        residenceStatus: persons.residenceStatus,
        residenceUntil: sql<string>`${persons.residenceUntil}`,
        orgUnitId: persons.orgUnitId,
        orgUnitName: orgUnits.name,
        address: dwellings.address,
      })
      .from(persons)
      .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
      .leftJoin(dwellings, eq(dwellings.id, persons.dwellingId))
      .where(cond)
      .orderBy(asc(persons.residenceUntil), asc(persons.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(persons)
      .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
      .where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** The newest visit of each household (none: absent from the map). */
export async function lastVisitsOf(db: DbOrTx, householdIds: number[]): Promise<Map<number, Date>> {
  if (householdIds.length === 0) return new Map();
  const rows = await db
    .select({ householdId: visits.householdId, at: sql<Date>`max(${visits.visitedAt})` })
    .from(visits)
    .where(inArray(visits.householdId, householdIds))
    .groupBy(visits.householdId);
  return new Map(rows.map((r) => [r.householdId, new Date(r.at)]));
}
