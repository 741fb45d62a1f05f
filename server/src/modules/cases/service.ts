// Reading cases: the case page (with the steps this actor may take now), queues, lists, meta.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { caseCategories, type CaseCategory } from '../../../../core/src/cases/categories.js';
import { parseCaseNumber } from '../../../../core/src/cases/case-number.js';
import { CASE_PRIORITIES } from '../../../../core/src/cases/priorities.js';
import { CASE_SOURCES } from '../../../../core/src/cases/sources.js';
import { allowedActions, RATINGS, STATES, STEPS, TRANSITIONS, type State } from '../../../../core/src/cases/workflow.js';
import type { Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import { cases } from './tables.js';
import { loadCaseRules, proposeUnit } from '../case-config/index.js';
import { requireNode } from '../territory/index.js';
import { notFound } from '../../errors.js';
import { findDuplicates } from './duplicates.js';
import type { CaseDeps } from './intake.js';
import { namesFor, presentDetail, presentRow, type DetailExtras } from './present.js';
import { flagsOf, membershipOf, relationsOf } from './relations.js';
import * as repo from './repo.js';
import { QUEUES, type ListInput, type Queue } from './schema.js';
import { under } from '../../scope/index.js';

const caseNotFound = () => notFound({ zh: '案件', en: 'Case' });

const QUEUE_LABELS: Record<Queue, [string, string]> = {
  new: ['待受理', 'New'],
  dispatch: ['待派遣', 'To dispatch'],
  returned: ['已退回', 'Returned'],
  extensions: ['延期审批', 'Extension requests'],
  overdue: ['超期', 'Overdue'],
  at_risk: ['即将超期', 'At risk'],
  supervised: ['督办', 'Supervised'],
  suspended: ['挂账', 'Suspended'],
  inbox: ['我的待办', 'My inbox'],
  handling: ['本单位办理', 'My units’ cases'],
  coordinating: ['协办', 'Coordinating'],
  verify: ['待核查', 'To verify'],
  mine: ['我上报的', 'Reported by me'],
  closed: ['已办结', 'Finished'],
  all: ['全部', 'All'],
};

// States where the dispatcher is about to choose a unit: the page proposes one.
const DISPATCHING: readonly State[] = ['registered', 'returned', 'dispatched'];

/** A category as the console and the field app get it (schema.ts CaseCategory), with its priority here. */
export function categoryView(c: CaseCategory, setting: { priority: string }) {
  return { key: c.key, kind: c.kind, code: c.code, classCode: c.classCode, className: c.className, name: c.name, priority: setting.priority };
}

export async function meta(deps: CaseDeps) {
  const rules = await loadCaseRules(deps.db, deps.timeZone);
  return {
    states: STATES.map((s) => ({ key: s.key, zh: s.zh, en: s.en })),
    actions: TRANSITIONS.map((t) => ({ key: t.action, zh: t.zh, en: t.en, requires: [...t.requires] })),
    sources: CASE_SOURCES.map((s) => ({ ...s })),
    priorities: CASE_PRIORITIES.map((p) => ({ key: p.key, zh: p.zh, en: p.en })),
    ratings: RATINGS.map((r) => ({ ...r })),
    steps: STEPS.map((s) => ({ ...s })),
    queues: QUEUES.map((q) => ({ key: q, zh: QUEUE_LABELS[q][0], en: QUEUE_LABELS[q][1] })),
    categories: caseCategories().flatMap((c) => {
      const setting = rules.setting(c.key);
      if (!setting?.enabled) return [];
      return [categoryView(c, setting)];
    }),
  };
}

/** The case page for this actor: the steps they may take now, and a proposed unit while dispatching. */
export async function caseDetail(deps: CaseDeps, actor: Actor, c: repo.CaseRecord, fresh?: DetailExtras['fresh'], db: DbOrTx = deps.db, now = new Date()) {
  const member = await membershipOf(db, actor);
  const [relations, flags] = await Promise.all([relationsOf(db, actor, c, member), flagsOf(db, c)]);
  const allowed = allowedActions(c.state as State, { roles: actor.roles, relations }, flags);
  let proposed: { type: string; id: number; reason: string } | null = null;
  if (DISPATCHING.includes(c.state as State) && allowed.includes('dispatch')) {
    const p = await proposeUnit(db, c.categoryKey, c.orgPath);
    if (p) proposed = { ...p.unit, reason: p.reason };
  }
  return presentDetail(db, deps.crypto, actor, c, { allowed, proposedUnit: proposed, fresh }, now);
}

export async function getCase(deps: CaseDeps, actor: Actor, id: number) {
  const c = await repo.findCase(deps.db, actor, id);
  if (!c) throw caseNotFound();
  return caseDetail(deps, actor, c);
}

export async function duplicatesOf(deps: CaseDeps, actor: Actor, id: number) {
  const c = await repo.findCase(deps.db, actor, id);
  if (!c) throw caseNotFound();
  return { items: await findDuplicates(deps.db, actor, { id: c.id, categoryKey: c.categoryKey, description: c.description, lng: c.lng, lat: c.lat, at: c.reportedAt }) };
}

function colourCondition(colour: 'green' | 'yellow' | 'red', now: Date): SQL {
  const iso = now.toISOString();
  if (colour === 'red') return sql`${cases.deadlineAt} <= ${iso}`;
  if (colour === 'yellow') return sql`${cases.deadlineWarnAt} <= ${iso} and ${cases.deadlineAt} > ${iso}`;
  return sql`${cases.deadlineAt} > ${iso} and (${cases.deadlineWarnAt} is null or ${cases.deadlineWarnAt} > ${iso})`;
}

export async function listCases(deps: CaseDeps, actor: Actor, q: ListInput, now = new Date()) {
  const where: SQL[] = [];
  const member = q.queue === 'inbox' || q.queue === 'handling' || q.queue === 'coordinating' || q.queue === 'verify' ? await membershipOf(deps.db, actor) : { unitKeys: [], gridIds: [] };
  if (q.queue) where.push(repo.queueCondition(q.queue, actor, member, now));
  if (q.state) where.push(eq(cases.state, q.state));
  if (q.orgUnitId) {
    const { node } = await requireNode(deps.db, actor, q.orgUnitId);
    where.push(under(cases.orgPath, node.path));
  }
  if (q.categoryKey) where.push(eq(cases.categoryKey, q.categoryKey));
  if (q.source) where.push(eq(cases.source, q.source));
  if (q.priority) where.push(eq(cases.priority, q.priority));
  if (q.colour) where.push(colourCondition(q.colour, now));
  const text = q.q?.trim();
  if (text) {
    where.push(parseCaseNumber(text) ? eq(cases.number, text) : sql`(${cases.description} ilike ${containsPattern(text)} or ${cases.address} ilike ${containsPattern(text)})`);
  }
  const { items, total } = await repo.listCases(deps.db, actor, { where, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  const names = await namesFor(deps.db, items);
  return { items: items.map((c) => presentRow(c, names, now)), total };
}

/** Counts per queue for the console's tabs. */
export async function queueCounts(deps: CaseDeps, actor: Actor, now = new Date()) {
  const member = await membershipOf(deps.db, actor);
  const counted = QUEUES.filter((q) => q !== 'all' && q !== 'closed');
  const values = await Promise.all(counted.map((q) => repo.countWhere(deps.db, actor, and(repo.queueCondition(q, actor, member, now))!)));
  return { counts: Object.fromEntries(counted.map((q, i) => [q, values[i]!])) };
}
