// The tables the patrol module owns. Other modules reach their rows through ./index.ts, never these objects.
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, real, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns.js';
import { orgUnits } from '../territory/tables.js';
import { users } from '../users/tables.js';

/**
 * A patrol (巡查) a grid worker walked, keyed by the UUID the phone made when it started (it works
 * offline). Its node is where the worker serves (their first bound node), which decides who sees it.
 * Nothing here scores, ranks or counts against a quota (2023 rules against 指尖上的形式主义).
 */
export const patrols = pgTable(
  'patrols',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    uuid: uuid('uuid').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    userName: varchar('user_name', { length: 50 }).notNull(),
    orgUnitId: integer('org_unit_id').references(() => orgUnits.id),
    // The phone's times of start and stop (the walk happened then, whenever it was sent).
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    distanceM: doublePrecision('distance_m'),
    // [{ id, name, coveredShare }] worked out at stop.
    grids: jsonb('grids'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('patrols_uuid_uq').on(t.uuid), index('patrols_user_idx').on(t.userId, t.startedAt), index('patrols_started_idx').on(t.startedAt)],
);

/** The points of a patrol in the phone's order (`seq`); a seq sent again is ignored. */
export const patrolPoints = pgTable(
  'patrol_points',
  {
    patrolId: integer('patrol_id')
      .notNull()
      .references(() => patrols.id),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    accuracy: real('accuracy'),
  },
  (t) => [primaryKey({ columns: [t.patrolId, t.seq] })],
);
