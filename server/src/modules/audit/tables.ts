// The tables the audit module owns. Other modules reach their rows through ./index.ts, never these objects.
import { bigint, index, integer, jsonb, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../../db/columns.js';
import { users } from '../users/tables.js';

/** Who changed what, when, before/after. Append-only: a trigger refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: integer('actor_id').references(() => users.id),
    actorName: varchar('actor_name', { length: 50 }),
    action: varchar('action', { length: 64 }).notNull(),
    entityType: varchar('entity_type', { length: 32 }).notNull(),
    entityId: varchar('entity_id', { length: 64 }),
    // The territory path the change belongs to, so administrators see the audit of their scope.
    scopePath: ltree('scope_path'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: varchar('request_id', { length: 64 }),
    ip: varchar('ip', { length: 64 }),
    // X-Client-Time: when the user did it on their phone (null: not sent).
    clientAt: timestamp('client_at', { withTimezone: true }),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_scope_gist').using('gist', t.scopePath),
  ],
);
