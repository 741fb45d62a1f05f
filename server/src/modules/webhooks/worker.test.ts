// The delivery worker against a real HTTP receiver on 127.0.0.1: signed deliveries, retries with
// backoff (instants passed explicitly, no sleeping), refused connections and the last attempt.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhooks } from '../../db/schema.js';
import { startTestApp, type TestApp } from '../../../test/harness.js';
import { enqueueWebhookEvent } from './outbox.js';
import { deadPort, startReceiver, type Receiver } from './test-factories.js';
import { BACKOFF_MS, backoffMs, deliverDue, MAX_ATTEMPTS, startWebhookWorker } from './worker.js';
import { signPayload, verifySignature } from './signature.js';

const SECRET = 'b3f1c0de'.repeat(8);
const T0 = new Date('2026-11-24T09:00:00+08:00');
const plus = (ms: number) => new Date(T0.getTime() + ms);
const CASE = { id: 41, number: '20261124-0041', state: 'reported', categoryKey: 'social:S06', orgUnitName: '通信花园社区第一网格', address: '花园路92号院3号楼' };

let t: TestApp;
let receiver: Receiver;

beforeAll(async () => {
  t = await startTestApp();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});
beforeEach(async () => {
  // Each test owns the outbox: earlier webhooks are switched off, their deliveries settled.
  await t.database.db.update(webhooks).set({ active: false });
  await t.database.db.update(webhookDeliveries).set({ status: 'failed' }).where(eq(webhookDeliveries.status, 'pending'));
  receiver.received.length = 0;
  receiver.answers.length = 0;
});

async function hook(url: string) {
  const [row] = await t.database.db
    .insert(webhooks)
    .values({ name: '金水区12345热线平台', url, secretCipher: t.crypto.encrypt(SECRET), events: ['*'] })
    .returning();
  return row!;
}

async function enqueue(payload: Record<string, unknown> = CASE) {
  await t.database.db.transaction((tx) => enqueueWebhookEvent(tx, 'case.reported', payload));
  const [row] = await t.database.db.select().from(webhookDeliveries).orderBy(sql`id desc`).limit(1);
  // Due from T0 on, whatever the clock of the database says.
  await t.database.db.update(webhookDeliveries).set({ nextAttemptAt: T0 }).where(eq(webhookDeliveries.id, row!.id));
  return row!;
}

const stored = async (id: number) => (await t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;

describe('signatures', () => {
  it('signs "<timestamp>.<body>" and verifies within the tolerance', () => {
    const body = '{"event":"case.closed"}';
    const sig = signPayload(SECRET, 1795000000, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, 1795000000, body, sig, { nowSeconds: 1795000100 })).toBe(true);
    expect(verifySignature(SECRET, 1795000000, body + ' ', sig, { nowSeconds: 1795000100 })).toBe(false);
    expect(verifySignature('another secret', 1795000000, body, sig, { nowSeconds: 1795000100 })).toBe(false);
    expect(verifySignature(SECRET, 1795000000, body, sig, { nowSeconds: 1795000000 + 301 })).toBe(false);
    expect(verifySignature(SECRET, 'abc', body, sig)).toBe(false);
  });

  it('backs off 30 s, 2 min, 10 min, 1 h, 6 h with at most 10 % jitter', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, () => 0.5))).toEqual([...BACKOFF_MS]);
    expect(backoffMs(1, () => 0)).toBe(27_000);
    expect(backoffMs(1, () => 0.999999)).toBeLessThanOrEqual(33_000);
  });
});

describe('deliverDue', () => {
  it('delivers a signed POST and marks it delivered', async () => {
    const h = await hook(receiver.url);
    const d = await enqueue();
    expect(await deliverDue(t.database.db, t.crypto, { now: T0 })).toEqual({ delivered: 1, retried: 0, failed: 0 });

    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-civicgrid-event']).toBe('case.reported');
    expect(headers['x-civicgrid-delivery']).toBe(String(d.id));
    const ts = headers['x-civicgrid-timestamp'] as string;
    expect(ts).toBe(String(Math.floor(T0.getTime() / 1000)));
    expect(verifySignature(SECRET, ts, body, headers['x-civicgrid-signature'] as string, { nowSeconds: Number(ts) })).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ event: 'case.reported', data: CASE });

    expect(await stored(d.id)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, lastError: null, deliveredAt: T0 });
    // Delivered once: a second run finds nothing due.
    expect(await deliverDue(t.database.db, t.crypto, { now: plus(60_000) })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(h.active).toBe(true);
  });

  it('retries a 500 after the backoff, then delivers', async () => {
    await hook(receiver.url);
    const d = await enqueue();
    receiver.answers.push(500);
    expect(await deliverDue(t.database.db, t.crypto, { now: T0, random: () => 0.5 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    let row = await stored(d.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    expect(row.lastError).toContain('HTTP 500');
    expect(row.nextAttemptAt).toEqual(plus(30_000));

    // Not due before the backoff has passed.
    expect(await deliverDue(t.database.db, t.crypto, { now: plus(29_000) })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);

    expect(await deliverDue(t.database.db, t.crypto, { now: plus(30_000) })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    row = await stored(d.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    expect(receiver.received.map((r) => r.headers['x-civicgrid-delivery'])).toEqual([String(d.id), String(d.id)]);
  });

  it('records a refused connection, and gives up after the last attempt', async () => {
    await hook(`http://127.0.0.1:${await deadPort()}/hook`);
    const d = await enqueue();
    let now = T0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await deliverDue(t.database.db, t.crypto, { now, random: () => 0.5 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
      const row = await stored(d.id);
      expect(row).toMatchObject({ status: 'pending', attempts: attempt, lastStatus: null });
      expect(row.lastError).toMatch(/ECONNREFUSED|fetch failed/);
      expect(row.nextAttemptAt.getTime() - now.getTime()).toBe(BACKOFF_MS[attempt - 1]);
      now = row.nextAttemptAt;
    }
    expect(await deliverDue(t.database.db, t.crypto, { now })).toEqual({ delivered: 0, retried: 0, failed: 1 });
    expect(await stored(d.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(await deliverDue(t.database.db, t.crypto, { now: plus(30 * 86_400_000) })).toEqual({ delivered: 0, retried: 0, failed: 0 });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    await hook(receiver.url);
    const d = await enqueue();
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    expect(await deliverDue(t.database.db, t.crypto, { now: T0, fetchImpl: hanging, timeoutMs: 50 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect((await stored(d.id)).lastError).toBe('no answer within 50 ms');
  });

  it('sends nothing for a deactivated webhook; its deliveries wait', async () => {
    const h = await hook(receiver.url);
    const d = await enqueue();
    await t.database.db.update(webhooks).set({ active: false }).where(eq(webhooks.id, h.id));
    expect(await deliverDue(t.database.db, t.crypto, { now: T0 })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(await stored(d.id)).toMatchObject({ status: 'pending', attempts: 0 });
    await t.database.db.update(webhooks).set({ active: true }).where(eq(webhooks.id, h.id));
    expect(await deliverDue(t.database.db, t.crypto, { now: T0 })).toEqual({ delivered: 1, retried: 0, failed: 0 });
  });

  it('two runs at once send each delivery once', async () => {
    await hook(receiver.url);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueue({ ...CASE, id: 100 + i })).id);
    const [a, b] = await Promise.all([deliverDue(t.database.db, t.crypto, { now: T0 }), deliverDue(t.database.db, t.crypto, { now: T0 })]);
    expect(a.delivered + b.delivered).toBe(5);
    expect(receiver.received.map((r) => r.headers['x-civicgrid-delivery']).sort()).toEqual(ids.map(String).sort());
  });
});

describe('startWebhookWorker', () => {
  it('delivers what is due and stops cleanly', async () => {
    await hook(receiver.url);
    const d = await enqueue();
    // The worker reads the clock: make the delivery due whatever the clock says.
    await t.database.db.update(webhookDeliveries).set({ nextAttemptAt: new Date(0) }).where(eq(webhookDeliveries.id, d.id));
    const errors: object[] = [];
    const worker = startWebhookWorker(t.database.db, t.crypto, { intervalMs: 60_000, log: { error: (obj) => errors.push(obj) } });
    await worker.stop(); // the first run starts at once; stop() waits for it
    expect(await stored(d.id)).toMatchObject({ status: 'delivered' });
    expect(errors).toEqual([]);
  });
});
