// The board's summary: counts of the cases the actor sees, by state and (open ones) by deadline
// colour, today's new and closed cases, and the cases changed last.
import { findCaseCategory } from '../../../../core/src/cases/categories.js';
import { localDay, localInstant } from '../../../../core/src/cases/calendar-zone.js';
import { OPEN_STATES, type State } from '../../../../core/src/cases/workflow.js';
import type { Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { colourOf } from '../case-config/index.js';
import { requireNode } from '../territory/index.js';
import * as repo from './repo.js';

export interface BoardDeps {
  db: Db;
  /** The deployment's zone: "today" starts at its midnight (default Asia/Shanghai). */
  timeZone?: string;
  /** The feed's safety-net read without a notification (default 2 s; a test sets it long to see NOTIFY work). */
  feedPollMs?: number;
}

export const LATEST = 20;

/** A case as the board shows it; `colour` only for open cases with a running limit. */
export function boardRow(c: repo.BoardRecord, now: Date) {
  return {
    id: c.id,
    number: c.number,
    categoryKey: c.categoryKey,
    categoryName: findCaseCategory(c.categoryKey)?.name ?? c.categoryKey,
    state: c.state,
    priority: c.priority,
    address: c.address,
    description: c.description,
    orgUnitId: c.orgUnitId,
    orgUnitName: c.orgUnitName,
    reportedAt: c.reportedAt,
    reportedClientAt: c.reportedClientAt,
    updatedAt: c.updatedAt,
    colour: OPEN_STATES.includes(c.state as State) ? colourOf(c, now) : null,
  };
}
export type BoardRowView = ReturnType<typeof boardRow>;

/** The path of `orgUnitId` when the actor may see that node (404 otherwise); null without a node. */
export async function nodePathOf(db: DbOrTx, actor: Actor, orgUnitId: number | undefined): Promise<string | null> {
  if (!orgUnitId) return null;
  return (await requireNode(db, actor, orgUnitId)).node.path;
}

export async function summaryAt(db: DbOrTx, actor: Actor, nodePath: string | null, now: Date, timeZone: string) {
  const dayStart = new Date(localInstant(timeZone, localDay(timeZone, now.getTime()), 0));
  const [rows, latest] = await Promise.all([repo.counts(db, actor, nodePath, now, dayStart), repo.latest(db, actor, nodePath, LATEST)]);
  const byState: Record<string, number> = {};
  const byColour = { green: 0, yellow: 0, red: 0, none: 0 };
  const today = { new: 0, closed: 0 };
  for (const r of rows) {
    byState[r.state] = (byState[r.state] ?? 0) + r.n;
    if (r.colour) byColour[r.colour as keyof typeof byColour] += r.n;
    today.new += r.reportedToday;
    today.closed += r.closedToday;
  }
  return { byState, byColour, today, latest: latest.map((c) => boardRow(c, now)), at: now };
}
export type BoardSummaryView = Awaited<ReturnType<typeof summaryAt>>;

export async function boardSummary({ db, timeZone }: BoardDeps, actor: Actor, q: { orgUnitId?: number }, now = new Date()) {
  return summaryAt(db, actor, await nodePathOf(db, actor, q.orgUnitId), now, timeZone ?? 'Asia/Shanghai');
}
