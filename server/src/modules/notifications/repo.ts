// Notification queries: every one takes the user id, so a user reads and marks only their own.
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases } from '../cases/index.js';
import { notifications } from './tables.js';

export async function listOwn(db: DbOrTx, userId: number, q: { unread: boolean; limit: number; offset: number }) {
  const where = and(eq(notifications.userId, userId), q.unread ? isNull(notifications.readAt) : undefined);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: notifications.id,
        caseId: notifications.caseId,
        caseNumber: cases.number,
        kind: notifications.kind,
        titleZh: notifications.titleZh,
        titleEn: notifications.titleEn,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .leftJoin(cases, eq(cases.id, notifications.caseId))
      .where(where)
      .orderBy(desc(notifications.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(notifications).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function unreadCount(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the user's notifications read (once: a second call keeps the first instant); null when it is not theirs. */
export async function markRead(db: DbOrTx, userId: number, id: number, now: Date) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return row ?? null;
}

export async function markAllRead(db: DbOrTx, userId: number, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function findOwn(db: DbOrTx, userId: number, id: number) {
  const [row] = await db
    .select({
      id: notifications.id,
      caseId: notifications.caseId,
      caseNumber: cases.number,
      kind: notifications.kind,
      titleZh: notifications.titleZh,
      titleEn: notifications.titleEn,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .leftJoin(cases, eq(cases.id, notifications.caseId))
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  return row ?? null;
}
