import Type, { type TSchema } from 'typebox';
import { DOCUMENT_TYPE_KEYS } from '../../../../core/src/register/documents.js';
import { DEREGISTER_REASONS, EDUCATION_LEVELS } from '../../../../core/src/register/person-fields.js';
import { MANAGEMENT_LEVEL_KEYS, RESIDENCE_STATUSES, TAG_GROUPS } from '../../../../core/src/register/tags.js';
import { ROLE_KEYS } from '../../../../core/src/roles.js';
import { Literals, Name, Nullable, Page, Phone, Text, Timestamp } from '../../http/schemas.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const literals = Literals;
/** Free text typed by a person: no markup characters. */
export const DateOnly = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const TagKey = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'tag key, e.g. elderly_alone' });

const personFields = {
  name: Name(50, 'name, e.g. 张美荣'),
  documentType: Type.Optional(literals(DOCUMENT_TYPE_KEYS, { default: 'id_card' })),
  documentNumber: Type.String({ minLength: 5, maxLength: 30, pattern: '^[0-9A-Za-z]+$', description: '居民身份证号 or another document number' }),
  phone: Type.Optional(Nullable(Phone)),
  ethnicity: Type.Optional(Nullable(Name(20, 'e.g. 汉族'))),
  residenceStatus: Type.Optional(literals(RESIDENCE_STATUSES.map((s) => s.key), { default: 'registered' })),
  education: Type.Optional(Nullable(literals(EDUCATION_LEVELS.map((e) => e.key)))),
  occupation: Type.Optional(Nullable(Text(50, 'occupation, e.g. 退休教师'))),
  nationality: Type.Optional(Nullable(Name(40, 'nationality of 境外人员, e.g. 韩国'))),
  hukouAddress: Type.Optional(Nullable(Text(200, '户籍地址 (place of household registration)'))),
  residenceFrom: Type.Optional(Nullable(DateOnly('residence registration from'))),
  residenceUntil: Type.Optional(Nullable(DateOnly('residence registration valid until (居住证有效期)'))),
  skills: Type.Optional(Nullable(Text(200, 'skills and specialties, e.g. 水电维修、书法'))),
  notes: Type.Optional(Nullable(Text(500, 'notes'))),
  dwellingId: Type.Optional(Nullable(Id)),
};

export const CreatePersonBody = Type.Object(
  {
    orgUnitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the grid the person lives in (taken from the dwelling when one is given)' })),
    ...personFields,
    tags: Type.Optional(
      Type.Array(Type.Object({ key: TagKey, managementLevel: Type.Optional(literals(MANAGEMENT_LEVEL_KEYS)) }, { additionalProperties: false }), { maxItems: 20 }),
    ),
  },
  { additionalProperties: false },
);

const { name, documentType, documentNumber, ...optionalFields } = personFields;
export const UpdatePersonBody = Type.Object(
  {
    name: Type.Optional(name),
    documentType: Type.Optional(documentType),
    documentNumber: Type.Optional(documentNumber),
    orgUnitId: Type.Optional(Id),
    ...optionalFields,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PersonTag = Type.Object({
  key: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  group: Type.String(),
  sensitive: Type.Boolean(),
  derived: Type.Boolean({ description: 'follows from another fact (age, residence status); not set by hand' }),
  managementLevel: Nullable(Type.String()),
  since: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const Person = Type.Object({
  id: Type.Integer(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  name: Type.String(),
  documentType: Type.String(),
  documentNumber: Type.String({ description: 'masked: 110105********002X' }),
  gender: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  ethnicity: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  residenceStatus: Type.String(),
  education: Nullable(Type.String()),
  occupation: Nullable(Type.String()),
  nationality: Nullable(Type.String()),
  hukouAddress: Nullable(Type.String()),
  residenceFrom: Nullable(Type.String()),
  residenceUntil: Nullable(Type.String()),
  skills: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  dwellingId: Nullable(Type.Integer()),
  dwellingAddress: Nullable(Type.String()),
  tags: Type.Array(PersonTag),
  households: Type.Optional(Type.Array(Type.Object({ householdId: Type.Integer(), relation: Type.String(), isHead: Type.Boolean(), address: Nullable(Type.String()) }))),
  status: Type.String(),
  verifiedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  abilities: Type.Object({ reveal: Type.Boolean(), write: Type.Boolean() }),
});

export const PersonList = Type.Object({ items: Type.Array(Person), total: Type.Integer() });

export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: 'name, pinyin initials (zmr), full ID number, its last 4 or 6 characters, or a phone number' })),
    orgUnitId: Type.Optional(Id),
    tag: Type.Optional(TagKey),
    residenceStatus: Type.Optional(literals(RESIDENCE_STATUSES.map((s) => s.key))),
    status: Type.Optional(literals(['active', ...DEREGISTER_REASONS.map((r) => r.key)], { description: 'active (default) or why the person left' })),
    ...Page,
  },
  { additionalProperties: false },
);

export const RevealBody = Type.Object(
  {
    fields: Type.Array(Type.Union([Type.Literal('documentNumber'), Type.Literal('phone')]), { minItems: 1, maxItems: 2, uniqueItems: true }),
    reason: Text(100, 'why the plain value is needed (audited)', 2),
  },
  { additionalProperties: false },
);
export const Revealed = Type.Object({ documentNumber: Type.Optional(Type.String()), phone: Type.Optional(Nullable(Type.String())) });

export const DeregisterBody = Type.Object(
  { reason: literals(DEREGISTER_REASONS.map((r) => r.key)), note: Type.Optional(Text(200, 'e.g. 迁往郑东新区')) },
  { additionalProperties: false },
);

export const TagParams = Type.Object({ id: Id, key: TagKey }, { additionalProperties: false });
export const SetTagBody = Type.Object(
  {
    managementLevel: Type.Optional(literals(MANAGEMENT_LEVEL_KEYS, { description: 'required for sensitive tags: normal 正常 | temporary 临时 | key 重点' })),
    since: Type.Optional(DateOnly('since')),
    note: Type.Optional(Text(200, 'note')),
  },
  { additionalProperties: false },
);

// The tag catalogue (configuration).
export const TagDefinition = Type.Object({
  key: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  group: Type.String(),
  sensitive: Type.Boolean(),
  managementLevels: Nullable(Type.Array(Type.String())),
  visibleTo: Nullable(Type.Array(Type.String())),
  derived: Type.Boolean(),
  status: Type.String(),
  sortOrder: Type.Integer(),
});
export const TagCatalogue = Type.Object({
  items: Type.Array(TagDefinition),
  groups: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String() })),
  managementLevels: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String() })),
});
export const CreateTagBody = Type.Object(
  {
    key: TagKey,
    zh: Name(40, 'Chinese name, e.g. 失独家庭'),
    en: Type.String({ minLength: 1, maxLength: 80, pattern: '^[^<>]+$' }),
    group: literals(TAG_GROUPS.map((g) => g.key)),
    sensitive: Type.Boolean(),
    managementLevels: Type.Optional(Type.Array(literals(MANAGEMENT_LEVEL_KEYS), { uniqueItems: true, maxItems: 3 })),
    visibleTo: Type.Optional(Type.Array(literals(ROLE_KEYS), { uniqueItems: true, maxItems: ROLE_KEYS.length })),
  },
  { additionalProperties: false },
);
export const UpdateTagBody = Type.Object(
  {
    zh: Type.Optional(Name(40, 'Chinese name')),
    en: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[^<>]+$' })),
    visibleTo: Type.Optional(Nullable(Type.Array(literals(ROLE_KEYS), { uniqueItems: true, maxItems: ROLE_KEYS.length }))),
    status: Type.Optional(literals(['active', 'retired'])),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const TagKeyParams = Type.Object({ key: TagKey }, { additionalProperties: false });

// The one search box (search.ts): each section lists at most `limit` hits and says whether there are more.

/** How the search text was read, which decides the columns looked at. */
export const READINGS = ['id_number', 'id_suffix', 'phone', 'credit_code', 'pinyin', 'number', 'text'] as const;

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 40, description: '姓名、拼音首字母 (zmr)、身份证号或后4/6位、手机号、统一社会信用代码、地址片段' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'hits per section' })),
  },
  { additionalProperties: false },
);

const Section = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), more: Type.Boolean({ description: 'more hits than listed' }) });

export const HouseholdHit = Type.Object({
  id: Type.Integer(),
  headName: Nullable(Type.String({ description: 'the head of the household' })),
  address: Nullable(Type.String({ description: 'the dwelling’s address; null without a registered dwelling' })),
  orgUnitName: Type.String({ description: 'the grid' }),
  members: Type.Integer(),
});
export const DwellingHit = Type.Object({
  id: Type.Integer(),
  address: Type.String(),
  occupancy: Type.String({ description: 'owner | rented | vacant | lent | unknown' }),
  orgUnitName: Type.String({ description: 'the grid' }),
  households: Type.Integer({ description: 'active households living there' }),
});
export const PlaceHit = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String({ description: 'shop, key_place, resident_unit …' }),
  address: Type.String(),
  orgUnitName: Type.String({ description: 'the grid' }),
  creditCode: Nullable(Type.String({ description: '统一社会信用代码' })),
});
export const SearchResult = Type.Object({
  q: Type.String({ description: 'the text searched for, trimmed' }),
  reading: Literals(READINGS, { description: 'how the text was read: id_number | id_suffix | phone | credit_code | pinyin | number | text' }),
  persons: Section(Person),
  households: Section(HouseholdHit),
  dwellings: Section(DwellingHit),
  places: Section(PlaceHit),
});
