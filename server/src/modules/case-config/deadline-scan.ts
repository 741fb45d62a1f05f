// The deadline scan: warns the holder of an open case when most of its time is used, and the holder
// and the dispatchers of its level when it is late. Everything it knows is in the cases table
// (warned_at / overdue_at), so it survives restarts; rows are claimed with `for update skip
// locked`, so two server instances scanning at once never notify twice.
import { and, asc, gt, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { OPEN_STATES, STEPS } from '../../../../core/src/cases/workflow.js';
import type { Db, Tx } from '../../db/client.js';
import { startPeriodic, type JobLog, type JobObserver, type Periodic } from '../../jobs/periodic.js';
import { cases, dispatchersOf, holderRecipients, recordDeadlineNotice } from '../cases/index.js';
import { notifyUsers } from '../notifications/index.js';
import { enqueueWebhookEvent } from '../webhooks/index.js';

const BATCH = 500;
const SYSTEM_NAME = '系统';

type Kind = 'warn' | 'overdue';
type Claimed = Awaited<ReturnType<typeof claim>>[number];

const stepLabel = (step: string | null) => STEPS.find((s) => s.key === step) ?? { zh: '办理', en: 'handling' };

function claim(tx: Tx, kind: Kind, now: Date) {
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
    .limit(BATCH)
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

async function scanKind(db: Db, kind: Kind, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const rows = await claim(tx, kind, now);
      for (const c of rows) await raise(tx, kind, c, now);
      return rows.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}

/** One scan at `now`: warnings for cases past their warn instant, overdue notices for late ones. */
export async function scanDeadlines(db: Db, now: Date): Promise<{ warned: number; overdue: number }> {
  const overdue = await scanKind(db, 'overdue', now);
  const warned = await scanKind(db, 'warn', now);
  return { warned, overdue };
}

export interface DeadlineScanOptions {
  intervalMs: number;
  /** The deployment's zone; the scan compares instants, so it is kept for the log only. */
  timeZone: string;
  log: JobLog;
  /** Told of each run (the metrics). */
  observe?: JobObserver;
  /** Other workflows' late work, scanned on the same tick after the cases (e.g. late service orders). */
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
    const r = await scanDeadlines(db, now);
    if (r.warned + r.overdue > 0) opts.log.info?.({ ...r, timeZone: opts.timeZone }, 'deadline scan');
    for (const other of opts.also ?? []) {
      const n = await other.scan(now);
      if (n > 0) opts.log.info?.({ [other.name]: n, timeZone: opts.timeZone }, 'deadline scan');
    }
  }, opts.observe);
}
