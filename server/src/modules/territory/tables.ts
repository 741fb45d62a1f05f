// The tables the territory module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, smallint, text, timestamp, uniqueIndex, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ltree, createdAt, updatedAt } from '../../db/columns.js';

/** Level names of the territory tree (区 → 街道 → 社区 → 网格 …); configuration, not code. */
export const territoryLevels = pgTable('territory_levels', {
  level: smallint('level').primaryKey(),
  key: varchar('key', { length: 32 }).notNull().unique(),
  nameZh: varchar('name_zh', { length: 32 }).notNull(),
  nameEn: varchar('name_en', { length: 64 }).notNull(),
});

/** A node of the territory tree: district, street, community, grid, unit grid, building. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgUnits.id),
    path: ltree('path').notNull(),
    level: smallint('level')
      .notNull()
      .references(() => territoryLevels.level),
    code: varchar('code', { length: 32 }),
    divisionCode: varchar('division_code', { length: 12 }),
    name: varchar('name', { length: 100 }).notNull(),
    // The full name in the 统计用区划代码 (e.g. 南龙头居民委员会) beside the node's name (南龙头社区); null when not imported.
    officialName: varchar('official_name', { length: 100 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    retireReason: text('retire_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('org_units_path_gist').using('gist', t.path),
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    // Codes identify live nodes; a retired node's code may be reused by its successor.
    uniqueIndex('org_units_code_active_uq').on(t.code).where(sql`status = 'active'`),
  ],
);
