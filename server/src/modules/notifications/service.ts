// The bell: a signed-in user lists, counts and marks read their own notifications. Someone else's
// notification answers "not found", exactly like a missing one. Written by notify.ts.
import type { Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { notFound, type Lang } from '../../errors.js';
import * as repo from './repo.js';

export interface NotificationDeps {
  db: Db;
}

const notificationNotFound = () => notFound({ zh: '通知', en: 'Notification' });

type Row = NonNullable<Awaited<ReturnType<typeof repo.findOwn>>>;
const present = (row: Row, lang: Lang) => ({ ...row, title: lang === 'en' ? row.titleEn : row.titleZh });

export async function listNotifications({ db }: NotificationDeps, actor: Actor, lang: Lang, q: { unread?: boolean; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { items, total } = await repo.listOwn(db, actor.userId, { unread: q.unread ?? false, limit: pageSize, offset: (page - 1) * pageSize });
  return { items: items.map((row) => present(row, lang)), total };
}

export async function unreadCount({ db }: NotificationDeps, actor: Actor) {
  return { count: await repo.unreadCount(db, actor.userId) };
}

export async function markRead({ db }: NotificationDeps, actor: Actor, lang: Lang, id: number, now = new Date()) {
  const marked = await repo.markRead(db, actor.userId, id, now);
  if (!marked) throw notificationNotFound();
  return present((await repo.findOwn(db, actor.userId, id))!, lang);
}

export async function markAllRead({ db }: NotificationDeps, actor: Actor, now = new Date()) {
  return { updated: await repo.markAllRead(db, actor.userId, now) };
}
