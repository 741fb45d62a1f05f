// The tables the visits module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, timestamp, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns.js';
import { households } from '../housing/tables.js';
import { orgUnits } from '../territory/tables.js';
import { users } from '../users/tables.js';
import { oneOf } from '../../db/checks.js';
import { MUST_VISIT_REASONS, VISIT_KIND_KEYS } from '../../../../core/src/register/visit-kinds.js';

/** Household visits (入户走访): who visited which household when, what they found and what is needed. */
export const visits = pgTable(
  'visits',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    visitorUserId: integer('visitor_user_id').references(() => users.id),
    visitorName: varchar('visitor_name', { length: 50 }).notNull(),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    kind: varchar('kind', { length: 16 }).notNull(), // routine | hospital | hardship | festival | dispute | funeral
    findings: varchar('findings', { length: 1000 }).notNull(),
    needs: varchar('needs', { length: 1000 }),
    createdAt: createdAt(),
    // X-Client-Time: when the worker logged it on their phone (null: not sent).
    clientAt: timestamp('client_at', { withTimezone: true }),
  },
  (t) => [
    index('visits_household_idx').on(t.householdId, t.visitedAt),
    index('visits_org_unit_idx').on(t.orgUnitId, t.visitedAt),
    index('visits_visitor_idx').on(t.visitorUserId, t.visitedAt),
    check('visits_kind_check', oneOf(t.kind, VISIT_KIND_KEYS)),
  ],
);

/** "五必访" reminders: an event in a household (hospital stay, hardship, festival, dispute, funeral) that must be visited by a date. */
export const visitReminders = pgTable(
  'visit_reminders',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    reason: varchar('reason', { length: 16 }).notNull(),
    note: varchar('note', { length: 500 }),
    dueDate: varchar('due_date', { length: 10 }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    doneVisitId: integer('done_visit_id').references(() => visits.id),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('visit_reminders_household_idx').on(t.householdId), index('visit_reminders_open_idx').on(t.orgUnitId, t.dueDate).where(sql`done_at is null`),
    check('visit_reminders_reason_check', oneOf(t.reason, MUST_VISIT_REASONS)),
  ],
);

/**
 * 民情日记: what a grid worker noticed on their round (a conversation, a mood in a building, a need
 * not yet a case), kept by grid. Written from the field app, often offline: `client_at` is when.
 */
export const diaryNotes = pgTable(
  'diary_notes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    // The grid (or the node) the note belongs to: decides who reads it.
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id),
    authorName: varchar('author_name', { length: 50 }).notNull(),
    text: varchar('text', { length: 2000 }).notNull(),
    householdId: integer('household_id').references(() => households.id),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    clientAt: timestamp('client_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('diary_notes_author_idx').on(t.authorUserId, t.createdAt), index('diary_notes_org_unit_idx').on(t.orgUnitId, t.createdAt)],
);
