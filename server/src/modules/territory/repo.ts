// Territory queries. Every read takes the actor and stays inside the actor's subtrees.
import { and, asc, eq, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { type Actor } from '../../actor.js';
import { inScope, under } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern, prefixPattern } from '../../db/like.js';
import { orgUnits, territoryLevels } from './tables.js';
import { childPath, pathIds } from '../../../../core/src/ltree.js';

export type OrgUnitRow = typeof orgUnits.$inferSelect;

const childCount = (includeRetired: boolean) =>
  // Spelled out: inside a single-table select Drizzle renders columns unqualified, and a bare
  // "id" here would bind to the alias c.
  sql<number>`(select count(*)::int from org_units c where c.parent_id = "org_units"."id"
    ${includeRetired ? sql`` : sql`and c.status = 'active'`})`.as('child_count');

const withChildCount = (includeRetired: boolean) => ({
  node: orgUnits,
  childCount: childCount(includeRetired),
});

export async function listLevels(db: DbOrTx) {
  return db.select().from(territoryLevels).orderBy(asc(territoryLevels.level));
}

/**
 * The level table becomes `levels`: levels left out are deleted (the service has checked that no
 * node uses them; org_units.level is a foreign key), the others are updated in place.
 */
export async function replaceLevels(db: DbOrTx, levels: (typeof territoryLevels.$inferInsert)[]) {
  await db.delete(territoryLevels).where(notInArray(territoryLevels.level, levels.length ? levels.map((l) => l.level) : [-1]));
  if (levels.length === 0) return;
  // Keys are unique: clear the kept ones first so two levels may trade keys in one change.
  await db.update(territoryLevels).set({ key: sql`'~' || ${territoryLevels.level}` });
  await db
    .insert(territoryLevels)
    .values(levels)
    .onConflictDoUpdate({ target: territoryLevels.level, set: { key: sql`excluded.key`, nameZh: sql`excluded.name_zh`, nameEn: sql`excluded.name_en` } });
}

export async function getNode(db: DbOrTx, actor: Actor, id: number, includeRetired = true) {
  const [row] = await db
    .select(withChildCount(false))
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), inScope(actor, orgUnits.path), includeRetired ? undefined : eq(orgUnits.status, 'active')));
  return row ?? null;
}

/** Children of a node, or the actor's scope roots when parentId is null. */
export async function listChildren(db: DbOrTx, actor: Actor, parentId: number | null, includeRetired: boolean) {
  let where: SQL | undefined;
  if (parentId !== null) where = and(eq(orgUnits.parentId, parentId), inScope(actor, orgUnits.path));
  else if (actor.scopeAll) where = isNull(orgUnits.parentId);
  else if (actor.scopePaths.length === 0) return [];
  else where = sql`${orgUnits.path} in (${sql.join(actor.scopePaths.map((p) => sql`${p}::ltree`), sql`, `)})`;
  return db
    .select(withChildCount(includeRetired))
    .from(orgUnits)
    .where(and(where, includeRetired ? undefined : eq(orgUnits.status, 'active')))
    .orderBy(asc(orgUnits.sortOrder), asc(orgUnits.code), asc(orgUnits.id));
}

/** Name or code search inside the scope; names match anywhere, codes by prefix. */
export async function search(db: DbOrTx, actor: Actor, q: string, limit: number) {
  const like = containsPattern(q);
  const codePrefix = prefixPattern(q);
  return db
    .select(withChildCount(false))
    .from(orgUnits)
    .where(
      and(
        inScope(actor, orgUnits.path),
        eq(orgUnits.status, 'active'),
        sql`(${orgUnits.name} ilike ${like} or ${orgUnits.code} like ${codePrefix})`,
      ),
    )
    .orderBy(sql`nlevel(${orgUnits.path})`, asc(orgUnits.code), asc(orgUnits.id))
    .limit(limit);
}

/** Names of the nodes along the given paths (ancestors for breadcrumbs), by id. */
export async function namesAlongPaths(db: DbOrTx, paths: string[]) {
  const ids = [...new Set(paths.flatMap(pathIds))];
  if (ids.length === 0) return new Map<number, { name: string; level: number }>();
  // Unscoped on purpose: only names of ancestors of rows the actor may already see.
  const rows = await db.select({ id: orgUnits.id, name: orgUnits.name, level: orgUnits.level }).from(orgUnits).where(inArray(orgUnits.id, ids));
  return new Map(rows.map((r) => [r.id, { name: r.name, level: r.level }]));
}

export async function findActiveByCode(db: DbOrTx, code: string) {
  // Unscoped on purpose: codes are unique across the deployment, so uniqueness is checked globally.
  const [row] = await db.select().from(orgUnits).where(and(eq(orgUnits.code, code), eq(orgUnits.status, 'active')));
  return row ?? null;
}

export async function insertNode(
  db: DbOrTx,
  parent: { id: number; path: string } | null,
  values: {
    name: string;
    level: number;
    code: string | null;
    divisionCode: string | null;
    sortOrder: number;
    /** the full name in the 统计用区划代码, for imported nodes */
    officialName?: string | null;
  },
) {
  // The path needs the id, so take it from the identity sequence first.
  const result = (await db.execute(sql`select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id`)) as unknown as { rows: { id: number }[] };
  const id = result.rows[0]!.id;
  const [row] = await db
    .insert(orgUnits)
    .values({ id, parentId: parent?.id ?? null, path: childPath(parent?.path ?? null, id), ...values })
    .returning();
  return row!;
}

export async function updateNode(db: DbOrTx, id: number, patch: Partial<Pick<OrgUnitRow, 'name' | 'code' | 'sortOrder' | 'officialName'>>) {
  const [row] = await db.update(orgUnits).set({ ...patch, updatedAt: sql`now()` }).where(eq(orgUnits.id, id)).returning();
  return row!;
}

/** Moves a subtree: the node gets a new parent and every path below it is rewritten. */
export async function moveSubtree(db: DbOrTx, node: OrgUnitRow, newParent: OrgUnitRow) {
  const newPath = childPath(newParent.path, node.id);
  await db.execute(sql`
    update ${orgUnits}
    set path = case when path = ${node.path}::ltree then ${newPath}::ltree
                    else ${newPath}::ltree || subpath(path, nlevel(${node.path}::ltree)) end,
        updated_at = now()
    where ${under(sql`path`, node.path)}`);
  const [row] = await db.update(orgUnits).set({ parentId: newParent.id }).where(eq(orgUnits.id, node.id)).returning();
  return row!;
}

export async function countActiveDescendants(db: DbOrTx, node: OrgUnitRow) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orgUnits)
    .where(and(under(orgUnits.path, node.path), sql`${orgUnits.id} <> ${node.id}`, eq(orgUnits.status, 'active')));
  return row?.n ?? 0;
}

/** Retires a node and everything active below it. Returns the retired rows. */
export async function retireSubtree(db: DbOrTx, node: OrgUnitRow, reason: string) {
  return db
    .update(orgUnits)
    .set({ status: 'retired', retiredAt: sql`now()`, retireReason: reason, updatedAt: sql`now()` })
    .where(and(under(orgUnits.path, node.path), eq(orgUnits.status, 'active')))
    .returning({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path });
}

/** Counts of active nodes per level inside the scope (the console overview). */
export async function countByLevel(db: DbOrTx, actor: Actor) {
  return db
    .select({ level: orgUnits.level, n: sql<number>`count(*)::int` })
    .from(orgUnits)
    .where(and(inScope(actor, orgUnits.path), eq(orgUnits.status, 'active')))
    .groupBy(orgUnits.level)
    .orderBy(orgUnits.level);
}

/** The deepest level any live node uses (levels cannot be removed below it). */
export function maxLevelInUse() {
  return sql`select max(level)::int as max from ${orgUnits} where status = 'active'`;
}
