// The webhook delivery worker: sends due deliveries of the outbox, signed, and retries failures
// with backoff. Deliveries are claimed with `for update skip locked` and leased (next_attempt_at
// moved past the request timeout) before sending, so several instances never send one delivery at
// the same time and no row lock is held during HTTP; a process that dies mid-send leaves the lease
// to expire and the delivery is sent again (at least once: receivers de-duplicate by
// X-CivicGrid-Delivery). Before every attempt the target is checked (targets.ts) and the request
// connects to the address checked (pinned-post.ts); a forbidden target is a failed attempt that
// sends nothing. Redirects are not followed.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db } from '../../db/client.js';
import { startPeriodic, type JobLog, type JobObserver, type Periodic } from '../../jobs/periodic.js';
import { webhookDeliveries, webhooks } from './tables.js';
import { signPayload } from './signature.js';
import { postPinned } from './pinned-post.js';
import { checkTarget, parseTargetUrl, TARGET_RULES, URL_PROBLEMS, type TargetPolicy } from './targets.js';

export { signPayload, verifySignature } from './signature.js';

/** Waits after the 1st … 5th failed attempt; the 6th failure gives up ('failed'). */
export const BACKOFF_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000] as const;
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
export const BATCH = 50;
/** Requests sent at the same time within a batch. */
const PARALLEL = 8;
const JITTER = 0.1;

export interface DeliverOptions {
  now: Date;
  /** Where deliveries may go (WEBHOOK_ALLOW_HOSTS and the resolver): checked before every attempt. */
  targets: TargetPolicy;
  /** Per request, connection to answer (default 10 s). */
  timeoutMs?: number;
  /** In [0, 1): the jitter draw (tests pin it). */
  random?: () => number;
}

export interface DeliverResult {
  delivered: number;
  retried: number;
  failed: number;
}

/** The wait after `attempts` failed attempts, ±10 % so that many failures do not retry in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = BACKOFF_MS[Math.min(Math.max(attempts, 1), BACKOFF_MS.length) - 1]!;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

interface Claimed {
  id: number;
  event: string;
  payload: unknown;
  attempts: number;
  url: string;
  secretCipher: string;
}

/** Claims up to BATCH due deliveries of active webhooks and leases them until the requests are over. */
async function claimDue(db: Db, now: Date, leaseMs: number): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: webhookDeliveries.id,
        event: webhookDeliveries.event,
        payload: webhookDeliveries.payload,
        attempts: webhookDeliveries.attempts,
        url: webhooks.url,
        secretCipher: webhooks.secretCipher,
      })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now), eq(webhooks.active, true)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(BATCH)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (due.length) {
      const lease = new Date(now.getTime() + leaseMs);
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: lease })
        .where(sql`${webhookDeliveries.id} = any(${`{${due.map((d) => d.id).join(',')}}`}::bigint[])`);
    }
    return due;
  });
}

interface Outcome {
  ok: boolean;
  /** The HTTP status, null when there was no answer. */
  status: number | null;
  /** The status line the delivery log keeps (RESULT_MAX characters at most). */
  result: string;
}

/**
 * The delivery log keeps a status line only — `200 OK`, `503 Service Unavailable`,
 * `timeout: no answer within 10000 ms`, `refused: loopback address` — never what the receiver
 * answered in its body (it may be an inside page), and at most this many characters.
 */
export const RESULT_MAX = 100;
const statusLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, RESULT_MAX);

async function send(d: Claimed, crypto: FieldCrypto, opts: Required<Pick<DeliverOptions, 'now' | 'timeoutMs' | 'targets'>>): Promise<Outcome> {
  let secret: string;
  try {
    secret = crypto.decrypt(d.secretCipher);
  } catch {
    return { ok: false, status: null, result: 'error: secret cannot be opened with this field key' };
  }
  // Checked before every attempt, not only when the URL was saved: DNS answers change.
  const parsed = parseTargetUrl(d.url);
  if ('problem' in parsed) return { ok: false, status: null, result: statusLine(`refused: ${URL_PROBLEMS[parsed.problem].en}`) };
  const target = await checkTarget(parsed.url, opts.targets);
  if (!target.ok) return { ok: false, status: null, result: `refused: ${TARGET_RULES[target.rule].en}` };

  const body = JSON.stringify(d.payload);
  const timestamp = Math.floor(opts.now.getTime() / 1000);
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await postPinned(target.url, target.address, {
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'CivicGrid-Webhook/1',
        'X-CivicGrid-Event': d.event,
        'X-CivicGrid-Delivery': String(d.id),
        'X-CivicGrid-Timestamp': String(timestamp),
        'X-CivicGrid-Signature': signPayload(secret, timestamp, body),
      },
      body,
      signal,
    });
    const line = `${res.status} ${res.statusText.slice(0, 40)}`;
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, result: statusLine(line) };
    // A redirect is not followed: the next hop would be a target nobody checked (an inside
    // address, say). It is a failed attempt, for the receiving side to fix its URL.
    if (res.status >= 300 && res.status < 400) return { ok: false, status: res.status, result: statusLine(`${line} (redirect not followed)`) };
    return { ok: false, status: res.status, result: statusLine(line) };
  } catch (err) {
    if (signal.aborted) return { ok: false, status: null, result: `timeout: no answer within ${opts.timeoutMs} ms` };
    const e = err as Error & { code?: string };
    return { ok: false, status: null, result: statusLine(`error: ${e.code ?? e.message}`) };
  }
}

async function record(db: Db, d: Claimed, outcome: Outcome, now: Date, random: () => number): Promise<keyof DeliverResult> {
  const attempts = d.attempts + 1;
  const pendingOnly = and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, 'pending'));
  if (outcome.ok) {
    await db.update(webhookDeliveries).set({ status: 'delivered', attempts, lastStatus: outcome.status, lastResult: outcome.result, deliveredAt: now }).where(pendingOnly);
    return 'delivered';
  }
  const lastResult = outcome.result;
  if (attempts >= MAX_ATTEMPTS) {
    await db.update(webhookDeliveries).set({ status: 'failed', attempts, lastStatus: outcome.status, lastResult }).where(pendingOnly);
    return 'failed';
  }
  const nextAttemptAt = new Date(now.getTime() + backoffMs(attempts, random));
  await db.update(webhookDeliveries).set({ attempts, lastStatus: outcome.status, lastResult, nextAttemptAt }).where(pendingOnly);
  return 'retried';
}

/** Sends the deliveries due at `now` (one batch of at most BATCH) and records each outcome. */
export async function deliverDue(db: Db, crypto: FieldCrypto, opts: DeliverOptions): Promise<DeliverResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const random = opts.random ?? Math.random;
  // The lease outlasts the slowest batch: every lane's requests timing out one after another.
  const due = await claimDue(db, opts.now, timeoutMs * Math.ceil(BATCH / PARALLEL) + 60_000);
  const result: DeliverResult = { delivered: 0, retried: 0, failed: 0 };
  let next = 0;
  const lane = async () => {
    while (next < due.length) {
      const d = due[next++]!;
      const outcome = await send(d, crypto, { now: opts.now, timeoutMs, targets: opts.targets });
      result[await record(db, d, outcome, opts.now, random)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, due.length) }, lane));
  return result;
}

export interface WebhookWorkerOptions {
  intervalMs: number;
  timeoutMs?: number;
  targets: TargetPolicy;
  log: JobLog;
  /** Told of each run (the metrics). */
  observe?: JobObserver;
}

/**
 * Delivers every `intervalMs` (first at once); a run still going makes the next tick skip. A full
 * batch is followed at once by the next one. `stop()` resolves once the run in flight has finished.
 */
export function startWebhookWorker(db: Db, crypto: FieldCrypto, opts: WebhookWorkerOptions): Periodic {
  return startPeriodic(db, 'webhook delivery', opts.intervalMs, opts.log, async (stopped) => {
    for (;;) {
      const r = await deliverDue(db, crypto, { now: new Date(), timeoutMs: opts.timeoutMs, targets: opts.targets });
      const total = r.delivered + r.retried + r.failed;
      if (total > 0) opts.log.info?.({ ...r }, 'webhook deliveries');
      if (total < BATCH || stopped()) return;
    }
  }, opts.observe);
}

export interface OutboxStats {
  pending: number;
  /** Pending and due now (not waiting for a backoff). */
  due: number;
  /** Age of the oldest pending delivery in seconds; 0 when none is pending. */
  oldestPendingS: number;
}

/** The outbox at a glance, for /metrics: one query on the pending rows (partial index). */
export async function outboxStats(db: Db, now = new Date()): Promise<OutboxStats> {
  // Unscoped: webhooks are deployment-wide and these are counts, not rows.
  const [row] = await db
    .select({
      pending: sql<number>`count(*)::int`,
      due: sql<number>`(count(*) filter (where ${webhookDeliveries.nextAttemptAt} <= ${now.toISOString()}::timestamptz))::int`,
      oldest: sql<number | null>`extract(epoch from ${now.toISOString()}::timestamptz - min(${webhookDeliveries.createdAt}))::float8`,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, 'pending'));
  return { pending: row?.pending ?? 0, due: row?.due ?? 0, oldestPendingS: Math.max(0, row?.oldest ?? 0) };
}
