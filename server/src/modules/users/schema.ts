import Type from 'typebox';
import { ROLE_KEYS } from '../../../../core/src/roles.js';
import { Literals, Name, Nullable, Page, Phone, Timestamp } from '../../http/schemas.js';

const RoleKey = Literals(ROLE_KEYS, { description: 'role key' });
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  phone: Nullable(Type.String({ description: 'masked unless the caller may manage users' })),
  roles: Type.Array(Type.String()),
  status: Type.String({ description: 'active | disabled' }),
  scopeAll: Type.Boolean(),
  scopes: Type.Array(Type.Object({ orgUnitId: Type.Integer(), name: Type.String(), code: Nullable(Type.String()) })),
  departments: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

export const UserList = Type.Object({ items: Type.Array(User), total: Type.Integer() });

export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 50, description: 'part of the username or name' })),
    role: Type.Optional(RoleKey),
    orgUnitId: Type.Optional(Id),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    ...Page,
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    username: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$', description: 'login name: letters, digits, _ . -' }),
    displayName: Name(50, 'real name, e.g. 张美荣'),
    phone: Type.Optional(Phone),
    roles: Type.Array(RoleKey, { minItems: 1, maxItems: 8, uniqueItems: true }),
    orgUnitIds: Type.Array(Id, { maxItems: 20, uniqueItems: true, description: 'territory nodes: the data scope' }),
    departmentIds: Type.Optional(Type.Array(Id, { maxItems: 20, uniqueItems: true })),
    scopeAll: Type.Optional(Type.Boolean({ description: 'deployment-wide scope (only a deployment-wide admin may grant it)' })),
  },
  { additionalProperties: false },
);

export const UpdateBody = Type.Object(
  {
    displayName: Type.Optional(Name(50, 'real name')),
    phone: Type.Optional(Nullable(Phone)),
    roles: Type.Optional(Type.Array(RoleKey, { minItems: 1, maxItems: 8, uniqueItems: true })),
    orgUnitIds: Type.Optional(Type.Array(Id, { maxItems: 20, uniqueItems: true })),
    departmentIds: Type.Optional(Type.Array(Id, { maxItems: 20, uniqueItems: true })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Created = Type.Object({ user: User, initialPassword: Type.String({ description: 'shown once' }) });
export const PasswordReset = Type.Object({ initialPassword: Type.String({ description: 'shown once' }) });

export const RoleList = Type.Object({
  items: Type.Array(
    Type.Object({ key: Type.String(), nameZh: Type.String(), nameEn: Type.String(), permissions: Type.Array(Type.String()) }),
  ),
});
