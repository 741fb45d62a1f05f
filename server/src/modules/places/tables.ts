// The tables the places module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { buildings } from '../geo/tables.js';
import { orgUnits } from '../territory/tables.js';
import { oneOf } from '../../db/checks.js';
import { PLACE_KIND_KEYS } from '../../../../core/src/register/place-kinds.js';
import { COMPONENT_CONDITION_KEYS } from '../../../../core/src/register/component-conditions.js';

/**
 * Places and organisations: 沿街商户, 重点场所, 驻区单位, 社会组织, 非公企业, 物业公司. Contact
 * phones are encrypted like persons' phones; the credit code is public and stored plainly.
 */
export const places = pgTable(
  'places',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    kind: varchar('kind', { length: 24 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    nameInitials: varchar('name_initials', { length: 100 }).notNull(),
    address: varchar('address', { length: 200 }).notNull(),
    buildingId: integer('building_id').references(() => buildings.id),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    creditCode: varchar('credit_code', { length: 18 }),
    industry: varchar('industry', { length: 50 }),
    legalRepresentative: varchar('legal_representative', { length: 50 }),
    contactName: varchar('contact_name', { length: 50 }),
    contactPhoneEnc: text('contact_phone_enc'),
    contactPhoneHash: varchar('contact_phone_hash', { length: 64 }),
    employees: integer('employees'),
    notes: varchar('notes', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('places_org_unit_idx').on(t.orgUnitId),
    index('places_kind_idx').on(t.kind),
    uniqueIndex('places_credit_code_uq').on(t.creditCode).where(sql`status = 'active' and credit_code is not null`),
    index('places_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('places_address_trgm').using('gin', sql`${t.address} gin_trgm_ops`),
    index('places_initials_c_idx').on(sql`${t.nameInitials} collate "C"`),
    check('places_kind_check', oneOf(t.kind, PLACE_KIND_KEYS)),
  ],
);

/** City components (部件) with their GB/T 47678.5-2026 category, location and condition. */
export const components = pgTable(
  'components',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    categoryCode: varchar('category_code', { length: 5 }).notNull(), // class (2) + item (3)
    code: varchar('code', { length: 32 }).notNull(), // 部件标识码
    name: varchar('name', { length: 100 }),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    address: varchar('address', { length: 200 }),
    condition: varchar('condition', { length: 16 }).notNull().default('intact'), // intact | damaged | missing | occupied | removed
    ownerDepartment: varchar('owner_department', { length: 100 }),
    maintainer: varchar('maintainer', { length: 100 }),
    notes: varchar('notes', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('components_org_unit_idx').on(t.orgUnitId),
    index('components_category_idx').on(t.categoryCode),
    uniqueIndex('components_code_uq').on(t.code),
    check('components_condition_check', oneOf(t.condition, COMPONENT_CONDITION_KEYS)),
  ],
);
