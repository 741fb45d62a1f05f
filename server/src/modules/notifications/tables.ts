// The tables the notifications module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns.js';
import { cases } from '../cases/tables.js';
import { users } from '../users/tables.js';

/** In-app notifications (the bell): one row per person a step concerns. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    caseId: integer('case_id').references(() => cases.id),
    kind: varchar('kind', { length: 32 }).notNull(),
    titleZh: varchar('title_zh', { length: 200 }).notNull(),
    titleEn: varchar('title_en', { length: 200 }).notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id), index('notifications_unread_idx').on(t.userId).where(sql`read_at is null`)],
);
