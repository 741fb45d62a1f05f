// The tables the case-config module owns. Other modules reach their rows through ./index.ts, never these objects.
import { boolean, index, integer, jsonb, pgTable, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { orgUnits } from '../territory/tables.js';
import { oneOf } from '../../db/checks.js';
import { CASE_PRIORITY_KEYS } from '../../../../core/src/cases/priorities.js';
import { UNIT_TYPES } from '../../../../core/src/cases/units.js';
import { users } from '../users/tables.js';

/** Per-deployment settings of a case category: default priority, handling unit and step limits. */
export const caseCategorySettings = pgTable('case_category_settings', {
  categoryKey: varchar('category_key', { length: 24 }).primaryKey(),
  enabled: boolean('enabled').notNull().default(true),
  priority: varchar('priority', { length: 8 }),
  unitType: varchar('unit_type', { length: 16 }),
  unitId: integer('unit_id'),
  /** { normal?: { respond?: {amount, unit}, … }, urgent?: …, critical?: … }: only what differs from the defaults. */
  limits: jsonb('limits'),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: updatedAt(),
},
  (t) => [
    check('case_category_settings_priority_check', oneOf(t.priority, CASE_PRIORITY_KEYS)),
    check('case_category_settings_unit_type_check', oneOf(t.unitType, UNIT_TYPES)),
  ],
);

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
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('routing_rules_category_idx').on(t.categoryKey), index('routing_rules_org_unit_idx').on(t.orgUnitId),
    check('routing_rules_unit_type_check', oneOf(t.unitType, UNIT_TYPES)),
  ],
);

/** The working calendar's own days: holidays and make-up workdays entered or imported (2027 onward). */
export const calendarDays = pgTable('calendar_days', {
  day: varchar('day', { length: 10 }).primaryKey(),
  kind: varchar('kind', { length: 8 }).notNull(), // holiday | workday
  name: varchar('name', { length: 50 }),
  updatedAt: updatedAt(),
},
  (t) => [
    check('calendar_days_kind_check', oneOf(t.kind, ['holiday', 'workday'])),
  ],
);
