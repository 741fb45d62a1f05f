// The tables of the 红色物业 service supermarket (providers, their services, orders and their
// timeline). Other modules reach their rows through ./index.ts.
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { RATING_KEYS } from '../../../../core/src/cases/workflow-inputs.js';
import { PROVIDER_KIND_KEYS, SHOP_STATE_KEYS, SHOP_STEPS } from '../../../../core/src/shop/workflow.js';
import { oneOf } from '../../db/checks.js';
import { createdAt, ltree, updatedAt } from '../../db/columns.js';
import { cases } from '../cases/tables.js';
import { orgUnits } from '../territory/tables.js';
import { users } from '../users/tables.js';

/** A provider (物业公司, 家政, 维修, 养老) registered with a node: it serves every grid under that node (a 小区's grid or a whole community). */
export const shopProviders = pgTable(
  'shop_providers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    contactName: varchar('contact_name', { length: 50 }).notNull(),
    /** The provider's service line (a business number, shown to residents). */
    contactPhone: varchar('contact_phone', { length: 24 }).notNull(),
    address: varchar('address', { length: 200 }),
    description: varchar('description', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    updatedBy: integer('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('shop_providers_org_path_gist').using('gist', t.orgPath),
    check('shop_providers_kind_check', oneOf(t.kind, PROVIDER_KIND_KEYS)),
    check('shop_providers_status_check', oneOf(t.status, ['active', 'retired'])),
  ],
);

/** A service a provider offers, with its price in 分 per unit (次, 小时, 平方米 …). */
export const shopServices = pgTable(
  'shop_services',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => shopProviders.id),
    name: varchar('name', { length: 60 }).notNull(),
    priceFen: integer('price_fen').notNull(),
    unit: varchar('unit', { length: 10 }).notNull(),
    description: varchar('description', { length: 300 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('shop_services_provider_idx').on(t.providerId),
    check('shop_services_status_check', oneOf(t.status, ['active', 'retired'])),
    check('shop_services_price_check', sql`${t.priceFen} between 0 and 100000000`),
  ],
);

/**
 * An order (点单) of a resident for a service, on the workflow in core/src/shop/workflow.ts. It
 * belongs to the resident's grid (`org_path`); the resident follows it by its tracking code. An
 * order late for its step becomes a case once (`late_case_id`).
 */
export const shopOrders = pgTable(
  'shop_orders',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    number: varchar('number', { length: 20 }).notNull(), // FW20261203-0001
    trackingHash: varchar('tracking_hash', { length: 64 }).notNull(),
    serviceId: integer('service_id')
      .notNull()
      .references(() => shopServices.id),
    providerId: integer('provider_id')
      .notNull()
      .references(() => shopProviders.id),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    state: varchar('state', { length: 16 }).notNull(),
    wantedAt: timestamp('wanted_at', { withTimezone: true }).notNull(),
    address: varchar('address', { length: 200 }).notNull(),
    contactName: varchar('contact_name', { length: 50 }),
    phoneCipher: text('phone_cipher').notNull(),
    note: varchar('note', { length: 500 }),
    /** The resident's account, once residents sign in (null: ordered with a phone number only). */
    residentId: integer('resident_id'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completionNote: varchar('completion_note', { length: 2000 }),
    cancelledReason: varchar('cancelled_reason', { length: 2000 }),
    rating: varchar('rating', { length: 24 }),
    ratingComment: varchar('rating_comment', { length: 2000 }),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    urgeCount: integer('urge_count').notNull().default(0),
    deadlineStep: varchar('deadline_step', { length: 16 }),
    deadlineStartedAt: timestamp('deadline_started_at', { withTimezone: true }),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    deadlineWarnAt: timestamp('deadline_warn_at', { withTimezone: true }),
    deadlineLimit: jsonb('deadline_limit'),
    /** The case the order became when its step ran late (once per order). */
    lateCaseId: integer('late_case_id').references(() => cases.id),
    lateAt: timestamp('late_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('shop_orders_number_uq').on(t.number),
    uniqueIndex('shop_orders_tracking_uq').on(t.trackingHash),
    index('shop_orders_org_path_gist').using('gist', t.orgPath),
    index('shop_orders_deadline_idx').on(t.deadlineAt),
    check('shop_orders_state_check', oneOf(t.state, SHOP_STATE_KEYS)),
    check('shop_orders_deadline_step_check', oneOf(t.deadlineStep, SHOP_STEPS.map((s) => s.key))),
    check('shop_orders_rating_check', oneOf(t.rating, RATING_KEYS)),
  ],
);

/** The timeline of an order: who took which step when (the desk records the provider's word). */
export const shopOrderEvents = pgTable(
  'shop_order_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orderId: integer('order_id')
      .notNull()
      .references(() => shopOrders.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: varchar('actor_name', { length: 50 }).notNull(),
    action: varchar('action', { length: 24 }).notNull(), // order | late | a workflow action
    fromState: varchar('from_state', { length: 16 }),
    toState: varchar('to_state', { length: 16 }).notNull(),
    note: varchar('note', { length: 2000 }),
    data: jsonb('data'),
  },
  (t) => [
    index('shop_order_events_order_idx').on(t.orderId, t.id),
    check('shop_order_events_to_state_check', oneOf(t.toState, SHOP_STATE_KEYS)),
  ],
);
