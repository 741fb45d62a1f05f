// Infrastructure tables of the database layer itself (settings key/values, rate-limit counters,
// the Idempotency-Keys of writes).
import { boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, varchar } from 'drizzle-orm/pg-core';
// A foreign key needs the column; the users module's index would load its services into the database layer.
// eslint-disable-next-line civicgrid/module-boundaries
import { users } from '../modules/users/tables.js';
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

/**
 * One row per Idempotency-Key a signed-in user sent with a write (http/idempotency.ts): claimed
 * before the route runs, marked `done` in the transaction of the change, the answer stored once it
 * is made. Kept 7 days.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: integer('user_id').notNull().references(() => users.id),
    key: varchar('key', { length: 100 }).notNull(),
    // SHA-256 of method, URL and body: the same key with another request is refused.
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    // The request holding the claim (a fresh UUID per request; a stale claim is taken over with a new one).
    token: varchar('token', { length: 36 }).notNull(),
    done: boolean('done').notNull().default(false),
    status: smallint('status'),
    contentType: varchar('content_type', { length: 100 }),
    answer: text('answer'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
