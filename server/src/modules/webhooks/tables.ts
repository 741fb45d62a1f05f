// The tables the webhooks module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { eachOf } from '../../db/checks.js';
import { WEBHOOK_EVENTS } from './outbox.js';
import { users } from '../users/tables.js';

/** Outside systems told about case events (signed POSTs). */
export const webhooks = pgTable('webhooks', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: varchar('name', { length: 100 }).notNull(),
  url: varchar('url', { length: 500 }).notNull(),
  secretCipher: text('secret_cipher').notNull(),
  events: text('events').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
},
  (t) => [
    check('webhooks_events_check', eachOf(t.events, [...WEBHOOK_EVENTS, '*'])),
  ],
);

/** The webhook outbox: written with the change, delivered and retried with backoff by a worker. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    event: varchar('event', { length: 40 }).notNull(),
    payload: jsonb('payload').notNull(),
    status: varchar('status', { length: 12 }).notNull().default('pending'), // pending | delivered | failed
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastStatus: integer('last_status'),
    // The last attempt's status line ('200 OK', 'timeout: …', 'refused: loopback address'); never
    // the receiver's body (等保2.0: the log must not echo what an inside system answered).
    lastResult: varchar('last_result', { length: 100 }),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`), index('webhook_deliveries_hook_idx').on(t.webhookId, t.id)],
);
