// The time limits of proxy requests in the one deadline scan (case-config/deadline-scan.ts): when the
// running step (受理, 办理, 归档) turns yellow the agent hears of it, when it turns red the agent and the
// community secretaries over the grid do — once per step and colour: `warned_at` / `overdue_at` are
// set here and cleared when a new step starts (requests.ts `save`). Each notice is a timeline row.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { PROXY_OPEN, PROXY_STEPS } from '../../../../core/src/proxy/workflow.js';
import type { Tx } from '../../db/client.js';
import type { DeadlineKind, DeadlineSource } from '../case-config/index.js';
import { notifyUsers } from '../notifications/index.js';
import { communitySecretaries } from './requests.js';
import { proxyRequestEvents, proxyRequests } from './tables.js';

const SYSTEM_NAME = '系统';

function claim(tx: Tx, kind: DeadlineKind, now: Date, limit: number) {
  const open = inArray(proxyRequests.state, [...PROXY_OPEN]);
  const due =
    kind === 'warn'
      ? // A request already late gets the overdue notice only, not a warning first.
        and(open, isNull(proxyRequests.warnedAt), lte(proxyRequests.deadlineWarnAt, now), or(isNull(proxyRequests.deadlineAt), gt(proxyRequests.deadlineAt, now)))
      : and(open, isNull(proxyRequests.overdueAt), isNotNull(proxyRequests.deadlineAt), lte(proxyRequests.deadlineAt, now));
  return tx
    .select({ id: proxyRequests.id, number: proxyRequests.number, state: proxyRequests.state, orgPath: proxyRequests.orgPath, agentId: proxyRequests.agentId, step: proxyRequests.deadlineStep, deadlineAt: proxyRequests.deadlineAt })
    .from(proxyRequests)
    .where(due)
    .orderBy(asc(kind === 'warn' ? proxyRequests.deadlineWarnAt : proxyRequests.deadlineAt), asc(proxyRequests.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}
type Claimed = Awaited<ReturnType<typeof claim>>[number];

async function raise(tx: Tx, kind: DeadlineKind, r: Claimed, now: Date) {
  const step = PROXY_STEPS.find((s) => s.key === r.step) ?? { zh: '办理', en: 'Handle' };
  await tx
    .update(proxyRequests)
    .set(kind === 'warn' ? { warnedAt: now } : { overdueAt: now, warnedAt: sql`coalesce(${proxyRequests.warnedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(proxyRequests.id, r.id));
  await tx.insert(proxyRequestEvents).values({
    requestId: r.id,
    at: now,
    actorUserId: null,
    actorName: SYSTEM_NAME,
    action: kind,
    fromState: r.state,
    toState: r.state,
    data: { step: r.step, dueAt: r.deadlineAt?.toISOString() ?? null },
    deadlineAt: r.deadlineAt,
  });
  const recipients = kind === 'warn' ? [r.agentId] : [r.agentId, ...(await communitySecretaries(tx, r.orgPath))];
  await notifyUsers(
    tx,
    recipients,
    kind === 'warn'
      ? { kind: 'proxy.warning', titleZh: `代办 ${r.number} ${step.zh}时限即将到期`, titleEn: `Proxy request ${r.number} is nearly due (${step.en.toLowerCase()})` }
      : { kind: 'proxy.overdue', titleZh: `代办 ${r.number} ${step.zh}已超时`, titleEn: `Proxy request ${r.number} is overdue (${step.en.toLowerCase()})` },
  );
}

/** The proxy requests' deadlines, for the deadline scan. */
export const PROXY_DEADLINES: DeadlineSource<Claimed> = { name: 'proxy requests', claim, raise };
