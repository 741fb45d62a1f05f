// Stored deadlines follow the rules: when limits, calendar days or office hours change, every open
// case's running deadline is recomputed from its step's start, in the transaction of the change.
import { and, asc, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { isCasePriority, DEFAULT_PRIORITY } from '../../../../core/src/cases/priorities.js';
import { OPEN_STATES, STEPS, type Step } from '../../../../core/src/cases/workflow.js';
import type { DbOrTx } from '../../db/client.js';
import { cases } from '../cases/index.js';
import { deadlineFor, type CaseRules } from './rules.js';

const BATCH = 500;
const isStep = (s: string): s is Step => STEPS.some((x) => x.key === s);

/** An approved extension (延期) fixes the deadline to a date: the rules no longer decide it. */
export const isExtended = (limit: unknown) => typeof limit === 'object' && limit !== null && 'extendedTo' in limit;

/**
 * Recomputes deadline_at / deadline_warn_at of the open cases with a running clock; clears
 * warned_at / overdue_at where the new instants lie ahead of `now` again. Returns how many moved.
 * Unscoped on purpose: configuration is deployment-wide and so are the deadlines it governs.
 */
export async function recomputeDeadlines(tx: DbOrTx, rules: CaseRules, now: Date): Promise<number> {
  let moved = 0;
  let afterId = 0;
  for (;;) {
    const rows = await tx
      .select({
        id: cases.id,
        categoryKey: cases.categoryKey,
        priority: cases.priority,
        step: cases.deadlineStep,
        startedAt: cases.deadlineStartedAt,
        deadlineAt: cases.deadlineAt,
        warnAt: cases.deadlineWarnAt,
        limit: cases.deadlineLimit,
        warnedAt: cases.warnedAt,
        overdueAt: cases.overdueAt,
      })
      .from(cases)
      .where(and(inArray(cases.state, [...OPEN_STATES]), isNotNull(cases.deadlineStep), isNotNull(cases.deadlineStartedAt), gt(cases.id, afterId)))
      .orderBy(asc(cases.id))
      .limit(BATCH)
      .for('update');
    if (rows.length === 0) break;
    afterId = rows.at(-1)!.id;
    const changes = [];
    for (const r of rows) {
      if (!r.step || !isStep(r.step) || !r.startedAt || isExtended(r.limit)) continue;
      const d = deadlineFor(rules, r.step, r.categoryKey, isCasePriority(r.priority) ? r.priority : DEFAULT_PRIORITY, r.startedAt);
      if (r.deadlineAt?.getTime() === d.dueAt.getTime() && r.warnAt?.getTime() === d.warnAt.getTime()) continue;
      changes.push({
        id: r.id,
        due: d.dueAt.toISOString(),
        warn: d.warnAt.toISOString(),
        lim: d.limit,
        // A deadline that moved into the future again warns (and turns late) again when it comes.
        keep_warned: r.warnedAt !== null && d.warnAt.getTime() <= now.getTime(),
        keep_overdue: r.overdueAt !== null && d.dueAt.getTime() <= now.getTime(),
      });
    }
    if (changes.length > 0) {
      await tx.execute(sql`
        update cases c set
          deadline_at = v.due,
          deadline_warn_at = v.warn,
          deadline_limit = v.lim,
          warned_at = case when v.keep_warned then c.warned_at end,
          overdue_at = case when v.keep_overdue then c.overdue_at end,
          updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
          as v(id int, due timestamptz, warn timestamptz, lim jsonb, keep_warned boolean, keep_overdue boolean)
        where c.id = v.id`);
      moved += changes.length;
    }
    if (rows.length < BATCH) break;
  }
  return moved;
}
