// The tables the residents module owns: residents' own accounts (by phone), their one-time sign-in
// codes and their sessions. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, smallint, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns.js';

/**
 * A resident's own account, made at the first sign-in with a one-time code. The phone number is the
 * account: sealed (field crypto) and found by its keyed hash, never stored in clear.
 */
export const residents = pgTable(
  'residents',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    phoneHash: varchar('phone_hash', { length: 64 }).notNull(),
    phoneCipher: varchar('phone_cipher', { length: 200 }).notNull(),
    /** The name the resident last gave (filing a request); null until then. */
    displayName: varchar('display_name', { length: 50 }),
    createdAt: createdAt(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('residents_phone_uq').on(t.phoneHash)],
);

/**
 * One-time sign-in codes, by the keyed hash of the phone; the code itself is stored as a keyed hash
 * too (six digits are quickly guessed from a plain hash). A code is good once, for five minutes and
 * five wrong tries.
 */
export const residentCodes = pgTable(
  'resident_codes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    phoneHash: varchar('phone_hash', { length: 64 }).notNull(),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    wrongTries: smallint('wrong_tries').notNull().default(0),
    /** Signed in with it, or voided by too many wrong tries or a newer code. */
    spentAt: timestamp('spent_at', { withTimezone: true }),
  },
  (t) => [index('resident_codes_phone_idx').on(t.phoneHash, t.createdAt), check('resident_codes_tries_check', sql`${t.wrongTries} between 0 and 5`)],
);

/** A resident's browser session: the id is the SHA-256 of the cookie value (cg_resident). */
export const residentSessions = pgTable(
  'resident_sessions',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    residentId: integer('resident_id')
      .notNull()
      .references(() => residents.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('resident_sessions_resident_idx').on(t.residentId)],
);
