// The table the board module owns: the change log of cases that its feed reads and a reconnecting
// browser resumes from. Rows are written by a trigger on `cases` (server/drizzle/0015_case_changes.sql),
// so no writer can forget them; the board only reads and prunes them.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { cases } from '../cases/tables.js';

/**
 * One row per written case row, numbered in commit order: the trigger runs at commit (deferred)
 * under one transaction-scoped advisory lock, so a reader that sees `seq` n has seen every row below.
 */
export const caseChanges = pgTable(
  'case_changes',
  {
    /** The cursor: a browser's Last-Event-ID. */
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    /** clock_timestamp() under the lock, so it grows with seq (pruning and the resume window). */
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [index('case_changes_at_idx').on(t.at)],
);
