// The tag catalogue in the database: configuration an administrator edits. A new deployment
// starts with the defaults of core/src/register/tags.ts; later defaults are added, never forced.
import { asc, eq, sql } from 'drizzle-orm';
import type { ManagementLevel, TagDefinition, TagGroup, TagRule } from '../../../../core/src/register/tags.js';
import { DEFAULT_TAGS } from '../../../../core/src/register/tags.js';
import type { RoleKey } from '../../../../core/src/roles.js';
import type { DbOrTx } from '../../db/client.js';
import { tagDefinitions } from './tables.js';

export type TagRow = typeof tagDefinitions.$inferSelect;

export function toDefinition(row: TagRow): TagDefinition {
  return {
    key: row.key,
    zh: row.nameZh,
    en: row.nameEn,
    group: row.group as TagGroup,
    sensitive: row.sensitive,
    managementLevels: (row.managementLevels ?? undefined) as ManagementLevel[] | undefined,
    visibleTo: (row.visibleTo ?? undefined) as RoleKey[] | undefined,
    rule: (row.rule ?? undefined) as TagRule | undefined,
  };
}

export function toRow(tag: TagDefinition, sortOrder: number): typeof tagDefinitions.$inferInsert {
  return {
    key: tag.key,
    nameZh: tag.zh,
    nameEn: tag.en,
    group: tag.group,
    sensitive: tag.sensitive,
    managementLevels: tag.managementLevels ? [...tag.managementLevels] : null,
    visibleTo: tag.visibleTo ? [...tag.visibleTo] : null,
    rule: tag.rule ?? null,
    sortOrder,
  };
}

/** Inserts the default tags that are missing (by key); existing rows, edited or retired, stay as they are. */
export async function ensureTagDefinitions(db: DbOrTx): Promise<void> {
  await db
    .insert(tagDefinitions)
    .values(DEFAULT_TAGS.map((t, i) => toRow(t, (i + 1) * 10)))
    .onConflictDoNothing({ target: tagDefinitions.key });
}

/** The active catalogue, in display order. */
export async function activeTags(db: DbOrTx): Promise<TagDefinition[]> {
  const rows = await db.select().from(tagDefinitions).where(eq(tagDefinitions.status, 'active')).orderBy(asc(tagDefinitions.sortOrder), asc(tagDefinitions.key));
  return rows.map(toDefinition);
}

export async function allTagRows(db: DbOrTx): Promise<TagRow[]> {
  return db.select().from(tagDefinitions).orderBy(asc(tagDefinitions.sortOrder), asc(tagDefinitions.key));
}

export async function nextSortOrder(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`coalesce(max(${tagDefinitions.sortOrder}), 0)::int` }).from(tagDefinitions);
  return (row?.n ?? 0) + 10;
}
