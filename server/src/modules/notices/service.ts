// Announcements (信息公布): staff publish notices for a node of their territory (a community, a
// street, a grid); every grid under that node shows them on its resident page (/r/{gridCode}/news)
// between the publish and expiry dates. Withdrawn notices stay for the record.
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { noticeShowsOn, type NoticeCategory } from '../../../../core/src/community/notices.js';
import { todayIn } from '../../../../core/src/register/id-card.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { inScope, scoped, under } from '../../scope/index.js';
import { recordAudit } from '../audit/index.js';
import { orgUnits } from '../territory/index.js';
import { gridByCode } from './grid.js';
import { notices } from './tables.js';

export interface NoticeDeps {
  db: Db;
  timeZone: string;
}

type NoticeRow = typeof notices.$inferSelect;
const noticeNotFound = () => notFound({ zh: '公告', en: 'Notice' });

export interface NoticeFields {
  title: string;
  body: string;
  category: NoticeCategory;
  publishOn: string;
  expireOn: string | null;
  pinned: boolean;
}

function checkDates(f: { publishOn: string; expireOn: string | null }) {
  if (f.expireOn !== null && f.expireOn < f.publishOn) throw badRequest('EXPIRY_BEFORE_PUBLISH', { zh: '截止日期不能早于发布日期', en: 'The expiry date is before the publish date' }, { field: 'expireOn' });
}

async function present(db: Db, rows: NoticeRow[], today: string) {
  if (rows.length === 0) return [];
  const nodes = await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, [...new Set(rows.map((r) => r.orgUnitId))]));
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  return rows.map((r) => ({
    id: r.id,
    node: { id: r.orgUnitId, name: names.get(r.orgUnitId) ?? '' },
    title: r.title,
    body: r.body,
    category: r.category as NoticeCategory,
    publishOn: r.publishOn,
    expireOn: r.expireOn,
    pinned: r.pinned,
    status: r.status as 'published' | 'withdrawn',
    showing: noticeShowsOn(r, today),
    updatedAt: r.updatedAt,
  }));
}

export async function createNotice(deps: NoticeDeps, actor: Actor, body: NoticeFields & { orgUnitId: number }, now = new Date()) {
  requirePermission(actor, 'notice.publish');
  checkDates(body);
  const row = await deps.db.transaction(async (tx) => {
    const node = await scoped(tx, actor).node(body.orgUnitId);
    const [row] = await tx
      .insert(notices)
      .values({ orgUnitId: node.id, orgPath: node.path, title: body.title.trim(), body: body.body.trim(), category: body.category, publishOn: body.publishOn, expireOn: body.expireOn, pinned: body.pinned, createdBy: actor.userId > 0 ? actor.userId : null, updatedBy: actor.userId > 0 ? actor.userId : null })
      .returning();
    await recordAudit(tx, actor, { action: 'notice.create', entityType: 'notice', entityId: row!.id, scopePath: node.path, after: { title: row!.title, category: row!.category, publishOn: row!.publishOn } });
    return row!;
  });
  return (await present(deps.db, [row], todayIn(deps.timeZone, now)))[0]!;
}

async function loadForUpdate(deps: NoticeDeps, actor: Actor, id: number, change: (tx: Parameters<Parameters<Db['transaction']>[0]>[0], row: NoticeRow) => Promise<NoticeRow>) {
  return deps.db.transaction(async (tx) => {
    const found = await scoped(tx, actor).find('notice', id);
    if (!found) throw noticeNotFound();
    const [row] = await tx.select().from(notices).where(eq(notices.id, id)).for('update');
    return change(tx, row!);
  });
}

export async function updateNotice(deps: NoticeDeps, actor: Actor, id: number, body: Partial<NoticeFields>, now = new Date()) {
  requirePermission(actor, 'notice.publish');
  const row = await loadForUpdate(deps, actor, id, async (tx, before) => {
    if (before.status === 'withdrawn') throw conflict('NOTICE_WITHDRAWN', { zh: '公告已撤回，不能再修改', en: 'The notice was withdrawn and can no longer be edited' });
    checkDates({ publishOn: body.publishOn ?? before.publishOn, expireOn: body.expireOn === undefined ? before.expireOn : body.expireOn });
    const patch = { ...body, ...(body.title ? { title: body.title.trim() } : {}), ...(body.body ? { body: body.body.trim() } : {}) };
    const [row] = await tx.update(notices).set({ ...patch, updatedBy: actor.userId > 0 ? actor.userId : null, updatedAt: now }).where(eq(notices.id, id)).returning();
    await recordAudit(tx, actor, { action: 'notice.update', entityType: 'notice', entityId: id, scopePath: before.orgPath, before: { title: before.title, publishOn: before.publishOn, expireOn: before.expireOn }, after: body });
    return row!;
  });
  return (await present(deps.db, [row], todayIn(deps.timeZone, now)))[0]!;
}

export async function withdrawNotice(deps: NoticeDeps, actor: Actor, id: number, now = new Date()) {
  requirePermission(actor, 'notice.publish');
  const row = await loadForUpdate(deps, actor, id, async (tx, before) => {
    if (before.status === 'withdrawn') throw conflict('NOTICE_WITHDRAWN', { zh: '公告已撤回', en: 'The notice was already withdrawn' });
    const [row] = await tx.update(notices).set({ status: 'withdrawn', withdrawnAt: now, updatedBy: actor.userId > 0 ? actor.userId : null, updatedAt: now }).where(eq(notices.id, id)).returning();
    await recordAudit(tx, actor, { action: 'notice.withdraw', entityType: 'notice', entityId: id, scopePath: before.orgPath, before: { status: before.status }, after: { status: 'withdrawn' } });
    return row!;
  });
  return (await present(deps.db, [row], todayIn(deps.timeZone, now)))[0]!;
}

export async function getNotice(deps: NoticeDeps, actor: Actor, id: number, now = new Date()) {
  requirePermission(actor, 'notice.publish');
  const found = await scoped(deps.db, actor).find('notice', id);
  if (!found) throw noticeNotFound();
  const [row] = await deps.db.select().from(notices).where(eq(notices.id, id));
  return (await present(deps.db, [row!], todayIn(deps.timeZone, now)))[0]!;
}

export async function listNotices(deps: NoticeDeps, actor: Actor, f: { orgUnitId?: number; status?: 'published' | 'withdrawn' | 'all'; page?: number; pageSize?: number }, now = new Date()) {
  requirePermission(actor, 'notice.publish');
  const where: SQL[] = [inScope(actor, notices.orgPath)];
  if (f.orgUnitId !== undefined) {
    const node = await scoped(deps.db, actor).node(f.orgUnitId);
    where.push(under(notices.orgPath, node.path));
  }
  if (f.status && f.status !== 'all') where.push(eq(notices.status, f.status));
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const condition = and(...where);
  const [rows, [total]] = await Promise.all([
    deps.db.select().from(notices).where(condition).orderBy(desc(notices.publishOn), desc(notices.id)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(notices).where(condition),
  ]);
  return { items: await present(deps.db, rows, todayIn(deps.timeZone, now)), total: total?.n ?? 0 };
}

/** What the grid's residents read today: the notices of the grid and of every node above it, pinned first. */
function showingFor(gridPath: string, today: string): SQL {
  return and(under(gridPath, notices.orgPath), eq(notices.status, 'published'), sql`${notices.publishOn} <= ${today}`, sql`(${notices.expireOn} is null or ${notices.expireOn} >= ${today})`)!;
}

const publicOf = (r: NoticeRow, nodeName: string) => ({ id: r.id, nodeName, title: r.title, body: r.body, category: r.category as NoticeCategory, publishOn: r.publishOn, pinned: r.pinned });

export async function publicNotices(deps: NoticeDeps, gridCode: string, now = new Date()) {
  const grid = await gridByCode(deps.db, gridCode);
  const rows = await deps.db
    .select({ notice: notices, nodeName: orgUnits.name })
    .from(notices)
    .innerJoin(orgUnits, eq(orgUnits.id, notices.orgUnitId))
    .where(showingFor(grid.path, todayIn(deps.timeZone, now)))
    .orderBy(desc(notices.pinned), desc(notices.publishOn), desc(notices.id))
    .limit(100);
  return { gridName: grid.name, items: rows.map((r) => publicOf(r.notice, r.nodeName)) };
}

export async function publicNotice(deps: NoticeDeps, gridCode: string, id: number, now = new Date()) {
  const grid = await gridByCode(deps.db, gridCode);
  const [row] = await deps.db
    .select({ notice: notices, nodeName: orgUnits.name })
    .from(notices)
    .innerJoin(orgUnits, eq(orgUnits.id, notices.orgUnitId))
    .where(and(eq(notices.id, id), showingFor(grid.path, todayIn(deps.timeZone, now))))
    .orderBy(asc(notices.id));
  if (!row) throw noticeNotFound();
  return publicOf(row.notice, row.nodeName);
}
