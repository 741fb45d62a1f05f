import Type from 'typebox';
import { Nullable, Text, Timestamp } from '../../http/schemas.js';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 32, description: 'login name' }),
    password: Type.String({ minLength: 1, maxLength: 128, description: 'password' }),
  },
  { additionalProperties: false },
);

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String(), { description: 'role keys, see GET /api/roles' }),
  permissions: Type.Array(Type.String(), { description: 'union of the roles\' permissions' }),
  mustChangePassword: Type.Boolean({ description: 'true until the initial password is changed' }),
  scopeAll: Type.Boolean({ description: 'deployment-wide data scope' }),
  scopes: Type.Array(Type.Object({ orgUnitId: Type.Integer(), name: Type.String(), code: Nullable(Type.String()) })),
  departments: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
});

export const MeResponse = Type.Object({
  user: Me,
  csrfToken: Nullable(Type.String({ description: 'send as X-CSRF-Token on cookie-authenticated writes' })),
});

export const PasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 128, description: 'the password in use' }),
    newPassword: Type.String({ minLength: 1, maxLength: 128, description: '≥10 characters, letters and digits' }),
  },
  { additionalProperties: false },
);

export const TokenBody = Type.Object(
  {
    name: Text(100, 'what the token is for'),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'lifetime; none = no expiry' })),
  },
  { additionalProperties: false },
);

export const TokenItem = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Timestamp,
  expiresAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
});

export const TokenCreated = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  token: Type.String({ description: 'shown once; send as Authorization: Bearer <token>' }),
  expiresAt: Nullable(Timestamp),
});
