// Infrastructure tables of the database layer itself (settings key/values, rate-limit counters).
import { index, integer, jsonb, pgTable, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.js';

/** Deployment settings as JSON values (map tile source, …), plus the geometry revision. */
export const settings = pgTable('settings', {
  key: varchar('key', { length: 64 }).primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/** Requests counted per key (e.g. the client IP of anonymous endpoints) and fixed time window. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: varchar('key', { length: 120 }).notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limits_window_idx').on(t.windowStart)],
);
