// 三百家 follow-up: which households of a subtree nobody has visited for N days (never visited
// first), how each grid stands, and how many visits each worker made in that time. Three
// aggregate queries and one page of households, whatever the size of the subtree.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rollUp } from '../../../../core/src/register/coverage.js';
import { daysSince } from '../../../../core/src/register/visit-kinds.js';
import type { Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { dwellings, households } from '../housing/index.js';
import { orgUnits, requireNode } from '../territory/index.js';
import { persons } from '../register/index.js';
import { visits } from './tables.js';
import type { RegisterDeps } from '../register/index.js';
import { reportNodes } from './tree.js';
import { under } from '../../scope/index.js';

const head = alias(persons, 'head');

/** Visits that count: to this household, by this worker when one is named. */
const visitOf = (visitorUserId: number | undefined) => and(sql`${visits.householdId} = ${households.id}`, visitorUserId ? eq(visits.visitorUserId, visitorUserId) : undefined);

// Everything below the root is in scope: the service loaded the root in the actor's scope.
const inSubtree = (path: string) => and(eq(households.status, 'active'), under(orgUnits.path, path));

async function notVisitedPage(db: DbOrTx, path: string, since: string, visitorUserId: number | undefined, page: number, pageSize: number) {
  const visitedSince: SQL = sql`exists (select 1 from ${visits} where ${visitOf(visitorUserId)} and ${visits.visitedAt} >= ${since}::timestamptz)`;
  const lastVisit = sql<Date | null>`(select max(${visits.visitedAt}) from ${visits} where ${visitOf(visitorUserId)})`.mapWith(visits.visitedAt).as('last_visit_at');
  const cond = and(inSubtree(path), sql`not ${visitedSince}`);
  const [items, [count]] = await Promise.all([
    db
      .select({ householdId: households.id, orgUnitId: households.orgUnitId, orgUnitName: orgUnits.name, headName: head.name, address: dwellings.address, lastVisitAt: lastVisit })
      .from(households)
      .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
      .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
      .leftJoin(head, eq(head.id, households.headPersonId))
      .where(cond)
      // Longest without a visit first: never visited, then the oldest last visit.
      .orderBy(sql`last_visit_at asc nulls first`, asc(households.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(households)
      .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
      .where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Households and households visited since `since`, per org unit of the subtree. */
async function visitedPerOrgUnit(db: DbOrTx, path: string, since: string, visitorUserId: number | undefined) {
  return db
    .select({
      path: orgUnits.path,
      households: sql<number>`count(*)::int`,
      visited: sql<number>`(count(*) filter (where exists (select 1 from ${visits} where ${visitOf(visitorUserId)} and ${visits.visitedAt} >= ${since}::timestamptz)))::int`,
    })
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
    .where(inSubtree(path))
    .groupBy(orgUnits.path);
}

/** Visits and distinct households per worker in the subtree since `since`. */
async function visitsPerWorker(db: DbOrTx, path: string, since: string, visitorUserId: number | undefined) {
  return db
    .select({
      visitorUserId: visits.visitorUserId,
      visitorName: sql<string>`max(${visits.visitorName})`,
      visits: sql<number>`count(*)::int`,
      households: sql<number>`count(distinct ${visits.householdId})::int`,
      lastVisitAt: sql<Date>`max(${visits.visitedAt})`.mapWith(visits.visitedAt),
    })
    .from(visits)
    .innerJoin(orgUnits, eq(orgUnits.id, visits.orgUnitId))
    .where(and(under(orgUnits.path, path), sql`${visits.visitedAt} >= ${since}::timestamptz`, visitorUserId ? eq(visits.visitorUserId, visitorUserId) : undefined))
    .groupBy(visits.visitorUserId)
    .orderBy(desc(sql`count(*)`), asc(visits.visitorUserId));
}

export async function overdueReport({ db }: RegisterDeps, actor: Actor, q: { orgUnitId: number; days?: number; visitorUserId?: number; page?: number; pageSize?: number }) {
  const { node: root } = await requireNode(db, actor, q.orgUnitId);
  const days = q.days ?? 90;
  const now = new Date();
  const since = new Date(now.getTime() - days * 86_400_000);
  const at = since.toISOString();
  const [page, perUnit, workers, nodes] = await Promise.all([
    notVisitedPage(db, root.path, at, q.visitorUserId, q.page ?? 1, q.pageSize ?? 20),
    visitedPerOrgUnit(db, root.path, at, q.visitorUserId),
    visitsPerWorker(db, root.path, at, q.visitorUserId),
    reportNodes(db, root),
  ]);
  const sums = rollUp(
    nodes.grids.map((g) => g.id),
    perUnit.map((r) => ({ path: r.path, counts: { households: r.households, visited: r.visited } })),
    ['households', 'visited'] as const,
  );
  return {
    root: { id: root.id, name: root.name, level: root.level },
    days,
    since,
    items: page.items.map((h) => ({ ...h, daysSince: h.lastVisitAt ? daysSince(h.lastVisitAt, now) : null })),
    total: page.total,
    grids: nodes.grids.map((g) => {
      const s = sums.get(g.id)!;
      return { id: g.id, name: g.name, households: s.households, visited: s.visited, notVisited: s.households - s.visited };
    }),
    workers,
  };
}
