import Type from 'typebox';
import { Nullable, Page, Timestamp } from '../../http/schemas.js';

export const ListQuery = Type.Object(
  {
    actorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'who' })),
    entityType: Type.Optional(Type.String({ pattern: '^[a-z_]{1,32}$', description: 'org_unit, user, department …' })),
    entityId: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$' })),
    action: Type.Optional(Type.String({ pattern: '^[a-z_.]{1,64}$', description: 'e.g. territory.create' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'from (inclusive)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'to (inclusive)' })),
    ...Page,
  },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actorId: Nullable(Type.Integer()),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Nullable(Type.String()),
  clientAt: Nullable(Timestamp),
});
export const AuditList = Type.Object({ items: Type.Array(AuditEntry), total: Type.Integer() });
