// The tables the users module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { departments } from '../departments/tables.js';
import { orgUnits } from '../territory/tables.js';
import { eachOf } from '../../db/checks.js';
import { ROLE_KEYS } from '../../../../core/src/roles.js';

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  username: varchar('username', { length: 32 }).notNull().unique(),
  displayName: varchar('display_name', { length: 50 }).notNull(),
  phone: varchar('phone', { length: 30 }),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  // Deployment-wide scope (the top administrator); everyone else is bound to nodes/departments.
  scopeAll: boolean('scope_all').notNull().default(false),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
},
  (t) => [
    check('users_roles_check', eachOf(t.roles, ROLE_KEYS)),
  ],
);

/** A user's data scope: the territory nodes they work in. */
export const userOrgUnits = pgTable(
  'user_org_units',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgUnitId] }), index('user_org_units_node_idx').on(t.orgUnitId)],
);

/** A user's departments (a handler works for 城管 or 物业公司 rather than for a grid). */
export const userDepartments = pgTable(
  'user_departments',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.departmentId] })],
);
