// The tables the housing module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, smallint, text, timestamp, uniqueIndex, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { buildings } from '../geo/tables.js';
import { persons } from '../register/tables.js';
import { orgUnits } from '../territory/tables.js';
import { oneOf } from '../../db/checks.js';
import { RELATION_KEYS } from '../../../../core/src/register/relations.js';
import { HOUSEHOLD_KINDS } from './schema.js';

/**
 * Dwellings (房屋): buildings → units → dwellings. The grid is copied from the building so scope
 * checks need no extra join; `address` is the full readable address, searched by fragments.
 */
export const dwellings = pgTable(
  'dwellings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    unit: varchar('unit', { length: 16 }), // 单元, e.g. '2'
    floor: smallint('floor'),
    room: varchar('room', { length: 16 }).notNull(), // 室, e.g. '501'
    address: varchar('address', { length: 200 }).notNull(),
    areaM2: doublePrecision('area_m2'),
    use: varchar('use', { length: 16 }).notNull().default('residential'), // residential | commercial | mixed | office | other
    occupancy: varchar('occupancy', { length: 16 }).notNull().default('unknown'), // owner | rented | vacant | lent | unknown
    ownerName: varchar('owner_name', { length: 50 }),
    notes: varchar('notes', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('dwellings_org_unit_idx').on(t.orgUnitId),
    index('dwellings_building_idx').on(t.buildingId),
    uniqueIndex('dwellings_room_uq').on(t.buildingId, t.unit, t.room).where(sql`status = 'active'`),
    index('dwellings_address_trgm').using('gin', sql`${t.address} gin_trgm_ops`),
    index('dwellings_room_idx').on(t.room),
  ],
);

/** Households (户): live in a dwelling (or not yet placed), with a head and members. */
export const households = pgTable(
  'households',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    dwellingId: integer('dwelling_id').references(() => dwellings.id),
    householdNo: varchar('household_no', { length: 32 }), // 户号 from the 户口簿, when known
    kind: varchar('kind', { length: 16 }).notNull().default('family'), // family | collective
    headPersonId: integer('head_person_id').references(() => persons.id),
    notes: varchar('notes', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Bumped by triggers (migration 0018) on every change of the household, its members or their
    // person rows, so a phone that saw version n can say "changed since" (409 HOUSEHOLD_CHANGED).
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('households_org_unit_idx').on(t.orgUnitId),
    index('households_dwelling_idx').on(t.dwellingId),
    index('households_head_idx').on(t.headPersonId),
    check('households_kind_check', oneOf(t.kind, HOUSEHOLD_KINDS)),
  ],
);

/** Members of a household and their relation to the head (户主 for the head). */
export const householdMembers = pgTable(
  'household_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    relation: varchar('relation', { length: 16 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('household_members_uq').on(t.householdId, t.personId), index('household_members_person_idx').on(t.personId),
    check('household_members_relation_check', oneOf(t.relation, RELATION_KEYS)),
  ],
);

/** The rental ledger (出租房屋台账): a dwelling let by a landlord, with tenants. */
export const rentals = pgTable(
  'rentals',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    dwellingId: integer('dwelling_id')
      .notNull()
      .references(() => dwellings.id),
    landlordPersonId: integer('landlord_person_id').references(() => persons.id),
    landlordName: varchar('landlord_name', { length: 50 }).notNull(),
    landlordPhoneEnc: text('landlord_phone_enc'),
    landlordPhoneHash: varchar('landlord_phone_hash', { length: 64 }),
    rooms: smallint('rooms'),
    purpose: varchar('purpose', { length: 16 }).notNull().default('residential'), // residential | business | dormitory | mixed
    startDate: varchar('start_date', { length: 10 }).notNull(),
    endDate: varchar('end_date', { length: 10 }),
    notes: varchar('notes', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'), // active | ended
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('rentals_org_unit_idx').on(t.orgUnitId), index('rentals_dwelling_idx').on(t.dwellingId)],
);

/** Tenants of a rental: persons of the register, with the room and the period they rent. */
export const rentalTenants = pgTable(
  'rental_tenants',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    rentalId: integer('rental_id')
      .notNull()
      .references(() => rentals.id),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    room: varchar('room', { length: 16 }),
    fromDate: varchar('from_date', { length: 10 }).notNull(),
    untilDate: varchar('until_date', { length: 10 }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('rental_tenants_uq').on(t.rentalId, t.personId), index('rental_tenants_person_idx').on(t.personId)],
);
