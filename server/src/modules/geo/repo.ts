// Geometry, buildings, grid teams and settings queries. Reads take the actor and stay in scope,
// except the locator's full load, which is a shared service (its answers are scoped later).
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { type Actor } from '../../actor.js';
import { inScope, under, notUnder } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { buildings, gridTeamMembers, orgUnitGeometries } from './tables.js';
import { orgUnits } from '../territory/index.js';
import { settings } from '../../db/tables.js';
import type { AreaGeometry, BBox } from '../../../../core/src/geo/types.js';

export type GeometryRow = typeof orgUnitGeometries.$inferSelect;

const current = (draft: boolean) => and(isNull(orgUnitGeometries.validTo), eq(orgUnitGeometries.isDraft, draft));

/** Current boundaries of active nodes under a root (or the whole scope), for the map. */
export async function listFeatures(db: DbOrTx, actor: Actor, rootPath: string | null, includeDrafts: boolean) {
  const where: (SQL | undefined)[] = [
    inScope(actor, orgUnits.path),
    eq(orgUnits.status, 'active'),
    isNull(orgUnitGeometries.validTo),
    includeDrafts ? undefined : eq(orgUnitGeometries.isDraft, false),
  ];
  if (rootPath) where.push(under(orgUnits.path, rootPath));
  return db
    .select({ node: orgUnits, geometry: orgUnitGeometries })
    .from(orgUnitGeometries)
    .innerJoin(orgUnits, eq(orgUnits.id, orgUnitGeometries.orgUnitId))
    .where(and(...where))
    .orderBy(asc(orgUnits.level), asc(orgUnits.id));
}

export async function currentGeometry(db: DbOrTx, orgUnitId: number, draft = false) {
  const [row] = await db
    .select()
    .from(orgUnitGeometries)
    .where(and(eq(orgUnitGeometries.orgUnitId, orgUnitId), current(draft)));
  return row ?? null;
}

/** Current non-draft boundaries of the active children of a node. */
export async function childGeometries(db: DbOrTx, parentId: number) {
  return db
    .select({ node: orgUnits, geometry: orgUnitGeometries })
    .from(orgUnits)
    .leftJoin(orgUnitGeometries, and(eq(orgUnitGeometries.orgUnitId, orgUnits.id), current(false)))
    .where(and(eq(orgUnits.parentId, parentId), eq(orgUnits.status, 'active')))
    .orderBy(asc(orgUnits.id));
}

/** Ends the current boundary (of the same kind) and starts a new one; history is kept. */
export async function setGeometry(
  db: DbOrTx,
  orgUnitId: number,
  g: { geometry: AreaGeometry; bbox: BBox; areaM2: number; isDraft: boolean; source: string; createdBy: number | null },
) {
  await db
    .update(orgUnitGeometries)
    .set({ validTo: sql`now()` })
    .where(and(eq(orgUnitGeometries.orgUnitId, orgUnitId), current(g.isDraft)));
  const [row] = await db
    .insert(orgUnitGeometries)
    .values({
      orgUnitId,
      geometry: g.geometry,
      minLng: g.bbox[0],
      minLat: g.bbox[1],
      maxLng: g.bbox[2],
      maxLat: g.bbox[3],
      areaM2: g.areaM2,
      isDraft: g.isDraft,
      source: g.source,
      createdBy: g.createdBy || null,
    })
    .returning();
  return row!;
}

/** Ends the current boundaries (draft or not) of the given nodes: they were retired or replaced. */
export async function closeGeometries(db: DbOrTx, orgUnitIds: number[]) {
  if (orgUnitIds.length === 0) return;
  await db
    .update(orgUnitGeometries)
    .set({ validTo: sql`now()` })
    .where(and(inArray(orgUnitGeometries.orgUnitId, orgUnitIds), isNull(orgUnitGeometries.validTo)));
}

// The geometry revision tells every server instance when its locate index is stale.
const REVISION_KEY = 'geo.revision';

export async function bumpRevision(db: DbOrTx) {
  await db
    .insert(settings)
    .values({ key: REVISION_KEY, value: 1 })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`to_jsonb((${settings.value})::text::bigint + 1)`, updatedAt: sql`now()` } });
}

export async function getRevision(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, REVISION_KEY));
  return Number(row?.value ?? 0);
}

/**
 * Every locatable boundary: current, non-draft, of an active node none of whose active children
 * has a boundary (the deepest drawn level). Unscoped on purpose: the locator serves everyone and
 * its answers are filtered by the caller's scope.
 */
export async function leafGeometries(db: DbOrTx) {
  return db
    .select({ id: orgUnits.id, path: orgUnits.path, geometry: orgUnitGeometries.geometry })
    .from(orgUnitGeometries)
    .innerJoin(orgUnits, eq(orgUnits.id, orgUnitGeometries.orgUnitId))
    .where(
      and(
        current(false),
        eq(orgUnits.status, 'active'),
        sql`not exists (select 1 from org_units c join org_unit_geometries cg on cg.org_unit_id = c.id
              and cg.valid_to is null and cg.is_draft = false
            where c.parent_id = ${orgUnits.id} and c.status = 'active')`,
      ),
    );
}

/**
 * Current non-draft boundaries of active nodes on the given levels, outside a subtree (when given)
 * and with boxes meeting a box (when given): what a node's tiling is checked against across parents
 * (two streets drawn on top of each other), and what a generated street is placed beside.
 * Unscoped on purpose: an overlap with a node outside the caller's scope is still an overlap; the
 * service names only the nodes the caller may see.
 */
export async function geometriesOnLevels(db: DbOrTx, where: { levels: number[]; outsidePath?: string; box?: BBox }) {
  if (where.levels.length === 0) return [];
  const conditions: (SQL | undefined)[] = [current(false), eq(orgUnits.status, 'active'), inArray(orgUnits.level, where.levels)];
  if (where.outsidePath) conditions.push(notUnder(orgUnits.path, where.outsidePath));
  if (where.box) {
    const [x0, y0, x1, y1] = where.box;
    conditions.push(sql`${orgUnitGeometries.minLng} < ${x1} and ${orgUnitGeometries.maxLng} > ${x0} and ${orgUnitGeometries.minLat} < ${y1} and ${orgUnitGeometries.maxLat} > ${y0}`);
  }
  return db
    .select({
      id: orgUnits.id,
      path: orgUnits.path,
      name: orgUnits.name,
      level: orgUnits.level,
      geometry: orgUnitGeometries.geometry,
      minLng: orgUnitGeometries.minLng,
      minLat: orgUnitGeometries.minLat,
      maxLng: orgUnitGeometries.maxLng,
      maxLat: orgUnitGeometries.maxLat,
    })
    .from(orgUnitGeometries)
    .innerJoin(orgUnits, eq(orgUnits.id, orgUnitGeometries.orgUnitId))
    .where(and(...conditions))
    .orderBy(asc(orgUnits.id));
}

// Buildings

export async function listBuildings(db: DbOrTx, actor: Actor, rootPath: string) {
  return db
    .select({ building: buildings, gridName: orgUnits.name })
    .from(buildings)
    .innerJoin(orgUnits, eq(orgUnits.id, buildings.orgUnitId))
    .where(and(inScope(actor, orgUnits.path), under(orgUnits.path, rootPath), eq(buildings.status, 'active')))
    .orderBy(asc(buildings.id));
}

export async function countBuildings(db: DbOrTx, orgUnitPath: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(buildings)
    .innerJoin(orgUnits, eq(orgUnits.id, buildings.orgUnitId))
    .where(and(under(orgUnits.path, orgUnitPath), eq(buildings.status, 'active')));
  return row?.n ?? 0;
}

export async function insertBuildings(db: DbOrTx, rows: (typeof buildings.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(buildings).values(rows).returning();
}

// Grid teams

export async function listTeam(db: DbOrTx, orgUnitId: number) {
  return db.select().from(gridTeamMembers).where(eq(gridTeamMembers.orgUnitId, orgUnitId)).orderBy(asc(gridTeamMembers.sortOrder), asc(gridTeamMembers.id));
}

/** How many live grids a person already serves, by account or by phone number. */
export async function gridsServedBy(db: DbOrTx, who: { userId: number | null; phone: string | null }) {
  const cond = who.userId ? eq(gridTeamMembers.userId, who.userId) : who.phone ? eq(gridTeamMembers.phone, who.phone) : undefined;
  if (!cond) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${gridTeamMembers.orgUnitId})::int` })
    .from(gridTeamMembers)
    .innerJoin(orgUnits, eq(orgUnits.id, gridTeamMembers.orgUnitId))
    .where(and(cond, eq(orgUnits.status, 'active')));
  return row?.n ?? 0;
}

export async function insertTeamMember(db: DbOrTx, row: typeof gridTeamMembers.$inferInsert) {
  const [r] = await db.insert(gridTeamMembers).values(row).returning();
  return r!;
}

export async function getTeamMember(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select({ member: gridTeamMembers, path: orgUnits.path })
    .from(gridTeamMembers)
    .innerJoin(orgUnits, eq(orgUnits.id, gridTeamMembers.orgUnitId))
    .where(and(eq(gridTeamMembers.id, id), inScope(actor, orgUnits.path)));
  return row ?? null;
}

/** The members of these grids, oldest first (a re-drawn grid's team follows it). */
export async function teamsOf(db: DbOrTx, orgUnitIds: number[]) {
  return db.select().from(gridTeamMembers).where(inArray(gridTeamMembers.orgUnitId, orgUnitIds)).orderBy(asc(gridTeamMembers.id));
}

export async function moveTeamMember(db: DbOrTx, id: number, orgUnitId: number) {
  await db.update(gridTeamMembers).set({ orgUnitId }).where(eq(gridTeamMembers.id, id));
}

export async function deleteTeamMember(db: DbOrTx, id: number) {
  await db.delete(gridTeamMembers).where(eq(gridTeamMembers.id, id));
}
