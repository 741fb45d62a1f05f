// The tables the departments module owns. Other modules reach their rows through ./index.ts, never these objects.
import { index, integer, pgTable, timestamp, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { orgUnits } from '../territory/tables.js';
import { oneOf } from '../../db/checks.js';
import { DEPARTMENT_KINDS } from './schema.js';

/** Handling units that are not territory: 城管, 市政, 物业公司, 派出所 … owned by a territory node. */
export const departments = pgTable(
  'departments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: varchar('name', { length: 100 }).notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    contactName: varchar('contact_name', { length: 50 }),
    contactPhone: varchar('contact_phone', { length: 30 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('departments_org_unit_idx').on(t.orgUnitId),
    check('departments_kind_check', oneOf(t.kind, DEPARTMENT_KINDS)),
  ],
);
