// Places, organisations and city components: queries always inside the actor's subtrees.
import { and, asc, desc, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { type Actor } from '../../actor.js';
import { inScope, under } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern, prefixPattern } from '../../db/like.js';
import { buildings } from '../geo/index.js';
import { components, places } from './tables.js';
import { orgUnits } from '../territory/index.js';

export type PlaceRow = typeof places.$inferSelect;
export type ComponentRow = typeof components.$inferSelect;

/** How a place search text is matched; the phone hash is computed by the service (it holds the key). */
export type PlaceMatch =
  | { kind: 'creditCode'; code: string }
  | { kind: 'phoneHash'; hash: string }
  | { kind: 'initials'; q: string }
  | { kind: 'text'; q: string };

function placeMatchSql(m: PlaceMatch): SQL {
  switch (m.kind) {
    case 'creditCode':
      return eq(places.creditCode, m.code);
    case 'phoneHash':
      return eq(places.contactPhoneHash, m.hash);
    case 'initials':
      return sql`${places.nameInitials} like ${prefixPattern(m.q)}`;
    case 'text':
      return or(sql`${places.name} ilike ${containsPattern(m.q)}`, sql`${places.address} ilike ${containsPattern(m.q)}`)!;
  }
}

const placeColumns = { place: places, orgUnitName: orgUnits.name, orgUnitPath: orgUnits.path };
export type PlaceWithUnit = { place: PlaceRow; orgUnitName: string; orgUnitPath: string };

async function paged<T>(items: Promise<T[]>, count: Promise<{ n: number }[]>) {
  const [rows, [c]] = await Promise.all([items, count]);
  return { items: rows, total: c?.n ?? 0 };
}

export function listPlaces(
  db: DbOrTx,
  actor: Actor,
  f: { orgUnitPath?: string; kind?: string; match?: PlaceMatch; includeRetired: boolean; page: number; pageSize: number },
) {
  const cond = and(
    inScope(actor, orgUnits.path),
    f.includeRetired ? undefined : eq(places.status, 'active'),
    f.orgUnitPath ? under(orgUnits.path, f.orgUnitPath) : undefined,
    f.kind ? eq(places.kind, f.kind) : undefined,
    f.match ? placeMatchSql(f.match) : undefined,
  );
  const from = () => db.select(placeColumns).from(places).innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId));
  return paged(
    from().where(cond).orderBy(asc(places.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(places).innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId)).where(cond),
  );
}

export async function getPlace(db: DbOrTx, actor: Actor, id: number): Promise<PlaceWithUnit | null> {
  const [row] = await db
    .select(placeColumns)
    .from(places)
    .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
    .where(and(eq(places.id, id), inScope(actor, orgUnits.path)));
  return row ?? null;
}

/**
 * The active place holding a credit code, wherever it is. Unscoped on purpose: the code is unique
 * deployment-wide (a unique index), so the caller must learn that it is taken, though not where.
 */
export async function findActiveByCreditCode(db: DbOrTx, code: string) {
  const [row] = await db
    .select({ id: places.id, path: orgUnits.path })
    .from(places)
    .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
    .where(and(eq(places.creditCode, code), eq(places.status, 'active')));
  return row ?? null;
}

export async function insertPlace(db: DbOrTx, values: typeof places.$inferInsert) {
  const [row] = await db.insert(places).values(values).returning();
  return row!;
}

export async function updatePlace(db: DbOrTx, id: number, patch: Partial<typeof places.$inferInsert>) {
  const [row] = await db
    .update(places)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(places.id, id))
    .returning();
  return row!;
}

/** A building in the actor's scope, with its grid. */
export async function getBuilding(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select({ building: buildings, orgUnitPath: orgUnits.path })
    .from(buildings)
    .innerJoin(orgUnits, eq(orgUnits.id, buildings.orgUnitId))
    .where(and(eq(buildings.id, id), eq(buildings.status, 'active'), inScope(actor, orgUnits.path)));
  return row ?? null;
}

/**
 * The deepest division code along a path (the node itself or an ancestor). Unscoped on purpose:
 * ancestors above the actor's scope name the county a component code starts with.
 */
export async function deepestDivisionCode(db: DbOrTx, ids: number[]) {
  const [row] = await db
    .select({ divisionCode: orgUnits.divisionCode })
    .from(orgUnits)
    .where(and(inArray(orgUnits.id, ids), isNotNull(orgUnits.divisionCode)))
    .orderBy(desc(orgUnits.level))
    .limit(1);
  return row?.divisionCode ?? null;
}

// City components

const componentColumns = { component: components, orgUnitName: orgUnits.name, orgUnitPath: orgUnits.path };
export type ComponentWithUnit = { component: ComponentRow; orgUnitName: string; orgUnitPath: string };

export interface ComponentFilter {
  orgUnitPath?: string;
  categoryPrefix?: string;
  condition?: string;
  bbox?: [number, number, number, number];
  q?: string;
  page: number;
  pageSize: number;
}

export function listComponents(db: DbOrTx, actor: Actor, f: ComponentFilter) {
  const cond = and(
    inScope(actor, orgUnits.path),
    eq(components.status, 'active'),
    f.orgUnitPath ? under(orgUnits.path, f.orgUnitPath) : undefined,
    f.categoryPrefix ? sql`${components.categoryCode} like ${prefixPattern(f.categoryPrefix)}` : undefined,
    f.condition ? eq(components.condition, f.condition) : undefined,
    f.bbox ? sql`${components.lng} between ${f.bbox[0]} and ${f.bbox[2]} and ${components.lat} between ${f.bbox[1]} and ${f.bbox[3]}` : undefined,
    f.q ? or(sql`${components.code} like ${prefixPattern(f.q)}`, sql`${components.name} ilike ${containsPattern(f.q)}`) : undefined,
  );
  return paged(
    db.select(componentColumns).from(components).innerJoin(orgUnits, eq(orgUnits.id, components.orgUnitId)).where(cond).orderBy(asc(components.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(components).innerJoin(orgUnits, eq(orgUnits.id, components.orgUnitId)).where(cond),
  );
}

export async function getComponent(db: DbOrTx, actor: Actor, id: number): Promise<ComponentWithUnit | null> {
  const [row] = await db
    .select(componentColumns)
    .from(components)
    .innerJoin(orgUnits, eq(orgUnits.id, components.orgUnitId))
    .where(and(eq(components.id, id), eq(components.status, 'active'), inScope(actor, orgUnits.path)));
  return row ?? null;
}

/** Whether a component code is in use anywhere. Unscoped on purpose: codes are unique deployment-wide. */
export async function componentCodeTaken(db: DbOrTx, code: string) {
  const [row] = await db.select({ id: components.id }).from(components).where(eq(components.code, code));
  return row !== undefined;
}

/**
 * The highest code issued with a prefix, under a transaction lock on that prefix so that two
 * registrations cannot take the same number. Unscoped on purpose: numbering is per county.
 */
export async function lastComponentCode(tx: DbOrTx, prefix: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'component-code:' + prefix}))`);
  const [row] = await tx
    .select({ code: sql<string | null>`max(${components.code})` })
    .from(components)
    .where(and(sql`${components.code} like ${prefixPattern(prefix)}`, sql`length(${components.code}) = 17`));
  return row?.code ?? null;
}

export async function insertComponent(db: DbOrTx, values: typeof components.$inferInsert) {
  const [row] = await db.insert(components).values(values).returning();
  return row!;
}

export async function updateComponent(db: DbOrTx, id: number, patch: Partial<typeof components.$inferInsert>) {
  const [row] = await db
    .update(components)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(components.id, id))
    .returning();
  return row!;
}

/** Inserts places as they are (the ledger import checks them first). */
export async function insertPlaces(db: DbOrTx, rows: (typeof places.$inferInsert)[]) {
  if (rows.length) await db.insert(places).values(rows);
}

/** Inserts components as they are (the ledger import checks them and numbers them first). */
export async function insertComponents(db: DbOrTx, rows: (typeof components.$inferInsert)[]) {
  if (rows.length) await db.insert(components).values(rows);
}
