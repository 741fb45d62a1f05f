// The Drizzle schema: the single source of the database shape for PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  check,
  boolean,
  customType,
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

/** Postgres ltree: the materialised path of a territory node, labels are node ids ('1.5.23'). */
export const ltree = customType<{ data: string }>({
  dataType: () => 'ltree',
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Level names of the territory tree (区 → 街道 → 社区 → 网格 …); configuration, not code. */
export const territoryLevels = pgTable('territory_levels', {
  level: smallint('level').primaryKey(),
  key: varchar('key', { length: 32 }).notNull().unique(),
  nameZh: varchar('name_zh', { length: 32 }).notNull(),
  nameEn: varchar('name_en', { length: 64 }).notNull(),
});

/** A node of the territory tree: district, street, community, grid, unit grid, building. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    parentId: integer('parent_id'),
    path: ltree('path').notNull(),
    level: smallint('level').notNull(),
    code: varchar('code', { length: 32 }),
    divisionCode: varchar('division_code', { length: 12 }),
    name: varchar('name', { length: 100 }).notNull(),
    // The full name in the 统计用区划代码 (e.g. 南龙头居民委员会) beside the node's name (南龙头社区); null when not imported.
    officialName: varchar('official_name', { length: 100 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    retireReason: text('retire_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('org_units_path_gist').using('gist', t.path),
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    // Codes identify live nodes; a retired node's code may be reused by its successor.
    uniqueIndex('org_units_code_active_uq').on(t.code).where(sql`status = 'active'`),
  ],
);

/** Handling units that are not territory: 城管, 市政, 物业公司, 派出所 … owned by a territory node. */
export const departments = pgTable(
  'departments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: varchar('name', { length: 100 }).notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    contactName: varchar('contact_name', { length: 50 }),
    contactPhone: varchar('contact_phone', { length: 30 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('departments_org_unit_idx').on(t.orgUnitId)],
);

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  username: varchar('username', { length: 32 }).notNull().unique(),
  displayName: varchar('display_name', { length: 50 }).notNull(),
  phone: varchar('phone', { length: 30 }),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  // Deployment-wide scope (the top administrator); everyone else is bound to nodes/departments.
  scopeAll: boolean('scope_all').notNull().default(false),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A user's data scope: the territory nodes they work in. */
export const userOrgUnits = pgTable(
  'user_org_units',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgUnitId] }), index('user_org_units_node_idx').on(t.orgUnitId)],
);

/** A user's departments (a handler works for 城管 or 物业公司 rather than for a grid). */
export const userDepartments = pgTable(
  'user_departments',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.departmentId] })],
);

/** Browser sessions. The id is the SHA-256 of the cookie value, so a database leak is no login. */
export const sessions = pgTable(
  'sessions',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: varchar('ip', { length: 64 }),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** API tokens for machine clients (field app, Open311, hotline exchange). Stored hashed. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 100 }).notNull(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/** Who changed what, when, before/after. Append-only: a trigger refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: integer('actor_id'),
    actorName: varchar('actor_name', { length: 50 }),
    action: varchar('action', { length: 64 }).notNull(),
    entityType: varchar('entity_type', { length: 32 }).notNull(),
    entityId: varchar('entity_id', { length: 64 }),
    // The territory path the change belongs to, so administrators see the audit of their scope.
    scopePath: ltree('scope_path'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: varchar('request_id', { length: 64 }),
    ip: varchar('ip', { length: 64 }),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_scope_gist').using('gist', t.scopePath),
  ],
);

/**
 * Grid geometry with history: a node's boundary is valid from valid_from until valid_to (null =
 * current), since grids are re-drawn over time. WGS-84 GeoJSON Polygon/MultiPolygon; the bbox
 * columns let the map and the locator fetch by extent without parsing JSON. A draft boundary is
 * kept for review but does not take part in locating or tiling.
 */
export const orgUnitGeometries = pgTable(
  'org_unit_geometries',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    geometry: jsonb('geometry').notNull(),
    minLng: doublePrecision('min_lng').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLng: doublePrecision('max_lng').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    areaM2: doublePrecision('area_m2').notNull(),
    isDraft: boolean('is_draft').notNull().default(false),
    source: varchar('source', { length: 16 }).notNull(), // import | edit | split | merge | demo
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp('valid_to', { withTimezone: true }),
    createdBy: integer('created_by'),
  },
  (t) => [
    // One current boundary (and at most one current draft) per node.
    uniqueIndex('org_unit_geometries_current_uq').on(t.orgUnitId, t.isDraft).where(sql`valid_to is null`),
    index('org_unit_geometries_node_idx').on(t.orgUnitId),
  ],
);

/** Buildings (楼栋): a point or footprint in a grid; later they hold dwellings. */
export const buildings = pgTable(
  'buildings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    name: varchar('name', { length: 100 }).notNull(),
    number: varchar('number', { length: 32 }),
    address: varchar('address', { length: 200 }),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    footprint: jsonb('footprint'),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('buildings_org_unit_idx').on(t.orgUnitId)],
);

/** Grid teams ("1+2+2+X"): leader, A/B workers, proxy agents, and X members such as police. */
export const gridTeamMembers = pgTable(
  'grid_team_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    // A staff account when the member has one; X members (police, volunteers) may not.
    userId: integer('user_id').references(() => users.id),
    name: varchar('name', { length: 50 }).notNull(),
    phone: varchar('phone', { length: 30 }),
    role: varchar('role', { length: 24 }).notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('grid_team_members_node_idx').on(t.orgUnitId), index('grid_team_members_user_idx').on(t.userId)],
);

/** Deployment settings as JSON values (map tile source, …), plus the geometry revision. */
export const settings = pgTable('settings', {
  key: varchar('key', { length: 64 }).primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

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
  ],
);

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
  },
  (t) => [
    index('households_org_unit_idx').on(t.orgUnitId),
    index('households_dwelling_idx').on(t.dwellingId),
    index('households_head_idx').on(t.headPersonId),
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
  (t) => [uniqueIndex('household_members_uq').on(t.householdId, t.personId), index('household_members_person_idx').on(t.personId)],
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
});

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
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.tagKey] }), index('person_tags_tag_idx').on(t.tagKey)],
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
  ],
);

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
  },
  (t) => [
    index('visits_household_idx').on(t.householdId, t.visitedAt),
    index('visits_org_unit_idx').on(t.orgUnitId, t.visitedAt),
    index('visits_visitor_idx').on(t.visitorUserId, t.visitedAt),
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
    createdBy: integer('created_by'),
    createdAt: createdAt(),
    doneVisitId: integer('done_visit_id').references(() => visits.id),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('visit_reminders_household_idx').on(t.householdId), index('visit_reminders_open_idx').on(t.orgUnitId, t.dueDate).where(sql`done_at is null`)],
);

// ————— The case loop (GB/T 30428): reports to rating, with limits, dispatch, supervision. —————

/** Raw bytes (photos). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

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
    solvedOnSpot: boolean('solved_on_spot').notNull().default(false),
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
    // Likely duplicates are looked up by a box around the point (built-in point/box GiST, no PostGIS).
    index('cases_point_gist').using('gist', sql`point(${t.lng}, ${t.lat})`),
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
    actorUserId: integer('actor_user_id'),
    actorName: varchar('actor_name', { length: 50 }).notNull(),
    action: varchar('action', { length: 24 }).notNull(), // report | a workflow action | system steps (warn, overdue)
    fromState: varchar('from_state', { length: 16 }),
    toState: varchar('to_state', { length: 16 }).notNull(),
    note: varchar('note', { length: 2000 }),
    data: jsonb('data'),
    photoIds: integer('photo_ids').array(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
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
    uploadedBy: integer('uploaded_by'),
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
    requestedBy: integer('requested_by'),
    extendTo: varchar('extend_to', { length: 10 }).notNull(),
    reason: varchar('reason', { length: 2000 }).notNull(),
    status: varchar('status', { length: 12 }).notNull().default('pending'), // pending | approved | denied | cancelled
    decidedBy: integer('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: varchar('decision_note', { length: 2000 }),
    createdAt: createdAt(),
  },
  (t) => [index('case_extensions_case_idx').on(t.caseId), index('case_extensions_pending_idx').on(t.status).where(sql`status = 'pending'`)],
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
  (t) => [index('case_coordination_case_idx').on(t.caseId), index('case_coordination_unit_idx').on(t.unitType, t.unitId)],
);

/** One counter per reporting date: the sequence of case numbers. */
export const caseCounters = pgTable('case_counters', {
  day: varchar('day', { length: 10 }).primaryKey(),
  last: integer('last').notNull().default(0),
});

/** Per-deployment settings of a case category: default priority, handling unit and step limits. */
export const caseCategorySettings = pgTable('case_category_settings', {
  categoryKey: varchar('category_key', { length: 24 }).primaryKey(),
  enabled: boolean('enabled').notNull().default(true),
  priority: varchar('priority', { length: 8 }),
  unitType: varchar('unit_type', { length: 16 }),
  unitId: integer('unit_id'),
  /** { normal?: { respond?: {amount, unit}, … }, urgent?: …, critical?: … }: only what differs from the defaults. */
  limits: jsonb('limits'),
  updatedBy: integer('updated_by'),
  updatedAt: updatedAt(),
});

/** Routing rules: a category (or every category) under a territory node goes to a handling unit. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    categoryKey: varchar('category_key', { length: 24 }), // null: every category
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    unitType: varchar('unit_type', { length: 16 }).notNull(),
    unitId: integer('unit_id').notNull(),
    note: varchar('note', { length: 200 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('routing_rules_category_idx').on(t.categoryKey), index('routing_rules_org_unit_idx').on(t.orgUnitId)],
);

/** The working calendar's own days: holidays and make-up workdays entered or imported (2027 onward). */
export const calendarDays = pgTable('calendar_days', {
  day: varchar('day', { length: 10 }).primaryKey(),
  kind: varchar('kind', { length: 8 }).notNull(), // holiday | workday
  name: varchar('name', { length: 50 }),
  updatedAt: updatedAt(),
});

/** In-app notifications (the bell): one row per person a step concerns. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    caseId: integer('case_id').references(() => cases.id),
    kind: varchar('kind', { length: 32 }).notNull(),
    titleZh: varchar('title_zh', { length: 200 }).notNull(),
    titleEn: varchar('title_en', { length: 200 }).notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id), index('notifications_unread_idx').on(t.userId).where(sql`read_at is null`)],
);

/** Outside systems told about case events (signed POSTs). */
export const webhooks = pgTable('webhooks', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: varchar('name', { length: 100 }).notNull(),
  url: varchar('url', { length: 500 }).notNull(),
  secretCipher: text('secret_cipher').notNull(),
  events: text('events').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: integer('created_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** The webhook outbox: written with the change, delivered and retried with backoff by a worker. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    event: varchar('event', { length: 40 }).notNull(),
    payload: jsonb('payload').notNull(),
    status: varchar('status', { length: 12 }).notNull().default('pending'), // pending | delivered | failed
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastStatus: integer('last_status'),
    lastError: varchar('last_error', { length: 500 }),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`), index('webhook_deliveries_hook_idx').on(t.webhookId, t.id)],
);

/** Requests counted per key (e.g. the client IP of anonymous endpoints) and fixed time window. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: varchar('key', { length: 120 }).notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limits_window_idx').on(t.windowStart)],
);
