// Request and answer shapes of the bell (/api/notifications).
import Type from 'typebox';
import { Nullable, Page, Timestamp } from '../../http/schemas.js';

export const NotificationListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'only notifications not read yet' })),
    ...Page,
  },
  { additionalProperties: false },
);

export const NotificationParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'notification id' }) },
  { additionalProperties: false },
);

export const Notification = Type.Object({
  id: Type.Integer(),
  caseId: Nullable(Type.Integer({ description: 'the case it is about' })),
  caseNumber: Nullable(Type.String({ description: 'that case\'s number, e.g. 20261124-0001' })),
  kind: Type.String({ description: "what happened: 'case.dispatched', 'case.overdue', …" }),
  title: Type.String({ description: 'the title in the caller language (zh default, en)' }),
  titleZh: Type.String(),
  titleEn: Type.String(),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
});

export const NotificationList = Type.Object({ items: Type.Array(Notification), total: Type.Integer() });
export const UnreadCount = Type.Object({ count: Type.Integer({ description: 'notifications of the caller not read yet' }) });
export const ReadAllAnswer = Type.Object({ updated: Type.Integer({ description: 'notifications marked read now' }) });
