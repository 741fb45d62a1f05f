// The tables the cases module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { bigint, check, doublePrecision, boolean, type AnyPgColumn, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { ltree, bytea, createdAt, updatedAt } from '../../db/columns.js';
import { orgUnits } from '../territory/tables.js';
import { users } from '../users/tables.js';
import { residents } from '../residents/tables.js';
import { oneOf } from '../../db/checks.js';
import { STATE_KEYS, STEPS, RATING_KEYS } from '../../../../core/src/cases/workflow.js';
import { CASE_SOURCE_KEYS } from '../../../../core/src/cases/sources.js';
import { CASE_PRIORITY_KEYS } from '../../../../core/src/cases/priorities.js';
import { UNIT_TYPES } from '../../../../core/src/cases/units.js';

/** 延期 requests and 协办 requests: their life cycles. */
export const EXTENSION_STATUSES = ['pending', 'approved', 'denied', 'cancelled'] as const;
export const COORDINATION_STATUSES = ['open', 'reported', 'ended'] as const;

/**
 * A case (案件): one problem or request from report to rating. `state` follows the table in
 * core/src/cases/workflow.ts; every change writes a `case_events` row in the same transaction.
 * `org_path` (the grid's path) decides who sees it; `holder_path` (the community, street or
 * district whose dispatchers hold it; raised by 上报上级) decides who supervises it.
 */
export const cases = pgTable(
  'cases',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    number: varchar('number', { length: 20 }).notNull(), // 20261124-0001
    source: varchar('source', { length: 16 }).notNull(),
    categoryKey: varchar('category_key', { length: 24 }).notNull(),
    priority: varchar('priority', { length: 8 }).notNull(),
    state: varchar('state', { length: 16 }).notNull(),
    description: varchar('description', { length: 2000 }).notNull(),
    address: varchar('address', { length: 200 }),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    holderNodeId: integer('holder_node_id')
      .notNull()
      .references(() => orgUnits.id),
    holderPath: ltree('holder_path').notNull(),
    handlingUnitType: varchar('handling_unit_type', { length: 16 }), // department | org_unit
    handlingUnitId: integer('handling_unit_id'),
    reporterUserId: integer('reporter_user_id').references(() => users.id),
    reporterName: varchar('reporter_name', { length: 50 }),
    reporterPhoneCipher: text('reporter_phone_cipher'),
    /** SHA-256 of an anonymous reporter's tracking code (查询码); the code itself is shown once. */
    trackingHash: varchar('tracking_hash', { length: 64 }),
    /** The resident's own account (modules/residents) when they reported signed in: "我的" lists it. */
    residentId: integer('resident_id').references(() => residents.id),
    idempotencyOwner: varchar('idempotency_owner', { length: 40 }),
    idempotencyKey: varchar('idempotency_key', { length: 100 }),
    requestHash: varchar('request_hash', { length: 64 }),
    // The running time limit: which step, since when, until when, and when it turns yellow.
    deadlineStep: varchar('deadline_step', { length: 16 }),
    deadlineStartedAt: timestamp('deadline_started_at', { withTimezone: true }),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    deadlineWarnAt: timestamp('deadline_warn_at', { withTimezone: true }),
    deadlineLimit: jsonb('deadline_limit'),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    fixOnSpot: boolean('fix_on_spot').notNull().default(false),
    reworkCount: integer('rework_count').notNull().default(0),
    reopenCount: integer('reopen_count').notNull().default(0),
    urgeCount: integer('urge_count').notNull().default(0),
    escalationCount: integer('escalation_count').notNull().default(0),
    supervisedAt: timestamp('supervised_at', { withTimezone: true }),
    reviewDate: varchar('review_date', { length: 10 }),
    rating: varchar('rating', { length: 24 }),
    ratingComment: varchar('rating_comment', { length: 2000 }),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    mergedIntoId: integer('merged_into_id').references((): AnyPgColumn => cases.id),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
    // X-Client-Time of the report: when the reporter saw it on their phone (null: not sent).
    reportedClientAt: timestamp('reported_client_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('cases_number_uq').on(t.number),
    // Partial: most reports carry neither, and every index is paid for on every report.
    uniqueIndex('cases_idempotency_uq').on(t.idempotencyOwner, t.idempotencyKey).where(sql`idempotency_key is not null`),
    uniqueIndex('cases_tracking_uq').on(t.trackingHash).where(sql`tracking_hash is not null`),
    index('cases_org_path_gist').using('gist', t.orgPath),
    index('cases_state_idx').on(t.state, t.reportedAt),
    index('cases_reported_idx').on(t.reportedAt),
    index('cases_updated_idx').on(t.updatedAt, t.id), // the live board's change feed
    index('cases_unit_idx').on(t.handlingUnitType, t.handlingUnitId),
    index('cases_deadline_idx').on(t.deadlineAt).where(sql`deadline_at is not null`),
    index('cases_warn_idx').on(t.deadlineWarnAt).where(sql`warned_at is null and deadline_warn_at is not null`),
    index('cases_reporter_idx').on(t.reporterUserId),
    index('cases_resident_idx').on(t.residentId).where(sql`resident_id is not null`),
    // Likely duplicates are looked up by a box around the point (built-in point/box GiST, no PostGIS).
    index('cases_point_gist').using('gist', sql`point(${t.lng}, ${t.lat})`),
    check('cases_state_check', oneOf(t.state, STATE_KEYS)),
    check('cases_source_check', oneOf(t.source, CASE_SOURCE_KEYS)),
    check('cases_priority_check', oneOf(t.priority, CASE_PRIORITY_KEYS)),
    check('cases_rating_check', oneOf(t.rating, RATING_KEYS)),
    check('cases_deadline_step_check', oneOf(t.deadlineStep, STEPS.map((s) => s.key))),
    check('cases_handling_unit_type_check', oneOf(t.handlingUnitType, UNIT_TYPES)),
  ],
);

/** The timeline: one row per step, written with the change; append-only (trigger in the migration). */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: varchar('actor_name', { length: 50 }).notNull(),
    action: varchar('action', { length: 24 }).notNull(), // report | a workflow action | system steps (warn, overdue)
    fromState: varchar('from_state', { length: 16 }),
    toState: varchar('to_state', { length: 16 }).notNull(),
    note: varchar('note', { length: 2000 }),
    data: jsonb('data'),
    photoIds: integer('photo_ids').array(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    // X-Client-Time of the step: when the worker took it on their phone (null: not sent).
    clientAt: timestamp('client_at', { withTimezone: true }),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id),
    check('case_events_from_state_check', oneOf(t.fromState, STATE_KEYS)),
    check('case_events_to_state_check', oneOf(t.toState, STATE_KEYS)),
  ],
);

/**
 * Photos of reports and steps; uploaded first, then attached by the report or step that names them.
 * The bytes are in the file store (server/src/storage) under `storage_key`. `data` held them
 * before; the start-up move (movePhotoBlobsToStore) empties it, and it stays, nullable, until a
 * later release drops it: dropping it in the same release would destroy the photos of a
 * deployment that upgrades straight here, since SQL migrations run before the move.
 */
export const casePhotos = pgTable(
  'case_photos',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer('case_id').references(() => cases.id),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    /** Who may attach it: 'user:12', or 'anon:<sha256 of the upload token>' for public reports. */
    owner: varchar('owner', { length: 80 }).notNull(),
    contentType: varchar('content_type', { length: 32 }).notNull(),
    size: integer('size').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    /** The file store's key (the SHA-256 of the bytes); null only while the bytes are still in `data`. */
    storageKey: varchar('storage_key', { length: 64 }),
    width: integer('width'),
    height: integer('height'),
    /** Bytes stored before the file store; emptied at start-up. */
    data: bytea('data'),
    createdAt: createdAt(),
  },
  (t) => [
    index('case_photos_case_idx').on(t.caseId),
    index('case_photos_owner_idx').on(t.owner).where(sql`case_id is null`),
    // Every photo has its bytes somewhere: in the file store, or (until moved) in the row.
    check('case_photos_stored_ck', sql`storage_key is not null or data is not null`),
    // The start-up move finds what is left without reading every row.
    index('case_photos_unmoved_idx').on(t.id).where(sql`storage_key is null`),
  ],
);

/** Who hears about a case besides its holder and its reporter (cases.reporter_user_id): the reporters of cases merged into it. */
export const caseFollowers = pgTable(
  'case_followers',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] }), index('case_followers_user_idx').on(t.userId)],
);

/** 延期 requests: pending until a supervisor approves or denies; lapse when the case leaves 处置中. */
export const caseExtensions = pgTable(
  'case_extensions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    requestedBy: integer('requested_by').references(() => users.id),
    extendTo: varchar('extend_to', { length: 10 }).notNull(),
    reason: varchar('reason', { length: 2000 }).notNull(),
    status: varchar('status', { length: 12 }).notNull().default('pending'), // pending | approved | denied | cancelled
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: varchar('decision_note', { length: 2000 }),
    createdAt: createdAt(),
  },
  (t) => [index('case_extensions_case_idx').on(t.caseId), index('case_extensions_pending_idx').on(t.status).where(sql`status = 'pending'`),
    check('case_extensions_status_check', oneOf(t.status, EXTENSION_STATUSES)),
  ],
);

/** 协办: other units asked to help the handling unit, and what they reported. */
export const caseCoordination = pgTable(
  'case_coordination',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    unitType: varchar('unit_type', { length: 16 }).notNull(),
    unitId: integer('unit_id').notNull(),
    reason: varchar('reason', { length: 2000 }),
    status: varchar('status', { length: 12 }).notNull().default('open'), // open | reported | ended
    result: varchar('result', { length: 2000 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('case_coordination_case_idx').on(t.caseId), index('case_coordination_unit_idx').on(t.unitType, t.unitId),
    check('case_coordination_unit_type_check', oneOf(t.unitType, UNIT_TYPES)),
    check('case_coordination_status_check', oneOf(t.status, COORDINATION_STATUSES)),
  ],
);

/** One counter per reporting date: the sequence of case numbers. */
export const caseCounters = pgTable('case_counters', {
  day: varchar('day', { length: 10 }).primaryKey(),
  last: integer('last').notNull().default(0),
});
