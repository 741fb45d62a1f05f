import Type from 'typebox';
import { Literals, Name, Nullable, Phone, Text } from '../../http/schemas.js';

export const DEPARTMENT_KINDS = ['city_management', 'municipal', 'property', 'police', 'market', 'housing', 'other'] as const;
const Kind = Literals(DEPARTMENT_KINDS, {
  description: '城管 city_management, 市政 municipal, 物业公司 property, 派出所 police, 市场监管 market, 住建 housing, 其他 other',
});
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const Department = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  orgUnitId: Type.Integer({ description: 'owning territory node' }),
  orgUnitName: Type.String(),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  status: Type.String({ description: 'active | retired' }),
});
export const DepartmentList = Type.Object({ items: Type.Array(Department) });

export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 50, description: 'part of the name' })),
    includeRetired: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    name: Name(100, 'e.g. 花园路街道城市管理办公室'),
    kind: Kind,
    orgUnitId: Id,
    contactName: Type.Optional(Name(50, 'contact person')),
    contactPhone: Type.Optional(Phone),
  },
  { additionalProperties: false },
);

export const UpdateBody = Type.Object(
  {
    name: Type.Optional(Name(100, 'new name')),
    kind: Type.Optional(Kind),
    contactName: Type.Optional(Nullable(Name(50, 'contact person'))),
    contactPhone: Type.Optional(Nullable(Phone)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RetireBody = Type.Object(
  { reason: Text(200, 'why the department is retired', 2) },
  { additionalProperties: false },
);
