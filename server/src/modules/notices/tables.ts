// The table the notices module owns. Other modules reach its rows through ./index.ts.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';
import { NOTICE_CATEGORY_KEYS } from '../../../../core/src/community/notices.js';
import { oneOf } from '../../db/checks.js';
import { createdAt, ltree, updatedAt } from '../../db/columns.js';
import { orgUnits } from '../territory/tables.js';
import { users } from '../users/tables.js';

/**
 * An announcement (信息公布) of a territory node: shown on the resident pages of every grid under
 * it from `publish_on` to `expire_on` (dates in the deployment's zone), until withdrawn.
 */
export const notices = pgTable(
  'notices',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    title: varchar('title', { length: 100 }).notNull(),
    body: varchar('body', { length: 5000 }).notNull(),
    category: varchar('category', { length: 16 }).notNull(),
    publishOn: date('publish_on').notNull(),
    expireOn: date('expire_on'),
    pinned: boolean('pinned').notNull().default(false),
    status: varchar('status', { length: 16 }).notNull().default('published'),
    createdBy: integer('created_by').references(() => users.id),
    updatedBy: integer('updated_by').references(() => users.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notices_org_path_gist').using('gist', t.orgPath),
    check('notices_category_check', oneOf(t.category, NOTICE_CATEGORY_KEYS)),
    check('notices_status_check', oneOf(t.status, ['published', 'withdrawn'])),
    check('notices_dates_check', sql`${t.expireOn} is null or ${t.expireOn} >= ${t.publishOn}`),
  ],
);
