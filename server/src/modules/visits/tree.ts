// The nodes a report is laid out on: the grids of a subtree, and the levels above them up to its root.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgUnits, territoryLevels } from '../territory/index.js';
import { under } from '../../scope/index.js';

export type ReportNode = { id: number; parentId: number | null; name: string; level: number; path: string };

const nodeColumns = { id: orgUnits.id, parentId: orgUnits.parentId, name: orgUnits.name, level: orgUnits.level, path: orgUnits.path };

/** The level named 'grid' in the deployment's level table (level names are configuration). */
async function gridLevel(db: DbOrTx): Promise<number | null> {
  const [row] = await db.select({ level: territoryLevels.level }).from(territoryLevels).where(eq(territoryLevels.key, 'grid'));
  return row?.level ?? null;
}

/**
 * The grids under `root` and the nodes above them within the subtree (root, street, community …).
 * A root at or below the grid level is its own one grid. Unscoped on purpose: the caller loaded the
 * root in scope, and everything below it is in scope too.
 */
export async function reportNodes(db: DbOrTx, root: ReportNode): Promise<{ grids: ReportNode[]; levels: ReportNode[] }> {
  // A tree without a 'grid' level reports on its deepest nodes.
  const level =
    (await gridLevel(db)) ??
    ((await db.select({ max: sql<number>`max(${orgUnits.level})::int` }).from(orgUnits).where(under(orgUnits.path, root.path)))[0]?.max ?? root.level);
  if (root.level >= level) return { grids: [root], levels: [] };
  const rows = await db
    .select(nodeColumns)
    .from(orgUnits)
    .where(and(under(orgUnits.path, root.path), eq(orgUnits.status, 'active'), sql`${orgUnits.level} <= ${level}`))
    .orderBy(asc(orgUnits.level), asc(orgUnits.sortOrder), asc(orgUnits.id));
  return { grids: rows.filter((n) => n.level === level), levels: rows.filter((n) => n.level < level) };
}
