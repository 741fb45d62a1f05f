// The tables the geo module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { doublePrecision, boolean, index, integer, jsonb, pgTable, timestamp, uniqueIndex, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { orgUnits } from '../territory/tables.js';
import { users } from '../users/tables.js';
import { oneOf } from '../../db/checks.js';
import { TEAM_ROLES } from './schema.js';

/**
 * Grid geometry with history: a node's boundary is valid from valid_from until valid_to (null =
 * current), since grids are re-drawn over time. WGS-84 GeoJSON Polygon/MultiPolygon; the bbox
 * columns let the map and the locator fetch by extent without parsing JSON. A draft boundary is
 * kept for review but does not take part in locating or tiling.
 */
export const orgUnitGeometries = pgTable(
  'org_unit_geometries',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    geometry: jsonb('geometry').notNull(),
    minLng: doublePrecision('min_lng').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLng: doublePrecision('max_lng').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    areaM2: doublePrecision('area_m2').notNull(),
    isDraft: boolean('is_draft').notNull().default(false),
    source: varchar('source', { length: 16 }).notNull(), // import | edit | split | merge | demo
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp('valid_to', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id),
  },
  (t) => [
    // One current boundary (and at most one current draft) per node.
    uniqueIndex('org_unit_geometries_current_uq').on(t.orgUnitId, t.isDraft).where(sql`valid_to is null`),
    index('org_unit_geometries_node_idx').on(t.orgUnitId),
  ],
);

/** Buildings (楼栋): a point or footprint in a grid; later they hold dwellings. */
export const buildings = pgTable(
  'buildings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    name: varchar('name', { length: 100 }).notNull(),
    number: varchar('number', { length: 32 }),
    address: varchar('address', { length: 200 }),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    footprint: jsonb('footprint'),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('buildings_org_unit_idx').on(t.orgUnitId)],
);

/** Grid teams ("1+2+2+X"): leader, A/B workers, proxy agents, and X members such as police. */
export const gridTeamMembers = pgTable(
  'grid_team_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    // A staff account when the member has one; X members (police, volunteers) may not.
    userId: integer('user_id').references(() => users.id),
    name: varchar('name', { length: 50 }).notNull(),
    phone: varchar('phone', { length: 30 }),
    role: varchar('role', { length: 24 }).notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('grid_team_members_node_idx').on(t.orgUnitId), index('grid_team_members_user_idx').on(t.userId),
    check('grid_team_members_role_check', oneOf(t.role, TEAM_ROLES)),
  ],
);
