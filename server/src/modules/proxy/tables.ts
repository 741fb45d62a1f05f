// The tables the proxy-service module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { HELP_LEVELS, type Material } from '../../../../core/src/proxy/catalogue.js';
import { keysOf, oneOf } from '../../db/checks.js';
import { createdAt, ltree, updatedAt } from '../../db/columns.js';
import { RATING_KEYS } from '../../../../core/src/cases/workflow-inputs.js';
import { PROXY_STATE_KEYS, PROXY_STEPS } from '../../../../core/src/proxy/workflow.js';
import { orgUnits } from '../territory/tables.js';
import { persons } from '../register/tables.js';
import { users } from '../users/tables.js';
import { residents } from '../residents/tables.js';

/**
 * The catalogue of proxy services (代办事项目录): one row per item a 代办员 handles for residents.
 * Deployment-wide (a district's list, like the category dictionary); an item in use is retired,
 * never deleted, so old requests keep their item.
 */
export const proxyItems = pgTable(
  'proxy_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 12 }).notNull(), // GB/T 39554.1-2020 structure: kind 2, main 5, sub 3, handling 2
    name: varchar('name', { length: 100 }).notNull(),
    helpLevel: varchar('help_level', { length: 16 }).notNull(),
    timeLimitDays: integer('time_limit_days').notNull(), // working days
    department: varchar('department', { length: 100 }).notNull(),
    serviceWindow: varchar('service_window', { length: 100 }),
    materials: jsonb('materials').$type<Material[]>().notNull(),
    fees: varchar('fees', { length: 100 }),
    legalBasis: varchar('legal_basis', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    updatedBy: integer('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('proxy_items_code_uq').on(t.code),
    check('proxy_items_help_level_check', oneOf(t.helpLevel, keysOf(HELP_LEVELS))),
    check('proxy_items_status_check', oneOf(t.status, ['active', 'retired'])),
    check('proxy_items_code_check', sql`${t.code} ~ '^[0-9]{12}$'`),
    check('proxy_items_time_limit_check', sql`${t.timeLimitDays} between 1 and 365`),
  ],
);

/**
 * A proxy-service request (代办): one item of the catalogue a 代办员 handles for one resident of the
 * register. `state` follows core/src/proxy/workflow.ts; every step writes a `proxy_request_events`
 * row in the same transaction. `org_path` (the resident's grid) decides who sees it.
 */
export const proxyRequests = pgTable(
  'proxy_requests',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    number: varchar('number', { length: 20 }).notNull(), // DB20261203-0001
    itemId: integer('item_id')
      .notNull()
      .references(() => proxyItems.id),
    /** The resident in the register; null when a resident filed it themselves (the agent may link them later). */
    personId: integer('person_id').references(() => persons.id),
    /** The resident's own account when they filed it on the resident pages (their phone is the account's). */
    residentId: integer('resident_id').references(() => residents.id),
    /** The name the resident gave when filing without a register entry. */
    applicantName: varchar('applicant_name', { length: 50 }),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    agentId: integer('agent_id')
      .notNull()
      .references(() => users.id),
    filedBy: integer('filed_by').references(() => users.id),
    state: varchar('state', { length: 16 }).notNull(),
    /** What the resident asks for, in their words. */
    description: varchar('description', { length: 2000 }),
    /** When the 代办委托书 was signed; the signature drawn on the screen is a PNG in the file store (its key). */
    entrustedAt: timestamp('entrusted_at', { withTimezone: true }).notNull(),
    signatureKey: varchar('signature_key', { length: 64 }),
    result: varchar('result', { length: 2000 }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    terminatedReason: varchar('terminated_reason', { length: 2000 }),
    rating: varchar('rating', { length: 24 }),
    ratingComment: varchar('rating_comment', { length: 2000 }),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    urgeCount: integer('urge_count').notNull().default(0),
    // The running time limit, as a case keeps it.
    deadlineStep: varchar('deadline_step', { length: 16 }),
    deadlineStartedAt: timestamp('deadline_started_at', { withTimezone: true }),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    deadlineWarnAt: timestamp('deadline_warn_at', { withTimezone: true }),
    deadlineLimit: jsonb('deadline_limit'),
    // When the deadline scan told the agent of the running step's yellow and red (null again when a new step starts).
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    /** Whether the 办理 step was finished after its limit (kept for the on-time rate). */
    handledLate: boolean('handled_late'),
    clientAt: timestamp('client_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('proxy_requests_number_uq').on(t.number),
    index('proxy_requests_org_path_gist').using('gist', t.orgPath),
    index('proxy_requests_agent_idx').on(t.agentId, t.state),
    index('proxy_requests_item_idx').on(t.itemId),
    index('proxy_requests_entrusted_idx').on(t.entrustedAt),
    index('proxy_requests_resident_idx').on(t.residentId).where(sql`resident_id is not null`),
    // Filed for a register person, or by a resident with their own account (or both, once linked).
    check('proxy_requests_applicant_check', sql`${t.personId} is not null or ${t.residentId} is not null`),
    check('proxy_requests_state_check', oneOf(t.state, PROXY_STATE_KEYS)),
    check('proxy_requests_deadline_step_check', oneOf(t.deadlineStep, PROXY_STEPS.map((s) => s.key))),
    check('proxy_requests_rating_check', oneOf(t.rating, RATING_KEYS)),
  ],
);

/** The timeline of a request: who took which step when; a 材料交接单 is the data of a materials step. */
export const proxyRequestEvents = pgTable(
  'proxy_request_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    requestId: integer('request_id')
      .notNull()
      .references(() => proxyRequests.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: varchar('actor_name', { length: 50 }).notNull(),
    action: varchar('action', { length: 24 }).notNull(), // entrust | a workflow action
    fromState: varchar('from_state', { length: 16 }),
    toState: varchar('to_state', { length: 16 }).notNull(),
    note: varchar('note', { length: 2000 }),
    data: jsonb('data'),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    clientAt: timestamp('client_at', { withTimezone: true }),
  },
  (t) => [
    index('proxy_request_events_request_idx').on(t.requestId, t.id),
    check('proxy_request_events_from_state_check', oneOf(t.fromState, PROXY_STATE_KEYS)),
    check('proxy_request_events_to_state_check', oneOf(t.toState, PROXY_STATE_KEYS)),
  ],
);
