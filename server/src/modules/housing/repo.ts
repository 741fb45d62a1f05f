// Dwelling and household queries: every read joins the record's grid and stays inside the actor's
// subtrees. Writes take ids the service has already loaded in scope.
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor } from '../../actor.js';
import { inScope, under } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import { pathIds } from '../../../../core/src/ltree.js';
import { buildings, gridTeamMembers } from '../geo/index.js';
import { dwellings, householdMembers, households } from './tables.js';
import { orgUnits } from '../territory/index.js';
import { persons } from '../register/index.js';
import { visits } from '../visits/index.js';

export type DwellingRow = typeof dwellings.$inferSelect;
export type HouseholdRow = typeof households.$inferSelect;
export type PersonRow = typeof persons.$inferSelect;


// Buildings and persons, as the housing module needs them.

export async function getBuilding(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select({ building: buildings, grid: orgUnits })
    .from(buildings)
    .innerJoin(orgUnits, eq(orgUnits.id, buildings.orgUnitId))
    .where(and(eq(buildings.id, id), eq(buildings.status, 'active'), inScope(actor, orgUnits.path)));
  return row ?? null;
}

export async function getPerson(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select({ person: persons, path: orgUnits.path })
    .from(persons)
    .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
    .where(and(eq(persons.id, id), eq(persons.status, 'active'), inScope(actor, orgUnits.path)));
  return row ?? null;
}

// Dwellings

const householdCount = sql<number>`(select count(*)::int from households h where h.dwelling_id = ${dwellings.id} and h.status = 'active')`;
const dwellingColumns = { dwelling: dwellings, orgUnitName: orgUnits.name, orgUnitPath: orgUnits.path, buildingName: buildings.name, householdCount };
export type DwellingWithPlace = { dwelling: DwellingRow; orgUnitName: string; orgUnitPath: string; buildingName: string; householdCount: number };

const dwellingsFrom = (db: DbOrTx, columns: typeof dwellingColumns | { n: SQL<number> }) =>
  db.select(columns).from(dwellings).innerJoin(orgUnits, eq(orgUnits.id, dwellings.orgUnitId)).innerJoin(buildings, eq(buildings.id, dwellings.buildingId));

export async function getDwelling(db: DbOrTx, actor: Actor, id: number): Promise<DwellingWithPlace | null> {
  const [row] = await dwellingsFrom(db, dwellingColumns).where(and(eq(dwellings.id, id), eq(dwellings.status, 'active'), inScope(actor, orgUnits.path)));
  return (row as DwellingWithPlace | undefined) ?? null;
}

export interface DwellingFilter {
  buildingId?: number;
  orgUnitPath?: string;
  occupancy?: string;
  noHousehold?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listDwellings(db: DbOrTx, actor: Actor, f: DwellingFilter) {
  const cond = and(
    inScope(actor, orgUnits.path),
    eq(dwellings.status, 'active'),
    f.buildingId ? eq(dwellings.buildingId, f.buildingId) : undefined,
    f.orgUnitPath ? under(orgUnits.path, f.orgUnitPath) : undefined,
    f.occupancy ? eq(dwellings.occupancy, f.occupancy) : undefined,
    f.noHousehold ? sql`not exists (select 1 from households h where h.dwelling_id = ${dwellings.id} and h.status = 'active')` : undefined,
    f.q ? sql`${dwellings.address} ilike ${containsPattern(f.q)}` : undefined,
  );
  const [items, [count]] = await Promise.all([
    dwellingsFrom(db, dwellingColumns)
      .where(cond)
      .orderBy(asc(dwellings.buildingId), asc(dwellings.unit), asc(dwellings.floor), asc(dwellings.room), asc(dwellings.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    dwellingsFrom(db, { n: sql<number>`count(*)::int` }).where(cond),
  ]);
  return { items: items as DwellingWithPlace[], total: (count as { n: number } | undefined)?.n ?? 0 };
}

/** The active rooms of a building, as 'unit|room' keys (the building is already in scope). */
export async function roomKeys(db: DbOrTx, buildingId: number): Promise<Set<string>> {
  const rows = await db
    .select({ unit: dwellings.unit, room: dwellings.room })
    .from(dwellings)
    .where(and(eq(dwellings.buildingId, buildingId), eq(dwellings.status, 'active')));
  return new Set(rows.map((r) => roomKey(r.unit, r.room)));
}

export const roomKey = (unit: string | null | undefined, room: string) => `${unit ?? ''}|${room}`;

export async function insertDwellings(db: DbOrTx, rows: (typeof dwellings.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(dwellings).values(rows).returning();
}

export async function updateDwelling(db: DbOrTx, id: number, patch: Partial<typeof dwellings.$inferInsert>) {
  const [row] = await db.update(dwellings).set({ ...patch, updatedAt: new Date() }).where(eq(dwellings.id, id)).returning();
  return row!;
}

// Households

const head = alias(persons, 'head');
const memberCount = sql<number>`(select count(*)::int from household_members m where m.household_id = ${households.id})`;
const householdColumns = {
  household: households,
  orgUnitName: orgUnits.name,
  orgUnitPath: orgUnits.path,
  address: dwellings.address,
  headName: head.name,
  memberCount,
};
export type HouseholdWithPlace = {
  household: HouseholdRow;
  orgUnitName: string;
  orgUnitPath: string;
  address: string | null;
  headName: string | null;
  memberCount: number;
};

const householdsFrom = (db: DbOrTx, columns: typeof householdColumns | { n: SQL<number> }) =>
  db
    .select(columns)
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
    .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .leftJoin(head, eq(head.id, households.headPersonId));

export async function getHousehold(db: DbOrTx, actor: Actor, id: number): Promise<HouseholdWithPlace | null> {
  const [row] = await householdsFrom(db, householdColumns).where(and(eq(households.id, id), eq(households.status, 'active'), inScope(actor, orgUnits.path)));
  return (row as HouseholdWithPlace | undefined) ?? null;
}

export async function listHouseholds(db: DbOrTx, actor: Actor, f: { orgUnitPath?: string; dwellingId?: number; page: number; pageSize: number }) {
  const cond = and(
    inScope(actor, orgUnits.path),
    eq(households.status, 'active'),
    f.orgUnitPath ? under(orgUnits.path, f.orgUnitPath) : undefined,
    f.dwellingId ? eq(households.dwellingId, f.dwellingId) : undefined,
  );
  const [items, [count]] = await Promise.all([
    householdsFrom(db, householdColumns).where(cond).orderBy(asc(households.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    householdsFrom(db, { n: sql<number>`count(*)::int` }).where(cond),
  ]);
  return { items: items as HouseholdWithPlace[], total: (count as { n: number } | undefined)?.n ?? 0 };
}

/** Locks the household row for a change that checks its version first; answers the version. */
export async function lockHouseholdVersion(db: DbOrTx, id: number): Promise<number | null> {
  const [row] = await db.select({ version: households.version }).from(households).where(eq(households.id, id)).for('update');
  return row?.version ?? null;
}

export async function insertHousehold(db: DbOrTx, values: typeof households.$inferInsert) {
  const [row] = await db.insert(households).values(values).returning();
  return row!;
}

export async function updateHousehold(db: DbOrTx, id: number, patch: Partial<typeof households.$inferInsert>) {
  const [row] = await db.update(households).set({ ...patch, updatedAt: new Date() }).where(eq(households.id, id)).returning();
  return row!;
}

/** Members with their person rows, the head first, then in the order they were added. */
export async function members(db: DbOrTx, householdId: number) {
  return db
    .select({ member: householdMembers, person: persons })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(eq(householdMembers.householdId, householdId))
    .orderBy(desc(sql`${persons.id} = ${households.headPersonId}`), asc(householdMembers.id));
}

export async function insertMember(db: DbOrTx, values: typeof householdMembers.$inferInsert) {
  await db.insert(householdMembers).values(values);
}

export async function setRelation(db: DbOrTx, householdId: number, personId: number, relation: string) {
  await db.update(householdMembers).set({ relation }).where(and(eq(householdMembers.householdId, householdId), eq(householdMembers.personId, personId)));
}

export async function deleteMember(db: DbOrTx, householdId: number, personId: number) {
  await db.delete(householdMembers).where(and(eq(householdMembers.householdId, householdId), eq(householdMembers.personId, personId)));
}

/** The dwelling of another active household a person belongs to (the latest joined), if any. */
export async function otherDwellingOf(db: DbOrTx, personId: number, exceptHouseholdId: number): Promise<number | null> {
  const [row] = await db
    .select({ dwellingId: households.dwellingId })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(and(eq(householdMembers.personId, personId), ne(households.id, exceptHouseholdId), eq(households.status, 'active'), sql`${households.dwellingId} is not null`))
    .orderBy(desc(householdMembers.id))
    .limit(1);
  return row?.dwellingId ?? null;
}

// The household card: the grid team along the household's path and its latest visits.

/** Team members of the household's node and its ancestors (the card shows the nearest team). */
export async function teamsAlong(db: DbOrTx, path: string) {
  return db
    .select()
    .from(gridTeamMembers)
    .where(inArray(gridTeamMembers.orgUnitId, pathIds(path)))
    .orderBy(asc(gridTeamMembers.sortOrder), asc(gridTeamMembers.id));
}

export async function latestVisits(db: DbOrTx, householdId: number, limit: number) {
  return db.select().from(visits).where(eq(visits.householdId, householdId)).orderBy(desc(visits.visitedAt), desc(visits.id)).limit(limit);
}

/** Removes a membership; the last member (the head) leaving closes the household. */
export async function leaveHousehold(db: DbOrTx, householdId: number, personId: number, closes: boolean) {
  await db.delete(householdMembers).where(and(eq(householdMembers.householdId, householdId), eq(householdMembers.personId, personId)));
  if (closes) await db.update(households).set({ status: 'dissolved', headPersonId: null, updatedAt: new Date() }).where(eq(households.id, householdId));
}

/**
 * The worker saw the household, so it counts as verified (coverage: not stale) from the time of the
 * visit; a visit logged late does not make an earlier verification older.
 */
export async function markHouseholdSeen(db: DbOrTx, id: number, visitedAt: Date) {
  const at = visitedAt.toISOString();
  await db
    .update(households)
    .set({ verifiedAt: sql`greatest(${households.verifiedAt}, ${at}::timestamptz)`, updatedAt: new Date() })
    .where(eq(households.id, id));
}

/** Active households registered in a node's subtree (the grid card's 户数). */
export async function countHouseholds(db: DbOrTx, orgUnitPath: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
    .where(and(under(orgUnits.path, orgUnitPath), eq(households.status, 'active')));
  return row?.n ?? 0;
}
