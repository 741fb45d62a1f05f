// The tables the case-config module owns. Other modules reach their rows through ./index.ts, never these objects.
import { boolean, index, integer, jsonb, pgTable, varchar } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { orgUnits } from '../territory/tables.js';

/** Per-deployment settings of a case category: default priority, handling unit and step limits. */
export const caseCategorySettings = pgTable('case_category_settings', {
  categoryKey: varchar('category_key', { length: 24 }).primaryKey(),
  enabled: boolean('enabled').notNull().default(true),
  priority: varchar('priority', { length: 8 }),
  unitType: varchar('unit_type', { length: 16 }),
  unitId: integer('unit_id'),
  /** { normal?: { respond?: {amount, unit}, … }, urgent?: …, critical?: … }: only what differs from the defaults. */
  limits: jsonb('limits'),
  updatedBy: integer('updated_by'),
  updatedAt: updatedAt(),
});

/** Routing rules: a category (or every category) under a territory node goes to a handling unit. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    categoryKey: varchar('category_key', { length: 24 }), // null: every category
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    unitType: varchar('unit_type', { length: 16 }).notNull(),
    unitId: integer('unit_id').notNull(),
    note: varchar('note', { length: 200 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('routing_rules_category_idx').on(t.categoryKey), index('routing_rules_org_unit_idx').on(t.orgUnitId)],
);

/** The working calendar's own days: holidays and make-up workdays entered or imported (2027 onward). */
export const calendarDays = pgTable('calendar_days', {
  day: varchar('day', { length: 10 }).primaryKey(),
  kind: varchar('kind', { length: 8 }).notNull(), // holiday | workday
  name: varchar('name', { length: 50 }),
  updatedAt: updatedAt(),
});
