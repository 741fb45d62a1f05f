import Type from 'typebox';
import { DOCUMENT_TYPE_KEYS } from '../../../../core/src/register/documents.js';
import { RESIDENCE_STATUSES } from '../../../../core/src/register/tags.js';
import { Name, Nullable, Page, Phone, Timestamp } from '../../http/schemas.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const CreatePersonBody = Type.Object(
  {
    orgUnitId: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the grid (or community) the person lives in' }),
    name: Name(50, 'name, e.g. 张美荣'),
    documentType: Type.Optional(Type.Union(DOCUMENT_TYPE_KEYS.map((k) => Type.Literal(k)), { default: 'id_card' })),
    documentNumber: Type.String({ minLength: 5, maxLength: 30, pattern: '^[0-9A-Za-z]+$', description: '居民身份证号 or another document number' }),
    phone: Type.Optional(Phone),
    ethnicity: Type.Optional(Name(20, 'e.g. 汉族')),
    residenceStatus: Type.Optional(Type.Union(RESIDENCE_STATUSES.map((s) => Type.Literal(s.key)), { default: 'registered' })),
  },
  { additionalProperties: false },
);

export const Person = Type.Object({
  id: Type.Integer(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  name: Type.String(),
  documentType: Type.String(),
  documentNumber: Type.String({ description: 'masked: 110105********002X' }),
  gender: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  ethnicity: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  residenceStatus: Type.String(),
  createdAt: Timestamp,
  abilities: Type.Object({ reveal: Type.Boolean() }),
});

export const PersonList = Type.Object({ items: Type.Array(Person), total: Type.Integer() });

export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: 'name, pinyin initials (zmr), full ID number, its last 4 or 6 characters, or a phone number' })),
    orgUnitId: Type.Optional(Id),
    ...Page,
  },
  { additionalProperties: false },
);

export const RevealBody = Type.Object(
  {
    fields: Type.Array(Type.Union([Type.Literal('documentNumber'), Type.Literal('phone')]), { minItems: 1, maxItems: 2, uniqueItems: true }),
    reason: Type.String({ minLength: 2, maxLength: 100, pattern: '^[^<>]+$', description: 'why the plain value is needed (audited)' }),
  },
  { additionalProperties: false },
);
export const Revealed = Type.Object({ documentNumber: Type.Optional(Type.String()), phone: Type.Optional(Nullable(Type.String())) });
