// The tables the register module owns. Other modules reach their rows through ./index.ts, never these objects.
import { sql } from 'drizzle-orm';
import { boolean, type AnyPgColumn, index, integer, jsonb, pgTable, primaryKey, text, timestamp, varchar, check } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { dwellings } from '../housing/tables.js';
import { orgUnits } from '../territory/tables.js';
import { keysOf, oneOf } from '../../db/checks.js';
import { DOCUMENT_TYPE_KEYS } from '../../../../core/src/register/documents.js';
import { EDUCATION_LEVELS } from '../../../../core/src/register/person-fields.js';
import { MANAGEMENT_LEVEL_KEYS, RESIDENCE_STATUSES, TAG_GROUPS } from '../../../../core/src/register/tags.js';
import { users } from '../users/tables.js';

/**
 * Persons (实有人口). ID and phone numbers are stored encrypted (AES-256-GCM) beside keyed hashes
 * for exact search and for search by the last 4–6 characters; the database alone reveals neither.
 * Pinyin keys of the name are stored for search by initials (张美荣 ← zmr).
 */
export const persons = pgTable(
  'persons',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    name: varchar('name', { length: 50 }).notNull(),
    nameInitials: varchar('name_initials', { length: 50 }).notNull(),
    nameFull: varchar('name_full', { length: 200 }).notNull(),
    documentType: varchar('document_type', { length: 32 }).notNull(),
    documentEnc: text('document_enc').notNull(),
    documentHash: varchar('document_hash', { length: 64 }).notNull(),
    documentSuffix4: varchar('document_suffix4', { length: 64 }).notNull(),
    documentSuffix6: varchar('document_suffix6', { length: 64 }).notNull(),
    gender: varchar('gender', { length: 8 }),
    birthDate: varchar('birth_date', { length: 10 }),
    ethnicity: varchar('ethnicity', { length: 20 }),
    phoneEnc: text('phone_enc'),
    phoneHash: varchar('phone_hash', { length: 64 }),
    residenceStatus: varchar('residence_status', { length: 16 }).notNull(),
    // Where the person lives now (null = not yet placed: the coverage report lists them).
    dwellingId: integer('dwelling_id').references((): AnyPgColumn => dwellings.id),
    education: varchar('education', { length: 16 }),
    occupation: varchar('occupation', { length: 50 }),
    nationality: varchar('nationality', { length: 40 }),
    // 户籍地 for migrants; residence registration (居住登记/居住证) dates as YYYY-MM-DD.
    hukouAddress: varchar('hukou_address', { length: 200 }),
    residenceFrom: varchar('residence_from', { length: 10 }),
    residenceUntil: varchar('residence_until', { length: 10 }),
    skills: varchar('skills', { length: 200 }),
    notes: varchar('notes', { length: 500 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('persons_org_unit_idx').on(t.orgUnitId),
    index('persons_dwelling_idx').on(t.dwellingId),
    index('persons_residence_until_idx').on(t.residenceUntil),
    // Byte-order ("C") B-trees serve both a prefix LIKE and ORDER BY on the same collation, so a
    // search walks matches in name order and stops at the first page inside the caller's scope.
    index('persons_name_c_idx').on(sql`${t.name} collate "C"`),
    index('persons_initials_c_idx').on(sql`${t.nameInitials} collate "C"`),
    index('persons_full_c_idx').on(sql`${t.nameFull} collate "C"`),
    index('persons_document_hash_idx').on(t.documentHash),
    index('persons_document_suffix4_idx').on(t.documentSuffix4),
    index('persons_document_suffix6_idx').on(t.documentSuffix6),
    index('persons_phone_hash_idx').on(t.phoneHash),
    index('persons_initials_idx').on(t.nameInitials),
    index('persons_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    check('persons_residence_status_check', oneOf(t.residenceStatus, keysOf(RESIDENCE_STATUSES))),
    check('persons_document_type_check', oneOf(t.documentType, DOCUMENT_TYPE_KEYS)),
    check('persons_education_check', oneOf(t.education, keysOf(EDUCATION_LEVELS))),
  ],
);

/** The catalogue of person tags (configuration; defaults from core/src/register/tags.ts). */
export const tagDefinitions = pgTable('tag_definitions', {
  key: varchar('key', { length: 40 }).primaryKey(),
  nameZh: varchar('name_zh', { length: 40 }).notNull(),
  nameEn: varchar('name_en', { length: 80 }).notNull(),
  group: varchar('group', { length: 16 }).notNull(),
  sensitive: boolean('sensitive').notNull().default(false),
  managementLevels: jsonb('management_levels').$type<string[]>(),
  visibleTo: jsonb('visible_to').$type<string[]>(),
  rule: jsonb('rule'),
  sortOrder: integer('sort_order').notNull().default(0),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
},
  (t) => [
    check('tag_definitions_group_check', oneOf(t.group, keysOf(TAG_GROUPS))),
  ],
);

/** Tags a person carries (derived tags such as 60+ are computed, not stored). */
export const personTags = pgTable(
  'person_tags',
  {
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    tagKey: varchar('tag_key', { length: 40 })
      .notNull()
      .references(() => tagDefinitions.key),
    managementLevel: varchar('management_level', { length: 16 }),
    since: varchar('since', { length: 10 }),
    note: varchar('note', { length: 200 }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.tagKey] }), index('person_tags_tag_idx').on(t.tagKey),
    check('person_tags_management_level_check', oneOf(t.managementLevel, MANAGEMENT_LEVEL_KEYS)),
  ],
);
