// Patrols (巡查) from the field app: start, points, stop, my list, and the supervisors' live view.
// A patrol is its walker's own: another's uuid answers like a missing one. The answer at stop is
// the distance walked and the grids the track went through — a record of the walk, never a score,
// a rank or a quota (2023 rules against 指尖上的形式主义).
import { distanceM } from '../../../../core/src/geo/measure.js';
import { localDay, localInstant } from '../../../../core/src/cases/calendar-zone.js';
import { type Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { scoped } from '../../scope/index.js';
import { recordAudit } from '../audit/index.js';
import { locator } from '../geo/index.js';
import * as repo from './repo.js';

export interface PatrolDeps {
  db: Db;
  timeZone: string;
}

const patrolNotFound = () => notFound({ zh: '巡查记录', en: 'Patrol' });
const patrolEnded = () => conflict('PATROL_ENDED', { zh: '该巡查已结束', en: 'This patrol has ended' });
const DAY_MS = 86_400_000;
/** A point's time may lie this far before the start (the phone's clock and GPS fix disagree a little). */
const SLACK_MS = 10 * 60_000;

/** The node a patrol belongs to: where the worker serves (their first bound node). */
function homeNodeOf(actor: Actor): number | null {
  const path = actor.scopePaths[0];
  return path ? Number(path.split('.').at(-1)) : null;
}

type Grid = { id: number; name: string; coveredShare: number };

function present(row: { patrol: repo.PatrolRow; pointCount: number }) {
  const p = row.patrol;
  return { uuid: p.uuid, startedAt: p.startedAt, endedAt: p.endedAt, pointCount: row.pointCount, distanceM: p.distanceM, grids: (p.grids as Grid[] | null) ?? [] };
}

/** The caller's patrol of this uuid (another's answers 404). */
async function own(db: Db | Parameters<Parameters<Db['transaction']>[0]>[0], actor: Actor, uuid: string, lock = false) {
  const row = await repo.byUuid(db, uuid, lock);
  if (!row || row.patrol.userId !== actor.userId) throw patrolNotFound();
  return row;
}

const checkTime = (at: Date, field: string, now: Date, from?: Date) => {
  if (at.getTime() > now.getTime() + DAY_MS || at.getTime() < now.getTime() - 30 * DAY_MS || (from && at.getTime() < from.getTime() - SLACK_MS)) {
    throw badRequest('BAD_TIME', { zh: `${field} 时间不合理（请检查手机时间）`, en: `${field} is not a plausible time (check the phone’s clock)` }, { field });
  }
};

export async function startPatrol({ db }: PatrolDeps, actor: Actor, uuid: string, body: { startedAt: string }) {
  const startedAt = new Date(body.startedAt);
  checkTime(startedAt, 'startedAt', new Date());
  return db.transaction(async (tx) => {
    const found = await repo.byUuid(tx, uuid);
    if (found) {
      if (found.patrol.userId !== actor.userId) throw patrolNotFound();
      return present(found);
    }
    const node = homeNodeOf(actor);
    const nodePath = node ? (await scoped(tx, actor).findNode(node))?.path ?? null : null;
    await repo.insertPatrol(tx, { uuid, userId: actor.userId, userName: actor.displayName, orgUnitId: nodePath ? node : null, startedAt });
    const row = await own(tx, actor, uuid);
    await recordAudit(tx, actor, { action: 'field.patrol_start', entityType: 'patrol', entityId: row.patrol.id, scopePath: nodePath, after: { uuid, startedAt } });
    return present(row);
  });
}

export async function addPoints({ db }: PatrolDeps, actor: Actor, uuid: string, body: { points: Array<{ seq: number; at: string; lng: number; lat: number; accuracy?: number }> }) {
  const seen = new Set<number>();
  for (const p of body.points) {
    if (seen.has(p.seq)) throw badRequest('DUPLICATE_SEQ', { zh: `点序号 ${p.seq} 重复`, en: `Point seq ${p.seq} appears twice` }, { seq: p.seq });
    seen.add(p.seq);
  }
  const now = new Date();
  return db.transaction(async (tx) => {
    const row = await own(tx, actor, uuid, true);
    if (row.patrol.endedAt) throw patrolEnded();
    const rows = body.points.map((p) => {
      const at = new Date(p.at);
      checkTime(at, 'at', now, row.patrol.startedAt);
      return { patrolId: row.patrol.id, seq: p.seq, at, lng: p.lng, lat: p.lat, accuracy: p.accuracy ?? null };
    });
    const accepted = await repo.insertPoints(tx, rows);
    // Points are a track, not a change of the register: no audit row each (the start and stop have one).
    return { accepted, pointCount: row.pointCount + accepted };
  });
}

/** Distance along the track, and the share of it in each grid (each leg counted where it starts). */
async function measure(db: Db | Parameters<Parameters<Db['transaction']>[0]>[0], points: Array<{ lng: number; lat: number }>) {
  let total = 0;
  const byGrid = new Map<number, number>();
  const located = await Promise.all(points.map((p) => locator.locate(db, p.lng, p.lat)));
  for (let i = 0; i < points.length; i++) {
    const leg = i + 1 < points.length ? distanceM([points[i]!.lng, points[i]!.lat], [points[i + 1]!.lng, points[i + 1]!.lat]) : 0;
    total += leg;
    const grid = located[i];
    // A track of one point still went through its grid.
    if (grid) byGrid.set(grid.id, (byGrid.get(grid.id) ?? 0) + (points.length === 1 ? 1 : leg));
  }
  const weight = points.length === 1 ? 1 : total;
  const names = await repo.gridNames(db, [...byGrid.keys()]);
  const grids: Grid[] = [...byGrid.entries()]
    .map(([id, m]) => ({ id, name: names.get(id) ?? '', coveredShare: weight > 0 ? Math.round((m / weight) * 1000) / 1000 : 0 }))
    .sort((a, b) => b.coveredShare - a.coveredShare || a.id - b.id);
  return { distanceM: Math.round(total), grids };
}

export async function stopPatrol({ db }: PatrolDeps, actor: Actor, uuid: string, body: { endedAt: string }) {
  const endedAt = new Date(body.endedAt);
  return db.transaction(async (tx) => {
    const row = await own(tx, actor, uuid, true);
    // Stopped already (a resend): the same answer.
    if (row.patrol.endedAt) return { distanceM: row.patrol.distanceM ?? 0, grids: (row.patrol.grids as Grid[] | null) ?? [] };
    checkTime(endedAt, 'endedAt', new Date(), row.patrol.startedAt);
    const points = await repo.pointsOf(tx, [row.patrol.id]);
    const result = await measure(tx, points);
    await repo.finish(tx, row.patrol.id, { endedAt, ...result });
    const nodePath = row.patrol.orgUnitId ? (await scoped(tx, actor).findNode(row.patrol.orgUnitId))?.path ?? null : null;
    await recordAudit(tx, actor, { action: 'field.patrol_stop', entityType: 'patrol', entityId: row.patrol.id, scopePath: nodePath, after: { uuid, endedAt, points: points.length, ...result } });
    return result;
  });
}

export async function myPatrols({ db }: PatrolDeps, actor: Actor, q: { page?: number; pageSize?: number }) {
  const { items, total } = await repo.mine(db, actor.userId, q.page ?? 1, q.pageSize ?? 20);
  return { items: items.map(present), total };
}

/** Thins a track to at most `max` points, keeping the first and the last. */
function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

/** Today's patrols under a node in the caller's scope: each grid worker's last position and the tracks. */
export async function livePatrols({ db, timeZone }: PatrolDeps, actor: Actor, q: { nodeId: number }, now = new Date()) {
  const root = await scoped(db, actor).node(q.nodeId);
  const since = new Date(localInstant(timeZone, localDay(timeZone, now.getTime()), 0));
  const [today, workers] = await Promise.all([repo.patrolsUnder(db, actor, root.path, since), repo.gridWorkersUnder(db, actor, root.path)]);
  const points = await repo.pointsOf(db, today.map((r) => r.patrol.id));
  const byPatrol = new Map<number, typeof points>();
  for (const p of points) byPatrol.set(p.patrolId, [...(byPatrol.get(p.patrolId) ?? []), p]);
  const people = new Map(workers.map((w) => [w.userId, { userId: w.userId, name: w.name, patrolling: false, last: null as { lng: number; lat: number; at: Date } | null }]));
  for (const { patrol } of today) {
    const person = people.get(patrol.userId) ?? { userId: patrol.userId, name: patrol.userName, patrolling: false, last: null };
    people.set(patrol.userId, person);
    if (!patrol.endedAt) person.patrolling = true;
    const last = byPatrol.get(patrol.id)?.at(-1);
    if (last && (!person.last || last.at > person.last.at)) person.last = { lng: last.lng, lat: last.lat, at: last.at };
  }
  return {
    workers: [...people.values()],
    tracks: today.map(({ patrol }) => ({
      uuid: patrol.uuid,
      userId: patrol.userId,
      name: patrol.userName,
      startedAt: patrol.startedAt,
      endedAt: patrol.endedAt,
      points: thin(byPatrol.get(patrol.id) ?? [], 500).map((p) => [p.lng, p.lat] as [number, number]),
    })),
  };
}
