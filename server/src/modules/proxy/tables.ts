// The tables the proxy-service module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { HELP_LEVELS, type Material } from '../../../../core/src/proxy/catalogue.js';
import { keysOf, oneOf } from '../../db/checks.js';
import { createdAt, updatedAt } from '../../db/columns.js';
import { users } from '../users/tables.js';

/**
 * The catalogue of proxy services (代办事项目录): one row per item a 代办员 handles for residents.
 * Deployment-wide (a district's list, like the category dictionary); an item in use is retired,
 * never deleted, so old requests keep their item.
 */
export const proxyItems = pgTable(
  'proxy_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 12 }).notNull(), // GB/T 39554.1-2020 structure: kind 2, main 5, sub 3, handling 2
    name: varchar('name', { length: 100 }).notNull(),
    helpLevel: varchar('help_level', { length: 16 }).notNull(),
    timeLimitDays: integer('time_limit_days').notNull(), // working days
    department: varchar('department', { length: 100 }).notNull(),
    serviceWindow: varchar('service_window', { length: 100 }),
    materials: jsonb('materials').$type<Material[]>().notNull(),
    fees: varchar('fees', { length: 100 }),
    legalBasis: varchar('legal_basis', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    updatedBy: integer('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('proxy_items_code_uq').on(t.code),
    check('proxy_items_help_level_check', oneOf(t.helpLevel, keysOf(HELP_LEVELS))),
    check('proxy_items_status_check', oneOf(t.status, ['active', 'retired'])),
    check('proxy_items_code_check', sql`${t.code} ~ '^[0-9]{12}$'`),
    check('proxy_items_time_limit_check', sql`${t.timeLimitDays} between 1 and 365`),
  ],
);
