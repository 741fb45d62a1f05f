// The deadline scan: warns the holder of an open case when most of its time is used, and the holder
// and the dispatchers of its level when it is late. Everything it knows is in the cases table
// (warned_at / overdue_at), so it survives restarts; rows are claimed with `for update skip
// locked`, so two server instances scanning at once never notify twice.
// Other workflows with time limits (proxy requests) bring a `DeadlineSource` of their own — what to
// claim and how to raise a notice — and the one scan runs them all in the same loop and job.
import { and, asc, gt, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { OPEN_STATES, STEPS } from '../../../../core/src/cases/workflow.js';
import type { Db, Tx } from '../../db/client.js';
import { startPeriodic, type JobLog, type JobObserver, type Periodic } from '../../jobs/periodic.js';
import { cases, dispatchersOf, holderRecipients, recordDeadlineNotice } from '../cases/index.js';
import { notifyUsers } from '../notifications/index.js';
import { enqueueWebhookEvent } from '../webhooks/index.js';

const BATCH = 500;
const SYSTEM_NAME = '系统';

export type DeadlineKind = 'warn' | 'overdue';
type Kind = DeadlineKind;
type Claimed = Awaited<ReturnType<typeof claim>>[number];

/**
 * What a workflow gives the scan: `claim` up to `limit` rows due for a notice of `kind` at `now`
 * (`for update skip locked`; a row already late gets the overdue notice only), and `raise` marks one
 * row (so it is not claimed again for the same step) and tells the people concerned.
 */
export interface DeadlineSource<Row> {
  name: string;
  claim(tx: Tx, kind: DeadlineKind, now: Date, limit: number): Promise<Row[]>;
  raise(tx: Tx, kind: DeadlineKind, row: Row, now: Date): Promise<void>;
}

const stepLabel = (step: string | null) => STEPS.find((s) => s.key === step) ?? { zh: '办理', en: 'handling' };

function claim(tx: Tx, kind: Kind, now: Date, limit = BATCH) {
  const open = inArray(cases.state, [...OPEN_STATES]);
  const due =
    kind === 'warn'
      ? // A case already late gets the overdue notice only, not a warning first.
        and(open, isNull(cases.warnedAt), lte(cases.deadlineWarnAt, now), or(isNull(cases.deadlineAt), gt(cases.deadlineAt, now)))
      : and(open, isNull(cases.overdueAt), isNotNull(cases.deadlineAt), lte(cases.deadlineAt, now));
  return tx
    .select({
      id: cases.id,
      number: cases.number,
      state: cases.state,
      categoryKey: cases.categoryKey,
      priority: cases.priority,
      orgUnitId: cases.orgUnitId,
      holderPath: cases.holderPath,
      handlingUnitType: cases.handlingUnitType,
      handlingUnitId: cases.handlingUnitId,
      step: cases.deadlineStep,
      deadlineAt: cases.deadlineAt,
    })
    .from(cases)
    .where(due)
    .orderBy(asc(kind === 'warn' ? cases.deadlineWarnAt : cases.deadlineAt), asc(cases.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

async function raise(tx: Tx, kind: Kind, c: Claimed, now: Date) {
  const step = stepLabel(c.step);
  const dueAt = c.deadlineAt?.toISOString() ?? null;
  await recordDeadlineNotice(tx, kind, c, now, SYSTEM_NAME);
  const holders = await holderRecipients(tx, c);
  const recipients = kind === 'warn' ? holders : [...holders, ...(await dispatchersOf(tx, c.holderPath))];
  await notifyUsers(
    tx,
    recipients,
    kind === 'warn'
      ? { caseId: c.id, kind: 'case.warning', titleZh: `案件 ${c.number} ${step.zh}时限即将到期`, titleEn: `Case ${c.number} is nearly due (${step.en.toLowerCase()})` }
      : { caseId: c.id, kind: 'case.overdue', titleZh: `案件 ${c.number} ${step.zh}已超时`, titleEn: `Case ${c.number} is overdue (${step.en.toLowerCase()})` },
  );
  await enqueueWebhookEvent(tx, kind === 'warn' ? 'case.warning' : 'case.overdue', {
    id: c.id,
    number: c.number,
    state: c.state,
    categoryKey: c.categoryKey,
    priority: c.priority,
    step: c.step,
    dueAt,
  });
}

/** The cases' deadlines: the first source of every scan. */
export const CASE_DEADLINES: DeadlineSource<Claimed> = { name: 'cases', claim, raise };

async function scanKind<Row>(db: Db, source: DeadlineSource<Row>, kind: Kind, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const rows = await source.claim(tx, kind, now, BATCH);
      for (const row of rows) await source.raise(tx, kind, row, now);
      return rows.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}

/**
 * One scan at `now`: overdue notices for late rows, then warnings for rows past their warn instant,
 * of the cases and of every other source given; answers the totals.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each source keeps its own row type
export async function scanDeadlines(db: Db, now: Date, others: readonly DeadlineSource<any>[] = []): Promise<{ warned: number; overdue: number }> {
  let [warned, overdue] = [0, 0];
  for (const source of [CASE_DEADLINES, ...others]) {
    overdue += await scanKind(db, source, 'overdue', now);
    warned += await scanKind(db, source, 'warn', now);
  }
  return { warned, overdue };
}

export interface DeadlineScanOptions {
  intervalMs: number;
  /** The deployment's zone; the scan compares instants, so it is kept for the log only. */
  timeZone: string;
  log: JobLog;
  /** Told of each run (the metrics). */
  observe?: JobObserver;
  /** Deadlines of other workflows, scanned after the cases' (proxy requests). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each source keeps its own row type
  sources?: readonly DeadlineSource<any>[];
  /**
   * Other work due on the same tick that runs its own transactions (late service orders become
   * cases through the intake writer, which cannot run inside a claiming transaction).
   */
  also?: readonly DeadlineScanner[];
}

/** A scan of another workflow's limits: answers how many subjects it acted on. */
export interface DeadlineScanner {
  name: string;
  scan(now: Date): Promise<number>;
}

/**
 * Scans every `intervalMs` (first at once); a scan still running makes the next tick skip.
 * `stop()` resolves once a scan in flight has finished, so the database can be closed after it.
 */
export function startDeadlineScan(db: Db, opts: DeadlineScanOptions): Periodic {
  return startPeriodic(db, 'deadline scan', opts.intervalMs, opts.log, async () => {
    const now = new Date();
    const r = await scanDeadlines(db, now, opts.sources);
    if (r.warned + r.overdue > 0) opts.log.info?.({ ...r, timeZone: opts.timeZone }, 'deadline scan');
    for (const other of opts.also ?? []) {
      const n = await other.scan(now);
      if (n > 0) opts.log.info?.({ [other.name]: n, timeZone: opts.timeZone }, 'deadline scan');
    }
  }, opts.observe);
}
