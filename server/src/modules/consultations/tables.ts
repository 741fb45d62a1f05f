// The table the consultations module owns. Other modules reach its rows through ./index.ts.
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { CONSULTATION_KIND_KEYS, CONSULTATION_STATE_KEYS } from '../../../../core/src/community/notices.js';
import { oneOf } from '../../db/checks.js';
import { createdAt, ltree, updatedAt } from '../../db/columns.js';
import { cases } from '../cases/tables.js';
import { proxyItems } from '../proxy/tables.js';
import { orgUnits } from '../territory/tables.js';
import { users } from '../users/tables.js';

/**
 * A resident's question or suggestion (咨询、建议) from the grid's page, followed by its tracking
 * code (only the code's SHA-256 is kept). Staff with the grid in scope answer it, turn it into a
 * case (`case_id`) or point it to a proxy service (`proxy_item_id`).
 */
export const consultations = pgTable(
  'consultations',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    text: varchar('text', { length: 1000 }).notNull(),
    contactName: varchar('contact_name', { length: 50 }),
    phoneCipher: text('phone_cipher'),
    /** The resident's account, once residents sign in (null: asked without one). */
    residentId: integer('resident_id'),
    trackingHash: varchar('tracking_hash', { length: 64 }).notNull(),
    state: varchar('state', { length: 16 }).notNull().default('open'),
    answer: varchar('answer', { length: 2000 }),
    answeredBy: integer('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    caseId: integer('case_id').references(() => cases.id),
    proxyItemId: integer('proxy_item_id').references(() => proxyItems.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('consultations_tracking_uq').on(t.trackingHash),
    index('consultations_org_path_gist').using('gist', t.orgPath),
    check('consultations_kind_check', oneOf(t.kind, CONSULTATION_KIND_KEYS)),
    check('consultations_state_check', oneOf(t.state, CONSULTATION_STATE_KEYS)),
  ],
);
