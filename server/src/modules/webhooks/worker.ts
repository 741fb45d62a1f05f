// The webhook delivery worker: sends due deliveries of the outbox, signed, and retries failures
// with backoff. Deliveries are claimed with `for update skip locked` and leased (next_attempt_at
// moved past the request timeout) before sending, so several instances never send one delivery at
// the same time and no row lock is held during HTTP; a process that dies mid-send leaves the lease
// to expire and the delivery is sent again (at least once: receivers de-duplicate by
// X-CivicGrid-Delivery).
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db } from '../../db/client.js';
import { startPeriodic, type JobLog, type JobObserver, type Periodic } from '../../jobs/periodic.js';
import { webhookDeliveries, webhooks } from './tables.js';
import { signPayload } from './signature.js';

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
  fetchImpl?: typeof fetch;
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
  status: number | null;
  error: string | null;
}

async function send(d: Claimed, crypto: FieldCrypto, opts: Required<Pick<DeliverOptions, 'now' | 'timeoutMs'>> & { fetchImpl: typeof fetch }): Promise<Outcome> {
  let secret: string;
  try {
    secret = crypto.decrypt(d.secretCipher);
  } catch {
    return { ok: false, status: null, error: 'secret cannot be opened with this field key' };
  }
  const body = JSON.stringify(d.payload);
  const timestamp = Math.floor(opts.now.getTime() / 1000);
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await opts.fetchImpl(d.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'CivicGrid-Webhook/1',
        'X-CivicGrid-Event': d.event,
        'X-CivicGrid-Delivery': String(d.id),
        'X-CivicGrid-Timestamp': String(timestamp),
        'X-CivicGrid-Signature': signPayload(secret, timestamp, body),
      },
      body,
      // A redirect is an answer to fix on the receiving side, not one to follow blindly.
      redirect: 'manual',
      signal,
    });
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: true, status: res.status, error: null };
    }
    const text = await res.text().catch(() => '');
    return { ok: false, status: res.status, error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
  } catch (err) {
    if (signal.aborted) return { ok: false, status: null, error: `no answer within ${opts.timeoutMs} ms` };
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return { ok: false, status: null, error: [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ') };
  }
}

async function record(db: Db, d: Claimed, outcome: Outcome, now: Date, random: () => number): Promise<keyof DeliverResult> {
  const attempts = d.attempts + 1;
  const pendingOnly = and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, 'pending'));
  if (outcome.ok) {
    await db.update(webhookDeliveries).set({ status: 'delivered', attempts, lastStatus: outcome.status, lastError: null, deliveredAt: now }).where(pendingOnly);
    return 'delivered';
  }
  const lastError = outcome.error?.slice(0, 500) ?? null;
  if (attempts >= MAX_ATTEMPTS) {
    await db.update(webhookDeliveries).set({ status: 'failed', attempts, lastStatus: outcome.status, lastError }).where(pendingOnly);
    return 'failed';
  }
  const nextAttemptAt = new Date(now.getTime() + backoffMs(attempts, random));
  await db.update(webhookDeliveries).set({ attempts, lastStatus: outcome.status, lastError, nextAttemptAt }).where(pendingOnly);
  return 'retried';
}

/** Sends the deliveries due at `now` (one batch of at most BATCH) and records each outcome. */
export async function deliverDue(db: Db, crypto: FieldCrypto, opts: DeliverOptions): Promise<DeliverResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const fetchImpl = opts.fetchImpl ?? fetch;
  const random = opts.random ?? Math.random;
  // The lease outlasts the slowest batch: every lane's requests timing out one after another.
  const due = await claimDue(db, opts.now, timeoutMs * Math.ceil(BATCH / PARALLEL) + 60_000);
  const result: DeliverResult = { delivered: 0, retried: 0, failed: 0 };
  let next = 0;
  const lane = async () => {
    while (next < due.length) {
      const d = due[next++]!;
      const outcome = await send(d, crypto, { now: opts.now, timeoutMs, fetchImpl });
      result[await record(db, d, outcome, opts.now, random)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, due.length) }, lane));
  return result;
}

export interface WebhookWorkerOptions {
  intervalMs: number;
  timeoutMs?: number;
  log: JobLog;
  /** Told of each run (the metrics). */
  observe?: JobObserver;
}

/**
 * Delivers every `intervalMs` (first at once); a run still going makes the next tick skip. A full
 * batch is followed at once by the next one. `stop()` resolves once the run in flight has finished.
 */
export function startWebhookWorker(db: Db, crypto: FieldCrypto, opts: WebhookWorkerOptions): Periodic {
  return startPeriodic('webhook delivery', opts.intervalMs, opts.log, async (stopped) => {
    for (;;) {
      const r = await deliverDue(db, crypto, { now: new Date(), timeoutMs: opts.timeoutMs });
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
