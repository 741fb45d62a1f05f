// 民情日记 (diary notes): a grid worker's notes from the round, kept by grid. The worker reads their
// own; supervisors read those of a node in their scope. Written from the field app (often offline:
// the phone's time is kept as client_at).
import { and, count, desc, eq } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { badRequest } from '../../errors.js';
import { inScope, pathInScope, scoped, under } from '../../scope/index.js';
import { recordAudit } from '../audit/index.js';
import { locator } from '../geo/index.js';
import type { RegisterDeps } from '../register/index.js';
import { orgUnits } from '../territory/index.js';
import { diaryNotes } from './tables.js';

export interface DiaryInput {
  text: string;
  gridId?: number;
  householdId?: number;
  lng?: number;
  lat?: number;
}

const placeNeeded = () =>
  badRequest('DIARY_PLACE_NEEDED', { zh: '请选择日记所属的网格', en: 'Choose the grid the note belongs to' });
const outsideArea = () =>
  badRequest('OUTSIDE_YOUR_AREA', { zh: '该位置不在您负责的区域内，请核对位置', en: 'The location lies outside the area you serve; check the point' });

/** The node a note belongs to: the grid named, the household's, the point's, or the worker's only node. */
async function nodeOf(db: DbOrTx, actor: Actor, body: DiaryInput): Promise<{ id: number; path: string; householdId: number | null }> {
  const s = scoped(db, actor);
  const household = body.householdId !== undefined ? await s.row('household', body.householdId, { activeOnly: true }) : null;
  if (body.gridId !== undefined) {
    const node = await s.node(body.gridId, { activeOnly: true });
    return { id: node.id, path: node.path, householdId: household?.id ?? null };
  }
  if (household) return { id: household.orgUnitId, path: household.path, householdId: household.id };
  if (body.lng !== undefined && body.lat !== undefined) {
    const grid = await locator.locate(db, body.lng, body.lat);
    if (!grid || !pathInScope(actor, grid.path)) throw outsideArea();
    return { id: grid.id, path: grid.path, householdId: null };
  }
  // A worker bound to one node (their grid) need not say which.
  if (actor.scopePaths.length === 1) {
    const id = Number(actor.scopePaths[0]!.split('.').at(-1));
    const node = await s.node(id, { activeOnly: true });
    return { id: node.id, path: node.path, householdId: null };
  }
  throw placeNeeded();
}

function present(row: typeof diaryNotes.$inferSelect, gridName: string) {
  return {
    id: row.id,
    text: row.text,
    gridId: row.orgUnitId,
    gridName,
    householdId: row.householdId,
    lng: row.lng,
    lat: row.lat,
    authorUserId: row.authorUserId,
    authorName: row.authorName,
    createdAt: row.createdAt,
    clientAt: row.clientAt,
  };
}

export async function writeDiaryNote({ db }: RegisterDeps, actor: Actor, body: DiaryInput) {
  requirePermission(actor, 'register.write');
  if ((body.lng === undefined) !== (body.lat === undefined)) {
    throw badRequest('POINT_INCOMPLETE', { zh: '经度和纬度须同时提供', en: 'Give both lng and lat' });
  }
  return db.transaction(async (tx) => {
    const node = await nodeOf(tx, actor, body);
    const [row] = await tx
      .insert(diaryNotes)
      .values({
        orgUnitId: node.id,
        authorUserId: actor.userId,
        authorName: actor.displayName,
        text: body.text,
        householdId: node.householdId,
        lng: body.lng ?? null,
        lat: body.lat ?? null,
        clientAt: actor.clientAt ?? null,
      })
      .returning();
    // The text may name people's troubles: the audit row keeps only where and about whom.
    await recordAudit(tx, actor, { action: 'register.diary_create', entityType: 'diary_note', entityId: row!.id, scopePath: node.path, after: { orgUnitId: node.id, householdId: node.householdId } });
    const [grid] = await tx.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, node.id));
    return present(row!, grid?.name ?? '');
  });
}

/** My notes, newest first; with nodeId, everyone's notes in that node and below (in scope). */
export async function listDiaryNotes({ db }: RegisterDeps, actor: Actor, q: { nodeId?: number; page?: number; pageSize?: number }) {
  const root = q.nodeId !== undefined ? await scoped(db, actor).node(q.nodeId) : null;
  const where = and(
    inScope(actor, orgUnits.path),
    root ? under(orgUnits.path, root.path) : eq(diaryNotes.authorUserId, actor.userId),
  );
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const [rows, [total]] = await Promise.all([
    db
      .select({ note: diaryNotes, gridName: orgUnits.name })
      .from(diaryNotes)
      .innerJoin(orgUnits, eq(orgUnits.id, diaryNotes.orgUnitId))
      .where(where)
      .orderBy(desc(diaryNotes.createdAt), desc(diaryNotes.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(diaryNotes).innerJoin(orgUnits, eq(orgUnits.id, diaryNotes.orgUnitId)).where(where),
  ]);
  return { items: rows.map((r) => present(r.note, r.gridName)), total: total?.n ?? 0 };
}
